import type { Queryable } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';
import type { MaturityModel } from './types.ts';

/** The model of the demo data and the default of new offers: levels 0–4, OZG-conform from 3. */
export const classicMaturityModel = 'OZG-Reifegradmodell (klassisch)';

export async function listMaturityModels(tx: Queryable): Promise<MaturityModel[]> {
  const rows = await tx.query<{ name: string; min_level: number; max_level: number; conform_from: number | null }>(sql`
    select name, min_level, max_level, conform_from from ozg_maturity_models order by name`);
  return rows.map((row) => ({ name: row.name, minLevel: row.min_level, maxLevel: row.max_level, conformFrom: row.conform_from }));
}

/** Whether a level counts as OZG-conform in its model; undefined when the model does not say. */
export function isOzgConform(models: readonly MaturityModel[], modelName: string, level: number): boolean | undefined {
  const model = models.find((m) => m.name === modelName);
  if (!model || model.conformFrom === null) return undefined;
  return level >= model.conformFrom;
}
