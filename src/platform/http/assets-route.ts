import type { FastifyInstance } from 'fastify';
import { notFound } from './errors.ts';
import { loadAssets } from '../views/assets.ts';

/** Serves the in-memory assets; URLs carry the content hash, so they are cached for a year. */
export function registerAssets(app: FastifyInstance): void {
  const assets = loadAssets();
  app.get<{ Params: { '*': string } }>('/assets/*', async (request, reply) => {
    const asset = assets.get(request.params['*']);
    if (!asset) throw notFound();
    return reply
      .type(asset.type)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('etag', `"${asset.hash}"`)
      .send(asset.body);
  });
}
