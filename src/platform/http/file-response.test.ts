import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { contentDisposition, isPreviewable, sendPrivateFile } from './file-response.ts';

test('only formats that run no code open in the browser; SVG and HTML download', () => {
  assert.equal(isPreviewable('application/pdf'), true);
  assert.equal(isPreviewable('image/png'), true);
  assert.equal(isPreviewable('image/svg+xml'), false);
  assert.equal(isPreviewable('text/html'), false);
});

test('the file name travels as ASCII fallback and as UTF-8, quotes and backslashes defused', () => {
  assert.equal(contentDisposition('attachment', 'Bescheid Müller "neu".pdf'), `attachment; filename="Bescheid Muller _neu_.pdf"; filename*=UTF-8''Bescheid%20M%C3%BCller%20%22neu%22.pdf`);
  assert.equal(contentDisposition('inline', 'Ärger'), `inline; filename="Arger"; filename*=UTF-8''%C3%84rger`);
  assert.match(contentDisposition('inline', '日本'), /^inline; filename="datei"; /);
});

test('a private file is never cached and not sniffed; the disposition follows the type unless asked', async () => {
  const app = Fastify({ logger: false });
  app.get('/svg', (_request, reply) => sendPrivateFile(reply, { mediaType: 'image/svg+xml', fileName: 'plan.svg', bytes: Buffer.from('<svg/>') }));
  app.get('/pdf', (_request, reply) => sendPrivateFile(reply, { mediaType: 'application/pdf', fileName: 'a.pdf', bytes: Buffer.from('%PDF') }, 'attachment'));
  const svg = await app.inject({ url: '/svg' });
  assert.match(String(svg.headers['content-disposition']), /^attachment;/);
  assert.equal(svg.headers['cache-control'], 'private, no-store');
  assert.equal(svg.headers['x-content-type-options'], 'nosniff');
  assert.match(String((await app.inject({ url: '/pdf' })).headers['content-disposition']), /^attachment;/);
  await app.close();
});
