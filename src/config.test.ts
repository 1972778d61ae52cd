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
  ];
  for (const [env, message] of cases) assert.throws(() => loadConfig(env), (e: Error) => e instanceof ConfigError && message.test(e.message));
});

test('the README documents every setting', () => {
  const readme = fs.readFileSync(path.join(import.meta.dirname, '..', 'README.md'), 'utf8');
  for (const key of configKeys) assert.match(readme, new RegExp(`\\| \`${key}\` \\|`), `${key} missing in README`);
});
