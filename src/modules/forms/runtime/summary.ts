/**
 * "Check your answers" (GOV.UK pattern): every answered, applicable question in form order with
 * its step, so the page can render a summary list with a "Ändern" link to the step. Answers of
 * skipped steps and hidden fields do not appear (they are pruned, Art. 5 (1) c DSGVO). Groups
 * appear as one row with an entry per item ("Hund 1", "Hund 2"), each with its own rows.
 */
import type { Field, FormDefinition } from '../definition/types.ts';
import type { Locale } from '../../../platform/i18n/i18n.ts';
import { translator } from '../../../platform/i18n/i18n.ts';
import { isFilled } from './answers.ts';
import type { Answers } from './answers.ts';
import { displayLines } from './display.ts';
import { pruneAnswers, visibleSteps } from './journey.ts';
import { summaryMessages } from './messages.ts';
import { groupItems, visibleFields } from './visibility.ts';

export type DisplayValue = { lines: readonly string[] } | { items: readonly SummaryItem[] };
export type SummaryItem = { label: string; rows: readonly SummaryRow[] };
export type SummaryRow = { stepId: string; fieldId: string; label: string; displayValue: DisplayValue };

export function checkYourAnswers(def: FormDefinition, answers: Answers, locale: Locale): SummaryRow[] {
  const kept = pruneAnswers(def, answers);
  // Pruned answers hold only what applies, so each step's conditions can see all of them.
  return visibleSteps(def, kept).flatMap((step) => fieldRows(step.id, step.fields, kept, {}, locale));
}

function fieldRows(stepId: string, fields: readonly Field[], values: Answers, outer: Answers, locale: Locale): SummaryRow[] {
  const t = translator(summaryMessages, locale);
  const rows: SummaryRow[] = [];
  for (const { field, value, scope } of visibleFields(fields, values, outer)) {
    if (!isFilled(value) || value === undefined) continue;
    const label = field.label[locale];
    if (field.type === 'group') {
      const items = groupItems(value).map((item, index) => ({
        label: t('item', { item: field.itemLabel[locale], number: index + 1 }),
        rows: fieldRows(stepId, field.fields, item, scope, locale),
      }));
      rows.push({ stepId, fieldId: field.id, label, displayValue: { items } });
    } else {
      rows.push({ stepId, fieldId: field.id, label, displayValue: { lines: displayLines(field, value, locale) } });
    }
  }
  return rows;
}
