/** Pages of "save and continue later" and of opening a resume link. */
import type { Locale } from '../../../platform/i18n/i18n.ts';
import { translator } from '../../../platform/i18n/i18n.ts';
import { platformMessages } from '../../../platform/i18n/platform-messages.ts';
import { formatDate } from '../../../platform/i18n/format.ts';
import { html, type SafeHtml } from '../../../platform/views/html.ts';
import { button, errorSummary, errorOf, postForm, textField, type FieldError } from '../../../platform/views/components.ts';
import { resumeMessages } from './resume-messages.ts';

type Page = { title: string; content: SafeHtml; hasErrors?: boolean; status?: number };

export function saveForLaterPage(
  formTitle: string,
  view: { action: string; back: string; email: string; expiresAt: Date; errors: FieldError[] },
  csrf: string,
  locale: Locale,
): Page {
  const t = translator(resumeMessages, locale);
  const p = translator(platformMessages, locale);
  return {
    title: `${t('saveTitle')} – ${formTitle}`,
    hasErrors: view.errors.length > 0,
    content: html`<p class="kern-body"><a class="kern-link" href="${view.back}">${t('backToForm')}</a></p>
${errorSummary(p('errorSummary.title'), view.errors)}
<h1 class="kern-heading-x-large">${t('saveTitle')}</h1>
<p class="kern-body kern-body--large">${t('saveLead')}</p>
<p class="kern-body">${t('saveExpiry', { date: formatDate(view.expiresAt, locale) })}</p>
${postForm(view.action, csrf, html`${textField({
  name: 'email',
  label: t('emailLabel'),
  hint: t('emailHint'),
  value: view.email,
  type: 'email',
  autocomplete: 'email',
  spellcheck: false,
  error: errorOf(view.errors, 'email'),
  errorPrefix: p('field.errorPrefix'),
})}
${button(t('send'))}`)}`,
  };
}

export function linkSentPage(formTitle: string, back: string, locale: Locale): Page {
  const t = translator(resumeMessages, locale);
  return {
    title: `${t('sentTitle')} – ${formTitle}`,
    content: html`<div class="kern-alert kern-alert--success" role="status">
  <div class="kern-alert__header"><h1 class="kern-title">${t('sentTitle')}</h1></div>
  <div class="kern-alert__body"><p class="kern-body">${t('sentBody')}</p></div>
</div>
<p class="kern-body">${t('sentNoMail')}</p>
<p class="kern-body"><a class="kern-link" href="${back}">${t('backToForm')}</a></p>`,
  };
}

/** A confirm button instead of acting on GET: mail scanners that open links must not use them up. */
export function resumeConfirmPage(formTitle: string, action: string, code: string, csrf: string, locale: Locale): Page {
  const t = translator(resumeMessages, locale);
  return {
    title: `${t('resumeTitle')} – ${formTitle}`,
    content: html`<h1 class="kern-heading-x-large">${t('resumeTitle')}</h1>
<p class="kern-body kern-body--large">${formTitle}</p>
<p class="kern-body">${t('resumeLead')}</p>
${postForm(action, csrf, html`<input type="hidden" name="code" value="${code}">${button(t('resumeButton'))}`)}`,
  };
}

export function resumeInvalidPage(formTitle: string, startHref: string, locale: Locale): Page {
  const t = translator(resumeMessages, locale);
  return {
    title: `${t('resumeInvalidTitle')} – ${formTitle}`,
    status: 410,
    content: html`<h1 class="kern-heading-x-large">${t('resumeInvalidTitle')}</h1>
<p class="kern-body">${t('resumeInvalid')}</p>
<p class="kern-body"><a class="kern-link" href="${startHref}">${t('startAgain')}</a></p>`,
  };
}
