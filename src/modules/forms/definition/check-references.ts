/**
 * Conditions and cross-field rules refer to fields by id. A reference must name an existing field
 * that is answered before or with the referring element (same or earlier step; a step's own
 * condition only earlier steps), must not leave the repeatable group item it is evaluated in, and
 * must compare with values the field can have.
 */
import type { FieldEntry } from './field-index.ts';
import { pointer, problemCodes as codes } from './problems.ts';
import type { ProblemList } from './problems.ts';
import type { Condition, CrossFieldRule, Field, FormDefinition } from './types.ts';

/** Where a reference is evaluated: on which step, inside which groups, and which ids are itself. */
type Scope = { stepIndex: number; groups: readonly string[]; strictlyEarlier: boolean; self: readonly string[] };

export function checkReferences(definition: FormDefinition, fields: readonly FieldEntry[], byId: ReadonlyMap<string, FieldEntry>, out: ProblemList): void {
  const resolve = referenceResolver(byId, out);
  for (const entry of fields) {
    if (!entry.field.condition) continue;
    const scope: Scope = { stepIndex: entry.stepIndex, groups: entry.groups, strictlyEarlier: false, self: [entry.field.id, ...entry.groups] };
    checkCondition(entry.field.condition, pointer(entry.path, 'condition'), scope, resolve, out);
  }
  definition.steps.forEach((step, stepIndex) => {
    if (!step.condition) return;
    const scope: Scope = { stepIndex, groups: [], strictlyEarlier: true, self: [] };
    checkCondition(step.condition, `/steps/${stepIndex}/condition`, scope, resolve, out);
  });
  definition.rules?.forEach((rule, index) => checkRule(rule, `/rules/${index}`, resolve, out));
}

type Resolve = (id: string, path: string, scope: Scope | undefined) => FieldEntry | undefined;

function referenceResolver(byId: ReadonlyMap<string, FieldEntry>, out: ProblemList): Resolve {
  return (id, path, scope) => {
    const target = byId.get(id);
    if (!target) {
      out.add(path, codes.unknownField, `no field has the id "${id}"`);
      return undefined;
    }
    if (!scope) return target;
    if (scope.self.includes(id)) {
      out.add(path, codes.selfReference, `"${id}" refers to the element itself or a group around it`);
    } else if (scope.strictlyEarlier ? target.stepIndex >= scope.stepIndex : target.stepIndex > scope.stepIndex) {
      const where = scope.strictlyEarlier ? 'an earlier step' : 'the same or an earlier step';
      out.add(path, codes.laterField, `"${id}" is answered on step ${target.stepIndex + 1}; a reference here needs a field on ${where}`);
    } else if (!target.groups.every((group, index) => scope.groups[index] === group)) {
      out.add(path, codes.groupScope, `"${id}" is inside the repeatable group "${target.groups.at(-1) ?? ''}"; only fields within the same group item can refer to it`);
    }
    return target;
  };
}

function checkCondition(condition: Condition, path: string, scope: Scope, resolve: Resolve, out: ProblemList): void {
  if ('all' in condition) return condition.all.forEach((part, index) => checkCondition(part, pointer(pointer(path, 'all'), index), scope, resolve, out));
  if ('any' in condition) return condition.any.forEach((part, index) => checkCondition(part, pointer(pointer(path, 'any'), index), scope, resolve, out));
  if ('not' in condition) return checkCondition(condition.not, pointer(path, 'not'), scope, resolve, out);
  const target = resolve(condition.field, pointer(path, 'field'), scope);
  if (!target) return;
  if ('equals' in condition) checkValue(target.field, condition.equals, pointer(path, 'equals'), out);
  if ('notEquals' in condition) checkValue(target.field, condition.notEquals, pointer(path, 'notEquals'), out);
  if ('in' in condition) condition.in.forEach((value, index) => checkValue(target.field, value, pointer(pointer(path, 'in'), index), out));
}

/** Whether a condition can ever compare the field's answer with this value. */
function checkValue(field: Field, value: string | number | boolean, path: string, out: ProblemList): void {
  switch (field.type) {
    case 'select':
    case 'radios':
    case 'checkboxes':
      if (!field.options.some((option) => option.value === value)) {
        out.add(path, codes.unknownOption, `"${String(value)}" is not an option of "${field.id}" (${field.options.map((o) => o.value).join(', ')})`);
      }
      return;
    case 'yesno':
      if (typeof value !== 'boolean') out.add(path, codes.typeMismatch, `"${field.id}" is a yes/no field: compare with true or false`);
      return;
    case 'number':
    case 'money':
      if (typeof value !== 'number') out.add(path, codes.typeMismatch, `"${field.id}" is a ${field.type} field: compare with a number`);
      return;
    case 'group':
    case 'file':
    case 'address':
      out.add(path, codes.typeMismatch, `"${field.id}" is a ${field.type} field: only "filled" can test it`);
      return;
    default:
      if (typeof value !== 'string') out.add(path, codes.typeMismatch, `"${field.id}" is a ${field.type} field: compare with a string`);
  }
}

const comparable: Record<'before' | 'after' | 'lessThan' | 'greaterThan', readonly Field['type'][]> = {
  before: ['date'],
  after: ['date'],
  lessThan: ['number', 'money', 'date'],
  greaterThan: ['number', 'money', 'date'],
};

/** A rule is checked when the step of its `field` is submitted, so all it reads must be answered by then. */
function checkRule(rule: CrossFieldRule, path: string, resolve: Resolve, out: ProblemList): void {
  const anchor = resolve(rule.field, pointer(path, 'field'), undefined);
  const scope: Scope | undefined = anchor && { stepIndex: anchor.stepIndex, groups: anchor.groups, strictlyEarlier: false, self: [] };
  const inScope = (id: string, at: string): FieldEntry | undefined => (scope ? resolve(id, at, scope) : resolve(id, at, undefined));
  if (rule.when && scope) checkCondition(rule.when, pointer(path, 'when'), scope, resolve, out);
  const checkPath = pointer(path, 'check');
  const check = rule.check;
  if ('anyFilled' in check) {
    check.anyFilled.forEach((id, index) => inScope(id, pointer(pointer(checkPath, 'anyFilled'), index)));
    return;
  }
  const [comparison, other] = comparisonOf(check);
  const left = inScope(check.field, pointer(checkPath, 'field'));
  const right = inScope(other, pointer(checkPath, comparison));
  for (const [entry, at] of [[left, 'field'], [right, comparison]] as const) {
    if (entry && !comparable[comparison].includes(entry.field.type)) {
      out.add(pointer(checkPath, at), codes.typeMismatch, `"${comparison}" compares ${comparable[comparison].join(' or ')} fields; "${entry.field.id}" is a ${entry.field.type} field`);
    }
  }
  if (left && right && left.field.type !== right.field.type && comparable[comparison].includes(left.field.type) && comparable[comparison].includes(right.field.type)) {
    out.add(checkPath, codes.typeMismatch, `"${left.field.id}" (${left.field.type}) and "${right.field.id}" (${right.field.type}) cannot be compared`);
  }
}

function comparisonOf(check: Exclude<CrossFieldRule['check'], { anyFilled: unknown }>): [keyof typeof comparable, string] {
  if ('before' in check) return ['before', check.before];
  if ('after' in check) return ['after', check.after];
  if ('lessThan' in check) return ['lessThan', check.lessThan];
  return ['greaterThan', check.greaterThan];
}
