/** Test helpers of the records module: multipart uploads through the real app, files by hand. */
import type { LightMyRequestResponse } from 'fastify';
import { sql } from '../../platform/db/sql.ts';
import type { Database } from '../../platform/db/database.ts';
import type { TestClient } from '../../platform/testing/test-app.ts';
import { ensureFilePlan } from './file-plan.ts';

export const csrfOf = (page: LightMyRequestResponse) => /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';

/** A browser posting a multipart form: the CSRF token first, then the fields, then the file. */
export async function postMultipart(client: TestClient, url: string, csrf: string, fields: Record<string, string>, file?: { name: string; data: Buffer }): Promise<LightMyRequestResponse> {
  const form = new FormData();
  form.append('_csrf', csrf);
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  if (file) form.append('file', new Blob([new Uint8Array(file.data)]), file.name);
  const request = new Request('http://portal.test/', { method: 'POST', body: form });
  const cookie = ['kp_anon', 'kp_session', 'kp_lang'].flatMap((name) => (client.cookie(name) ? [`${name}=${client.cookie(name)}`] : [])).join('; ');
  return client.app.inject({ method: 'POST', url, payload: Buffer.from(await request.arrayBuffer()), headers: { 'content-type': request.headers.get('content-type') ?? '', cookie } });
}

/** The id of the tenant's plan position with this code (the default plan is created first). */
export async function positionId(db: Database, tenantId: string, code: string): Promise<string> {
  return db.transaction({ tenantId, userId: null }, async (tx) => {
    await ensureFilePlan(tx, tenantId);
    const [row] = await tx.query<{ id: string }>(sql`select id from file_plan_positions where tenant_id = ${tenantId} and code = ${code}`);
    if (!row) throw new Error(`no position ${code}`);
    return row.id;
  });
}

export const documentFields = (title: string, extra: Record<string, string> = {}) => ({ title, kind: 'schreiben', documentDate: '17.03.2026', direction: 'eingang', sender: 'Erika Mustermann', recipient: '', process: '', ...extra });

/**
 * Moves a closed file's closing back in time, as if it had been closed years ago (the retention
 * rule then makes it due). The owner switches the zdA guard off for this, as a data migration of
 * old files would; tests only.
 */
export async function backdateClosedFile(db: Database, tenantId: string, fileId: string, closedOn: string): Promise<void> {
  await db.ownerTransaction(async (tx) => {
    await tx.query(sql`alter table record_files disable trigger record_files_guard`);
    await tx.query(sql`
      update record_files set closed_on = ${closedOn}::date, retain_until = records_retain_until(${closedOn}::date, retention_years)
      where tenant_id = ${tenantId} and id = ${fileId} and status = 'abgeschlossen'`);
    await tx.query(sql`alter table record_files enable trigger record_files_guard`);
  });
}

/** A message the archive would send (xdomea 3.0.0): header from the archive to the authority. */
export function archiveMessage(name: string, processId: string, code: string, body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<xdomea:${name} xmlns:xdomea="urn:xoev-de:xdomea:schema:3.0.0">
  <xdomea:Kopf>
    <xdomea:ProzessID>${processId}</xdomea:ProzessID>
    <xdomea:Nachrichtentyp><code>${code}</code></xdomea:Nachrichtentyp>
    <xdomea:Erstellungszeitpunkt>2026-05-04T10:00:00Z</xdomea:Erstellungszeitpunkt>
    <xdomea:Absender><xdomea:Institution><xdomea:Name>Stadtarchiv Lemgo</xdomea:Name></xdomea:Institution></xdomea:Absender>
    <xdomea:Empfaenger><xdomea:Institution><xdomea:Name>Alte Hansestadt Lemgo</xdomea:Name></xdomea:Institution></xdomea:Empfaenger>
    ${code === '0502' ? '<xdomea:Empfangsbestaetigung>0</xdomea:Empfangsbestaetigung>' : ''}
  </xdomea:Kopf>
  ${body}
</xdomea:${name}>
`;
}

export const appraisal = (fileId: string, code: 'A' | 'V') =>
  `<xdomea:BewertetesObjekt><xdomea:ID>${fileId}</xdomea:ID><xdomea:Aussonderungsart><xdomea:Aussonderungsart listURI="urn:xoev-de:xdomea:codeliste:aussonderungsart" listVersionID="1.0"><code>${code}</code></xdomea:Aussonderungsart></xdomea:Aussonderungsart></xdomea:BewertetesObjekt>`;

export const importResult = (fileId: string, success: boolean, archiveReference?: string) =>
  `<xdomea:AusgesondertesSGO><xdomea:IDSGO>${fileId}</xdomea:IDSGO><xdomea:Erfolgreich>${success}</xdomea:Erfolgreich>${success ? '' : '<xdomea:Fehlermeldung>Formatfehler</xdomea:Fehlermeldung>'}${archiveReference ? `<xdomea:Archivkennung>${archiveReference}</xdomea:Archivkennung>` : ''}</xdomea:AusgesondertesSGO>`;
