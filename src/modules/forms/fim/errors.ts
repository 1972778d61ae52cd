/**
 * Why a FIM XDatenfelder file cannot be imported. Each code names one kind of defect so that the
 * caller (and the person who uploaded the file) learns exactly what to fix; `where` points at the
 * element, with its line in the file where known.
 */

export const fimErrorCodes = {
  /** The input is not well-formed XML 1.0 (or is empty). */
  notXml: 'not_xml',
  /** A DOCTYPE declaration: XDatenfelder never uses one, and refusing it rules out entity tricks. */
  doctypeNotAllowed: 'doctype_not_allowed',
  tooLarge: 'too_large',
  tooDeep: 'too_deep',
  /** The root element is in neither the XDatenfelder 2.0 nor the 3.0.0 namespace. */
  unknownNamespace: 'unknown_namespace',
  /** A known namespace, but not a message this importer reads (0102, 0103, 0104). */
  unsupportedMessage: 'unsupported_message',
  /** An element the standard does not allow at this place. */
  unexpectedNode: 'unexpected_node',
  /** An element that may occur once occurs again. */
  duplicateElement: 'duplicate_element',
  /** `identifikation` holds more than one `id`. */
  duplicateId: 'duplicate_id',
  /** A mandatory element is missing. */
  missingElement: 'missing_element',
  /** `identifikation` has no `id`. */
  missingId: 'missing_id',
  /** `id` is present but empty. */
  emptyId: 'empty_id',
  /** The Freigabestatus code is not in the code list (XDatenfelder 3.0.0, xprozess status 1–8). */
  invalidFreigabestatus: 'invalid_freigabestatus',
  /** The mapped definition failed validateDefinition(): a defect of this importer, not of the file. */
  invalidResult: 'invalid_result',
} as const;

export type FimErrorCode = (typeof fimErrorCodes)[keyof typeof fimErrorCodes];

export type FimErrorLocation = { path: string; line?: number; column?: number };

export class FimImportError extends Error {
  readonly code: FimErrorCode;
  readonly where: FimErrorLocation | undefined;

  constructor(code: FimErrorCode, message: string, where?: FimErrorLocation) {
    const at = where ? ` (${where.path}${where.line === undefined ? '' : `, line ${where.line}, column ${where.column ?? 0}`})` : '';
    super(`${message}${at}`);
    this.name = 'FimImportError';
    this.code = code;
    this.where = where;
  }
}
