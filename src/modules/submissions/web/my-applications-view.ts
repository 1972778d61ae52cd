/** The page "Meine Anträge": started drafts (to continue on any device) and sent applications. */
import type { Locale } from '../../../platform/i18n/i18n.ts';
import { translator } from '../../../platform/i18n/i18n.ts';
import { formatDate, formatDateTime } from '../../../platform/i18n/format.ts';
import { html, type SafeHtml } from '../../../platform/views/html.ts';
import { postForm } from '../../../platform/views/components.ts';
import type { MyApplications, MyDraft, MySubmission } from '../my-applications.ts';
import { myApplicationsMessages } from './messages.ts';

const formPath = (item: { tenantSlug: string; formSlug: string }) =>
  `/${encodeURIComponent(item.tenantSlug)}/antrag/${encodeURIComponent(item.formSlug)}`;

/** Where "Weiter ausfüllen" posts: the draft moves to this browser (see submissions/resume.ts). */
export const resumeAction = (draft: MyDraft) => `${formPath(draft)}/fortsetzen/${draft.draftId}`;

function draftItem(draft: MyDraft, csrf: string, locale: Locale): SafeHtml {
  const t = translator(myApplicationsMessages, locale);
  return html`<li class="my-application">
  <h3 class="kern-heading-small">${draft.formTitle}</h3>
  <p class="kern-body">${t('authority')}: ${draft.tenantName}</p>
  <p class="kern-body kern-body--small">${t('draftSaved', { date: formatDateTime(draft.updatedAt, locale), expires: formatDate(draft.expiresAt, locale) })}</p>
  ${postForm(resumeAction(draft), csrf, html`<button type="submit" class="kern-btn kern-btn--secondary"><span class="kern-label">${t('resume')}<span class="kern-sr-only">: ${draft.formTitle}</span></span></button>`)}
</li>`;
}

/** What the back office says about a sent application: its status and the status page (cases module). */
export type CaseLink = (item: MySubmission, locale: Locale) => { status: string; href: string } | undefined;

function submissionItem(item: MySubmission, locale: Locale, caseLink: CaseLink): SafeHtml {
  const t = translator(myApplicationsMessages, locale);
  const state = caseLink(item, locale);
  return html`<li class="my-application">
  <h3 class="kern-heading-small">${item.formTitle}</h3>
  <p class="kern-body">${t('reference')}: <strong>${item.reference}</strong> · ${t('authority')}: ${item.tenantName}</p>
  <p class="kern-body kern-body--small">${t('submittedOn', { date: formatDateTime(item.submittedAt, locale) })}</p>
  ${state ? html`<p class="kern-body">${t('status')}: <strong>${state.status}</strong> · <a class="kern-link" href="${state.href}">${t('statusPage')}<span class="kern-sr-only"> ${item.reference}</span></a></p>` : ''}
  <p class="kern-body"><a class="kern-link" href="${formPath(item)}/eingang/${encodeURIComponent(item.reference)}">${t('receipt')}<span class="kern-sr-only"> ${item.reference}</span></a></p>
</li>`;
}

export function myApplicationsPage(list: MyApplications, csrf: string, locale: Locale, caseLink: CaseLink): { title: string; content: SafeHtml } {
  const t = translator(myApplicationsMessages, locale);
  return {
    title: t('title'),
    content: html`<h1 class="kern-heading-x-large">${t('title')}</h1>
<p class="kern-body kern-body--large">${t('lead')}</p>
<h2 class="kern-heading-medium">${t('drafts')}</h2>
${list.drafts.length === 0 ? html`<p class="kern-body">${t('draftsNone')}</p>` : html`<ul class="kern-list my-applications">${list.drafts.map((draft) => draftItem(draft, csrf, locale))}</ul>`}
<h2 class="kern-heading-medium">${t('submitted')}</h2>
${list.submissions.length === 0 ? html`<p class="kern-body">${t('submittedNone')}</p>` : html`<ul class="kern-list my-applications">${list.submissions.map((item) => submissionItem(item, locale, caseLink))}</ul>`}`,
  };
}
