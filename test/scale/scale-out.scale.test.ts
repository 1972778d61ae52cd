/**
 * Scale-out (issue 10): nginx round robin in front of two `kreisportal serve` processes with one
 * PostgreSQL database, one S3-compatible blob store (s3rver) and one SESSION_SECRET. Proves:
 *   - a session and a CSRF token made by one process are honoured by the other;
 *   - every outbox event is handled once while both processes run their workers
 *     (N submissions → exactly N cases and N receipt mails, each mail written once);
 *   - a file uploaded through one process is downloaded intact by a caseworker through the other;
 *   - nginx's page cache answers repeated anonymous pages itself, per language, never for a session.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from '../../src/platform/db/sql.ts';
import { addStaffUser } from '../../src/modules/accounts/index.ts';
import { startTestS3 } from '../../src/platform/blobs/test-support.ts';
import { faultFormSlug, prepareInstance, startServer, stopServer, type Instance, type Server } from '../faults/instance.ts';
import { freePort } from '../../src/platform/testing/free-port.ts';
import { uniquePdf } from '../faults/applicant.ts';
import { startNginx, Visitor } from './topology.ts';

const submissions = Number(process.env.KP_SCALE_SUBMISSIONS ?? 200);
const concurrency = 16;
const caseworker = { email: 'sachbearbeitung@detmold.scale.test', password: 'Passwort der Verwaltung 2' };

type Sent = { number: number; reference: string; uploadVia: string; file: Buffer };

async function walk(origin: string, number: number): Promise<Sent> {
  const visitor = new Visitor();
  const base = `/detmold/antrag/${faultFormSlug}`;
  const expect = async (step: string, status: number, call: Promise<{ response: Response }>) => {
    const { response } = await call;
    if (response.status !== status) throw new Error(`${step}: HTTP ${response.status}`);
    return response;
  };
  await expect('start page', 200, visitor.request(origin, base));
  await expect('start', 303, visitor.request(origin, base, { method: 'POST', form: {} }));
  await expect('person', 303, visitor.request(origin, `${base}/schritt/person`, { method: 'POST', form: { vorname: 'Erika', nachname: `Nummer ${number}` } }));
  const file = uniquePdf();
  const uploaded = await expect('upload', 303, visitor.upload(origin, `${base}/schritt/datei`, 'nachweis', `nachweis-${number}.pdf`, file));
  await expect('check page', 200, visitor.request(origin, `${base}/pruefen`));
  const sent = await expect('absenden', 303, visitor.request(origin, `${base}/absenden`, { method: 'POST', form: { erklaerung: 'ja', bestaetigungEmail: `buerger-${number}@scale.test` } }));
  const reference = /\/eingang\/([A-Z0-9-]+)$/.exec(sent.headers.get('location') ?? '')?.[1];
  if (!reference) throw new Error('no receipt address');
  return { number, reference, uploadVia: uploaded.headers.get('x-upstream') ?? '', file };
}

function mailFiles(dataDir: string): string[] {
  const dir = path.join(dataDir, 'mail');
  return fs.existsSync(dir) ? fs.readdirSync(dir).map((name) => fs.readFileSync(path.join(dir, name), 'utf8')) : [];
}

test(`two app processes behind nginx share sessions, outbox and blobs (${submissions} submissions)`, { timeout: 5 * 60_000 }, async (t) => {
  const started = Date.now();
  const instance = await prepareInstance('postgres');
  const s3 = await startTestS3('kreisportal-scale');
  const dataDirB = fs.mkdtempSync(path.join(os.tmpdir(), 'kreisportal-scale-b-'));
  const servers: Server[] = [];
  let nginx: Awaited<ReturnType<typeof startNginx>> | undefined;
  let tenantSlugs: string[];
  try {
    const db = await instance.open();
    try {
      const [tenant] = await db.ownerTransaction((tx) => tx.query<{ id: string }>(sql`select id from tenants where slug = 'detmold'`));
      tenantSlugs = (await db.ownerTransaction((tx) => tx.query<{ slug: string }>(sql`select slug from tenants order by slug`))).map((row) => row.slug);
      await addStaffUser(db, { email: caseworker.email, displayName: 'Sachbearbeitung Detmold', password: caseworker.password, tenantId: tenant!.id, roles: ['caseworker'] });
    } finally {
      await db.close();
    }
    const portA = instance.port;
    const portB = await freePort();
    const nginxPort = await freePort();
    const proxyOrigin = `http://127.0.0.1:${nginxPort}`;
    // The proxy's address is the public one (BASE_URL); the processes differ only in port and data directory.
    const shared = { ...s3.env, BASE_URL: proxyOrigin, ADMISSION_MAX_WAIT_MS: '10000' };
    const instanceB: Instance = { ...instance, port: portB, dataDir: dataDirB, env: { ...instance.env, PORT: String(portB), DATA_DIR: dataDirB } };
    servers.push(await startServer(instance, shared), await startServer(instanceB, shared));
    nginx = await startNginx([portA, portB], nginxPort, tenantSlugs);
    const a = `http://127.0.0.1:${portA}`;
    const b = `http://127.0.0.1:${portB}`;

    // 1. Sessions and CSRF tokens carry over: the login form from A, sent to B; the session used on A.
    const staff = new Visitor();
    await staff.request(a, '/anmelden');
    const login = await staff.request(b, '/anmelden', { method: 'POST', form: { email: caseworker.email, password: caseworker.password } });
    assert.equal(login.response.status, 303, 'B accepts the CSRF token A issued');
    assert.ok(staff.cookie('kp_session'), 'B set the session cookie');
    for (const origin of [a, b]) {
      const inbox = await staff.request(origin, '/verwaltung/vorgaenge');
      assert.equal(inbox.response.status, 200, `${origin} knows the session`);
      assert.match(inbox.body.toString('utf8'), /Sachbearbeitung Detmold|Vorgänge/);
    }
    const upstreams = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const page = await staff.request(proxyOrigin, '/verwaltung/vorgaenge');
      assert.equal(page.response.status, 200);
      upstreams.add(page.response.headers.get('x-upstream') ?? '');
    }
    assert.deepEqual([...upstreams].sort(), [`127.0.0.1:${portA}`, `127.0.0.1:${portB}`].sort(), 'nginx sent the signed-in caseworker to both processes');

    // 1b. The edge keeps anonymous catalog pages (one copy per language) and never a signed-in visitor's.
    const reader = new Visitor();
    const first = await reader.request(proxyOrigin, '/leistungen/a-z');
    const again = await reader.request(proxyOrigin, '/leistungen/a-z');
    assert.equal(again.response.headers.get('x-cache-status'), 'HIT', 'the second anonymous read is answered by nginx');
    assert.ok(again.body.equals(first.body));
    const english = new Visitor();
    await english.request(proxyOrigin, '/sprache/en');
    assert.equal(english.cookie('kp_lang'), 'en');
    const englishPage = await english.request(proxyOrigin, '/leistungen/a-z');
    assert.match(englishPage.body.toString('utf8'), /<html lang="en"/, 'another language is another copy');
    const signedIn = await staff.request(proxyOrigin, '/leistungen/a-z');
    assert.equal(signedIn.response.headers.get('x-cache-status'), 'BYPASS');

    // 2. Submissions through the proxy while both processes run their outbox workers.
    const sent: Sent[] = [];
    const failures: string[] = [];
    let next = 0;
    const submitStarted = Date.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < submissions) {
          const number = next++;
          try {
            sent.push(await walk(proxyOrigin, number));
          } catch (error) {
            failures.push(`${number}: ${(error as Error).message}`);
          }
        }
      }),
    );
    const submitSeconds = (Date.now() - submitStarted) / 1000;
    assert.deepEqual(failures, [], 'every application went through');

    const check = await instance.open();
    try {
      type Counts = { submissions: number; cases: number; case_jobs_open: number; mail_jobs: number; mail_jobs_open: number; multi_attempt: number };
      let counts: Counts | undefined;
      const deadline = Date.now() + 90_000;
      for (;;) {
        [counts] = await check.ownerTransaction((tx) =>
          tx.query<Counts>(sql`
            select (select count(*)::int from submissions) as submissions,
                   (select count(*)::int from cases) as cases,
                   (select count(*)::int from outbox where topic = 'submission.received' and done_at is null) as case_jobs_open,
                   (select count(*)::int from outbox where topic = 'mail.send') as mail_jobs,
                   (select count(*)::int from outbox where topic = 'mail.send' and done_at is null) as mail_jobs_open,
                   (select count(*)::int from outbox where attempts > 1) as multi_attempt`),
        );
        if (counts && counts.case_jobs_open === 0 && counts.mail_jobs_open === 0 && counts.cases >= submissions) break;
        if (Date.now() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      const perSubmission = await check.ownerTransaction((tx) =>
        tx.query<{ reference: string; cases: number }>(sql`
          select s.reference, (select count(*)::int from cases c where c.tenant_id = s.tenant_id and c.submission_id = s.id) as cases
          from submissions s`),
      );
      const mailsA = mailFiles(instance.dataDir);
      const mailsB = mailFiles(dataDirB);
      const recipients = [...mailsA, ...mailsB].map((mail) => /^To: (.+)$/m.exec(mail)?.[1]?.trim() ?? '');
      const viaA = sent.filter((s) => s.uploadVia.endsWith(`:${portA}`)).length;
      t.diagnostic(
        `${submissions} submissions through nginx in ${submitSeconds.toFixed(1)} s with ${concurrency} clients (uploads via A ${viaA}, via B ${sent.length - viaA}); ` +
          `cases ${counts?.cases}, mails written by A ${mailsA.length} and by B ${mailsB.length}, jobs that needed a second attempt ${counts?.multi_attempt}`,
      );
      assert.equal(counts?.submissions, submissions);
      assert.equal(counts?.cases, submissions, 'exactly one case per submission');
      assert.deepEqual(perSubmission.filter((row) => row.cases !== 1), []);
      assert.equal(counts?.mail_jobs, submissions);
      assert.equal(counts?.mail_jobs_open, 0);
      assert.equal(recipients.length, submissions, 'each receipt mail written once, by one of the two processes');
      assert.equal(new Set(recipients).size, submissions);
      assert.ok(viaA > 0 && viaA < sent.length, 'nginx spread the uploads over both processes');

      // 3. A file uploaded through A, downloaded by the caseworker from B (and the other way round).
      for (const [uploadedOn, downloadFrom] of [
        [portA, b],
        [portB, a],
      ] as const) {
        const one = sent.find((s) => s.uploadVia.endsWith(`:${uploadedOn}`));
        assert.ok(one, `an upload went through ${uploadedOn}`);
        const [row] = await check.ownerTransaction((tx) =>
          tx.query<{ case_id: string; file_id: string }>(sql`
            select c.id as case_id, a.id as file_id from submissions s
            join cases c on c.tenant_id = s.tenant_id and c.submission_id = s.id
            join attachments a on a.tenant_id = s.tenant_id and a.draft_id = s.draft_id
            where s.reference = ${one.reference}`),
        );
        assert.ok(row);
        const download = await staff.request(downloadFrom, `/verwaltung/vorgaenge/${row.case_id}/dateien/${row.file_id}`);
        assert.equal(download.response.status, 200);
        assert.ok(download.body.equals(one.file), 'the same bytes as uploaded');
      }
      // The blobs are in the bucket, not on either process's disk.
      assert.ok(!fs.existsSync(path.join(instance.dataDir, 'blobs')) || fs.readdirSync(path.join(instance.dataDir, 'blobs')).length === 0);
      assert.ok(!fs.existsSync(path.join(dataDirB, 'blobs')) || fs.readdirSync(path.join(dataDirB, 'blobs')).length === 0);
    } finally {
      await check.close();
    }
    t.diagnostic(`topology test took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await nginx?.stop();
    for (const server of servers) await stopServer(server, 'SIGTERM');
    for (const server of servers) if (server.stderr()) t.diagnostic(`server stderr: ${server.stderr().slice(0, 2000)}`);
    await s3.close();
    await instance.remove();
    fs.rmSync(dataDirB, { recursive: true, force: true });
  }
});
