/**
 * An issued decision files itself: the cases module queues `case.decision_issued` (with the PDF's
 * SHA-256; the blob is already stored) and this handler adds the Bescheid as an outgoing document
 * of the case's process (Vorgang) — the file then holds application and decision together
 * (Registraturrichtlinie § 4: every outgoing document is registered). Idempotent: a redelivered
 * job finds the version with the same hash in the process and adds nothing.
 */
import type { Database } from '../../platform/db/database.ts';
import { maybeOne } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';
import { appendAudit } from '../../platform/audit/audit-log.ts';
import { addDocument } from './documents.ts';
import { fileCase } from './file-case.ts';

export const decisionIssuedTopic = 'case.decision_issued';

export type DecisionPayload = { caseId: string; decisionId: string; reference: string; outcome: string; sha256: string; size: number; mediaType: string; issuedAt: string };

export type DecisionFiling = 'filed' | 'already_filed' | 'unmapped' | 'file_closed' | 'no_case';

/** Checks the job's payload; anything missing is a programming error of the sender (the job fails visibly). */
export function decisionPayload(payload: Record<string, unknown>): DecisionPayload {
  const { caseId, decisionId, reference, outcome, sha256, size, mediaType, issuedAt } = payload;
  if (typeof caseId !== 'string' || typeof decisionId !== 'string' || typeof reference !== 'string' || typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sha256)
      || typeof size !== 'number' || typeof issuedAt !== 'string') {
    throw new Error(`${decisionIssuedTopic}: incomplete payload`);
  }
  return { caseId, decisionId, reference, outcome: typeof outcome === 'string' ? outcome : '', sha256, size, mediaType: typeof mediaType === 'string' ? mediaType : 'application/pdf', issuedAt };
}

export async function fileDecision(db: Database, tenantId: string, decision: DecisionPayload): Promise<DecisionFiling> {
  // The case may not be filed yet (the jobs run in any order): filing is idempotent, so do it first.
  const filing = await fileCase(db, tenantId, decision.caseId);
  if (filing.kind === 'no_case') return 'no_case';
  if (filing.kind === 'unmapped') return 'unmapped';
  const actor = { tenantId, userId: null };
  return db.transaction(actor, async (tx) => {
    // Locking the file row serialises two deliveries of the same job and a concurrent closing.
    const file = await maybeOne<{ status: string; file_number: string }>(tx, sql`
      select status, file_number from record_files where tenant_id = ${tenantId} and id = ${filing.fileId} for update`);
    const existing = await maybeOne(tx, sql`
      select 1 from record_documents d join record_document_versions v on v.tenant_id = d.tenant_id and v.document_id = d.id
      where d.tenant_id = ${tenantId} and d.process_id = ${filing.processId} and v.sha256 = ${decision.sha256}`);
    if (existing) return 'already_filed';
    if (file?.status !== 'offen') {
      await appendAudit(tx, { tenantId, actorId: null, action: 'records.decision_not_filed', subjectType: 'record_process', subjectId: filing.processId, data: { caseId: decision.caseId, decisionId: decision.decisionId, reason: 'file_closed', fileNumber: file?.file_number ?? null } });
      return 'file_closed';
    }
    const applicant = await maybeOne<{ applicant_name: string }>(tx, sql`select applicant_name from cases where tenant_id = ${tenantId} and id = ${decision.caseId}`);
    const issuedOn = await maybeOne<{ day: string }>(tx, sql`select to_char(${decision.issuedAt}::timestamptz at time zone 'Europe/Berlin', 'YYYY-MM-DD') as day`);
    const { documentId } = await addDocument(
      tx,
      actor,
      { fileId: filing.fileId, processId: filing.processId, title: `Bescheid ${decision.reference}`, kind: 'bescheid', documentDate: issuedOn?.day ?? decision.issuedAt.slice(0, 10), direction: 'ausgang', sender: null, recipient: applicant?.applicant_name || null },
      { sha256: decision.sha256, mediaType: decision.mediaType, size: decision.size, fileName: `Bescheid-${decision.reference}.pdf`, scanResult: 'not_scanned' },
    );
    await appendAudit(tx, { tenantId, actorId: null, action: 'records.decision_filed', subjectType: 'record_document', subjectId: documentId, data: { caseId: decision.caseId, decisionId: decision.decisionId, processId: filing.processId, sha256: decision.sha256 } });
    return 'filed';
  });
}
