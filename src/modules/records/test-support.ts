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
