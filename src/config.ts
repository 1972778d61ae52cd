import path from 'node:path';

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
};

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
  };
}
