import type { Queryable } from '../../platform/db/database.ts';
import type { StaffRole } from '../../platform/auth/roles.ts';
import { rolesOf } from './tenant-store.ts';

/**
 * Who may maintain a tenant's offers, offices and responsibility rules: its administrators and
 * its coordinators (the digitalisation officers who own the service catalogue). Caseworkers,
 * records managers and readers work with cases, not with the public service information.
 */
export const editorRoles: readonly StaffRole[] = ['admin', 'coordinator'];

/** The acting tenant and user of a back-office change. */
export type EditorScope = { tenantId: string; userId: string };

export class OffersAccessError extends Error {
  override name = 'OffersAccessError';
}

/** Throws unless the user is an editor of the tenant; checked inside the writing transaction. */
export async function assertEditor(tx: Queryable, scope: EditorScope): Promise<void> {
  const roles = await rolesOf(tx, scope.tenantId, scope.userId);
  if (!roles.some((role) => editorRoles.includes(role))) {
    throw new OffersAccessError(`User ${scope.userId} may not edit offers of tenant ${scope.tenantId}`);
  }
}
