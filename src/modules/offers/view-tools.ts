import { html, type HtmlValue, type SafeHtml } from '../../platform/views/html.ts';
import { errorOf, radioGroup, textAreaField, type FieldError } from '../../platform/views/components.ts';
import { translator, type Locale } from '../../platform/i18n/i18n.ts';
import { platformMessages } from '../../platform/i18n/platform-messages.ts';
import { issueMessages, type ValidationIssue } from '../../platform/validation.ts';
import { offerMessages, type OfferMessageKey } from './messages.ts';
import type { FormValues } from './form-parsing.ts';

export type Page = { title: string; content: SafeHtml; hasErrors?: boolean; status?: number };

/** Translators and the issue-to-message mapping of this module's pages. */
export function viewTools(locale: Locale) {
  const t = translator(offerMessages, locale);
  const p = translator(platformMessages, locale);
  const own = offerMessages[locale] as Record<string, string>;
  const errorsFor = (issues: readonly ValidationIssue[]): FieldError[] =>
    issueMessages(
      issues,
      (key, params) => {
        // One message for the seven weekday fields, naming the day.
        const hours = /^hours-(\d)\.invalid_hours$/.exec(key);
        if (hours) return t('hours.invalid', { day: t(`day.${hours[1]}` as OfferMessageKey) });
        return key in own ? t(key as OfferMessageKey, params) : undefined;
      },
      locale,
    );
  return { t, p, errorsFor };
}

/** Re-exported so this module's views take every view tool from one place. */
export { errorOf };

/** A multi-line field: the platform's component. */
export const textArea = textAreaField;

/** A yes/no question as two radios ("ja"/"nein"). */
export function yesNo(locale: Locale, name: string, legend: string, values: FormValues, errors: readonly FieldError[], hint?: string): SafeHtml {
  const { t, p } = viewTools(locale);
  return radioGroup({
    name,
    legend,
    hint,
    value: values[name],
    choices: [
      { value: 'ja', label: t('yes') },
      { value: 'nein', label: t('no') },
    ],
    error: errorOf(errors, name),
    errorPrefix: p('field.errorPrefix'),
  });
}

/** One row of a KERN description list. */
export function listItem(key: string, value: HtmlValue): SafeHtml {
  return html`<div class="kern-description-list-item"><dt class="kern-description-list-item__key">${key}</dt><dd class="kern-description-list-item__value">${value}</dd></div>`;
}
