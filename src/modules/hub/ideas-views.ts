import { html } from '../../platform/views/html.ts';
import { button, errorOf, errorSummary, notice, postForm, textAreaField, textField } from '../../platform/views/components.ts';
import { formatDate, formatDateTime } from '../../platform/i18n/format.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import type { ValidationIssue } from '../../platform/validation.ts';
import type { IdeaHistory, IdeaSummary } from './ideas.ts';
import { projectMessages } from './messages-projects.ts';
import { demoBadge, hubShell, paragraphs, viewTools, type Page } from './view-kit.ts';

export function ideaListPage(locale: Locale, ideas: IdeaSummary[]): Page {
  const { t, f } = viewTools(locale, projectMessages);
  return {
    title: f('ideas.title'),
    content: hubShell(locale, 'ideas', html`<h1 class="kern-heading-x-large">${f('ideas.title')}</h1>
<p class="kern-body kern-body--large">${f('ideas.lead')}</p>
<p class="kern-body"><a class="kern-btn kern-btn--primary" href="/kooperation/ideen/neu"><span class="kern-label">${f('ideas.new')}</span></a></p>
${ideas.length === 0 ? html`<p class="kern-body">${f('ideas.empty')}</p>` : html`<ul class="kern-list">${ideas.map((idea) => html`<li><a class="kern-link" href="/kooperation/ideen/${idea.id}">${idea.title}</a>${demoBadge(locale, idea.demo)}
 · ${idea.tenantName} · ${formatDate(idea.createdAt, locale)} · ${f('ideas.votes', { count: idea.votes })} · ${f('ideas.comments', { count: idea.comments })}${idea.projectId ? html` · <a class="kern-link" href="/kooperation/projekte/${idea.projectId}">${f('ideas.becameProject')}</a>` : ''}</li>`)}</ul>`}
<p class="kern-body kern-body--small">${t('demo.note')}</p>`),
  };
}

export function ideaFormPage(locale: Locale, csrf: string, state: { values: Record<string, string>; issues?: ValidationIssue[] }): Page {
  const { t, p, f, errorsFor } = viewTools(locale, projectMessages);
  const errors = errorsFor(state.issues ?? []);
  const prefix = p('field.errorPrefix');
  return {
    title: f('idea.newTitle'),
    hasErrors: errors.length > 0,
    content: hubShell(locale, 'ideas', html`${errorSummary(p('errorSummary.title'), errors)}
<h1 class="kern-heading-x-large">${f('idea.newTitle')}</h1>
${postForm('/kooperation/ideen/neu', csrf, html`${textField({ name: 'title', label: f('title.label'), value: state.values.title, error: errorOf(errors, 'title'), errorPrefix: prefix })}
${textAreaField({ name: 'body', label: f('body.label'), value: state.values.body, error: errorOf(errors, 'body'), errorPrefix: prefix, rows: 6 })}
${button(f('ideas.new'))}`)}
<p class="kern-body"><a class="kern-link" href="/kooperation/ideen">${t('back')}</a></p>`),
  };
}

export function ideaPage(locale: Locale, csrf: string, state: { idea: IdeaHistory; tenant: { id: string; name: string }; saved?: boolean; issues?: ValidationIssue[]; values?: Record<string, string> }): Page {
  const { t, p, f, errorsFor } = viewTools(locale, projectMessages);
  const errors = errorsFor(state.issues ?? []);
  const idea = state.idea;
  const voted = idea.voteTenantIds.includes(state.tenant.id);
  return {
    title: idea.title,
    hasErrors: errors.length > 0,
    content: hubShell(locale, 'ideas', html`${errorSummary(p('errorSummary.title'), errors)}
${state.saved ? notice('success', t('saved')) : ''}
<p class="kern-preline">${f('ideas.title')}</p>
<h1 class="kern-heading-x-large">${idea.title}${demoBadge(locale, idea.demo)}</h1>
<p class="kern-body kern-body--small">${f('idea.by', { name: idea.authorName, tenant: idea.tenantName, date: formatDate(idea.createdAt, locale) })}</p>
${paragraphs(idea.body)}
${idea.project ? notice('info', f('idea.project', { title: idea.project.title }), html`<p class="kern-body"><a class="kern-link" href="/kooperation/projekte/${idea.project.id}">${idea.project.title}</a></p>`) : ''}
<h2 class="kern-heading-medium">${f('idea.votes')}</h2>
<p class="kern-body">${idea.votes.length === 0 ? f('idea.noVotes') : f('idea.votedBy', { tenants: idea.votes.join(', ') })}</p>
${voted ? html`<p class="kern-body">${f('idea.voted', { tenant: state.tenant.name })}</p>` : ''}
${postForm(`/kooperation/ideen/${idea.id}/${voted ? 'stimme-zurueckziehen' : 'stimme'}`, csrf, button(voted ? f('idea.unvote', { tenant: state.tenant.name }) : f('idea.vote', { tenant: state.tenant.name }), voted ? 'secondary' : 'primary'))}
<h2 class="kern-heading-medium">${f('idea.comments')}</h2>
${idea.comments.length === 0 ? html`<p class="kern-body">${f('idea.noComments')}</p>` : html`<ul class="kern-list">${idea.comments.map((comment) => html`<li><strong>${comment.authorName} (${comment.tenantName})</strong>, ${formatDateTime(comment.createdAt, locale)}<br>${comment.body}</li>`)}</ul>`}
${postForm(`/kooperation/ideen/${idea.id}/kommentare`, csrf, html`${textAreaField({ name: 'commentBody', label: f('commentBody.label'), value: state.values?.commentBody, error: errorOf(errors, 'commentBody'), errorPrefix: p('field.errorPrefix'), rows: 3 })}
${button(f('idea.addComment'), 'secondary')}`)}
${idea.project ? '' : html`<h2 class="kern-heading-medium">${f('idea.toProject')}</h2>
<p class="kern-body">${f('idea.toProjectHint')}</p>
${postForm(`/kooperation/ideen/${idea.id}/projekt`, csrf, button(f('idea.toProject')))}`}`),
  };
}
