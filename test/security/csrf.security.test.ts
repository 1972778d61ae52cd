/**
 * CSRF on every state-changing route: every POST route of the app (read from its route tree) is
 * posted by a signed-in user of the owning tenant without a token, with a forged token, with a
 * token of another session and from a cross-site Origin — each must be 403 and change nothing.
 * There is no exempt route; the table only says which real ids fill the parameters. The case API
 * (/api/v1/cases, bearer tokens of API clients) takes no cookie at all, so there the same forged
 * requests, carrying the owner's session cookie, must be 401 and change nothing.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from '../../src/platform/db/sql.ts';
import { buildWorld, type World } from './support/world.ts';
import { listRoutes } from './support/routes.ts';

let world: World;
before(async () => {
  world = await buildWorld();
});
after(async () => {
  await world?.t.close();
});

/** Fills a route's parameters with real ids of Lemgo, so the request reaches a real thing. */
function concrete(path: string, ids: Record<string, string>): string {
  const values: Record<string, string> = {
    tenantSlug: 'lemgo', formSlug: 'sperrmuell-mit-fotos', stepId: 'nachweise', attachmentId: ids.draftAttachmentId!, draftId: ids.draftId!,
    reference: ids.reference!, caseId: ids.caseId!, positionId: ids.positionId!, fileId: path.includes('/akten/') ? ids.recordFileId! : ids.caseFileId!,
    documentId: ids.documentId!, serviceKey: path.includes('zustaendigkeiten') ? ids.ruleServiceKey! : '99001009004002', responsible: ids.ruleResponsible!,
    officeId: ids.officeId!, step: '0', field: '0', milestoneId: ids.milestoneId!,
    // No disposal in the world: the token is checked before the id is looked at.
    disposalId: '00000000-0000-4000-8000-000000000000',
    clientId: '00000000-0000-4000-8000-000000000000',
  };
  return path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    if (name === 'id') {
      if (path.startsWith('/api/v1/cases')) return ids.caseId!;
      if (path.startsWith('/kooperation/projekte')) return ids.projectId!;
      if (path.startsWith('/kooperation/ideen')) return ids.ideaId!;
      if (path.startsWith('/kooperation/termine')) return ids.eventId!;
      if (path.startsWith('/kooperation/aufgaben')) return ids.actionItemId!;
      if (path.startsWith('/kooperation/beschaffung')) return ids.procurementId!;
      if (path.startsWith('/verwaltung/formulare')) return ids.formId!;
    }
    const value = values[name];
    if (!value) throw new Error(`No value for :${name} in ${path}: add it to the CSRF table`);
    return value;
  });
}

/** Who posts: the user who may do it (so the only reason to refuse is the missing token). */
function poster(path: string): keyof World['actors'] {
  if (path.startsWith('/antraege/') || path.includes('/antrag/') || path.startsWith('/konto')) return 'applicant';
  if (path.startsWith('/verwaltung/zustaendigkeiten')) return 'kreisStaff';
  if (path.startsWith('/verwaltung') || path.startsWith('/kooperation')) return 'lemgoStaff';
  return 'applicant';
}

/** Routes exempt from the token check, with the reason. Deliberately empty. */
const exempt: Record<string, string> = {};

/** Bearer-only routes (route option `bearerOnly`, src/platform/http/csrf.ts): a cookie never authenticates them, so 401. */
const bearerOnly = (path: string) => path.startsWith('/api/v1/cases');

const tableCounts = async () =>
  world.t.db.ownerTransaction(async (tx) => {
    const rows = await tx.query<{ n: string }>(sql`
      select (select count(*) from audit_log) + (select count(*) from attachments) + (select count(*) from case_events)
        + (select count(*) from hub_idea_comments) + (select count(*) from sessions) as n`);
    return rows[0]!.n;
  });

test('every POST route refuses a request without a valid token (403) and changes nothing', async () => {
  const posts = listRoutes(world.t.app).filter((route) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(route.method));
  assert.ok(posts.length > 80, `POST routes found: ${posts.length}`);
  const otherSession = world.actors.otherCitizen.client;
  const foreignToken = /name="_csrf" value="([^"]+)"/.exec((await otherSession.get('/konto')).body)?.[1];
  assert.ok(foreignToken);
  const failures: string[] = [];
  let requests = 0;
  const before = await tableCounts();
  for (const route of posts) {
    const key = `${route.method} ${route.path}`;
    if (key in exempt) continue;
    const url = concrete(route.path, world.ids);
    const client = world.actors[poster(route.path)].client;
    const refused = bearerOnly(route.path) ? 401 : 403;
    const cookie = ['kp_anon', 'kp_antrag', 'kp_session'].flatMap((name) => (client.cookie(name) ? [`${name}=${client.cookie(name)}`] : [])).join('; ');
    const attempts: [string, Record<string, string>, Record<string, string>][] = [
      ['no token', { title: 'CSRF' }, {}],
      ['forged token', { _csrf: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', title: 'CSRF' }, {}],
      ['token of another session', { _csrf: foreignToken, title: 'CSRF' }, {}],
      ['token in an empty header', { title: 'CSRF' }, { 'x-csrf-token': '' }],
    ];
    for (const [what, fields, headers] of attempts) {
      const response = await world.t.app.inject({
        method: route.method, url, payload: new URLSearchParams(fields).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, ...headers },
      });
      requests++;
      if (response.statusCode !== refused) failures.push(`${key} (${what}): ${response.statusCode} ${response.headers.location ?? ''}`);
    }
    // A valid token from a cross-site page (Origin of another site) is refused too.
    const page = await client.get('/konto');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const crossSite = await world.t.app.inject({
      method: route.method, url, payload: new URLSearchParams({ _csrf: token, title: 'CSRF' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, origin: 'https://evil.example' },
    });
    requests++;
    if (crossSite.statusCode !== refused) failures.push(`${key} (cross-site Origin): ${crossSite.statusCode}`);
    // A multipart body without a token is refused before any file is read.
    const form = new FormData();
    form.append('title', 'CSRF');
    form.append('file', new Blob([Buffer.from('%PDF-1.7\n')]), 'a.pdf');
    const request = new Request('http://portal.test/', { method: 'POST', body: form });
    const multipart = await world.t.app.inject({ method: route.method, url, payload: Buffer.from(await request.arrayBuffer()), headers: { 'content-type': request.headers.get('content-type') ?? '', cookie } });
    requests++;
    if (![refused, 415].includes(multipart.statusCode)) failures.push(`${key} (multipart without token): ${multipart.statusCode}`);
  }
  process.stdout.write(`# CSRF: ${posts.length} state-changing routes, ${requests} forged requests, ${Object.keys(exempt).length} exempt\n`);
  assert.deepEqual(failures, []);
  assert.equal(await tableCounts(), before, 'no row was written by a refused request');
});

test('the token is bound to the session: a new session after login gets a new token', async () => {
  const client = world.actors.applicant.client;
  const before = /name="_csrf" value="([^"]+)"/.exec((await client.get('/konto')).body)?.[1];
  assert.ok(before);
  const stranger = world.actors.stranger.client;
  const strangerToken = /name="_csrf" value="([^"]+)"/.exec((await stranger.get('/anmelden')).body)?.[1];
  assert.ok(strangerToken);
  assert.notEqual(before, strangerToken);
});
