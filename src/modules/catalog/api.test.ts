import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../platform/testing/test-app.ts';
import { importCatalog } from './import-catalog.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
  await importCatalog(t.db);
});
after(() => t.close());

test('a service is found by its LeiKa key, with its page URL', async () => {
  const response = await t.app.inject({ method: 'GET', url: '/api/v1/services/99012001000000' });
  assert.equal(response.statusCode, 200);
  const body = response.json();
  assert.equal(body.name, 'Abbruchgenehmigung');
  assert.equal(body.inLeika, true);
  assert.equal(body.url, 'http://portal.test/leistungen/abbruchgenehmigung');
});

test('unknown and malformed keys get JSON errors with 404 and 400', async () => {
  const missing = await t.app.inject({ method: 'GET', url: '/api/v1/services/99999999999999' });
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.json().error.code, 'notFound');
  const malformed = await t.app.inject({ method: 'GET', url: "/api/v1/services/1'%20or%201=1" });
  assert.equal(malformed.statusCode, 400);
  assert.equal(malformed.json().error.code, 'badRequest');
  const badLimit = await t.app.inject({ method: 'GET', url: '/api/v1/services?limit=100000' });
  assert.equal(badLimit.statusCode, 400);
});

test('keyset pages walk the whole catalog without gaps or repeats', async () => {
  const keys: string[] = [];
  let after = '';
  for (let page = 0; page < 20; page++) {
    const body = (await t.app.inject({ method: 'GET', url: `/api/v1/services?limit=500${after ? `&after=${after}` : ''}` })).json();
    keys.push(...body.items.map((item: { key: string }) => item.key));
    if (!body.next) break;
    after = body.next;
  }
  assert.equal(keys.length, 5247);
  assert.equal(new Set(keys).size, keys.length);
});

test('tenants and Lebenslagen are listed', async () => {
  const tenants = (await t.app.inject({ method: 'GET', url: '/api/v1/tenants' })).json();
  assert.equal(tenants.length, 17);
  assert.ok(tenants.some((x: { slug: string; ags: string }) => x.slug === 'detmold' && x.ags === '05766020'));
  const lebenslagen = (await t.app.inject({ method: 'GET', url: '/api/v1/lebenslagen' })).json();
  assert.equal(lebenslagen.length, 58);
});

test('the API is described by OpenAPI and readable at /api/docs', async () => {
  const spec = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
  assert.equal(spec.openapi, '3.0.3');
  assert.ok(spec.paths['/api/v1/services/{key}']);
  assert.ok(spec.paths['/api/v1/tenants']);
  assert.equal(spec.paths['/api/docs'], undefined);
  const docs = await t.app.inject({ method: 'GET', url: '/api/docs' });
  assert.equal(docs.statusCode, 200);
  assert.match(docs.body, /<code>GET \/api\/v1\/services\/\{key\}<\/code>/);
});
