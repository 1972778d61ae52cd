import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, TestClient, type TestApp } from '../testing/test-app.ts';
import Fastify from 'fastify';
import formbody from '@fastify/formbody';
import { registerNulStripping } from './strip-nul.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

test('every page carries a strict content security policy and no-framing headers', async () => {
  const response = await t.app.inject({ method: 'GET', url: '/' });
  const csp = response.headers['content-security-policy'] as string;
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.equal(response.headers['x-content-type-options'], 'nosniff');
  assert.equal(response.headers['referrer-policy'], 'same-origin');
});

test('an unknown page is a 404 page in the visitor\'s language', async () => {
  const german = await t.app.inject({ method: 'GET', url: '/gibt-es-nicht' });
  assert.equal(german.statusCode, 404);
  assert.match(german.body, /Seite nicht gefunden/);
  const english = await t.app.inject({ method: 'GET', url: '/gibt-es-nicht', cookies: { kp_lang: 'en' } });
  assert.equal(english.statusCode, 404);
  assert.match(english.body, /Page not found/);
  assert.match(english.body, /<html lang="en">/);
});

test('malformed requests get a 4xx page, never a 500 or a stack trace', async () => {
  const client = new TestClient(t.app);
  await client.get('/anmelden');
  const cases = [
    { payload: '%%%', type: 'application/x-www-form-urlencoded' },
    { payload: '{"email": ', type: 'application/json' },
    { payload: 'x'.repeat(2 * 1024 * 1024), type: 'application/x-www-form-urlencoded' },
    { payload: '<xml/>', type: 'application/xml' },
  ];
  for (const { payload, type } of cases) {
    const response = await t.app.inject({ method: 'POST', url: '/anmelden', payload, headers: { 'content-type': type, cookie: `kp_anon=${client.cookie('kp_anon')}` } });
    assert.ok(response.statusCode >= 400 && response.statusCode < 500, `${type}: ${response.statusCode}`);
    assert.doesNotMatch(response.body, /at .*\.ts:\d+|stack/i);
  }
  const repeated = await client.post('/anmelden', {}, {});
  assert.equal(repeated.statusCode, 422);
});

test('form fields sent twice or as arrays are treated as invalid input, not a crash', async () => {
  const client = new TestClient(t.app);
  await client.get('/anmelden');
  const csrf = /name="_csrf" value="([^"]+)"/.exec((await client.get('/anmelden')).body)![1]!;
  const response = await t.app.inject({
    method: 'POST',
    url: '/anmelden',
    payload: `_csrf=${csrf}&email=a@b.de&email=c@d.de&password=x`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `kp_anon=${client.cookie('kp_anon')}` },
  });
  assert.equal(response.statusCode, 422);
});

test('the language switch only returns to local paths', async () => {
  const response = await t.app.inject({ method: 'GET', url: '/sprache/en?zurueck=https://evil.example/' });
  assert.equal(response.statusCode, 303);
  assert.equal(response.headers.location, '/');
  assert.equal((await t.app.inject({ method: 'GET', url: '/sprache/fr' })).statusCode, 404);
});

test('health, readiness and metrics endpoints answer', async () => {
  assert.equal((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
  const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
  assert.equal(ready.statusCode, 200);
  assert.equal(ready.json().database, 'ok');
  const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
  assert.match(metrics.body, /http_request_duration_seconds_bucket/);
  assert.match(metrics.body, /process_resident_memory_bytes/);
});

test('assets are served with content hashes and long-lived caching; legal pages exist', async () => {
  const page = await t.app.inject({ method: 'GET', url: '/impressum' });
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Felix-Fechenbach-Straße 5/);
  const href = /href="(\/assets\/kern\.css\?v=[0-9a-f]+)"/.exec(page.body)![1]!;
  const css = await t.app.inject({ method: 'GET', url: href });
  assert.equal(css.statusCode, 200);
  assert.match(css.headers['cache-control'] as string, /immutable/);
  for (const url of ['/datenschutz', '/barrierefreiheit']) assert.equal((await t.app.inject({ method: 'GET', url })).statusCode, 200);
});

test('POST routes are rate limited', async () => {
  const limited = await createTestApp();
  try {
    const { buildApp } = await import('../../app.ts');
    const app = await buildApp({ config: limited.config, db: limited.db, logger: false, rateLimits: { postPerMinute: 3, loginPerMinute: 2 } });
    const client = new TestClient(app);
    await client.get('/anmelden');
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await client.post('/anmelden', { email: 'a@b.de', password: 'x' })).statusCode);
    assert.deepEqual(statuses, [422, 422, 429, 429]);
    const last = await client.post('/anmelden', { email: 'a@b.de', password: 'x' });
    assert.ok(Number(last.headers['retry-after']) > 0);
    assert.match(last.body, /Zu viele Anfragen/);
    await app.close();
  } finally {
    await limited.close();
  }
});

test('a NUL character in a form field or a query string is removed before any route sees it', async () => {
  const app = Fastify({ logger: false });
  await app.register(formbody);
  registerNulStripping(app);
  app.post('/echo', async (request) => ({ body: request.body, query: request.query }));
  const response = await app.inject({
    method: 'POST',
    url: '/echo?q=a%00b&list=x%00&list=y',
    payload: 'name=Eri%00ka&items=1%002&items=3',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.deepEqual(response.json(), { body: { name: 'Erika', items: ['12', '3'] }, query: { q: 'ab', list: ['x', 'y'] } });
  await app.close();
});

test('each answered request leaves one access line naming the route pattern, not the address or cookies', async () => {
  const logged = await createTestApp();
  try {
    const lines: Record<string, unknown>[] = [];
    const stream = { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) };
    const { buildApp } = await import('../../app.ts');
    const app = await buildApp({ config: logged.config, db: logged.db, logger: { level: 'info', stream } });
    await app.inject({ method: 'GET', url: '/gemeinden/lemgo?geheim=Erika', headers: { cookie: 'kp_session=secret-token' } });
    const access = lines.filter((line) => line.msg === 'request');
    assert.equal(access.length, 1);
    assert.equal(access[0]?.route, '/gemeinden/:slug');
    assert.equal(access[0]?.statusCode, 200);
    assert.equal(typeof access[0]?.ms, 'number');
    const text = JSON.stringify(lines);
    assert.doesNotMatch(text, /Erika|secret-token/);
    assert.equal(lines.filter((line) => line.msg === 'incoming request' || line.msg === 'request completed').length, 0);
    await app.close();
  } finally {
    await logged.close();
  }
});
