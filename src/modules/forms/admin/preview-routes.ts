/**
 * Preview of the working draft in the real runtime: the citizen's start page, step pages (with
 * the same field views, validation, conditions and navigation) and check-your-answers, marked
 * "Vorschau". Nothing is stored: what was entered travels in the address (`e`, the raw input of
 * all steps as base64url JSON) and is re-validated step by step on every request, exactly as raw
 * input from a browser. There is no submission; the declaration leads to an end page.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../../platform/db/database.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { seeOther } from '../../../platform/http/page.ts';
import { html } from '../../../platform/views/html.ts';
import { notice } from '../../../platform/views/components.ts';
import type { Locale } from '../../../platform/i18n/i18n.ts';
import type { FormInput } from '../../../platform/validation.ts';
import type { FormDefinition } from '../definition/types.ts';
import { validateDefinition } from '../definition/validate-definition.ts';
import type { Answers } from '../runtime/answers.ts';
import { issueMessages } from '../runtime/issue-messages.ts';
import { canVisit, firstIncompleteStep, nextStep, previousStep, visibleSteps, withStepAnswers } from '../runtime/journey.ts';
import type { RawInput } from '../runtime/raw-input.ts';
import { checkYourAnswers } from '../runtime/summary.ts';
import { validateStep } from '../runtime/validate-step.ts';
import { checkPage, startPage, stepPage, type Page as RuntimePage } from '../web/pages.ts';
import { todayInGermany } from '../web/published.ts';
import { rawInput } from '../web/step-routes.ts';
import { formIdParam, requireFormEditor } from './access.ts';
import { formBase, loadForm } from './form-context.ts';
import { viewTools } from './view-tools.ts';

type Deps = { db: Database };
type Raw = Record<string, string | string[]>;

export function encodeInput(raw: Raw): string {
  return Buffer.from(JSON.stringify(raw), 'utf8').toString('base64url');
}

/** The carried input, read as untrusted browser input: strings and lists of strings only. */
export function decodeInput(value: unknown): Raw {
  if (typeof value !== 'string' || value === '' || value.length > 200_000) return {};
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (rawInput(parsed as FormInput) as Raw) : {};
  } catch {
    return {};
  }
}

/** Whether an input name belongs to a field: `id`, `id.part`, `id[0].inner`. */
const belongsTo = (name: string, fieldId: string) => name === fieldId || name.startsWith(`${fieldId}.`) || name.startsWith(`${fieldId}[`);

/** The answers the carried input gives, walking the visible steps in order as the runtime does. */
function replay(def: FormDefinition, raw: RawInput, today: string): Answers {
  let answers: Answers = {};
  for (const step of def.steps) {
    if (!visibleSteps(def, answers).some((visible) => visible.id === step.id)) continue;
    if (!Object.keys(raw).some((name) => step.fields.some((field) => belongsTo(name, field.id)))) continue;
    const result = validateStep(def, step.id, raw, { today, answers });
    if (result.issues.length > 0) break;
    answers = withStepAnswers(def, answers, step.id, result.answers);
  }
  return answers;
}

function marked(locale: Locale, version: number, exit: string, page: RuntimePage): RuntimePage {
  const { t } = viewTools(locale);
  return {
    ...page,
    title: `${t('preview.badge')}: ${page.title}`,
    content: html`<div class="kern-alert kern-alert--info preview-banner" role="note"><div class="kern-alert__header"><p class="kern-title">${t('preview.badge')}</p></div>
<div class="kern-alert__body"><p class="kern-body">${t('preview.notice', { version })}</p><p class="kern-body"><a class="kern-link" href="${exit}">${t('preview.exit')}</a></p></div></div>
${page.content}`,
  };
}

export function previewRoutes(app: FastifyInstance, deps: Deps): void {
  /** The working draft as a valid definition, or a page saying the preview must wait. */
  const previewable = async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
    const editor = await requireFormEditor(deps.db, request, reply);
    if (!editor) return undefined;
    const context = await loadForm(deps.db, editor, formIdParam(request.params.id));
    const result = validateDefinition(context.working.definition);
    const base = formBase(context.formId);
    if (!result.ok) {
      const { t } = viewTools(request.locale);
      reply.page({ title: t('preview.badge'), content: html`<h1 class="kern-heading-x-large">${t('preview.badge')}: ${context.title}</h1>
${notice('warning', t('preview.invalid'))}<p class="kern-body"><a class="kern-link" href="${base}#probleme">${t('nav.overview')}</a></p>` });
      return undefined;
    }
    const preview = `${base}/vorschau`;
    const show = (page: RuntimePage) => reply.page(marked(request.locale, context.working.version, base, page));
    return { def: result.definition, preview, show };
  };

  app.get<{ Params: { id: string } }>('/verwaltung/formulare/:id/vorschau', async (request, reply) => {
    const found = await previewable(request, reply);
    if (!found) return reply;
    return found.show(startPage(found.def, found.preview, request.csrfToken(), request.locale));
  });

  app.post<{ Params: { id: string } }>('/verwaltung/formulare/:id/vorschau', async (request, reply) => {
    const found = await previewable(request, reply);
    if (!found) return reply;
    const first = visibleSteps(found.def, {})[0];
    if (!first) throw notFound();
    return seeOther(reply, `${found.preview}/schritt/${first.id}`);
  });

  type StepRequest = { Params: { id: string; stepId: string }; Querystring: { e?: string }; Body: FormInput | undefined };

  const stepUrl = (preview: string, stepId: string, raw: Raw) => `${preview}/schritt/${encodeURIComponent(stepId)}?e=${encodeInput(raw)}`;

  app.get<StepRequest>('/verwaltung/formulare/:id/vorschau/schritt/:stepId', async (request, reply) => {
    const found = await previewable(request, reply);
    if (!found) return reply;
    const { def, preview } = found;
    const raw = decodeInput(request.query.e);
    const answers = replay(def, raw, todayInGermany());
    const step = def.steps.find((candidate) => candidate.id === request.params.stepId);
    if (!step || !canVisit(def, answers, step.id)) throw notFound();
    const previous = previousStep(def, answers, step.id);
    const steps = visibleSteps(def, answers);
    return found.show(stepPage(def, {
      step,
      number: steps.findIndex((candidate) => candidate.id === step.id) + 1,
      total: steps.length,
      action: stepUrl(preview, step.id, raw),
      back: previous ? stepUrl(preview, previous, raw) : preview,
      input: raw,
      errors: [],
    }, request.csrfToken(), request.locale));
  });

  app.post<StepRequest>('/verwaltung/formulare/:id/vorschau/schritt/:stepId', async (request, reply) => {
    const found = await previewable(request, reply);
    if (!found) return reply;
    const { def, preview } = found;
    const carried = decodeInput(request.query.e);
    const today = todayInGermany();
    const answers = replay(def, carried, today);
    const step = def.steps.find((candidate) => candidate.id === request.params.stepId);
    if (!step || !canVisit(def, answers, step.id)) throw notFound();
    // This step's input replaces what was carried for its fields.
    const posted = rawInput(request.body) as Raw;
    delete posted._csrf;
    const raw: Raw = Object.fromEntries(Object.entries(carried).filter(([name]) => !step.fields.some((field) => belongsTo(name, field.id))));
    for (const [name, value] of Object.entries(posted)) if (name !== '_add' && step.fields.some((field) => belongsTo(name, field.id))) raw[name] = value;
    const steps = visibleSteps(def, answers);
    const previous = previousStep(def, answers, step.id);
    const view = (errors: { field: string; message: string }[]) => found.show(stepPage(def, {
      step,
      number: steps.findIndex((candidate) => candidate.id === step.id) + 1,
      total: steps.length,
      action: stepUrl(preview, step.id, carried),
      back: previous ? stepUrl(preview, previous, carried) : preview,
      input: raw,
      errors,
    }, request.csrfToken(), request.locale));
    if (typeof posted._add === 'string') return view([]);
    const result = validateStep(def, step.id, raw, { today, answers });
    if (result.issues.length > 0) return view(issueMessages(def, result.issues, request.locale));
    const next = nextStep(def, withStepAnswers(def, answers, step.id, result.answers), step.id);
    return seeOther(reply, next ? stepUrl(preview, next, raw) : `${preview}/pruefen?e=${encodeInput(raw)}`);
  });

  app.get<StepRequest>('/verwaltung/formulare/:id/vorschau/pruefen', async (request, reply) => {
    const found = await previewable(request, reply);
    if (!found) return reply;
    const { def, preview } = found;
    const raw = decodeInput(request.query.e);
    const answers = replay(def, raw, todayInGermany());
    const incomplete = firstIncompleteStep(def, answers);
    if (incomplete) return seeOther(reply, stepUrl(preview, incomplete, raw));
    const rows = checkYourAnswers(def, answers, request.locale);
    const last = rows.at(-1)?.stepId ?? def.steps.at(-1)?.id ?? '';
    return found.show(checkPage(def, {
      rows,
      stepHref: (stepId) => stepUrl(preview, stepId, raw),
      action: `${preview}/ende`,
      back: stepUrl(preview, last, raw),
    }, request.csrfToken(), request.locale));
  });

  app.post<{ Params: { id: string } }>('/verwaltung/formulare/:id/vorschau/ende', async (request, reply) => {
    const found = await previewable(request, reply);
    if (!found) return reply;
    const { t } = viewTools(request.locale);
    return found.show({
      title: t('preview.endTitle'),
      content: html`<h1 class="kern-heading-x-large">${t('preview.endTitle')}</h1><p class="kern-body">${t('preview.endBody')}</p>
<p class="kern-body"><a class="kern-link" href="${found.preview}">${t('preview.again')}</a></p>`,
    });
  });
}
