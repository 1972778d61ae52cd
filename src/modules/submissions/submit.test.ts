import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { sql } from '../../platform/db/sql.ts';
import { openTestDatabase } from '../../platform/testing/test-database.ts';
import type { Database } from '../../platform/db/database.ts';
import { addAttachment, fileRef } from './attachments.ts';
import { saveAnswers, startDraft } from './drafts.ts';
import { referencedFileIds, submitDraft, type Recheck } from './submit.ts';
import { newReference } from './tokens.ts';

let db: Database;
let tenantId: string;
before(async () => {
  db = await openTestDatabase();
  const [row] = await db.ownerTransaction((tx) => tx.query<{ id: string }>(sql`select id from tenants where slug = 'detmold'`));
  tenantId = row?.id ?? '';
});
after(() => db.close());

test('referencedFileIds finds files at the top level and inside repeatable groups, nothing else', () => {
  const file = (id: string) => ({ id, name: `${id}.pdf`, mediaType: 'application/pdf', size: 1 });
  assert.deepEqual(
    referencedFileIds({ a: [file('1')], hunde: [{ name: 'Bello', nachweis: [file('2')] }], id: 'keine-datei', anschrift: { street: 'x', postcode: '32756', place: 'y' } }),
    ['1', '2'],
  );
});

test('at submit, files of a branch the applicant left are deleted; the named ones stay with the submission', async () => {
  const key = { tenantId, formId: crypto.randomUUID(), tokenHash: crypto.createHash('sha256').update('browser').digest('hex') };
  const stored = { mediaType: 'application/pdf', size: 10, scanResult: 'clean' as const };
  const draftId = await db.transaction({ tenantId, userId: null }, async (tx) => {
    const draft = await startDraft(tx, key, 1, null);
    const kept = await addAttachment(tx, tenantId, draft.id, { ...stored, fieldId: 'nachweis', fileName: 'bleibt.pdf', sha256: 'a'.repeat(64) }, null);
    await addAttachment(tx, tenantId, draft.id, { ...stored, fieldId: 'vollmacht', fileName: 'entfaellt.pdf', sha256: 'b'.repeat(64) }, null);
    await saveAnswers(tx, tenantId, draft.id, { nachweis: [fileRef(kept)], vollmacht: [] }, null);
    return draft.id;
  });
  // The recheck prunes the hidden branch's answer, as the runtime does.
  const outcome = await submitDraft(db, key, null, (_version, answers) => ({ answers: { nachweis: answers.nachweis ?? [] } }));
  assert.equal(outcome.kind, 'submitted');
  const names = await db.ownerTransaction((tx) => tx.query<{ file_name: string }>(sql`select file_name from attachments where draft_id = ${draftId}`));
  assert.deepEqual(names.map((row) => row.file_name), ['bleibt.pdf']);
});

const accept: Recheck = (_version, answers) => ({ answers });

async function openDraft(browser: string) {
  const key = { tenantId, formId: crypto.randomUUID(), tokenHash: crypto.createHash('sha256').update(browser).digest('hex') };
  const draft = await db.transaction({ tenantId, userId: null }, (tx) => startDraft(tx, key, 1, null));
  return { key, draftId: draft.id };
}

/** Hands out the given references one after the other. */
function references(...values: string[]): () => string {
  let next = 0;
  return () => values[Math.min(next++, values.length - 1)]!;
}

test('a reference that is already taken in the tenant is drawn again; the submission, its job and its audit entry are written once', async () => {
  const taken = `ANT-2026-${crypto.randomBytes(3).toString('hex').toUpperCase()}`;
  const first = await openDraft(`first-${taken}`);
  assert.deepEqual(await submitDraft(db, first.key, null, accept, undefined, references(taken)), { kind: 'submitted', reference: taken });

  const second = await openDraft(`second-${taken}`);
  const fresh = `${taken}X`;
  const outcome = await submitDraft(db, second.key, null, accept, undefined, references(taken, fresh));
  assert.deepEqual(outcome, { kind: 'submitted', reference: fresh });

  const rows = await db.ownerTransaction(async (tx) => ({
    submissions: await tx.query<{ id: string; reference: string }>(sql`select id, reference from submissions where tenant_id = ${tenantId} and draft_id = ${second.draftId}`),
    draft: await tx.query<{ sent: boolean }>(sql`select submitted_at is not null as sent from form_drafts where id = ${second.draftId}`),
  }));
  assert.deepEqual(rows.submissions.map((row) => row.reference), [fresh]);
  assert.equal(rows.draft[0]?.sent, true);
  const submissionId = rows.submissions[0]?.id ?? '';
  const trail = await db.ownerTransaction(async (tx) => ({
    audit: await tx.query<{ n: number }>(sql`select count(*)::int as n from audit_log where subject_id = ${submissionId}`),
    jobs: await tx.query<{ n: number }>(sql`select count(*)::int as n from outbox where payload->>'submissionId' = ${submissionId}`),
  }));
  assert.equal(trail.audit[0]?.n, 1);
  assert.equal(trail.jobs[0]?.n, 1);
});

test('when every draw is taken the submission fails as a whole: nothing is written and the draft stays open', async () => {
  const taken = `ANT-2026-${crypto.randomBytes(3).toString('hex').toUpperCase()}`;
  const first = await openDraft(`blocker-${taken}`);
  await submitDraft(db, first.key, null, accept, undefined, references(taken));
  const second = await openDraft(`unlucky-${taken}`);
  await assert.rejects(submitDraft(db, second.key, null, accept, undefined, references(taken)), /No free reference after 5 draws/);
  const left = await db.ownerTransaction(async (tx) => ({
    submissions: await tx.query<{ n: number }>(sql`select count(*)::int as n from submissions where draft_id = ${second.draftId}`),
    draft: await tx.query<{ open: boolean }>(sql`select submitted_at is null as open from form_drafts where id = ${second.draftId}`),
  }));
  assert.equal(left.submissions[0]?.n, 0);
  assert.equal(left.draft[0]?.open, true);
});

test('references use the readable alphabet only, six characters, every character about equally often', () => {
  const counts = new Map<string, number>();
  for (let i = 0; i < 3100; i++) {
    const reference = newReference(new Date('2026-07-01T10:00:00Z'));
    assert.match(reference, /^ANT-2026-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$/);
    for (const character of reference.slice(9)) counts.set(character, (counts.get(character) ?? 0) + 1);
  }
  // 18,600 characters over 31 symbols. The old `byte % 31` drew the first eight symbols (2–9)
  // 9/256 instead of 8/256 of the time: about 5,230 of them together instead of 4,800 (standard
  // deviation about 60), so the midpoint tells the two apart with a margin of 3.6 deviations.
  assert.equal(counts.size, 31);
  const firstEight = [...'23456789'].reduce((sum, character) => sum + (counts.get(character) ?? 0), 0);
  assert.ok(firstEight < 5015, `the symbols 2–9 were drawn ${firstEight} times`);
});
