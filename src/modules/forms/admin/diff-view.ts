/**
 * A version comparison (diff-versions.ts) in sentences: what was added, removed or changed, with
 * the old and new wording where a reader needs it (titles, labels, the declaration).
 */
import { html, type SafeHtml } from '../../../platform/views/html.ts';
import type { FormChange } from '../store/index.ts';
import { isRec, str, texts } from './draft-document.ts';
import { badge, type Tools } from './view-tools.ts';

function text(tools: Tools, value: unknown): string {
  if (isRec(value) && ('de' in value || 'en' in value)) return texts(value)[tools.locale] || tools.t('diff.empty');
  if (value === undefined || value === null || value === '') return tools.t('diff.empty');
  if (typeof value === 'boolean') return value ? tools.t('yes') : tools.t('no');
  if (Array.isArray(value)) return value.map((item) => (isRec(item) ? str(item.value) : str(item))).join(', ');
  return str(value) || JSON.stringify(value);
}

function kindOf(change: FormChange): 'added' | 'removed' | 'changed' {
  if (change.kind.endsWith('_added')) return 'added';
  if (change.kind.endsWith('_removed')) return 'removed';
  return 'changed';
}

export function changeSentence(tools: Tools, change: FormChange): string {
  const { t } = tools;
  switch (change.kind) {
    case 'title_changed':
      return t('diff.title_changed', { before: text(tools, change.before), after: text(tools, change.after) });
    case 'step_added':
    case 'step_removed':
    case 'step_condition_changed':
      return t(`diff.${change.kind}`, { step: change.stepId });
    case 'step_renamed':
      return t('diff.step_renamed', { step: change.stepId, before: text(tools, change.before), after: text(tools, change.after) });
    case 'field_added':
    case 'field_removed':
      return t(`diff.${change.kind}`, { field: change.fieldId, step: change.stepId });
    case 'field_moved':
      return t('diff.field_moved', { field: change.fieldId, from: change.fromStepId, to: change.toStepId });
    case 'field_changed':
      return t(`diff.field_${change.aspect}`, { field: change.fieldId, before: text(tools, change.before), after: text(tools, change.after) });
    case 'field_details_changed':
      return t('diff.field_details_changed', { field: change.fieldId, properties: change.properties.join(', ') });
    case 'rule_added':
    case 'rule_removed':
    case 'rule_changed':
      return t(`diff.${change.kind}`, { rule: change.ruleId });
    case 'declaration_changed':
      return t('diff.declaration_changed', { after: text(tools, isRec(change.after) ? change.after.text : undefined) });
  }
}

export function changeList(tools: Tools, changes: readonly FormChange[]): SafeHtml {
  if (changes.length === 0) return html`<p class="kern-body">${tools.t('diff.none')}</p>`;
  const kinds = { added: 'success', removed: 'danger', changed: 'info' } as const;
  return html`<ul class="kern-list diff-list">${changes.map((change) => {
    const kind = kindOf(change);
    return html`<li class="diff-${kind}">${badge(kinds[kind], tools.t(`diff.${kind}`))} ${changeSentence(tools, change)}</li>`;
  })}</ul>`;
}
