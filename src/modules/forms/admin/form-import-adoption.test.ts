import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from '../../../platform/db/sql.ts';
import { createTestApp, TestClient, type TestApp } from '../../../platform/testing/test-app.ts';
import { fixture } from '../store/test-support.ts';
import { postMultipart, staffClient, standOf } from './test-support.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..', '..');
const fimTestData = path.resolve(repoRoot, '..', 'shared', 'data', 'fim', 'xdatenfelder-xml-testdata');
const readFim = (file: string) => readFileSync(path.join(fimTestData, file), 'utf8');

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

const xmlFile = (content: string) => ({ name: 'fimDatei', filename: 'schema.xml', type: 'application/xml', content });

test('a FIM file imports as a draft with its report; a broken file says what is wrong (422)', async () => {
  const client = await staffClient(t, 'barntrup', ['coordinator']);
  const page = await client.get('/verwaltung/formulare/neu');
  const imported = await postMultipart(client, page.body, '/verwaltung/formulare/neu/fim', {}, xmlFile(readFim('v3/simple.xml')));
  assert.equal(imported.statusCode, 200, imported.body.slice(0, 400));
  assert.match(imported.body, /FIM-Import: Anschrift in Deutschland/);
  assert.match(imported.body, /XDatenfelder 3\.0\.0, Nachricht 0103/);
  assert.match(imported.body, /1106/, 'the quality findings are listed');
  assert.match(imported.body, /G60000000088\/R60000000019/, 'what was not carried over is listed');
  const formUrl = /href="(\/verwaltung\/formulare\/[0-9a-f-]{36})"/.exec(imported.body)?.[1];
  assert.ok(formUrl);
  const overview = await client.get(formUrl);
  assert.match(overview.body, /Entwurf/);

  const withSlug = await postMultipart(client, page.body, '/verwaltung/formulare/neu/fim', { kennung: 'anschrift' }, xmlFile(readFim('v2/simple.xml')));
  assert.equal(withSlug.statusCode, 200);
  const slugs = await t.db.ownerTransaction((tx) => tx.query<{ slug: string }>(sql`select slug from forms order by slug`));
  assert.deepEqual(slugs.map((s) => s.slug), ['anschrift', 'fim-g60000000088']);

  const broken = await postMultipart(client, page.body, '/verwaltung/formulare/neu/fim', {}, xmlFile(readFim('v3/invalid-freigabestatus.xml')));
  assert.equal(broken.statusCode, 422);
  assert.match(broken.body, /id="error-summary"/);
  assert.match(broken.body, /Die Datei kann nicht importiert werden: Der Freigabestatus ist nicht in der Codeliste\./);
  assert.match(broken.body, /line 17/, 'the technical detail names the line');
  const notXml = await postMultipart(client, page.body, '/verwaltung/formulare/neu/fim', {}, xmlFile('das ist kein XML'));
  assert.equal(notXml.statusCode, 422);
  assert.match(notXml.body, /kein wohlgeformtes XML/);
  const again = await postMultipart(client, page.body, '/verwaltung/formulare/neu/fim', {}, xmlFile(readFim('v3/simple.xml')));
  assert.equal(again.statusCode, 422, 'the same identifier twice');
  const empty = await postMultipart(client, page.body, '/verwaltung/formulare/neu/fim', {});
  assert.equal(empty.statusCode, 422);
  assert.match(empty.body, /Wählen Sie eine Datei aus/);
  const withoutToken = await postMultipart(client, '', '/verwaltung/formulare/neu/fim', {}, xmlFile(readFim('v2/simple.xml')));
  assert.equal(withoutToken.statusCode, 403, 'uploads need the CSRF token too');
});

test('a tenant adopts a published form, sees a newer original version, compares and takes it over', async () => {
  const detmold = await staffClient(t, 'detmold', ['coordinator']);
  const lage = await staffClient(t, 'lage', ['admin']);

  // Detmold publishes Sperrmüll through the editor (JSON import, then publish).
  let page = await detmold.get('/verwaltung/formulare/neu');
  const created = await postMultipart(detmold, page.body, '/verwaltung/formulare/neu/json', { json: JSON.stringify(fixture('sperrmuell')) });
  assert.equal(created.statusCode, 303);
  const originalUrl = String(created.headers.location).replace(/\?.*$/, '');
  await detmold.get(`${originalUrl}/veroeffentlichen`);
  assert.equal((await detmold.post(`${originalUrl}/veroeffentlichen`, { version: '1' })).statusCode, 303);

  const candidates = await lage.get('/verwaltung/formulare/uebernehmen');
  assert.match(candidates.body, /Sperrmüll abholen lassen/);
  assert.match(candidates.body, /Detmold/);
  const formId = /name="formId" value="([0-9a-f-]{36})"/.exec(candidates.body)?.[1] ?? '';
  const tenantId = /name="tenantId" value="([0-9a-f-]{36})"/.exec(candidates.body)?.[1] ?? '';
  const adopted = await lage.post('/verwaltung/formulare/uebernehmen', { tenantId, formId, version: '1' });
  assert.equal(adopted.statusCode, 303);
  const copyUrl = String(adopted.headers.location).replace(/\?.*$/, '');
  assert.match((await lage.get(String(adopted.headers.location))).body, /Übernommen von Detmold \(Version 1\)/);
  assert.equal((await lage.post('/verwaltung/formulare/uebernehmen', { tenantId, formId, version: '1' })).statusCode, 422, 'the identifier is taken now');
  await lage.get(`${copyUrl}/veroeffentlichen`);
  assert.equal((await lage.post(`${copyUrl}/veroeffentlichen`, { version: '1' })).statusCode, 303);
  assert.equal((await new TestClient(t.app).get('/lage/antrag/sperrmuell-abholung')).statusCode, 200);

  // Detmold publishes version 2 with a new title.
  page = await detmold.get(`${originalUrl}/bearbeiten`);
  const texts = {
    stand: standOf(page.body), 'title.de': 'Sperrmüll-Abholung buchen', 'title.en': 'Book a bulky waste collection',
    'intro.de': '', 'intro.en': '', 'declaration.text.de': fixture('sperrmuell').declaration.text.de, 'declaration.text.en': fixture('sperrmuell').declaration.text.en,
    'declaration.confirmLabel.de': fixture('sperrmuell').declaration.confirmLabel.de, 'declaration.confirmLabel.en': fixture('sperrmuell').declaration.confirmLabel.en,
  };
  assert.equal((await detmold.post(`${originalUrl}/bearbeiten`, texts)).statusCode, 303);
  await detmold.get(`${originalUrl}/veroeffentlichen`);
  assert.equal((await detmold.post(`${originalUrl}/veroeffentlichen`, { version: '2' })).statusCode, 303);

  const list = await lage.get('/verwaltung/formulare');
  assert.match(list.body, /Detmold hat Version 2 veröffentlicht/);
  const origin = await lage.get(`${copyUrl}/original`);
  assert.match(origin.body, /Titel: „Sperrmüll abholen lassen“ → „Sperrmüll-Abholung buchen“/);
  assert.match(origin.body, /Version 2 übernehmen/);
  const accepted = await lage.post(`${copyUrl}/original`, { version: '2' });
  assert.equal(accepted.statusCode, 303);
  assert.equal(accepted.headers.location, `${copyUrl}/veroeffentlichen`);
  const confirm = await lage.get(`${copyUrl}/veroeffentlichen`);
  assert.match(confirm.body, /Version 2 veröffentlichen/);
  assert.equal((await lage.post(`${copyUrl}/veroeffentlichen`, { version: '2' })).statusCode, 303);
  assert.match((await new TestClient(t.app).get('/lage/antrag/sperrmuell-abholung')).body, /Sperrmüll-Abholung buchen/);
  assert.doesNotMatch((await lage.get('/verwaltung/formulare')).body, /hat Version 2 veröffentlicht/);

  const audit = await t.db.ownerTransaction((tx) =>
    tx.query<{ action: string }>(sql`select a.action from audit_log a join tenants t on t.id = a.tenant_id where t.slug = 'lage' and a.subject_type = 'form' order by a.seq`),
  );
  assert.deepEqual(audit.map((a) => a.action), ['form.adopted', 'form.published', 'form.draft_saved', 'form.original_accepted', 'form.published']);
  // Detmold's staff cannot open Lage's copy.
  assert.equal((await detmold.get(`${copyUrl}/original`)).statusCode, 404);
});
