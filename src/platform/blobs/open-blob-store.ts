import type { Config } from '../../config.ts';
import { blobDir } from '../backup/blobs.ts';
import type { BlobStore } from './blob-store.ts';
import { FsBlobStore } from './fs-blob-store.ts';
import { S3BlobStore } from './s3-blob-store.ts';

/** The blob store the configuration names: `DATA_DIR/blobs` (the directory backups copy) or S3. */
export function openBlobStore(config: Pick<Config, 'blobStore' | 'dataDir'>): BlobStore {
  const settings = config.blobStore;
  if (settings.kind === 'fs') return new FsBlobStore(blobDir(config.dataDir));
  return new S3BlobStore({
    endpoint: settings.endpoint,
    bucket: settings.bucket,
    region: settings.region,
    credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
    forcePathStyle: settings.forcePathStyle,
  });
}
