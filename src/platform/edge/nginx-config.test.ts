import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultEdgeOptions, edgeBounds, edgeShedPage, renderEdgeHttpBlock } from './nginx-config.ts';
import { startNginx, type NginxProcess } from './nginx-process.ts';
import { freePort } from '../testing/free-port.ts';

/**
 * A real nginx with the edge configuration in front of a small HTTP server that holds every
 * request whose path ends in /halten until released, so the requests in flight can be counted.
 */
const held: http.ServerResponse[] = [];
const seen: string[] = [];
let upstream: http.Server;
let nginx: NginxProcess;
const edge = { ...defaultEdgeOptions, anonymousReadsPerProcess: 8, tenantReadsPerProcess: 4 };
/** Pages the upstream answers with these headers, each answer numbered ("copy N"). */
const cachedPages = new Map<string, Record<string, string>>([
  ['/detmold/leistungen/oeffentlich', { 'cache-control': 'public, max-age=60' }],
  ['/leistungen/setzt-cookie', { 'cache-control': 'public, max-age=60', 'set-cookie': 'kp_anon=1; Path=/' }],
  ['/leistungen/privat', { 'cache-control': 'private, no-store' }],
  ['/leistungen/ohne-angabe', {}],
  ['/leistungen/kurzlebig', { 'cache-control': 'public, max-age=1, stale-while-revalidate=600' }],
  ['/leistungen/erneuert', { 'cache-control': 'public, max-age=1, stale-while-revalidate=600' }],
]);
let appRefuses = false;
const upstreamCopies = (path: string) => seen.filter((line) => line === `GET ${path}`).length;
const bound = 4;

function release(): void {
  for (const response of held.splice(0)) response.end('released');
}

before(async () => {
  upstream = http.createServer((request, response) => {
    seen.push(`${request.method} ${request.url}`);
    request.resume();
    if (request.url?.endsWith('/halten')) return void held.push(response);
    const kept = cachedPages.get(request.url ?? '');
    if (request.url === '/lemgo/kaputt' || (kept && appRefuses)) {
      response.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '7' });
      return void response.end('the app says busy');
    }
    if (kept) {
      response.writeHead(200, { 'content-type': 'text/plain', vary: 'Cookie', ...kept });
      return void response.end(`copy ${upstreamCopies(request.url!)} of ${request.url} for "${request.headers.cookie ?? ''}"`);
    }
    response.end(`ok ${request.url}`);
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const upstreamPort = (upstream.address() as AddressInfo).port;
  nginx = await startNginx({ ...edge, upstreams: [`127.0.0.1:${upstreamPort}`], tenantSlugs: ['detmold', 'lemgo'] }, await freePort());
});

after(async () => {
  release();
  await nginx?.stop();
  await new Promise((resolve) => upstream.close(resolve));
});

async function get(path: string, init: RequestInit = {}): Promise<{ status: number; body: string; headers: Headers }> {
  const response = await fetch(`${nginx.origin}${path}`, init);
  return { status: response.status, body: await response.text(), headers: response.headers };
}

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

test('a municipality gets at most its bound of anonymous reads in flight; the rest is refused by nginx with a bilingual page and Retry-After', async () => {
  const flood = Array.from({ length: bound + 3 }, () => get('/detmold/leistungen/halten'));
  await until(() => held.length === bound);
  // The refused ones come back while the admitted ones are still held.
  const settled = await Promise.race([Promise.all(flood.slice(0)).then(() => 'all'), new Promise((resolve) => setTimeout(() => resolve('some'), 300))]);
  assert.equal(settled, 'some', 'the admitted requests are still in flight');
  assert.equal(held.length, bound, 'no more than the bound reached the app');

  const refused = await get('/gemeinden/detmold');
  assert.equal(refused.status, 503, 'the municipality page counts for the same municipality');
  assert.equal(refused.headers.get('retry-after'), String(defaultEdgeOptions.retryAfterSeconds));
  assert.equal(refused.headers.get('cache-control'), 'no-store');
  assert.match(refused.headers.get('content-type') ?? '', /^text\/html/);
  assert.match(refused.body, /<html lang="de">[\s\S]*<h1>Gerade sind sehr viele Menschen im Portal<\/h1>[\s\S]*<section lang="en">[\s\S]*Very many people/);
  // Answered from the configuration: the page arrives byte for byte through nginx's string escapes.
  assert.equal(refused.body, edgeShedPage(defaultEdgeOptions.retryAfterSeconds));

  // Others are not touched by Detmold's flood.
  for (const [path, init] of [
    ['/lemgo/leistungen/hundesteuer', {}],
    ['/suche?q=hund', {}],
    ['/detmold/antrag/hundeanmeldung', {}],
    ['/detmold/leistungen/hundesteuer', { method: 'POST', body: 'a=1' }],
    ['/detmold/leistungen/hundesteuer', { headers: { cookie: 'kp_session=angemeldet' } }],
    ['/verwaltung/vorgaenge', {}],
  ] as const) {
    const answer = await get(path, init);
    assert.equal(answer.status, 200, `${init && 'method' in init ? 'POST ' : ''}${path}`);
  }

  release();
  const answers = await Promise.all(flood);
  assert.equal(answers.filter((answer) => answer.status === 200).length, bound);
  assert.equal(answers.filter((answer) => answer.status === 503).length, 3);
  assert.equal((await get('/detmold/leistungen/hundesteuer')).status, 200, 'free again once the reads are done');
});

test('anonymous reads in all are bounded too; static files, probes, applications and the back office are not', async () => {
  const all = Array.from({ length: 8 }, () => get('/leistungen/halten'));
  await until(() => held.length === 8);
  assert.equal((await get('/suche?q=pass')).status, 503, 'the ninth anonymous read');
  for (const path of ['/assets/site.css', '/healthz', '/verwaltung/vorgaenge', '/lemgo/antrag/hundeanmeldung', '/antraege/lemgo/ANT-2026-000001', '/konto/anmelden']) {
    assert.equal((await get(path)).status, 200, path);
  }
  release();
  assert.deepEqual((await Promise.all(all)).map((answer) => answer.status), Array(8).fill(200));
});

test("the app's own 503 passes through unchanged (its waiting pages stay its own)", async () => {
  const answer = await get('/lemgo/kaputt');
  assert.equal(answer.status, 503);
  assert.equal(answer.body, 'the app says busy');
  assert.equal(answer.headers.get('retry-after'), '7');
});

test('slugs and upstreams that would change the configuration are refused', () => {
  assert.deepEqual(edgeBounds({ ...defaultEdgeOptions, upstreams: ['a:1', 'b:2'] }), { anonymous: 128, perTenant: 16 });
  assert.deepEqual(edgeBounds({ ...edge, upstreams: ['a:1'] }), { anonymous: 8, perTenant: bound });
  const valid = { ...defaultEdgeOptions, listen: '127.0.0.1:8080', upstreams: ['127.0.0.1:3000'], tenantSlugs: ['lemgo'] };
  assert.match(renderEdgeHttpBlock(valid), /server 127\.0\.0\.1:3000;/);
  assert.throws(() => renderEdgeHttpBlock({ ...valid, tenantSlugs: ['lemgo|.*'] }), /Not a municipality slug/);
  assert.throws(() => renderEdgeHttpBlock({ ...valid, upstreams: ['127.0.0.1:3000; include /etc/passwd'] }), /Not host:port/);
  assert.throws(() => renderEdgeHttpBlock({ ...valid, upstreams: [] }), /At least one/);
  assert.throws(() => renderEdgeHttpBlock({ ...valid, listen: '80; include /etc/passwd' }), /Not a listen address/);
  assert.match(renderEdgeHttpBlock({ ...valid, listen: '443 ssl' }), /listen 443 ssl;/);
  assert.throws(() => renderEdgeHttpBlock({ ...valid, anonymousReadsPerProcess: 0 }), /whole number/);
  assert.throws(() => renderEdgeHttpBlock({ ...valid, tenantReadsPerProcess: 1.5 }), /whole number/);
  const cache = { directory: '/var/cache/nginx/kreisportal', maxSize: '512m', boundsSocket: '/run/kreisportal-edge.sock' };
  const cached = renderEdgeHttpBlock({ ...valid, pageCache: cache });
  assert.match(cached, /proxy_cache_path \/var\/cache\/nginx\/kreisportal levels=1:2 keys_zone=kreisportal_pages:16m max_size=512m /);
  // A short queue on the local socket answered a fifth of a 27,000/s flood with 502 (ADR 16).
  assert.match(cached, /listen unix:\/run\/kreisportal-edge\.sock backlog=4096;/);
  assert.match(cached, /server unix:\/run\/kreisportal-edge\.sock;\s+keepalive 1024;/);
  assert.throws(() => renderEdgeHttpBlock({ ...valid, pageCache: { ...cache, directory: '/tmp/x; include /etc/passwd' } }), /Not an absolute path/);
  assert.throws(() => renderEdgeHttpBlock({ ...valid, pageCache: { ...cache, boundsSocket: 'relative.sock' } }), /Not an absolute path/);
  assert.throws(() => renderEdgeHttpBlock({ ...valid, pageCache: { ...cache, maxSize: '1g;' } }), /Not an nginx size/);
});

test('a page the app marks public is answered by nginx after its first request; another cookie gets its own copy; a session never meets the cache', async () => {
  const path = '/detmold/leistungen/oeffentlich';
  const first = await get(path);
  assert.equal(first.headers.get('x-cache-status'), 'MISS');
  for (let i = 0; i < 3; i++) {
    const again = await get(path);
    assert.equal(again.body, first.body);
    assert.equal(again.headers.get('x-cache-status'), 'HIT');
  }
  assert.equal(upstreamCopies(path), 1, 'the app was asked once');

  // Vary: Cookie — the English page is not the German one.
  const english = await get(path, { headers: { cookie: 'kp_lang=en' } });
  assert.match(english.body, /for "kp_lang=en"/);
  assert.equal(upstreamCopies(path), 2);

  // A signed-in visitor goes to the app every time, and what they get is not kept for others.
  for (let i = 0; i < 2; i++) assert.match((await get(path, { headers: { cookie: 'kp_session=angemeldet' } })).body, /kp_session=angemeldet/);
  assert.equal(upstreamCopies(path), 4);
  assert.equal((await get(path)).body, first.body, 'anonymous visitors still get the first copy');
});

test('answers that set a cookie, are private or no-store, or name no lifetime are never kept', async () => {
  for (const path of ['/leistungen/setzt-cookie', '/leistungen/privat', '/leistungen/ohne-angabe']) {
    await get(path);
    const again = await get(path);
    assert.notEqual(again.headers.get('x-cache-status'), 'HIT', path);
    assert.equal(upstreamCopies(path), 2, `${path}: the app answered both`);
  }
});

test("a kept page is served while the municipality's reads are at their bound, and stale while the app refuses", async () => {
  const kept = '/detmold/leistungen/oeffentlich';
  await get(kept);
  const flood = Array.from({ length: bound }, () => get('/detmold/leistungen/halten'));
  await until(() => held.length === bound);
  assert.equal((await get('/detmold/leistungen/anderes')).status, 503, 'a page nginx does not hold is refused at the bound');
  const fromCache = await get(kept);
  assert.equal(fromCache.status, 200, 'the kept page is not');
  assert.equal(fromCache.headers.get('x-cache-status'), 'HIT');
  release();
  await Promise.all(flood);

  const shortLived = '/leistungen/kurzlebig';
  const fresh = await get(shortLived);
  // max-age=1 counts in whole seconds of nginx's clock: after two, the page has expired.
  await new Promise((resolve) => setTimeout(resolve, 2100));
  appRefuses = true;
  try {
    for (let i = 0; i < 2; i++) {
      const stale = await get(shortLived);
      assert.equal(stale.status, 200, 'expired, the app refusing: the old page rather than a 503');
      assert.equal(stale.body, fresh.body);
      assert.match(stale.headers.get('x-cache-status') ?? '', /^(STALE|UPDATING)$/);
    }
    // nginx asked the app again in the background (and was refused), the visitors did not wait for it.
    await until(() => upstreamCopies(shortLived) >= 2);
    assert.equal((await get(shortLived)).body, fresh.body);
  } finally {
    appRefuses = false;
  }
});

test('a kept page replaced by a newer copy is served anew, though nginx keeps the files of kept pages open between hits', async () => {
  const path = '/leistungen/erneuert';
  const first = await get(path);
  assert.match(first.body, /^copy 1 /);
  for (let i = 0; i < 3; i++) assert.equal((await get(path)).headers.get('x-cache-status'), 'HIT');
  // Expired (max-age=1, whole seconds): the next visitor gets the old copy while nginx asks the app again.
  await new Promise((resolve) => setTimeout(resolve, 2100));
  assert.equal((await get(path)).body, first.body);
  await until(() => upstreamCopies(path) >= 2);
  // The background update has written copy 2 over the file nginx held open: hits must read the new one.
  const deadline = Date.now() + 5000;
  let latest = await get(path);
  while (!latest.body.startsWith('copy 2 ') && Date.now() < deadline) {
    assert.equal(latest.body, first.body, 'until the new copy is in place, the old one');
    await new Promise((resolve) => setTimeout(resolve, 20));
    latest = await get(path);
  }
  assert.match(latest.body, /^copy 2 /);
  for (let i = 0; i < 3; i++) {
    const hit = await get(path);
    assert.equal(hit.headers.get('x-cache-status'), 'HIT');
    assert.equal(hit.body, latest.body);
  }
});
