/**
 * One contract, two stores: the same tests run against the filesystem store and against a real
 * S3-compatible server on loopback (s3rver, which checks our SigV4 signatures).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { backupBlobs } from '../backup/blobs.ts';
import { BlobIntegrityError, BlobNotFoundError, BlobStoreError, type BlobStore } from './blob-store.ts';
import { sha256Hex } from './digest.ts';
import { FsBlobStore } from './fs-blob-store.ts';
import { S3BlobStore } from './s3-blob-store.ts';
import { signRequest } from './sigv4.ts';
import { s3rverCredentials, startTestS3, type TestS3 } from './test-support.ts';

type Subject = { store: BlobStore; /** Overwrites a stored blob's bytes behind the store's back. */ corrupt(sha256: string, bytes: Buffer): Promise<void> };

function contract(name: string, open: () => Promise<Subject>): void {
  describe(`${name} blob store`, () => {
    let subject: Subject;
    before(async () => {
      subject = await open();
    });

    test('put returns the SHA-256 and size; get gives the same bytes back', async () => {
      const data = Buffer.from('Sachkundenachweis für Bello\n');
      const info = await subject.store.put(data);
      assert.deepEqual(info, { sha256: sha256Hex(data), size: data.length });
      assert.deepEqual(await subject.store.get(info.sha256), data);
      assert.equal(await subject.store.has(info.sha256), true);
    });

    test('the same content gives the same key, from a buffer or a stream, any number of times', async () => {
      const data = crypto.randomBytes(300_000);
      const first = await subject.store.put(data);
      const second = await subject.store.put(Readable.from([data.subarray(0, 1000), data.subarray(1000)]));
      assert.deepEqual(second, first);
      assert.deepEqual(await subject.store.get(first.sha256), data);
    });

    test('an empty blob is a blob', async () => {
      const info = await subject.store.put(Buffer.alloc(0));
      assert.equal(info.size, 0);
      assert.equal((await subject.store.get(info.sha256)).length, 0);
    });

    test('a damaged blob is never served: get throws BlobIntegrityError', async () => {
      const info = await subject.store.put(Buffer.from('original content'));
      await subject.corrupt(info.sha256, Buffer.from('tampered content'));
      await assert.rejects(subject.store.get(info.sha256), (error: unknown) => error instanceof BlobIntegrityError && error.sha256 === info.sha256);
      // Putting the original again repairs it. (s3rver writes its files after answering the PUT,
      // so a read straight after may see an empty file for a moment: read again briefly.)
      await subject.store.put(Buffer.from('original content'));
      let repaired: string | undefined;
      for (let attempt = 0; attempt < 20 && repaired === undefined; attempt++) {
        repaired = await subject.store.get(info.sha256).then((data) => data.toString(), async () => {
          await new Promise((resolve) => setTimeout(resolve, 50));
          return undefined;
        });
      }
      assert.equal(repaired, 'original content');
    });

    test('a missing blob is not found; delete removes and may be repeated', async () => {
      const missing = sha256Hex(Buffer.from('never stored'));
      assert.equal(await subject.store.has(missing), false);
      await assert.rejects(subject.store.get(missing), BlobNotFoundError);
      const info = await subject.store.put(Buffer.from('to be deleted'));
      await subject.store.delete(info.sha256);
      assert.equal(await subject.store.has(info.sha256), false);
      await subject.store.delete(info.sha256);
    });

    test('a key that is not a SHA-256 is refused before any path or URL is built', async () => {
      for (const key of ['../../etc/passwd', 'ABC', `${'a'.repeat(63)}/`]) {
        await assert.rejects(subject.store.get(key), TypeError);
        await assert.rejects(subject.store.has(key), TypeError);
      }
    });
  });
}

const roots: string[] = [];
let s3: TestS3 | undefined;
after(async () => {
  for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
  await s3?.close();
});

function tempDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kreisportal-blobs-'));
  roots.push(dir);
  return dir;
}

contract('filesystem', async () => {
  const store = new FsBlobStore(path.join(tempDataDir(), 'blobs'));
  return { store, corrupt: async (sha256, bytes) => fs.writeFileSync(path.join(store.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256), bytes) };
});

function s3Store(server: TestS3, accessKeyId: string = s3rverCredentials.accessKeyId): S3BlobStore {
  return new S3BlobStore({
    endpoint: server.endpoint,
    bucket: server.bucket,
    region: 'us-east-1',
    credentials: { ...s3rverCredentials, accessKeyId },
    forcePathStyle: true,
  });
}

contract('S3', async () => {
  s3 = await startTestS3();
  const store = s3Store(s3);
  return {
    store,
    // A signed PUT of other bytes under the blob's key, as a broken disk or a rogue client would leave it.
    corrupt: async (sha256, bytes) => {
      const url = store.objectUrl(sha256);
      const headers = signRequest({ method: 'PUT', url, payloadSha256: sha256Hex(bytes), region: 'us-east-1', credentials: s3rverCredentials });
      assert.equal((await fetch(url, { method: 'PUT', headers, body: bytes })).status, 200);
    },
  };
});

describe('filesystem blob store on disk', () => {
  test('blobs are plain files at ab/cd/<sha256>, which the backup copies', async () => {
    const dataDir = tempDataDir();
    const store = new FsBlobStore(path.join(dataDir, 'blobs'));
    const { sha256 } = await store.put(Buffer.from('ein Nachweis'));
    const copied = await backupBlobs(dataDir, tempDataDir());
    assert.deepEqual(copied.map((blob) => blob.path), [`${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`]);
    assert.equal(copied[0]?.sha256, sha256);
  });

  test('a write that fails midway leaves nothing under a final name and no temporary file', async () => {
    const dataDir = tempDataDir();
    const store = new FsBlobStore(path.join(dataDir, 'blobs'));
    const broken = Readable.from(
      (async function* () {
        yield Buffer.alloc(64 * 1024, 1);
        throw new Error('connection lost');
      })(),
    );
    await assert.rejects(store.put(broken), BlobStoreError);
    const files = fs.readdirSync(dataDir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    assert.deepEqual(files, []);
  });

  test('a store it cannot write to fails with BlobStoreError', async () => {
    const dataDir = tempDataDir();
    fs.mkdirSync(path.join(dataDir, 'blobs'));
    fs.writeFileSync(path.join(dataDir, 'blobs', '.incoming'), 'a file where the directory should be');
    await assert.rejects(new FsBlobStore(path.join(dataDir, 'blobs')).put(Buffer.from('x')), BlobStoreError);
  });
});

describe('S3 blob store against the server', () => {
  // s3rver checks the access key but not the SigV4 signature itself; the signer is checked
  // against the published examples below.
  test('a refusal of the server (unknown access key) is a BlobStoreError naming the S3 error code', async () => {
    assert.ok(s3);
    await assert.rejects(s3Store(s3, 'UNKNOWN').put(Buffer.from('x')), (error: unknown) => error instanceof BlobStoreError && /403 InvalidAccessKeyId/.test(error.message));
  });

  test('an unreachable store fails with BlobStoreError, not a hang', async () => {
    const store = new S3BlobStore({ endpoint: 'http://127.0.0.1:1', bucket: 'b', region: 'us-east-1', credentials: s3rverCredentials, forcePathStyle: true, timeoutMs: 5000 });
    await assert.rejects(store.put(Buffer.from('x')), BlobStoreError);
    await assert.rejects(store.get(sha256Hex(Buffer.from('x'))), BlobStoreError);
  });

  test('virtual-hosted and path-style addresses', () => {
    const key = sha256Hex(Buffer.from('k'));
    const options = { endpoint: 'https://s3.example.org', bucket: 'akten', region: 'eu-central-1', credentials: s3rverCredentials };
    assert.equal(new S3BlobStore({ ...options, forcePathStyle: true }).objectUrl(key).href, `https://s3.example.org/akten/${key.slice(0, 2)}/${key.slice(2, 4)}/${key}`);
    assert.equal(new S3BlobStore({ ...options, forcePathStyle: false, prefix: 'kp/' }).objectUrl(key).href, `https://akten.s3.example.org/kp/${key.slice(0, 2)}/${key.slice(2, 4)}/${key}`);
  });
});

const exampleCredentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

test('SigV4 matches the PUT Object example of the Amazon S3 API Reference (signed payload, encoded key)', () => {
  const body = Buffer.from('Welcome to Amazon S3.');
  const headers = signRequest({
    method: 'PUT',
    url: new URL('https://examplebucket.s3.amazonaws.com/test$file.text'),
    headers: { date: 'Fri, 24 May 2013 00:00:00 GMT', 'x-amz-storage-class': 'REDUCED_REDUNDANCY' },
    payloadSha256: sha256Hex(body),
    region: 'us-east-1',
    credentials: exampleCredentials,
    now: new Date('2013-05-24T00:00:00Z'),
  });
  assert.match(headers.authorization ?? '', /SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class, Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd$/);
});

test('SigV4 matches the GET Object example of the Amazon S3 API Reference', () => {
  const headers = signRequest({
    method: 'GET',
    url: new URL('https://examplebucket.s3.amazonaws.com/test.txt'),
    headers: { range: 'bytes=0-9' },
    payloadSha256: sha256Hex(Buffer.alloc(0)),
    region: 'us-east-1',
    credentials: exampleCredentials,
    now: new Date('2013-05-24T00:00:00Z'),
  });
  assert.equal(
    headers.authorization,
    'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
  );
});
