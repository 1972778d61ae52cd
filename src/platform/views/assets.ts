import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { buildKernCss } from './kern-css.ts';

/**
 * Static assets, built in memory at start: the part of the KERN design system the pages use and
 * the portal's own small stylesheet. Each URL carries a content hash, so browsers and proxies may
 * cache it forever (`immutable`) and a new release is fetched at once.
 */
export type Asset = { body: Buffer; type: string; hash: string };

const ownAssetsDir = path.join(import.meta.dirname, 'assets');

let assets: Map<string, Asset> | undefined;

function asset(body: Buffer | string, type: string): Asset {
  const buffer = typeof body === 'string' ? Buffer.from(body) : body;
  return { body: buffer, type, hash: crypto.createHash('sha256').update(buffer).digest('hex').slice(0, 12) };
}

export function loadAssets(): Map<string, Asset> {
  if (assets) return assets;
  const kern = buildKernCss();
  const map = new Map<string, Asset>();
  map.set('kern.css', asset(kern.css, 'text/css; charset=utf-8'));
  for (const [name, file] of kern.fonts) map.set(`fonts/${name}`, asset(fs.readFileSync(file), 'font/woff2'));
  map.set('app.css', asset(fs.readFileSync(path.join(ownAssetsDir, 'app.css')), 'text/css; charset=utf-8'));
  map.set('catalog-search.js', asset(fs.readFileSync(path.join(ownAssetsDir, 'catalog-search.js')), 'text/javascript; charset=utf-8'));
  assets = map;
  return map;
}

export function assetUrl(name: string): string {
  const found = loadAssets().get(name);
  if (!found) throw new Error(`Unknown asset ${name}`);
  return `/assets/${name}?v=${found.hash}`;
}
