/**
 * The structured editor: the form's texts and steps, one step with its fields, one field with
 * the settings of its type, and the raw JSON view. Plain HTML forms, one action each, so the
 * editor works without JavaScript; moving and removing are small forms with one button.
 */
import { html, type SafeHtml } from '../../../platform/views/html.ts';
import { button, errorOf, errorSummary, notice, postForm, selectField, textAreaField, textField, type FieldError } from '../../../platform/views/components.ts';
import type { Locale } from '../../../platform/i18n/i18n.ts';
import { fieldExtraProperties, fieldTypes, isFieldType, type PropertySpec } from '../definition/field-types.ts';
import type { DefinitionProblem } from '../store/index.ts';
import { fieldsOf, isRec, stepsOf, str, texts, type Rec } from './draft-document.ts';
import { optionLines, simpleCondition } from './editor-input.ts';
import type { FormContext } from './form-context.ts';
import { formBase, nextDraftVersion } from './form-context.ts';
import type { Hint } from './list-views.ts';
import { hintNotice } from './list-views.ts';
import type { AdminMessageKey } from './messages.ts';
import { problemPanel } from './problems-view.ts';
import { actionButton, checkbox, formNav, heading, hiddenStand, textsInputs, viewTools, type Page, type Tools } from './view-tools.ts';

export type EditorState = { context: FormContext; tenantName: string; csrf: string; doc: Rec; hint?: Hint | undefined; errors?: FieldError[]; problems?: readonly DefinitionProblem[] };

function editingLine(tools: Tools, context: FormContext): string {
  return context.draft
    ? tools.t('edit.editingDraft', { version: context.draft.version })
    : tools.t('edit.editingPublished', { version: context.working.version, next: nextDraftVersion(context) });
}

function frame(tools: Tools, state: EditorState, title: string, body: SafeHtml, current: 'edit' | 'json' = 'edit'): Page {
  const errors = state.errors ?? [];
  const base = formBase(state.context.formId);
  return {
    title,
    hasErrors: errors.length > 0,
    content: html`${errorSummary(tools.p('errorSummary.title'), errors)}
${hintNotice(tools.locale, state.hint)}
${heading(state.tenantName, title, editingLine(tools, state.context))}
${formNav(tools, base, current)}
${problemPanel(tools, state.doc, base, state.problems ?? state.context.problems)}
${body}`,
  };
}

const typeChoices = (tools: Tools) => fieldTypes.map((type) => ({ value: type, label: tools.t(`fieldType.${type}`) }));

export function formEditorPage(locale: Locale, state: EditorState, values?: Rec): Page {
  const tools = viewTools(locale);
  const { t, errorPrefix } = tools;
  const doc = values ?? state.doc;
  const base = formBase(state.context.formId);
  const errors = state.errors ?? [];
  const declaration = isRec(doc.declaration) ? doc.declaration : {};
  const stand = hiddenStand(state.context.working.definitionSha256);
  const steps = stepsOf(state.doc);
  const rows = steps.map((step, index) => {
    const name = texts(step.title)[locale] || str(step.id);
    return html`<tr class="kern-table__row">
  <td class="kern-table__cell">${index + 1}</td>
  <td class="kern-table__cell"><a class="kern-link" href="${base}/schritte/${index}">${name}</a></td>
  <td class="kern-table__cell"><code>${str(step.id)}</code></td>
  <td class="kern-table__cell">${fieldsOf(step).length}</td>
  <td class="kern-table__cell">
    ${index > 0 ? actionButton(`${base}/schritte/${index}/aktion`, state.csrf, t('edit.up'), name, { aktion: 'hoch', stand: state.context.working.definitionSha256 }) : ''}
    ${index < steps.length - 1 ? actionButton(`${base}/schritte/${index}/aktion`, state.csrf, t('edit.down'), name, { aktion: 'runter', stand: state.context.working.definitionSha256 }) : ''}
    ${actionButton(`${base}/schritte/${index}/aktion`, state.csrf, t('edit.remove'), name, { aktion: 'entfernen', stand: state.context.working.definitionSha256 })}
  </td>
</tr>`;
  });
  const body = html`<h2 class="kern-heading-medium">${t('edit.texts')}</h2>
${postForm(`${base}/bearbeiten`, state.csrf, html`${stand}
${textsInputs(tools, 'title', texts(doc.title), errors)}
${textsInputs(tools, 'intro', texts(doc.intro), errors, { multiline: true, hint: t('intro.hint') })}
${textsInputs(tools, 'declaration.text', texts(declaration.text), errors, { multiline: true, hint: t('declaration.hint') })}
${textsInputs(tools, 'declaration.confirmLabel', texts(declaration.confirmLabel), errors)}
${button(t('edit.save'))}`)}
<h2 class="kern-heading-medium">${t('edit.steps')}</h2>
${steps.length === 0 ? html`<p class="kern-body">${t('edit.noSteps')}</p>` : html`<div class="kern-table-responsive"><table class="kern-table">
  <thead class="kern-table__header"><tr class="kern-table__row">
    <th class="kern-table__header" scope="col">#</th><th class="kern-table__header" scope="col">${t('col.title')}</th>
    <th class="kern-table__header" scope="col">${t('col.slug')}</th><th class="kern-table__header" scope="col">${t('col.fields')}</th>
    <th class="kern-table__header" scope="col">${t('col.actions')}</th>
  </tr></thead><tbody class="kern-table__body">${rows}</tbody></table></div>`}
<h3 class="kern-heading-small">${t('edit.addStep')}</h3>
${postForm(`${base}/schritte`, state.csrf, html`${stand}
${textField({ name: 'stepId', label: t('stepId.label'), hint: t('id.hint'), value: values ? undefined : '', error: errorOf(errors, 'stepId'), errorPrefix, spellcheck: false })}
${textsInputs(tools, 'title', { de: '', en: '' }, [])}
${button(t('edit.addStep'), 'secondary')}`)}`;
  return frame(tools, state, t('edit.title', { title: texts(state.doc.title)[locale] || state.context.title }), body);
}

function conditionInputs(tools: Tools, condition: unknown, candidates: readonly Rec[], errors: readonly FieldError[], posted?: Rec): SafeHtml {
  const { t, errorPrefix } = tools;
  if (condition !== undefined && simpleCondition(condition) === undefined) {
    return html`<fieldset class="kern-fieldset"><legend class="kern-label">${t('condition.legend')}</legend>
  <div class="kern-fieldset__body"><p class="kern-body">${t('condition.complex')}</p><pre class="kern-body kern-body--small">${JSON.stringify(condition, null, 2)}</pre>
  ${checkbox('conditionRemove', t('conditionRemove.label'), false)}</div></fieldset>`;
  }
  const simple = simpleCondition(condition);
  const chosen = posted ? str(posted.conditionField) : (simple?.field ?? '');
  const value = posted ? str(posted.conditionValue) : (simple?.equals ?? '');
  return html`<fieldset class="kern-fieldset"><legend class="kern-label">${t('condition.legend')}</legend>
  <div class="kern-fieldset__body">
  ${selectField({
    name: 'conditionField',
    label: t('conditionField.label'),
    hint: t('conditionField.hint'),
    placeholder: t('conditionField.none'),
    value: chosen,
    choices: candidates.map((candidate) => ({ value: str(candidate.id), label: `${texts(candidate.label)[tools.locale] || str(candidate.id)} (${str(candidate.id)})` })),
    error: errorOf(errors, 'conditionField'),
    errorPrefix,
  })}
  ${textField({ name: 'conditionValue', label: t('conditionValue.label'), value, error: errorOf(errors, 'conditionValue'), errorPrefix })}
  </div></fieldset>`;
}

export function stepEditorPage(locale: Locale, state: EditorState & { stepIndex: number; candidates: Rec[] }, posted?: { step: Rec; body: Rec }): Page {
  const tools = viewTools(locale);
  const { t, errorPrefix } = tools;
  const base = formBase(state.context.formId);
  const saved = stepsOf(state.doc)[state.stepIndex] ?? {};
  const step = posted?.step ?? saved;
  const errors = state.errors ?? [];
  const stepBase = `${base}/schritte/${state.stepIndex}`;
  const sha = state.context.working.definitionSha256;
  const fields = fieldsOf(saved);
  const rows = fields.map((field, index) => {
    const name = texts(field.label)[locale] || str(field.id);
    const type = isFieldType(field.type) ? t(`fieldType.${field.type}`) : str(field.type);
    return html`<tr class="kern-table__row">
  <td class="kern-table__cell"><a class="kern-link" href="${stepBase}/felder/${index}">${name}</a></td>
  <td class="kern-table__cell"><code>${str(field.id)}</code></td>
  <td class="kern-table__cell">${type}</td>
  <td class="kern-table__cell">${field.required === true ? t('yes') : t('no')}</td>
  <td class="kern-table__cell">
    ${index > 0 ? actionButton(`${stepBase}/felder/${index}/aktion`, state.csrf, t('edit.up'), name, { aktion: 'hoch', stand: sha }) : ''}
    ${index < fields.length - 1 ? actionButton(`${stepBase}/felder/${index}/aktion`, state.csrf, t('edit.down'), name, { aktion: 'runter', stand: sha }) : ''}
    ${actionButton(`${stepBase}/felder/${index}/aktion`, state.csrf, t('edit.remove'), name, { aktion: 'entfernen', stand: sha })}
  </td>
</tr>`;
  });
  const title = t('step.title', { number: state.stepIndex + 1, title: texts(saved.title)[locale] || str(saved.id) });
  const body = html`<p class="kern-body"><a class="kern-link" href="${base}/bearbeiten">${t('step.back')}</a></p>
<h2 class="kern-heading-medium">${t('step.texts')}</h2>
${postForm(stepBase, state.csrf, html`${hiddenStand(sha)}
${textsInputs(tools, 'title', texts(step.title), errors)}
${textsInputs(tools, 'intro', texts(step.intro), errors, { multiline: true, hint: t('intro.hint') })}
${conditionInputs(tools, saved.condition, state.candidates, errors, posted?.body)}
${button(t('edit.save'))}`)}
<h2 class="kern-heading-medium">${t('step.fields')}</h2>
${fields.length === 0 ? html`<p class="kern-body">${t('step.noFields')}</p>` : html`<div class="kern-table-responsive"><table class="kern-table">
  <thead class="kern-table__header"><tr class="kern-table__row">
    <th class="kern-table__header" scope="col">${t('col.field')}</th><th class="kern-table__header" scope="col">${t('col.slug')}</th>
    <th class="kern-table__header" scope="col">${t('col.type')}</th><th class="kern-table__header" scope="col">${t('col.required')}</th>
    <th class="kern-table__header" scope="col">${t('col.actions')}</th>
  </tr></thead><tbody class="kern-table__body">${rows}</tbody></table></div>`}
<h3 class="kern-heading-small">${t('step.addField')}</h3>
${postForm(`${stepBase}/felder`, state.csrf, html`${hiddenStand(sha)}
${textField({ name: 'fieldId', label: t('fieldId.label'), hint: t('id.hint'), error: errorOf(errors, 'fieldId'), errorPrefix, spellcheck: false })}
${selectField({ name: 'type', label: t('type.label'), choices: typeChoices(tools), value: 'text', error: errorOf(errors, 'type'), errorPrefix })}
${textsInputs(tools, 'label', { de: '', en: '' }, errors)}
${button(t('step.addField'), 'secondary')}`)}`;
  return frame(tools, state, title, body);
}

/** Labels of a type's settings where the same input name means different things per type. */
function settingLabel(tools: Tools, type: string, name: string): string {
  if (type === 'money' && (name === 'min' || name === 'max')) return tools.t(name === 'min' ? 'moneyMin.label' : 'moneyMax.label');
  if (type === 'date' && (name === 'min' || name === 'max')) return tools.t(name === 'min' ? 'dateMin.label' : 'dateMax.label');
  return tools.t(`${name}.label` as AdminMessageKey);
}

function settingInput(tools: Tools, type: string, name: string, spec: PropertySpec, field: Rec, errors: readonly FieldError[], raw: Rec | undefined): SafeHtml {
  const { t, errorPrefix } = tools;
  const label = settingLabel(tools, type, name);
  const error = errorOf(errors, name);
  const posted = raw ? str(raw[name]) : undefined;
  switch (spec.kind) {
    case 'localized':
      return textsInputs(tools, name, texts(field[name]), errors);
    case 'boolean':
      return checkbox(name, label, field[name] === true);
    case 'options':
      return textAreaField({ name, label, hint: t('options.hint'), value: posted ?? optionLines(field.options), error, errorPrefix, rows: 6 });
    case 'accept':
      return textField({ name, label, hint: t('accept.hint'), value: posted ?? (Array.isArray(field.accept) ? field.accept.map(str).join(', ') : ''), error, errorPrefix });
    case 'fields':
      return html`<p class="kern-body">${t('field.groupFields')}</p>`;
    case 'dateBound':
      return textField({ name, label, hint: t('dateBound.hint'), value: posted ?? str(field[name]), error, errorPrefix, width: 4 });
    case 'regex':
      return textField({ name, label, hint: t('pattern.hint'), value: posted ?? str(field[name]), error, errorPrefix, spellcheck: false });
    case 'string':
      return textField({ name, label, value: posted ?? str(field[name]), error, errorPrefix, spellcheck: false });
    default:
      return textField({ name, label, value: posted ?? str(field[name]), error, errorPrefix, inputmode: 'decimal', width: 4 });
  }
}

export function fieldEditorPage(locale: Locale, state: EditorState & { stepIndex: number; fieldIndex: number; candidates: Rec[] }, posted?: { field: Rec; body: Rec }): Page {
  const tools = viewTools(locale);
  const { t, errorPrefix } = tools;
  const base = formBase(state.context.formId);
  const saved = fieldsOf(stepsOf(state.doc)[state.stepIndex] ?? {})[state.fieldIndex] ?? {};
  const field = posted?.field ?? saved;
  const errors = state.errors ?? [];
  const type = str(field.type);
  const specs: Record<string, PropertySpec> = isFieldType(type) ? fieldExtraProperties[type] : {};
  const settings = Object.entries(specs).map(([name, spec]) => settingInput(tools, type, name, spec, field, errors, posted?.body));
  const action = `${base}/schritte/${state.stepIndex}/felder/${state.fieldIndex}`;
  const title = t('field.title', { label: texts(saved.label)[locale] || str(saved.id) });
  const body = html`<p class="kern-body"><a class="kern-link" href="${base}/schritte/${state.stepIndex}">${t('field.back')}</a></p>
${postForm(action, state.csrf, html`${hiddenStand(state.context.working.definitionSha256)}
<h2 class="kern-heading-medium">${t('field.basics')}</h2>
${textField({ name: 'id', label: t('fieldId.label'), hint: t('id.hint'), value: str(field.id), error: errorOf(errors, 'id'), errorPrefix, spellcheck: false })}
${selectField({ name: 'type', label: t('type.label'), hint: t('type.hint'), choices: typeChoices(tools), value: type, error: errorOf(errors, 'type'), errorPrefix })}
${textsInputs(tools, 'label', texts(field.label), errors)}
${textsInputs(tools, 'help', texts(field.help), errors, { multiline: true })}
${checkbox('required', t('required.yes'), field.required === true)}
<h2 class="kern-heading-medium">${t('field.settings')}</h2>
${settings.length === 0 ? html`<p class="kern-body">${t('field.noSettings')}</p>` : settings}
${conditionInputs(tools, saved.condition, state.candidates, errors, posted?.body)}
${button(t('edit.save'))}`)}`;
  return frame(tools, state, title, body);
}

export function jsonEditorPage(locale: Locale, state: EditorState, text?: string): Page {
  const tools = viewTools(locale);
  const { t, errorPrefix } = tools;
  const base = formBase(state.context.formId);
  const errors = state.errors ?? [];
  const body = html`<p class="kern-body">${t('json.lead')}</p>
${postForm(`${base}/json`, state.csrf, html`${hiddenStand(state.context.working.definitionSha256)}
${textAreaField({ name: 'json', label: t('json.label'), value: text ?? JSON.stringify(state.doc, null, 2), error: errorOf(errors, 'json'), errorPrefix, rows: 30 })}
${button(t('edit.save'))}`)}`;
  return frame(tools, state, t('json.title', { title: state.context.title }), body, 'json');
}

export function brokenDraftPage(locale: Locale, state: EditorState): Page {
  const tools = viewTools(locale);
  return frame(tools, state, tools.t('edit.title', { title: state.context.title }), notice('warning', tools.t('edit.broken')));
}

export function conflictPage(locale: Locale, href: string): Page {
  const { t } = viewTools(locale);
  return {
    title: t('edit.conflict.title'),
    status: 409,
    content: html`<h1 class="kern-heading-x-large">${t('edit.conflict.title')}</h1>
<p class="kern-body">${t('edit.conflict.body')}</p>
<p class="kern-body"><a class="kern-link" href="${href}">${t('edit.conflict.reload')}</a></p>`,
  };
}
