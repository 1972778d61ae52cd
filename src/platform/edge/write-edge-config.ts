/**
 * `kreisportal edge nginx`: writes the operator's nginx configuration for the app processes into
 * a directory: `kreisportal.conf`, to include inside nginx's `http` block (e.g. Debian's
 * /etc/nginx/conf.d/), with the busy page nginx answers with when it bounds reads in it. The
 * bounds follow the app's own admission settings, so both lines agree.
 */
import fs from 'node:fs';
import path from 'node:path';
import { defaultEdgeOptions, renderEdgeHttpBlock } from './nginx-config.ts';

export type EdgeConfigInput = {
  listen: string;
  upstreams: string[];
  tenantSlugs: string[];
  /** The app's ADMISSION_READ_SLOTS (0: unbounded in the app; the edge then uses its default). */
  readSlots: number;
  /** Anonymous reads of one municipality in flight per process (default 8, nginx-config.ts). */
  tenantReadsPerProcess?: number | undefined;
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
  });
  fs.mkdirSync(target, { recursive: true });
  const file = path.join(target, 'kreisportal.conf');
  fs.writeFileSync(file, conf);
  return file;
}
