/**
 * Joint projects: the lead municipality owns the project, its milestones and its edits; the lead
 * and the participating municipalities report status updates (Sachstand), each as its own row.
 */
import type { Database, Queryable } from '../../platform/db/database.ts';
import { maybeOne } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';
import type { ValidationIssue } from '../../platform/validation.ts';
import { HubAccessError, hubWrite, type HubScope } from './access.ts';

export const phases = ['idee', 'vorbereitung', 'umsetzung', 'rollout', 'abgeschlossen'] as const;
export const statuses = ['im_plan', 'gefaehrdet', 'blockiert'] as const;
export type Phase = (typeof phases)[number];
export type ProjectStatus = (typeof statuses)[number];

export type ProjectInput = {
  title: string;
  goal: string;
  phase: Phase;
  status: ProjectStatus;
  participantIds: string[];
  responsiblePeople: string[];
  serviceKeys: string[];
  documentLinks: string[];
};

export type ProjectSummary = { id: string; title: string; phase: Phase; status: ProjectStatus; leadName: string; participants: number; demo: boolean };

export async function listProjects(tx: Queryable): Promise<ProjectSummary[]> {
  return tx.query<ProjectSummary>(sql`
    select p.id, p.title, p.phase, p.status, t.name as "leadName", cardinality(p.participant_ids) as participants, p.demo
    from hub_projects p join tenants t on t.id = p.tenant_id
    order by (p.phase = 'abgeschlossen'), p.title`);
}

export type Project = ProjectInput & {
  id: string;
  tenantId: string;
  leadName: string;
  participants: { id: string; name: string }[];
  services: { key: string; name: string; slug: string }[];
  ideaId: string | null;
  demo: boolean;
  milestones: { id: string; title: string; dueOn: string; doneOn: string | null }[];
  updates: { id: string; reportedOn: string; status: ProjectStatus; body: string; tenantName: string; authorName: string }[];
};

export async function findProject(tx: Queryable, id: string): Promise<Project | undefined> {
  const row = await maybeOne<Omit<Project, 'participants' | 'services' | 'milestones' | 'updates'>>(tx, sql`
    select p.id, p.tenant_id as "tenantId", t.name as "leadName", p.title, p.goal, p.phase, p.status,
           p.participant_ids as "participantIds", p.responsible_people as "responsiblePeople", p.service_keys as "serviceKeys",
           p.document_links as "documentLinks", p.idea_id as "ideaId", p.demo
    from hub_projects p join tenants t on t.id = p.tenant_id where p.id = ${id}`);
  if (!row) return undefined;
  return {
    ...row,
    participants: await tx.query(sql`select id, name from tenants where id = any(${row.participantIds}::uuid[]) order by name`),
    services: await tx.query(sql`select key, name, slug from services where key = any(${row.serviceKeys}::text[]) order by name`),
    milestones: await tx.query(sql`
      select id, title, due_on::text as "dueOn", done_on::text as "doneOn" from hub_milestones where project_id = ${id} order by due_on, title`),
    updates: await tx.query(sql`
      select u.id, u.reported_on::text as "reportedOn", u.status, u.body, t.name as "tenantName", a.display_name as "authorName"
      from hub_status_updates u join tenants t on t.id = u.tenant_id join users a on a.id = u.author_id
      where u.project_id = ${id} order by u.reported_on desc, u.created_at desc`),
  };
}

/** Checks what only the database knows: services in the catalog, participants in the district. */
export async function checkReferences(tx: Queryable, scope: HubScope, input: Pick<ProjectInput, 'serviceKeys' | 'participantIds'>): Promise<ValidationIssue[]> {
  const issues: ValidationIssue[] = [];
  const known = await tx.query<{ key: string }>(sql`select key from services where key = any(${input.serviceKeys}::text[])`);
  if (known.length !== new Set(input.serviceKeys).size) issues.push({ field: 'serviceKeys', code: 'unknown_service' });
  const tenants = await tx.query<{ id: string }>(sql`
    select id from tenants where id = any(${input.participantIds}::uuid[]) and coalesce(parent_id, id) = hub_district_of(${scope.tenantId})`);
  if (tenants.length !== new Set(input.participantIds).size) issues.push({ field: 'participants', code: 'unknown_tenant' });
  return issues;
}

function projectColumns(input: ProjectInput) {
  return {
    participants: sql`${[...new Set(input.participantIds)]}::uuid[]`,
    people: sql`${input.responsiblePeople}::text[]`,
    services: sql`${[...new Set(input.serviceKeys)]}::text[]`,
    links: sql`${input.documentLinks}::text[]`,
  };
}

/** Creates a project led by the acting tenant (optionally from an idea); returns its id or the issues. */
export async function createProject(db: Database, scope: HubScope, input: ProjectInput, ideaId: string | null = null): Promise<{ id: string } | { issues: ValidationIssue[] }> {
  return hubWrite(db, scope, async (tx, audit) => {
    const issues = await checkReferences(tx, scope, input);
    if (issues.length > 0) return { issues };
    const c = projectColumns(input);
    const [row] = await tx.query<{ id: string }>(sql`
      insert into hub_projects (tenant_id, title, goal, phase, status, participant_ids, responsible_people, service_keys, document_links, idea_id, created_by)
      values (${scope.tenantId}, ${input.title}, ${input.goal}, ${input.phase}, ${input.status}, ${c.participants}, ${c.people}, ${c.services}, ${c.links}, ${ideaId}, ${scope.userId})
      returning id`);
    await audit('hub.project_created', 'hub_project', row!.id, { title: input.title, ideaId });
    return { id: row!.id };
  });
}

/** The project if the acting tenant leads it; HubAccessError when it is another municipality's. */
async function ownProject(tx: Queryable, scope: HubScope, id: string): Promise<{ tenant_id: string } | undefined> {
  const project = await maybeOne<{ tenant_id: string }>(tx, sql`select tenant_id from hub_projects where id = ${id}`);
  if (project && project.tenant_id !== scope.tenantId) throw new HubAccessError(`Project ${id} is led by another tenant`);
  return project;
}

export async function updateProject(db: Database, scope: HubScope, id: string, input: ProjectInput): Promise<'saved' | 'not_found' | { issues: ValidationIssue[] }> {
  return hubWrite(db, scope, async (tx, audit) => {
    if (!(await ownProject(tx, scope, id))) return 'not_found';
    const issues = await checkReferences(tx, scope, input);
    if (issues.length > 0) return { issues };
    const c = projectColumns(input);
    await tx.query(sql`
      update hub_projects set title = ${input.title}, goal = ${input.goal}, phase = ${input.phase}, status = ${input.status},
        participant_ids = ${c.participants}, responsible_people = ${c.people}, service_keys = ${c.services}, document_links = ${c.links}, updated_at = now()
      where id = ${id}`);
    await audit('hub.project_updated', 'hub_project', id, { input });
    return 'saved';
  });
}

export async function addMilestone(db: Database, scope: HubScope, projectId: string, input: { title: string; dueOn: string }): Promise<'saved' | 'not_found'> {
  return hubWrite(db, scope, async (tx, audit) => {
    if (!(await ownProject(tx, scope, projectId))) return 'not_found';
    const [row] = await tx.query<{ id: string }>(sql`
      insert into hub_milestones (project_id, tenant_id, title, due_on) values (${projectId}, ${scope.tenantId}, ${input.title}, ${input.dueOn}) returning id`);
    await audit('hub.milestone_added', 'hub_project', projectId, { milestoneId: row!.id, ...input });
    return 'saved';
  });
}

export async function completeMilestone(db: Database, scope: HubScope, projectId: string, milestoneId: string, today: string): Promise<'saved' | 'not_found'> {
  return hubWrite(db, scope, async (tx, audit) => {
    if (!(await ownProject(tx, scope, projectId))) return 'not_found';
    const rows = await tx.query(sql`
      update hub_milestones set done_on = ${today} where id = ${milestoneId} and project_id = ${projectId} and done_on is null returning id`);
    if (rows.length === 0) return 'not_found';
    await audit('hub.milestone_done', 'hub_project', projectId, { milestoneId });
    return 'saved';
  });
}

/**
 * A status update of the lead or a participating municipality; the lead's update also sets the
 * project's status. Other municipalities get HubAccessError.
 */
export async function addStatusUpdate(db: Database, scope: HubScope, projectId: string, input: { reportedOn: string; status: ProjectStatus; body: string }): Promise<'saved' | 'not_found'> {
  return hubWrite(db, scope, async (tx, audit) => {
    const project = await maybeOne<{ tenant_id: string; participant_ids: string[] }>(tx, sql`
      select tenant_id, participant_ids from hub_projects where id = ${projectId}`);
    if (!project) return 'not_found';
    const isLead = project.tenant_id === scope.tenantId;
    if (!isLead && !project.participant_ids.includes(scope.tenantId)) throw new HubAccessError('Only lead and participants report status');
    const [row] = await tx.query<{ id: string }>(sql`
      insert into hub_status_updates (project_id, tenant_id, author_id, reported_on, status, body)
      values (${projectId}, ${scope.tenantId}, ${scope.userId}, ${input.reportedOn}, ${input.status}, ${input.body}) returning id`);
    if (isLead) await tx.query(sql`update hub_projects set status = ${input.status}, updated_at = now() where id = ${projectId}`);
    await audit('hub.status_reported', 'hub_project', projectId, { updateId: row!.id, status: input.status });
    return 'saved';
  });
}
