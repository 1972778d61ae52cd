import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { coordinator, createHubTestApp, idFromLocation, type HubTestApp } from './test-support.ts';

let t: HubTestApp;
before(async () => {
  t = await createHubTestApp();
});
after(() => t.close());

test('an article linked to a project and a service is found by German full-text search', async () => {
  const lemgo = await coordinator(t, 'lemgo');
  await lemgo.client.get('/kooperation/projekte/neu');
  const project = idFromLocation((await lemgo.client.post('/kooperation/projekte/neu', { title: 'E-Akte Lemgo', goal: 'Elektronische Akten.', phase: 'umsetzung', status: 'im_plan' })).headers.location);
  await lemgo.client.get('/kooperation/wissen/neu');
  const written = await lemgo.client.post('/kooperation/wissen/neu', {
    title: 'So haben wir die Posteingangsscanner eingeführt',
    body: 'Die Registratur scannt alle eingehenden Briefe am selben Tag.\n\nDer Personalrat war früh beteiligt.',
    projectId: project,
    serviceKeys: '99008001012000',
  });
  assert.equal(written.statusCode, 303, written.body.slice(0, 1500));
  const id = idFromLocation(written.headers.location);

  const detmold = await coordinator(t, 'detmold');
  const article = (await detmold.client.get(`/kooperation/wissen/${id}`)).body;
  assert.match(article, /<p class="kern-body">Der Personalrat war früh beteiligt\.<\/p>/);
  assert.match(article, new RegExp(`href="/kooperation/projekte/${project}">E-Akte Lemgo`));
  assert.match(article, /Personalausweis Ausstellung<\/a>/);
  assert.match((await detmold.client.get(`/kooperation/projekte/${project}`)).body, new RegExp(`Wissensartikel zum Projekt[\\s\\S]*href="/kooperation/wissen/${id}"`));

  // Stemming: "Brief" finds "Briefe", "Scanner" finds "Posteingangsscanner" only as a whole word,
  // so it is not found; the title counts more than the body.
  const found = (await detmold.client.get('/kooperation/wissen?q=Brief')).body;
  assert.match(found, /1 Artikel zu „Brief“/);
  assert.match(found, new RegExp(`href="/kooperation/wissen/${id}"`));
  assert.match((await detmold.client.get('/kooperation/wissen?q=Registratur%20Personalrat')).body, /1 Artikel zu/);
  const none = (await detmold.client.get('/kooperation/wissen?q=Wohngeld')).body;
  assert.match(none, /0 Artikel zu „Wohngeld“/);
  assert.match(none, /Keine Artikel gefunden/);
  // Syntax people type never breaks the search.
  assert.equal((await detmold.client.get('/kooperation/wissen?q=%22%27%3A%2A%26%7C%21(')).statusCode, 200);
});

test('invalid articles are a 422 with the fields named', async () => {
  const lemgo = await coordinator(t, 'lemgo');
  await lemgo.client.get('/kooperation/wissen/neu');
  const response = await lemgo.client.post('/kooperation/wissen/neu', { title: '', body: '', projectId: 'kaputt', serviceKeys: '123' });
  assert.equal(response.statusCode, 422);
  for (const field of ['title', 'body', 'projectId', 'serviceKeys']) assert.match(response.body, new RegExp(`href="#f-${field}"`));
  const unknownProject = await lemgo.client.post('/kooperation/wissen/neu', { title: 'T', body: 'B', projectId: '00000000-0000-4000-8000-000000000000', serviceKeys: '' });
  assert.equal(unknownProject.statusCode, 422);
});
