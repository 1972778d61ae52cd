/**
 * Telling the applicant that something happened, by e-mail, without personal data in the mail
 * (only the reference and a link): the message or the new status is read on the status page, behind
 * the link's secret or the applicant's login. Queued in the transaction of the change itself.
 * Bilingual (German first): the case does not know which language an anonymous applicant reads.
 */
import crypto from 'node:crypto';
import type { Queryable } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';
import { queueMail } from '../../platform/mail/mail-jobs.ts';

export type NoticeContext = { baseUrl: string; tenantSlug: string; districtName: string };
export type NoticeKind = 'message' | 'status' | 'decision';

const subjects: Record<NoticeKind, string> = {
  message: 'Neue Nachricht zu Ihrem Antrag {reference} / New message about your application',
  status: 'Neuer Stand zu Ihrem Antrag {reference} / Update on your application',
  decision: 'Entscheidung über Ihren Antrag {reference} / Decision on your application',
};
const lines: Record<NoticeKind, [string, string]> = {
  message: ['zu Ihrem Antrag {reference} gibt es eine neue Nachricht der Verwaltung.', 'there is a new message about your application {reference}.'],
  status: ['Ihr Antrag {reference} hat einen neuen Stand.', 'your application {reference} has been updated.'],
  decision: ['zu Ihrem Antrag {reference} gibt es eine Entscheidung (Bescheid).', 'there is a decision on your application {reference}.'],
};

export function statusPagePath(tenantSlug: string, reference: string): string {
  return `/antraege/${encodeURIComponent(tenantSlug)}/${encodeURIComponent(reference)}`;
}

export function hashAccessToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

export async function notifyApplicant(
  tx: Queryable,
  target: { tenantId: string; caseId: string; reference: string; email: string | null },
  kind: NoticeKind,
  context: NoticeContext,
): Promise<void> {
  if (!target.email) return;
  const token = crypto.randomBytes(24).toString('base64url');
  await tx.query(sql`update cases set applicant_access_hash = ${hashAccessToken(token)} where tenant_id = ${target.tenantId} and id = ${target.caseId}`);
  const link = `${context.baseUrl}${statusPagePath(context.tenantSlug, target.reference)}?zugang=${token}`;
  const fill = (text: string) => text.replaceAll('{reference}', target.reference);
  const [de, en] = lines[kind];
  await queueMail(tx, target.tenantId, {
    to: target.email,
    subject: fill(subjects[kind]),
    text: `Guten Tag,\n\n${fill(de)}\nSie finden sie hier:\n${link}\n\n${context.districtName}\n\n---\n\nHello,\n\n${fill(en)}\nYou can read it here:\n${link}\n`,
  });
}
