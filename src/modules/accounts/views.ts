import { html, type SafeHtml } from '../../platform/views/html.ts';
import { button, errorOf, errorSummary, notice, postForm, textField, type FieldError } from '../../platform/views/components.ts';
import { translator, type Locale, type Translate } from '../../platform/i18n/i18n.ts';
import { platformMessages } from '../../platform/i18n/platform-messages.ts';
import { issueMessages, type ValidationIssue } from '../../platform/validation.ts';
import type { Membership } from '../../platform/auth/roles.ts';
import { accountMessages } from './messages.ts';

type AccountKey = keyof typeof accountMessages.de;
type Page = { title: string; content: SafeHtml; hasErrors?: boolean };

function tools(locale: Locale) {
  const t = translator(accountMessages, locale);
  const p = translator(platformMessages, locale);
  const messages = accountMessages[locale] as Record<string, string>;
  const errorsFor = (issues: readonly ValidationIssue[]): FieldError[] =>
    issueMessages(
      issues,
      (key, params) => (key in messages ? t(key as AccountKey, params) : undefined),
      locale,
    );
  return { t, p, errorsFor };
}


function heading(title: string, lead?: string): SafeHtml {
  return html`<h1 class="kern-heading-x-large">${title}</h1>${lead ? html`<p class="kern-body kern-body--large">${lead}</p>` : ''}`;
}

export function loginPage(
  locale: Locale,
  csrf: string,
  state: { email?: string; issues?: ValidationIssue[]; failure?: 'failed' | 'unverified' | 'locked'; info?: 'resetDone' | 'verified' | 'loggedOut' | 'loggedOutEverywhere'; back?: string },
): Page {
  const { t, p, errorsFor } = tools(locale);
  const errors = errorsFor(state.issues ?? []);
  if (state.failure === 'failed') errors.push({ field: 'email', message: t('login.failed') });
  if (state.failure === 'locked') errors.push({ field: 'email', message: t('login.locked') });
  const info = state.info ? notice('success', t(`login.${state.info}`)) : '';
  const unverified = state.failure === 'unverified' ? notice('warning', t('login.unverified')) : '';
  return {
    title: t('login.title'),
    hasErrors: errors.length > 0,
    content: html`${errorSummary(p('errorSummary.title'), errors)}${info}${unverified}
${heading(t('login.title'), t('login.lead'))}
${postForm(
  state.back ? `/anmelden?zurueck=${encodeURIComponent(state.back)}` : '/anmelden',
  csrf,
  html`${textField({ name: 'email', label: t('email.label'), type: 'email', autocomplete: 'username', value: state.email, error: errorOf(errors, 'email'), errorPrefix: p('field.errorPrefix'), spellcheck: false })}
${textField({ name: 'password', label: t('password.label'), type: 'password', autocomplete: 'current-password', error: errorOf(errors, 'password'), errorPrefix: p('field.errorPrefix') })}
${button(t('login.submit'))}`,
)}
<p class="kern-body"><a class="kern-link" href="/passwort-vergessen">${t('login.forgot')}</a></p>
<p class="kern-body">${t('login.noAccount')} <a class="kern-link" href="/registrieren">${t('login.register')}</a></p>`,
  };
}

export function registerPage(locale: Locale, csrf: string, state: { displayName?: string; email?: string; issues?: ValidationIssue[] }): Page {
  const { t, p, errorsFor } = tools(locale);
  const errors = errorsFor(state.issues ?? []);
  return {
    title: t('register.title'),
    hasErrors: errors.length > 0,
    content: html`${errorSummary(p('errorSummary.title'), errors)}
${heading(t('register.title'), t('register.lead'))}
${postForm(
  '/registrieren',
  csrf,
  html`${textField({ name: 'displayName', label: t('displayName.label'), hint: t('displayName.hint'), autocomplete: 'name', value: state.displayName, error: errorOf(errors, 'displayName'), errorPrefix: p('field.errorPrefix') })}
${textField({ name: 'email', label: t('email.label'), type: 'email', autocomplete: 'email', value: state.email, error: errorOf(errors, 'email'), errorPrefix: p('field.errorPrefix'), spellcheck: false })}
${textField({ name: 'password', label: t('password.label'), hint: t('password.hint'), type: 'password', autocomplete: 'new-password', error: errorOf(errors, 'password'), errorPrefix: p('field.errorPrefix') })}
${button(t('register.submit'))}`,
)}`,
  };
}

export function messagePage(title: string, body: string, link?: { href: string; label: string }): Page {
  return {
    title,
    content: html`${heading(title)}<p class="kern-body">${body}</p>${link ? html`<p class="kern-body"><a class="kern-link" href="${link.href}">${link.label}</a></p>` : ''}`,
  };
}

export function registeredPage(locale: Locale, email: string): Page {
  const { t } = tools(locale);
  return messagePage(t('register.sentTitle'), t('register.sentBody', { email }));
}

export function confirmEmailPage(locale: Locale, csrf: string, token: string): Page {
  const { t } = tools(locale);
  return {
    title: t('verify.title'),
    content: html`${heading(t('verify.title'), t('verify.lead'))}
${postForm('/konto/bestaetigen', csrf, html`<input type="hidden" name="token" value="${token}">${button(t('verify.submit'))}`)}`,
  };
}

export function forgotPasswordPage(locale: Locale, csrf: string, state: { email?: string; issues?: ValidationIssue[] }): Page {
  const { t, p, errorsFor } = tools(locale);
  const errors = errorsFor(state.issues ?? []);
  return {
    title: t('forgot.title'),
    hasErrors: errors.length > 0,
    content: html`${errorSummary(p('errorSummary.title'), errors)}
${heading(t('forgot.title'), t('forgot.lead'))}
${postForm(
  '/passwort-vergessen',
  csrf,
  html`${textField({ name: 'email', label: t('email.label'), type: 'email', autocomplete: 'email', value: state.email, error: errorOf(errors, 'email'), errorPrefix: p('field.errorPrefix'), spellcheck: false })}
${button(t('forgot.submit'))}`,
)}`,
  };
}

export function resetPasswordPage(locale: Locale, csrf: string, token: string, issues: ValidationIssue[] = []): Page {
  const { t, p, errorsFor } = tools(locale);
  const errors = errorsFor(issues);
  return {
    title: t('reset.title'),
    hasErrors: errors.length > 0,
    content: html`${errorSummary(p('errorSummary.title'), errors)}
${heading(t('reset.title'))}
${postForm(
  '/passwort-zuruecksetzen',
  csrf,
  html`<input type="hidden" name="token" value="${token}">
${textField({ name: 'password', label: t('password.label'), hint: t('password.hint'), type: 'password', autocomplete: 'new-password', error: errorOf(errors, 'password'), errorPrefix: p('field.errorPrefix') })}
${button(t('reset.submit'))}`,
)}`,
  };
}

function roleList(t: Translate<AccountKey>, memberships: Membership[]): SafeHtml {
  return html`<ul class="kern-list">${memberships.map((m) => html`<li>${m.tenantName}: ${t(`role.${m.role}`)}</li>`)}</ul>`;
}

export function accountPage(
  locale: Locale,
  user: { displayName: string; email: string; emailVerified: boolean },
  memberships: Membership[],
  csrf: string,
): Page {
  const { t } = tools(locale);
  const item = (key: string, value: string) =>
    html`<div class="kern-description-list-item"><dt class="kern-description-list-item__key">${key}</dt><dd class="kern-description-list-item__value">${value}</dd></div>`;
  return {
    title: t('account.title'),
    content: html`${heading(t('account.title'))}
<dl class="kern-description-list">
  ${item(t('account.name'), user.displayName)}
  ${item(t('account.email'), `${user.email} (${user.emailVerified ? t('account.verified') : t('account.unverified')})`)}
</dl>
<h2 class="kern-heading-medium"><a class="kern-link" href="/konto/antraege">${t('account.applications')}</a></h2>
<p class="kern-body">${t('account.applicationsLead')}</p>
${memberships.length > 0 ? html`<h2 class="kern-heading-medium">${t('account.memberships')}</h2>${roleList(t, memberships)}` : ''}
<h2 class="kern-heading-medium">${t('account.sessionsTitle')}</h2>
<p class="kern-body">${t('account.sessionsLead')}</p>
${postForm('/konto/abmelden-ueberall', csrf, button(t('account.logoutEverywhere'), 'secondary'))}`,
  };
}

/** The back office's entry: the tasks the staff member's roles allow, then the roles themselves. */
export function backOfficeHomePage(locale: Locale, user: { displayName: string }, memberships: Membership[], districtId: string | null): Page {
  const { t } = tools(locale);
  const editors = memberships.filter((m) => m.role === 'admin' || m.role === 'coordinator');
  const caseStaff = memberships.filter((m) => m.role === 'admin' || m.role === 'caseworker' || m.role === 'reader');
  const tasks = [
    ...(caseStaff.length > 0 ? [{ href: '/verwaltung/vorgaenge', label: t('backOffice.cases') }] : []),
    ...(memberships.some((m) => m.role === 'admin' || m.role === 'records_manager') ? [{ href: '/verwaltung/akten', label: t('backOffice.records') }] : []),
    ...(editors.length > 0 ? [{ href: '/verwaltung/angebote', label: t('backOffice.offers') }, { href: '/verwaltung/dienststellen', label: t('backOffice.offices') }, { href: '/verwaltung/formulare', label: t('backOffice.forms') }] : []),
    ...(editors.some((m) => m.tenantId === districtId) ? [{ href: '/verwaltung/zustaendigkeiten', label: t('backOffice.rules') }] : []),
    ...(editors.length > 0 ? [{ href: '/verwaltung/vorgaenge/einstellungen', label: t('backOffice.caseSettings') }] : []),
    ...(memberships.some((m) => m.role === 'admin') ? [{ href: '/verwaltung/api-zugaenge', label: t('backOffice.apiClients') }] : []),
    ...(memberships.some((m) => m.role === 'coordinator') ? [{ href: '/kooperation', label: t('backOffice.hub') }] : []),
  ];
  return {
    title: t('backOffice.title'),
    content: html`${heading(t('backOffice.title'), t('backOffice.lead', { name: user.displayName }))}
${tasks.length > 0 ? html`<h2 class="kern-heading-medium">${t('backOffice.tasks')}</h2><ul class="kern-list">${tasks.map((task) => html`<li><a class="kern-link" href="${task.href}">${task.label}</a></li>`)}</ul>` : ''}
<h2 class="kern-heading-medium">${t('account.memberships')}</h2>${roleList(t, memberships)}`,
  };
}
