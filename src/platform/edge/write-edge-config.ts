/**
 * `kreisportal edge nginx`: writes the operator's nginx configuration for the app processes into
 * a directory: `kreisportal.conf`, to include inside nginx's `http` block (e.g. Debian's
 * /etc/nginx/conf.d/), with the busy page nginx answers with when it bounds reads in it, and its
 * cache of anonymous pages (on unless switched off). The bounds follow the app's own admission
 * settings, so both lines agree.
 */
import fs from 'node:fs';
import path from 'node:path';
import { defaultEdgeOptions, renderEdgeHttpBlock } from './nginx-config.ts';

/** Where Debian's nginx keeps the page cache and the bounded server's socket unless told otherwise. */
export const defaultPageCacheDirectory = '/var/cache/nginx/kreisportal';
export const defaultBoundsSocket = '/run/kreisportal-edge.sock';

export type EdgeConfigInput = {
  listen: string;
  upstreams: string[];
  tenantSlugs: string[];
  /** The app's ADMISSION_READ_SLOTS (0: unbounded in the app; the edge then uses its default). */
  readSlots: number;
  /** Anonymous reads of one municipality in flight per process (default 8, nginx-config.ts). */
  tenantReadsPerProcess?: number | undefined;
  /** The page cache's directory (default /var/cache/nginx/kreisportal); null: no page cache. */
  pageCacheDirectory?: string | null | undefined;
};

/** Writes kreisportal.conf into `dir` and returns its path. */
export function writeEdgeConfig(dir: string, input: EdgeConfigInput): string {
  const target = path.resolve(dir);
  const conf = renderEdgeHttpBlock({
    ...defaultEdgeOptions,
    listen: input.listen,
    upstreams: input.upstreams.map((upstream) => upstream.trim()).filter(Boolean),
    tenantSlugs: input.tenantSlugs,
    anonymousReadsPerProcess: input.readSlots || defaultEdgeOptions.anonymousReadsPerProcess,
    tenantReadsPerProcess: input.tenantReadsPerProcess ?? defaultEdgeOptions.tenantReadsPerProcess,
    pageCache:
      input.pageCacheDirectory === null
        ? undefined
        : { directory: input.pageCacheDirectory ?? defaultPageCacheDirectory, boundsSocket: defaultBoundsSocket },
  });
  fs.mkdirSync(target, { recursive: true });
  const file = path.join(target, 'kreisportal.conf');
  fs.writeFileSync(file, conf);
  return file;
}
