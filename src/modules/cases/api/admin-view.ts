/** The page of API clients (/verwaltung/api-zugaenge): the list, the form for a new one, its token once. */
import { formatDate } from '../../../platform/i18n/format.ts';
import { translator, type Locale } from '../../../platform/i18n/i18n.ts';
import { platformMessages } from '../../../platform/i18n/platform-messages.ts';
import { html, type SafeHtml } from '../../../platform/views/html.ts';
import { button, errorOf, errorSummary, fieldId, notice, postForm, radioGroup, textField, type FieldError } from '../../../platform/views/components.ts';
import type { ApiClient } from './client-store.ts';
import { apiMessages } from './messages.ts';

export const clientsPath = '/verwaltung/api-zugaenge';

type Page = { title: string; content: SafeHtml; hasErrors: boolean };

export type ClientsView = {
  tenantName: string;
  clients: ApiClient[];
  offices: { id: string; name: string }[];
  values: { name: string; access: string; offices: string[] };
  errors: FieldError[];
  revoked: boolean;
  /** Just created: its name and token, shown this once. */
  created?: { name: string; token: string } | undefined;
};

function clientTable(view: ClientsView, csrf: string, locale: Locale): SafeHtml {
  const t = translator(apiMessages, locale);
  if (view.clients.length === 0) return html`<p class="kern-body">${t('clients.none')}</p>`;
  return html`<table class="kern-table">
<caption class="kern-sr-only">${t('clients.title')}</caption>
<thead class="kern-table__head"><tr class="kern-table__row">
  <th scope="col" class="kern-table__header">${t('clients.name')}</th>
  <th scope="col" class="kern-table__header">${t('clients.access')}</th>
  <th scope="col" class="kern-table__header">${t('clients.offices')}</th>
  <th scope="col" class="kern-table__header">${t('clients.created')}</th>
  <th scope="col" class="kern-table__header">${t('clients.state')}</th>
</tr></thead>
<tbody class="kern-table__body">${view.clients.map((client) => html`<tr class="kern-table__row">
  <th scope="row" class="kern-table__cell">${client.name}</th>
  <td class="kern-table__cell">${client.access === 'act' ? t('clients.accessAct') : t('clients.accessRead')}</td>
  <td class="kern-table__cell">${client.offices.length === 0 ? t('clients.allOffices') : client.offices.map((office) => office.name).join(', ')}</td>
  <td class="kern-table__cell">${formatDate(client.createdAt, locale)}${client.createdBy ? html`<br>${client.createdBy}` : ''}</td>
  <td class="kern-table__cell">${client.revokedAt
    ? t('clients.revokedAt', { date: formatDate(client.revokedAt, locale) })
    : html`${t('clients.active')} ${postForm(`${clientsPath}/${client.id}/widerrufen`, csrf, html`<button type="submit" class="kern-btn kern-btn--secondary" aria-label="${t('clients.revokeLabel', { name: client.name })}"><span class="kern-label">${t('clients.revoke')}</span></button>`)}`}</td>
</tr>`)}</tbody></table>`;
}

/** Office checkboxes in a fieldset (no component for a checkbox group yet; markup as settings-view.ts). */
function officeChoices(view: ClientsView, locale: Locale, errorPrefix: string): SafeHtml {
  if (view.offices.length === 0) return html``;
  const t = translator(apiMessages, locale);
  const error = errorOf(view.errors, 'offices');
  const id = fieldId('offices');
  return html`<fieldset class="kern-fieldset${error ? ' kern-fieldset--error' : ''}" aria-describedby="${id}-hint">
  <legend class="kern-label">${t('clients.officesLegend')}</legend>
  <div class="kern-hint" id="${id}-hint">${t('clients.officesHint')}</div>
  ${error ? html`<p class="kern-error"><span class="kern-sr-only">${errorPrefix} </span>${error}</p>` : ''}
  <div class="kern-fieldset__body">${view.offices.map((office, index) => {
    const choiceId = index === 0 ? id : `${id}-${index}`;
    return html`<div class="kern-form-check">
    <input class="kern-form-check__checkbox" type="checkbox" id="${choiceId}" name="offices" value="${office.id}"${view.values.offices.includes(office.id) ? html` checked` : ''}>
    <label class="kern-label" for="${choiceId}">${office.name}</label>
  </div>`;
  })}</div>
</fieldset>`;
}

export function clientsPage(view: ClientsView, csrf: string, locale: Locale): Page {
  const t = translator(apiMessages, locale);
  const p = translator(platformMessages, locale);
  const errorPrefix = p('field.errorPrefix');
  const created = view.created
    ? notice('success', t('clients.createdTitle', { name: view.created.name }), html`<p class="kern-body">${t('clients.tokenLead')}</p>
<p class="kern-body"><strong>${t('clients.tokenLabel')}:</strong> <code class="api-token">${view.created.token}</code></p>
<p class="kern-body">${t('clients.tokenUsage')}</p>`)
    : '';
  return {
    title: t('clients.title'),
    hasErrors: view.errors.length > 0,
    content: html`${errorSummary(p('errorSummary.title'), view.errors)}
${created}
${view.revoked ? notice('success', t('clients.revoked')) : ''}
<h1 class="kern-heading-x-large">${t('clients.title')}</h1>
<p class="kern-body kern-body--large">${t('clients.lead', { tenant: view.tenantName })}</p>
<p class="kern-body"><a class="kern-link" href="/api/docs">${t('clients.docs')}</a></p>
${clientTable(view, csrf, locale)}
<h2 class="kern-heading-medium">${t('clients.newTitle')}</h2>
${postForm(clientsPath, csrf, html`${textField({ name: 'name', label: t('clients.nameLabel'), hint: t('clients.nameHint'), value: view.values.name, error: errorOf(view.errors, 'name'), errorPrefix })}
${radioGroup({ name: 'access', legend: t('clients.accessLegend'), choices: [{ value: 'read', label: t('clients.accessRead') }, { value: 'act', label: t('clients.accessAct') }], value: view.values.access, error: errorOf(view.errors, 'access'), errorPrefix })}
${officeChoices(view, locale, errorPrefix)}
${button(t('clients.create'))}`)}`,
  };
}
