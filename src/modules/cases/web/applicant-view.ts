/** The applicant's status page: where the application stands, what happened, the messages, reply and withdraw. */
import type { Locale } from '../../../platform/i18n/i18n.ts';
import { translator } from '../../../platform/i18n/i18n.ts';
import { platformMessages } from '../../../platform/i18n/platform-messages.ts';
import { formatDate, formatDateTime } from '../../../platform/i18n/format.ts';
import { html, type SafeHtml } from '../../../platform/views/html.ts';
import { button, errorOf, errorSummary, notice, postForm, radioGroup, textAreaField, uploadForm, type FieldError } from '../../../platform/views/components.ts';
import type { ApplicantCase } from '../applicant-access.ts';
import { canWithdraw, openStatuses } from '../workflow.ts';
import { eventLabel, statusWithStep } from './labels.ts';
import { applicantMessages } from './applicant-messages.ts';
import { messageFileInput, messageFileLinks } from './message-parts.ts';
import { statusPagePath } from '../notify-applicant.ts';
import { decisionMessages } from '../decisions/messages.ts';

export type ApplicantView = {
  found: ApplicantCase;
  action: string;
  accessToken: string | null;
  errors: FieldError[];
  reply: string;
  hint: 'sent' | 'withdrawn' | 'consent' | undefined;
  /** Allowed types, size and number of files for an answer. */
  fileHint: string;
};

/** `?zugang=…` for links that must carry the notice link's secret. */
function accessQuery(view: ApplicantView): string {
  return view.accessToken ? `?zugang=${view.accessToken}` : '';
}

/**
 * The one-time choice how the Bescheid reaches the applicant (§ 41 Abs. 2a VwVfG, portal-consent.ts),
 * or the choice made. Not asked where no Bescheid will come from this authority.
 */
function consentSection(view: ApplicantView, csrf: string, locale: Locale): SafeHtml {
  const t = translator(applicantMessages, locale);
  const found = view.found;
  if (found.portalConsent !== null && found.portalConsentAt) {
    return html`<h2 class="kern-heading-medium">${t('consent.title')}</h2>
<p class="kern-body">${t(found.portalConsent ? 'consent.granted' : 'consent.declined', { date: formatDate(found.portalConsentAt, locale) })}</p>`;
  }
  if (found.status === 'abgegeben' || found.status === 'zurueckgezogen') return html``;
  const errorPrefix = translator(platformMessages, locale)('field.errorPrefix');
  const access = view.accessToken ? html`<input type="hidden" name="zugang" value="${view.accessToken}">` : '';
  return html`<h2 class="kern-heading-medium">${t('consent.title')}</h2>
<p class="kern-body">${t('consent.lead')}</p>
${postForm(`${view.action}/einwilligung`, csrf, html`${access}${radioGroup({
    name: 'einwilligung',
    legend: t('consent.question'),
    hint: t('consent.hint'),
    choices: [{ value: 'ja', label: t('consent.yes') }, { value: 'nein', label: t('consent.no') }],
    error: errorOf(view.errors, 'einwilligung'),
    errorPrefix,
  })}
${button(t('consent.save'), 'secondary')}`)}`;
}

/** The portal mailbox: the Bescheid to download, behind the same access as this page. */
function mailbox(view: ApplicantView, decision: NonNullable<ApplicantCase['decision']>, locale: Locale): SafeHtml {
  const d = translator(decisionMessages, locale);
  const href = `${view.action}/bescheid.pdf${accessQuery(view)}`;
  return html`<h2 class="kern-heading-medium">${d('applicant.documents')}</h2>
<p class="kern-body">${d('applicant.decisionLead')}</p>
<ul class="kern-list"><li><strong>${d('applicant.decision', { date: formatDate(decision.issuedAt, locale) })}</strong> · <a class="kern-link" href="${href}">${d('applicant.download')}</a></li></ul>`;
}

export function applicantPageView(view: ApplicantView, csrf: string, locale: Locale): { title: string; content: SafeHtml; hasErrors: boolean } {
  const t = translator(applicantMessages, locale);
  const p = translator(platformMessages, locale);
  const errorPrefix = p('field.errorPrefix');
  const found = view.found;
  const access = view.accessToken ? html`<input type="hidden" name="zugang" value="${view.accessToken}">` : '';
  const open = openStatuses.includes(found.status);
  return {
    title: t('applicant.title', { reference: found.reference }),
    hasErrors: view.errors.length > 0,
    content: html`${errorSummary(p('errorSummary.title'), view.errors)}
${view.hint === 'sent' ? notice('success', t('applicant.sent')) : ''}
${view.hint === 'withdrawn' ? notice('success', t('applicant.withdrawn')) : ''}
${view.hint === 'consent' ? notice('success', t('consent.saved')) : ''}
<h1 class="kern-heading-x-large">${t('applicant.title', { reference: found.reference })}</h1>
<p class="kern-body kern-body--large">${t('applicant.lead', { form: found.formTitle, date: formatDate(found.receivedAt, locale) })}</p>
<dl class="kern-description-list"><div class="kern-description-list-item">
  <dt class="kern-description-list-item__key">${t('applicant.status')}</dt>
  <dd class="kern-description-list-item__value"><strong class="applicant-status">${statusWithStep(found.status, found.step, locale)}</strong></dd>
</div></dl>
${found.openRequest ? notice('warning', t('applicant.openRequest')) : ''}
${found.transferredTo
    ? notice('info', t('applicant.transferred', { tenant: found.transferredTo.name }), html`<a class="kern-link" href="${statusPagePath(found.transferredTo.slug, found.reference)}">${t('applicant.transferredLink', { tenant: found.transferredTo.name })}</a>`)
    : ''}
${found.decision ? mailbox(view, found.decision, locale) : ''}
${found.byPost ? notice('info', t('applicant.byPost')) : ''}
${consentSection(view, csrf, locale)}
<h2 class="kern-heading-medium">${t('applicant.messages')}</h2>
${found.messages.length === 0
    ? html`<p class="kern-body">${t('applicant.noMessages')}</p>`
    : html`<ol class="kern-list case-thread">${found.messages.map((message) => html`<li class="case-message case-message--${message.direction}">
  <p class="kern-body kern-body--small"><strong>${message.direction === 'from_applicant' ? t('applicant.you') : t('applicant.authority')}</strong> · ${formatDateTime(message.createdAt, locale)}</p>
  ${message.body ? html`<p class="kern-body case-message__body">${message.body}</p>` : ''}
  ${messageFileLinks(message.files, (file) => `${view.action}/dateien/${file.id}${accessQuery(view)}`, false, locale)}
</li>`)}</ol>`}
${open
    ? uploadForm(`${view.action}/antwort`, csrf, html`${access}${textAreaField({ name: 'antwort', label: found.openRequest ? t('applicant.reply') : t('applicant.message'), value: view.reply, error: errorOf(view.errors, 'antwort'), errorPrefix, rows: 5 })}
${messageFileInput({ label: t('applicant.files'), hint: view.fileHint, error: errorOf(view.errors, 'dateien'), errorPrefix })}
${button(t('applicant.send'))}`)
    : ''}
<h2 class="kern-heading-medium">${t('applicant.timeline')}</h2>
<ol class="kern-list case-timeline">${found.events.map((event) => html`<li><span class="kern-body kern-body--small">${formatDateTime(event.occurredAt, locale)}</span> · <span class="kern-body">${eventLabel(event, locale, new Map(), true)}</span></li>`)}</ol>
${canWithdraw(found.status)
    ? html`<h2 class="kern-heading-medium">${t('applicant.withdraw')}</h2>
<p class="kern-body">${t('applicant.withdrawLead')}</p>
${postForm(`${view.action}/zurueckziehen`, csrf, html`${access}<div class="kern-form-check${errorOf(view.errors, 'bestaetigung') ? ' kern-form-check--error' : ''}">
  ${errorOf(view.errors, 'bestaetigung') ? html`<p class="kern-error" id="f-bestaetigung-error"><span class="kern-sr-only">${errorPrefix} </span>${errorOf(view.errors, 'bestaetigung')}</p>` : ''}
  <input class="kern-form-check__checkbox" type="checkbox" id="f-bestaetigung" name="bestaetigung" value="ja"${errorOf(view.errors, 'bestaetigung') ? html` aria-describedby="f-bestaetigung-error" aria-invalid="true"` : ''}>
  <label class="kern-label" for="f-bestaetigung">${t('applicant.withdrawConfirm')}</label>
</div>
${button(t('applicant.withdraw'), 'secondary')}`)}`
    : ''}`,
  };
}
