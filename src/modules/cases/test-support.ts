/** Test helpers of case processing: a published form, a filled-in application, a routed offer. */
import assert from 'node:assert/strict';
import { sql } from '../../platform/db/sql.ts';
import type { TestClient} from '../../platform/testing/test-app.ts';
import { type TestApp } from '../../platform/testing/test-app.ts';
import { createForm, publishDraft } from '../forms/store/index.ts';
import { fixture, staffOf } from '../forms/store/test-support.ts';

export const sperrmuellBase = (tenantSlug: string) => `/${tenantSlug}/antrag/sperrmuell-abholung`;
export const sperrmuellServiceKey = '99001009004002';

/** Publishes the Sperrmüll form for the tenant, and (optionally) an offer routing it to a new office with 14 processing days. */
export async function publishSperrmuell(t: TestApp, tenantSlug: string, office?: string): Promise<{ tenantId: string; officeId: string | undefined }> {
  const staff = await staffOf(t.db, tenantSlug);
  const form = await createForm(t.db, staff, fixture('sperrmuell'));
  await publishDraft(t.db, staff, form.formId);
  if (!office) return { tenantId: staff.tenantId, officeId: undefined };
  const officeId = await t.db.ownerTransaction(async (tx) => {
    await tx.query(sql`
      insert into services (key, name, slug, source_hash) values (${sperrmuellServiceKey}, 'Sperrmüll Entsorgung', 'sperrmuell-entsorgung', 'test')
      on conflict (key) do nothing`);
    const [row] = await tx.query<{ id: string }>(sql`
      insert into offices (tenant_id, name, street, postcode, city) values (${staff.tenantId}, ${office}, 'Marktplatz 5', '32756', 'Detmold') returning id`);
    await tx.query(sql`insert into offers (tenant_id, service_key, office_id, processing_days) values (${staff.tenantId}, ${sperrmuellServiceKey}, ${row?.id}, 14)`);
    return row?.id;
  });
  return { tenantId: staff.tenantId, officeId };
}

/** A citizen's browser that fills in and sends the Sperrmüll form; returns the reference. */
export async function applyForSperrmuell(client: TestClient, tenantSlug: string, person: { vorname: string; nachname: string; email: string }, description = 'Ein altes Klavier'): Promise<string> {
  const base = sperrmuellBase(tenantSlug);
  await client.get(base);
  assert.equal((await client.post(base, {})).statusCode, 303);
  const day = new Date(Date.now() + 10 * 86400_000).toISOString().slice(0, 10).split('-').reverse().join('.');
  const steps: [string, Record<string, string>][] = [
    ['kontakt', person],
    ['abholort', { 'abholanschrift.street': 'Marktplatz 5', 'abholanschrift.postcode': '32756', 'abholanschrift.place': 'Detmold' }],
    ['sperrmuellArt', { gegenstaende: 'sonstiges', sonstigesBeschreibung: description, menge: '2' }],
    ['termin', { wunschtermin: day }],
  ];
  for (const [step, fields] of steps) {
    const response = await client.post(`${base}/schritt/${step}`, fields);
    assert.equal(response.statusCode, 303, `${step}: ${response.body.slice(0, 400)}`);
  }
  await client.get(`${base}/pruefen`);
  const sent = await client.post(`${base}/absenden`, { erklaerung: 'ja' });
  assert.equal(sent.statusCode, 303);
  const reference = /ANT-\d{4}-[A-Z0-9]{6}/.exec(String(sent.headers.location))?.[0];
  assert.ok(reference);
  return reference;
}

export async function caseIdOf(t: TestApp, reference: string): Promise<string> {
  const [row] = await t.db.ownerTransaction((tx) => tx.query<{ id: string }>(sql`select id from cases where reference = ${reference}`));
  assert.ok(row, `no case for ${reference}`);
  return row.id;
}

/**
 * The status page link (path and `?zugang=`) of the newest notice mail to `email` whose subject
 * matches, after the outbox ran (the worker may deliver mails of one drain in any order).
 */
export async function noticeLinkFor(t: TestApp, email: string, subject: RegExp): Promise<{ path: string; token: string }> {
  await t.drainOutbox();
  const mail = t.mails.filter((candidate) => candidate.to === email && subject.test(candidate.subject)).at(-1);
  assert.ok(mail, `no notice to ${email}`);
  const path = /https?:\/\/[^/\s]+(\/antraege\/[^\s?]+\?zugang=[A-Za-z0-9_-]{32})/.exec(mail.text)?.[1];
  assert.ok(path, mail.text);
  return { path, token: new URL(path, 'http://x').searchParams.get('zugang') ?? '' };
}

const unescapeHtml = (text: string) => text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&amp;', '&');

/** Drafts and issues a granting Bescheid for an examined case of a service without four eyes. */
export async function issueGrantingDecision(client: TestClient, caseId: string): Promise<void> {
  const base = `/verwaltung/vorgaenge/${caseId}/bescheid`;
  await client.get(base);
  assert.equal((await client.post(`${base}/entwurf`, { outcome: 'bewilligt', language: 'de' })).statusCode, 303);
  const page = (await client.get(base)).body;
  const textarea = (name: string) => unescapeHtml(new RegExp(`<textarea[^>]* name="${name}"[^>]*>([^<]*)</textarea>`).exec(page)?.[1] ?? '');
  const issued = await client.post(base, { outcome: 'bewilligt', tenor: textarea('tenor'), reasons: '', legalRemedy: textarea('legalRemedy'), schritt: 'erlassen' });
  assert.equal(issued.statusCode, 303, issued.body.slice(0, 300));
}
