/**
 * Finding a submission for its receipt page and its PDF. Only the browser that sent it (its draft
 * token) or the signed-in applicant may see it; everyone else gets "not found", not "forbidden",
 * so a guessed reference reveals nothing. Both queries share that one rule.
 */
import type { Database } from '../../platform/db/database.ts';
import { maybeOne } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';
import type { Answers } from '../forms/runtime/answers.ts';

export type Receipt = { reference: string; formId: string; version: number; submittedAt: Date };
export type ReceiptWithAnswers = Receipt & { answers: Answers };
export type ReceiptViewer = { tenantId: string; formId: string; tokenHash: string | null; userId: string | null };

type Row = { reference: string; form_id: string; version: number; submitted_at: Date; answers?: Answers };

async function findVisible(db: Database, viewer: ReceiptViewer, reference: string, withAnswers: boolean): Promise<Row | undefined> {
  if (viewer.tokenHash === null && viewer.userId === null) return undefined;
  const answers = withAnswers ? sql`, answers` : sql``;
  return db.transaction({ tenantId: viewer.tenantId, userId: viewer.userId }, (tx) =>
    maybeOne<Row>(tx, sql`
      select reference, form_id, version, submitted_at ${answers} from submissions
      where tenant_id = ${viewer.tenantId} and form_id = ${viewer.formId} and reference = ${reference}
        and (token_hash = ${viewer.tokenHash} or user_id = ${viewer.userId})`),
  );
}

const toReceipt = (row: Row): Receipt => ({ reference: row.reference, formId: row.form_id, version: row.version, submittedAt: row.submitted_at });

export async function findReceipt(db: Database, viewer: ReceiptViewer, reference: string): Promise<Receipt | undefined> {
  const row = await findVisible(db, viewer, reference, false);
  return row && toReceipt(row);
}

/** The receipt with the answers as submitted, for the Eingangsbestätigung (PDF). */
export async function findReceiptWithAnswers(db: Database, viewer: ReceiptViewer, reference: string): Promise<ReceiptWithAnswers | undefined> {
  const row = await findVisible(db, viewer, reference, true);
  return row && { ...toReceipt(row), answers: row.answers ?? {} };
}
