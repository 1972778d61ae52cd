/** A form's overview with its versions, the publish confirmation, comparisons and adoption. */
import { html, type SafeHtml } from '../../../platform/views/html.ts';
import { button, errorSummary, notice, postForm, selectField } from '../../../platform/views/components.ts';
import { formatDateTime } from '../../../platform/i18n/format.ts';
import type { Locale } from '../../../platform/i18n/i18n.ts';
import { indexFields } from '../definition/field-index.ts';
import type { FormDefinition } from '../definition/types.ts';
import type { AdoptableForm, DefinitionProblem, FormChange, FormVersion } from '../store/index.ts';
import { texts } from './draft-document.ts';
import { changeList } from './diff-view.ts';
import type { FormContext } from './form-context.ts';
import { formBase, nextDraftVersion } from './form-context.ts';
import { hintNotice, type Hint } from './list-views.ts';
import { problemList, problemPanel } from './problems-view.ts';
import { actionButton, badge, formNav, heading, viewTools, type Page, type Tools } from './view-tools.ts';

function statusBadge(tools: Tools, version: FormVersion): SafeHtml {
  return version.status === 'draft' ? badge('info', tools.t('status.draftOf')) : badge('success', tools.t('status.publishedOf'));
}

export function overviewPage(locale: Locale, state: { context: FormContext; tenantName: string; tenantSlug: string; baseUrl: string; hint?: Hint | undefined }): Page {
  const tools = viewTools(locale);
  const { t } = tools;
  const { context } = state;
  const base = formBase(context.formId);
  const title = texts(context.working.definition.title)[locale] || context.title;
  const rows = context.versions.map((version) => {
    const previous = context.versions.find((other) => other.version < version.version);
    const when = version.publishedAt ?? version.createdAt;
    return html`<tr class="kern-table__row">
  <td class="kern-table__cell">${version.version}</td>
  <td class="kern-table__cell">${statusBadge(tools, version)}</td>
  <td class="kern-table__cell">${formatDateTime(when, locale)}</td>
  <td class="kern-table__cell"><a class="kern-link" href="${base}/versionen/${version.version}/export.json" download>${t('overview.export')}<span class="kern-sr-only"> (${t('col.version')} ${version.version})</span></a>
    ${previous ? html` · <a class="kern-link" href="${base}/vergleich?von=${previous.version}&amp;bis=${version.version}">${t('overview.diffPrevious', { version: previous.version })}</a>` : ''}</td>
</tr>`;
  });
  const choices = context.versions.map((version) => ({ value: String(version.version), label: `${version.version} (${version.status === 'draft' ? t('status.draftOf') : t('status.publishedOf')})` }));
  const adoption = context.adoption;
  const citizenUrl = `${state.baseUrl}/${state.tenantSlug}/antrag/${context.slug}`;
  return {
    title,
    content: html`${hintNotice(locale, state.hint)}
${heading(state.tenantName, title)}
${formNav(tools, base, 'overview')}
${adoption ? html`<p class="kern-body">${t('status.adopted', { tenant: adoption.originTenantName, version: adoption.origin.version })}</p>` : ''}
${adoption?.updateAvailable ? notice('warning', t('status.update', { tenant: adoption.originTenantName, version: adoption.originLatest ?? '' }), html`<p class="kern-body"><a class="kern-link" href="${base}/original">${t('overview.originUpdate')}</a></p>`) : ''}
${context.latestPublished ? html`<p class="kern-body">${t('overview.citizen', { url: '' })}<a class="kern-link" href="/${state.tenantSlug}/antrag/${context.slug}">${citizenUrl}</a></p>` : ''}
${context.draft ? problemPanel(tools, context.draft.definition, base, context.problems) : html`<p class="kern-body">${t('overview.noDraft', { version: nextDraftVersion(context) })}</p>`}
<h2 class="kern-heading-medium">${t('overview.versions')}</h2>
<div class="kern-table-responsive"><table class="kern-table kern-table--striped">
  <thead class="kern-table__header"><tr class="kern-table__row">
    <th class="kern-table__header" scope="col">${t('col.version')}</th><th class="kern-table__header" scope="col">${t('col.status')}</th>
    <th class="kern-table__header" scope="col">${t('col.date')}</th><th class="kern-table__header" scope="col">${t('col.actions')}</th>
  </tr></thead><tbody class="kern-table__body">${rows}</tbody></table></div>
${context.versions.length > 1 ? html`<h2 class="kern-heading-medium">${t('overview.compare')}</h2>
<form method="get" action="${base}/vergleich">
${selectField({ name: 'von', label: t('overview.from'), choices, value: String(context.versions[1]?.version ?? ''), errorPrefix: tools.errorPrefix })}
${selectField({ name: 'bis', label: t('overview.to'), choices, value: String(context.versions[0]?.version ?? ''), errorPrefix: tools.errorPrefix })}
${button(t('overview.show'), 'secondary')}
</form>` : ''}`,
  };
}

function countFields(definition: FormDefinition): number {
  return indexFields(definition).length;
}

export function publishPage(
  locale: Locale,
  csrf: string,
  state: { context: FormContext; tenantName: string; changes?: FormChange[] | undefined; problems: readonly DefinitionProblem[] },
): Page {
  const tools = viewTools(locale);
  const { t } = tools;
  const { context } = state;
  const base = formBase(context.formId);
  const title = t('publish.title', { title: context.title });
  const draft = context.draft;
  if (!draft) {
    return { title, content: html`${heading(state.tenantName, title)}${formNav(tools, base, 'publish')}<p class="kern-body">${t('publish.noDraft')}</p>` };
  }
  if (state.problems.length > 0) {
    const errors = [{ field: 'probleme', message: t('publish.blocked') }];
    return {
      title,
      hasErrors: true,
      content: html`${errorSummary(tools.p('errorSummary.title'), errors)}
${heading(state.tenantName, title)}
${formNav(tools, base, 'publish')}
<div class="kern-alert kern-alert--danger" id="f-probleme"><div class="kern-alert__header"><h2 class="kern-title">${t('publish.blocked')}</h2></div>
<div class="kern-alert__body">${problemList(tools, draft.definition, base, state.problems)}</div></div>`,
    };
  }
  const previous = context.latestPublished;
  return {
    title,
    content: html`${heading(state.tenantName, title, t('publish.lead', { version: draft.version }))}
${formNav(tools, base, 'publish')}
${previous && state.changes
  ? html`<h2 class="kern-heading-medium">${t('publish.changes', { version: previous.version })}</h2>${changeList(tools, state.changes)}`
  : html`<p class="kern-body">${t('publish.first', { steps: draft.definition.steps.length, fields: countFields(draft.definition) })}</p>`}
${postForm(`${base}/veroeffentlichen`, csrf, html`<input type="hidden" name="version" value="${draft.version}">${button(t('publish.confirm', { version: draft.version }))}`)}`,
  };
}

export function diffPage(locale: Locale, state: { context: FormContext; tenantName: string; from: number; to: number; changes: FormChange[] | undefined }): Page {
  const tools = viewTools(locale);
  const { t } = tools;
  const base = formBase(state.context.formId);
  const title = t('diff.title', { from: state.from, to: state.to });
  return {
    title,
    content: html`${heading(state.tenantName, title, state.context.title)}
${formNav(tools, base, 'overview')}
${state.changes ? changeList(tools, state.changes) : notice('warning', t('diff.invalid'))}`,
  };
}

export function originPage(
  locale: Locale,
  csrf: string,
  state: { context: FormContext; tenantName: string; changes: FormChange[] | undefined },
): Page {
  const tools = viewTools(locale);
  const { t } = tools;
  const base = formBase(state.context.formId);
  const adoption = state.context.adoption;
  const title = t('origin.title', { title: state.context.title });
  if (!adoption?.updateAvailable || adoption.originLatest === undefined) {
    return { title, content: html`${heading(state.tenantName, title)}${formNav(tools, base, 'overview')}<p class="kern-body">${t('origin.current')}</p>` };
  }
  return {
    title,
    content: html`${heading(state.tenantName, title, t('origin.lead', { tenant: adoption.originTenantName, latest: adoption.originLatest, version: adoption.origin.version }))}
${formNav(tools, base, 'overview')}
${state.changes ? changeList(tools, state.changes) : ''}
${notice('info', t('origin.replace'))}
${postForm(`${base}/original`, csrf, html`<input type="hidden" name="version" value="${adoption.originLatest}">${button(t('origin.accept', { version: adoption.originLatest }))}`)}`,
  };
}

export function adoptPage(locale: Locale, csrf: string, state: { tenantName: string; candidates: AdoptableForm[]; ownSlugs: Set<string>; error?: string }): Page {
  const tools = viewTools(locale);
  const { t } = tools;
  const rows = state.candidates.map((candidate) => html`<tr class="kern-table__row">
  <td class="kern-table__cell">${candidate.title}</td>
  <td class="kern-table__cell">${candidate.tenantName}</td>
  <td class="kern-table__cell"><code>${candidate.slug}</code></td>
  <td class="kern-table__cell">${candidate.version} (${formatDateTime(candidate.publishedAt, locale)})</td>
  <td class="kern-table__cell">${state.ownSlugs.has(candidate.slug)
    ? t('adopt.taken')
    : actionButton('/verwaltung/formulare/uebernehmen', csrf, t('adopt.button'), `${candidate.title} (${candidate.tenantName})`, { tenantId: candidate.tenantId, formId: candidate.formId, version: String(candidate.version) })}</td>
</tr>`);
  return {
    title: t('adopt.title'),
    hasErrors: state.error !== undefined,
    content: html`${state.error ? html`<div class="kern-alert kern-alert--danger error-summary" role="alert" tabindex="-1" autofocus><div class="kern-alert__header"><h2 class="kern-title">${state.error}</h2></div></div>` : ''}
${heading(state.tenantName, t('adopt.title'), t('adopt.lead'))}
<p class="kern-body"><a class="kern-link" href="/verwaltung/formulare">${t('nav.list')}</a></p>
${state.candidates.length === 0 ? html`<p class="kern-body">${t('adopt.empty')}</p>` : html`<div class="kern-table-responsive"><table class="kern-table kern-table--striped">
  <thead class="kern-table__header"><tr class="kern-table__row">
    <th class="kern-table__header" scope="col">${t('col.title')}</th><th class="kern-table__header" scope="col">${t('col.tenant')}</th>
    <th class="kern-table__header" scope="col">${t('col.slug')}</th><th class="kern-table__header" scope="col">${t('col.version')}</th>
    <th class="kern-table__header" scope="col">${t('col.actions')}</th>
  </tr></thead><tbody class="kern-table__body">${rows}</tbody></table></div>`}`,
  };
}
