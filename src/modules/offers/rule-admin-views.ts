import { attr, html, type SafeHtml } from '../../platform/views/html.ts';
import { button, errorSummary, fieldId, notice, postForm, radioGroup, textField, type FieldError } from '../../platform/views/components.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import type { ValidationIssue } from '../../platform/validation.ts';
import type { FormValues } from './form-parsing.ts';
import { municipalityField, selfChoice, type DistrictTenants, type RuleGroup } from './rule-admin-form.ts';
import { errorOf, textArea, viewTools, type Page } from './view-tools.ts';

export type RuleHint = 'created' | 'saved' | 'unchanged' | 'removed';

const ruleUrl = (group: RuleGroup) => `/verwaltung/zustaendigkeiten/${group.serviceKey}/${group.responsible}`;

export function ruleListPage(
  locale: Locale,
  csrf: string,
  state: { tenants: DistrictTenants; groups: RuleGroup[]; serviceNames: Map<string, string>; hint?: RuleHint | undefined },
): Page {
  const { t } = viewTools(locale);
  const { district, municipalities } = state.tenants;
  const nameOf = (id: string) => municipalities.find((m) => m.id === id)?.name ?? id;
  const whom = (group: RuleGroup) =>
    municipalities.every((m) => group.municipalityIds.includes(m.id)) ? t('bo.rules.all') : group.municipalityIds.map(nameOf).sort((a, b) => a.localeCompare(b, 'de')).join(', ');
  const responsible = (group: RuleGroup) =>
    group.responsible === selfChoice ? t('bo.rules.self') : ([district, ...municipalities].find((tenant) => tenant.slug === group.responsible)?.name ?? group.responsible);
  const rows = state.groups.map((group) => {
    const service = state.serviceNames.get(group.serviceKey) ?? group.serviceKey;
    return html`<tr class="kern-table__row">
  <td class="kern-table__cell">${service}${group.demo ? html` <span class="kern-badge kern-badge--warning">${t('bo.status.demo')}</span>` : ''}</td>
  <td class="kern-table__cell">${group.serviceKey}</td>
  <td class="kern-table__cell">${whom(group)}</td>
  <td class="kern-table__cell">${responsible(group)}</td>
  <td class="kern-table__cell">${group.legalBases.length === 0 ? '–' : group.legalBases.map((basis, i) => html`${i > 0 ? html`<br>` : ''}${basis}`)}</td>
  <td class="kern-table__cell"><a class="kern-link" href="${ruleUrl(group)}">${t('bo.edit')}<span class="kern-sr-only">: ${service}, ${responsible(group)}</span></a>
    ${postForm(`${ruleUrl(group)}/entfernen`, csrf, html`<button type="submit" class="kern-btn kern-btn--tertiary"><span class="kern-label">${t('bo.rules.remove')}<span class="kern-sr-only">: ${service}, ${responsible(group)}</span></span></button>`)}</td>
</tr>`;
  });
  return {
    title: t('bo.rules.title'),
    content: html`${state.hint ? notice('success', t(`bo.${state.hint}`)) : ''}
<p class="kern-preline">${district.officialName}</p>
<h1 class="kern-heading-x-large">${t('bo.rules.title')}</h1>
<p class="kern-body kern-body--large">${t('bo.rules.lead')}</p>
<p class="kern-body"><a class="kern-btn kern-btn--primary" href="/verwaltung/zustaendigkeiten/neu"><span class="kern-label">${t('bo.rules.new')}</span></a></p>
${state.groups.length === 0
  ? html`<p class="kern-body">${t('bo.rules.empty')}</p>`
  : html`<div class="kern-table-responsive"><table class="kern-table kern-table--striped">
  <thead class="kern-table__header"><tr class="kern-table__row">
    <th class="kern-table__header" scope="col">${t('bo.col.service')}</th>
    <th class="kern-table__header" scope="col">${t('bo.col.key')}</th>
    <th class="kern-table__header" scope="col">${t('bo.col.municipalities')}</th>
    <th class="kern-table__header" scope="col">${t('bo.col.responsible')}</th>
    <th class="kern-table__header" scope="col">${t('bo.col.legalBasis')}</th>
    <th class="kern-table__header" scope="col">${t('bo.col.actions')}</th>
  </tr></thead>
  <tbody class="kern-table__body">${rows}</tbody>
</table></div>`}`,
  };
}

/** The municipalities as checkboxes in one fieldset (WCAG 1.3.1); "alle" first, taking the field id. */
function municipalityChoices(locale: Locale, tenants: DistrictTenants, values: FormValues, errors: readonly FieldError[]): SafeHtml {
  const { t, p } = viewTools(locale);
  const id = fieldId('municipalities');
  const error = errorOf(errors, 'municipalities');
  const box = (name: string, boxId: string, label: string) => html`<div class="kern-form-check${error ? ' kern-form-check--error' : ''}">
      <input class="kern-form-check__checkbox" type="checkbox" id="${boxId}" name="${name}" value="ja"${attr('checked', values[name] === 'ja')}>
      <label class="kern-label" for="${boxId}">${label}</label>
    </div>`;
  return html`<fieldset class="kern-fieldset${error ? ' kern-fieldset--error' : ''}"${attr('aria-describedby', error ? `${id}-error` : undefined)}>
  <legend class="kern-label">${t('municipalities.legend')}</legend>
  ${error ? html`<p class="kern-error" id="${id}-error"><span class="kern-sr-only">${p('field.errorPrefix')} </span>${error}</p>` : ''}
  <div class="kern-fieldset__body">
    ${box('alle', id, t('municipalities.all'))}
    ${tenants.municipalities.map((m) => box(municipalityField(m.slug), fieldId(municipalityField(m.slug)), m.name))}
  </div>
</fieldset>`;
}

export function ruleFormPage(
  locale: Locale,
  csrf: string,
  state: { tenants: DistrictTenants; group?: RuleGroup; serviceName?: string; values: FormValues; issues?: ValidationIssue[] },
): Page {
  const { t, p, errorsFor } = viewTools(locale);
  const errors = errorsFor(state.issues ?? []);
  const { district, municipalities } = state.tenants;
  const group = state.group;
  const v = state.values;
  const title = group ? t('bo.rule.editTitle') : t('bo.rule.newTitle');
  return {
    title: group ? `${title}: ${state.serviceName ?? group.serviceKey}` : title,
    hasErrors: errors.length > 0,
    content: html`${errorSummary(p('errorSummary.title'), errors)}
<p class="kern-preline">${district.officialName}</p>
<h1 class="kern-heading-x-large">${title}</h1>
${group ? html`<p class="kern-body kern-body--large">${state.serviceName} (${group.serviceKey})</p>` : ''}
${postForm(
  group ? ruleUrl(group) : '/verwaltung/zustaendigkeiten/neu',
  csrf,
  html`${group
    ? ''
    : textField({ name: 'serviceKey', label: t('serviceKey.label'), hint: t('serviceKey.hint'), value: v.serviceKey, error: errorOf(errors, 'serviceKey'), errorPrefix: p('field.errorPrefix'), inputmode: 'numeric' })}
${municipalityChoices(locale, state.tenants, v, errors)}
${radioGroup({
  name: 'responsible',
  legend: t('responsible.legend'),
  value: v.responsible,
  choices: [
    { value: district.slug, label: district.name },
    { value: selfChoice, label: t('bo.rules.self') },
    ...municipalities.map((m) => ({ value: m.slug, label: m.name })),
  ],
  error: errorOf(errors, 'responsible'),
  errorPrefix: p('field.errorPrefix'),
})}
${textArea({ name: 'legalBasis', label: t('legalBasis.label'), hint: t('legalBasis.hint'), value: v.legalBasis, error: errorOf(errors, 'legalBasis'), errorPrefix: p('field.errorPrefix'), rows: 3 })}
${button(t('bo.save'))}`,
)}
<p class="kern-body"><a class="kern-link" href="/verwaltung/zustaendigkeiten">${t('bo.back')}</a></p>`,
  };
}
