import { html } from '../../platform/views/html.ts';
import { button, errorSummary, notice, postForm, selectField, textField } from '../../platform/views/components.ts';
import { formatDate, formatMoney } from '../../platform/i18n/format.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import type { ValidationIssue } from '../../platform/validation.ts';
import type { FormValues } from './form-parsing.ts';
import { maturityValue } from './offer-form.ts';
import type { MaturityModel, Offer, Office, TenantRef } from './types.ts';
import { errorOf, textArea, viewTools, yesNo, type Page } from './view-tools.ts';

export function offerListPage(locale: Locale, state: { tenant: TenantRef; offers: Offer[]; offices: Office[]; hint?: 'created' | 'saved' | 'unchanged' | undefined }): Page {
  const { t } = viewTools(locale);
  const officeName = (id: string | null) => state.offices.find((office) => office.id === id)?.name ?? '–';
  const rows = state.offers.map(
    (offer) => html`<tr class="kern-table__row">
  <td class="kern-table__cell">${offer.serviceName}</td>
  <td class="kern-table__cell">${offer.serviceKey}</td>
  <td class="kern-table__cell">${officeName(offer.officeId)}</td>
  <td class="kern-table__cell">${offer.feeCents === null ? '–' : formatMoney(offer.feeCents, locale)}</td>
  <td class="kern-table__cell">${offer.published ? t('bo.status.published') : t('bo.status.draft')}${offer.demo ? html` <span class="kern-badge kern-badge--warning">${t('bo.status.demo')}</span>` : ''}</td>
  <td class="kern-table__cell">${formatDate(offer.updatedAt, locale)}</td>
  <td class="kern-table__cell"><a class="kern-link" href="/verwaltung/angebote/${offer.serviceKey}">${t('bo.edit')}<span class="kern-sr-only">: ${offer.serviceName}</span></a>${offer.published ? html` · <a class="kern-link" href="/${state.tenant.slug}/leistungen/${offer.serviceSlug}">${t('bo.view')}<span class="kern-sr-only">: ${offer.serviceName}</span></a>` : ''}</td>
</tr>`,
  );
  return {
    title: t('bo.offers.title'),
    content: html`${state.hint ? notice('success', t(`bo.${state.hint}`)) : ''}
<p class="kern-preline">${state.tenant.officialName}</p>
<h1 class="kern-heading-x-large">${t('bo.offers.title')}</h1>
<p class="kern-body kern-body--large">${t('bo.offers.lead', { tenant: state.tenant.officialName })}</p>
<p class="kern-body"><a class="kern-btn kern-btn--primary" href="/verwaltung/angebote/neu"><span class="kern-label">${t('bo.offers.new')}</span></a>
  <a class="kern-link" href="/verwaltung/dienststellen">${t('bo.offers.toOffices')}</a></p>
${state.offers.length === 0
  ? html`<p class="kern-body">${t('bo.offers.empty')}</p>`
  : html`<div class="kern-table-responsive"><table class="kern-table kern-table--striped">
  <thead class="kern-table__header"><tr class="kern-table__row">
    <th class="kern-table__header" scope="col">${t('bo.col.service')}</th>
    <th class="kern-table__header" scope="col">${t('bo.col.key')}</th>
    <th class="kern-table__header" scope="col">${t('bo.col.office')}</th>
    <th class="kern-table__header" scope="col">${t('fee.label')}</th>
    <th class="kern-table__header" scope="col">${t('bo.col.status')}</th>
    <th class="kern-table__header" scope="col">${t('bo.col.updated')}</th>
    <th class="kern-table__header" scope="col">${t('bo.col.actions')}</th>
  </tr></thead>
  <tbody class="kern-table__body">${rows}</tbody>
</table></div>`}`,
  };
}

export function offerFormPage(
  locale: Locale,
  csrf: string,
  state: { tenant: TenantRef; serviceKey?: string; serviceName?: string; offices: Office[]; models: MaturityModel[]; values: FormValues; issues?: ValidationIssue[] },
): Page {
  const { t, p, errorsFor } = viewTools(locale);
  const errors = errorsFor(state.issues ?? []);
  const editing = state.serviceKey !== undefined;
  const v = state.values;
  const field = (name: string, options: { type?: 'text' | 'number'; hint?: boolean; inputmode?: string; width?: 2 | 4 } = {}) =>
    textField({
      name,
      label: t(`${name}.label` as 'fee.label'),
      hint: options.hint ? t(`${name}.hint` as 'fee.hint') : undefined,
      value: v[name],
      error: errorOf(errors, name),
      errorPrefix: p('field.errorPrefix'),
      ...(options.inputmode ? { inputmode: options.inputmode } : {}),
      width: options.width,
    });
  const maturityChoices = state.models.flatMap((model) =>
    Array.from({ length: model.maxLevel - model.minLevel + 1 }, (_, i) => model.minLevel + i).map((level) => ({
      value: maturityValue(level, model.name),
      label: t('maturity.option', { model: model.name, level }),
    })),
  );
  const title = editing ? t('bo.offer.editTitle') : t('bo.offer.newTitle');
  return {
    title: editing ? `${title}: ${state.serviceName ?? state.serviceKey}` : title,
    hasErrors: errors.length > 0,
    content: html`${errorSummary(p('errorSummary.title'), errors)}
<p class="kern-preline">${state.tenant.officialName}</p>
<h1 class="kern-heading-x-large">${title}</h1>
${editing ? html`<p class="kern-body kern-body--large">${state.serviceName} (${state.serviceKey})</p>` : ''}
${postForm(
  editing ? `/verwaltung/angebote/${state.serviceKey}` : '/verwaltung/angebote/neu',
  csrf,
  html`${editing ? '' : field('serviceKey', { hint: true, inputmode: 'numeric' })}
${selectField({
  name: 'officeId',
  label: t('officeId.label'),
  placeholder: t('officeId.none'),
  value: v.officeId,
  choices: state.offices.map((office) => ({ value: office.id, label: office.name })),
  error: errorOf(errors, 'officeId'),
  errorPrefix: p('field.errorPrefix'),
})}
${field('fee', { hint: true, inputmode: 'decimal', width: 4 })}
${textArea({ name: 'feeText', label: t('feeText.label'), hint: t('feeText.hint'), value: v.feeText, error: errorOf(errors, 'feeText'), errorPrefix: p('field.errorPrefix'), rows: 3 })}
${field('processingTimeText')}
${field('processingDays', { hint: true, inputmode: 'numeric', width: 4 })}
${textArea({ name: 'requiredDocuments', label: t('requiredDocuments.label'), hint: t('requiredDocuments.hint'), value: v.requiredDocuments, error: errorOf(errors, 'requiredDocuments'), errorPrefix: p('field.errorPrefix'), rows: 5 })}
${yesNo(locale, 'online', t('online.legend'), v, errors)}
${field('onlineUrl', { hint: true })}
${selectField({
  name: 'maturity',
  label: t('maturity.label'),
  placeholder: t('maturity.none'),
  value: v.maturity,
  choices: maturityChoices,
  error: errorOf(errors, 'maturity'),
  errorPrefix: p('field.errorPrefix'),
})}
${yesNo(locale, 'published', t('published.legend'), v, errors)}
${yesNo(locale, 'demo', t('demo.legend'), v, errors, t('demo.hint'))}
${button(t('bo.save'))}`,
)}
<p class="kern-body"><a class="kern-link" href="/verwaltung/angebote">${t('bo.back')}</a></p>`,
  };
}
