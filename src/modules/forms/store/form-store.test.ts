import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { verifyAudit } from '../../../platform/audit/verify-audit.ts';
import type { Database, Queryable } from '../../../platform/db/database.ts';
import { sql } from '../../../platform/db/sql.ts';
import { openTestDatabase } from '../../../platform/testing/test-database.ts';
import { definitionSha256 } from './definition-hash.ts';
import { FormConflictError, FormNotFoundError, InvalidDefinitionError } from './errors.ts';
import { adoptForm } from './adopt-form.ts';
import { getVersion, latestPublished, listForms, listPublishedFromOtherTenants } from './form-queries.ts';
import { createForm, publishDraft, saveDraft } from './form-store.ts';
import { fixture, staffOf } from './test-support.ts';
import type { StaffScope } from './types.ts';

let db: Database;
let lemgo: StaffScope;
let detmold: StaffScope;
let formId: string;

before(async () => {
  db = await openTestDatabase();
  lemgo = await staffOf(db, 'lemgo');
  detmold = await staffOf(db, 'detmold');
});
after(() => db.close());

const asApp = <T>(scope: StaffScope, work: (tx: Queryable) => Promise<T>) => db.transaction(scope, work);
const asOwner = <T>(work: (tx: Queryable) => Promise<T>) => db.ownerTransaction(work);

test('create -> draft -> publish -> new draft -> publish v2', async () => {
  const hunde = fixture('hundeanmeldung');
  const created = await createForm(db, lemgo, hunde);
  formId = created.formId;
  assert.equal(created.version, 1);
  assert.equal(created.status, 'draft');
  assert.equal(created.definitionSha256, definitionSha256(hunde));

  const edited = { ...hunde, title: { de: 'Hund anmelden', en: 'Register a dog' } };
  const saved = await saveDraft(db, lemgo, formId, edited);
  assert.equal(saved.version, 1, 'saving again overwrites the open draft');

  const v1 = await publishDraft(db, lemgo, formId);
  assert.equal(v1.status, 'published');
  assert.equal(v1.publishedBy, lemgo.userId);
  assert.equal(v1.definition.title.de, 'Hund anmelden');
  await assert.rejects(publishDraft(db, lemgo, formId), FormNotFoundError);

  const draft2 = await saveDraft(db, lemgo, formId, { ...edited, intro: { de: 'Neu.', en: 'New.' } });
  assert.equal(draft2.version, 2, 'a new draft follows the latest published version');
  const v2 = await publishDraft(db, lemgo, formId);
  assert.equal(v2.version, 2);
  assert.equal((await latestPublished(db, lemgo, formId))?.version, 2);
  assert.equal((await getVersion(db, lemgo, formId, 1))?.definition.title.de, 'Hund anmelden');
  // Stored jsonb hashes the same as what was written.
  const stored = await getVersion(db, lemgo, formId, 2);
  assert.equal(definitionSha256(stored!.definition), stored!.definitionSha256);

  const list = await listForms(db, lemgo);
  assert.deepEqual(list.map((f) => [f.slug, f.draftVersion, f.publishedVersion]), [['hundeanmeldung', null, 2]]);
});

test('invalid definitions and a changed id are refused with problems, never a crash', async () => {
  const broken = { ...fixture('sperrmuell'), steps: [] };
  const error = await createForm(db, lemgo, broken).catch((e: unknown) => e);
  assert.ok(error instanceof InvalidDefinitionError);
  assert.ok(error.problems.some((p) => p.path === '/steps'));
  await assert.rejects(createForm(db, lemgo, 'not a form'), InvalidDefinitionError);
  const renamed = await saveDraft(db, lemgo, formId, { ...fixture('hundeanmeldung'), id: 'hund' }).catch((e: unknown) => e);
  assert.ok(renamed instanceof InvalidDefinitionError);
  assert.deepEqual(renamed.problems.map((p) => [p.path, p.code]), [['/id', 'id_changed']]);
  await assert.rejects(createForm(db, lemgo, fixture('hundeanmeldung')), FormConflictError);
  await assert.rejects(saveDraft(db, detmold, formId, fixture('hundeanmeldung')), FormNotFoundError);
});

test('a published version cannot be changed or deleted, by the app role or the owner', async () => {
  const v1 = sql`tenant_id = ${lemgo.tenantId} and form_id = ${formId} and version = 1`;
  for (const run of [(w: (tx: Queryable) => Promise<unknown>) => asApp(lemgo, w), asOwner]) {
    await assert.rejects(run((tx) => tx.query(sql`update form_versions set definition = '{"x":1}'::jsonb where ${v1}`)), /immutable/);
    await assert.rejects(run((tx) => tx.query(sql`update form_versions set status = 'draft', published_at = null, published_by = null where ${v1}`)), /immutable/);
    await assert.rejects(run((tx) => tx.query(sql`delete from form_versions where ${v1}`)), /cannot be deleted/);
  }
  await assert.rejects(asOwner((tx) => tx.query(sql`truncate form_versions`)), /cannot be truncated/);
  assert.equal((await getVersion(db, lemgo, formId, 1))?.definition.title.de, 'Hund anmelden');
});

test('publishing must not change the definition; only one draft per form', async () => {
  const draft = await saveDraft(db, lemgo, formId, fixture('hundeanmeldung'));
  assert.equal(draft.version, 3);
  await assert.rejects(
    asOwner((tx) => tx.query(sql`
      update form_versions set status = 'published', published_at = now(), published_by = ${lemgo.userId}, definition = '{"x":1}'::jsonb
      where tenant_id = ${lemgo.tenantId} and form_id = ${formId} and version = 3`)),
    /must not change the definition/,
  );
  await assert.rejects(
    asApp(lemgo, (tx) => tx.query(sql`
      insert into form_versions (tenant_id, form_id, version, status, definition, definition_sha256, created_by)
      values (${lemgo.tenantId}, ${formId}, 4, 'draft', '{}'::jsonb, ${'0'.repeat(64)}, ${lemgo.userId})`)),
    /form_versions_one_draft|duplicate key/,
  );
  // A draft is not published and may be discarded.
  const deleted = await asApp(lemgo, (tx) => tx.query(sql`delete from form_versions where form_id = ${formId} and status = 'draft' returning version`));
  assert.equal(deleted.length, 1);
});

test('another tenant cannot see drafts but reads published versions and adopts them', async () => {
  const sperr = await createForm(db, lemgo, fixture('sperrmuell'));
  // Unscoped queries as Detmold's app role: Lemgo's draft-only form and every draft stay hidden.
  const versions = await asApp(detmold, (tx) => tx.query<{ status: string; form_id: string }>(sql`select status, form_id from form_versions`));
  assert.ok(versions.length > 0);
  assert.ok(versions.every((v) => v.status === 'published'));
  const forms = await asApp(detmold, (tx) => tx.query<{ id: string }>(sql`select id from forms`));
  assert.deepEqual(forms.map((f) => f.id), [formId]);
  assert.equal(await getVersion(db, detmold, sperr.formId, 1, lemgo.tenantId), undefined);
  assert.equal((await getVersion(db, detmold, formId, 2, lemgo.tenantId))?.version, 2);
  // Nor can Detmold write Lemgo's rows.
  const touched = await asApp(detmold, (tx) => tx.query(sql`update forms set title = 'x' returning id`));
  assert.equal(touched.length, 0);

  const candidates = await listPublishedFromOtherTenants(db, detmold);
  assert.deepEqual(candidates.map((c) => [c.slug, c.version, c.tenantName]), [['hundeanmeldung', 2, 'Lemgo']]);
  await assert.rejects(adoptForm(db, detmold, lemgo.tenantId, sperr.formId, 1), FormNotFoundError);

  const adopted = await adoptForm(db, detmold, lemgo.tenantId, formId, 2);
  assert.equal(adopted.tenantId, detmold.tenantId);
  assert.equal(adopted.version, 1);
  assert.equal(adopted.status, 'draft');
  assert.deepEqual(adopted.definition.source, { kind: 'json', id: `kreisportal:${lemgo.tenantId}/${formId}`, version: '2' });
  assert.deepEqual((await listForms(db, detmold)).map((f) => [f.slug, f.draftVersion]), [['hundeanmeldung', 1]]);
  // Lemgo sees Detmold's adoption only once it is published.
  assert.deepEqual(await listPublishedFromOtherTenants(db, lemgo), []);
});

test('every write left an audit entry and the chains verify', async () => {
  const lemgoActions = await asOwner((tx) =>
    tx.query<{ action: string }>(sql`select action from audit_log where tenant_id = ${lemgo.tenantId} and subject_type = 'form' order by seq`),
  );
  assert.deepEqual(lemgoActions.map((a) => a.action), [
    'form.created', 'form.draft_saved', 'form.published', 'form.draft_saved', 'form.published', 'form.draft_saved', 'form.created',
  ]);
  const published = await asOwner((tx) =>
    tx.query<{ data: { version: number; sha256: string } }>(sql`
      select data from audit_log where tenant_id = ${lemgo.tenantId} and action = 'form.published' order by seq`),
  );
  assert.equal(published[1]?.data.sha256, (await getVersion(db, lemgo, formId, 2))?.definitionSha256);
  const adoption = await asOwner((tx) =>
    tx.query<{ data: Record<string, unknown> }>(sql`select data from audit_log where tenant_id = ${detmold.tenantId} and action = 'form.adopted'`),
  );
  assert.equal(adoption.length, 1);
  assert.equal(adoption[0]?.data.sourceVersion, 2);
  const report = await verifyAudit(db);
  assert.deepEqual(report.problems, []);
});
