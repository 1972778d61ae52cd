import { html } from '../../platform/views/html.ts';
import { button, errorSummary, notice, postForm, textField, type FieldError } from '../../platform/views/components.ts';
import { formatDate } from '../../platform/i18n/format.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import type { ValidationIssue } from '../../platform/validation.ts';
import type { FormValues } from './form-parsing.ts';
import { hoursField } from './office-form.ts';
import { weekdays } from './opening-hours.ts';
import type { Office, TenantRef } from './types.ts';
import { errorOf, textArea, viewTools, yesNo, type Page } from './view-tools.ts';

export function officeListPage(locale: Locale, state: { tenant: TenantRef; offices: Office[]; hint?: 'created' | 'saved' | 'unchanged' | undefined }): Page {
  const { t } = viewTools(locale);
  return {
    title: t('bo.offices.title'),
    content: html`${state.hint ? notice('success', t(`bo.${state.hint}`)) : ''}
<p class="kern-preline">${state.tenant.officialName}</p>
<h1 class="kern-heading-x-large">${t('bo.offices.title')}</h1>
<p class="kern-body kern-body--large">${t('bo.offices.lead', { tenant: state.tenant.officialName })}</p>
<p class="kern-body"><a class="kern-btn kern-btn--primary" href="/verwaltung/dienststellen/neu"><span class="kern-label">${t('bo.offices.new')}</span></a>
  <a class="kern-link" href="/verwaltung/angebote">${t('bo.offices.toOffers')}</a></p>
${state.offices.length === 0
  ? html`<p class="kern-body">${t('bo.offices.empty')}</p>`
  : html`<div class="kern-table-responsive"><table class="kern-table kern-table--striped">
  <thead class="kern-table__header"><tr class="kern-table__row">
    <th class="kern-table__header" scope="col">${t('bo.col.name')}</th>
    <th class="kern-table__header" scope="col">${t('bo.col.address')}</th>
    <th class="kern-table__header" scope="col">${t('bo.col.status')}</th>
    <th class="kern-table__header" scope="col">${t('bo.col.updated')}</th>
    <th class="kern-table__header" scope="col">${t('bo.col.actions')}</th>
  </tr></thead>
  <tbody class="kern-table__body">${state.offices.map(
    (office) => html`<tr class="kern-table__row">
    <td class="kern-table__cell">${office.name}</td>
    <td class="kern-table__cell">${office.street}, ${office.postcode} ${office.city}</td>
    <td class="kern-table__cell">${office.published ? t('bo.status.published') : t('bo.status.draft')}${office.demo ? html` <span class="kern-badge kern-badge--warning">${t('bo.status.demo')}</span>` : ''}</td>
    <td class="kern-table__cell">${formatDate(office.updatedAt, locale)}</td>
    <td class="kern-table__cell"><a class="kern-link" href="/verwaltung/dienststellen/${office.id}">${t('bo.edit')}<span class="kern-sr-only">: ${office.name}</span></a></td>
  </tr>`,
  )}</tbody>
</table></div>`}`,
  };
}

function hoursFieldset(locale: Locale, values: FormValues, errors: readonly FieldError[]) {
  const { t, p } = viewTools(locale);
  return html`<fieldset class="kern-fieldset" aria-describedby="hours-hint">
  <legend class="kern-label">${t('hours.legend')}</legend>
  <div class="kern-hint" id="hours-hint">${t('hours.hint')}</div>
  <div class="kern-fieldset__body">
  ${weekdays.map((day) =>
    textField({ name: hoursField(day), label: t(`day.${day}`), value: values[hoursField(day)], error: errorOf(errors, hoursField(day)), errorPrefix: p('field.errorPrefix') }),
  )}
  </div>
</fieldset>`;
}

export function officeFormPage(locale: Locale, csrf: string, state: { tenant: TenantRef; officeId?: string; values: FormValues; issues?: ValidationIssue[] }): Page {
  const { t, p, errorsFor } = viewTools(locale);
  const errors = errorsFor(state.issues ?? []);
  const v = state.values;
  const field = (name: string, options: { type?: 'text' | 'email' | 'tel'; hint?: boolean; width?: 2 | 4 } = {}) =>
    textField({
      name,
      label: t(`${name}.label` as 'name.label'),
      hint: options.hint ? t(`${name}.hint` as 'openingHoursNote.hint') : undefined,
      value: v[name],
      type: options.type ?? 'text',
      error: errorOf(errors, name),
      errorPrefix: p('field.errorPrefix'),
      width: options.width,
    });
  const title = state.officeId ? t('bo.office.editTitle') : t('bo.office.newTitle');
  return {
    title: state.officeId && v.name ? `${title}: ${v.name}` : title,
    hasErrors: errors.length > 0,
    content: html`${errorSummary(p('errorSummary.title'), errors)}
<p class="kern-preline">${state.tenant.officialName}</p>
<h1 class="kern-heading-x-large">${title}</h1>
${postForm(
  state.officeId ? `/verwaltung/dienststellen/${state.officeId}` : '/verwaltung/dienststellen/neu',
  csrf,
  html`${field('name')}
${field('street')}
${field('postcode', { width: 4 })}
${field('city')}
${hoursFieldset(locale, v, errors)}
${textArea({ name: 'openingHoursNote', label: t('openingHoursNote.label'), hint: t('openingHoursNote.hint'), value: v.openingHoursNote, error: errorOf(errors, 'openingHoursNote'), errorPrefix: p('field.errorPrefix'), rows: 2 })}
${field('phone', { type: 'tel' })}
${field('email', { type: 'email' })}
${field('website')}
${yesNo(locale, 'published', t('published.legend'), v, errors)}
${yesNo(locale, 'demo', t('demo.legend'), v, errors, t('demo.hint'))}
${button(t('bo.save'))}`,
)}
<p class="kern-body"><a class="kern-link" href="/verwaltung/dienststellen">${t('bo.back')}</a></p>`,
  };
}
