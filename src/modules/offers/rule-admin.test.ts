import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { noScope } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';
import { verifyAudit } from '../../platform/audit/verify-audit.ts';
import { resolveResponsibility } from './responsibility.ts';
import { auditEntries, citizenClient, createOffersTestApp, staffClient, type OffersTestApp } from './test-support.ts';

let t: OffersTestApp;
before(async () => {
  t = await createOffersTestApp();
});
after(() => t.close());

// Personalausweis Ausstellung: municipal by default (no demo rule), so a test rule is visible.
const idCard = '99008001012000';

async function responsibleFor(serviceKey: string, slug: string): Promise<string | undefined> {
  return (await t.db.transaction(noScope, (tx) => resolveResponsibility(tx, serviceKey, t.tenantId(slug))))?.tenant.slug;
}

async function rulesOf(serviceKey: string): Promise<{ municipality: string; responsible: string; legal_basis: string | null }[]> {
  return t.db.ownerTransaction((tx) =>
    tx.query(sql`
      select m.slug as municipality, r.slug as responsible, x.legal_basis from responsibility_rules x
      join tenants m on m.id = x.municipality_id join tenants r on r.id = x.responsible_tenant_id
      where x.service_key = ${serviceKey} order by m.slug`),
  );
}

test('a Kreis coordinator sees the demo rules grouped by service and responsible tenant', async () => {
  const { client } = await staffClient(t, 'kreis-lippe', ['coordinator']);
  const list = await client.get('/verwaltung/zustaendigkeiten');
  assert.equal(list.statusCode, 200);
  const [registration] = await t.db.ownerTransaction((tx) => tx.query<{ name: string }>(sql`select name from services where key = '99036008000000'`));
  assert.ok(list.body.includes(registration!.name));
  assert.match(list.body, /href="\/verwaltung\/zustaendigkeiten\/99036008000000\/kreis-lippe"/);
  assert.match(list.body, /alle Gemeinden/);
  // Building permits: the Kreis for twelve municipalities, the four larger towns for themselves.
  assert.match(list.body, /href="\/verwaltung\/zustaendigkeiten\/99012008000000\/selbst"/);
  assert.match(list.body, /jeweils die Gemeinde selbst/);
  assert.match(list.body, /§ 57 Abs. 1 BauO NRW 2018/);
  assert.match(list.body, /action="\/verwaltung\/zustaendigkeiten\/99012008000000\/selbst\/entfernen"/);
});

test('creating, editing and removing a rule changes who is responsible; every write is audited', async () => {
  const { client, userId } = await staffClient(t, 'kreis-lippe', ['admin']);
  assert.equal(await responsibleFor(idCard, 'blomberg'), 'blomberg');
  const form = await client.get('/verwaltung/zustaendigkeiten/neu');
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /name="_csrf" value="[^"]+"/);
  const created = await client.post('/verwaltung/zustaendigkeiten/neu', {
    serviceKey: '9900 8001 0120 00', 'gemeinde-blomberg': 'ja', 'gemeinde-luegde': 'ja', responsible: 'kreis-lippe', legalBasis: 'Testregel (öffentlich-rechtliche Vereinbarung, § 23 GkG NRW)',
  });
  assert.equal(created.statusCode, 303);
  assert.equal(created.headers.location, '/verwaltung/zustaendigkeiten?hinweis=angelegt');
  assert.equal(await responsibleFor(idCard, 'blomberg'), 'kreis-lippe');
  assert.equal(await responsibleFor(idCard, 'detmold'), 'detmold');
  const createdAudit = await auditEntries(t, t.districtId, 'responsibility_rule.created');
  const own = createdAudit.filter((entry) => entry.subject_id?.startsWith(`${idCard}/`));
  assert.equal(own.length, 2);
  assert.equal(own[0]!.actor_id, userId);

  // Edit: Blomberg serves Lügde's and Schieder-Schwalenberg's residents; the Blomberg row goes.
  const url = `/verwaltung/zustaendigkeiten/${idCard}/kreis-lippe`;
  const edit = await client.get(url);
  assert.equal(edit.statusCode, 200);
  assert.match(edit.body, /name="gemeinde-blomberg" value="ja" checked/);
  const saved = await client.post(url, { 'gemeinde-luegde': 'ja', 'gemeinde-schieder-schwalenberg': 'ja', responsible: 'blomberg', legalBasis: 'Vereinbarung' });
  assert.equal(saved.statusCode, 303);
  assert.equal(saved.headers.location, '/verwaltung/zustaendigkeiten?hinweis=gespeichert');
  assert.deepEqual(await rulesOf(idCard), [
    { municipality: 'luegde', responsible: 'blomberg', legal_basis: 'Vereinbarung' },
    { municipality: 'schieder-schwalenberg', responsible: 'blomberg', legal_basis: 'Vereinbarung' },
  ]);
  assert.equal(await responsibleFor(idCard, 'blomberg'), 'blomberg');
  assert.equal(await responsibleFor(idCard, 'luegde'), 'blomberg');
  assert.equal((await client.get(url)).statusCode, 404);
  assert.equal((await auditEntries(t, t.districtId, 'responsibility_rule.changed')).length, 1);

  // The same form again changes nothing.
  const newUrl = `/verwaltung/zustaendigkeiten/${idCard}/blomberg`;
  await client.get(newUrl);
  const again = await client.post(newUrl, { 'gemeinde-luegde': 'ja', 'gemeinde-schieder-schwalenberg': 'ja', responsible: 'blomberg', legalBasis: 'Vereinbarung' });
  assert.equal(again.headers.location, '/verwaltung/zustaendigkeiten?hinweis=unveraendert');

  await client.get('/verwaltung/zustaendigkeiten');
  const removed = await client.post(`${newUrl}/entfernen`, {});
  assert.equal(removed.statusCode, 303);
  assert.equal(removed.headers.location, '/verwaltung/zustaendigkeiten?hinweis=entfernt');
  assert.match((await client.get('/verwaltung/zustaendigkeiten?hinweis=entfernt')).body, /Die Regel wurde entfernt/);
  assert.deepEqual(await rulesOf(idCard), []);
  assert.equal(await responsibleFor(idCard, 'luegde'), 'luegde');
  const removedAudit = (await auditEntries(t, t.districtId, 'responsibility_rule.removed')).filter((entry) => entry.subject_id?.startsWith(`${idCard}/`));
  assert.equal(removedAudit.length, 3);
  assert.equal((await client.post(`${newUrl}/entfernen`, {})).statusCode, 404);
  assert.equal((await verifyAudit(t.db)).problems.length, 0);
});

test('"all municipalities" covers every municipality of the Kreis', async () => {
  const { client } = await staffClient(t, 'kreis-lippe', ['coordinator']);
  await client.get('/verwaltung/zustaendigkeiten/neu');
  const created = await client.post('/verwaltung/zustaendigkeiten/neu', { serviceKey: idCard, alle: 'ja', responsible: 'kreis-lippe', legalBasis: '' });
  assert.equal(created.statusCode, 303);
  const rules = await rulesOf(idCard);
  assert.equal(rules.length, t.municipalities.length);
  assert.ok(rules.every((rule) => rule.responsible === 'kreis-lippe' && rule.legal_basis === null));
  const edit = await client.get(`/verwaltung/zustaendigkeiten/${idCard}/kreis-lippe`);
  assert.match(edit.body, /name="alle" value="ja" checked/);
  await client.post(`/verwaltung/zustaendigkeiten/${idCard}/kreis-lippe/entfernen`, {});
  assert.deepEqual(await rulesOf(idCard), []);
});

test('invalid input is a 422 with an error summary in the visitor\'s language; nothing is written', async () => {
  const { client } = await staffClient(t, 'kreis-lippe', ['coordinator']);
  await client.get('/verwaltung/zustaendigkeiten/neu');
  const empty = await client.post('/verwaltung/zustaendigkeiten/neu', { serviceKey: '12', responsible: 'hamburg', legalBasis: 'x'.repeat(1001) });
  assert.equal(empty.statusCode, 422);
  assert.match(empty.body, /<title>Fehler: /);
  assert.match(empty.body, /href="#f-serviceKey">Bitte geben Sie einen Leistungsschlüssel mit 14 Ziffern ein/);
  assert.match(empty.body, /href="#f-municipalities">Bitte wählen Sie mindestens eine Gemeinde/);
  assert.match(empty.body, /href="#f-responsible">Bitte wählen Sie eine zuständige Stelle aus der Liste/);
  assert.match(empty.body, /href="#f-legalBasis">Die Eingabe ist zu lang/);
  assert.match(empty.body, /aria-invalid="true"/);

  const unknown = await client.post('/verwaltung/zustaendigkeiten/neu', { serviceKey: '99999999999999', 'gemeinde-lage': 'ja', responsible: 'kreis-lippe' });
  assert.equal(unknown.statusCode, 422);
  assert.match(unknown.body, /Diesen Leistungsschlüssel gibt es im Leistungskatalog nicht/);

  // Lemgo already has its own building-permit rule: a second rule for it is refused.
  const taken = await client.post('/verwaltung/zustaendigkeiten/neu', { serviceKey: '99012008000000', 'gemeinde-lemgo': 'ja', responsible: 'kreis-lippe' });
  assert.equal(taken.statusCode, 422);
  assert.match(taken.body, /gibt es schon eine Regel zu dieser Leistung/);
  assert.equal((await responsibleFor('99012008000000', 'lemgo')), 'lemgo');

  await client.get('/sprache/en?zurueck=/verwaltung/zustaendigkeiten/neu');
  await client.get('/verwaltung/zustaendigkeiten/neu');
  const english = await client.post('/verwaltung/zustaendigkeiten/neu', { serviceKey: idCard, responsible: '' });
  assert.equal(english.statusCode, 422);
  assert.match(english.body, /Choose at least one municipality/);
  assert.match(english.body, /Choose who is responsible/);
  assert.deepEqual(await rulesOf(idCard), []);
});

test('municipality editors, Kreis caseworkers and citizens get 403; signed-out visitors log in; CSRF and unknown rules', async () => {
  const { client: municipalAdmin } = await staffClient(t, 'detmold', ['admin']);
  assert.equal((await municipalAdmin.get('/verwaltung/zustaendigkeiten')).statusCode, 403);
  await municipalAdmin.get('/');
  assert.equal((await municipalAdmin.post('/verwaltung/zustaendigkeiten/neu', { serviceKey: idCard, alle: 'ja', responsible: 'detmold' })).statusCode, 403);
  const { client: caseworker } = await staffClient(t, 'kreis-lippe', ['caseworker']);
  assert.equal((await caseworker.get('/verwaltung/zustaendigkeiten')).statusCode, 403);
  assert.equal((await caseworker.get('/verwaltung/zustaendigkeiten/99036008000000/kreis-lippe')).statusCode, 403);
  await caseworker.get('/');
  assert.equal((await caseworker.post('/verwaltung/zustaendigkeiten/99036008000000/kreis-lippe/entfernen', {})).statusCode, 403);
  const citizen = await citizenClient(t);
  assert.equal((await citizen.get('/verwaltung/zustaendigkeiten')).statusCode, 403);
  const anonymous = await t.app.inject({ method: 'GET', url: '/verwaltung/zustaendigkeiten' });
  assert.equal(anonymous.statusCode, 303);
  assert.equal(anonymous.headers.location, '/anmelden?zurueck=%2Fverwaltung%2Fzustaendigkeiten');

  const { client } = await staffClient(t, 'kreis-lippe', ['admin']);
  assert.equal((await client.get('/verwaltung/zustaendigkeiten/99036008000000/detmold')).statusCode, 404);
  assert.equal((await client.get('/verwaltung/zustaendigkeiten/kaputt/kreis-lippe')).statusCode, 404);
  await client.get('/verwaltung/zustaendigkeiten');
  assert.equal((await client.post('/verwaltung/zustaendigkeiten/99036008000000/detmold', { alle: 'ja', responsible: 'detmold' })).statusCode, 404);
  const noToken = await client.post('/verwaltung/zustaendigkeiten/99036008000000/kreis-lippe/entfernen', { _csrf: 'falsch' });
  assert.equal(noToken.statusCode, 403);
  assert.equal((await rulesOf('99036008000000')).length, t.municipalities.length);
  assert.equal(await responsibleFor('99036008000000', 'detmold'), 'kreis-lippe');
});
