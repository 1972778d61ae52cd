import { field, type FormInput, type ValidationIssue } from '../../platform/validation.ts';
import { readLines, readMoney, readOnlineUrl, readText, readWholeNumber, readYesNo, type FormValues } from './form-parsing.ts';
import type { MaturityModel, Offer, OfferInput, Office } from './types.ts';

/** The maturity select's value: level and model together, so they can never disagree. */
export function maturityValue(level: number | null, model: string | null): string {
  return level === null || model === null ? '' : `${level}|${model}`;
}

function readMaturity(body: FormInput | undefined, values: FormValues, issues: ValidationIssue[], models: readonly MaturityModel[]) {
  const text = field(body, 'maturity');
  values.maturity = text;
  if (text === '') return { maturityLevel: null, maturityModel: null };
  const separator = text.indexOf('|');
  const level = Number(text.slice(0, separator));
  const model = models.find((m) => m.name === text.slice(separator + 1));
  if (separator < 1 || !Number.isInteger(level) || !model || level < model.minLevel || level > model.maxLevel) {
    issues.push({ field: 'maturity', code: 'invalid_choice' });
    return { maturityLevel: null, maturityModel: null };
  }
  return { maturityLevel: level, maturityModel: model.name };
}

/**
 * Reads the offer form. `serviceKey` is given when editing (it is the offer's identity) and read
 * from the form when creating; whether it exists in the catalog is checked by the service.
 */
export function readOfferForm(
  body: FormInput | undefined,
  context: { offices: readonly Office[]; models: readonly MaturityModel[]; serviceKey?: string },
): { input: OfferInput; values: FormValues; issues: ValidationIssue[] } {
  const values: FormValues = {};
  const issues: ValidationIssue[] = [];
  let serviceKey = context.serviceKey ?? '';
  if (context.serviceKey === undefined) {
    serviceKey = (readText(body, values, issues, 'serviceKey', 20, true) ?? '').replace(/\s/g, '');
    if (serviceKey !== '' && !/^(99\d{12}|L[0-9a-f]{13})$/.test(serviceKey)) issues.push({ field: 'serviceKey', code: 'invalid_key' });
  }
  const officeId = field(body, 'officeId');
  values.officeId = officeId;
  if (officeId !== '' && !context.offices.some((office) => office.id === officeId)) issues.push({ field: 'officeId', code: 'invalid_choice' });
  const feeCents = readMoney(body, values, issues, 'fee');
  const feeText = readText(body, values, issues, 'feeText', 1000);
  const processingTimeText = readText(body, values, issues, 'processingTimeText', 200);
  const processingDays = readWholeNumber(body, values, issues, 'processingDays', 3650);
  const requiredDocuments = readLines(body, values, issues, 'requiredDocuments', 30, 300);
  const onlineAvailable = readYesNo(body, values, issues, 'online');
  const onlineUrl = readOnlineUrl(body, values, issues, 'onlineUrl');
  if (onlineAvailable && onlineUrl === null && !issues.some((issue) => issue.field === 'onlineUrl')) {
    issues.push({ field: 'onlineUrl', code: 'required_when_online' });
  }
  const maturity = readMaturity(body, values, issues, context.models);
  const published = readYesNo(body, values, issues, 'published');
  const demo = readYesNo(body, values, issues, 'demo');
  return {
    input: {
      serviceKey,
      officeId: officeId === '' ? null : officeId,
      feeCents,
      feeText,
      processingTimeText,
      processingDays,
      requiredDocuments,
      onlineAvailable,
      onlineUrl,
      ...maturity,
      published,
      demo,
    },
    values,
    issues,
  };
}

/** The form's strings for an existing offer (or the defaults of a new one). */
export function offerFormValues(offer: Offer | undefined): FormValues {
  if (!offer) return { online: 'nein', published: 'ja', demo: 'nein' };
  const euros = offer.feeCents === null ? '' : `${Math.floor(offer.feeCents / 100)},${String(offer.feeCents % 100).padStart(2, '0')}`;
  return {
    serviceKey: offer.serviceKey,
    officeId: offer.officeId ?? '',
    fee: euros,
    feeText: offer.feeText ?? '',
    processingTimeText: offer.processingTimeText ?? '',
    processingDays: offer.processingDays === null ? '' : String(offer.processingDays),
    requiredDocuments: offer.requiredDocuments.join('\n'),
    online: offer.onlineAvailable ? 'ja' : 'nein',
    onlineUrl: offer.onlineUrl ?? '',
    maturity: maturityValue(offer.maturityLevel, offer.maturityModel),
    published: offer.published ? 'ja' : 'nein',
    demo: offer.demo ? 'ja' : 'nein',
  };
}
