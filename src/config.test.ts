import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, configKeys, loadConfig } from './config.ts';

test('defaults run the embedded database on port 3000 with demo data', () => {
  const config = loadConfig({});
  assert.equal(config.port, 3000);
  assert.equal(config.databaseUrl, undefined);
  assert.equal(config.seedDemo, true);
  assert.equal(config.secureCookies, false);
});

test('an https base URL makes cookies secure; a server database turns demo data off', () => {
  const config = loadConfig({ BASE_URL: 'https://portal.kreis-lippe.de', DATABASE_URL: 'postgres://db/kreisportal' });
  assert.equal(config.secureCookies, true);
  assert.equal(config.seedDemo, false);
});

test('invalid settings stop the start with a message naming the setting', () => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ PORT: 'abc' }, /PORT must be a whole number/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL must start with postgres:/],
    [{ DATABASE_URL: 'not a url' }, /DATABASE_URL is not a valid URL/],
    [{ SESSION_SECRET: 'short' }, /SESSION_SECRET must be at least 32/],
    [{ SEED_DEMO: 'maybe' }, /SEED_DEMO must be true or false/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of/],
    [{ BLOB_STORE: 'ftp' }, /BLOB_STORE must be fs or s3/],
    [{ BLOB_STORE: 's3', S3_ENDPOINT: 'http://127.0.0.1:9000' }, /BLOB_STORE=s3 needs S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY/],
    [{ BLOB_STORE: 's3', S3_ENDPOINT: 'http://s3', S3_BUCKET: 'Not_Valid', S3_ACCESS_KEY_ID: 'k', S3_SECRET_ACCESS_KEY: 's' }, /S3_BUCKET is not a valid bucket name/],
    [{ CLAMAV_ADDRESS: 'clamd:3310' }, /CLAMAV_ADDRESS must be tcp:\/\/host:port/],
    [{ CLAMAV_ADDRESS: 'tcp://127.0.0.1:70000' }, /CLAMAV_ADDRESS must be/],
    [{ UPLOAD_MAX_MB: '0' }, /UPLOAD_MAX_MB must be a whole number between 1 and 100/],
    [{ DRAFT_LIFETIME_DAYS: '366' }, /DRAFT_LIFETIME_DAYS must be a whole number between 1 and 365/],
    [{ DRAFT_LIFETIME_DAYS: '7.5' }, /DRAFT_LIFETIME_DAYS must be a whole number/],
  ];
  for (const [env, message] of cases) assert.throws(() => loadConfig(env), (e: Error) => e instanceof ConfigError && message.test(e.message));
});

test('uploads default to the filesystem, unscanned, 10 MB; drafts are kept 30 days', () => {
  const config = loadConfig({});
  assert.deepEqual(config.blobStore, { kind: 'fs' });
  assert.equal(config.clamavAddress, undefined);
  assert.equal(config.uploadMaxMb, 10);
  assert.equal(config.draftLifetimeDays, 30);
  assert.equal(loadConfig({ DRAFT_LIFETIME_DAYS: '90' }).draftLifetimeDays, 90);
  assert.deepEqual([config.rateLimitPostPerMinute, config.rateLimitLoginPerMinute], [60, 10]);
  assert.equal(loadConfig({ RATE_LIMIT_POSTS_PER_MINUTE: '5000' }).rateLimitPostPerMinute, 5000);
});

test('an S3 blob store and a clamd address are read with their parts', () => {
  const config = loadConfig({
    BLOB_STORE: 's3',
    S3_ENDPOINT: 'https://s3.kreis-lippe.de/',
    S3_BUCKET: 'kreisportal-blobs',
    S3_ACCESS_KEY_ID: 'id',
    S3_SECRET_ACCESS_KEY: 'secret',
    S3_FORCE_PATH_STYLE: 'false',
    CLAMAV_ADDRESS: 'tcp://clamav.internal:3310',
  });
  assert.deepEqual(config.blobStore, {
    kind: 's3',
    endpoint: 'https://s3.kreis-lippe.de',
    bucket: 'kreisportal-blobs',
    region: 'us-east-1',
    accessKeyId: 'id',
    secretAccessKey: 'secret',
    forcePathStyle: false,
  });
  assert.equal(config.clamavAddress, 'tcp://clamav.internal:3310');
  assert.equal(loadConfig({ CLAMAV_ADDRESS: '/run/clamav/clamd.ctl' }).clamavAddress, '/run/clamav/clamd.ctl');
});

test('admission control and page caching have bounded defaults and refuse nonsense', () => {
  const config = loadConfig({});
  assert.deepEqual(config.admission, {
    readSlots: 64,
    citizenSlots: 32,
    staffSlots: 16,
    maxWaitMs: 2000,
    tenantSharePercent: 50,
    tenantContendedReads: 1,
    tenantContendedTimePercent: 25,
    maxEventLoopDelayMs: 500,
    maxHeapPercent: 90,
  });
  assert.deepEqual([config.cacheMaxAgeSeconds, config.cacheStaleSeconds], [60, 600]);
  assert.equal(loadConfig({ ADMISSION_CITIZEN_SLOTS: '0' }).admission.citizenSlots, 0);
  assert.equal(loadConfig({ ADMISSION_TENANT_CONTENDED_READS: '0' }).admission.tenantContendedReads, 0);
  assert.throws(() => loadConfig({ ADMISSION_TENANT_CONTENDED_READS: 'zwei' }), /ADMISSION_TENANT_CONTENDED_READS must be a whole number/);
  assert.equal(loadConfig({ ADMISSION_TENANT_CONTENDED_TIME_PERCENT: '0' }).admission.tenantContendedTimePercent, 0);
  assert.throws(() => loadConfig({ ADMISSION_TENANT_CONTENDED_TIME_PERCENT: '101' }), /ADMISSION_TENANT_CONTENDED_TIME_PERCENT must be a whole number between 0 and 100/);
  assert.throws(() => loadConfig({ ADMISSION_TENANT_SHARE_PERCENT: '0' }), /ADMISSION_TENANT_SHARE_PERCENT must be a whole number between 1 and 100/);
  assert.throws(() => loadConfig({ ADMISSION_READ_SLOTS: '-1' }), /ADMISSION_READ_SLOTS must be a whole number/);
  assert.throws(() => loadConfig({ CACHE_MAX_AGE_SECONDS: 'eine Minute' }), /CACHE_MAX_AGE_SECONDS must be a whole number/);
});

test('the README documents every setting', () => {
  const readme = fs.readFileSync(path.join(import.meta.dirname, '..', 'README.md'), 'utf8');
  for (const key of configKeys) assert.match(readme, new RegExp(`\\| \`${key}\` \\|`), `${key} missing in README`);
});

test('audit seals: hourly by default; a key is taken as PEM or base64 seed, anything else stops the start', () => {
  const config = loadConfig({});
  assert.deepEqual([config.auditSealKey, config.auditSealIntervalMinutes, config.auditSealExportFile], [undefined, 60, undefined]);
  const seed = Buffer.alloc(32, 7).toString('base64');
  assert.equal(loadConfig({ AUDIT_SEAL_KEY: seed, AUDIT_SEAL_INTERVAL_MINUTES: '15' }).auditSealIntervalMinutes, 15);
  assert.throws(() => loadConfig({ AUDIT_SEAL_KEY: 'kein Schlüssel' }), (e: Error) => e instanceof ConfigError && /AUDIT_SEAL_KEY/.test(e.message));
  assert.throws(() => loadConfig({ AUDIT_SEAL_INTERVAL_MINUTES: '0' }), (e: Error) => e instanceof ConfigError && /AUDIT_SEAL_INTERVAL_MINUTES/.test(e.message));
});
