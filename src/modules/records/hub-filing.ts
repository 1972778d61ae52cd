/**
 * Documents of the cooperation hub's projects (src/modules/hub, ADR 9) are records of the
 * project's lead tenant: one file per project, created on first use at the plan position for
 * IT and digitalisation, each upload a document of that file. Runs in the caller's transaction,
 * in the lead tenant's scope: RLS keeps every row in that tenant, the triggers of migration 0012
 * apply as to any other document, and every step is audited in the lead tenant's chain.
 */
import type { Queryable } from '../../platform/db/database.ts';
import { maybeOne } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';
import { addDocument, type VersionInput } from './documents.ts';
import { ensureFilePlan } from './file-plan.ts';
import { createFile, findFile, type Actor } from './record-files.ts';
import type { FastifyBaseLogger } from 'fastify';
import type { Locale } from '../../platform/i18n/i18n.ts';
import type { UploadServices } from '../forms/web/upload-services.ts';
import { receivedFile, storeUpload, type StoredUpload } from './web/upload.ts';
import { tools } from './web/view-tools.ts';

/** The position of the default plan for joint digitalisation projects ("IT-Verfahren und Datenschutz"). */
export const hubProjectPositionCode = '01.10';

/** Today in German time (the document's date). */
const berlinToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

export type HubFiling = { fileId: string; fileNumber: string; documentId: string };

/**
 * Files one uploaded document of a hub project. `fileId` is the project's file so far (null on
 * first use); when it is missing or closed (zdA) a new file is opened. 'no_position' when the
 * tenant's own plan has no position 01.10 at the lowest level.
 */
export async function fileHubProjectDocument(
  tx: Queryable,
  actor: Actor,
  input: { fileId: string | null; projectTitle: string; title: string; version: VersionInput },
): Promise<HubFiling | 'no_position'> {
  let file = input.fileId ? await findFile(tx, actor.tenantId, input.fileId) : undefined;
  if (!file || file.status !== 'offen') {
    await ensureFilePlan(tx, actor.tenantId);
    const position = await maybeOne<{ id: string }>(tx, sql`
      select p.id from file_plan_positions p
      where p.tenant_id = ${actor.tenantId} and p.code = ${hubProjectPositionCode} and p.retired_at is null
        and not exists (select 1 from file_plan_positions c where c.tenant_id = p.tenant_id and c.parent_id = p.id)`);
    if (!position) return 'no_position';
    file = await createFile(tx, actor, { positionId: position.id, title: `Interkommunales Projekt: ${input.projectTitle}`.slice(0, 300) });
  }
  const { documentId } = await addDocument(
    tx,
    actor,
    { fileId: file.id, processId: null, title: input.title, kind: 'sonstiges', documentDate: berlinToday(), direction: 'intern', sender: null, recipient: null },
    input.version,
  );
  return { fileId: file.id, fileNumber: file.fileNumber, documentId };
}

/**
 * The records' upload pipeline for the multipart field `file` of another module's form (size,
 * clamd fail-closed, type by content, blob), with the records' messages in `locale`.
 */
export function storeRecordUpload(services: UploadServices, body: unknown, locale: Locale, log: FastifyBaseLogger): Promise<StoredUpload> {
  return storeUpload(services, receivedFile(body), tools(locale).t, log);
}
