import { attr, html, type SafeHtml } from '../../../platform/views/html.ts';
import { assetUrl } from '../../../platform/views/assets.ts';
import { translator, type Locale } from '../../../platform/i18n/i18n.ts';
import { maxQueryLength } from './query-plan.ts';
import { searchMessages } from './messages.ts';

/** Where the form sends the query, and where the suggestions come from. */
export const searchPath = '/leistungen';
export const suggestPath = '/api/v1/suggest';
export const searchScript = 'catalog-search.js';

export type SearchFormOptions = {
  /** The query to show in the field (the current search). */
  value?: string;
  /** Prefix of the element ids: two forms on one page need different ones. */
  idPrefix?: string;
};

/**
 * The service search as a reusable block (the results page, later the home page): a plain GET
 * form with a labelled field, which works without JavaScript. The script (assets/catalog-search.js)
 * turns the field into a combobox with suggestions; the texts it announces come from here, in the
 * page's language, as data attributes.
 */
export function serviceSearchForm(locale: Locale, options: SearchFormOptions = {}): SafeHtml {
  const t = translator(searchMessages, locale);
  const id = `${options.idPrefix ?? 'service-search'}-q`;
  return html`<form class="service-search" method="get" action="${searchPath}" role="search" aria-label="${t('form.landmark')}"
  data-service-search data-suggest-url="${suggestPath}" data-suggest-label="${t('suggest.label')}"
  data-msg-one="${t('suggest.countOne')}" data-msg-many="${t('suggest.countMany')}" data-msg-none="${t('suggest.none')}">
  <div class="kern-form-input">
    <label class="kern-label" for="${id}">${t('form.label')}</label>
    <div class="kern-hint" id="${id}-hint">${t('form.hint')}</div>
    <input class="kern-form-input__input" id="${id}" name="q" type="search" maxlength="${maxQueryLength}" enterkeyhint="search" aria-describedby="${id}-hint"${attr('value', options.value || undefined)}>
  </div>
  <button type="submit" class="kern-btn kern-btn--primary"><span class="kern-label">${t('form.submit')}</span></button>
</form>
<script src="${assetUrl(searchScript)}" defer></script>`;
}
