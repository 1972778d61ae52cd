/**
 * Ideas: any member posts one, members comment, each municipality votes once (the primary key of
 * hub_idea_votes), and one action turns an idea into a project led by the acting municipality —
 * the idea stays as it is and the project points to it, so votes and comments remain its history.
 */
import type { Database, Queryable } from '../../platform/db/database.ts';
import { maybeOne } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';
import { hubWrite, type HubScope } from './access.ts';
import { createProject } from './projects.ts';

export type IdeaSummary = { id: string; title: string; tenantName: string; votes: number; comments: number; projectId: string | null; demo: boolean; createdAt: Date };

export async function listIdeas(tx: Queryable): Promise<IdeaSummary[]> {
  return tx.query<IdeaSummary>(sql`
    select i.id, i.title, t.name as "tenantName", i.demo, i.created_at as "createdAt",
      (select count(*)::int from hub_idea_votes v where v.idea_id = i.id) as votes,
      (select count(*)::int from hub_idea_comments c where c.idea_id = i.id) as comments,
      (select p.id from hub_projects p where p.idea_id = i.id) as "projectId"
    from hub_ideas i join tenants t on t.id = i.tenant_id
    order by votes desc, i.created_at desc`);
}

export type IdeaHistory = {
  id: string;
  title: string;
  body: string;
  authorName: string;
  tenantName: string;
  createdAt: Date;
  demo: boolean;
  votes: string[];
  voteTenantIds: string[];
  comments: { authorName: string; tenantName: string; body: string; createdAt: Date }[];
  project: { id: string; title: string } | undefined;
};

export async function findIdea(tx: Queryable, id: string): Promise<IdeaHistory | undefined> {
  const idea = await maybeOne<Pick<IdeaHistory, 'id' | 'title' | 'body' | 'authorName' | 'tenantName' | 'createdAt' | 'demo'>>(tx, sql`
    select i.id, i.title, i.body, u.display_name as "authorName", t.name as "tenantName", i.created_at as "createdAt", i.demo
    from hub_ideas i join users u on u.id = i.author_id join tenants t on t.id = i.tenant_id where i.id = ${id}`);
  if (!idea) return undefined;
  const votes = await tx.query<{ tenant_id: string; name: string }>(sql`
    select v.tenant_id, t.name from hub_idea_votes v join tenants t on t.id = v.tenant_id where v.idea_id = ${id} order by t.name`);
  return {
    ...idea,
    votes: votes.map((vote) => vote.name),
    voteTenantIds: votes.map((vote) => vote.tenant_id),
    comments: await tx.query(sql`
      select u.display_name as "authorName", t.name as "tenantName", c.body, c.created_at as "createdAt"
      from hub_idea_comments c join users u on u.id = c.author_id join tenants t on t.id = c.tenant_id
      where c.idea_id = ${id} order by c.created_at, c.id`),
    project: await maybeOne(tx, sql`select id, title from hub_projects where idea_id = ${id}`),
  };
}

export async function postIdea(db: Database, scope: HubScope, input: { title: string; body: string }): Promise<string> {
  return hubWrite(db, scope, async (tx, audit) => {
    const [row] = await tx.query<{ id: string }>(sql`
      insert into hub_ideas (tenant_id, author_id, title, body) values (${scope.tenantId}, ${scope.userId}, ${input.title}, ${input.body}) returning id`);
    await audit('hub.idea_posted', 'hub_idea', row!.id, { title: input.title });
    return row!.id;
  });
}

export async function commentIdea(db: Database, scope: HubScope, ideaId: string, body: string): Promise<'saved' | 'not_found'> {
  return hubWrite(db, scope, async (tx, audit) => {
    if (!(await maybeOne(tx, sql`select 1 from hub_ideas where id = ${ideaId}`))) return 'not_found';
    await tx.query(sql`insert into hub_idea_comments (idea_id, tenant_id, author_id, body) values (${ideaId}, ${scope.tenantId}, ${scope.userId}, ${body})`);
    await audit('hub.idea_commented', 'hub_idea', ideaId);
    return 'saved';
  });
}

/**
 * The acting municipality's vote. A second vote of the same municipality — by another of its
 * members, or the same click twice at once — meets the primary key and changes nothing.
 */
export async function voteIdea(db: Database, scope: HubScope, ideaId: string): Promise<'voted' | 'already' | 'not_found'> {
  return hubWrite(db, scope, async (tx, audit) => {
    if (!(await maybeOne(tx, sql`select 1 from hub_ideas where id = ${ideaId}`))) return 'not_found';
    const rows = await tx.query(sql`
      insert into hub_idea_votes (idea_id, tenant_id, voter_id) values (${ideaId}, ${scope.tenantId}, ${scope.userId})
      on conflict (idea_id, tenant_id) do nothing returning idea_id`);
    if (rows.length === 0) return 'already';
    await audit('hub.idea_voted', 'hub_idea', ideaId);
    return 'voted';
  });
}

export async function withdrawVote(db: Database, scope: HubScope, ideaId: string): Promise<'saved' | 'not_found'> {
  return hubWrite(db, scope, async (tx, audit) => {
    // An idea this member cannot see (another district, or none) is 404, as on every other route.
    if ((await tx.query(sql`select 1 from hub_ideas where id = ${ideaId}`)).length === 0) return 'not_found';
    const rows = await tx.query(sql`delete from hub_idea_votes where idea_id = ${ideaId} and tenant_id = ${scope.tenantId} returning idea_id`);
    if (rows.length > 0) await audit('hub.idea_vote_withdrawn', 'hub_idea', ideaId);
    return 'saved';
  });
}

/** Turns the idea into a project led by the acting tenant; the existing project when it already is one. */
export async function ideaToProject(db: Database, scope: HubScope, ideaId: string): Promise<{ projectId: string } | 'not_found'> {
  const idea = await db.transaction(scope, (tx) => findIdea(tx, ideaId));
  if (!idea) return 'not_found';
  if (idea.project) return { projectId: idea.project.id };
  const created = await createProject(
    db,
    scope,
    { title: idea.title, goal: idea.body, phase: 'vorbereitung', status: 'im_plan', participantIds: idea.voteTenantIds.filter((id) => id !== scope.tenantId), responsiblePeople: [], serviceKeys: [], documentLinks: [] },
    ideaId,
  ).catch(async (error: unknown) => {
    // Two members converting at once: the unique idea_id lets one win; show the winner's project.
    const existing = await db.transaction(scope, (tx) => maybeOne<{ id: string }>(tx, sql`select id from hub_projects where idea_id = ${ideaId}`));
    if (existing) return { id: existing.id };
    throw error;
  });
  if ('issues' in created) throw new Error('An idea always makes a valid project');
  return { projectId: created.id };
}
