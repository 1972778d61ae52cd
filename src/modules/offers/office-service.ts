import type { Database } from '../../platform/db/database.ts';
import { appendAudit } from '../../platform/audit/audit-log.ts';
import type { ValidationIssue } from '../../platform/validation.ts';
import { assertEditor, type EditorScope } from './access.ts';
import { changedFields } from './changes.ts';
import { findOffice, insertOffice, officeNameTaken, updateOffice } from './office-store.ts';
import type { Office, OfficeInput } from './types.ts';

function editable(office: Office): OfficeInput {
  return {
    name: office.name,
    street: office.street,
    postcode: office.postcode,
    city: office.city,
    openingHours: office.openingHours,
    openingHoursNote: office.openingHoursNote,
    phone: office.phone,
    email: office.email,
    website: office.website,
    published: office.published,
    demo: office.demo,
  };
}

/** Creates an office of the acting tenant, audited in the same transaction. */
export async function createOffice(db: Database, scope: EditorScope, input: OfficeInput): Promise<{ issues: ValidationIssue[]; office?: Office }> {
  return db.transaction(scope, async (tx) => {
    await assertEditor(tx, scope);
    if (await officeNameTaken(tx, scope.tenantId, input.name, null)) return { issues: [{ field: 'name', code: 'taken' }] };
    const office = await insertOffice(tx, scope.tenantId, input);
    await appendAudit(tx, {
      tenantId: scope.tenantId,
      actorId: scope.userId,
      action: 'office.created',
      subjectType: 'office',
      subjectId: office.id,
      data: { office: input },
    });
    return { issues: [], office };
  });
}

/** Changes an office of the acting tenant; the audit entry lists the changed fields. */
export async function changeOffice(
  db: Database,
  scope: EditorScope,
  id: string,
  input: OfficeInput,
): Promise<{ outcome: 'saved' | 'unchanged' | 'not_found' } | { outcome: 'invalid'; issues: ValidationIssue[] }> {
  return db.transaction(scope, async (tx) => {
    await assertEditor(tx, scope);
    const before = await findOffice(tx, scope.tenantId, id);
    if (!before) return { outcome: 'not_found' };
    if (await officeNameTaken(tx, scope.tenantId, input.name, id)) return { outcome: 'invalid', issues: [{ field: 'name', code: 'taken' }] };
    const changes = changedFields(editable(before), input);
    if (Object.keys(changes).length === 0) return { outcome: 'unchanged' };
    if (!(await updateOffice(tx, scope.tenantId, id, input))) return { outcome: 'not_found' };
    await appendAudit(tx, { tenantId: scope.tenantId, actorId: scope.userId, action: 'office.updated', subjectType: 'office', subjectId: id, data: { changes } });
    return { outcome: 'saved' };
  });
}
