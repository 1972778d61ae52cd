/**
 * Start page and steps (GOV.UK forms-runner pattern): one topic per page, Post/Redirect/Get,
 * 422 with an error summary when an answer cannot be accepted. Works without JavaScript.
 */
import type { FastifyInstance } from 'fastify';
import { seeOther } from '../../../platform/http/page.ts';
import { notFound } from '../../../platform/http/errors.ts';
import type { FormInput } from '../../../platform/validation.ts';
import { fileRef, startDraft, saveAnswers, type Attachment } from '../../submissions/index.ts';
import type { FormDefinition } from '../definition/types.ts';
import { issueMessages } from '../runtime/issue-messages.ts';
import { canVisit, firstIncompleteStep, nextStep, previousStep, visibleSteps, withStepAnswers } from '../runtime/journey.ts';
import type { RawInput } from '../runtime/raw-input.ts';
import type { Answers } from '../runtime/answers.ts';
import { validateStep } from '../runtime/validate-step.ts';
import { startPage, stepPage, type StepView } from './pages.ts';
import { todayInGermany } from './published.ts';
import { answersToRaw } from './raw-answers.ts';
import { basePath, ensureToken, loadOpenSession, requireForm, type FormParams } from './session.ts';
import { draftAttachments, sendUploadUnavailable, uploadView, type UploadDeps } from './upload-routes.ts';
import { acceptUploads, uploadFields } from './uploads.ts';

type StepParams = { Params: FormParams & { stepId: string }; Querystring: { von?: string } };

/**
 * A change made from the check-your-answers page returns there once every step is complete
 * again (GOV.UK pattern), instead of walking the citizen through all later steps once more.
 */
const fromCheckPage = 'pruefen';

function stepView(
  def: FormDefinition,
  params: FormParams,
  answers: Answers,
  stepId: string,
  input: RawInput,
  errors: StepView['errors'],
  fromCheck = false,
  uploads?: StepView['uploads'],
): StepView {
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
    saveHref: `${base}/speichern`,
    ...(uploads ? { uploads } : {}),
  };
}

/** One message per field (GOV.UK): a refused file's message wins over what the answers lack. */
function mergeErrors(first: StepView['errors'], then: StepView['errors']): StepView['errors'] {
  const merged: StepView['errors'] = [];
  for (const error of [...first, ...then]) if (!merged.some((taken) => taken.field === error.field)) merged.push(error);
  return merged;
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

export function stepRoutes(app: FastifyInstance, deps: UploadDeps): void {
  app.get<{ Params: FormParams }>('/:tenantSlug/antrag/:formSlug', async (request, reply) => {
    const form = await requireForm(deps.db, request.params);
    return reply.page(startPage(form.definition, basePath(request.params), request.csrfToken(), request.locale, deps.config.draftLifetimeDays));
  });

  app.post<{ Params: FormParams }>('/:tenantSlug/antrag/:formSlug', async (request, reply) => {
    const form = await requireForm(deps.db, request.params);
    const tokenHash = ensureToken(request, reply, deps);
    const userId = request.user?.id ?? null;
    const key = { tenantId: form.tenantId, formId: form.formId, tokenHash };
    await deps.db.transaction({ tenantId: form.tenantId, userId }, (tx) => startDraft(tx, key, form.version, userId, deps.config.draftLifetimeDays));
    const first = visibleSteps(form.definition, {})[0];
    if (!first) throw notFound();
    return seeOther(reply, `${basePath(request.params)}/schritt/${first.id}`);
  });

  app.get<StepParams>('/:tenantSlug/antrag/:formSlug/schritt/:stepId', async (request, reply) => {
    const session = await loadOpenSession(deps, request, request.params);
    const { form, draft } = session;
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
    const uploads = step && uploadFields(step).length > 0 ? uploadView(deps.uploads, request.params, stepId, await draftAttachments(deps, session), fromCheck) : undefined;
    return reply.page(stepPage(def, stepView(def, request.params, draft.answers, stepId, input, [], fromCheck, uploads), request.csrfToken(), request.locale));
  });

  app.post<StepParams & { Body: FormInput | undefined }>('/:tenantSlug/antrag/:formSlug/schritt/:stepId', async (request, reply) => {
    const session = await loadOpenSession(deps, request, request.params);
    const { form, draft, key } = session;
    const def = form.definition;
    const { stepId } = request.params;
    if (!canVisit(def, draft.answers, stepId)) throw notFound();
    const input: Record<string, string | readonly string[] | undefined> = { ...rawInput(request.body) };
    const fromCheck = request.query.von === fromCheckPage;
    const step = def.steps.find((candidate) => candidate.id === stepId);
    const fileFields = step ? uploadFields(step) : [];
    // Files are taken first (uploads.ts): a browser cannot send them again after an error.
    let attachments: Attachment[] = [];
    let uploadErrors: StepView['errors'] = [];
    if (fileFields.length > 0) {
      const scope = { db: deps.db, tenantId: key.tenantId, draftId: draft.id, userId: session.userId };
      const outcome = await acceptUploads(deps.uploads, scope, fileFields, request.body, await draftAttachments(deps, session), request.locale, request.log);
      if (outcome.kind === 'unavailable') return sendUploadUnavailable(reply, outcome.reason, `${basePath(request.params)}/schritt/${stepId}`, request.locale);
      ({ attachments, errors: uploadErrors } = outcome);
      // A file field's answer is the draft's files for it, never ids the browser names.
      for (const field of fileFields) input[field.id] = attachments.filter((attachment) => attachment.fieldId === field.id).map((attachment) => attachment.id);
    }
    const uploads = fileFields.length > 0 ? uploadView(deps.uploads, request.params, stepId, attachments, fromCheck) : undefined;
    // "Add another" only shows one more empty item; nothing is checked or stored yet.
    if (typeof input._add === 'string') {
      return reply.page(stepPage(def, stepView(def, request.params, draft.answers, stepId, input, uploadErrors, fromCheck, uploads), request.csrfToken(), request.locale));
    }
    const files = new Map(attachments.map((attachment) => [attachment.id, fileRef(attachment)]));
    const result = validateStep(def, stepId, input, { today: todayInGermany(), answers: draft.answers, files: (id) => files.get(id) });
    if (result.issues.length > 0 || uploadErrors.length > 0) {
      const errors = mergeErrors(uploadErrors, issueMessages(def, result.issues, request.locale));
      return reply.page(stepPage(def, stepView(def, request.params, draft.answers, stepId, input, errors, fromCheck, uploads), request.csrfToken(), request.locale));
    }
    const answers = withStepAnswers(def, draft.answers, stepId, result.answers);
    await deps.db.transaction({ tenantId: key.tenantId, userId: request.user?.id ?? null }, (tx) => saveAnswers(tx, key.tenantId, draft.id, answers, request.user?.id ?? null, deps.config.draftLifetimeDays));
    if (fromCheck) {
      // A changed answer may open a step that now needs answers; that one comes first.
      const incomplete = firstIncompleteStep(def, answers);
      return seeOther(reply, `${basePath(request.params)}/${incomplete ? `schritt/${incomplete}?von=${fromCheckPage}` : 'pruefen'}`);
    }
    const next = nextStep(def, answers, stepId);
    return seeOther(reply, `${basePath(request.params)}/${next ? `schritt/${next}` : 'pruefen'}`);
  });
}
