/**
 * One form field as KERN markup, filled from raw input (see raw-answers.ts). Input names are the
 * ones parse-field.ts reads (`anschrift.street`, `hunde[0].rasse`), error keys the issue paths.
 */
import type { Field, GroupField } from '../definition/types.ts';
import { html, type SafeHtml } from '../../../platform/views/html.ts';
import { radioGroup, selectField, textAreaField, textField } from '../../../platform/views/components.ts';
import type { Locale } from '../../../platform/i18n/i18n.ts';
import { translator } from '../../../platform/i18n/i18n.ts';
import { platformMessages } from '../../../platform/i18n/platform-messages.ts';
import { groupIndices, single, type RawInput } from '../runtime/raw-input.ts';
import { checkboxGroup, fieldset } from './choice-views.ts';
import { applyMessages } from './messages.ts';
import { fileField, type UploadView } from './upload-views.ts';

/** `uploads` is set on steps whose form takes files (see upload-views.ts). */
export type FieldContext = { input: RawInput; errors: ReadonlyMap<string, string>; locale: Locale; uploads?: UploadView };

/** Text-like inputs: the HTML type and input mode that give the right keyboard on phones. */
const inputs: Partial<Record<Field['type'], { type?: 'email' | 'tel'; inputmode?: string; autocomplete?: string; width?: 2 | 4 }>> = {
  email: { type: 'email', autocomplete: 'email' },
  phone: { type: 'tel', autocomplete: 'tel' },
  number: { inputmode: 'decimal', width: 4 },
  money: { inputmode: 'decimal', width: 4 },
  date: { width: 4 },
  postcode: { inputmode: 'numeric', autocomplete: 'postal-code', width: 2 },
  iban: {},
  text: {},
};

export function renderField(field: Field, name: string, context: FieldContext): SafeHtml {
  const t = translator(applyMessages, context.locale);
  const errorPrefix = translator(platformMessages, context.locale)('field.errorPrefix');
  const label = field.label[context.locale];
  const hint = field.help?.[context.locale];
  const error = context.errors.get(name);
  const value = single(context.input, name);
  const common = { name, hint, error, errorPrefix };
  switch (field.type) {
    case 'textarea':
      return textAreaField({ ...common, label, value });
    case 'select':
      return selectField({ ...common, label, value, placeholder: t('choose'), choices: field.options.map((o) => ({ value: o.value, label: o.label[context.locale] })) });
    case 'radios':
      return radioGroup({ ...common, legend: label, value, choices: field.options.map((o) => ({ value: o.value, label: o.label[context.locale] })) });
    case 'yesno':
      return radioGroup({ ...common, legend: label, value, choices: [{ value: 'ja', label: t('yes') }, { value: 'nein', label: t('no') }] });
    case 'checkboxes':
      return checkboxGroup(field, name, context, errorPrefix);
    case 'address':
      return fieldset(label, hint, error, errorPrefix, name, [
        textField({ name: `${name}.street`, label: t('street'), value: single(context.input, `${name}.street`), autocomplete: 'street-address', error: context.errors.get(`${name}.street`), errorPrefix }),
        textField({ name: `${name}.postcode`, label: t('postcode'), value: single(context.input, `${name}.postcode`), autocomplete: 'postal-code', inputmode: 'numeric', width: 2, error: context.errors.get(`${name}.postcode`), errorPrefix }),
        textField({ name: `${name}.place`, label: t('place'), value: single(context.input, `${name}.place`), autocomplete: 'address-level2', error: context.errors.get(`${name}.place`), errorPrefix }),
      ]);
    case 'file':
      // Top-level file fields take uploads; inside a repeatable group (items are renumbered)
      // files are not supported yet and the field is only explained.
      if (context.uploads && name === field.id) return fileField(field, context.uploads, error, errorPrefix, context.locale);
      return fieldset(label, hint, error, errorPrefix, name, html`<p class="kern-body">${t('fileLater')}</p>`);
    case 'group':
      return renderGroup(field, name, context);
    default: {
      const kind = inputs[field.type] ?? {};
      const autocomplete = field.type === 'text' ? field.autocomplete : kind.autocomplete;
      return textField({
        ...common,
        label,
        value,
        optionalLabel: field.required ? undefined : t('optional'),
        ...(kind.type ? { type: kind.type } : {}),
        ...(kind.inputmode ? { inputmode: kind.inputmode } : {}),
        ...(autocomplete ? { autocomplete } : {}),
        ...(kind.width ? { width: kind.width } : {}),
      });
    }
  }
}

/** The items entered so far plus one empty item; "add another" posts the page and shows a new empty one. */
function renderGroup(field: GroupField, name: string, context: FieldContext): SafeHtml {
  const t = translator(applyMessages, context.locale);
  const errorPrefix = translator(platformMessages, context.locale)('field.errorPrefix');
  const count = groupIndices(context.input, name).length;
  const items = Array.from({ length: count + 1 }, (_, index) =>
    html`<fieldset class="kern-fieldset"><legend class="kern-label">${field.itemLabel[context.locale]} ${index + 1}</legend>
    <div class="kern-fieldset__body">${field.fields.map((child) => renderField(child, `${name}[${index}].${child.id}`, context))}</div></fieldset>`,
  );
  return fieldset(field.label[context.locale], field.help?.[context.locale], context.errors.get(name), errorPrefix, name, html`${items}
  <div class="group-add"><button type="submit" name="_add" value="${name}" class="kern-btn kern-btn--secondary"><span class="kern-label">${t('addItem', { item: field.itemLabel[context.locale] })}</span></button></div>`);
}
