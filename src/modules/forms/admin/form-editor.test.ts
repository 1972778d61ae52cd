import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from '../../../platform/db/sql.ts';
import { createTestApp, TestClient, type TestApp } from '../../../platform/testing/test-app.ts';
import { fixture } from '../store/test-support.ts';
import { citizenClient, decode, postMultipart, staffClient, standOf } from './test-support.ts';

let t: TestApp;
let coordinator: TestClient;
let formUrl = '';

before(async () => {
  t = await createTestApp();
  coordinator = await staffClient(t, 'blomberg', ['coordinator']);
});
after(() => t.close());

const versions = (slug: string) =>
  t.db.ownerTransaction((tx) =>
    tx.query<{ version: number; status: string }>(sql`
      select v.version, v.status from form_versions v join forms f on f.tenant_id = v.tenant_id and f.id = v.form_id
      where f.slug = ${slug} order by v.version`),
  );

test('only coordinators and admins of a tenant reach the editor', async () => {
  const anonymous = await new TestClient(t.app).get('/verwaltung/formulare');
  assert.equal(anonymous.statusCode, 303);
  assert.match(String(anonymous.headers.location), /^\/anmelden\?zurueck=/);
  assert.equal((await (await citizenClient(t)).get('/verwaltung/formulare')).statusCode, 403);
  const caseworker = await staffClient(t, 'blomberg', ['caseworker']);
  assert.equal((await caseworker.get('/verwaltung/formulare')).statusCode, 403);
  assert.equal((await caseworker.post('/verwaltung/formulare/neu', { titleDe: 'X', slug: 'x' })).statusCode, 403);
  const admin = await staffClient(t, 'blomberg', ['admin']);
  assert.equal((await admin.get('/verwaltung/formulare')).statusCode, 200);
  const home = await coordinator.get('/verwaltung');
  assert.match(home.body, /href="\/verwaltung\/formulare"/, 'linked from the back-office start page');
  const list = await coordinator.get('/verwaltung/formulare');
  assert.equal(list.statusCode, 200);
  assert.match(list.body, /Es gibt noch keine Formulare/);
});

test('a coordinator creates an empty form; wrong input is 422 with an error summary', async () => {
  await coordinator.get('/verwaltung/formulare/neu');
  const invalid = await coordinator.post('/verwaltung/formulare/neu', { titleDe: '', titleEn: '', slug: 'Fundsachen!' });
  assert.equal(invalid.statusCode, 422);
  assert.match(invalid.body, /id="error-summary"/);
  assert.match(invalid.body, /href="#f-titleDe">Geben Sie einen Titel an\./);
  assert.match(invalid.body, /href="#f-slug">Die Kennung darf nur/);
  const created = await coordinator.post('/verwaltung/formulare/neu', { titleDe: 'Fundsache melden', titleEn: 'Report a found item', slug: 'fundsache' });
  assert.equal(created.statusCode, 303);
  const location = String(created.headers.location);
  assert.match(location, /^\/verwaltung\/formulare\/[0-9a-f-]{36}\/bearbeiten\?hinweis=angelegt$/);
  formUrl = location.replace(/\/bearbeiten.*$/, '');
  const editor = await coordinator.get(location);
  assert.equal(editor.statusCode, 200);
  assert.match(editor.body, /Das Formular wurde angelegt/);
  assert.match(editor.body, /vollständig und kann veröffentlicht werden/);
  const again = await coordinator.post('/verwaltung/formulare/neu', { titleDe: 'Nochmal', slug: 'fundsache' });
  assert.equal(again.statusCode, 422);
  assert.match(again.body, /schon ein Formular mit dieser Kennung/);
  assert.deepEqual(await versions('fundsache'), [{ version: 1, status: 'draft' }]);
});

test('the structured editor adds steps and fields; unreadable input is 422, problems are saved and listed', async () => {
  let page = await coordinator.get(`${formUrl}/bearbeiten`);
  const added = await coordinator.post(`${formUrl}/schritte`, { stand: standOf(page.body), stepId: 'fund', 'title.de': 'Der Fund', 'title.en': 'The item' });
  assert.equal(added.statusCode, 303);
  assert.equal(added.headers.location, `${formUrl}/schritte/1?hinweis=gespeichert`);
  page = await coordinator.get(`${formUrl}/schritte/1`);
  assert.match(page.body, /Schritt 2: Der Fund/);
  const field = await coordinator.post(`${formUrl}/schritte/1/felder`, { stand: standOf(page.body), fieldId: 'art', type: 'radios', 'label.de': 'Was haben Sie gefunden?', 'label.en': 'What did you find?' });
  assert.equal(field.headers.location, `${formUrl}/schritte/1/felder/0?hinweis=gespeichert`);

  // The new choice field has no options yet: saved, but the draft now has a problem that links to it.
  page = await coordinator.get(`${formUrl}/schritte/1/felder/0`);
  assert.match(page.body, /Der Entwurf hat 1 Probleme/);
  assert.match(page.body, new RegExp(`href="${formUrl}/schritte/1/felder/0#f-options"`));
  assert.match(page.body, /Die Liste ist leer/);

  // Letters in a number and an option line without text: 422, nothing saved.
  const stand = standOf(page.body);
  const bad = await coordinator.post(`${formUrl}/schritte/1/felder/0`, { stand, id: 'art', type: 'checkboxes', 'label.de': 'Was?', 'label.en': 'What?', options: 'geldboerse | Geldbörse | Wallet\nschluessel', minSelected: 'eins' });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /href="#f-minSelected">Geben Sie eine ganze Zahl ein/);
  assert.match(bad.body, /href="#f-options">Zeile 2 der Auswahlmöglichkeiten/);
  assert.match(bad.body, /schluessel<\/textarea>/, 'the input is shown again');

  const good = await coordinator.post(`${formUrl}/schritte/1/felder/0`, {
    stand, id: 'art', type: 'radios', 'label.de': 'Was haben Sie gefunden?', 'label.en': 'What did you find?', required: 'ja',
    options: 'geldboerse | Geldbörse | Wallet\nschluessel | Schlüssel | Keys\nanderes | Etwas anderes | Something else',
  });
  assert.equal(good.statusCode, 303);
  page = await coordinator.get(`${formUrl}/schritte/1`);
  const described = await coordinator.post(`${formUrl}/schritte/1/felder`, { stand: standOf(page.body), fieldId: 'beschreibung', type: 'textarea', 'label.de': 'Beschreibung', 'label.en': 'Description' });
  assert.equal(described.statusCode, 303);
  page = await coordinator.get(`${formUrl}/schritte/1/felder/1`);
  const conditional = await coordinator.post(`${formUrl}/schritte/1/felder/1`, {
    stand: standOf(page.body), id: 'beschreibung', type: 'textarea', 'label.de': 'Was genau?', 'label.en': '', maxLength: '500', conditionField: 'art', conditionValue: 'anderes',
  });
  assert.equal(conditional.statusCode, 303);
  page = await coordinator.get(`${formUrl}/schritte/1/felder/1`);
  assert.match(page.body, /Feld 2 „beschreibung“ › Beschriftung › Englisch<\/a>: Der Text fehlt\./);

  // A stale page cannot overwrite a newer save.
  const stale = await coordinator.post(`${formUrl}/bearbeiten`, { stand: '0'.repeat(64), 'title.de': 'Alt', 'title.en': 'Old' });
  assert.equal(stale.statusCode, 409);

  const stored = await t.db.ownerTransaction((tx) => tx.query<{ definition: { steps: { fields: unknown[] }[] } }>(sql`
    select v.definition from form_versions v join forms f on f.id = v.form_id where f.slug = 'fundsache'`));
  assert.deepEqual(stored[0]?.definition.steps[1]?.fields[1], {
    id: 'beschreibung', type: 'textarea', label: { de: 'Was genau?', en: '' }, maxLength: 500, condition: { field: 'art', equals: 'anderes' },
  });
});

test('publishing is blocked while the draft has problems, then shows the changes and serves citizens', async () => {
  let page = await coordinator.get(`${formUrl}/veroeffentlichen`);
  assert.match(page.body, /kann nicht veröffentlicht werden/);
  assert.doesNotMatch(page.body, /Version 1 veröffentlichen/);
  const blocked = await coordinator.post(`${formUrl}/veroeffentlichen`, { version: '1' });
  assert.equal(blocked.statusCode, 422);
  assert.deepEqual(await versions('fundsache'), [{ version: 1, status: 'draft' }]);

  page = await coordinator.get(`${formUrl}/schritte/1/felder/1`);
  await coordinator.post(`${formUrl}/schritte/1/felder/1`, {
    stand: standOf(page.body), id: 'beschreibung', type: 'textarea', 'label.de': 'Was genau?', 'label.en': 'What exactly?', maxLength: '500', conditionField: 'art', conditionValue: 'anderes',
  });
  page = await coordinator.get(`${formUrl}/veroeffentlichen`);
  assert.match(page.body, /erste Veröffentlichung\. Das Formular hat 2 Schritte mit 2 Feldern/);
  const published = await coordinator.post(`${formUrl}/veroeffentlichen`, { version: '1' });
  assert.equal(published.statusCode, 303);
  assert.equal(published.headers.location, `${formUrl}?hinweis=veroeffentlicht`);
  assert.deepEqual(await versions('fundsache'), [{ version: 1, status: 'published' }]);

  const citizen = new TestClient(t.app);
  const start = await citizen.get('/blomberg/antrag/fundsache');
  assert.equal(start.statusCode, 200);
  assert.match(start.body, /Fundsache melden/);

  // Version 2: a changed label; the confirmation lists it against version 1.
  page = await coordinator.get(`${formUrl}/schritte/1/felder/0`);
  assert.match(page.body, /Wenn Sie speichern, entsteht Version 2 als Entwurf/);
  const body = { stand: standOf(page.body), id: 'art', type: 'radios', 'label.de': 'Was ist es?', 'label.en': 'What is it?', required: 'ja', options: decode(/<textarea[^>]*name="options"[^>]*>([^<]*)<\/textarea>/.exec(page.body)?.[1] ?? '') };
  assert.equal((await coordinator.post(`${formUrl}/schritte/1/felder/0`, body)).statusCode, 303);
  page = await coordinator.get(`${formUrl}/veroeffentlichen`);
  assert.match(page.body, /Änderungen gegenüber Version 1/);
  assert.match(page.body, /Feld „art“: Beschriftung „Was haben Sie gefunden\?“ → „Was ist es\?“/);
  assert.equal((await coordinator.post(`${formUrl}/veroeffentlichen`, { version: '2' })).statusCode, 303);

  const diff = await coordinator.get(`${formUrl}/vergleich?von=1&bis=2`);
  assert.equal(diff.statusCode, 200);
  assert.match(diff.body, /Vergleich: Version 1 und Version 2/);
  assert.match(diff.body, /Beschriftung „Was haben Sie gefunden\?“ → „Was ist es\?“/);
  assert.doesNotMatch(diff.body, /Schritt „fund“ hinzugefügt/);
  const history = await coordinator.get(formUrl);
  assert.match(history.body, new RegExp(`href="${formUrl}/vergleich\\?von=1&amp;bis=2"`));
  assert.match((await citizen.get('/blomberg/antrag/fundsache')).body, /Fundsache melden/);
});

test('the preview runs the draft in the citizen runtime without storing anything', async () => {
  const start = await coordinator.get(`${formUrl}/vorschau`);
  assert.equal(start.statusCode, 200);
  assert.match(start.body, /<title>Vorschau: Fundsache melden/);
  const first = await coordinator.post(`${formUrl}/vorschau`, {});
  assert.equal(first.headers.location, `${formUrl}/vorschau/schritt/angaben`);
  const step1 = await coordinator.get(String(first.headers.location));
  assert.match(step1.body, /Schritt 1 von 2/);
  const action = decode(/<form method="post" action="([^"]+)"/.exec(step1.body.slice(step1.body.indexOf('Schritt 1 von 2')))?.[1] ?? '');
  const toStep2 = await coordinator.post(action, {});
  const step2Url = String(toStep2.headers.location);
  assert.match(step2Url, /\/vorschau\/schritt\/fund\?e=/);
  const step2 = await coordinator.get(step2Url);
  assert.match(step2.body, /Was ist es\?/);
  const missing = await coordinator.post(step2Url, {});
  assert.equal(missing.statusCode, 422, 'the runtime checks the required answer');
  assert.match(missing.body, /Vorschau/);
  const answered = await coordinator.post(step2Url, { art: 'anderes', beschreibung: 'Ein Regenschirm' });
  assert.equal(answered.statusCode, 303);
  const check = await coordinator.get(String(answered.headers.location));
  assert.match(check.body, /Prüfen Sie Ihre Angaben/);
  assert.match(check.body, /Ein Regenschirm/);
  const end = await coordinator.post(`${formUrl}/vorschau/ende`, { erklaerung: 'ja' });
  assert.match(end.body, /Ende der Vorschau/);
  const stored = await t.db.ownerTransaction((tx) => tx.query<{ n: number }>(sql`select (select count(*) from form_drafts) + (select count(*) from submissions) as n`));
  assert.equal(Number(stored[0]?.n), 0);
});

test('export and JSON import round-trip a version; invalid JSON is refused per path with 422', async () => {
  const exported = await coordinator.get(`${formUrl}/versionen/2/export.json`);
  assert.equal(exported.statusCode, 200);
  assert.match(String(exported.headers['content-disposition']), /attachment; filename="fundsache-v2.json"/);
  const definition = JSON.parse(exported.body) as { id: string; title: { de: string } };
  assert.equal(definition.title.de, 'Fundsache melden');

  const other = await staffClient(t, 'horn-bad-meinberg', ['coordinator']);
  const page = await other.get('/verwaltung/formulare/neu');
  const imported = await postMultipart(other, page.body, '/verwaltung/formulare/neu/json', {}, { name: 'datei', filename: 'fundsache-v2.json', type: 'application/json', content: exported.body });
  assert.equal(imported.statusCode, 303, imported.body.slice(0, 500));
  const importedUrl = String(imported.headers.location).replace(/\?.*$/, '');
  const reExported = await other.get(`${importedUrl}/versionen/1/export.json`);
  assert.deepEqual(JSON.parse(reExported.body), JSON.parse(exported.body));

  const broken = { ...fixture('sperrmuell'), id: 'Kein Slug', steps: [{ id: 'a', title: { de: '', en: 'A' }, fields: [] }] };
  const refused = await postMultipart(other, page.body, '/verwaltung/formulare/neu/json', { json: JSON.stringify(broken) });
  assert.equal(refused.statusCode, 422);
  assert.match(refused.body, /id="error-summary"/);
  assert.match(refused.body, /Die Formulardefinition hat 2 Probleme/);
  assert.match(refused.body, /<code>\/id<\/code>/);
  assert.match(refused.body, /<code>\/steps\/0\/title\/de<\/code>/);
  const syntax = await postMultipart(other, page.body, '/verwaltung/formulare/neu/json', { json: '{"formatVersion": 1,' });
  assert.equal(syntax.statusCode, 422);
  assert.match(syntax.body, /kein gültiges JSON/);
});

test('the JSON view saves a draft as JSON after checking it can be read', async () => {
  const page = await coordinator.get(`${formUrl}/json`);
  assert.equal(page.statusCode, 200);
  const json = JSON.parse(decode(/<textarea[^>]*name="json"[^>]*>([^<]*)<\/textarea>/.exec(page.body)?.[1] ?? '')) as { title: { de: string; en: string } };
  assert.equal(json.title.de, 'Fundsache melden');
  const syntax = await coordinator.post(`${formUrl}/json`, { stand: standOf(page.body), json: '{ kaputt' });
  assert.equal(syntax.statusCode, 422);
  const renamed = await coordinator.post(`${formUrl}/json`, { stand: standOf(page.body), json: JSON.stringify({ ...json, id: 'anders' }) });
  assert.equal(renamed.statusCode, 422);
  assert.match(renamed.body, /muss „fundsache“ bleiben/);
  const saved = await coordinator.post(`${formUrl}/json`, { stand: standOf(page.body), json: JSON.stringify({ ...json, title: { de: 'Fund melden', en: '' } }) });
  assert.equal(saved.statusCode, 303);
  const after = await coordinator.get(`${formUrl}/json`);
  assert.match(after.body, /Formular › Titel › Englisch<\/a>: Der Text fehlt/);
  assert.deepEqual((await versions('fundsache')).at(-1), { version: 3, status: 'draft' });
});

test('staff of another tenant get 404 for every route of the form', async () => {
  const stranger = await staffClient(t, 'lemgo', ['coordinator']);
  const pages = ['', '/bearbeiten', '/json', '/schritte/0', '/schritte/0/felder/0', '/vorschau', '/vorschau/schritt/angaben', '/vorschau/pruefen', '/veroeffentlichen', '/vergleich?von=1&bis=2', '/versionen/1/export.json', '/original'];
  for (const path of pages) assert.equal((await stranger.get(`${formUrl}${path}`)).statusCode, 404, path);
  await stranger.get('/verwaltung/formulare');
  const posts = ['/bearbeiten', '/json', '/schritte', '/schritte/0', '/schritte/0/aktion', '/schritte/1/felder', '/schritte/1/felder/0', '/schritte/1/felder/0/aktion', '/vorschau', '/vorschau/ende', '/veroeffentlichen', '/original'];
  for (const path of posts) assert.equal((await stranger.post(`${formUrl}${path}`, { version: '3', aktion: 'entfernen' })).statusCode, 404, path);
  assert.equal((await stranger.get('/verwaltung/formulare/kein-uuid')).statusCode, 404);
  assert.doesNotMatch((await stranger.get('/verwaltung/formulare')).body, /fundsache/);
  assert.deepEqual((await versions('fundsache')).at(-1), { version: 3, status: 'draft' }, 'nothing changed');
});
