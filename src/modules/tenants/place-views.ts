import { html, type SafeHtml } from '../../platform/views/html.ts';
import { button, errorSummary, postForm, radioGroup, selectField, textField, type FieldError } from '../../platform/views/components.ts';
import { translator, type Locale } from '../../platform/i18n/i18n.ts';
import { platformMessages } from '../../platform/i18n/platform-messages.ts';
import { tenantMessages } from './messages.ts';
import type { Tenant } from './store.ts';

type Page = { title: string; content: SafeHtml; hasErrors?: boolean };

export function placePage(
  locale: Locale,
  csrf: string,
  state: { municipalities: Tenant[]; back: string; current: string | null; input?: string; error?: FieldError },
): Page {
  const t = translator(tenantMessages, locale);
  const p = translator(platformMessages, locale);
  const errors = state.error ? [state.error] : [];
  const errorFor = (name: string) => errors.find((e) => e.field === name)?.message;
  return {
    title: t('place.title'),
    hasErrors: errors.length > 0,
    content: html`${errorSummary(p('errorSummary.title'), errors)}
<h1 class="kern-heading-x-large">${t('place.title')}</h1>
<p class="kern-body kern-body--large">${t('place.lead')}</p>
${postForm(
  `/wohnort?zurueck=${encodeURIComponent(state.back)}`,
  csrf,
  html`${textField({ name: 'ort', label: t('place.input.label'), hint: t('place.input.hint'), value: state.input, error: errorFor('ort'), errorPrefix: p('field.errorPrefix'), autocomplete: 'postal-code' })}
<p class="kern-body">${t('place.or')}</p>
${selectField({
  name: 'gemeinde',
  label: t('place.select.label'),
  placeholder: t('place.select.none'),
  value: state.current ?? undefined,
  choices: state.municipalities.map((m) => ({ value: m.slug, label: m.name })),
  errorPrefix: p('field.errorPrefix'),
})}
${button(t('place.submit'))}`,
)}`,
  };
}

export function ambiguousPlacePage(locale: Locale, csrf: string, state: { postcode: string; tenants: Tenant[]; back: string; missing?: boolean }): Page {
  const t = translator(tenantMessages, locale);
  const p = translator(platformMessages, locale);
  const errors: FieldError[] = state.missing ? [{ field: 'gemeinde', message: t('place.ambiguous.required') }] : [];
  return {
    title: t('place.ambiguous.title'),
    hasErrors: errors.length > 0,
    content: html`${errorSummary(p('errorSummary.title'), errors)}
<h1 class="kern-heading-x-large">${t('place.ambiguous.title')}</h1>
${postForm(
  `/wohnort?zurueck=${encodeURIComponent(state.back)}`,
  csrf,
  html`<input type="hidden" name="ort" value="${state.postcode}"><input type="hidden" name="nachfrage" value="1">
${radioGroup({
  name: 'gemeinde',
  legend: t('place.ambiguous.lead', { postcode: state.postcode }),
  choices: state.tenants.map((tenant) => ({ value: tenant.slug, label: tenant.name })),
  error: errors[0]?.message,
  errorPrefix: p('field.errorPrefix'),
})}
${button(t('place.submit'))}`,
)}`,
  };
}
