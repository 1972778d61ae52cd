/**
 * The case page for staff: facts, the answers as the applicant gave them (rendered from the form
 * version used), the message thread, the timeline, and the actions the person may take. Every
 * action is its own small POST form, so the page works without JavaScript and an error shows
 * beside the action it belongs to.
 */
import type { Locale } from '../../../platform/i18n/i18n.ts';
import { translator } from '../../../platform/i18n/i18n.ts';
import { platformMessages } from '../../../platform/i18n/platform-messages.ts';
import { formatDate, formatDateTime, formatNumber } from '../../../platform/i18n/format.ts';
import { html, type SafeHtml } from '../../../platform/views/html.ts';
import { button, errorOf, errorSummary, notice, postForm, selectField, textAreaField, textField, uploadForm, type FieldError } from '../../../platform/views/components.ts';
import { checkYourAnswers } from '../../forms/runtime/summary.ts';
import { summaryList } from '../../forms/web/summary-view.ts';
import type { CaseDetail, CaseEvent, CaseMessage } from '../case-store.ts';
import { isPreviewable } from '../../../platform/http/file-response.ts';
import type { CaseFile } from '../case-files.ts';
import { positionValue, targetsFrom } from '../status-model/model.ts';
import { openStatuses } from '../workflow.ts';
import { eventLabel, positionLabel } from './labels.ts';
import { caseMessages } from './messages.ts';
import { messageFileInput, messageFileLinks } from './message-parts.ts';
import type { Decision } from '../decisions/decision-store.ts';
import { decisionMessages } from '../decisions/messages.ts';

export type CaseView = {
  detail: CaseDetail;
  events: CaseEvent[];
  messages: CaseMessage[];
  files: CaseFile[];
  staff: { id: string; name: string }[];
  offices: { id: string; name: string }[];
  /** The other authorities of the district a case can be handed to. */
  tenants: { id: string; name: string }[];
  canAct: boolean;
  errors: FieldError[];
  values: Record<string, string>;
  saved: boolean;
  decision: Decision | undefined;
  /** Allowed types, size and number of files for a message. */
  fileHint: string;
};

function fact(key: string, value: SafeHtml | string): SafeHtml {
  return html`<div class="kern-description-list-item"><dt class="kern-description-list-item__key">${key}</dt><dd class="kern-description-list-item__value">${value}</dd></div>`;
}

function facts(view: CaseView, locale: Locale): SafeHtml {
  const t = translator(caseMessages, locale);
  const d = view.detail;
  return html`<h2 class="kern-heading-medium">${t('case.facts')}</h2>
<dl class="kern-description-list">
  ${fact(t('case.status'), html`<strong>${positionLabel(d.statusModel, { status: d.status, step: d.statusStep }, locale)}</strong>`)}
  ${fact(t('case.form'), d.formTitle)}
  ${fact(t('case.applicant'), d.applicantName || '–')}
  ${d.applicantEmail ? fact(t('case.email'), d.applicantEmail) : ''}
  ${fact(t('case.received'), formatDateTime(d.receivedAt, locale))}
  ${fact(t('case.due'), d.dueAt ? formatDate(d.dueAt, locale) : t('case.noDue'))}
  ${fact(t('case.office'), d.officeName ?? t('case.noOffice'))}
  ${fact(t('case.assignee'), d.assigneeName ?? t('case.nobody'))}
  ${fact(t('case.consent'), d.portalConsent === null ? t('case.consentNone') : d.portalConsent ? t('case.consentGranted') : t('case.consentDeclined'))}
  ${d.decisionDelivery
    ? fact(t('case.delivery'), d.decisionDelivery === 'post_required' && d.postReason
      ? html`<strong>${t('delivery.post_required', { reason: t(`postReason.${d.postReason}`) })}</strong>`
      : t(`delivery.${d.decisionDelivery}`))
    : ''}
</dl>`;
}

function thread(messages: CaseMessage[], caseId: string, locale: Locale): SafeHtml {
  const t = translator(caseMessages, locale);
  if (messages.length === 0) return html`<p class="kern-body">${t('case.noMessages')}</p>`;
  return html`<ol class="kern-list case-thread">${messages.map((message) => html`<li class="case-message case-message--${message.direction}">
  <p class="kern-body kern-body--small"><strong>${message.direction === 'from_applicant' ? t('case.fromApplicant') : (message.authorName ?? t('case.toApplicant'))}</strong>
  · ${formatDateTime(message.createdAt, locale)}${message.requestsReply ? html` · ${t('case.requestsReply')}` : ''}</p>
  ${message.body ? html`<p class="kern-body case-message__body">${message.body}</p>` : ''}
  ${messageFileLinks(message.files, (file) => `/verwaltung/vorgaenge/${caseId}/nachrichtendateien/${file.id}`, true, locale)}
</li>`)}</ol>`;
}

function timeline(view: CaseView, locale: Locale): SafeHtml {
  const names = new Map(view.staff.map((person) => [person.id, person.name]));
  return html`<ol class="kern-list case-timeline">${view.events.map((event) => html`<li>
  <span class="kern-body kern-body--small">${formatDateTime(event.occurredAt, locale)}${event.actorName ? html` · ${event.actorName}` : ''}</span><br>
  <span class="kern-body">${eventLabel(event, locale, names)}</span>
  ${event.kind === 'note' && typeof event.data.text === 'string' ? html`<br><span class="kern-body case-note">${event.data.text}</span>` : ''}
  ${event.kind === 'office_changed' && typeof event.data.reason === 'string' ? html`<br><span class="kern-body">${event.data.reason}</span>` : ''}
</li>`)}</ol>`;
}

/** Where the decision stands, and the way to its page (src/modules/cases/decisions). */
function decisionSection(view: CaseView, locale: Locale): SafeHtml {
  const t = translator(caseMessages, locale);
  const d = translator(decisionMessages, locale);
  const decision = view.decision;
  const href = `/verwaltung/vorgaenge/${view.detail.id}/bescheid`;
  return html`<h2 class="kern-heading-medium">${t('case.decision')}</h2>
<p class="kern-body">${decision ? html`${t('case.decisionState', { state: d(`state.${decision.status}`) })} · ${d(`outcome.${decision.outcome}`)}` : t('case.decisionNone')}</p>
<p class="kern-body"><a class="kern-link" href="${href}">${decision || !view.canAct ? t('case.decisionOpen') : t('case.decisionStart')}</a></p>`;
}

function actions(view: CaseView, csrf: string, locale: Locale): SafeHtml {
  const t = translator(caseMessages, locale);
  const errorPrefix = translator(platformMessages, locale)('field.errorPrefix');
  const base = `/verwaltung/vorgaenge/${view.detail.id}`;
  const d = view.detail;
  const transitions = targetsFrom(d.statusModel, { status: d.status, step: d.statusStep });
  const errors = view.errors;
  return html`<h2 class="kern-heading-medium">${t('case.actions')}</h2>
<section aria-labelledby="h-status"><h3 class="kern-heading-small" id="h-status">${t('case.changeStatus')}</h3>
${transitions.length === 0
    ? html`<p class="kern-body">${t('case.noTransitions')}</p>`
    : postForm(`${base}/status`, csrf, html`${selectField({ name: 'status', label: t('case.newStatus'), choices: transitions.map((target) => ({ value: positionValue(target), label: positionLabel(d.statusModel, target, locale) })), error: errorOf(errors, 'status'), errorPrefix })}
${button(t('case.save'), 'secondary')}`)}
</section>
<section aria-labelledby="h-message"><h3 class="kern-heading-small" id="h-message">${t('case.message')}</h3>
${uploadForm(`${base}/nachricht`, csrf, html`${textAreaField({ name: 'message', label: t('case.message'), hint: t('case.messageHint'), value: view.values.message, error: errorOf(errors, 'message'), errorPrefix, rows: 5 })}
${messageFileInput({ label: t('case.messageFiles'), hint: view.fileHint, error: errorOf(errors, 'dateien'), errorPrefix })}
<div class="kern-form-check">
  <input class="kern-form-check__checkbox" type="checkbox" id="f-rueckfrage" name="rueckfrage" value="ja">
  <label class="kern-label" for="f-rueckfrage">${t('case.requestReply')}</label>
</div>
${button(t('case.messageSend'), 'secondary')}`)}
</section>
<section aria-labelledby="h-assign"><h3 class="kern-heading-small" id="h-assign">${t('case.assign')}</h3>
${postForm(`${base}/zuweisung`, csrf, html`${selectField({
    name: 'assignee',
    label: t('case.assignTo'),
    value: view.detail.assigneeId ?? '',
    choices: [{ value: '', label: t('case.assignNobody') }, ...view.staff.map((person) => ({ value: person.id, label: person.name }))],
    error: errorOf(errors, 'assignee'),
    errorPrefix,
  })}
${button(t('case.save'), 'secondary')}`)}
</section>
<section aria-labelledby="h-due"><h3 class="kern-heading-small" id="h-due">${t('case.dueSet')}</h3>
${postForm(`${base}/frist`, csrf, html`${textField({ name: 'due', label: t('case.dueDate'), value: view.values.due, error: errorOf(errors, 'due'), width: 4, errorPrefix })}
${button(t('case.save'), 'secondary')}`)}
</section>
${view.offices.length > 1
    ? html`<section aria-labelledby="h-move"><h3 class="kern-heading-small" id="h-move">${t('case.move')}</h3>
${postForm(`${base}/dienststelle`, csrf, html`${selectField({ name: 'office', label: t('case.moveOffice'), value: view.values.office ?? view.detail.officeId ?? '', choices: view.offices.map((office) => ({ value: office.id, label: office.name })), error: errorOf(errors, 'office'), errorPrefix })}
${textField({ name: 'reason', label: t('case.moveReason'), value: view.values.reason, error: errorOf(errors, 'reason'), errorPrefix })}
${button(t('case.save'), 'secondary')}`)}
</section>`
    : ''}
${openStatuses.includes(view.detail.status) && view.tenants.length > 0
    ? html`<section aria-labelledby="h-transfer"><h3 class="kern-heading-small" id="h-transfer">${t('case.transfer')}</h3>
<p class="kern-body">${t('case.transferHint')}</p>
${postForm(`${base}/abgabe`, csrf, html`${selectField({ name: 'tenant', label: t('case.transferTenant'), value: view.values.tenant ?? '', placeholder: '', choices: view.tenants.map((tenant) => ({ value: tenant.id, label: tenant.name })), error: errorOf(errors, 'tenant'), errorPrefix })}
${textField({ name: 'transferReason', label: t('case.transferReason'), value: view.values.transferReason, error: errorOf(errors, 'transferReason'), errorPrefix })}
${button(t('case.transferSend'), 'secondary')}`)}
</section>`
    : ''}
<section aria-labelledby="h-note"><h3 class="kern-heading-small" id="h-note">${t('case.note')}</h3>
${postForm(`${base}/notiz`, csrf, html`${textAreaField({ name: 'note', label: t('case.note'), hint: t('case.noteHint'), value: view.values.note, error: errorOf(errors, 'note'), errorPrefix, rows: 3 })}
${button(t('case.noteAdd'), 'secondary')}`)}
</section>`;
}

export function casePageView(view: CaseView, csrf: string, locale: Locale): { title: string; content: SafeHtml; hasErrors: boolean } {
  const t = translator(caseMessages, locale);
  const p = translator(platformMessages, locale);
  const d = view.detail;
  return {
    title: t('case.title', { reference: d.reference }),
    hasErrors: view.errors.length > 0,
    content: html`<p class="kern-body"><a class="kern-link" href="/verwaltung/vorgaenge">${t('case.back')}</a></p>
${errorSummary(p('errorSummary.title'), view.errors)}
${view.saved ? notice('success', t('case.saved')) : ''}
${d.decisionDelivery === 'post_required' ? notice('warning', t('case.postNotice'), html`<a class="kern-link" href="/verwaltung/vorgaenge/postversand">${t('case.postLink')}</a>`) : ''}
<h1 class="kern-heading-x-large">${t('case.title', { reference: d.reference })}</h1>
${facts(view, locale)}
<h2 class="kern-heading-medium">${t('case.answers')}</h2>
${summaryList(checkYourAnswers(d.definition, d.answers, locale))}
<h2 class="kern-heading-medium">${t('case.files')}</h2>
${view.files.length === 0
    ? html`<p class="kern-body">${t('case.noFiles')}</p>`
    : html`<ul class="kern-list">${view.files.map((file) => html`<li><a class="kern-link" href="/verwaltung/vorgaenge/${d.id}/dateien/${file.id}">${file.name}</a>
  <span class="kern-body kern-body--small">(${file.mediaType}, ${formatNumber(Math.max(1, Math.round(file.size / 1024)), locale)} KB, ${isPreviewable(file.mediaType) ? t('case.fileOpen') : t('case.fileDownload')})</span></li>`)}</ul>`}
<h2 class="kern-heading-medium">${t('case.messages')}</h2>
${thread(view.messages, d.id, locale)}
${decisionSection(view, locale)}
${view.canAct ? actions(view, csrf, locale) : notice('info', t('case.readOnly'))}
<h2 class="kern-heading-medium">${t('case.timeline')}</h2>
${timeline(view, locale)}`,
  };
}
