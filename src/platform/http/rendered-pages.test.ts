import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import { createOffersTestApp, type OffersTestApp } from '../../modules/offers/test-support.ts';
import { registerCompression } from './compression.ts';
import { registerPageCaching } from './caching.ts';
import { cookieNames } from './request-context.ts';
import { negotiatePageEncoding, RenderedPages } from './rendered-pages.ts';
import { afterContentVersionTtl } from '../testing/content-version.ts';
import { sql } from '../db/sql.ts';

const html = (text: string) => `<!doctype html><p>${'Ein Absatz über Wohngeld. '.repeat(80)}${text}</p>`;

test('Accept-Encoding: brotli before gzip, weights of zero refuse, * stands for the rest (RFC 9110 §12.5.3)', () => {
  assert.equal(negotiatePageEncoding(undefined), undefined);
  assert.equal(negotiatePageEncoding(''), undefined);
  assert.equal(negotiatePageEncoding('gzip, deflate, br'), 'br');
  assert.equal(negotiatePageEncoding('gzip'), 'gzip');
  assert.equal(negotiatePageEncoding('x-gzip'), 'gzip');
  assert.equal(negotiatePageEncoding('br;q=0, gzip;q=0.5'), 'gzip');
  assert.equal(negotiatePageEncoding('BR;Q=0, GZIP'), 'gzip');
  assert.equal(negotiatePageEncoding('*'), 'br');
  assert.equal(negotiatePageEncoding('br;q=0, *'), 'gzip');
  assert.equal(negotiatePageEncoding('*;q=0'), undefined);
  assert.equal(negotiatePageEncoding('identity'), undefined);
  assert.equal(negotiatePageEncoding('deflate'), undefined);
  assert.equal(negotiatePageEncoding('br;q=abc, gzip'), 'gzip', 'a weight that is no number counts as zero');
});

test('kept pages are bounded by bytes; the oldest not asked for since go first', () => {
  const body = (n: number) => Buffer.from(html(String(n)));
  const size = body(1).length;
  const pages = new RenderedPages(size * 3);
  for (const n of [1, 2, 3]) pages.keep(`p${n}`, { headers: [] }, body(n));
  assert.equal(pages.size, 3);
  assert.ok(pages.get('p1', undefined), 'p1 is used again, so p2 is now the oldest');
  pages.keep('p4', { headers: [] }, body(4));
  assert.equal(pages.get('p2', undefined), undefined);
  assert.ok(pages.get('p1', undefined) && pages.get('p3', undefined) && pages.get('p4', undefined));
  assert.equal(pages.usedBytes, size * 3);

  // Keeping a page again replaces it.
  pages.keep('p4', { headers: [] }, Buffer.from(html('neu')));
  assert.match(pages.get('p4', undefined)!.body.toString('utf8'), /neu<\/p>$/);

  // A page larger than the whole budget is not kept, and nothing is pushed out for it.
  const before = pages.size;
  pages.keep('huge', { headers: [] }, Buffer.alloc(size * 4, 'x'));
  assert.equal(pages.get('huge', undefined), undefined);
  assert.equal(pages.size, before);
  // Tiny pages go as they are, whatever the client accepts.
  pages.keep('tiny', { headers: [] }, Buffer.from('<p>kurz</p>'));
  assert.equal(pages.get('tiny', 'br')!.encoding, undefined);
});

test('a page asked for since it was kept outlasts pages that were not (second chance)', () => {
  const body = (n: number) => Buffer.from(html(String(n)));
  const pages = new RenderedPages(body(1).length * 3);
  for (const n of [1, 2, 3]) pages.keep(`p${n}`, { headers: [] }, body(n));
  assert.ok(pages.get('p1', undefined));
  assert.ok(pages.get('p3', undefined));
  // Full: p1 (asked for) and p3 (asked for) get their second chance, p2 (never asked for) goes.
  pages.keep('p4', { headers: [] }, body(4));
  assert.equal(pages.get('p2', undefined), undefined);
  // Passed over, p1 moved behind p4 without its flag; p3 still has one. So p4, never asked for,
  // goes next, and p1 and p3 stay.
  pages.keep('p5', { headers: [] }, body(5));
  assert.equal(pages.get('p4', undefined), undefined);
  assert.ok(pages.get('p1', undefined) && pages.get('p3', undefined) && pages.get('p5', undefined));
  assert.equal(pages.size, 3);
});

test('a page is kept in the form it was sent in; another form is made from it once and kept beside it', () => {
  const plain = Buffer.from(html('eins'));
  const pages = new RenderedPages(plain.length * 3);
  pages.keep('p', { headers: [] }, plain);
  const br = pages.get('p', 'br')!;
  assert.equal(br.encoding, 'br');
  assert.equal(zlib.brotliDecompressSync(br.body).toString('utf8'), plain.toString('utf8'));
  assert.equal(pages.usedBytes, plain.length + br.body.length, 'plain and brotli kept');
  assert.equal(pages.get('p', 'br')!.body, br.body, 'compressed once, then kept');
  assert.equal(pages.get('p', undefined)!.body, plain);

  // Sent compressed first: only the brotli bytes are kept until a client asks for the plain page.
  const sent = zlib.brotliCompressSync(Buffer.from(html('zwei')));
  pages.keep('c', { headers: [] }, sent, 'br');
  const before = pages.usedBytes;
  const unpacked = pages.get('c', undefined)!;
  assert.equal(unpacked.encoding, undefined);
  assert.match(unpacked.body.toString('utf8'), /zwei<\/p>$/, 'unpacked for a client that accepts no encoding');
  assert.equal(pages.usedBytes, before + unpacked.body.length);
  assert.equal(pages.get('c', undefined)!.body, unpacked.body, 'unpacked once, then kept');
  const gzip = pages.get('c', 'gzip')!;
  assert.match(zlib.gunzipSync(gzip.body).toString('utf8'), /zwei<\/p>$/);
  assert.equal(pages.get('c', 'br')!.body, sent, 'the bytes sent first stay');

  // A page kept as sent compressed: the budget of three plain pages holds many more.
  const compact = new RenderedPages(plain.length * 3);
  const compressed = (n: number) => zlib.brotliCompressSync(Buffer.from(html(`Seite ${n}`)));
  for (let n = 0; n < 12; n++) compact.keep(`c${n}`, { headers: [] }, compressed(n), 'br');
  assert.equal(compact.size, 12, `${compact.size} pages in the budget of three plain ones`);
  assert.ok(compact.usedBytes <= plain.length * 3);
  assert.match(compact.get('c0', undefined)!.body.toString('utf8'), /Seite 0<\/p>$/);
  assert.match(zlib.gunzipSync(compact.get('c11', 'gzip')!.body).toString('utf8'), /Seite 11<\/p>$/);
});

// The store inside registerPageCaching, on a route that counts how often it renders.
let t: OffersTestApp;
let app: FastifyInstance;
let renders = 0;
/** Never reset: every rendering differs from every earlier one. */
let renderings = 0;
before(async () => {
  t = await createOffersTestApp();
  app = Fastify();
  await app.register(cookie);
  await registerCompression(app);
  app.decorateRequest('locale', 'de');
  app.decorateRequest('user', null);
  app.decorateRequest('place', null);
  registerPageCaching(app, { db: t.db, routes: new Set(['/seite', '/mit-cookie', '/fehlt']), maxAgeSeconds: 60, staleSeconds: 600 });
  app.get('/seite', async (_request, reply) => {
    renders++;
    return reply.type('text/html; charset=utf-8').header('link', '</seite>; rel="canonical"').header('content-language', 'de').send(html(`Fassung ${++renderings}`));
  });
  app.get('/mit-cookie', async (_request, reply) => {
    renders++;
    return reply.type('text/html; charset=utf-8').header('set-cookie', 'kp_anon=1; Path=/').send(html(`Fassung ${++renderings}`));
  });
  app.get('/fehlt', async (_request, reply) => {
    renders++;
    return reply.code(404).type('text/html; charset=utf-8').send(html('nicht gefunden'));
  });
});
after(async () => {
  await app.close();
  await t.close();
});

test('a public page asked again is sent from the kept bytes, with the headers its route set, in the encoding the client accepts', async () => {
  renders = 0;
  const first = await app.inject({ url: '/seite' });
  assert.equal(first.statusCode, 200);
  assert.equal(renders, 1);
  const again = await app.inject({ url: '/seite' });
  assert.equal(renders, 1, 'not rendered again');
  assert.equal(again.body, first.body);
  for (const name of ['content-type', 'link', 'content-language', 'etag', 'last-modified', 'cache-control', 'vary']) assert.equal(again.headers[name], first.headers[name], name);

  const br = await app.inject({ url: '/seite', headers: { 'accept-encoding': 'gzip, deflate, br' } });
  assert.equal(br.headers['content-encoding'], 'br');
  assert.equal(br.headers.vary, 'Cookie, accept-encoding');
  assert.equal(zlib.brotliDecompressSync(br.rawPayload).toString('utf8'), first.body);
  assert.equal(Number(br.headers['content-length']), br.rawPayload.length);
  const gzip = await app.inject({ url: '/seite', headers: { 'accept-encoding': 'br;q=0, gzip' } });
  assert.equal(gzip.headers['content-encoding'], 'gzip');
  assert.equal(zlib.gunzipSync(gzip.rawPayload).toString('utf8'), first.body);
  const head = await app.inject({ method: 'HEAD', url: '/seite' });
  assert.equal(head.statusCode, 200);
  assert.equal(head.body, '');
  assert.equal(renders, 1, 'every encoding and HEAD from the one rendering');

  // A validator that matches is still 304 without a body.
  const revalidated = await app.inject({ url: '/seite', headers: { 'if-none-match': first.headers.etag as string } });
  assert.equal(revalidated.statusCode, 304);
  assert.equal(revalidated.body, '');
});

test('a page first asked compressed is sent and kept compressed, and serves a client without encoding too', async () => {
  renders = 0;
  const cookies = { erst: 'komprimiert' };
  const first = await app.inject({ url: '/seite', cookies, headers: { 'accept-encoding': 'br' } });
  assert.equal(renders, 1);
  assert.equal(first.headers['content-encoding'], 'br');
  assert.equal(first.headers.vary, 'Cookie, accept-encoding');
  assert.equal(Number(first.headers['content-length']), first.rawPayload.length);
  const plain = zlib.brotliDecompressSync(first.rawPayload).toString('utf8');
  assert.match(plain, /Fassung \d+<\/p>$/);
  const again = await app.inject({ url: '/seite', cookies, headers: { 'accept-encoding': 'br' } });
  assert.ok(again.rawPayload.equals(first.rawPayload), 'the same brotli bytes');
  const identity = await app.inject({ url: '/seite', cookies });
  assert.equal(identity.headers['content-encoding'], undefined);
  assert.equal(identity.body, plain);
  const refused = await app.inject({ url: '/seite', cookies, headers: { 'accept-encoding': 'br', 'x-no-compression': '1' } });
  assert.equal(refused.headers['content-encoding'], undefined);
  assert.equal(refused.body, plain);
  assert.equal(renders, 1, 'one rendering for every client');
});

test('another Cookie header gets its own page (Vary: Cookie); a session, a cookie set or an error is never kept', async () => {
  renders = 0;
  await app.inject({ url: '/seite', cookies: { andere: '1' } });
  assert.equal(renders, 1, 'a cookie the store has not seen: rendered for it');
  await app.inject({ url: '/seite', cookies: { andere: '1' } });
  assert.equal(renders, 1);
  await app.inject({ url: '/seite', cookies: { [cookieNames.session]: 'x' } });
  await app.inject({ url: '/seite', cookies: { [cookieNames.session]: 'x' } });
  assert.equal(renders, 3, 'a visitor with a session: rendered every time');
  for (const url of ['/mit-cookie', '/mit-cookie', '/fehlt', '/fehlt']) await app.inject({ url });
  assert.equal(renders, 7);
});

test('a change of the data gives a new validator and a new rendering', async () => {
  const before = await app.inject({ url: '/seite' });
  renders = 0;
  await t.db.ownerTransaction((tx) => tx.query(sql`update offers set fee_cents = coalesce(fee_cents, 0) + 1 where tenant_id = ${t.tenantId('detmold')} and service_key = '99008001012000'`));
  await afterContentVersionTtl();
  const after = await app.inject({ url: '/seite' });
  assert.equal(renders, 1);
  assert.notEqual(after.headers.etag, before.headers.etag);
  assert.ok(after.body !== before.body, 'the page is rendered anew');
});
