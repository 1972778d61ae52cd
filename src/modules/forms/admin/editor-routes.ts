/**
 * The structured editor and the JSON view of a form's working draft. Each POST reads one small
 * form, applies it to a copy of the draft and saves the whole draft (saveWorkingDraft: audited,
 * problems allowed), then redirects (303). A hidden `stand` (the hash of the version the page
 * showed) makes a save that would overwrite someone else's newer save stop with 409.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../../platform/db/database.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { seeOther } from '../../../platform/http/page.ts';
import { field, type FormInput, type ValidationIssue } from '../../../platform/validation.ts';
import { InvalidDefinitionError, saveWorkingDraft } from '../store/index.ts';
import { formIdParam, indexParam, requireFormEditor, type FormEditor } from './access.ts';
import { fieldsBefore, fieldsOf, isEditable, isRec, moved, stepsOf, withFields, withStep, withSteps, type Rec } from './draft-document.ts';
import { readField, readFormTexts, readNewField, readNewStep, readStep } from './editor-input.ts';
import { brokenDraftPage, conflictPage, fieldEditorPage, formEditorPage, jsonEditorPage, stepEditorPage, type EditorState } from './editor-views.ts';
import { formBase, loadForm, type FormContext } from './form-context.ts';
import { hintOf } from './list-views.ts';
import { viewTools } from './view-tools.ts';

type Deps = { db: Database };
type Params = { id: string; step?: string; field?: string };
type Req = FastifyRequest<{ Params: Params; Body: FormInput | undefined; Querystring: { hinweis?: string } }>;

type Loaded = { editor: FormEditor; context: FormContext; doc: Rec; state: EditorState };

async function load(deps: Deps, request: Req, reply: FastifyReply): Promise<Loaded | undefined> {
  const editor = await requireFormEditor(deps.db, request, reply);
  if (!editor) return undefined;
  const context = await loadForm(deps.db, editor, formIdParam(request.params.id));
  const doc = structuredClone(context.working.definition) as unknown as Rec;
  const state: EditorState = { context, tenantName: editor.tenant.name, csrf: request.csrfToken(), doc, hint: hintOf(request.query.hinweis) };
  return { editor, context, doc, state };
}

function stepIndexOf(request: Req, doc: Rec): number {
  const index = indexParam(request.params.step ?? '');
  if (index >= stepsOf(doc).length) throw notFound();
  return index;
}

function fieldIndexOf(request: Req, doc: Rec, stepIndex: number): number {
  const index = indexParam(request.params.field ?? '');
  if (index >= fieldsOf(stepsOf(doc)[stepIndex] ?? {}).length) throw notFound();
  return index;
}

/** Saves the changed draft unless the page was based on an older state; then back to `next`. */
async function save(deps: Deps, request: Req, reply: FastifyReply, loaded: Loaded, doc: Rec, next: string): Promise<FastifyReply> {
  if (field(request.body, 'stand') !== loaded.context.working.definitionSha256) return reply.page(conflictPage(request.locale, next));
  await saveWorkingDraft(deps.db, loaded.editor.scope, loaded.context.formId, doc);
  return seeOther(reply, `${next}${next.includes('#') ? '' : '?hinweis=gespeichert'}`);
}

function errors(request: Req, issues: readonly ValidationIssue[]) {
  return viewTools(request.locale).errorsFor(issues);
}

/** Up, down or remove for an item of a list. */
function applyAction(items: Rec[], index: number, action: string): Rec[] {
  if (action === 'hoch') return moved(items, index, -1);
  if (action === 'runter') return moved(items, index, 1);
  if (action === 'entfernen') return items.filter((_, i) => i !== index);
  throw notFound();
}

export function editorRoutes(app: FastifyInstance, deps: Deps): void {
  const base = '/verwaltung/formulare/:id';

  app.get<{ Params: Params; Querystring: { hinweis?: string } }>(`${base}/bearbeiten`, async (request, reply) => {
    const loaded = await load(deps, request as Req, reply);
    if (!loaded) return reply;
    if (!isEditable(loaded.doc)) return reply.page(brokenDraftPage(request.locale, loaded.state));
    return reply.page(formEditorPage(request.locale, loaded.state));
  });

  app.post<{ Params: Params; Body: FormInput | undefined }>(`${base}/bearbeiten`, async (request, reply) => {
    const loaded = await load(deps, request as Req, reply);
    if (!loaded) return reply;
    if (!isEditable(loaded.doc)) return reply.page({ ...brokenDraftPage(request.locale, loaded.state), status: 409 });
    return save(deps, request as Req, reply, loaded, readFormTexts(request.body, loaded.doc), `${formBase(loaded.context.formId)}/bearbeiten`);
  });

  app.post<{ Params: Params; Body: FormInput | undefined }>(`${base}/schritte`, async (request, reply) => {
    const loaded = await load(deps, request as Req, reply);
    if (!loaded) return reply;
    if (!isEditable(loaded.doc)) return reply.page({ ...brokenDraftPage(request.locale, loaded.state), status: 409 });
    const { value, issues } = readNewStep(request.body);
    if (issues.length > 0) return reply.page(formEditorPage(request.locale, { ...loaded.state, errors: errors(request as Req, issues) }));
    const steps = [...stepsOf(loaded.doc), value];
    return save(deps, request as Req, reply, loaded, withSteps(loaded.doc, steps), `${formBase(loaded.context.formId)}/schritte/${steps.length - 1}`);
  });

  app.post<{ Params: Params; Body: FormInput | undefined }>(`${base}/schritte/:step/aktion`, async (request, reply) => {
    const loaded = await load(deps, request as Req, reply);
    if (!loaded) return reply;
    if (!isEditable(loaded.doc)) throw notFound();
    const index = stepIndexOf(request as Req, loaded.doc);
    const steps = applyAction(stepsOf(loaded.doc), index, field(request.body, 'aktion'));
    return save(deps, request as Req, reply, loaded, withSteps(loaded.doc, steps), `${formBase(loaded.context.formId)}/bearbeiten`);
  });

  const stepState = (loaded: Loaded, stepIndex: number) => ({ ...loaded.state, stepIndex, candidates: fieldsBefore(loaded.doc, stepIndex, 0) });

  app.get<{ Params: Params; Querystring: { hinweis?: string } }>(`${base}/schritte/:step`, async (request, reply) => {
    const loaded = await load(deps, request as Req, reply);
    if (!loaded) return reply;
    if (!isEditable(loaded.doc)) return reply.page(brokenDraftPage(request.locale, loaded.state));
    return reply.page(stepEditorPage(request.locale, stepState(loaded, stepIndexOf(request as Req, loaded.doc))));
  });

  app.post<{ Params: Params; Body: FormInput | undefined }>(`${base}/schritte/:step`, async (request, reply) => {
    const loaded = await load(deps, request as Req, reply);
    if (!loaded) return reply;
    if (!isEditable(loaded.doc)) throw notFound();
    const stepIndex = stepIndexOf(request as Req, loaded.doc);
    const state = stepState(loaded, stepIndex);
    const old = stepsOf(loaded.doc)[stepIndex] ?? {};
    const { value, issues } = readStep(request.body, old, state.candidates);
    if (issues.length > 0) {
      return reply.page(stepEditorPage(request.locale, { ...state, errors: errors(request as Req, issues) }, { step: value, body: request.body ?? {} }));
    }
    return save(deps, request as Req, reply, loaded, withStep(loaded.doc, stepIndex, value), `${formBase(loaded.context.formId)}/schritte/${stepIndex}`);
  });

  app.post<{ Params: Params; Body: FormInput | undefined }>(`${base}/schritte/:step/felder`, async (request, reply) => {
    const loaded = await load(deps, request as Req, reply);
    if (!loaded) return reply;
    if (!isEditable(loaded.doc)) throw notFound();
    const stepIndex = stepIndexOf(request as Req, loaded.doc);
    const { value, issues } = readNewField(request.body);
    if (issues.length > 0) return reply.page(stepEditorPage(request.locale, { ...stepState(loaded, stepIndex), errors: errors(request as Req, issues) }));
    const fields = [...fieldsOf(stepsOf(loaded.doc)[stepIndex] ?? {}), value];
    return save(deps, request as Req, reply, loaded, withFields(loaded.doc, stepIndex, fields), `${formBase(loaded.context.formId)}/schritte/${stepIndex}/felder/${fields.length - 1}`);
  });

  app.post<{ Params: Params; Body: FormInput | undefined }>(`${base}/schritte/:step/felder/:field/aktion`, async (request, reply) => {
    const loaded = await load(deps, request as Req, reply);
    if (!loaded) return reply;
    if (!isEditable(loaded.doc)) throw notFound();
    const stepIndex = stepIndexOf(request as Req, loaded.doc);
    const fieldIndex = fieldIndexOf(request as Req, loaded.doc, stepIndex);
    const fields = applyAction(fieldsOf(stepsOf(loaded.doc)[stepIndex] ?? {}), fieldIndex, field(request.body, 'aktion'));
    return save(deps, request as Req, reply, loaded, withFields(loaded.doc, stepIndex, fields), `${formBase(loaded.context.formId)}/schritte/${stepIndex}`);
  });

  const fieldState = (loaded: Loaded, stepIndex: number, fieldIndex: number) => ({
    ...loaded.state,
    stepIndex,
    fieldIndex,
    candidates: fieldsBefore(loaded.doc, stepIndex, fieldIndex),
  });

  app.get<{ Params: Params; Querystring: { hinweis?: string } }>(`${base}/schritte/:step/felder/:field`, async (request, reply) => {
    const loaded = await load(deps, request as Req, reply);
    if (!loaded) return reply;
    if (!isEditable(loaded.doc)) return reply.page(brokenDraftPage(request.locale, loaded.state));
    const stepIndex = stepIndexOf(request as Req, loaded.doc);
    return reply.page(fieldEditorPage(request.locale, fieldState(loaded, stepIndex, fieldIndexOf(request as Req, loaded.doc, stepIndex))));
  });

  app.post<{ Params: Params; Body: FormInput | undefined }>(`${base}/schritte/:step/felder/:field`, async (request, reply) => {
    const loaded = await load(deps, request as Req, reply);
    if (!loaded) return reply;
    if (!isEditable(loaded.doc)) throw notFound();
    const stepIndex = stepIndexOf(request as Req, loaded.doc);
    const fieldIndex = fieldIndexOf(request as Req, loaded.doc, stepIndex);
    const state = fieldState(loaded, stepIndex, fieldIndex);
    const fields = fieldsOf(stepsOf(loaded.doc)[stepIndex] ?? {});
    const { value, issues } = readField(request.body, fields[fieldIndex] ?? {}, state.candidates);
    if (issues.length > 0) {
      return reply.page(fieldEditorPage(request.locale, { ...state, errors: errors(request as Req, issues) }, { field: value, body: request.body ?? {} }));
    }
    const changed = fields.map((old, i) => (i === fieldIndex ? value : old));
    return save(deps, request as Req, reply, loaded, withFields(loaded.doc, stepIndex, changed), `${formBase(loaded.context.formId)}/schritte/${stepIndex}/felder/${fieldIndex}`);
  });

  app.get<{ Params: Params; Querystring: { hinweis?: string } }>(`${base}/json`, async (request, reply) => {
    const loaded = await load(deps, request as Req, reply);
    if (!loaded) return reply;
    return reply.page(jsonEditorPage(request.locale, loaded.state));
  });

  app.post<{ Params: Params; Body: FormInput | undefined }>(`${base}/json`, async (request, reply) => {
    const loaded = await load(deps, request as Req, reply);
    if (!loaded) return reply;
    const text = field(request.body, 'json', { trim: false });
    const { t } = viewTools(request.locale);
    const refuse = (message: string) => reply.page(jsonEditorPage(request.locale, { ...loaded.state, errors: [{ field: 'json', message }] }, text));
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      return refuse(t('json.syntax', { detail: error instanceof Error ? error.message : String(error) }));
    }
    if (!isRec(json)) return refuse(t('json.notObject'));
    if (json.id !== loaded.context.slug) return refuse(t('json.idChanged', { slug: loaded.context.slug }));
    try {
      return await save(deps, request as Req, reply, loaded, json, `${formBase(loaded.context.formId)}/json`);
    } catch (error) {
      if (error instanceof InvalidDefinitionError) return refuse(t('json.idChanged', { slug: loaded.context.slug }));
      throw error;
    }
  });
}
