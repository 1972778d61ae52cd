import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { noScope } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';
import { createOffersTestApp, type OffersTestApp } from './test-support.ts';
import { resolveResponsibility } from './responsibility.ts';
import { listOffersOfService } from './offer-store.ts';
import { listRules, removeResponsibilityRule, setResponsibilityRule } from './responsibility-rules.ts';
import { OffersAccessError } from './access.ts';
import { addStaffUser } from '../accounts/index.ts';

let t: OffersTestApp;
before(async () => {
  t = await createOffersTestApp();
});
after(() => t.close());

const keys = {
  kfzZulassung: '99036008007000',
  fahrerlaubnis: '99023002000000',
  fuehrerscheinUmtausch: '99023001051001',
  elterngeld: '99041006000000',
  personalausweis: '99008001012000',
  reisepass: '99085001012000',
  wohnsitzAnmeldung: '99115005104000',
  gewerbeAnmeldung: '99050012104000',
  hundesteuer: '99102013000000',
  baugenehmigung: '99012008001000',
  bauvorbescheid: '99012010001000',
  wohngeld: '99107023000000',
};

// Untere Bauaufsichtsbehörden in Kreis Lippe (§ 57 Abs. 1 BauO NRW 2018): the Große (Detmold) and
// Mittlere kreisangehörige Städte (Bad Salzuflen, Lemgo, Lage) for themselves, the Kreis for the rest.
const ownBuildingAuthority = new Set(['detmold', 'bad-salzuflen', 'lemgo', 'lage']);

const resolve = (serviceKey: string, municipalityId: string) =>
  t.db.transaction(noScope, (tx) => resolveResponsibility(tx, serviceKey, municipalityId));

test('all 16 municipalities are covered', () => {
  assert.equal(t.municipalities.length, 16);
});

test('for every municipality, Kreis services resolve to Kreis Lippe with its offer and office', async () => {
  for (const municipality of t.municipalities) {
    for (const key of [keys.kfzZulassung, keys.fahrerlaubnis, keys.elterngeld]) {
      const result = await resolve(key, municipality.id);
      assert.equal(result?.tenant.slug, 'kreis-lippe', `${key} for ${municipality.slug}`);
      assert.equal(result.municipality.slug, municipality.slug);
      assert.equal(result.offer?.serviceKey, key);
      assert.equal(result.office?.tenantId, t.districtId);
      assert.ok(result.rule?.legalBasis);
    }
    // A rule on the Leistungsobjekt "Führerschein" covers its Verrichtungen without an own rule.
    const umtausch = await resolve(keys.fuehrerscheinUmtausch, municipality.id);
    assert.equal(umtausch?.tenant.slug, 'kreis-lippe');
    assert.equal(umtausch.rule?.serviceKey, '99023001000000');
  }
});

test('for every municipality, municipal services resolve to the municipality itself by default', async () => {
  for (const municipality of t.municipalities) {
    for (const key of [keys.personalausweis, keys.reisepass, keys.wohnsitzAnmeldung, keys.gewerbeAnmeldung, keys.hundesteuer, keys.wohngeld]) {
      const result = await resolve(key, municipality.id);
      assert.equal(result?.tenant.id, municipality.id, `${key} for ${municipality.slug}`);
      assert.equal(result.rule, null);
      assert.equal(result.offer?.tenantId, municipality.id);
      assert.equal(result.office?.tenantId, municipality.id);
    }
    const ausweis = await resolve(keys.personalausweis, municipality.id);
    assert.equal(ausweis?.office?.name, 'Bürgerbüro');
    assert.equal(ausweis.offer?.feeCents, 4600);
  }
});

test('building permits: the four towns with their own Bauaufsicht serve themselves, the Kreis serves the other twelve', async () => {
  let kreis = 0;
  for (const municipality of t.municipalities) {
    for (const key of [keys.baugenehmigung, keys.bauvorbescheid]) {
      const result = await resolve(key, municipality.id);
      const expected = ownBuildingAuthority.has(municipality.slug) ? municipality.slug : 'kreis-lippe';
      assert.equal(result?.tenant.slug, expected, `${key} for ${municipality.slug}`);
      assert.match(result.rule?.legalBasis ?? '', /§ 57 Abs\. 1 BauO NRW/);
    }
    const permit = await resolve(keys.baugenehmigung, municipality.id);
    assert.equal(permit?.offer?.serviceKey, keys.baugenehmigung);
    assert.equal(permit.office?.name, 'Bauaufsicht');
    if (permit.tenant.slug === 'kreis-lippe') kreis++;
  }
  assert.equal(kreis, 12);
});

test('the district itself and unknown tenants', async () => {
  const own = await resolve(keys.kfzZulassung, t.districtId);
  assert.equal(own?.tenant.slug, 'kreis-lippe');
  assert.equal(own.rule, null);
  assert.equal(await resolve(keys.kfzZulassung, '00000000-0000-4000-8000-000000000000'), undefined);
  // A service nobody offers: responsibility is known, the offer is not.
  const none = await resolve('99012001001000', t.tenantId('augustdorf'));
  assert.equal(none?.tenant.slug, 'kreis-lippe');
  assert.equal(none.offer, null);
});

test('rules are data: a Kreis coordinator changes and removes one, each change audited; others may not', async () => {
  const coordinator = await addStaffUser(t.db, { email: 'cdo@kreis.offers.test', displayName: 'CDO', password: 'Passwort der Verwaltung 1', tenantId: t.districtId, roles: ['coordinator'] });
  const scope = { tenantId: t.districtId, userId: coordinator };
  const schlangen = t.tenantId('schlangen');
  // Hundesteuer for Schlangen's residents moved to the Kreis (a made-up agreement for the test).
  assert.equal(await setResponsibilityRule(t.db, scope, { serviceKey: '99102013000000', municipalityId: schlangen, responsibleTenantId: t.districtId, legalBasis: 'Testvereinbarung' }), true);
  assert.equal((await resolve(keys.hundesteuer, schlangen))?.tenant.slug, 'kreis-lippe');
  assert.equal(await setResponsibilityRule(t.db, scope, { serviceKey: '99102013000000', municipalityId: schlangen, responsibleTenantId: t.districtId, legalBasis: 'Testvereinbarung' }), false);
  assert.equal(await removeResponsibilityRule(t.db, scope, '99102013000000', schlangen), true);
  assert.equal((await resolve(keys.hundesteuer, schlangen))?.tenant.slug, 'schlangen');
  const audit = await t.db.ownerTransaction((tx) =>
    tx.query<{ action: string; actor_id: string }>(sql`
      select action, actor_id from audit_log where tenant_id = ${t.districtId} and subject_type = 'responsibility_rule' order by seq`),
  );
  assert.deepEqual(audit.map((entry) => entry.action), ['responsibility_rule.created', 'responsibility_rule.removed']);
  assert.ok(audit.every((entry) => entry.actor_id === coordinator));
  const rules = await t.db.transaction(noScope, (tx) => listRules(tx, t.districtId));
  assert.equal(rules.filter((rule) => rule.serviceKey === '99012008000000').length, 16);

  // A municipality keeps no rules, and a caseworker of the Kreis may not change them.
  const detmoldAdmin = await addStaffUser(t.db, { email: 'admin@detmold.offers.test', displayName: 'Admin', password: 'Passwort der Verwaltung 1', tenantId: t.tenantId('detmold'), roles: ['admin'] });
  await assert.rejects(
    setResponsibilityRule(t.db, { tenantId: t.tenantId('detmold'), userId: detmoldAdmin }, { serviceKey: keys.kfzZulassung, municipalityId: t.tenantId('lemgo'), responsibleTenantId: t.tenantId('detmold'), legalBasis: null }),
    /kept by a district/,
  );
  const caseworker = await addStaffUser(t.db, { email: 'sb@kreis.offers.test', displayName: 'SB', password: 'Passwort der Verwaltung 1', tenantId: t.districtId, roles: ['caseworker'] });
  await assert.rejects(
    setResponsibilityRule(t.db, { tenantId: t.districtId, userId: caseworker }, { serviceKey: keys.hundesteuer, municipalityId: schlangen, responsibleTenantId: t.districtId, legalBasis: null }),
    (error: Error) => error instanceof OffersAccessError,
  );
});

test('listOffersOfService: the district first, then every municipality offering the service', async () => {
  const ausweis = await t.db.transaction(noScope, (tx) => listOffersOfService(tx, keys.personalausweis));
  assert.equal(ausweis.length, 16);
  assert.deepEqual(ausweis.slice(0, 3).map((entry) => entry.tenant.slug), ['augustdorf', 'bad-salzuflen', 'barntrup']);
  assert.ok(ausweis.every((entry) => entry.offer.serviceKey === keys.personalausweis && entry.offer.tenantId === entry.tenant.id));
  const permits = await t.db.transaction(noScope, (tx) => listOffersOfService(tx, keys.baugenehmigung));
  assert.deepEqual(permits.map((entry) => entry.tenant.slug), ['kreis-lippe', 'bad-salzuflen', 'detmold', 'lage', 'lemgo']);
});
