/**
 * The filtered inbox as CSV (/verwaltung/vorgaenge/export.csv?<the inbox's filters>): the columns
 * the list shows and nothing more — no answers of the applications (data minimisation, Art. 5
 * Abs. 1 lit. c DSGVO). Semicolon-separated with a byte order mark, as the hub's exports
 * (src/platform/csv.ts). The rows come page by page through the inbox's own keyset query, up to
 * `exportLimit`; the export itself is written to the audit log (who took which list, how long).
 */
import type { FastifyInstance } from 'fastify';
import { appendAudit } from '../../../platform/audit/audit-log.ts';
import { toCsv } from '../../../platform/csv.ts';
import type { Database } from '../../../platform/db/database.ts';
import { seeOther } from '../../../platform/http/page.ts';
import { formatDate, formatDateTime } from '../../../platform/i18n/format.ts';
import { translator, type Locale } from '../../../platform/i18n/i18n.ts';
import { inboxPage, type InboxRow } from '../inbox-query.ts';
import { requireCaseStaff } from '../staff-access.ts';
import { openStatuses } from '../workflow.ts';
import { inboxHref, readInboxParams, type InboxQuery } from './inbox-params.ts';
import { statusLabel } from './labels.ts';
import { caseMessages } from './messages.ts';

export const exportLimit = 10_000;

/** One line of the export: the cells of the inbox's table as the page shows them. */
export function exportCells(row: InboxRow, now: Date, locale: Locale): string[] {
  const t = translator(caseMessages, locale);
  const overdue = row.dueAt !== null && row.dueAt < now && openStatuses.includes(row.status);
  const due = row.dueAt ? `${formatDate(row.dueAt, locale)}${overdue ? ` (${t('inbox.overdueMark')})` : ''}` : '';
  return [row.reference, row.applicantName, row.formTitle, statusLabel(row.status, locale), formatDateTime(row.receivedAt, locale), due];
}

export function inboxExportRoutes(app: FastifyInstance, deps: { db: Database }): void {
  app.get<{ Querystring: InboxQuery }>('/verwaltung/vorgaenge/export.csv', async (request, reply) => {
    const staff = await requireCaseStaff(deps.db, request, reply);
    if (!staff) return reply;
    const params = readInboxParams(request.query, staff.scope.userId);
    // A malformed date is explained on the inbox page, not in a file.
    if (params.errors.length > 0) return seeOther(reply, inboxHref(params.raw));
    const tenantId = staff.scope.tenantId;
    const rows = await deps.db.transaction(staff.scope, async (tx) => {
      const collected: InboxRow[] = [];
      let cursor: string | undefined;
      do {
        const page = await inboxPage(tx, tenantId, params.filter, staff.offices, params.sort, cursor);
        collected.push(...page.rows);
        cursor = page.next;
      } while (cursor && collected.length < exportLimit);
      const exported = collected.slice(0, exportLimit);
      const filters = Object.keys(params.raw).filter((name) => params.raw[name]);
      await appendAudit(tx, { tenantId, actorId: staff.scope.userId, action: 'case.inbox_exported', subjectType: 'case_inbox', data: { rows: exported.length, filters } });
      return exported;
    });
    const t = translator(caseMessages, request.locale);
    const now = new Date();
    const header = [t('inbox.reference'), t('inbox.applicant'), t('inbox.form'), t('inbox.status'), t('inbox.received'), t('inbox.due')];
    const csv = toCsv(header, rows.map((row) => exportCells(row, now, request.locale)));
    return reply
      .header('content-type', 'text/csv; charset=utf-8; header=present')
      .header('content-disposition', `attachment; filename="vorgaenge-${now.toISOString().slice(0, 10)}.csv"`)
      .header('cache-control', 'private, no-store')
      .send(csv);
  });
}
