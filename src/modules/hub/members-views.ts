import { html } from '../../platform/views/html.ts';
import { button, errorSummary, notice, postForm, textAreaField, textField } from '../../platform/views/components.ts';
import { formatDate } from '../../platform/i18n/format.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import type { ValidationIssue } from '../../platform/validation.ts';
import { errorOf } from '../../platform/views/components.ts';
import type { Member, Profile } from './members.ts';
import type { Overview } from './overview.ts';
import { day, hubShell, statusLabel, table, viewTools, type Page } from './view-kit.ts';

export function overviewPage(locale: Locale, state: { districtName: string; tenantName: string; overview: Overview }): Page {
  const { t } = viewTools(locale);
  const o = state.overview;
  return {
    title: t('overview.title'),
    content: hubShell(locale, 'overview', html`<h1 class="kern-heading-x-large">${t('overview.title')}</h1>
<p class="kern-body kern-body--large">${t('hub.lead', { district: state.districtName })} ${t('hub.actingFor', { tenant: state.tenantName })}</p>
<p class="kern-body">${t('overview.counts', { projects: o.projects, ideas: o.ideas, members: o.members })}</p>
<h2 class="kern-heading-medium">${t('overview.myTasks')}</h2>
${o.myTasks.length === 0 ? html`<p class="kern-body">${t('overview.noTasks')}</p>` : html`<ul class="kern-list">${o.myTasks.map((task) => html`<li><a class="kern-link" href="/kooperation/termine/${task.eventId}">${task.body}</a>${task.dueOn ? html` (${t('overview.due', { date: day(task.dueOn, locale) })})` : ''}</li>`)}</ul>`}
<h2 class="kern-heading-medium">${t('overview.updates')}</h2>
${o.updates.length === 0 ? html`<p class="kern-body">${t('overview.noUpdates')}</p>` : html`<ul class="kern-list">${o.updates.map((update) => html`<li>${day(update.reportedOn, locale)} · <a class="kern-link" href="/kooperation/projekte/${update.projectId}">${update.projectTitle}</a> ${statusLabel(locale, update.status)}: ${update.body}</li>`)}</ul>`}
<h2 class="kern-heading-medium">${t('overview.upcoming')}</h2>
${o.upcoming.length === 0 ? html`<p class="kern-body">${t('overview.noUpcoming')}</p>` : html`<ul class="kern-list">${o.upcoming.map((event) => html`<li>${formatDate(event.startsAt, locale)}: <a class="kern-link" href="/kooperation/termine/${event.id}">${event.title}</a></li>`)}</ul>`}
<h2 class="kern-heading-medium">${t('overview.openProcurements')}</h2>
${o.procurements.length === 0 ? html`<p class="kern-body">${t('overview.noProcurements')}</p>` : html`<ul class="kern-list">${o.procurements.map((item) => html`<li><a class="kern-link" href="/kooperation/beschaffung/${item.id}">${item.title}</a> (${day(item.deadline, locale)})</li>`)}</ul>`}`),
  };
}

export function membersPage(locale: Locale, members: Member[]): Page {
  const { t } = viewTools(locale);
  return {
    title: t('members.title'),
    content: hubShell(locale, 'members', html`<h1 class="kern-heading-x-large">${t('members.title')}</h1>
<p class="kern-body kern-body--large">${t('members.lead')}</p>
${table(
  t('members.title'),
  [t('members.col.name'), t('members.col.tenant'), t('members.col.role'), t('members.col.topics'), t('members.col.phone'), t('members.col.email')],
  members.map((member) => [member.name, member.tenantName, member.roleTitle || t('none'), member.topics.join(', ') || t('none'), member.phone || t('none'), html`<a class="kern-link" href="mailto:${member.email}">${member.email}</a>`]),
  { captionHidden: true },
)}`),
  };
}

export function profilePage(
  locale: Locale,
  csrf: string,
  state: { profile: Profile; values?: Record<string, string>; issues?: ValidationIssue[]; saved?: boolean; calendarUrl?: string },
): Page {
  const { t, p, errorsFor } = viewTools(locale);
  const errors = errorsFor(state.issues ?? []);
  const v = state.values ?? { roleTitle: state.profile.roleTitle, topics: state.profile.topics.join('\n'), phone: state.profile.phone };
  return {
    title: t('profile.title'),
    hasErrors: errors.length > 0,
    content: hubShell(locale, 'profile', html`${errorSummary(p('errorSummary.title'), errors)}
${state.saved ? notice('success', t('saved')) : ''}
${state.calendarUrl ? notice('success', t('calendar.created'), html`<p class="kern-body">${t('calendar.createdBody')}</p><p class="kern-body"><code>${state.calendarUrl}</code></p>`) : ''}
<h1 class="kern-heading-x-large">${t('profile.title')}</h1>
<p class="kern-body kern-body--large">${t('profile.lead')}</p>
${postForm('/kooperation/profil', csrf, html`${textField({ name: 'roleTitle', label: t('roleTitle.label'), hint: t('roleTitle.hint'), value: v.roleTitle, error: errorOf(errors, 'roleTitle'), errorPrefix: p('field.errorPrefix') })}
${textAreaField({ name: 'topics', label: t('topics.label'), hint: t('topics.hint'), value: v.topics, error: errorOf(errors, 'topics'), errorPrefix: p('field.errorPrefix'), rows: 4 })}
${textField({ name: 'phone', label: t('phone.label'), type: 'tel', autocomplete: 'tel', value: v.phone, error: errorOf(errors, 'phone'), errorPrefix: p('field.errorPrefix'), width: 4 })}
${button(t('save'))}`)}
<h2 class="kern-heading-medium">${t('calendar.title')}</h2>
<p class="kern-body">${t('calendar.lead')}</p>
${state.profile.hasCalendar ? html`<p class="kern-body">${t('calendar.active')}</p>` : ''}
${postForm('/kooperation/profil/kalender', csrf, button(state.profile.hasCalendar ? t('calendar.renew') : t('calendar.create'), 'secondary'))}`),
  };
}
