import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

test('pages are sent compressed to clients that accept it, with their security headers and Vary', async () => {
  const plain = await t.app.inject({ url: '/' });
  const br = await t.app.inject({ url: '/', headers: { 'accept-encoding': 'br, gzip' } });
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.equal(br.headers['content-encoding'], 'br');
  assert.match(String(br.headers.vary), /accept-encoding/i);
  assert.equal(br.headers['content-security-policy'], plain.headers['content-security-policy']);
  assert.ok(br.rawPayload.length * 3 < plain.rawPayload.length, `${br.rawPayload.length} of ${plain.rawPayload.length} bytes`);
  assert.equal(zlib.brotliDecompressSync(br.rawPayload).toString('utf8').replace(/name="_csrf" value="[^"]*"/g, ''), plain.body.replace(/name="_csrf" value="[^"]*"/g, ''));
  const gzip = await t.app.inject({ url: '/', headers: { 'accept-encoding': 'gzip' } });
  assert.equal(gzip.headers['content-encoding'], 'gzip');
  assert.ok(zlib.gunzipSync(gzip.rawPayload).length > 1024);
});

test('stylesheets come precompressed; fonts and tiny answers go as they are', async () => {
  const page = await t.app.inject({ url: '/' });
  const href = /href="(\/assets\/kern\.css\?v=[0-9a-f]+)"/.exec(page.body)![1]!;
  const css = await t.app.inject({ url: href, headers: { 'accept-encoding': 'gzip, deflate, br' } });
  const identity = await t.app.inject({ url: href });
  assert.equal(css.headers['content-encoding'], 'br');
  assert.equal(zlib.brotliDecompressSync(css.rawPayload).toString('utf8'), identity.body);
  assert.match(String(css.headers['cache-control']), /immutable/);
  assert.notEqual(css.headers.etag, identity.headers.etag, 'each encoding has its own ETag');
  const refused = await t.app.inject({ url: href, headers: { 'accept-encoding': 'br;q=0, gzip' } });
  assert.equal(refused.headers['content-encoding'], 'gzip');

  const font = /url\("(\/assets\/fonts\/[^"]+\.woff2)"\)/.exec(identity.body)![1]!;
  const fontResponse = await t.app.inject({ url: font, headers: { 'accept-encoding': 'br, gzip' } });
  assert.equal(fontResponse.statusCode, 200);
  assert.equal(fontResponse.headers['content-encoding'], undefined);
  assert.ok(fontResponse.rawPayload.length < 20_000, `${font} is ${fontResponse.rawPayload.length} bytes`);
  const health = await t.app.inject({ url: '/healthz', headers: { 'accept-encoding': 'br, gzip' } });
  assert.equal(health.headers['content-encoding'], undefined);
});
