/**
 * The definition validator's problems as a list for people: where (step, field, which text) in
 * words, what is wrong in plain language, and a link to the editor page and input concerned.
 * Problem paths are JSON Pointers (RFC 6901) into the draft.
 */
import { html, type SafeHtml } from '../../../platform/views/html.ts';
import { fieldId } from '../../../platform/views/components.ts';
import type { DefinitionProblem } from '../store/index.ts';
import { fieldsOf, isEditable, stepsOf, str, texts, type Rec } from './draft-document.ts';
import type { Tools } from './view-tools.ts';

export type ProblemPlace = { where: string; href: string };

function tokens(path: string): string[] {
  return path === '' ? [] : path.slice(1).split('/').map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/** The input a path's tail lands on: `label/de` → `label.de`; lists and conditions as one input. */
function anchor(tail: readonly string[]): string {
  const [first = '', second] = tail;
  if (first === 'options' || first === 'accept') return first;
  if (first === 'condition') return 'conditionField';
  if (first === 'declaration') return tail.slice(0, 3).join('.');
  return second === 'de' || second === 'en' ? `${first}.${second}` : first;
}

function describeTail(tools: Tools, tail: readonly string[]): string {
  return tail
    .filter((token) => !/^\d+$/.test(token))
    .map((token) => {
      const key = `prop.${token}`;
      return tools.has(key) ? tools.t(key) : token;
    })
    .join(' › ');
}

export function problemPlace(tools: Tools, doc: unknown, base: string, path: string): ProblemPlace {
  const parts = tokens(path);
  const json = { where: tools.t('where.form'), href: `${base}/json` };
  if (!isEditable(doc)) return json;
  const document = doc as Rec;
  if (parts[0] === 'steps' && parts[1] !== undefined && /^\d+$/.test(parts[1])) {
    const stepIndex = Number(parts[1]);
    const step = stepsOf(document)[stepIndex];
    if (!step) return json;
    const stepName = `${tools.t('where.step', { number: stepIndex + 1 })} „${texts(step.title)[tools.locale] || str(step.id)}“`;
    if (parts[2] === 'fields' && parts[3] !== undefined && /^\d+$/.test(parts[3])) {
      const fieldIndex = Number(parts[3]);
      const fieldRec = fieldsOf(step)[fieldIndex];
      const fieldName = `${tools.t('where.field', { number: fieldIndex + 1 })} „${str(fieldRec?.id)}“`;
      const tail = parts.slice(4);
      // Fields inside a group are edited in the JSON view.
      if (tail[0] === 'fields') return { where: `${stepName} › ${fieldName} › ${describeTail(tools, tail)}`, href: `${base}/json` };
      const href = `${base}/schritte/${stepIndex}/felder/${fieldIndex}${tail.length > 0 ? `#${fieldId(anchor(tail))}` : ''}`;
      return { where: [stepName, fieldName, describeTail(tools, tail)].filter(Boolean).join(' › '), href };
    }
    const tail = parts.slice(2);
    const href = `${base}/schritte/${stepIndex}${tail.length > 0 && tail[0] !== 'fields' ? `#${fieldId(anchor(tail))}` : ''}`;
    return { where: [stepName, describeTail(tools, tail)].filter(Boolean).join(' › '), href };
  }
  if (parts[0] === 'rules' || parts[0] === 'serviceKeys' || parts[0] === 'source' || parts[0] === 'formatVersion' || parts.length === 0) {
    return { where: parts[0] === 'rules' ? tools.t('where.rules') : [tools.t('where.form'), ...parts].join(' › '), href: `${base}/json` };
  }
  const where = parts[0] === 'declaration' ? [tools.t('where.declaration'), describeTail(tools, parts.slice(1))] : [tools.t('where.form'), describeTail(tools, parts)];
  return { where: where.filter(Boolean).join(' › '), href: `${base}/bearbeiten#${fieldId(anchor(parts))}` };
}

/** The problem panel of the editor pages: a warning with every problem, or a short all-clear. */
export function problemPanel(tools: Tools, doc: unknown, base: string, problems: readonly DefinitionProblem[]): SafeHtml {
  if (problems.length === 0) {
    return html`<div class="kern-alert kern-alert--success" role="status"><div class="kern-alert__header"><p class="kern-title">${tools.t('problems.none')}</p></div></div>`;
  }
  return html`<div class="kern-alert kern-alert--warning" id="probleme">
  <div class="kern-alert__header"><h2 class="kern-title">${tools.t('problems.title', { count: problems.length })}</h2></div>
  <div class="kern-alert__body"><p class="kern-body">${tools.t('problems.lead')}</p>
  ${problemList(tools, doc, base, problems)}</div>
</div>`;
}

export function problemList(tools: Tools, doc: unknown, base: string, problems: readonly DefinitionProblem[]): SafeHtml {
  return html`<ul class="kern-list problem-list">${problems.map((problem) => {
    const place = problemPlace(tools, doc, base, problem.path);
    return html`<li><a class="kern-link" href="${place.href}">${place.where}</a>: ${tools.t(`problem.${problem.code}`)}
    <span class="kern-body kern-body--small">(${tools.t('problems.detail')}: <code>${problem.path || '/'}</code> <span lang="en">${problem.message}</span>)</span></li>`;
  })}</ul>`;
}
