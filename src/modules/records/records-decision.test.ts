/**
 * An issued Bescheid files itself as an outgoing document of the case's process (outbox topic
 * case.decision_issued), once, with the same blob; and the blob reference check used by
 * disposal knows every column of the schema that names a blob.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, TestClient, type TestApp } from '../../platform/testing/test-app.ts';
import { signedInStaff } from '../../platform/testing/signed-in.ts';
import { sql } from '../../platform/db/sql.ts';
import { applyForSperrmuell, caseIdOf, publishSperrmuell } from '../cases/test-support.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
  // With an offer the case carries the service key, which the file plan maps to position 70.20.
  await publishSperrmuell(t, 'lemgo', 'Bürgerbüro Lemgo');
});
after(() => t.close());

const owner = <Row>(query: ReturnType<typeof sql>) => t.db.ownerTransaction((tx) => tx.query<Row>(query));
const unescape = (text: string) => text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&amp;', '&');
const textarea = (page: string, name: string) => unescape(new RegExp(`<textarea[^>]* name="${name}"[^>]*>([^<]*)</textarea>`).exec(page)?.[1] ?? '');

test('an issued decision is filed as an outgoing Bescheid in the case\'s process, once', async () => {
  const reference = await applyForSperrmuell(new TestClient(t.app), 'lemgo', { vorname: 'Dora', nachname: 'Direkt', email: 'dora@example.test' });
  await t.drainOutbox();
  const caseId = await caseIdOf(t, reference);
  const worker = await signedInStaff(t, 'lemgo', ['caseworker']);
  const base = `/verwaltung/vorgaenge/${caseId}/bescheid`;
  await worker.client.get(base);
  assert.equal((await worker.client.post(`${base}/entwurf`, { outcome: 'bewilligt' })).statusCode, 303);
  const page = await worker.client.get(base);
  assert.equal((await worker.client.post(`/verwaltung/vorgaenge/${caseId}/status`, { status: 'in_pruefung' })).statusCode, 303);
  const issued = await worker.client.post(base, { outcome: 'bewilligt', tenor: textarea(page.body, 'tenor'), reasons: '', legalRemedy: textarea(page.body, 'legalRemedy'), schritt: 'erlassen' });
  assert.equal(issued.statusCode, 303, issued.body.slice(0, 500));
  await t.drainOutbox();

  const [decision] = await owner<{ pdf_sha256: string }>(sql`select pdf_sha256 from case_decisions where case_id = ${caseId}`);
  const documents = await owner<{ title: string; kind: string; direction: string; recipient: string | null; sha256: string; media_type: string; file_name: string; process_case: string }>(sql`
    select d.title, d.kind, d.direction, d.recipient, v.sha256, v.media_type, v.file_name, r.case_id as process_case
    from record_documents d join record_document_versions v on v.tenant_id = d.tenant_id and v.document_id = d.id
    join record_processes r on r.tenant_id = d.tenant_id and r.id = d.process_id
    where d.kind = 'bescheid' and r.case_id = ${caseId}`);
  assert.deepEqual(documents, [{ title: `Bescheid ${reference}`, kind: 'bescheid', direction: 'ausgang', recipient: 'Dora Direkt', sha256: decision!.pdf_sha256, media_type: 'application/pdf', file_name: `Bescheid-${reference}.pdf`, process_case: caseId }]);
  const [audit] = await owner<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'records.decision_filed' and data ->> 'caseId' = ${caseId}`);
  assert.equal(audit?.n, 1);

  // Redelivery files nothing twice.
  await owner(sql`update outbox set done_at = null, run_at = now(), attempts = 0 where topic = 'case.decision_issued'`);
  await t.drainOutbox();
  const [count] = await owner<{ n: number }>(sql`select count(*)::int as n from record_documents where kind = 'bescheid'`);
  assert.equal(count?.n, 1);
  // The records manager sees it in the case's file, and its text was extracted.
  const { client } = await signedInStaff(t, 'lemgo', ['records_manager']);
  const search = await client.get('/verwaltung/akten/suche?az=70.20');
  const fileUrl = /href="(\/verwaltung\/akten\/[0-9a-f-]+)"/.exec(search.body)?.[1];
  assert.ok(fileUrl);
  assert.match((await client.get(fileUrl)).body, new RegExp(`Bescheid ${reference}`));
});

test('a blob another module still names is in use for the disposal\'s reference check; an unknown one is not', async () => {
  const inUse = async (sha256: string) => (await owner<{ used: boolean }>(sql`select records_blob_in_use(${sha256}) as used`))[0]?.used;
  const [decision] = await owner<{ pdf_sha256: string }>(sql`select pdf_sha256 from case_decisions where pdf_sha256 is not null limit 1`);
  assert.ok(decision);
  // The PDF is also a record version; with that file's content disposed, case_decisions still names it.
  await owner(sql`alter table record_disposal_files disable trigger record_disposal_files_guard`);
  try {
    const files = await owner<{ tenant_id: string; file_id: string }>(sql`select distinct tenant_id, file_id from record_documents`);
    for (const file of files) {
      const [d] = await owner<{ id: string }>(sql`insert into record_disposals (tenant_id, archive_name, status) values (${file.tenant_id}, 'Test', 'abgeschlossen') returning id`);
      await owner(sql`insert into record_disposal_files (tenant_id, disposal_id, file_id, offered_kind, outcome, content_deleted_at) values (${file.tenant_id}, ${d!.id}, ${file.file_id}, 'bewerten', 'vernichtet', now())`);
    }
  } finally {
    await owner(sql`alter table record_disposal_files enable trigger record_disposal_files_guard`);
  }
  assert.equal(await inUse(decision.pdf_sha256), true, 'case_decisions.pdf_sha256');
  assert.equal(await inUse('0'.repeat(64)), false);
});
