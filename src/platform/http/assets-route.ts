import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { notFound } from './errors.ts';
import { compressibleTypes } from './compression.ts';
import { loadAssets, type Asset } from '../views/assets.ts';

type Encoded = { br?: Buffer; gzip?: Buffer };

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/**
 * Text assets compressed once, at the strongest settings, instead of on every request: brotli 11
 * and gzip 9 are too slow per request but cost nothing here. In zlib's thread pool, on the first
 * request for the asset, so the start (cold start, issue 8) never pays for it. Kept only where
 * they save bytes.
 */
async function precompress(asset: Asset): Promise<Encoded> {
  if (!compressibleTypes.test(asset.type)) return {};
  const [br, gz] = await Promise.all([
    brotli(asset.body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }),
    gzip(asset.body, { level: 9 }),
  ]);
  return { ...(br.length < asset.body.length ? { br } : {}), ...(gz.length < asset.body.length ? { gzip: gz } : {}) };
}

/** The best encoding the client accepts (no q-value ranking: br before gzip, `q=0` refuses). */
function acceptedEncoding(request: FastifyRequest, encoded: Encoded): 'br' | 'gzip' | undefined {
  const header = request.headers['accept-encoding'];
  if (typeof header !== 'string') return undefined;
  const accepted = new Set(
    header.split(',').map((part) => part.trim().toLowerCase()).filter((part) => !/;\s*q=0(?:\.0*)?$/.test(part)).map((part) => part.split(';')[0]),
  );
  if (encoded.br && accepted.has('br')) return 'br';
  if (encoded.gzip && (accepted.has('gzip') || accepted.has('*'))) return 'gzip';
  return undefined;
}

/** Serves the in-memory assets; URLs carry the content hash, so they are cached for a year. */
export function registerAssets(app: FastifyInstance): void {
  const assets = loadAssets();
  const encodings = new Map<string, Promise<Encoded>>();
  // Served uncompressed if compressing failed; never an unhandled rejection.
  const encodingsOf = (name: string, asset: Asset): Promise<Encoded> => {
    let encoded = encodings.get(name);
    if (!encoded) encodings.set(name, (encoded = precompress(asset).catch((): Encoded => ({}))));
    return encoded;
  };
  app.get<{ Params: { '*': string } }>('/assets/*', async (request, reply) => {
    const name = request.params['*'];
    const asset = assets.get(name);
    if (!asset) throw notFound();
    const encoded = await encodingsOf(name, asset);
    const encoding = acceptedEncoding(request, encoded);
    reply
      .type(asset.type)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('etag', `"${asset.hash}${encoding ? `-${encoding}` : ''}"`);
    if (encoded.br || encoded.gzip) reply.header('vary', 'accept-encoding');
    if (!encoding) return reply.send(asset.body);
    return reply.header('content-encoding', encoding).send(encoded[encoding]);
  });
}
