/** The applicant's status page: where the application stands, what happened, the messages, reply and withdraw. */
import type { Locale } from '../../../platform/i18n/i18n.ts';
import { translator } from '../../../platform/i18n/i18n.ts';
import { platformMessages } from '../../../platform/i18n/platform-messages.ts';
import { formatDate, formatDateTime } from '../../../platform/i18n/format.ts';
import { html, type SafeHtml } from '../../../platform/views/html.ts';
import { button, errorOf, errorSummary, notice, postForm, textAreaField, type FieldError } from '../../../platform/views/components.ts';
import type { ApplicantCase } from '../applicant-access.ts';
import { canWithdraw, openStatuses } from '../workflow.ts';
import { eventLabel, statusLabel } from './labels.ts';
import { caseMessages } from './messages.ts';
import { statusPagePath } from '../notify-applicant.ts';
import { decisionMessages } from '../decisions/messages.ts';

export type ApplicantView = {
  found: ApplicantCase;
  action: string;
  accessToken: string | null;
  errors: FieldError[];
  reply: string;
  hint: 'sent' | 'withdrawn' | undefined;
};

/** The portal mailbox: the Bescheid to download, behind the same access as this page. */
function mailbox(view: ApplicantView, decision: NonNullable<ApplicantCase['decision']>, locale: Locale): SafeHtml {
  const d = translator(decisionMessages, locale);
  const href = `${view.action}/bescheid.pdf${view.accessToken ? `?zugang=${view.accessToken}` : ''}`;
  return html`<h2 class="kern-heading-medium">${d('applicant.documents')}</h2>
<p class="kern-body">${d('applicant.decisionLead')}</p>
<ul class="kern-list"><li><strong>${d('applicant.decision', { date: formatDate(decision.issuedAt, locale) })}</strong> · <a class="kern-link" href="${href}">${d('applicant.download')}</a></li></ul>`;
}

export function applicantPageView(view: ApplicantView, csrf: string, locale: Locale): { title: string; content: SafeHtml; hasErrors: boolean } {
  const t = translator(caseMessages, locale);
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
<h1 class="kern-heading-x-large">${t('applicant.title', { reference: found.reference })}</h1>
<p class="kern-body kern-body--large">${t('applicant.lead', { form: found.formTitle, date: formatDate(found.receivedAt, locale) })}</p>
<dl class="kern-description-list"><div class="kern-description-list-item">
  <dt class="kern-description-list-item__key">${t('applicant.status')}</dt>
  <dd class="kern-description-list-item__value"><strong class="applicant-status">${statusLabel(found.status, locale)}</strong></dd>
</div></dl>
${found.openRequest ? notice('warning', t('applicant.openRequest')) : ''}
${found.transferredTo
    ? notice('info', t('applicant.transferred', { tenant: found.transferredTo.name }), html`<a class="kern-link" href="${statusPagePath(found.transferredTo.slug, found.reference)}">${t('applicant.transferredLink', { tenant: found.transferredTo.name })}</a>`)
    : ''}
${found.decision ? mailbox(view, found.decision, locale) : ''}
<h2 class="kern-heading-medium">${t('applicant.messages')}</h2>
${found.messages.length === 0
    ? html`<p class="kern-body">${t('case.noMessages')}</p>`
    : html`<ol class="kern-list case-thread">${found.messages.map((message) => html`<li class="case-message case-message--${message.direction}">
  <p class="kern-body kern-body--small"><strong>${message.direction === 'from_applicant' ? t('applicant.you') : t('applicant.authority')}</strong> · ${formatDateTime(message.createdAt, locale)}</p>
  <p class="kern-body case-message__body">${message.body}</p>
</li>`)}</ol>`}
${open
    ? postForm(`${view.action}/antwort`, csrf, html`${access}${textAreaField({ name: 'antwort', label: found.openRequest ? t('applicant.reply') : t('applicant.message'), value: view.reply, error: errorOf(view.errors, 'antwort'), errorPrefix, rows: 5 })}
${button(t('applicant.send'))}`)
    : ''}
<h2 class="kern-heading-medium">${t('applicant.timeline')}</h2>
<ol class="kern-list case-timeline">${found.events.map((event) => html`<li><span class="kern-body kern-body--small">${formatDateTime(event.occurredAt, locale)}</span> · <span class="kern-body">${eventLabel(event, locale)}</span></li>`)}</ol>
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
