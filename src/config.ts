import path from 'node:path';
import { parseSealKey } from './platform/audit/seal-key.ts';

/**
 * Every setting of Kreisportal, read once from the environment and validated at start.
 * The README's configuration table documents each key; `configKeys` keeps the two in step
 * (a test compares them).
 */
export type Config = {
  port: number;
  host: string;
  /** Public base URL, used in e-mails and to decide whether cookies are `Secure`. */
  baseUrl: string;
  dataDir: string;
  /** PostgreSQL server; when absent the embedded PGlite database in `dataDir/db` is used. */
  databaseUrl: string | undefined;
  /** Size of the connection pool to the PostgreSQL server. */
  databasePoolSize: number;
  /** Secret for signing CSRF tokens; random per process when unset (fine for one process). */
  sessionSecret: string;
  secureCookies: boolean;
  smtpUrl: string | undefined;
  mailFrom: string;
  logLevel: string;
  /** Seed file of the district (Kreis) and its municipalities. */
  districtFile: string;
  /** Seed demo staff accounts and print their logins when the database is new. */
  seedDemo: boolean;
  /** Run the outbox worker inside the web process. */
  runWorker: boolean;
  /** Where uploaded files are kept (content-addressed, docs/adr/0006). */
  blobStore: BlobStoreConfig;
  /** clamd to scan uploads with (`tcp://host:port` or a Unix socket path); unset: not scanned. */
  clamavAddress: string | undefined;
  /** Largest upload in megabytes, whatever a form allows; clamd's StreamMaxLength must not be smaller. */
  uploadMaxMb: number;
  /** How many days an unsent application draft is kept after its last change. */
  draftLifetimeDays: number;
  /** POST requests per minute and client address (credential forms: `rateLimitLoginPerMinute`). */
  rateLimitPostPerMinute: number;
  rateLimitLoginPerMinute: number;
  /** Admission control and caching on busy days (src/platform/http/admission.ts, caching.ts). */
  admission: AdmissionConfig;
  /** Seconds a reverse proxy or CDN may serve an anonymous catalog page without asking again. */
  cacheMaxAgeSeconds: number;
  /** Seconds it may keep serving the old page while it revalidates in the background. */
  cacheStaleSeconds: number;
  /** Ed25519 private key that signs audit seals (PEM or base64); unset: generated into DATA_DIR. */
  auditSealKey: string | undefined;
  /** Minutes between two seals of the audit chains (a seal is written only when a head moved). */
  auditSealIntervalMinutes: number;
  /** File every seal is appended to as one JSON line (keep it on other storage); unset: none. */
  auditSealExportFile: string | undefined;
};

export type AdmissionConfig = {
  /** Concurrent requests per class (0: unlimited); the rest wait up to `maxWaitMs`, then are shed. */
  readSlots: number;
  citizenSlots: number;
  staffSlots: number;
  maxWaitMs: number;
  /** Largest share (percent) of a class's slots and queue one tenant (first path segment) may hold. */
  tenantSharePercent: number;
  /** Anonymous reads a municipality may have served at once while it floods beside others (0: off). */
  tenantContendedReads: number;
  /** Percent of a process's time a municipality's reads may take while it floods beside others (0 or 100: off). */
  tenantContendedTimePercent: number;
  /** Mean event-loop delay (ms) over a second above which the process counts as under pressure (0: off). */
  maxEventLoopDelayMs: number;
  /** Used V8 heap as a percentage of its limit above which the process counts as under pressure (0: off). */
  maxHeapPercent: number;
};

export type BlobStoreConfig =
  | { kind: 'fs' }
  | { kind: 's3'; endpoint: string; bucket: string; region: string; accessKeyId: string; secretAccessKey: string; forcePathStyle: boolean };

export const configKeys = [
  'PORT',
  'HOST',
  'BASE_URL',
  'DATA_DIR',
  'DATABASE_URL',
  'DATABASE_POOL_SIZE',
  'SESSION_SECRET',
  'SECURE_COOKIES',
  'SMTP_URL',
  'MAIL_FROM',
  'LOG_LEVEL',
  'DISTRICT_FILE',
  'SEED_DEMO',
  'RUN_WORKER',
  'BLOB_STORE',
  'S3_ENDPOINT',
  'S3_BUCKET',
  'S3_REGION',
  'S3_ACCESS_KEY_ID',
  'S3_SECRET_ACCESS_KEY',
  'S3_FORCE_PATH_STYLE',
  'CLAMAV_ADDRESS',
  'UPLOAD_MAX_MB',
  'DRAFT_LIFETIME_DAYS',
  'RATE_LIMIT_POSTS_PER_MINUTE',
  'RATE_LIMIT_LOGINS_PER_MINUTE',
  'ADMISSION_READ_SLOTS',
  'ADMISSION_CITIZEN_SLOTS',
  'ADMISSION_STAFF_SLOTS',
  'ADMISSION_MAX_WAIT_MS',
  'ADMISSION_TENANT_SHARE_PERCENT',
  'ADMISSION_TENANT_CONTENDED_READS',
  'ADMISSION_TENANT_CONTENDED_TIME_PERCENT',
  'PRESSURE_MAX_EVENT_LOOP_DELAY_MS',
  'PRESSURE_MAX_HEAP_PERCENT',
  'CACHE_MAX_AGE_SECONDS',
  'CACHE_STALE_SECONDS',
  'AUDIT_SEAL_KEY',
  'AUDIT_SEAL_INTERVAL_MINUTES',
  'AUDIT_SEAL_EXPORT_FILE',
] as const;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

function integer(env: Env, key: string, fallback: number, min: number, max: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${key} must be a whole number between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

function bool(env: Env, key: string, fallback: boolean): boolean {
  const raw = env[key]?.toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(`${key} must be true or false, got "${env[key]}"`);
}

function url(env: Env, key: string, protocols: string[]): string | undefined {
  const raw = env[key];
  if (raw === undefined || raw === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${key} is not a valid URL`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${key} must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  }
  return raw;
}

function blobStore(env: Env): BlobStoreConfig {
  const kind = env.BLOB_STORE || 'fs';
  if (kind === 'fs') return { kind };
  if (kind !== 's3') throw new ConfigError(`BLOB_STORE must be fs or s3, got "${kind}"`);
  const endpoint = url(env, 'S3_ENDPOINT', ['http:', 'https:']);
  const missing = ['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'].filter((key) => !env[key]);
  if (endpoint === undefined || missing.length > 0) throw new ConfigError(`BLOB_STORE=s3 needs ${missing.join(', ')}`);
  const bucket = env.S3_BUCKET ?? '';
  // S3 bucket naming rules (3–63 characters, lowercase letters, digits, dots and hyphens).
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw new ConfigError(`S3_BUCKET is not a valid bucket name: "${bucket}"`);
  return {
    kind,
    endpoint: endpoint.replace(/\/$/, ''),
    bucket,
    region: env.S3_REGION || 'us-east-1',
    accessKeyId: env.S3_ACCESS_KEY_ID ?? '',
    secretAccessKey: env.S3_SECRET_ACCESS_KEY ?? '',
    forcePathStyle: bool(env, 'S3_FORCE_PATH_STYLE', true),
  };
}

/** `tcp://host:port`, `unix:/path` or an absolute socket path, as clamd's TCPSocket or LocalSocket. */
function clamavAddress(env: Env): string | undefined {
  const raw = env.CLAMAV_ADDRESS;
  if (raw === undefined || raw === '') return undefined;
  if (raw.startsWith('/') || /^unix:\/\/?\//.test(raw)) return raw;
  const match = /^tcp:\/\/([^/:]+|\[[0-9a-fA-F:]+\]):(\d{1,5})$/.exec(raw);
  if (!match || Number(match[2]) < 1 || Number(match[2]) > 65535) {
    throw new ConfigError(`CLAMAV_ADDRESS must be tcp://host:port or the path of clamd's socket, got "${raw}"`);
  }
  return raw;
}

/** Checked at start, so a wrong key stops the start, not the first seal (platform/audit/seal-key.ts). */
function auditSealKey(env: Env): string | undefined {
  const raw = env.AUDIT_SEAL_KEY;
  if (raw === undefined || raw.trim() === '') return undefined;
  try {
    parseSealKey(raw);
  } catch (error) {
    throw new ConfigError(error instanceof Error ? error.message : 'AUDIT_SEAL_KEY is invalid');
  }
  return raw;
}

const defaultDistrictFile = path.resolve(import.meta.dirname, '..', 'seeds', 'kreis-lippe.json');

export function loadConfig(env: Env = process.env): Config {
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const baseUrl = url(env, 'BASE_URL', ['http:', 'https:']) ?? `http://localhost:${port}`;
  const logLevel = env.LOG_LEVEL || 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent`);
  }
  const sessionSecret = env.SESSION_SECRET ?? '';
  if (sessionSecret !== '' && sessionSecret.length < 32) {
    throw new ConfigError('SESSION_SECRET must be at least 32 characters long');
  }
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  return {
    port,
    host: env.HOST || '127.0.0.1',
    baseUrl: baseUrl.replace(/\/$/, ''),
    dataDir: path.resolve(env.DATA_DIR || 'data'),
    databaseUrl,
    databasePoolSize: integer(env, 'DATABASE_POOL_SIZE', 10, 1, 500),
    sessionSecret: sessionSecret || crypto.randomUUID() + crypto.randomUUID(),
    secureCookies: bool(env, 'SECURE_COOKIES', baseUrl.startsWith('https:')),
    smtpUrl: url(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom: env.MAIL_FROM || 'Kreisportal <noreply@kreisportal.invalid>',
    logLevel,
    districtFile: path.resolve(env.DISTRICT_FILE || defaultDistrictFile),
    seedDemo: bool(env, 'SEED_DEMO', databaseUrl === undefined),
    runWorker: bool(env, 'RUN_WORKER', true),
    blobStore: blobStore(env),
    clamavAddress: clamavAddress(env),
    uploadMaxMb: integer(env, 'UPLOAD_MAX_MB', 10, 1, 100),
    draftLifetimeDays: integer(env, 'DRAFT_LIFETIME_DAYS', 30, 1, 365),
    rateLimitPostPerMinute: integer(env, 'RATE_LIMIT_POSTS_PER_MINUTE', 60, 1, 1_000_000),
    rateLimitLoginPerMinute: integer(env, 'RATE_LIMIT_LOGINS_PER_MINUTE', 10, 1, 1_000_000),
    admission: {
      readSlots: integer(env, 'ADMISSION_READ_SLOTS', 64, 0, 100_000),
      citizenSlots: integer(env, 'ADMISSION_CITIZEN_SLOTS', 32, 0, 100_000),
      staffSlots: integer(env, 'ADMISSION_STAFF_SLOTS', 16, 0, 100_000),
      maxWaitMs: integer(env, 'ADMISSION_MAX_WAIT_MS', 2000, 0, 60_000),
      tenantSharePercent: integer(env, 'ADMISSION_TENANT_SHARE_PERCENT', 50, 1, 100),
      tenantContendedReads: integer(env, 'ADMISSION_TENANT_CONTENDED_READS', 1, 0, 100_000),
      tenantContendedTimePercent: integer(env, 'ADMISSION_TENANT_CONTENDED_TIME_PERCENT', 25, 0, 100),
      maxEventLoopDelayMs: integer(env, 'PRESSURE_MAX_EVENT_LOOP_DELAY_MS', 500, 0, 60_000),
      maxHeapPercent: integer(env, 'PRESSURE_MAX_HEAP_PERCENT', 90, 0, 100),
    },
    cacheMaxAgeSeconds: integer(env, 'CACHE_MAX_AGE_SECONDS', 60, 0, 86_400),
    cacheStaleSeconds: integer(env, 'CACHE_STALE_SECONDS', 600, 0, 604_800),
    auditSealKey: auditSealKey(env),
    auditSealIntervalMinutes: integer(env, 'AUDIT_SEAL_INTERVAL_MINUTES', 60, 1, 10_080),
    auditSealExportFile: env.AUDIT_SEAL_EXPORT_FILE ? path.resolve(env.AUDIT_SEAL_EXPORT_FILE) : undefined,
  };
}
