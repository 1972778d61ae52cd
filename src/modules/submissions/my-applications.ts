/**
 * "Meine Anträge": a signed-in citizen's open drafts and sent applications of every municipality.
 * Runs without a tenant scope: the applicant policies of migration 0008 show the user's own rows
 * in any tenant and nothing else, so a forgotten filter here could still not reveal a stranger's.
 */
import type { Database } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';

export type MyDraft = {
  kind: 'draft';
  tenantSlug: string;
  tenantName: string;
  formSlug: string;
  formTitle: string;
  draftId: string;
  updatedAt: Date;
  expiresAt: Date;
};

export type MySubmission = {
  kind: 'submission';
  tenantSlug: string;
  tenantName: string;
  formSlug: string;
  formTitle: string;
  reference: string;
  submittedAt: Date;
  /** The case's status once the back office has it (cases module), else null. */
  caseStatus: string | null;
};

export type MyApplications = { drafts: MyDraft[]; submissions: MySubmission[] };

type DraftRow = { tenant_slug: string; tenant_name: string; form_slug: string; form_title: string; id: string; updated_at: Date; expires_at: Date };
type SubmissionRow = { id: string; tenant_id: string; tenant_slug: string; tenant_name: string; form_slug: string; form_title: string; reference: string; submitted_at: Date };

/** At most this many of each kind: a citizen with more finds older ones by their reference. */
const listLimit = 200;

/**
 * The case status of each sent application, read per tenant in that tenant's scope: `cases` has no
 * applicant policy, because a second permissive policy there would be ORed into every caseworker's
 * inbox query and cost it its index-only plans (migration 0021).
 */
async function caseStatuses(db: Database, userId: string, submissions: readonly SubmissionRow[]): Promise<Map<string, string>> {
  const byTenant = new Map<string, string[]>();
  for (const row of submissions) byTenant.set(row.tenant_id, [...(byTenant.get(row.tenant_id) ?? []), row.id]);
  const statuses = new Map<string, string>();
  for (const [tenantId, ids] of byTenant) {
    const rows = await db.transaction({ tenantId, userId }, (tx) =>
      tx.query<{ submission_id: string; status: string }>(sql`
        select submission_id, status from cases
        where tenant_id = ${tenantId} and submission_id = any(${ids}::uuid[]) and applicant_user_id = ${userId}`),
    );
    for (const row of rows) statuses.set(row.submission_id, row.status);
  }
  return statuses;
}

export async function listMyApplications(db: Database, userId: string): Promise<MyApplications> {
  const list = await db.transaction({ tenantId: null, userId }, async (tx) => {
    const drafts = await tx.query<DraftRow>(sql`
      select t.slug as tenant_slug, t.name as tenant_name, f.slug as form_slug, f.title as form_title,
             d.id, d.updated_at, d.expires_at
      from form_drafts d
      join forms f on f.tenant_id = d.tenant_id and f.id = d.form_id
      join tenants t on t.id = d.tenant_id
      where d.user_id = ${userId} and d.submitted_at is null and d.expires_at > now()
      order by d.updated_at desc limit ${listLimit}`);
    const submissions = await tx.query<SubmissionRow>(sql`
      select s.id, s.tenant_id, t.slug as tenant_slug, t.name as tenant_name, f.slug as form_slug, f.title as form_title,
             s.reference, s.submitted_at
      from submissions s
      join forms f on f.tenant_id = coalesce(s.form_tenant_id, s.tenant_id) and f.id = s.form_id
      join tenants t on t.id = s.tenant_id
      -- A copy made for another authority (case transfer) is the same application: listed once.
      where s.user_id = ${userId} and s.transferred_from_submission_id is null
      order by s.submitted_at desc limit ${listLimit}`);
    return { drafts, submissions };
  });
  const statuses = await caseStatuses(db, userId, list.submissions);
  const { drafts, submissions } = list;
  return {
    drafts: drafts.map((row) => ({
      kind: 'draft',
      tenantSlug: row.tenant_slug,
      tenantName: row.tenant_name,
      formSlug: row.form_slug,
      formTitle: row.form_title,
      draftId: row.id,
      updatedAt: row.updated_at,
      expiresAt: row.expires_at,
    })),
    submissions: submissions.map((row) => ({
      kind: 'submission',
      tenantSlug: row.tenant_slug,
      tenantName: row.tenant_name,
      formSlug: row.form_slug,
      formTitle: row.form_title,
      reference: row.reference,
      submittedAt: row.submitted_at,
      caseStatus: statuses.get(row.id) ?? null,
    })),
  };
}
