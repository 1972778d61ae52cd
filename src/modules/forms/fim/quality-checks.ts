/**
 * The FIM quality checks (Meldungen XDF-Qualität, see quality-messages.ts) that can be decided on
 * one document's structure alone. Checks that need the FIM repositories (code lists in
 * XRepository, newer versions, Dokumentsteckbriefe) or the editing history are left out.
 */
import { parseDateBound } from '../definition/date-bounds.ts';
import { parseCardinality } from './cardinality.ts';
import { datentypen, feldarten, gruppenarten, isCode, numericDatentypen, schemaelementarten, temporalDatentypen, textualDatentypen, vorbefuellungen } from './fim-codes.ts';
import type { Datentyp } from './fim-codes.ts';
import type { FimChild, FimDocument, FimField, FimGroup, FimRule, FimSchema } from './fim-model.ts';
import { qualityMessages } from './quality-messages.ts';
import type { QualityCode, QualitySeverity } from './quality-messages.ts';

export type QualityFinding = { code: QualityCode; severity: QualitySeverity; message: string; path: string; detail?: string };

const isNumber = (text: string): boolean => text.trim() !== '' && Number.isFinite(Number(text));
const isInteger = (text: string): boolean => /^[+-]?\d+$/.test(text.trim());
const isDate = (text: string): boolean => parseDateBound(text)?.kind === 'fixed';

export function checkQuality(document: FimDocument): QualityFinding[] {
  const findings: QualityFinding[] = [];
  const report = (code: QualityCode, path: string, detail?: string): void => {
    const { severity, text } = qualityMessages[code];
    findings.push(detail === undefined ? { code, severity, message: text, path } : { code, severity, message: text, path, detail });
  };
  const versions = new Map<string, Set<string>>();
  const remember = (element: { id: string; version: string | undefined }): void => {
    const seen = versions.get(element.id) ?? new Set<string>();
    seen.add(element.version ?? '');
    versions.set(element.id, seen);
  };

  const { root } = document;
  if (root.kind === 'field') {
    checkField(root, report);
    remember(root);
  } else {
    checkContainer(root, document.standard, report, remember);
  }
  for (const [id, seen] of versions) {
    if (seen.size > 1) report('1003', root.path, `${id} in den Versionen ${[...seen].map((v) => v || '(ohne)').join(', ')}`);
  }
  return findings;
}

type Report = (code: QualityCode, path: string, detail?: string) => void;
type Remember = (element: { id: string; version: string | undefined }) => void;

function checkContainer(container: FimSchema | FimGroup, standard: 2 | 3, report: Report, remember: Remember): void {
  remember(container);
  checkNaming(container, report, container.kind === 'schema' && standard === 3 ? '1050' : '1009');
  container.rules.forEach((rule) => checkRule(rule, report));
  if (container.kind === 'group') checkGroup(container, report);
  if (container.kind === 'schema' && container.children.length === 0) report('1078', container.path);
  const seen = new Set<string>();
  for (const child of container.children) {
    const key = `${child.element.id}:${child.element.version ?? ''}`;
    if (seen.has(key)) report(container.kind === 'schema' ? '1025' : '1004', container.path, `${child.element.id} ${child.element.version ?? ''}`.trim());
    seen.add(key);
    checkCardinality(child, report);
    // Abstract elements (Schemaelementart ABS) are templates to derive from, not to use in a schema.
    if (child.element.elementType === 'ABS') report('1013', child.element.path);
    if (child.element.kind === 'group') checkContainer(child.element, standard, report, remember);
    else {
      remember(child.element);
      checkField(child.element, report, child);
    }
  }
}

function checkNaming(element: FimSchema | FimGroup | FimField, report: Report, missingLabel: '1009' | '1050'): void {
  if (element.name === undefined) report('1002', element.path);
  if (element.label === undefined) report(missingLabel, element.path);
  if (element.help !== undefined && element.help === element.label) report('1098', element.path);
  if (element.help !== undefined && element.help === element.name) report('1099', element.path);
  if (element.kind !== 'schema' && !isCode(schemaelementarten, element.elementType)) {
    report('1031', element.path, element.elementType === undefined ? undefined : `Schemaelementart "${element.elementType}"`);
  }
}

function checkRule(rule: FimRule, report: Report): void {
  if (rule.text === undefined) report('1024', rule.path);
}

function checkGroup(group: FimGroup, report: Report): void {
  if (group.children.length === 0) report('1023', group.path);
  else if (group.children.length === 1) report('1106', group.path);
  if (group.groupType === undefined) return;
  if (!isCode(gruppenarten, group.groupType)) {
    report('1042', group.path, `Gruppenart "${group.groupType}"`);
    return;
  }
  // Auswahlgruppe (XDatenfelder 3.0.0, Gruppenart X): the citizen fills exactly one child.
  if (group.children.length < 2) report('1043', group.path);
  for (const child of group.children) {
    if (child.cardinality?.replace(/\s+/g, '') !== '0:1') report('1118', child.element.path, `Anzahl "${child.cardinality ?? ''}"`);
  }
}

function checkCardinality(child: FimChild, report: Report): void {
  const path = child.element.path;
  if (child.cardinality === undefined) {
    report('1021', path);
    return;
  }
  const cardinality = parseCardinality(child.cardinality);
  if (!cardinality) report('1046', path, `Anzahl "${child.cardinality}"`);
  else if (cardinality.max !== undefined && cardinality.min > cardinality.max) report('1047', path, `Anzahl "${child.cardinality}"`);
}

function checkField(field: FimField, report: Report, child?: FimChild): void {
  const { path, precision } = field;
  checkNaming(field, report, '1009');
  field.rules.forEach((rule) => checkRule(rule, report));
  if (field.elementType === 'ABS') report('1014', path);
  const feldart = isCode(feldarten, field.feldart) ? field.feldart : undefined;
  const datentyp = isCode(datentypen, field.datentyp) ? field.datentyp : undefined;
  if (!feldart) report('1027', path, field.feldart === undefined ? undefined : `Feldart "${field.feldart}"`);
  if (!datentyp) report('1028', path, field.datentyp === undefined ? undefined : `Datentyp "${field.datentyp}"`);
  if (field.prefill !== undefined && !isCode(vorbefuellungen, field.prefill)) report('1030', path, `Vorbefüllung "${field.prefill}"`);

  const hasList = field.codeList !== undefined || field.values !== undefined;
  const hasLength = precision.minLength !== undefined || precision.maxLength !== undefined;
  const hasRange = precision.minValue !== undefined || precision.maxValue !== undefined;
  if (feldart === 'select' && datentyp && datentyp !== 'text') report('1011', path, `Datentyp "${datentyp}"`);
  if ((feldart === 'select' || feldart === 'label') && hasLength) report('1012', path);
  if (hasList && feldart && feldart !== 'select') report('1017', path, `Feldart "${feldart}"`);
  if (feldart === 'select' && !hasList) report('1018', path);
  if (feldart === 'label' && datentyp && !['obj', 'text', 'text_latin'].includes(datentyp)) report('1090', path, `Datentyp "${datentyp}"`);
  if (feldart === 'label' && field.content === undefined) report('1109', path);
  if (datentyp && hasLength && !textualDatentypen.includes(datentyp)) report('1015', path, `Datentyp "${datentyp}"`);
  if (datentyp && hasRange && !numericDatentypen.includes(datentyp) && !temporalDatentypen.includes(datentyp)) report('1016', path, `Datentyp "${datentyp}"`);
  if (field.maxSize !== undefined && datentyp !== 'file') report('1056', path);
  if (field.mediaTypes.length > 0 && datentyp !== 'file') report('1057', path);
  if ((datentyp === 'file' || datentyp === 'obj') && field.content !== undefined) report('1100', path);
  if ((datentyp === 'file' || datentyp === 'obj') && precision.pattern !== undefined) report('1120', path);
  if (feldart === 'input' && datentyp && textualDatentypen.includes(datentyp) && (precision.minLength === undefined || precision.maxLength === undefined)) {
    report('1102', path);
  }
  if (datentyp && ['num', 'num_int', 'num_currency', 'date'].includes(datentyp) && !hasRange && feldart !== 'label') report('1103', path);
  if (datentyp === 'file' && child?.cardinality !== undefined) {
    const cardinality = parseCardinality(child.cardinality);
    if (cardinality && cardinality.max !== undefined) report('1139', path, `Anzahl "${child.cardinality}"`);
  }

  checkLengths(field, report);
  if (datentyp) checkRange(field, datentyp, report);
  if (datentyp && field.content !== undefined && feldart !== 'label') checkContent(field.content, datentyp, path, report);
  if (field.values) checkValues(field, report);
}

function checkLengths({ precision, path }: FimField, report: Report): void {
  const { minLength, maxLength } = precision;
  const minOk = minLength === undefined || (isInteger(minLength) && Number(minLength) >= 0);
  const maxOk = maxLength === undefined || (isInteger(maxLength) && Number(maxLength) > 0);
  if (!minOk) report('1059', path, `minLength "${minLength}"`);
  if (!maxOk) report('1060', path, `maxLength "${maxLength}"`);
  if (minOk && maxOk && minLength !== undefined && maxLength !== undefined && Number(minLength) > Number(maxLength)) {
    report('1061', path, `${minLength} > ${maxLength}`);
  }
}

/** Wertebereich (minValue, maxValue) by Datentyp: which values are valid, and the messages if not. */
const rangeRules: Partial<Record<Datentyp, { valid: (text: string) => boolean; min: QualityCode; max: QualityCode }>> = {
  num: { valid: isNumber, min: '1062', max: '1063' },
  num_currency: { valid: isNumber, min: '1062', max: '1063' },
  num_int: { valid: isInteger, min: '1065', max: '1066' },
  date: { valid: isDate, min: '1067', max: '1068' },
};

function checkRange({ precision, path }: FimField, datentyp: Datentyp, report: Report): void {
  const rule = rangeRules[datentyp];
  if (!rule) return;
  const { minValue, maxValue } = precision;
  const minOk = minValue === undefined || rule.valid(minValue);
  const maxOk = maxValue === undefined || rule.valid(maxValue);
  if (!minOk) report(rule.min, path, `minValue "${minValue}"`);
  if (!maxOk) report(rule.max, path, `maxValue "${maxValue}"`);
  if (minOk && maxOk && minValue !== undefined && maxValue !== undefined) {
    const greater = datentyp === 'date' ? minValue > maxValue : Number(minValue) > Number(maxValue);
    if (greater) report('1064', path, `${minValue} > ${maxValue}`);
  }
}

function checkContent(content: string, datentyp: Datentyp, path: string, report: Report): void {
  if ((datentyp === 'num' || datentyp === 'num_currency') && !isNumber(content)) report('1069', path, `Inhalt "${content}"`);
  if (datentyp === 'num_int' && !isInteger(content)) report('1070', path, `Inhalt "${content}"`);
  if (datentyp === 'date' && !isDate(content)) report('1071', path, `Inhalt "${content}"`);
  if (datentyp === 'bool' && content !== 'true' && content !== 'false') report('1077', path, `Inhalt "${content}"`);
}

function checkValues({ values, path }: FimField, report: Report): void {
  if (!values) return;
  if (values.length < 2) report('1044', path);
  const codes = new Set<string>();
  const names = new Set<string>();
  for (const value of values) {
    if (codes.has(value.code)) report('1045', path, `Code "${value.code}"`);
    if (value.name !== undefined && names.has(value.name)) report('1093', path, `Name "${value.name}"`);
    codes.add(value.code);
    if (value.name !== undefined) names.add(value.name);
  }
}
