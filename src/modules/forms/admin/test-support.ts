import type { StaffRole } from '../../../platform/auth/roles.ts';
import { sql } from '../../../platform/db/sql.ts';
import type { TestClient, TestApp } from '../../../platform/testing/test-app.ts';
import { signedInCitizen, signedInStaff } from '../../../platform/testing/signed-in.ts';

export async function tenantIdOf(t: TestApp, slug: string): Promise<string> {
  const rows = await t.db.ownerTransaction((tx) => tx.query<{ id: string }>(sql`select id from tenants where slug = ${slug}`));
  if (!rows[0]) throw new Error(`No tenant ${slug}`);
  return rows[0].id;
}

/** A signed-in staff member of one tenant with the given roles. */
export async function staffClient(t: TestApp, tenantSlug: string, roles: StaffRole[]): Promise<TestClient> {
  return (await signedInStaff(t, tenantSlug, roles)).client;
}

/** A signed-in citizen (verified account, no memberships). */
export async function citizenClient(t: TestApp): Promise<TestClient> {
  return (await signedInCitizen(t)).client;
}

/**
 * Posts a multipart form as a browser does for a file upload, with the client's session cookie
 * and the CSRF token of the page it last loaded (read from `page`).
 */
export async function postMultipart(client: TestClient, page: string, url: string, fields: Record<string, string>, file?: { name: string; filename: string; type: string; content: string }) {
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
  const boundary = '----kreisportal-test-boundary';
  const parts = Object.entries({ _csrf: csrf, ...fields }).map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  if (file) parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\nContent-Type: ${file.type}\r\n\r\n${file.content}\r\n`);
  const payload = Buffer.from(`${parts.join('')}--${boundary}--\r\n`, 'utf8');
  const session = client.cookie('kp_session');
  return client.app.inject({
    method: 'POST',
    url,
    payload,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: session ? `kp_session=${session}` : '' },
  });
}

/** The value of the hidden `stand` input of a page (the state an editor form is based on). */
export function standOf(body: string): string {
  return /name="stand" value="([0-9a-f]{64})"/.exec(body)?.[1] ?? '';
}

export function decode(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
