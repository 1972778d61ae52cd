/**
 * Headers and cookies as OWASP ASVS level 2 asks (V3.4 cookies, V14.4 headers), on the app built
 * with an https BASE_URL as in production: HSTS, nosniff, Referrer-Policy, frame-ancestors none, a
 * CSP without unsafe-inline, Secure + HttpOnly + SameSite cookies, no server version, and no-store
 * on personal pages.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, TestClient, type TestApp } from '../../src/platform/testing/test-app.ts';
import { signedInCitizen, signedInStaff } from '../../src/platform/testing/signed-in.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp({ BASE_URL: 'https://portal.kreis-lippe.test' });
});
after(() => t.close());

const pages = ['/', '/anmelden', '/registrieren', '/gemeinden/lemgo', '/leistungen', '/api/v1/tenants', '/gibt-es-nicht', '/healthz', '/sitemap.xml', '/assets/kern.css'];

function checkCommonHeaders(url: string, response: LightMyRequestResponse, failures: string[]): void {
  const h = response.headers;
  const fail = (what: string) => failures.push(`${url} (${response.statusCode}): ${what}`);
  const csp = String(h['content-security-policy'] ?? '');
  if (!csp) fail('no Content-Security-Policy');
  if (/unsafe-inline|unsafe-eval/.test(csp)) fail(`CSP allows unsafe code: ${csp}`);
  if (!/frame-ancestors 'none'/.test(csp)) fail('CSP without frame-ancestors none');
  if (!/script-src 'self'(;|$)/.test(csp)) fail(`script-src is not just 'self': ${csp}`);
  if (!/object-src 'none'/.test(csp)) fail('CSP without object-src none');
  if (!/base-uri 'none'/.test(csp)) fail('CSP without base-uri none');
  if (h['x-content-type-options'] !== 'nosniff') fail('no X-Content-Type-Options: nosniff');
  if (!/^(same-origin|no-referrer|strict-origin|strict-origin-when-cross-origin)$/.test(String(h['referrer-policy']))) fail(`Referrer-Policy ${String(h['referrer-policy'])}`);
  const hsts = String(h['strict-transport-security'] ?? '');
  const maxAge = Number(/max-age=(\d+)/.exec(hsts)?.[1] ?? 0);
  if (maxAge < 31536000 || !/includeSubDomains/i.test(hsts)) fail(`HSTS too weak: "${hsts}"`);
  if (h['x-frame-options'] === undefined) fail('no X-Frame-Options (old browsers)');
  if (h['x-powered-by'] !== undefined) fail(`X-Powered-By: ${String(h['x-powered-by'])}`);
  if (h.server !== undefined && /\d/.test(String(h.server))) fail(`Server version leaked: ${String(h.server)}`);
}

test('every kind of answer carries the security headers (pages, API, errors, assets, health)', async () => {
  const failures: string[] = [];
  const client = new TestClient(t.app);
  for (const url of pages) checkCommonHeaders(url, await client.get(url), failures);
  await client.get('/anmelden');
  checkCommonHeaders('POST /anmelden (422)', await client.post('/anmelden', { email: 'x@example.test', password: 'falsch' }), failures);
  checkCommonHeaders('POST without CSRF (403)', await t.app.inject({ method: 'POST', url: '/anmelden', payload: 'email=a', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), failures);
  const staff = await signedInStaff(t, 'lemgo', ['admin', 'caseworker']);
  for (const url of ['/verwaltung', '/verwaltung/vorgaenge', '/konto']) checkCommonHeaders(url, await staff.client.get(url), failures);
  assert.deepEqual(failures, []);
});

test('cookies: session, anonymous and language cookies are HttpOnly, SameSite and Secure under https', async () => {
  const client = new TestClient(t.app);
  const page = await client.get('/anmelden');
  const login = await signedInCitizen(t);
  const session = await t.app.inject({ method: 'GET', url: '/sprache/en' });
  const cookies = [...page.cookies, ...session.cookies] as { name: string; httpOnly?: boolean; secure?: boolean; sameSite?: string; path?: string }[];
  assert.ok(cookies.some((cookie) => cookie.name === 'kp_anon'));
  // The session cookie as the login sets it.
  await client.get('/anmelden');
  const response = await t.app.inject({ method: 'POST', url: '/anmelden', payload: new URLSearchParams({ email: login.email, password: 'Passwort der Bürgerin 1', _csrf: /name="_csrf" value="([^"]+)"/.exec((await client.get('/anmelden')).body)![1]! }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `kp_anon=${client.cookie('kp_anon')}` } });
  assert.equal(response.statusCode, 303);
  cookies.push(...(response.cookies as typeof cookies));
  assert.ok(cookies.some((cookie) => cookie.name === 'kp_session'));
  for (const cookie of cookies) {
    assert.equal(cookie.secure, true, `${cookie.name} Secure`);
    assert.match(String(cookie.sameSite), /^(Lax|Strict)$/, `${cookie.name} SameSite`);
    if (cookie.name !== 'kp_lang') assert.equal(cookie.httpOnly, true, `${cookie.name} HttpOnly`);
  }
});

test('personal pages are not cached (Cache-Control: no-store)', async () => {
  const citizen = await signedInCitizen(t);
  const staff = await signedInStaff(t, 'lemgo', ['admin', 'caseworker', 'records_manager', 'coordinator']);
  const failures: string[] = [];
  for (const [client, url] of [[citizen.client, '/konto'], [citizen.client, '/konto/antraege'], [staff.client, '/verwaltung'], [staff.client, '/verwaltung/vorgaenge'], [staff.client, '/verwaltung/akten'], [staff.client, '/kooperation'], [staff.client, '/konto']] as const) {
    const response = await client.get(url);
    if (response.statusCode !== 200) failures.push(`${url}: ${response.statusCode}`);
    if (!/no-store/.test(String(response.headers['cache-control']))) failures.push(`${url}: Cache-Control "${String(response.headers['cache-control'] ?? '')}"`);
  }
  // Pages with forms carry a CSRF token bound to the visitor: not for shared caches either.
  const login = await new TestClient(t.app).get('/anmelden');
  if (!/no-store|private/.test(String(login.headers['cache-control']))) failures.push(`/anmelden: Cache-Control "${String(login.headers['cache-control'] ?? '')}"`);
  assert.deepEqual(failures, []);
});

// Browsers ignore HSTS received over plain http (RFC 6797 8.1), so it may be sent there too.
test('over http (development) cookies are not Secure', async () => {
  const dev = await createTestApp();
  try {
    const page = await dev.app.inject({ method: 'GET', url: '/anmelden' });
    const anon = page.cookies.find((cookie) => cookie.name === 'kp_anon') as { secure?: boolean } | undefined;
    assert.notEqual(anon?.secure, true);
  } finally {
    await dev.close();
  }
});
