import { html } from '../../platform/views/html.ts';
import { button, errorOf, errorSummary, notice, postForm, selectField, textAreaField, textField } from '../../platform/views/components.ts';
import { formatDate } from '../../platform/i18n/format.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import type { ValidationIssue } from '../../platform/validation.ts';
import type { Article, ArticleSummary } from './knowledge.ts';
import { moreMessages } from './messages-more.ts';
import { demoBadge, hubShell, listItem, paragraphs, viewTools, type Page } from './view-kit.ts';

export function knowledgeListPage(locale: Locale, state: { query: string; articles: ArticleSummary[] }): Page {
  const { t, f } = viewTools(locale, moreMessages);
  return {
    title: f('knowledge.title'),
    content: hubShell(locale, 'knowledge', html`<h1 class="kern-heading-x-large">${f('knowledge.title')}</h1>
<p class="kern-body kern-body--large">${f('knowledge.lead')}</p>
<form method="get" action="/kooperation/wissen" role="search">
${textField({ name: 'q', label: f('knowledge.search'), type: 'search', value: state.query, errorPrefix: '' })}
${button(f('knowledge.searchButton'), 'secondary')}
</form>
<p class="kern-body"><a class="kern-btn kern-btn--primary" href="/kooperation/wissen/neu"><span class="kern-label">${f('knowledge.new')}</span></a></p>
${state.query ? html`<h2 class="kern-heading-medium" id="results">${f('knowledge.results', { count: state.articles.length, query: state.query })}</h2>` : ''}
${state.articles.length === 0 ? html`<p class="kern-body">${f('knowledge.empty')}</p>` : html`<ul class="kern-list">${state.articles.map((article) => html`<li><a class="kern-link" href="/kooperation/wissen/${article.id}">${article.title}</a>${demoBadge(locale, article.demo)} · ${article.tenantName}, ${formatDate(article.updatedAt, locale)}<br>${article.excerpt}…</li>`)}</ul>`}
<p class="kern-body kern-body--small">${t('demo.note')}</p>`),
  };
}

export function articleFormPage(locale: Locale, csrf: string, state: { projects: { id: string; title: string }[]; values: Record<string, string>; issues?: ValidationIssue[] }): Page {
  const { t, p, f, errorsFor } = viewTools(locale, moreMessages);
  const errors = errorsFor(state.issues ?? []);
  const prefix = p('field.errorPrefix');
  const v = state.values;
  return {
    title: f('article.newTitle'),
    hasErrors: errors.length > 0,
    content: hubShell(locale, 'knowledge', html`${errorSummary(p('errorSummary.title'), errors)}
<h1 class="kern-heading-x-large">${f('article.newTitle')}</h1>
${postForm('/kooperation/wissen/neu', csrf, html`${textField({ name: 'title', label: f('title.label'), value: v.title, error: errorOf(errors, 'title'), errorPrefix: prefix })}
${textAreaField({ name: 'body', label: f('body.label'), hint: f('body.hint'), value: v.body, error: errorOf(errors, 'body'), errorPrefix: prefix, rows: 12 })}
${selectField({ name: 'projectId', label: f('projectId.label'), placeholder: f('projectId.none'), value: v.projectId, choices: state.projects.map((project) => ({ value: project.id, label: project.title })), error: errorOf(errors, 'projectId'), errorPrefix: prefix })}
${textAreaField({ name: 'serviceKeys', label: f('serviceKeys.label'), hint: f('serviceKeys.hint'), value: v.serviceKeys, error: errorOf(errors, 'serviceKeys'), errorPrefix: prefix, rows: 3 })}
${button(t('save'))}`)}
<p class="kern-body"><a class="kern-link" href="/kooperation/wissen">${t('back')}</a></p>`),
  };
}

export function articlePage(locale: Locale, state: { article: Article; saved?: boolean }): Page {
  const { t, f } = viewTools(locale, moreMessages);
  const article = state.article;
  return {
    title: article.title,
    content: hubShell(locale, 'knowledge', html`${state.saved ? notice('success', t('saved')) : ''}
<p class="kern-preline">${f('knowledge.title')}</p>
<h1 class="kern-heading-x-large">${article.title}${demoBadge(locale, article.demo)}</h1>
<p class="kern-body kern-body--small">${f('article.by', { tenant: article.authorName ? `${article.authorName} (${article.tenantName})` : article.tenantName, date: formatDate(article.updatedAt, locale) })}</p>
${paragraphs(article.body)}
<dl class="kern-description-list">
${listItem(f('article.project'), article.projectId ? html`<a class="kern-link" href="/kooperation/projekte/${article.projectId}">${article.projectTitle}</a>` : t('none'))}
${listItem(f('article.services'), article.services.length === 0 ? t('none') : html`<ul class="kern-list">${article.services.map((service) => html`<li><a class="kern-link" href="/leistungen/${service.slug}">${service.name}</a></li>`)}</ul>`)}
</dl>`),
  };
}
