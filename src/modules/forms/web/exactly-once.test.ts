/**
 * Sending an application is exactly-once (src/modules/submissions/submit.ts): twenty "absenden"
 * from one browser at the same moment (a nervous double click, a proxy retrying, a stuck reload),
 * each with the same draft cookie and CSRF token, make one submission, one job for case
 * processing, one confirmation mail and one audit entry, and every request is sent on to that
 * submission's receipt.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from '../../../platform/db/sql.ts';
import { cookieNames } from '../../../platform/http/request-context.ts';
import { createTestApp, TestClient, type TestApp } from '../../../platform/testing/test-app.ts';
import { publishSperrmuell, sperrmuellBase } from '../../cases/test-support.ts';
import { walks } from './demo-form-walks.ts';
import { draftCookie } from './session.ts';

let t: TestApp;
const base = sperrmuellBase('detmold');
const parallel = 20;
const receiptAddress = 'gleichzeitig@example.test';

before(async () => {
  t = await createTestApp();
  await publishSperrmuell(t, 'detmold');
});
after(() => t.close());

/** A browser's Sperrmüll draft, every step answered (the walk of demo-form-walks.ts), its check page open. */
async function filledDraft(): Promise<{ client: TestClient; checkPage: string }> {
  const walk = walks.find((candidate) => candidate.form === 'sperrmuell');
  assert.ok(walk);
  const client = new TestClient(t.app);
  await client.get(base);
  assert.equal((await client.post(base, {})).statusCode, 303);
  for (const [stepId, fields] of walk.steps) {
    const response = await client.post(`${base}/schritt/${stepId}`, fields);
    assert.equal(response.statusCode, 303, `${stepId}: ${response.body.slice(0, 300)}`);
  }
  const check = await client.get(`${base}/pruefen`);
  assert.equal(check.statusCode, 200);
  return { client, checkPage: check.body };
}

const owner = <Row>(query: ReturnType<typeof sql>) => t.db.ownerTransaction((tx) => tx.query<Row>(query));

test(`${parallel} simultaneous "absenden" of one draft make one submission, one job, one mail, one audit entry and the same receipt`, async () => {
  const { client, checkPage } = await filledDraft();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(checkPage)?.[1];
  const draft = client.cookie(draftCookie);
  const anonymous = client.cookie(cookieNames.anonymous);
  assert.ok(csrf && draft && anonymous, 'the browser has its draft cookie, its CSRF cookie and the page’s token');
  const before = await owner<{ submissions: number; outbox: number; audit: number }>(sql`
    select (select count(*)::int from submissions) as submissions, (select count(*)::int from outbox) as outbox, (select count(*)::int from audit_log) as audit`);

  // One request as the browser sends it, twenty times at once; nothing is awaited in between.
  const payload = new URLSearchParams({ _csrf: csrf, erklaerung: 'ja', bestaetigungEmail: receiptAddress }).toString();
  const headers = { 'content-type': 'application/x-www-form-urlencoded', cookie: `${cookieNames.anonymous}=${anonymous}; ${draftCookie}=${draft}` };
  const responses = await Promise.all(Array.from({ length: parallel }, () => t.app.inject({ method: 'POST', url: `${base}/absenden`, payload, headers })));

  assert.deepEqual(responses.map((response) => response.statusCode), Array<number>(parallel).fill(303), 'every request is answered with a redirect');
  const locations = new Set(responses.map((response) => String(response.headers.location)));
  assert.equal(locations.size, 1, `all go to the same receipt: ${[...locations].join(', ')}`);
  const receipt = [...locations][0] ?? '';
  const reference = new RegExp(`^${base}/eingang/(ANT-\\d{4}-[A-Z0-9]{6})$`).exec(receipt)?.[1];
  assert.ok(reference, receipt);

  const submissions = await owner<{ id: string; reference: string }>(sql`select id, reference from submissions`);
  assert.equal(submissions.length - before[0]!.submissions, 1, 'one submission');
  assert.equal(submissions.at(-1)?.reference, reference);
  const submissionId = submissions.at(-1)?.id;

  const jobs = await owner<{ topic: string; payload: Record<string, unknown> }>(sql`select topic, payload from outbox order by id`);
  const newJobs = jobs.slice(before[0]!.outbox);
  assert.deepEqual(
    newJobs.filter((job) => job.topic === 'submission.received').map((job) => job.payload),
    [{ submissionId, reference }],
    'one job hands the submission to case processing',
  );
  assert.equal(newJobs.filter((job) => job.payload.to === receiptAddress).length, 1, 'one confirmation mail is queued');
  assert.equal(newJobs.length, 2, `no other job: ${newJobs.map((job) => job.topic).join(', ')}`);

  const audit = await owner<{ action: string; subject_id: string | null }>(sql`select action, subject_id from audit_log where action like 'submission.%'`);
  assert.deepEqual(audit, [{ action: 'submission.received', subject_id: submissionId }], 'one audit entry');
  const [total] = await owner<{ audit: number }>(sql`select count(*)::int as audit from audit_log`);
  assert.equal(total?.audit, before[0]!.audit + 1, 'and no other');

  // The receipt opens for this browser, and the confirmation mail leaves once.
  assert.equal((await client.get(receipt)).statusCode, 200);
  await t.drainOutbox();
  const mails = t.mails.filter((mail) => mail.to === receiptAddress);
  assert.equal(mails.length, 1);
  assert.ok(mails[0]?.subject.includes(reference));
});
