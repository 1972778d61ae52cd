import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from '../../platform/db/sql.ts';
import { verifyAudit } from '../../platform/audit/verify-audit.ts';
import { createTestApp, type TestApp } from '../../platform/testing/test-app.ts';
import { importCatalog } from '../catalog/index.ts';
import { defaultDemoOffersFile, DemoOffersFileError } from './demo-seed-file.ts';
import { seedDemoOffers } from './seed-demo-offers.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

async function snapshot(): Promise<string> {
  const rows = await t.db.ownerTransaction(async (tx) => ({
    offices: await tx.query(sql`select tenant_id, id, name, street, opening_hours, updated_at from offices order by tenant_id, name`),
    offers: await tx.query(sql`select tenant_id, service_key, office_id, fee_cents, updated_at from offers order by tenant_id, service_key`),
    rules: await tx.query(sql`select tenant_id, service_key, municipality_id, responsible_tenant_id, updated_at from responsibility_rules order by 1, 2, 3`),
    audit: await tx.query(sql`select count(*)::int as n from audit_log`),
  }));
  return JSON.stringify(rows);
}

test('without the catalog the seed stops with a clear message and writes nothing', async (context) => {
  const services = await t.db.ownerTransaction((tx) => tx.query<{ n: number }>(sql`select count(*)::int as n from services`));
  if (services[0]!.n > 0) return context.skip('the test template already holds the catalog');
  await assert.rejects(seedDemoOffers(t.db), (error: Error) => error instanceof DemoOffersFileError && /Import the service catalog first/.test(error.message));
  const offers = await t.db.ownerTransaction((tx) => tx.query<{ n: number }>(sql`select count(*)::int as n from offers`));
  assert.equal(offers[0]!.n, 0);
});

test('the demo set: every municipality gets the common services, the Kreis its own; all demo, all audited', async () => {
  await importCatalog(t.db);
  const first = await seedDemoOffers(t.db);
  // 16 municipalities × 6 offices + 4 own Bauaufsicht + 4 Kreis offices; 16 × 11 offers + 4 building permits + 4 at the Kreis;
  // rules: 5 Kreis services × 16 + 4 building services × 16 (Kreis for 12, the town itself for 4).
  assert.deepEqual(first, { offices: 16 * 6 + 4 + 4, offers: 16 * 11 + 4 + 4, rules: 5 * 16 + 4 * 16 });
  const perMunicipality = await t.db.ownerTransaction((tx) =>
    tx.query<{ slug: string; offers: number; demo: boolean; town_hall: boolean }>(sql`
      select t.slug, count(o.service_key)::int as offers, bool_and(o.demo and f.demo) as demo,
             bool_and(f.street = t.street and f.postcode = t.postcode and f.city = t.city) as town_hall
      from tenants t join offers o on o.tenant_id = t.id join offices f on f.tenant_id = o.tenant_id and f.id = o.office_id
      group by t.slug order by t.slug`),
  );
  assert.equal(perMunicipality.length, 17);
  for (const row of perMunicipality) {
    assert.equal(row.demo, true, row.slug);
    assert.equal(row.town_hall, true, row.slug);
    const expected = row.slug === 'kreis-lippe' ? 4 : ['detmold', 'lemgo', 'bad-salzuflen', 'lage'].includes(row.slug) ? 12 : 11;
    assert.equal(row.offers, expected, row.slug);
  }
  const audits = await t.db.ownerTransaction((tx) => tx.query<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'offers.demo_seeded'`));
  assert.equal(audits[0]!.n, 17);
});

test('seeding twice changes nothing, and staff edits survive a new seed', async () => {
  const before = await snapshot();
  assert.deepEqual(await seedDemoOffers(t.db), { offices: 0, offers: 0, rules: 0 });
  assert.equal(await snapshot(), before);
  await t.db.ownerTransaction((tx) => tx.query(sql`update offers set fee_cents = 5000, demo = false where service_key = '99008001012000'`));
  await seedDemoOffers(t.db);
  const fees = await t.db.ownerTransaction((tx) => tx.query<{ fee_cents: number }>(sql`select distinct fee_cents from offers where service_key = '99008001012000'`));
  assert.deepEqual(fees, [{ fee_cents: 5000 }]);
  assert.equal((await verifyAudit(t.db)).problems.length, 0);
});

test('a broken demo file is refused before anything is written', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-offers-'));
  const data = JSON.parse(fs.readFileSync(defaultDemoOffersFile, 'utf8')) as { offices: { hours: Record<string, string> }[] };
  data.offices[0]!.hours['1'] = '12-8';
  const file = path.join(dir, 'demo.json');
  fs.writeFileSync(file, JSON.stringify(data));
  await assert.rejects(seedDemoOffers(t.db, file), /unreadable hours/);
  fs.rmSync(dir, { recursive: true, force: true });
});
