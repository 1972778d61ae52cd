/** The hub's start page: my open action items and what is new across the district. */
import type { Queryable } from '../../platform/db/database.ts';
import { one } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';

export type Overview = {
  projects: number;
  ideas: number;
  members: number;
  myTasks: { eventId: string; body: string; dueOn: string | null }[];
  updates: { projectId: string; projectTitle: string; reportedOn: string; status: string; body: string }[];
  upcoming: { id: string; title: string; startsAt: Date }[];
  procurements: { id: string; title: string; deadline: string }[];
};

export async function loadOverview(tx: Queryable, userId: string, today: string): Promise<Overview> {
  const counts = await one<{ projects: number; ideas: number; members: number }>(tx, sql`
    select (select count(*)::int from hub_projects) as projects, (select count(*)::int from hub_ideas) as ideas,
           (select count(*)::int from hub_profiles) as members`);
  return {
    ...counts,
    myTasks: await tx.query(sql`
      select a.event_id as "eventId", a.body, a.due_on::text as "dueOn" from hub_action_items a
      where a.assignee_id = ${userId} and not exists (select 1 from hub_action_item_completions c where c.action_item_id = a.id)
      order by a.due_on nulls last, a.created_at`),
    updates: await tx.query(sql`
      select u.project_id as "projectId", p.title as "projectTitle", u.reported_on::text as "reportedOn", u.status, u.body
      from hub_status_updates u join hub_projects p on p.id = u.project_id
      order by u.reported_on desc, u.created_at desc limit 5`),
    upcoming: await tx.query(sql`
      select id, title, starts_at as "startsAt" from hub_events where starts_at >= ${today}::date order by starts_at limit 5`),
    procurements: await tx.query(sql`
      select id, title, deadline::text as deadline from hub_procurements where deadline >= ${today}::date order by deadline limit 5`),
  };
}

/** Today in German time, as ISO date: deadlines and "upcoming" follow the district's calendar. */
export function berlinToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
