/**
 * Start page and steps (GOV.UK forms-runner pattern): one topic per page, Post/Redirect/Get,
 * 422 with an error summary when an answer cannot be accepted. Works without JavaScript.
 */
import type { FastifyInstance } from 'fastify';
import { seeOther } from '../../../platform/http/page.ts';
import { notFound } from '../../../platform/http/errors.ts';
import type { FormInput } from '../../../platform/validation.ts';
import { startDraft, saveAnswers } from '../../submissions/index.ts';
import type { FormDefinition } from '../definition/types.ts';
import { issueMessages } from '../runtime/issue-messages.ts';
import { canVisit, firstIncompleteStep, nextStep, previousStep, visibleSteps, withStepAnswers } from '../runtime/journey.ts';
import type { RawInput } from '../runtime/raw-input.ts';
import type { Answers } from '../runtime/answers.ts';
import { validateStep } from '../runtime/validate-step.ts';
import { startPage, stepPage, type StepView } from './pages.ts';
import { todayInGermany } from './published.ts';
import { answersToRaw } from './raw-answers.ts';
import { basePath, ensureToken, loadOpenSession, requireForm, type Deps, type FormParams } from './session.ts';

type StepParams = { Params: FormParams & { stepId: string }; Querystring: { von?: string } };

/**
 * A change made from the check-your-answers page returns there once every step is complete
 * again (GOV.UK pattern), instead of walking the citizen through all later steps once more.
 */
const fromCheckPage = 'pruefen';

function stepView(def: FormDefinition, params: FormParams, answers: Answers, stepId: string, input: RawInput, errors: StepView['errors'], fromCheck = false): StepView {
  const base = basePath(params);
  const steps = visibleSteps(def, answers);
  const step = def.steps.find((candidate) => candidate.id === stepId);
  if (!step) throw notFound();
  const previous = previousStep(def, answers, stepId);
  return {
    step,
    number: steps.findIndex((candidate) => candidate.id === stepId) + 1,
    total: steps.length,
    action: `${base}/schritt/${stepId}${fromCheck ? `?von=${fromCheckPage}` : ''}`,
    back: fromCheck ? `${base}/pruefen` : previous ? `${base}/schritt/${previous}` : base,
    input,
    errors,
  };
}

/** The urlencoded body as the runtime reads it: strings and lists of strings only. */
export function rawInput(body: FormInput | undefined): RawInput {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(body ?? {})) {
    if (typeof value === 'string') out[name] = value;
    else if (Array.isArray(value)) out[name] = value.filter((entry): entry is string => typeof entry === 'string');
  }
  return out;
}

export function stepRoutes(app: FastifyInstance, deps: Deps): void {
  app.get<{ Params: FormParams }>('/:tenantSlug/antrag/:formSlug', async (request, reply) => {
    const form = await requireForm(deps.db, request.params);
    return reply.page(startPage(form.definition, basePath(request.params), request.csrfToken(), request.locale));
  });

  app.post<{ Params: FormParams }>('/:tenantSlug/antrag/:formSlug', async (request, reply) => {
    const form = await requireForm(deps.db, request.params);
    const tokenHash = ensureToken(request, reply, deps);
    const userId = request.user?.id ?? null;
    const key = { tenantId: form.tenantId, formId: form.formId, tokenHash };
    await deps.db.transaction({ tenantId: form.tenantId, userId }, (tx) => startDraft(tx, key, form.version, userId));
    const first = visibleSteps(form.definition, {})[0];
    if (!first) throw notFound();
    return seeOther(reply, `${basePath(request.params)}/schritt/${first.id}`);
  });

  app.get<StepParams>('/:tenantSlug/antrag/:formSlug/schritt/:stepId', async (request, reply) => {
    const { form, draft } = await loadOpenSession(deps, request, request.params);
    const def = form.definition;
    const { stepId } = request.params;
    if (!def.steps.some((step) => step.id === stepId)) throw notFound();
    // No skipping ahead by URL: a step opens only when the steps before it are complete.
    if (!canVisit(def, draft.answers, stepId)) {
      const target = firstIncompleteStep(def, draft.answers);
      return seeOther(reply, `${basePath(request.params)}/${target ? `schritt/${target}` : 'pruefen'}`);
    }
    const step = def.steps.find((candidate) => candidate.id === stepId);
    const input = answersToRaw(step?.fields ?? [], draft.answers);
    const fromCheck = request.query.von === fromCheckPage;
    return reply.page(stepPage(def, stepView(def, request.params, draft.answers, stepId, input, [], fromCheck), request.csrfToken(), request.locale));
  });

  app.post<StepParams & { Body: FormInput | undefined }>('/:tenantSlug/antrag/:formSlug/schritt/:stepId', async (request, reply) => {
    const { form, draft, key } = await loadOpenSession(deps, request, request.params);
    const def = form.definition;
    const { stepId } = request.params;
    if (!canVisit(def, draft.answers, stepId)) throw notFound();
    const input = rawInput(request.body);
    const fromCheck = request.query.von === fromCheckPage;
    // "Add another" only shows one more empty item; nothing is checked or stored yet.
    if (typeof input._add === 'string') {
      return reply.page(stepPage(def, stepView(def, request.params, draft.answers, stepId, input, [], fromCheck), request.csrfToken(), request.locale));
    }
    const result = validateStep(def, stepId, input, { today: todayInGermany(), answers: draft.answers });
    if (result.issues.length > 0) {
      const errors = issueMessages(def, result.issues, request.locale);
      return reply.page(stepPage(def, stepView(def, request.params, draft.answers, stepId, input, errors, fromCheck), request.csrfToken(), request.locale));
    }
    const answers = withStepAnswers(def, draft.answers, stepId, result.answers);
    await deps.db.transaction({ tenantId: key.tenantId, userId: request.user?.id ?? null }, (tx) => saveAnswers(tx, key.tenantId, draft.id, answers, request.user?.id ?? null));
    if (fromCheck) {
      // A changed answer may open a step that now needs answers; that one comes first.
      const incomplete = firstIncompleteStep(def, answers);
      return seeOther(reply, `${basePath(request.params)}/${incomplete ? `schritt/${incomplete}?von=${fromCheckPage}` : 'pruefen'}`);
    }
    const next = nextStep(def, answers, stepId);
    return seeOther(reply, `${basePath(request.params)}/${next ? `schritt/${next}` : 'pruefen'}`);
  });
}
