/**
 * Joint procurement (Bedarfsbündelung): a member proposes what to buy, at what estimated unit
 * price, by when; each municipality declares its demand (quantity, budget, contact) or declines,
 * once — its declaration is its own row (primary key procurement + tenant), which only it can
 * change, and only until the deadline. The pooled volume is the sum of the declared quantities.
 */
import type { Database, Queryable } from '../../platform/db/database.ts';
import { maybeOne } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';
import { hubWrite, type HubScope } from './access.ts';

export type ProcurementSummary = { id: string; title: string; tenantName: string; unit: string; unitPriceCents: number; deadline: string; quantity: number; participants: number; demo: boolean };

export async function listProcurements(tx: Queryable): Promise<ProcurementSummary[]> {
  return tx.query<ProcurementSummary>(sql`
    select p.id, p.title, t.name as "tenantName", p.unit, p.unit_price_cents as "unitPriceCents", p.deadline::text as deadline, p.demo,
      coalesce((select sum(d.quantity)::int from hub_procurement_declarations d where d.procurement_id = p.id and d.decision = 'bedarf'), 0) as quantity,
      (select count(*)::int from hub_procurement_declarations d where d.procurement_id = p.id and d.decision = 'bedarf') as participants
    from hub_procurements p join tenants t on t.id = p.tenant_id order by p.deadline desc, p.title`);
}

export type Declaration = { tenantId: string; tenantName: string; decision: 'bedarf' | 'kein_bedarf'; quantity: number | null; budgetCents: number | null; contact: string; declaredBy: string; updatedAt: Date };

export type Procurement = { id: string; tenantId: string; title: string; description: string; tenantName: string; unit: string; unitPriceCents: number; deadline: string; demo: boolean; declarations: Declaration[] };

export async function findProcurement(tx: Queryable, id: string): Promise<Procurement | undefined> {
  const row = await maybeOne<Omit<Procurement, 'declarations'>>(tx, sql`
    select p.id, p.tenant_id as "tenantId", p.title, p.description, t.name as "tenantName", p.unit, p.unit_price_cents as "unitPriceCents",
           p.deadline::text as deadline, p.demo
    from hub_procurements p join tenants t on t.id = p.tenant_id where p.id = ${id}`);
  if (!row) return undefined;
  return {
    ...row,
    declarations: await tx.query(sql`
      select d.tenant_id as "tenantId", t.name as "tenantName", d.decision, d.quantity, d.budget_cents::int as "budgetCents", d.contact,
             u.display_name as "declaredBy", d.updated_at as "updatedAt"
      from hub_procurement_declarations d join tenants t on t.id = d.tenant_id join users u on u.id = d.declared_by
      where d.procurement_id = ${id} order by (t.kind = 'kreis') desc, t.name`),
  };
}

/** Pooled demand: participants, total quantity, estimated volume (quantity × unit price) and budgets. */
export function pooled(procurement: Procurement): { participants: number; declined: number; quantity: number; volumeCents: number; budgetCents: number } {
  const demand = procurement.declarations.filter((d) => d.decision === 'bedarf');
  const quantity = demand.reduce((sum, d) => sum + (d.quantity ?? 0), 0);
  return {
    participants: demand.length,
    declined: procurement.declarations.length - demand.length,
    quantity,
    volumeCents: quantity * procurement.unitPriceCents,
    budgetCents: demand.reduce((sum, d) => sum + (d.budgetCents ?? 0), 0),
  };
}

export type ProcurementInput = { title: string; description: string; unit: string; unitPriceCents: number; deadline: string };

export async function proposeProcurement(db: Database, scope: HubScope, input: ProcurementInput): Promise<string> {
  return hubWrite(db, scope, async (tx, audit) => {
    const [row] = await tx.query<{ id: string }>(sql`
      insert into hub_procurements (tenant_id, title, description, unit, unit_price_cents, deadline, created_by)
      values (${scope.tenantId}, ${input.title}, ${input.description}, ${input.unit}, ${input.unitPriceCents}, ${input.deadline}, ${scope.userId}) returning id`);
    await audit('hub.procurement_proposed', 'hub_procurement', row!.id, { ...input });
    return row!.id;
  });
}

export type DeclarationInput = { decision: 'bedarf' | 'kein_bedarf'; quantity: number | null; budgetCents: number | null; contact: string };

/** Declares or changes the acting municipality's demand; refused after the deadline. */
export async function declareDemand(db: Database, scope: HubScope, id: string, input: DeclarationInput, today: string): Promise<'saved' | 'not_found' | 'past_deadline'> {
  return hubWrite(db, scope, async (tx, audit) => {
    const procurement = await maybeOne<{ deadline: string }>(tx, sql`select deadline::text as deadline from hub_procurements where id = ${id}`);
    if (!procurement) return 'not_found';
    if (procurement.deadline < today) return 'past_deadline';
    const demand = input.decision === 'bedarf';
    await tx.query(sql`
      insert into hub_procurement_declarations (procurement_id, tenant_id, decision, quantity, budget_cents, contact, declared_by)
      values (${id}, ${scope.tenantId}, ${input.decision}, ${demand ? input.quantity : null}, ${demand ? input.budgetCents : null}, ${input.contact}, ${scope.userId})
      on conflict (procurement_id, tenant_id) do update set decision = excluded.decision, quantity = excluded.quantity,
        budget_cents = excluded.budget_cents, contact = excluded.contact, declared_by = excluded.declared_by, updated_at = now()`);
    await audit('hub.demand_declared', 'hub_procurement', id, { ...input });
    return 'saved';
  });
}
