/**
 * A form's overview and versions: publishing (with a confirmation that shows the changes since
 * the last published version), comparing two versions, downloading one as JSON, and the
 * adoption pages ("Einer für Alle"): adopt another tenant's form, take over its newer versions.
 */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../../platform/db/database.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { seeOther } from '../../../platform/http/page.ts';
import { field, type FormInput } from '../../../platform/validation.ts';
import type { FormDefinition } from '../definition/types.ts';
import { validateDefinition } from '../definition/validate-definition.ts';
import {
  acceptOriginalVersion,
  adoptForm,
  diffVersions,
  exportDefinition,
  FormConflictError,
  FormNotFoundError,
  getVersion,
  InvalidDefinitionError,
  listForms,
  listPublishedFromOtherTenants,
  publishDraft,
  type FormChange,
} from '../store/index.ts';
import { formIdParam, indexParam, requireFormEditor } from './access.ts';
import { formBase, loadForm } from './form-context.ts';
import { hintOf } from './list-views.ts';
import { viewTools } from './view-tools.ts';
import { adoptPage, diffPage, originPage, overviewPage, publishPage } from './version-views.ts';

type Deps = { db: Database; config: { baseUrl: string } };
type IdParams = { Params: { id: string } };

/** The changes from `a` to `b`, or undefined when either is not a valid definition (a draft may not be). */
function changesBetween(a: unknown, b: unknown): FormChange[] | undefined {
  const before = validateDefinition(a);
  const after = validateDefinition(b);
  return before.ok && after.ok ? diffVersions(before.definition, after.definition) : undefined;
}

export function versionRoutes(app: FastifyInstance, deps: Deps): void {
  app.get<IdParams & { Querystring: { hinweis?: string } }>('/verwaltung/formulare/:id', async (request, reply) => {
    const editor = await requireFormEditor(deps.db, request, reply);
    if (!editor) return reply;
    const context = await loadForm(deps.db, editor, formIdParam(request.params.id));
    return reply.page(overviewPage(request.locale, { context, tenantName: editor.tenant.name, tenantSlug: editor.tenant.slug, baseUrl: deps.config.baseUrl, hint: hintOf(request.query.hinweis) }));
  });

  app.get<IdParams>('/verwaltung/formulare/:id/veroeffentlichen', async (request, reply) => {
    const editor = await requireFormEditor(deps.db, request, reply);
    if (!editor) return reply;
    const context = await loadForm(deps.db, editor, formIdParam(request.params.id));
    const changes = context.draft && context.latestPublished ? changesBetween(context.latestPublished.definition, context.draft.definition) : undefined;
    const page = publishPage(request.locale, request.csrfToken(), { context, tenantName: editor.tenant.name, changes, problems: context.draft ? context.problems : [] });
    // Looking at a blocked publication is not a failed submission: 200, the list says what to fix.
    return reply.page({ ...page, status: 200 });
  });

  app.post<IdParams & { Body: FormInput | undefined }>('/verwaltung/formulare/:id/veroeffentlichen', async (request, reply) => {
    const editor = await requireFormEditor(deps.db, request, reply);
    if (!editor) return reply;
    const context = await loadForm(deps.db, editor, formIdParam(request.params.id));
    const base = formBase(context.formId);
    // The confirmation named a version; if the draft changed since, confirm again.
    if (!context.draft || field(request.body, 'version') !== String(context.draft.version) || context.problems.length > 0) {
      if (context.draft && context.problems.length > 0) {
        return reply.page(publishPage(request.locale, request.csrfToken(), { context, tenantName: editor.tenant.name, problems: context.problems }));
      }
      return seeOther(reply, `${base}/veroeffentlichen`);
    }
    try {
      await publishDraft(deps.db, editor.scope, context.formId);
    } catch (error) {
      if (error instanceof InvalidDefinitionError) return reply.page(publishPage(request.locale, request.csrfToken(), { context, tenantName: editor.tenant.name, problems: error.problems }));
      if (error instanceof FormNotFoundError) return seeOther(reply, base);
      throw error;
    }
    return seeOther(reply, `${base}?hinweis=veroeffentlicht`);
  });

  app.get<IdParams & { Querystring: { von?: string; bis?: string } }>('/verwaltung/formulare/:id/vergleich', async (request, reply) => {
    const editor = await requireFormEditor(deps.db, request, reply);
    if (!editor) return reply;
    const context = await loadForm(deps.db, editor, formIdParam(request.params.id));
    let from = indexParam(request.query.von ?? '', 1);
    let to = indexParam(request.query.bis ?? '', 1);
    if (from > to) [from, to] = [to, from];
    const older = context.versions.find((version) => version.version === from);
    const newer = context.versions.find((version) => version.version === to);
    if (!older || !newer) throw notFound();
    return reply.page(diffPage(request.locale, { context, tenantName: editor.tenant.name, from, to, changes: changesBetween(older.definition, newer.definition) }));
  });

  app.get<{ Params: { id: string; version: string } }>('/verwaltung/formulare/:id/versionen/:version/export.json', async (request, reply) => {
    const editor = await requireFormEditor(deps.db, request, reply);
    if (!editor) return reply;
    const version = await getVersion(deps.db, editor.scope, formIdParam(request.params.id), indexParam(request.params.version, 1));
    if (!version) throw notFound();
    let text: string;
    try {
      text = exportDefinition(version.definition);
    } catch (error) {
      if (!(error instanceof InvalidDefinitionError)) throw error;
      // An unfinished draft leaves as it is, so it can be fixed elsewhere; published versions are always valid.
      text = `${JSON.stringify(version.definition, null, 2)}\n`;
    }
    const name = `${version.definition.id}-v${version.version}.json`.replace(/[^a-z0-9.-]/g, '-');
    return reply.header('content-type', 'application/json; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(text);
  });

  app.get('/verwaltung/formulare/uebernehmen', async (request, reply) => {
    const editor = await requireFormEditor(deps.db, request, reply);
    if (!editor) return reply;
    const [candidates, own] = await Promise.all([listPublishedFromOtherTenants(deps.db, editor.scope), listForms(deps.db, editor.scope)]);
    return reply.page(adoptPage(request.locale, request.csrfToken(), { tenantName: editor.tenant.name, candidates, ownSlugs: new Set(own.map((form) => form.slug)) }));
  });

  app.post<{ Body: FormInput | undefined }>('/verwaltung/formulare/uebernehmen', async (request, reply) => {
    const editor = await requireFormEditor(deps.db, request, reply);
    if (!editor) return reply;
    const tenantId = formIdParam(field(request.body, 'tenantId'));
    const formId = formIdParam(field(request.body, 'formId'));
    const version = indexParam(field(request.body, 'version'), 1);
    try {
      const adopted = await adoptForm(deps.db, editor.scope, tenantId, formId, version);
      return seeOther(reply, `${formBase(adopted.formId)}?hinweis=uebernommen`);
    } catch (error) {
      if (error instanceof FormNotFoundError) throw notFound();
      if (!(error instanceof FormConflictError)) throw error;
      const [candidates, own] = await Promise.all([listPublishedFromOtherTenants(deps.db, editor.scope), listForms(deps.db, editor.scope)]);
      const slug = candidates.find((candidate) => candidate.formId === formId)?.slug ?? '';
      const page = adoptPage(request.locale, request.csrfToken(), { tenantName: editor.tenant.name, candidates, ownSlugs: new Set(own.map((form) => form.slug)), error: viewTools(request.locale).t('adopt.conflict', { slug }) });
      return reply.page(page);
    }
  });

  const originChanges = async (scope: { tenantId: string; userId: string }, origin: { tenantId: string; formId: string; version: number }, latest: number) => {
    const [adopted, newest] = await Promise.all([
      getVersion(deps.db, scope, origin.formId, origin.version, origin.tenantId),
      getVersion(deps.db, scope, origin.formId, latest, origin.tenantId),
    ]);
    return adopted && newest ? diffVersions(adopted.definition as FormDefinition, newest.definition) : undefined;
  };

  app.get<IdParams>('/verwaltung/formulare/:id/original', async (request, reply) => {
    const editor = await requireFormEditor(deps.db, request, reply);
    if (!editor) return reply;
    const context = await loadForm(deps.db, editor, formIdParam(request.params.id));
    const adoption = context.adoption;
    const changes = adoption?.updateAvailable && adoption.originLatest !== undefined ? await originChanges(editor.scope, adoption.origin, adoption.originLatest) : undefined;
    return reply.page(originPage(request.locale, request.csrfToken(), { context, tenantName: editor.tenant.name, changes }));
  });

  app.post<IdParams & { Body: FormInput | undefined }>('/verwaltung/formulare/:id/original', async (request, reply) => {
    const editor = await requireFormEditor(deps.db, request, reply);
    if (!editor) return reply;
    const context = await loadForm(deps.db, editor, formIdParam(request.params.id));
    const version = indexParam(field(request.body, 'version'), 1);
    try {
      await acceptOriginalVersion(deps.db, editor.scope, context.formId, version);
    } catch (error) {
      if (error instanceof FormNotFoundError || error instanceof FormConflictError) return seeOther(reply, `${formBase(context.formId)}/original`);
      throw error;
    }
    return seeOther(reply, `${formBase(context.formId)}/veroeffentlichen`);
  });
}
