import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../../../platform/db/database.ts';
import { sql } from '../../../platform/db/sql.ts';
import { openTestDatabase } from '../../../platform/testing/test-database.ts';
import { adoptForm } from './adopt-form.ts';
import { acceptOriginalVersion, adoptionOrigin, adoptionStatuses } from './adoption-updates.ts';
import { FormConflictError, FormNotFoundError, InvalidDefinitionError } from './errors.ts';
import { findForm, listVersions } from './form-queries.ts';
import { createForm, publishDraft, saveDraft, saveWorkingDraft } from './form-store.ts';
import { fixture, staffOf } from './test-support.ts';
import type { StaffScope } from './types.ts';

let db: Database;
let lemgo: StaffScope;
let detmold: StaffScope;

before(async () => {
  db = await openTestDatabase();
  lemgo = await staffOf(db, 'lemgo');
  detmold = await staffOf(db, 'detmold');
});
after(() => db.close());

test('a working draft with problems is saved with its problems, but cannot be published until fixed', async () => {
  const { formId } = await createForm(db, lemgo, fixture('sperrmuell'));
  const broken = { ...fixture('sperrmuell'), title: { de: 'Sperrmüll', en: ' ' } };
  const saved = await saveWorkingDraft(db, lemgo, formId, broken);
  assert.equal(saved.version.version, 1);
  assert.deepEqual(saved.problems.map((p) => [p.path, p.code]), [['/title/en', 'empty_text']]);
  assert.deepEqual(saved.version.definition.title, broken.title, 'stored as given');
  const error = await publishDraft(db, lemgo, formId).catch((e: unknown) => e);
  assert.ok(error instanceof InvalidDefinitionError);
  assert.deepEqual(error.problems.map((p) => p.path), ['/title/en']);

  // Not an object, or a changed id: refused, nothing written.
  await assert.rejects(saveWorkingDraft(db, lemgo, formId, [1, 2]), InvalidDefinitionError);
  const renamed = await saveWorkingDraft(db, lemgo, formId, { ...broken, id: 'anders' }).catch((e: unknown) => e);
  assert.ok(renamed instanceof InvalidDefinitionError);
  assert.deepEqual(renamed.problems.map((p) => p.code), ['id_changed']);
  await assert.rejects(saveWorkingDraft(db, detmold, formId, broken), FormNotFoundError, 'another tenant cannot write it');

  const fixed = await saveWorkingDraft(db, lemgo, formId, fixture('sperrmuell'));
  assert.deepEqual(fixed.problems, []);
  assert.equal((await publishDraft(db, lemgo, formId)).version, 1);

  const audit = await db.ownerTransaction((tx) =>
    tx.query<{ data: { valid?: boolean; problems?: number } }>(sql`
      select data from audit_log where tenant_id = ${lemgo.tenantId} and action = 'form.draft_saved' and subject_id = ${formId} order by seq`),
  );
  assert.deepEqual(audit.map((a) => [a.data.valid, a.data.problems]), [[false, 1], [true, 0]]);
});

test('findForm and listVersions see only the acting tenant\'s form, newest version first', async () => {
  const { formId } = await createForm(db, lemgo, fixture('hundeanmeldung'));
  await publishDraft(db, lemgo, formId);
  await saveDraft(db, lemgo, formId, { ...fixture('hundeanmeldung'), intro: { de: 'Neu.', en: 'New.' } });
  assert.equal((await findForm(db, lemgo, formId))?.slug, 'hundeanmeldung');
  assert.deepEqual((await listVersions(db, lemgo, formId)).map((v) => [v.version, v.status]), [[2, 'draft'], [1, 'published']]);
  // Detmold may read Lemgo's published version for adoption, but not through its own lists.
  assert.equal(await findForm(db, detmold, formId), undefined);
  assert.deepEqual(await listVersions(db, detmold, formId), []);
});

test('an adopted form learns of a newer original version and takes it over as its next draft', async () => {
  const original = await createForm(db, detmold, fixture('sperrmuell'));
  await publishDraft(db, detmold, original.formId);
  const copy = await adoptForm(db, lemgo, detmold.tenantId, original.formId, 1).catch((e: unknown) => e);
  // Lemgo already has its own sperrmuell-abholung from the first test.
  assert.ok(copy instanceof FormConflictError);

  const hunde = await createForm(db, detmold, { ...fixture('hundeanmeldung'), id: 'hunde-detmold' });
  await publishDraft(db, detmold, hunde.formId);
  const adopted = await adoptForm(db, lemgo, detmold.tenantId, hunde.formId, 1);
  assert.deepEqual(adoptionOrigin(adopted.definition), { tenantId: detmold.tenantId, formId: hunde.formId, version: 1 });
  assert.equal(adoptionOrigin(fixture('sperrmuell')), undefined);
  await publishDraft(db, lemgo, adopted.formId);

  let status = (await adoptionStatuses(db, lemgo)).get(adopted.formId);
  assert.deepEqual([status?.originTenantName, status?.originLatest, status?.updateAvailable], ['Detmold', 1, false]);
  await assert.rejects(acceptOriginalVersion(db, lemgo, adopted.formId, 1), FormConflictError, 'not newer');

  await saveDraft(db, detmold, hunde.formId, { ...fixture('hundeanmeldung'), id: 'hunde-detmold', title: { de: 'Hund anmelden', en: 'Register a dog' } });
  await publishDraft(db, detmold, hunde.formId);
  status = (await adoptionStatuses(db, lemgo)).get(adopted.formId);
  assert.deepEqual([status?.originLatest, status?.updateAvailable], [2, true]);
  assert.equal((await adoptionStatuses(db, lemgo)).size, 1, 'own forms are not listed');

  const draft = await acceptOriginalVersion(db, lemgo, adopted.formId, 2);
  assert.deepEqual([draft.version, draft.status, draft.definition.title.de], [2, 'draft', 'Hund anmelden']);
  assert.equal(draft.definition.id, 'hunde-detmold');
  assert.equal(draft.definition.source?.version, '2');
  assert.equal((await adoptionStatuses(db, lemgo)).get(adopted.formId)?.updateAvailable, false);
  await assert.rejects(acceptOriginalVersion(db, detmold, adopted.formId, 2), FormNotFoundError, 'only the adopting tenant');
  await assert.rejects(acceptOriginalVersion(db, lemgo, adopted.formId, 3), FormNotFoundError, 'no such published version');

  const audit = await db.ownerTransaction((tx) =>
    tx.query<{ data: { sourceVersion: number } }>(sql`select data from audit_log where tenant_id = ${lemgo.tenantId} and action = 'form.original_accepted'`),
  );
  assert.deepEqual(audit.map((a) => a.data.sourceVersion), [2]);
});
