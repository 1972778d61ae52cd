/** The page of a service's status model: its work steps and rules (form.ts reads it back). */
import { translator, type Locale } from '../../../../platform/i18n/i18n.ts';
import { platformMessages } from '../../../../platform/i18n/platform-messages.ts';
import { attr, html, type SafeHtml } from '../../../../platform/views/html.ts';
import { button, errorOf, errorSummary, fieldId, notice, postForm, textField, type FieldError } from '../../../../platform/views/components.ts';
import { modelPath, settingsPath } from '../../decisions/web/settings-view.ts';
import { rowField, type ModelFormValues } from '../form.ts';
import { maxSteps, type StatusModel } from '../model.ts';
import { statusModelMessages } from '../messages.ts';

export type ModelPageView = {
  serviceKey: string;
  serviceName: string;
  current: StatusModel;
  /** Open cases that follow another version than the current one. */
  openOnOlder: number;
  values: ModelFormValues;
  errors: FieldError[];
  saved: 'changed' | 'unchanged' | undefined;
};

function checkbox(name: string, label: string, checked: boolean): SafeHtml {
  const id = fieldId(name);
  return html`<div class="kern-form-check">
  <input class="kern-form-check__checkbox" type="checkbox" id="${id}" name="${name}" value="ja"${checked ? html` checked` : ''}>
  <label class="kern-label" for="${id}">${label}</label>
</div>`;
}

export function statusModelPage(view: ModelPageView, csrf: string, locale: Locale): { title: string; content: SafeHtml; hasErrors: boolean } {
  const t = translator(statusModelMessages, locale);
  const errorPrefix = translator(platformMessages, locale)('field.errorPrefix');
  const title = t('model.title', { service: view.serviceName });
  const version = view.current.version;
  const rows = view.values.rows.map((row, index) => html`<fieldset class="kern-fieldset">
  <legend class="kern-label">${t('model.step', { n: index + 1 })}</legend>
  <input type="hidden" name="${rowField(index, 'key')}"${attr('value', row.key)}>
  ${textField({ name: rowField(index, 'de'), label: t('model.stepDe'), value: row.de, error: errorOf(view.errors, rowField(index, 'de')), errorPrefix })}
  ${textField({ name: rowField(index, 'en'), label: t('model.stepEn'), value: row.en, error: errorOf(view.errors, rowField(index, 'en')), errorPrefix, spellcheck: false })}
  ${textField({ name: rowField(index, 'position'), label: t('model.stepPosition'), hint: t('model.stepPositionHint'), value: row.position, error: errorOf(view.errors, rowField(index, 'position')), errorPrefix, width: 2, inputmode: 'numeric' })}
  ${checkbox(rowField(index, 'shown'), t('model.stepShown'), row.shown)}
</fieldset>`);
  return {
    title,
    hasErrors: view.errors.length > 0,
    content: html`<p class="kern-body"><a class="kern-link" href="${settingsPath}/${view.serviceKey}">${t('model.back')}</a></p>
${errorSummary(translator(platformMessages, locale)('errorSummary.title'), view.errors)}
${view.saved === 'changed' && version !== null ? notice('success', t('model.saved', { version })) : ''}
${view.saved === 'unchanged' ? notice('info', t('model.unchanged')) : ''}
<h1 class="kern-heading-x-large">${title}</h1>
<p class="kern-body kern-body--large">${t('model.lead')}</p>
<p class="kern-body">${version === null ? t('model.default') : t('model.current', { version })} ${t('model.versionInfo')}</p>
${view.openOnOlder > 0 ? html`<p class="kern-body">${t('model.openOlder', { count: view.openOnOlder })}</p>` : ''}
${postForm(modelPath(view.serviceKey), csrf, html`<h2 class="kern-heading-medium">${t('model.stepsTitle')}</h2>
<p class="kern-body">${t('model.stepsHint', { max: maxSteps })}</p>
${rows}
<h2 class="kern-heading-medium">${t('model.optionsTitle')}</h2>
${checkbox('queries', t('model.queries'), view.values.queries)}
${checkbox('directDecision', t('model.directDecision'), view.values.directDecision)}
${checkbox('anyOrder', t('model.anyOrder'), view.values.anyOrder)}
${button(t('model.save'))}`)}`,
  };
}
