/**
 * xdomea 3.0.0 messages of the disposal procedure (Aussonderung durchführen, schema
 * xdomea-Nachrichten-AussonderungDurchfuehren.xsd). The mapping is documented in
 * docs/records/xdomea.md. Written: 0501 Aussonderung.Anbieteverzeichnis (offer, metadata only)
 * and 0503 Aussonderung.Aussonderung (handover, with primary documents in the package).
 * Read: 0502 Aussonderung.Bewertungsverzeichnis (the archive's appraisal), 0504
 * Aussonderung.AnbietungEmpfangBestaetigen (receipt of the offer), 0506
 * Aussonderung.AussonderungImportBestaetigen (import confirmation per object, with the archive's
 * identifier) and 0507 Aussonderung.AussonderungEmpfangBestaetigen (receipt of the handover).
 */
import { childOf, childrenOf, el, parseXml, render, textAt, XmlReadError, type XmlNode } from './xml.ts';

export const xdomeaNamespace = 'urn:xoev-de:xdomea:schema:3.0.0';

export type DisposalKind = 'archivieren' | 'bewerten' | 'vernichten';
/** Code list Aussonderungsart 1.0 (urn:xoev-de:xdomea:codeliste:aussonderungsart). */
const aussonderungsart: Record<DisposalKind, string> = { archivieren: 'A', bewerten: 'B', vernichten: 'V' };

export type XdomeaVersion = { version: number; mediaType: string; fileName: string; createdAt: Date; /** Name of the file in the package (0503). */ packageName: string };
export type XdomeaDocument = { id: string; title: string; kind: string; documentDate: string; direction: 'eingang' | 'ausgang' | 'intern'; versions: XdomeaVersion[] };
export type XdomeaProcess = { id: string; number: number; title: string; createdOn: string; documents: XdomeaDocument[] };
export type XdomeaFile = {
  id: string;
  fileNumber: string;
  title: string;
  positionCode: string;
  openedOn: string;
  closedOn: string;
  retentionYears: number;
  disposal: DisposalKind;
  retainUntil: string;
  processes: XdomeaProcess[];
  /** Documents directly in the file, outside any process. */
  documents: XdomeaDocument[];
};
export type MessageHead = { processId: string; createdAt: Date; sender: string; recipient: string; instanceId: string };

export const messageNames = {
  '0501': 'Aussonderung.Anbieteverzeichnis.0501',
  '0502': 'Aussonderung.Bewertungsverzeichnis.0502',
  '0503': 'Aussonderung.Aussonderung.0503',
  '0504': 'Aussonderung.AnbietungEmpfangBestaetigen.0504',
  '0506': 'Aussonderung.AussonderungImportBestaetigen.0506',
  '0507': 'Aussonderung.AussonderungEmpfangBestaetigen.0507',
} as const;

/** xs:dateTime without fractions, in UTC. */
const dateTime = (date: Date) => `${date.toISOString().slice(0, 19)}Z`;

/** The message header (NkBasisType and its extensions): sender is the authority, recipient the archive. */
function kopf(code: string, head: MessageHead, flags: XmlNode): XmlNode {
  const party = (name: string) => el('Institution', null, el('Name', null, name));
  return el(
    'Kopf',
    null,
    el('ProzessID', null, head.processId),
    el('Nachrichtentyp', null, { raw: `<code>${code}</code>` }),
    el('Erstellungszeitpunkt', null, dateTime(head.createdAt)),
    el('Absender', null, party(head.sender)),
    el('Empfaenger', null, party(head.recipient)),
    el('SendendesSystem', null, el('InstanzID', null, head.instanceId), el('Produktname', null, 'Kreisportal E-Akte'), el('Version', null, '1')),
    flags,
  );
}

function archiveMetadata(file: XdomeaFile): XmlNode {
  return el(
    'ArchivspezifischeMetadaten',
    null,
    el('Aufbewahrungsdauer', null, el('AnzahlJahre', null, String(file.retentionYears))),
    el('Aussonderungsart', null, el('Aussonderungsart', { listURI: 'urn:xoev-de:xdomea:codeliste:aussonderungsart', listVersionID: '1.0' }, { raw: `<code>${aussonderungsart[file.disposal]}</code>` })),
    el('Aufbewahrungsende', null, file.retainUntil),
  );
}

/** Code list Dateiformat 1.0: the formats the E-Akte takes; anything else is 100 (Sonstiges) with its media type. */
const fileFormats: Record<string, string> = {
  'application/pdf': '018',
  'image/png': '019',
  'image/jpeg': '010',
  'image/tiff': '024',
  'image/bmp': '001',
  'text/plain': '045',
  'text/csv': '002',
  'text/html': '008',
  'application/xml': '030',
  'application/rtf': '022',
  'application/msword': '003',
  'application/vnd.ms-excel': '028',
  'application/vnd.ms-powerpoint': '020',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': '035',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': '036',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': '037',
  'application/vnd.oasis.opendocument.text': '015',
  'application/vnd.oasis.opendocument.spreadsheet': '014',
  'application/vnd.oasis.opendocument.presentation': '013',
};

function version(v: XdomeaVersion): XmlNode {
  const code = fileFormats[v.mediaType] ?? '100';
  return el(
    'Version',
    null,
    el('Nummer', null, String(v.version)),
    el(
      'Format',
      null,
      el('Name', { listURI: 'urn:xoev-de:xdomea:codeliste:dateiformat', listVersionID: '1.0' }, { raw: `<code>${code}</code>` }),
      code === '100' ? el('SonstigerName', null, v.mediaType) : null,
      el('Version', null, ''),
      el('Primaerdokument', null, el('Dateiname', null, v.packageName), el('DateinameOriginal', null, v.fileName), el('DatumUhrzeit', null, dateTime(v.createdAt))),
    ),
  );
}

function document(d: XdomeaDocument, withVersions: boolean): XmlNode {
  return el(
    'Dokument',
    null,
    el('Identifikation', null, el('ID', null, d.id)),
    el('AllgemeineMetadaten', null, el('Betreff', null, d.title)),
    d.direction === 'eingang' ? el('Posteingangsdatum', null, d.documentDate) : null,
    d.direction === 'ausgang' ? el('Postausgangsdatum', null, d.documentDate) : null,
    el('DatumDesSchreibens', null, d.documentDate),
    el('Typ', null, d.kind),
    withVersions ? d.versions.map(version) : null,
  );
}

function akte(file: XdomeaFile, withVersions: boolean): XmlNode {
  const hasContent = file.documents.length > 0 || file.processes.length > 0;
  return el(
    'Schriftgutobjekt',
    null,
    el(
      'Akte',
      null,
      el('Identifikation', null, el('ID', null, file.id)),
      el('AllgemeineMetadaten', null, el('Betreff', null, file.title), el('Kennzeichen', null, file.fileNumber), el('Aktenplaneinheit', null, el('Kennzeichen', null, file.positionCode))),
      archiveMetadata(file),
      el('Laufzeit', null, el('Beginn', null, file.openedOn), el('Ende', null, file.closedOn)),
      hasContent
        ? el(
            'Akteninhalt',
            null,
            file.documents.map((d) => document(d, withVersions)),
            file.processes.map((p) =>
              el(
                'Vorgang',
                null,
                el('Identifikation', null, el('ID', null, p.id), el('NummerImUebergeordnetenContainer', null, String(p.number))),
                el('AllgemeineMetadaten', null, el('Betreff', null, p.title), el('Kennzeichen', null, `${file.fileNumber}-${p.number}`)),
                el('ZdA', null, '1'),
                el('Laufzeit', null, el('Beginn', null, p.createdOn), el('Ende', null, file.closedOn)),
                p.documents.map((d) => document(d, withVersions)),
              ),
            ),
          )
        : null,
      el('ZdA', null, '1'),
      el('ZdADatum', null, file.closedOn),
    ),
  );
}

function message(name: string, content: XmlNode): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<xdomea:${name} xmlns:xdomea="${xdomeaNamespace}">${render(content)}</xdomea:${name}>\n`;
}

/** 0501: the offer (Anbieteverzeichnis) — metadata of every file, no primary documents (schema hint). */
export function buildOffer(head: MessageHead, files: readonly XdomeaFile[]): string {
  return message(messageNames['0501'], [kopf('0501', head, el('Empfangsbestaetigung', null, '1')), files.map((file) => akte(file, false))]);
}

/** 0503: the handover (Aussonderung) — the appraised-as-archival files with their versions as primary documents. */
export function buildHandover(head: MessageHead, files: readonly XdomeaFile[]): string {
  return message(messageNames['0503'], [
    kopf('0503', head, [el('Importbestaetigung', null, '1'), el('RueckmeldungArchivkennung', null, '1'), el('Empfangsbestaetigung', null, '1')]),
    files.map((file) => akte(file, true)),
  ]);
}

/** Name of a version's file in the 0503 package: xdomea's Dateiname starts with a UUID (stringDateinameType). */
export function packageFileName(documentId: string, version: number, fileName: string): string {
  const ascii = fileName.normalize('NFKD').replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '').slice(-80) || 'dokument';
  return `${documentId}_${version}_${ascii}`;
}

export const packageName = (processId: string, code: '0501' | '0503') => `${processId}_${messageNames[code]}`;

export type IncomingMessage =
  | { code: '0502'; processId: string; appraisals: { id: string; decision: 'archivieren' | 'vernichten' }[] }
  | { code: '0504' | '0507'; processId: string }
  | { code: '0506'; processId: string; results: { id: string; success: boolean; archiveReference: string | null; errors: string[] }[] };

export class XdomeaMessageError extends Error {
  override name = 'XdomeaMessageError';
}

const uuid = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Reads a message of the archive; anything that is not one of the expected xdomea 3.0.0 messages is refused with a reason. */
export function parseIncoming(xml: string): IncomingMessage {
  let root;
  try {
    root = parseXml(xml);
  } catch (error) {
    if (error instanceof XmlReadError) throw new XdomeaMessageError(error.message);
    throw error;
  }
  if (root.uri !== xdomeaNamespace) throw new XdomeaMessageError(`not an xdomea 3.0.0 message (namespace ${root.uri || 'none'})`);
  const code = Object.entries(messageNames).find(([, name]) => name === root.local)?.[0];
  if (code !== '0502' && code !== '0504' && code !== '0506' && code !== '0507') throw new XdomeaMessageError(`${root.local} is not a message the archive sends in a disposal (0502, 0504, 0506, 0507)`);
  const kopfElement = childOf(root, 'Kopf');
  const processId = textAt(kopfElement, 'ProzessID');
  if (!processId || !uuid.test(processId)) throw new XdomeaMessageError('the message header has no valid ProzessID');
  const ids = (value: string | undefined, what: string): string => {
    if (!value || !uuid.test(value)) throw new XdomeaMessageError(`${what} without a valid ID`);
    return value.toLowerCase();
  };
  if (code === '0502') {
    const appraisals = childrenOf(root, 'BewertetesObjekt').map((object) => {
      const id = ids(textAt(object, 'ID'), 'BewertetesObjekt');
      const art = textAt(object, 'Aussonderungsart', 'Aussonderungsart', 'code');
      if (art !== 'A' && art !== 'V') throw new XdomeaMessageError(`object ${id}: the appraisal must be A (archivieren) or V (vernichten), not ${art ?? 'empty'}`);
      return { id, decision: art === 'A' ? ('archivieren' as const) : ('vernichten' as const) };
    });
    if (appraisals.length === 0) throw new XdomeaMessageError('the appraisal names no object');
    return { code, processId: processId.toLowerCase(), appraisals };
  }
  if (code === '0506') {
    const results = childrenOf(root, 'AusgesondertesSGO').map((object) => {
      const success = textAt(object, 'Erfolgreich');
      if (success !== 'true' && success !== 'false' && success !== '1' && success !== '0') throw new XdomeaMessageError('AusgesondertesSGO without Erfolgreich');
      return {
        id: ids(textAt(object, 'IDSGO'), 'AusgesondertesSGO'),
        success: success === 'true' || success === '1',
        archiveReference: textAt(object, 'Archivkennung') ?? null,
        errors: childrenOf(object, 'Fehlermeldung').map((error) => error.text.trim()).filter((text) => text !== ''),
      };
    });
    if (results.length === 0) throw new XdomeaMessageError('the import confirmation names no object');
    return { code, processId: processId.toLowerCase(), results };
  }
  return { code, processId: processId.toLowerCase() };
}
