/**
 * Database outage: PostgreSQL is stopped for 20 seconds while citizens are applying. Requests get a
 * clear 503 page with Retry-After (never a 500), /readyz says so, the app recovers by itself when
 * the database is back, and every submission acknowledged before, during or after is stored.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from '../../src/platform/db/sql.ts';
import { verifyAudit } from '../../src/platform/audit/verify-audit.ts';
import { apply, type Attempt } from './applicant.ts';
import { faultFormSlug, prepareInstance, startServer, stopServer } from './instance.ts';
import { startPrivatePostgres } from './private-postgres.ts';

const outageSeconds = Number(process.env.KP_FAULT_OUTAGE_SECONDS ?? 20);

test(`PostgreSQL down for ${outageSeconds} s under load: 503 with Retry-After, /readyz, recovery, nothing acknowledged lost`, { timeout: 10 * 60_000 }, async (t) => {
  const postgres = await startPrivatePostgres();
  const instance = await prepareInstance('postgres', postgres.url);
  try {
    const server = await startServer(instance);
    const origin = `http://127.0.0.1:${instance.port}`;
    const attempts: Attempt[] = [];
    let running = true;
    let number = 0;
    const load = async () => {
      while (running) attempts.push(await apply(origin, number++));
    };
    const clients = Array.from({ length: 8 }, load);

    await sleep(5000);
    const before = attempts.filter((a) => a.acknowledged).length;
    postgres.stop();
    const down = Date.now();
    const probes: { ready: number; page: number; retryAfter: string | null; body: string }[] = [];
    while (Date.now() - down < outageSeconds * 1000) {
      const ready = await fetch(`${origin}/readyz`);
      const page = await fetch(`${origin}/detmold/antrag/${faultFormSlug}`);
      probes.push({ ready: ready.status, page: page.status, retryAfter: page.headers.get('retry-after'), body: await page.text() });
      await ready.text();
      await sleep(1000);
    }
    postgres.start();
    const up = Date.now();
    let recoveredAfter = -1;
    while (Date.now() - up < 60_000) {
      if ((await fetch(`${origin}/readyz`)).status === 200) {
        recoveredAfter = Date.now() - up;
        break;
      }
      await sleep(200);
    }
    await sleep(5000);
    running = false;
    await Promise.all(clients);
    const afterRecovery = await apply(origin, 1_000_000);
    assert.equal(server.process.exitCode, null, `the server survived the outage: ${server.stderr().slice(-2000)}`);
    await sleep(2000);
    await stopServer(server, 'SIGTERM');

    const statuses = new Map<string, number>();
    for (const attempt of attempts) if (!attempt.acknowledged) statuses.set(attempt.error ?? '', (statuses.get(attempt.error ?? '') ?? 0) + 1);
    const acknowledged = attempts.filter((a) => a.acknowledged).map((a) => a.reference as string);
    t.diagnostic(`acknowledged ${acknowledged.length} (${before} before the outage), not acknowledged: ${JSON.stringify(Object.fromEntries(statuses))}; ` +
      `probes during the outage ${probes.length}; ready again ${recoveredAfter} ms after the database`);

    assert.ok(probes.length > 0);
    assert.ok(probes.every((probe) => probe.ready === 503), '/readyz reports the outage');
    assert.ok(probes.every((probe) => probe.page === 503), 'pages answer 503 while the database is away');
    assert.ok(probes.every((probe) => probe.retryAfter !== null && Number(probe.retryAfter) > 0), 'with Retry-After');
    assert.match(probes[0]?.body ?? '', /<h1[^>]*>[^<]+<\/h1>/, 'a page with a heading, not a stack trace');
    assert.doesNotMatch(probes[0]?.body ?? '', /at .+\.ts:\d+|ECONNREFUSED/);
    assert.ok([...statuses.keys()].every((reason) => !/HTTP 5(?!03)/.test(reason)), `no other 5xx than 503; the server logged: ${server.loggedErrors().join('\n')}`);
    assert.ok(recoveredAfter >= 0, 'the app recovers by itself');
    assert.equal(afterRecovery.acknowledged, true, `an application after the outage works: ${afterRecovery.error}`);

    const db = await instance.open();
    try {
      const stored = new Set((await db.ownerTransaction((tx) => tx.query<{ reference: string }>(sql`select reference from submissions`))).map((row) => row.reference));
      assert.deepEqual(acknowledged.filter((reference) => !stored.has(reference)), [], 'every acknowledged submission is stored');
      assert.ok(stored.has(afterRecovery.reference ?? ''));
      assert.deepEqual((await verifyAudit(db)).problems, []);
    } finally {
      await db.close();
    }
  } finally {
    await instance.remove();
    postgres.remove();
  }
});
