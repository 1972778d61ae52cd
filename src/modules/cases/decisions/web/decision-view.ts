/**
 * The decision page of a case for staff (/verwaltung/vorgaenge/:caseId/bescheid): start a draft,
 * edit it, submit it or issue it; approve or return a submitted one; download the issued PDF.
 * Plain POST forms, so it works without JavaScript; errors show beside their field and in the
 * summary at the top (WCAG 2.1 SC 3.3.1).
 */
import { formatDate, formatDateTime } from '../../../../platform/i18n/format.ts';
import { translator, type Locale } from '../../../../platform/i18n/i18n.ts';
import { platformMessages } from '../../../../platform/i18n/platform-messages.ts';
import { html, type SafeHtml } from '../../../../platform/views/html.ts';
import { errorOf, errorSummary, notice, postForm, radioGroup, selectField, textAreaField, type FieldError } from '../../../../platform/views/components.ts';
import type { CaseDetail } from '../../case-store.ts';
import type { Decision } from '../decision-store.ts';
import { outcomes } from '../decision-store.ts';
import { decisionMessages } from '../messages.ts';

export type DecisionHint = 'saved' | 'submitted' | 'returned' | 'issued';

export type DecisionPageView = {
  detail: CaseDetail;
  decision: Decision | undefined;
  /** The service's current rule (the draft follows it when it is submitted or issued). */
  fourEyes: boolean;
  englishTemplate: boolean;
  canAct: boolean;
  userId: string;
  errors: FieldError[];
  values: Record<string, string>;
  hint: DecisionHint | undefined;
};

export const decisionPath = (caseId: string) => `/verwaltung/vorgaenge/${caseId}/bescheid`;

function namedButton(label: string, value: string, variant: 'primary' | 'secondary'): SafeHtml {
  return html`<button type="submit" class="kern-btn kern-btn--${variant}" name="schritt" value="${value}"><span class="kern-label">${label}</span></button>`;
}

function fact(key: string, value: string): SafeHtml {
  return html`<div class="kern-description-list-item"><dt class="kern-description-list-item__key">${key}</dt><dd class="kern-description-list-item__value">${value}</dd></div>`;
}

function textBlocks(text: string): SafeHtml {
  const parts = text.split(/\n\s*\n/).map((part) => part.trim()).filter(Boolean);
  return html`${parts.map((part) => html`<p class="kern-body decision-text">${part}</p>`)}`;
}

/** The decision's text as it stands, for approvers, readers and after issue. */
function readOnlyText(decision: Decision, locale: Locale): SafeHtml {
  const t = translator(decisionMessages, locale);
  return html`<h3 class="kern-heading-small">${t('page.tenor')}</h3>${textBlocks(decision.tenor)}
${decision.reasons.trim() ? html`<h3 class="kern-heading-small">${t('page.reasons')}</h3>${textBlocks(decision.reasons)}` : ''}
<h3 class="kern-heading-small">${t('page.legalRemedy')}</h3>${textBlocks(decision.legalRemedy)}`;
}

function startForm(view: DecisionPageView, csrf: string, locale: Locale): SafeHtml {
  const t = translator(decisionMessages, locale);
  const errorPrefix = translator(platformMessages, locale)('field.errorPrefix');
  const choices = outcomes.map((outcome) => ({ value: outcome, label: t(`outcome.${outcome}`) }));
  return html`<h2 class="kern-heading-medium">${t('page.start')}</h2>
<p class="kern-body">${t('page.startLead')}</p>
${postForm(`${decisionPath(view.detail.id)}/entwurf`, csrf, html`${radioGroup({ name: 'outcome', legend: t('page.outcome'), choices, value: view.values.outcome, error: errorOf(view.errors, 'outcome'), errorPrefix })}
${view.englishTemplate
    ? selectField({ name: 'language', label: t('page.language'), value: view.values.language ?? 'de', choices: [{ value: 'de', label: t('page.languageDe') }, { value: 'en', label: t('page.languageEn') }], error: errorOf(view.errors, 'language'), errorPrefix })
    : html`<input type="hidden" name="language" value="de">`}
<button type="submit" class="kern-btn kern-btn--primary"><span class="kern-label">${t('page.create')}</span></button>`)}`;
}

function draftForm(view: DecisionPageView, decision: Decision, csrf: string, locale: Locale): SafeHtml {
  const t = translator(decisionMessages, locale);
  const errorPrefix = translator(platformMessages, locale)('field.errorPrefix');
  const value = (name: string, fallback: string) => view.values[name] ?? fallback;
  const choices = outcomes.map((outcome) => ({ value: outcome, label: t(`outcome.${outcome}`) }));
  return html`<h2 class="kern-heading-medium">${t('page.edit')}</h2>
${decision.returnComment && decision.returnedAt
    ? notice('warning', t('page.returnedBy', { name: decision.returnedByName ?? '–', date: formatDateTime(decision.returnedAt, locale) }), html`<p class="kern-body">${decision.returnComment}</p>`)
    : ''}
${notice('info', view.fourEyes ? t('page.fourEyesInfo') : t('page.directInfo'))}
${postForm(decisionPath(view.detail.id), csrf, html`${radioGroup({ name: 'outcome', legend: t('page.outcome'), choices, value: value('outcome', decision.outcome), error: errorOf(view.errors, 'outcome'), errorPrefix })}
${textAreaField({ name: 'tenor', label: t('page.tenor'), hint: t('page.tenorHint'), value: value('tenor', decision.tenor), error: errorOf(view.errors, 'tenor'), errorPrefix, rows: 8 })}
${textAreaField({ name: 'reasons', label: t('page.reasons'), hint: t('page.reasonsHint'), value: value('reasons', decision.reasons), error: errorOf(view.errors, 'reasons'), errorPrefix, rows: 12 })}
${textAreaField({ name: 'legalRemedy', label: t('page.legalRemedy'), hint: t('page.legalRemedyHint'), value: value('legalRemedy', decision.legalRemedy), error: errorOf(view.errors, 'legalRemedy'), errorPrefix, rows: 6 })}
<div class="decision-buttons">
${namedButton(t('page.save'), 'speichern', 'secondary')}
${namedButton(t('page.submit'), 'vorlegen', view.fourEyes ? 'primary' : 'secondary')}
${view.fourEyes ? '' : namedButton(t('page.issue'), 'erlassen', 'primary')}
</div>`)}`;
}

function approvalForms(view: DecisionPageView, decision: Decision, csrf: string, locale: Locale): SafeHtml {
  const t = translator(decisionMessages, locale);
  const errorPrefix = translator(platformMessages, locale)('field.errorPrefix');
  const own = decision.draftedBy === view.userId;
  return html`${own
    ? notice('info', t('page.ownDraft'))
    : html`<section aria-labelledby="h-approve"><h3 class="kern-heading-small" id="h-approve">${t('page.approveTitle')}</h3>
${postForm(`${decisionPath(view.detail.id)}/freigabe`, csrf, html`<input type="hidden" name="stand" value="${decision.updatedAt.toISOString()}">
<button type="submit" class="kern-btn kern-btn--primary"><span class="kern-label">${t('page.approve')}</span></button>`)}
</section>`}
<section aria-labelledby="h-return"><h3 class="kern-heading-small" id="h-return">${t('page.returnTitle')}</h3>
${postForm(`${decisionPath(view.detail.id)}/rueckgabe`, csrf, html`${textAreaField({ name: 'comment', label: t('page.returnComment'), value: view.values.comment, error: errorOf(view.errors, 'comment'), errorPrefix, rows: 4 })}
<button type="submit" class="kern-btn kern-btn--secondary"><span class="kern-label">${t('page.return')}</span></button>`)}
</section>`;
}

function body(view: DecisionPageView, csrf: string, locale: Locale): SafeHtml {
  const t = translator(decisionMessages, locale);
  const decision = view.decision;
  if (!decision) return view.canAct ? startForm(view, csrf, locale) : html`<p class="kern-body">${t('section.none')}</p>`;
  if (decision.status === 'issued') {
    return html`<p class="kern-body"><a class="kern-link" href="${decisionPath(view.detail.id)}.pdf">${t('page.download')}</a></p>
<h2 class="kern-heading-medium">${t('page.text')}</h2>${readOnlyText(decision, locale)}`;
  }
  if (!view.canAct) return html`${notice('info', t('page.readOnly'))}<h2 class="kern-heading-medium">${t('page.text')}</h2>${readOnlyText(decision, locale)}`;
  if (decision.status === 'draft') return draftForm(view, decision, csrf, locale);
  return html`${notice('info', t('page.awaiting'))}
<h2 class="kern-heading-medium">${t('page.text')}</h2>${readOnlyText(decision, locale)}
${approvalForms(view, decision, csrf, locale)}`;
}

const hintKeys = { saved: 'page.saved', submitted: 'page.submitted', returned: 'page.returned', issued: 'page.issued' } as const;

export function decisionPageView(view: DecisionPageView, csrf: string, locale: Locale): { title: string; content: SafeHtml; hasErrors: boolean } {
  const t = translator(decisionMessages, locale);
  const p = translator(platformMessages, locale);
  const d = view.detail;
  const decision = view.decision;
  return {
    title: t('page.title', { reference: d.reference }),
    hasErrors: view.errors.length > 0,
    content: html`<p class="kern-body"><a class="kern-link" href="/verwaltung/vorgaenge/${d.id}">${t('page.back')}</a></p>
${errorSummary(p('errorSummary.title'), view.errors)}
${view.hint ? notice('success', t(hintKeys[view.hint])) : ''}
<h1 class="kern-heading-x-large" id="f-decision" tabindex="-1">${t('page.title', { reference: d.reference })}</h1>
<dl class="kern-description-list">
  ${fact(t('page.case'), `${d.reference} · ${d.formTitle}`)}
  ${fact(t('page.applicant'), d.applicantName || '–')}
  ${fact(t('page.state'), decision ? t(`state.${decision.status}`) : t('section.none'))}
  ${decision ? fact(t('page.outcome'), t(`outcome.${decision.outcome}`)) : ''}
  ${decision ? fact(t('page.draftedBy'), `${decision.draftedByName} · ${formatDateTime(decision.draftedAt, locale)}`) : ''}
  ${decision?.approvedByName && decision.approvedAt ? fact(t('page.approvedBy'), `${decision.approvedByName} · ${formatDateTime(decision.approvedAt, locale)}`) : ''}
  ${decision?.issuedAt ? fact(t('page.issuedAt'), formatDate(decision.issuedAt, locale)) : ''}
  ${decision?.status !== 'issued' ? fact(t('page.fourEyes'), view.fourEyes || decision?.status === 'awaiting_approval' ? t('page.fourEyesYes') : t('page.fourEyesNo')) : ''}
</dl>
${body(view, csrf, locale)}`,
  };
}
