/**
 * The list of forms and the three ways to create one: empty, from a JSON file (or pasted JSON)
 * and from a FIM XDatenfelder file. Uploads are multipart; @fastify/multipart is registered in
 * this plugin's own scope (unless the app already has it) with the fields attached to the body,
 * so the CSRF check reads `_csrf` as for any other form.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import type { Database } from '../../../platform/db/database.ts';
import { seeOther } from '../../../platform/http/page.ts';
import { checkLength, checkRequired, field, type FormInput, type ValidationIssue } from '../../../platform/validation.ts';
import { formIdPattern } from '../definition/check-structure.ts';
import type { FormDefinition } from '../definition/types.ts';
import { FimImportError, importXDatenfelder } from '../fim/import-xdatenfelder.ts';
import { adoptionStatuses, createForm, FormConflictError, importDefinition, listForms } from '../store/index.ts';
import { requireFormEditor, type FormEditor } from './access.ts';
import { fimReportPage, formListPage, newFormPage, type NewFormState } from './list-views.ts';
import { viewTools } from './view-tools.ts';

type Deps = { db: Database };

/** Largest upload: a form definition or a FIM schema of a real procedure is far below this. */
export const maxUploadBytes = 1024 * 1024;

/** A minimal valid definition: one empty step (steps may only inform) and the usual declaration. */
export function emptyDefinition(slug: string, title: { de: string; en: string }): FormDefinition {
  return {
    formatVersion: 1,
    id: slug,
    title,
    steps: [{ id: 'angaben', title: { de: 'Ihre Angaben', en: 'Your details' }, fields: [] }],
    declaration: {
      text: {
        de: 'Ich versichere, dass meine Angaben richtig und vollständig sind.',
        en: 'I confirm that the information I have given is correct and complete.',
      },
      confirmLabel: { de: 'Ich bestätige diese Erklärung.', en: 'I confirm this declaration.' },
    },
    source: { kind: 'editor' },
  };
}

/** An uploaded file (a Buffer in the body) or a text field, as text. */
function uploadText(body: FormInput | undefined, name: string): string {
  const value = body?.[name];
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return typeof value === 'string' ? value : '';
}

function slugIssues(slug: string, name: string): ValidationIssue[] {
  if (slug === '') return [{ field: name, code: 'required' }];
  return formIdPattern.test(slug) && slug.length <= 100 ? [] : [{ field: name, code: 'invalid' }];
}

export function createRoutes(app: FastifyInstance, deps: Deps): void {
  const newPage = (request: FastifyRequest, reply: FastifyReply, editor: FormEditor, state: Omit<NewFormState, 'tenantName'> = {}) =>
    reply.page(newFormPage(request.locale, request.csrfToken(), { tenantName: editor.tenant.name, ...state }));

  app.get('/verwaltung/formulare', async (request, reply) => {
    const editor = await requireFormEditor(deps.db, request, reply);
    if (!editor) return reply;
    const [forms, adoptions] = await Promise.all([listForms(deps.db, editor.scope), adoptionStatuses(deps.db, editor.scope)]);
    return reply.page(formListPage(request.locale, { tenantName: editor.tenant.name, forms, adoptions }));
  });

  app.get('/verwaltung/formulare/neu', async (request, reply) => {
    const editor = await requireFormEditor(deps.db, request, reply);
    if (!editor) return reply;
    return newPage(request, reply, editor);
  });

  app.post<{ Body: FormInput | undefined }>('/verwaltung/formulare/neu', async (request, reply) => {
    const editor = await requireFormEditor(deps.db, request, reply);
    if (!editor) return reply;
    const body = request.body;
    const values = { titleDe: field(body, 'titleDe'), titleEn: field(body, 'titleEn'), slug: field(body, 'slug') };
    const issues: ValidationIssue[] = [];
    if (checkRequired(issues, 'titleDe', values.titleDe)) checkLength(issues, 'titleDe', values.titleDe, 1, 300);
    checkLength(issues, 'titleEn', values.titleEn, 0, 300);
    issues.push(...slugIssues(values.slug, 'slug'));
    const tools = viewTools(request.locale);
    if (issues.length > 0) return newPage(request, reply, editor, { values, errors: { form: 'scratch', list: tools.errorsFor(issues) } });
    try {
      const created = await createForm(deps.db, editor.scope, emptyDefinition(values.slug, { de: values.titleDe, en: values.titleEn || values.titleDe }));
      return seeOther(reply, `/verwaltung/formulare/${created.formId}/bearbeiten?hinweis=angelegt`);
    } catch (error) {
      if (!(error instanceof FormConflictError)) throw error;
      return newPage(request, reply, editor, { values, errors: { form: 'scratch', list: [{ field: 'slug', message: tools.t('slug.taken') }] } });
    }
  });

  // Uploads: their own scope, so the multipart parser and its body hook apply to these routes only.
  void app.register(async (uploads) => {
    if (!uploads.hasContentTypeParser('multipart/form-data')) {
      await uploads.register(multipart, { attachFieldsToBody: 'keyValues', limits: { fileSize: maxUploadBytes, files: 1, fields: 10 } });
    }

    uploads.post<{ Body: FormInput | undefined }>('/verwaltung/formulare/neu/json', async (request, reply) => {
      const editor = await requireFormEditor(deps.db, request, reply);
      if (!editor) return reply;
      const tools = viewTools(request.locale);
      const pasted = field(request.body, 'json', { trim: false });
      const text = uploadText(request.body, 'datei').trim() || pasted.trim();
      const values = { json: pasted };
      if (text === '') return newPage(request, reply, editor, { values, errors: { form: 'json', list: [{ field: 'json', message: tools.t('json.required') }] } });
      const result = importDefinition(text);
      if (!result.ok) {
        const message = result.problems[0]?.code === 'invalid_json' ? tools.t('json.syntax', { detail: result.problems[0].message }) : tools.t('json.invalid', { count: result.problems.length });
        return newPage(request, reply, editor, { values, errors: { form: 'json', list: [{ field: 'json', message }], problems: result.problems } });
      }
      try {
        const created = await createForm(deps.db, editor.scope, result.definition);
        return seeOther(reply, `/verwaltung/formulare/${created.formId}?hinweis=angelegt`);
      } catch (error) {
        if (!(error instanceof FormConflictError)) throw error;
        return newPage(request, reply, editor, { values, errors: { form: 'json', list: [{ field: 'json', message: tools.t('slug.taken') }] } });
      }
    });

    uploads.post<{ Body: FormInput | undefined }>('/verwaltung/formulare/neu/fim', async (request, reply) => {
      const editor = await requireFormEditor(deps.db, request, reply);
      if (!editor) return reply;
      const tools = viewTools(request.locale);
      const slug = field(request.body, 'kennung');
      const values = { kennung: slug };
      const fail = (name: string, message: string, detail?: string) =>
        newPage(request, reply, editor, { values, errors: { form: 'fim', list: [{ field: name, message }], ...(detail ? { detail } : {}) } });
      const xml = uploadText(request.body, 'fimDatei');
      if (xml.trim() === '') return fail('fimDatei', tools.t('datei.required'));
      if (slug !== '' && slugIssues(slug, 'kennung').length > 0) return fail('kennung', tools.t('slug.invalid'));
      let imported;
      try {
        imported = importXDatenfelder(xml);
      } catch (error) {
        if (!(error instanceof FimImportError)) throw error;
        return fail('fimDatei', tools.t('fim.failed', { reason: tools.t(`fim.${error.code}`) }), error.message);
      }
      const definition = slug === '' ? imported.definition : { ...imported.definition, id: slug };
      try {
        const created = await createForm(deps.db, editor.scope, definition);
        return reply.page(fimReportPage(request.locale, { tenantName: editor.tenant.name, formId: created.formId, title: definition.title.de, report: imported.report }));
      } catch (error) {
        if (!(error instanceof FormConflictError)) throw error;
        return fail('kennung', tools.t('slug.taken'));
      }
    });
  });
}
