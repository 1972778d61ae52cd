import { html } from '../../platform/views/html.ts';
import { button, errorOf, errorSummary, notice, postForm, radioGroup, selectField, textAreaField, textField } from '../../platform/views/components.ts';
import { formatDateTime } from '../../platform/i18n/format.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import type { ValidationIssue } from '../../platform/validation.ts';
import type { EventDetail, EventSummary } from './events.ts';
import type { Member } from './members.ts';
import { moreMessages } from './messages-more.ts';
import { berlinParts } from './berlin-time.ts';
import { checkboxGroup, day, demoBadge, hubShell, listItem, paragraphs, viewTools, type Page } from './view-kit.ts';

function when(locale: Locale, startsAt: Date, endsAt: Date): string {
  return `${formatDateTime(startsAt, locale)} – ${berlinParts(endsAt).time}`;
}

export function eventListPage(locale: Locale, events: EventSummary[], now: Date): Page {
  const { f } = viewTools(locale, moreMessages);
  const item = (event: EventSummary) =>
    html`<li><a class="kern-link" href="/kooperation/termine/${event.id}">${event.title}</a>${demoBadge(locale, event.demo)} · ${when(locale, event.startsAt, event.endsAt)} · ${f(`kind.${event.kind}`)} · ${event.tenantName}${event.kind === 'training' ? html` · ${f('events.registrations', { count: event.registrations })}` : ''}</li>`;
  const upcoming = events.filter((event) => event.endsAt >= now);
  const past = events.filter((event) => event.endsAt < now).reverse();
  return {
    title: f('events.title'),
    content: hubShell(locale, 'events', html`<h1 class="kern-heading-x-large">${f('events.title')}</h1>
<p class="kern-body kern-body--large">${f('events.lead')}</p>
<p class="kern-body"><a class="kern-btn kern-btn--primary" href="/kooperation/termine/neu"><span class="kern-label">${f('events.new')}</span></a>
 <a class="kern-link" href="/kooperation/profil">${f('events.calendar')}</a></p>
<h2 class="kern-heading-medium">${f('events.upcoming')}</h2>
${upcoming.length === 0 ? html`<p class="kern-body">${f('events.none')}</p>` : html`<ul class="kern-list">${upcoming.map(item)}</ul>`}
<h2 class="kern-heading-medium">${f('events.past')}</h2>
${past.length === 0 ? html`<p class="kern-body">${f('events.none')}</p>` : html`<ul class="kern-list">${past.map(item)}</ul>`}`),
  };
}

export function eventFormPage(locale: Locale, csrf: string, state: { values: Record<string, string>; issues?: ValidationIssue[] }): Page {
  const { t, p, f, errorsFor } = viewTools(locale, moreMessages);
  const errors = errorsFor(state.issues ?? []);
  const prefix = p('field.errorPrefix');
  const v = state.values;
  const text = (name: 'series' | 'title' | 'date' | 'startTime' | 'endTime' | 'location' | 'capacity', options: { hint?: string; width?: 2 | 4 } = {}) =>
    textField({ name, label: f(`${name}.label`), hint: options.hint, value: v[name], error: errorOf(errors, name), errorPrefix: prefix, width: options.width });
  return {
    title: f('event.newTitle'),
    hasErrors: errors.length > 0,
    content: hubShell(locale, 'events', html`${errorSummary(p('errorSummary.title'), errors)}
<h1 class="kern-heading-x-large">${f('event.newTitle')}</h1>
${postForm('/kooperation/termine/neu', csrf, html`${radioGroup({ name: 'kind', legend: f('kind.label'), value: v.kind ?? 'meeting', choices: [{ value: 'meeting', label: f('kind.meeting') }, { value: 'training', label: f('kind.training') }], error: errorOf(errors, 'kind'), errorPrefix: prefix })}
${text('title')}
${text('series', { hint: f('series.hint') })}
${text('date', { hint: f('date.hint'), width: 4 })}
${text('startTime', { hint: f('startTime.hint'), width: 4 })}
${text('endTime', { hint: f('endTime.hint'), width: 4 })}
${text('location')}
${textAreaField({ name: 'agenda', label: f('agenda.label'), value: v.agenda, error: errorOf(errors, 'agenda'), errorPrefix: prefix, rows: 5 })}
${text('capacity', { hint: f('capacity.hint'), width: 4 })}
${button(t('save'))}`)}
<p class="kern-body"><a class="kern-link" href="/kooperation/termine">${t('back')}</a></p>`),
  };
}

export function eventPage(
  locale: Locale,
  csrf: string,
  state: { event: EventDetail; isOrganiser: boolean; userId: string; members: Member[]; saved?: boolean; full?: boolean; issues?: ValidationIssue[]; values?: Record<string, string> },
): Page {
  const { t, p, f, errorsFor } = viewTools(locale, moreMessages);
  const errors = errorsFor(state.issues ?? []);
  const prefix = p('field.errorPrefix');
  const event = state.event;
  const v = state.values ?? {};
  const registered = event.registrants.some((registrant) => registrant.userId === state.userId);
  const full = event.capacity !== null && event.registrations >= event.capacity;
  return {
    title: event.title,
    hasErrors: errors.length > 0,
    content: hubShell(locale, 'events', html`${errorSummary(p('errorSummary.title'), errors)}
${state.saved ? notice('success', t('saved')) : ''}
${state.full ? notice('warning', f('event.full')) : ''}
<p class="kern-preline">${f(`kind.${event.kind}`)}</p>
<h1 class="kern-heading-x-large">${event.title}${demoBadge(locale, event.demo)}</h1>
<dl class="kern-description-list">
${listItem(f('event.when'), when(locale, event.startsAt, event.endsAt))}
${listItem(f('event.where'), event.location || t('none'))}
${event.series ? listItem(f('event.series'), event.series) : ''}
${event.capacity !== null ? listItem(f('event.capacity'), `${event.registrations} / ${event.capacity}`) : ''}
</dl>
<p class="kern-body kern-body--small">${f('event.organiser', { tenant: event.tenantName })}</p>
<h2 class="kern-heading-medium">${f('event.registration')}</h2>
${registered ? html`<p class="kern-body">${f('event.registered')}</p>${postForm(`/kooperation/termine/${event.id}/abmeldung`, csrf, button(f('event.unregister'), 'secondary'))}`
  : full ? html`<p class="kern-body">${f('event.full')}</p>` : postForm(`/kooperation/termine/${event.id}/anmeldung`, csrf, button(f('event.register')))}
<h3 class="kern-heading-small">${f('event.registrants')}</h3>
${event.registrants.length === 0 ? html`<p class="kern-body">${f('event.noRegistrants')}</p>`
  : state.isOrganiser ? postForm(`/kooperation/termine/${event.id}/teilnahme`, csrf, html`${checkboxGroup({ name: 'present', legend: f('event.attendanceLegend'), choices: event.registrants.map((r) => ({ value: r.userId, label: `${r.name} (${r.tenantName})` })), checked: event.registrants.filter((r) => r.attended).map((r) => r.userId), errorPrefix: prefix })}
${button(f('event.recordAttendance'), 'secondary')}`)
  : html`<ul class="kern-list">${event.registrants.map((r) => html`<li>${r.name} (${r.tenantName})${r.attended ? html` · ${f('event.attended')}` : ''}</li>`)}</ul>`}
<h2 class="kern-heading-medium">${f('event.agenda')}</h2>
${event.agenda ? paragraphs(event.agenda) : html`<p class="kern-body">${t('none')}</p>`}
<h2 class="kern-heading-medium">${f('event.minutes')}</h2>
${event.minutes ? paragraphs(event.minutes) : html`<p class="kern-body">${f('event.noMinutes')}</p>`}
<h2 class="kern-heading-medium">${f('event.decisions')}</h2>
${event.decisions.length === 0 ? html`<p class="kern-body">${f('event.noDecisions')}</p>` : html`<ol class="kern-list">${event.decisions.map((decision) => html`<li>${decision.body}</li>`)}</ol>`}
<h2 class="kern-heading-medium">${f('event.actionItems')}</h2>
${event.actionItems.length === 0 ? html`<p class="kern-body">${f('event.noActionItems')}</p>` : html`<ul class="kern-list">${event.actionItems.map((item) => html`<li>${item.body}${item.assigneeName ? html` · ${f('event.assignee', { name: item.assigneeName })}` : ''}${item.dueOn ? html` · ${f('event.due', { date: day(item.dueOn, locale) })}` : ''} · ${item.doneAt ? html`<strong>${f('event.done')}</strong>`
  : state.isOrganiser || item.assigneeId === state.userId ? postForm(`/kooperation/aufgaben/${item.id}/erledigt`, csrf, html`<button type="submit" class="kern-btn kern-btn--tertiary"><span class="kern-label">${f('event.markDone')}<span class="kern-sr-only">: ${item.body}</span></span></button>`) : ''}</li>`)}</ul>`}
${state.isOrganiser ? html`
${postForm(`/kooperation/termine/${event.id}/protokoll`, csrf, html`<h3 class="kern-heading-small">${f('event.saveMinutes')}</h3>
${textAreaField({ name: 'agenda', label: f('agenda.label'), value: v.agenda ?? event.agenda, error: errorOf(errors, 'agenda'), errorPrefix: prefix, rows: 5 })}
${textAreaField({ name: 'minutes', label: f('minutes.label'), value: v.minutes ?? event.minutes, error: errorOf(errors, 'minutes'), errorPrefix: prefix, rows: 8 })}
${button(f('event.saveMinutes'), 'secondary')}`)}
${postForm(`/kooperation/termine/${event.id}/beschluesse`, csrf, html`<h3 class="kern-heading-small">${f('event.addDecision')}</h3>
${textAreaField({ name: 'decisionBody', label: f('decisionBody.label'), value: v.decisionBody, error: errorOf(errors, 'decisionBody'), errorPrefix: prefix, rows: 2 })}
${button(f('event.addDecision'), 'secondary')}`)}
${postForm(`/kooperation/termine/${event.id}/aufgaben`, csrf, html`<h3 class="kern-heading-small">${f('event.addActionItem')}</h3>
${textField({ name: 'actionBody', label: f('actionBody.label'), value: v.actionBody, error: errorOf(errors, 'actionBody'), errorPrefix: prefix })}
${selectField({ name: 'assignee', label: f('assignee.label'), placeholder: f('assignee.none'), value: v.assignee, choices: state.members.map((m) => ({ value: m.userId, label: `${m.name} (${m.tenantName})` })), error: errorOf(errors, 'assignee'), errorPrefix: prefix })}
${textField({ name: 'actionDue', label: f('actionDue.label'), hint: f('actionDue.hint'), value: v.actionDue, error: errorOf(errors, 'actionDue'), errorPrefix: prefix, width: 4 })}
${button(f('event.addActionItem'), 'secondary')}`)}` : html`<p class="kern-body kern-body--small">${f('event.onlyOrganiser')}</p>`}`),
  };
}
