import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { sql } from '../../platform/db/sql.ts';
import { openTestDatabase } from '../../platform/testing/test-database.ts';
import type { Database } from '../../platform/db/database.ts';
import { addAttachment, fileRef } from './attachments.ts';
import { saveAnswers, startDraft } from './drafts.ts';
import { referencedFileIds, submitDraft } from './submit.ts';

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
