/**
 * `kreisportal edge nginx`: writes the operator's nginx configuration for the app processes into
 * a directory: `kreisportal.conf` (to include inside nginx's `http` block, e.g. Debian's
 * /etc/nginx/conf.d/) and `besetzt.html`, the page nginx answers with when it bounds reads. The
 * bounds follow the app's own admission settings, so both lines agree.
 */
import fs from 'node:fs';
import path from 'node:path';
import { defaultEdgeOptions, edgeShedPage, renderEdgeHttpBlock } from './nginx-config.ts';

export type EdgeConfigInput = {
  listen: string;
  upstreams: string[];
  tenantSlugs: string[];
  /** The app's ADMISSION_READ_SLOTS (0: unbounded in the app; the edge then uses its default). */
  readSlots: number;
  /** Anonymous reads of one municipality in flight per process (default 8, nginx-config.ts). */
  tenantReadsPerProcess?: number | undefined;
};

export function writeEdgeConfig(dir: string, input: EdgeConfigInput): string[] {
  const shedPageDir = path.resolve(dir);
  const conf = renderEdgeHttpBlock({
    ...defaultEdgeOptions,
    listen: input.listen,
    upstreams: input.upstreams.map((upstream) => upstream.trim()).filter(Boolean),
    tenantSlugs: input.tenantSlugs,
    anonymousReadsPerProcess: input.readSlots || defaultEdgeOptions.anonymousReadsPerProcess,
    tenantReadsPerProcess: input.tenantReadsPerProcess ?? defaultEdgeOptions.tenantReadsPerProcess,
    shedPageDir,
  });
  fs.mkdirSync(shedPageDir, { recursive: true });
  const files = [path.join(shedPageDir, 'kreisportal.conf'), path.join(shedPageDir, 'besetzt.html')];
  fs.writeFileSync(files[0]!, conf);
  fs.writeFileSync(files[1]!, edgeShedPage(defaultEdgeOptions.retryAfterSeconds));
  return files;
}
