import { html } from '../../platform/views/html.ts';
import { button, errorOf, errorSummary, notice, postForm, radioGroup, textAreaField, textField } from '../../platform/views/components.ts';
import { formatDate, formatMoney, formatNumber } from '../../platform/i18n/format.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import type { ValidationIssue } from '../../platform/validation.ts';
import { moreMessages } from './messages-more.ts';
import { pooled, type Procurement, type ProcurementSummary } from './procurement.ts';
import { day, demoBadge, hubShell, listItem, paragraphs, table, viewTools, type Page } from './view-kit.ts';

export function procurementListPage(locale: Locale, items: ProcurementSummary[]): Page {
  const { t, f } = viewTools(locale, moreMessages);
  return {
    title: f('procurements.title'),
    content: hubShell(locale, 'procurement', html`<h1 class="kern-heading-x-large">${f('procurements.title')}</h1>
<p class="kern-body kern-body--large">${f('procurements.lead')}</p>
<p class="kern-body"><a class="kern-btn kern-btn--primary" href="/kooperation/beschaffung/neu"><span class="kern-label">${f('procurements.new')}</span></a></p>
${items.length === 0 ? html`<p class="kern-body">${f('procurements.empty')}</p>` : table(
  f('procurements.title'),
  [f('procurements.col.title'), f('procurements.col.by'), f('procurements.col.deadline'), f('procurements.col.quantity'), f('procurements.col.participants')],
  items.map((item) => [html`<a class="kern-link" href="/kooperation/beschaffung/${item.id}">${item.title}</a>${demoBadge(locale, item.demo)}`, item.tenantName, day(item.deadline, locale), `${formatNumber(item.quantity, locale)} ${item.unit}`, item.participants]),
  { captionHidden: true },
)}
<p class="kern-body kern-body--small">${t('demo.note')}</p>`),
  };
}

export function procurementFormPage(locale: Locale, csrf: string, state: { values: Record<string, string>; issues?: ValidationIssue[] }): Page {
  const { t, p, f, errorsFor } = viewTools(locale, moreMessages);
  const errors = errorsFor(state.issues ?? []);
  const prefix = p('field.errorPrefix');
  const v = state.values;
  const text = (name: 'title' | 'unit' | 'unitPrice' | 'deadline', hint?: string, width?: 4) =>
    textField({ name, label: f(`${name}.label`), hint, value: v[name], error: errorOf(errors, name), errorPrefix: prefix, width, ...(name === 'unitPrice' ? { inputmode: 'decimal' } : {}) });
  return {
    title: f('procurement.newTitle'),
    hasErrors: errors.length > 0,
    content: hubShell(locale, 'procurement', html`${errorSummary(p('errorSummary.title'), errors)}
<h1 class="kern-heading-x-large">${f('procurement.newTitle')}</h1>
${postForm('/kooperation/beschaffung/neu', csrf, html`${text('title')}
${textAreaField({ name: 'description', label: f('description.label'), value: v.description, error: errorOf(errors, 'description'), errorPrefix: prefix, rows: 4 })}
${text('unit', f('unit.hint'), 4)}
${text('unitPrice', undefined, 4)}
${text('deadline', f('deadline.hint'), 4)}
${button(f('procurements.new'))}`)}
<p class="kern-body"><a class="kern-link" href="/kooperation/beschaffung">${t('back')}</a></p>`),
  };
}

export function procurementPage(
  locale: Locale,
  csrf: string,
  state: { procurement: Procurement; tenant: { id: string; name: string }; open: boolean; saved?: boolean; issues?: ValidationIssue[]; values?: Record<string, string> },
): Page {
  const { t, p, f, errorsFor } = viewTools(locale, moreMessages);
  const errors = errorsFor(state.issues ?? []);
  const prefix = p('field.errorPrefix');
  const item = state.procurement;
  const sums = pooled(item);
  const own = item.declarations.find((declaration) => declaration.tenantId === state.tenant.id);
  const v = state.values ?? {
    decision: own?.decision ?? '',
    quantity: own?.quantity?.toString() ?? '',
    budget: own?.budgetCents == null ? '' : formatNumber(own.budgetCents / 100, 'de', 2),
    contact: own?.contact ?? '',
  };
  return {
    title: item.title,
    hasErrors: errors.length > 0,
    content: hubShell(locale, 'procurement', html`${errorSummary(p('errorSummary.title'), errors)}
${state.saved ? notice('success', t('saved')) : ''}
<p class="kern-preline">${f('procurements.title')}</p>
<h1 class="kern-heading-x-large">${item.title}${demoBadge(locale, item.demo)}</h1>
${paragraphs(item.description)}
<dl class="kern-description-list">
${listItem(f('procurement.proposedBy'), item.tenantName)}
${listItem(f('procurement.unitPrice'), `${formatMoney(item.unitPriceCents, locale)} / ${item.unit}`)}
${listItem(f('procurement.deadline'), day(item.deadline, locale))}
</dl>
<h2 class="kern-heading-medium">${f('procurement.pooled')}</h2>
<dl class="kern-description-list pooled">
${listItem(f('procurement.participants'), sums.participants)}
${listItem(f('procurement.declined'), sums.declined)}
${listItem(f('procurement.quantity'), `${formatNumber(sums.quantity, locale)} ${item.unit}`)}
${listItem(f('procurement.volume'), formatMoney(sums.volumeCents, locale))}
${listItem(f('procurement.budget'), formatMoney(sums.budgetCents, locale))}
</dl>
<p class="kern-body"><a class="kern-link" href="/kooperation/beschaffung/${item.id}/bedarf.csv" download>${f('procurement.export')}</a></p>
<h2 class="kern-heading-medium">${f('procurement.declarations')}</h2>
${item.declarations.length === 0 ? html`<p class="kern-body">${f('procurement.noDeclarations')}</p>` : table(
  f('procurement.declarations'),
  [f('procurement.col.tenant'), f('procurement.col.decision'), f('procurement.col.quantity'), f('procurement.col.budget'), f('procurement.col.contact'), f('procurement.col.updated')],
  item.declarations.map((d) => [d.tenantName, d.decision === 'bedarf' ? f('procurement.demand') : f('procurement.noDemand'), d.quantity ?? t('none'), d.budgetCents === null ? t('none') : formatMoney(d.budgetCents, locale), d.contact || t('none'), formatDate(d.updatedAt, locale)]),
  { captionHidden: true },
)}
<h2 class="kern-heading-medium">${f('procurement.yourDeclaration', { tenant: state.tenant.name })}</h2>
${state.open ? postForm(`/kooperation/beschaffung/${item.id}/bedarf`, csrf, html`${radioGroup({ name: 'decision', legend: f('decision.legend'), value: v.decision, choices: [{ value: 'bedarf', label: f('decision.bedarf') }, { value: 'kein_bedarf', label: f('decision.kein_bedarf') }], error: errorOf(errors, 'decision'), errorPrefix: prefix })}
${textField({ name: 'quantity', label: `${f('quantity.label')} (${item.unit})`, value: v.quantity, error: errorOf(errors, 'quantity'), errorPrefix: prefix, inputmode: 'numeric', width: 4 })}
${textField({ name: 'budget', label: f('budget.label'), value: v.budget, error: errorOf(errors, 'budget'), errorPrefix: prefix, inputmode: 'decimal', width: 4 })}
${textField({ name: 'contact', label: f('contact.label'), value: v.contact, error: errorOf(errors, 'contact'), errorPrefix: prefix })}
${button(f('procurement.declare'))}`) : html`<p class="kern-body">${f('procurement.closed')}</p>`}`),
  };
}
