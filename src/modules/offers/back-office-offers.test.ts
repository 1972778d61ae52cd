import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from '../../platform/db/sql.ts';
import { verifyAudit } from '../../platform/audit/verify-audit.ts';
import { auditEntries, citizenClient, createOffersTestApp, staffClient, type OffersTestApp } from './test-support.ts';

let t: OffersTestApp;
before(async () => {
  t = await createOffersTestApp();
});
after(() => t.close());

/** The offer form as a browser would send it back unchanged, with `changes` applied. */
function offerForm(body: string, changes: Record<string, string>): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of body.matchAll(/<input class="kern-form-input__input[^"]*" id="[^"]+" name="([^"]+)" type="[^"]+"(?: value="([^"]*)")?/g)) fields[match[1]!] = decode(match[2] ?? '');
  for (const match of body.matchAll(/<textarea [^>]*name="([^"]+)"[^>]*>([^<]*)<\/textarea>/g)) fields[match[1]!] = decode(match[2]!);
  for (const match of body.matchAll(/<select [^>]*name="([^"]+)"[\s\S]*?<\/select>/g)) {
    fields[match[1]!] = decode(/<option value="([^"]*)" selected>/.exec(match[0])?.[1] ?? '');
  }
  for (const match of body.matchAll(/type="radio" id="[^"]+" name="([^"]+)" value="([^"]+)" checked/g)) fields[match[1]!] = match[2]!;
  return { ...fields, ...changes };
}

function decode(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

test('a coordinator lists, edits and creates offers of her tenant; each write is audited in its chain', async () => {
  const { client, userId } = await staffClient(t, 'detmold', ['coordinator']);
  const list = await client.get('/verwaltung/angebote');
  assert.equal(list.statusCode, 200);
  assert.match(list.body, /Personalausweis Ausstellung/);
  assert.match(list.body, /href="\/verwaltung\/angebote\/99008001012000"/);
  assert.doesNotMatch(list.body, /Kraftfahrzeug Zulassung/);

  const form = await client.get('/verwaltung/angebote/99008001012000');
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /name="_csrf" value="[^"]+"/);
  const fields = offerForm(form.body, { fee: '46,00', processingDays: '21', online: 'nein', demo: 'nein', requiredDocuments: 'Alter Ausweis\nLichtbild' });
  assert.equal(fields.maturity, '1|OZG-Reifegradmodell (klassisch)');
  const saved = await client.post('/verwaltung/angebote/99008001012000', fields);
  assert.equal(saved.statusCode, 303);
  assert.equal(saved.headers.location, '/verwaltung/angebote?hinweis=gespeichert');
  assert.match((await client.get('/verwaltung/angebote?hinweis=gespeichert')).body, /Die Änderungen wurden gespeichert/);

  const page = await t.app.inject({ method: 'GET', url: '/detmold/leistungen/personalausweis-ausstellung' });
  assert.match(page.body, /etwa 21 Tage/);
  assert.match(page.body, /<li>Lichtbild<\/li>/);
  assert.doesNotMatch(page.body, /kern-badge--warning">Beispieldaten/);

  const updates = await auditEntries(t, t.tenantId('detmold'), 'offer.updated');
  assert.equal(updates.length, 1);
  assert.equal(updates[0]!.actor_id, userId);
  assert.equal(updates[0]!.subject_id, '99008001012000');
  const changes = updates[0]!.data.changes as Record<string, { from: unknown; to: unknown }>;
  assert.deepEqual(changes.processingDays, { from: 28, to: 21 });
  assert.deepEqual(changes.demo, { from: true, to: false });
  assert.equal(changes.feeCents, undefined);

  // The same form again changes nothing and writes no audit entry.
  const again = await client.post('/verwaltung/angebote/99008001012000', offerForm((await client.get('/verwaltung/angebote/99008001012000')).body, {}));
  assert.equal(again.headers.location, '/verwaltung/angebote?hinweis=unveraendert');
  assert.equal((await auditEntries(t, t.tenantId('detmold'), 'offer.updated')).length, 1);

  await client.get('/verwaltung/angebote/neu');
  const created = await client.post('/verwaltung/angebote/neu', {
    serviceKey: '99115004001000', officeId: '', fee: '10', feeText: '', processingTimeText: 'sofort', processingDays: '0',
    requiredDocuments: '', online: 'ja', onlineUrl: 'https://www.detmold.de/melderegisterauskunft', maturity: '3|OZG-Reifegradmodell (klassisch)', published: 'ja', demo: 'nein',
  });
  assert.equal(created.statusCode, 303);
  assert.equal(created.headers.location, '/verwaltung/angebote?hinweis=angelegt');
  const rows = await t.db.ownerTransaction((tx) =>
    tx.query<{ fee_cents: number; maturity_level: number; maturity_model: string; online_url: string }>(sql`
      select fee_cents, maturity_level, maturity_model, online_url from offers where tenant_id = ${t.tenantId('detmold')} and service_key = '99115004001000'`),
  );
  assert.deepEqual(rows, [{ fee_cents: 1000, maturity_level: 3, maturity_model: 'OZG-Reifegradmodell (klassisch)', online_url: 'https://www.detmold.de/melderegisterauskunft' }]);
  const createdAudit = await auditEntries(t, t.tenantId('detmold'), 'offer.created');
  assert.equal(createdAudit.length, 1);
  assert.equal(createdAudit[0]!.data.service, 'Melderegisterauskunft Erteilung');
  assert.equal((await verifyAudit(t.db)).problems.length, 0);
});

test('invalid input is a 422 with an error summary linking each field; nothing is written', async () => {
  const { client } = await staffClient(t, 'lage', ['admin']);
  const form = await client.get('/verwaltung/angebote/99008001012000');
  const response = await client.post('/verwaltung/angebote/99008001012000', offerForm(form.body, {
    fee: 'zwölf Euro', processingDays: '-3', online: 'ja', onlineUrl: 'javascript:alert(1)', maturity: '9|OZG-Reifegradmodell (klassisch)', published: 'vielleicht',
  }));
  assert.equal(response.statusCode, 422);
  assert.match(response.body, /<title>Fehler: /);
  assert.match(response.body, /href="#f-fee">Bitte geben Sie einen Betrag in Euro ein/);
  assert.match(response.body, /href="#f-processingDays">Bitte geben Sie eine ganze Zahl von 0 bis 3650 ein/);
  assert.match(response.body, /href="#f-onlineUrl">Bitte geben Sie eine Internetadresse ein/);
  assert.match(response.body, /href="#f-maturity">Bitte wählen Sie einen Reifegrad/);
  assert.match(response.body, /href="#f-published">/);
  assert.match(response.body, /value="zwölf Euro"/);
  assert.match(response.body, /aria-invalid="true"/);
  const unchanged = await t.db.ownerTransaction((tx) =>
    tx.query<{ fee_cents: number }>(sql`select fee_cents from offers where tenant_id = ${t.tenantId('lage')} and service_key = '99008001012000'`),
  );
  assert.deepEqual(unchanged, [{ fee_cents: 4600 }]);

  const onlineWithoutUrl = await client.post('/verwaltung/angebote/99008001012000', offerForm(form.body, { online: 'ja', onlineUrl: '' }));
  assert.equal(onlineWithoutUrl.statusCode, 422);
  assert.match(onlineWithoutUrl.body, /geben Sie bitte die Adresse des Online-Antrags an/);

  await client.get('/verwaltung/angebote/neu');
  const unknown = await client.post('/verwaltung/angebote/neu', { serviceKey: '99999999999999', online: 'nein', published: 'ja', demo: 'nein' });
  assert.equal(unknown.statusCode, 422);
  assert.match(unknown.body, /Diesen Leistungsschlüssel gibt es im Leistungskatalog nicht/);
  const taken = await client.post('/verwaltung/angebote/neu', { serviceKey: '99008001012000', online: 'nein', published: 'ja', demo: 'nein' });
  assert.equal(taken.statusCode, 422);
  assert.match(taken.body, /gibt es schon ein Angebot/);
  const foreignOffice = await client.post('/verwaltung/angebote/neu', { serviceKey: '99115004001000', officeId: '00000000-0000-4000-8000-000000000000', online: 'nein', published: 'ja', demo: 'nein' });
  assert.equal(foreignOffice.statusCode, 422);
  assert.match(foreignOffice.body, /Bitte wählen Sie eine Dienststelle aus der Liste/);
  assert.equal((await auditEntries(t, t.tenantId('lage'), 'offer.created')).length, 0);
});

test('caseworkers, records managers, readers and citizens get 403; signed-out visitors are sent to log in', async () => {
  for (const role of ['caseworker', 'records_manager', 'reader'] as const) {
    const { client } = await staffClient(t, 'detmold', [role]);
    assert.equal((await client.get('/verwaltung/angebote')).statusCode, 403, role);
    assert.equal((await client.get('/verwaltung/angebote/99008001012000')).statusCode, 403, role);
    await client.get('/');
    assert.equal((await client.post('/verwaltung/angebote/99008001012000', { fee: '1', online: 'nein', published: 'ja', demo: 'nein' })).statusCode, 403, role);
  }
  const citizen = await citizenClient(t);
  assert.equal((await citizen.get('/verwaltung/angebote')).statusCode, 403);
  assert.equal((await citizen.get('/verwaltung/dienststellen')).statusCode, 403);
  const anonymous = await t.app.inject({ method: 'GET', url: '/verwaltung/angebote' });
  assert.equal(anonymous.statusCode, 303);
  assert.equal(anonymous.headers.location, '/anmelden?zurueck=%2Fverwaltung%2Fangebote');
});

test('another tenant\'s offer is 404 for viewing and saving; a post without CSRF token is refused', async () => {
  const { client } = await staffClient(t, 'lemgo', ['coordinator']);
  // The Kreis offers vehicle registration; Lemgo does not: its editor cannot open the Kreis offer.
  assert.equal((await client.get('/verwaltung/angebote/99036008007000')).statusCode, 404);
  await client.get('/verwaltung/angebote');
  const foreign = await client.post('/verwaltung/angebote/99036008007000', { fee: '1,00', online: 'nein', published: 'ja', demo: 'nein' });
  assert.equal(foreign.statusCode, 404);
  assert.equal((await client.get('/verwaltung/angebote/kaputt')).statusCode, 404);
  const fee = await t.db.ownerTransaction((tx) =>
    tx.query<{ fee_cents: number | null }>(sql`select fee_cents from offers where tenant_id = ${t.districtId} and service_key = '99036008007000'`),
  );
  assert.deepEqual(fee, [{ fee_cents: null }]);
  const noToken = await client.post('/verwaltung/angebote/99008001012000', { _csrf: 'falsch', fee: '1', online: 'nein', published: 'ja', demo: 'nein' });
  assert.equal(noToken.statusCode, 403);
});
