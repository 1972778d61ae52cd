import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { sql } from '../../platform/db/sql.ts';
import { openTestDatabase } from '../../platform/testing/test-database.ts';
import type { Database } from '../../platform/db/database.ts';
import { latestDraft, latestDraftQuery, startDraft } from './drafts.ts';

let db: Database;
let tenantId: string;
const formId = crypto.randomUUID();
const hashOf = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

before(async () => {
  db = await openTestDatabase();
  const [row] = await db.ownerTransaction((tx) => tx.query<{ id: string }>(sql`select id from tenants where slug = 'detmold'`));
  tenantId = row?.id ?? '';
  // A tenant that has taken 3,000 applications of the form: their drafts stay, sent, until they expire.
  await db.ownerTransaction(async (tx) => {
    await tx.query(sql`
      insert into form_drafts (tenant_id, form_id, version, token_hash, expires_at, submitted_at)
      select ${tenantId}, ${formId}, 1, encode(sha256(convert_to('sent-' || n, 'UTF8')), 'hex'), now() + interval '30 days', now()
      from generate_series(1, 3000) as n`);
    await tx.query(sql`analyze form_drafts`);
  });
});
after(() => db.close());

test("a browser's latest draft is found through its own index, not by reading the tenant's drafts", async () => {
  const key = { tenantId, formId, tokenHash: hashOf('sent-1500') };
  const plan = await db.transaction({ tenantId, userId: null }, (tx) =>
    tx.query<{ 'QUERY PLAN': unknown }>(sql`explain (format json) ${latestDraftQuery(key, true)}`));
  const text = JSON.stringify(plan);
  assert.match(text, /"Index Name":"form_drafts_browser"/, text);
  assert.doesNotMatch(text, /form_drafts_expiry|"Seq Scan"/, text);
});

test('the open draft comes before a sent one of the same browser; a sent one is still found (its receipt)', async () => {
  const sent = { tenantId, formId, tokenHash: hashOf('sent-7') };
  const found = await db.transaction({ tenantId, userId: null }, (tx) => latestDraft(tx, sent));
  assert.ok(found?.submittedAt, 'the sent draft');
  const opened = await db.transaction({ tenantId, userId: null }, (tx) => startDraft(tx, sent, 1, null));
  const latest = await db.transaction({ tenantId, userId: null }, (tx) => latestDraft(tx, sent, { forUpdate: true }));
  assert.equal(latest?.id, opened.id);
  assert.equal(latest?.submittedAt, null);
  assert.equal(await db.transaction({ tenantId, userId: null }, (tx) => latestDraft(tx, { ...sent, tokenHash: hashOf('nobody') })), undefined);
});
