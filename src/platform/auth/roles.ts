/** Staff roles within one tenant. */
export const staffRoles = ['admin', 'caseworker', 'records_manager', 'coordinator', 'reader'] as const;
export type StaffRole = (typeof staffRoles)[number];

export function isStaffRole(value: unknown): value is StaffRole {
  return typeof value === 'string' && (staffRoles as readonly string[]).includes(value);
}

export type Membership = { tenantId: string; tenantSlug: string; tenantName: string; role: StaffRole };
