/**
 * The knowledge base ("So haben wir es gemacht"): articles of a municipality, linked to a project
 * and to catalog services, found with PostgreSQL's German full-text search (stemming: "Akten"
 * finds "Akte"), title words weighted above body words.
 */
import type { Database, Queryable } from '../../platform/db/database.ts';
import { maybeOne } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';
import type { ValidationIssue } from '../../platform/validation.ts';
import { hubWrite, type HubScope } from './access.ts';

export type ArticleSummary = { id: string; title: string; tenantName: string; updatedAt: Date; demo: boolean; excerpt: string };

export async function searchArticles(tx: Queryable, query: string): Promise<ArticleSummary[]> {
  const columns = sql`a.id, a.title, t.name as "tenantName", a.updated_at as "updatedAt", a.demo, left(a.body, 200) as excerpt`;
  if (query.trim() === '') {
    return tx.query(sql`select ${columns} from hub_articles a join tenants t on t.id = a.tenant_id order by a.updated_at desc limit 50`);
  }
  // websearch_to_tsquery accepts what people type ("E-Akte Scanner", "-Papier", quoted phrases) without syntax errors.
  return tx.query(sql`
    select ${columns} from hub_articles a join tenants t on t.id = a.tenant_id,
      websearch_to_tsquery('german', ${query}) q
    where a.search_vector @@ q
    order by ts_rank(a.search_vector, q) desc, a.updated_at desc limit 50`);
}

export type Article = { id: string; tenantId: string; title: string; body: string; tenantName: string; authorName: string | null; projectId: string | null; projectTitle: string | null; services: { key: string; name: string; slug: string }[]; updatedAt: Date; demo: boolean };

export async function findArticle(tx: Queryable, id: string): Promise<Article | undefined> {
  const row = await maybeOne<Omit<Article, 'services'> & { serviceKeys: string[] }>(tx, sql`
    select a.id, a.tenant_id as "tenantId", a.title, a.body, t.name as "tenantName", u.display_name as "authorName",
           a.project_id as "projectId", p.title as "projectTitle", a.service_keys as "serviceKeys", a.updated_at as "updatedAt", a.demo
    from hub_articles a join tenants t on t.id = a.tenant_id left join users u on u.id = a.author_id left join hub_projects p on p.id = a.project_id
    where a.id = ${id}`);
  if (!row) return undefined;
  const { serviceKeys, ...article } = row;
  return { ...article, services: await tx.query(sql`select key, name, slug from services where key = any(${serviceKeys}::text[]) order by name`) };
}

export async function listArticlesOfProject(tx: Queryable, projectId: string): Promise<{ id: string; title: string }[]> {
  return tx.query(sql`select id, title from hub_articles where project_id = ${projectId} order by title`);
}

export type ArticleInput = { title: string; body: string; projectId: string | null; serviceKeys: string[] };

export async function writeArticle(db: Database, scope: HubScope, input: ArticleInput): Promise<{ id: string } | { issues: ValidationIssue[] }> {
  return hubWrite(db, scope, async (tx, audit) => {
    const issues: ValidationIssue[] = [];
    const known = await tx.query(sql`select key from services where key = any(${input.serviceKeys}::text[])`);
    if (known.length !== new Set(input.serviceKeys).size) issues.push({ field: 'serviceKeys', code: 'unknown_service' });
    if (input.projectId && !(await maybeOne(tx, sql`select 1 from hub_projects where id = ${input.projectId}`))) issues.push({ field: 'projectId', code: 'invalid' });
    if (issues.length > 0) return { issues };
    const [row] = await tx.query<{ id: string }>(sql`
      insert into hub_articles (tenant_id, author_id, title, body, project_id, service_keys)
      values (${scope.tenantId}, ${scope.userId}, ${input.title}, ${input.body}, ${input.projectId}, ${[...new Set(input.serviceKeys)]}::text[]) returning id`);
    await audit('hub.article_written', 'hub_article', row!.id, { title: input.title });
    return { id: row!.id };
  });
}
