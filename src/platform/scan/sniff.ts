/**
 * What a file is, by its content: magic numbers at fixed offsets, never the name or the type the
 * browser claims (both are chosen by the sender; BSI IT-Grundschutz APP.3.1.A14 asks uploads to
 * be checked by content). Unknown content is `application/octet-stream` and matches no `accept`.
 */
import { zipMediaType } from './zip-kind.ts';

export const unknownMediaType = 'application/octet-stream';

type Signature = { mediaType: string; offset: number; bytes: readonly number[] };
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

const signatures: readonly Signature[] = [
  // ISO 32000-1 §7.5.2: "%PDF-" followed by the version.
  { mediaType: 'application/pdf', offset: 0, bytes: ascii('%PDF-') },
  // PNG (ISO/IEC 15948 §5.2): 89 50 4E 47 0D 0A 1A 0A.
  { mediaType: 'image/png', offset: 0, bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  // JPEG (ITU T.81): SOI marker FF D8 followed by the next marker's FF.
  { mediaType: 'image/jpeg', offset: 0, bytes: [0xff, 0xd8, 0xff] },
  { mediaType: 'image/gif', offset: 0, bytes: ascii('GIF87a') },
  { mediaType: 'image/gif', offset: 0, bytes: ascii('GIF89a') },
  // TIFF 6.0 §2: byte order "II" or "MM", then 42.
  { mediaType: 'image/tiff', offset: 0, bytes: [0x49, 0x49, 0x2a, 0x00] },
  { mediaType: 'image/tiff', offset: 0, bytes: [0x4d, 0x4d, 0x00, 0x2a] },
];

function startsWith(data: Buffer, offset: number, bytes: readonly number[]): boolean {
  return data.length >= offset + bytes.length && bytes.every((byte, index) => data[offset + index] === byte);
}

/** RIFF container with form type WEBP (RFC 9649 §2.5). */
function isWebp(data: Buffer): boolean {
  return startsWith(data, 0, ascii('RIFF')) && startsWith(data, 8, ascii('WEBP'));
}

/** ISO BMFF `ftyp` box with a HEIF brand (ISO/IEC 23008-12 Annex B): photos from iPhones. */
function heifType(data: Buffer): string | undefined {
  if (!startsWith(data, 4, ascii('ftyp')) || data.length < 12) return undefined;
  const brand = data.toString('latin1', 8, 12);
  if (['heic', 'heix', 'heim', 'heis'].includes(brand)) return 'image/heic';
  if (['mif1', 'msf1', 'heif'].includes(brand)) return 'image/heif';
  return undefined;
}

/**
 * Plain text: valid UTF-8 without control characters other than tab, line breaks and form feed
 * (a binary file almost always has a NUL or an invalid sequence early on).
 */
const allowedControls = new Set([0x09, 0x0a, 0x0c, 0x0d]);

function isText(data: Buffer): boolean {
  if (data.length === 0) return false;
  // Bytes below 0x80 are never part of a multi-byte UTF-8 sequence, so this checks characters.
  for (const byte of data) if ((byte < 0x20 && !allowedControls.has(byte)) || byte === 0x7f) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(data);
    return true;
  } catch {
    return false;
  }
}

/** The media type of `data` by content; `application/octet-stream` when it is none we know. */
/**
 * Markup or script that a browser would run if it ever took the file for a web page: a "polyglot"
 * (a valid PDF or image header followed by HTML/JavaScript) is refused as unknown content. Real
 * images and PDFs do not carry these byte sequences (PDF JavaScript actions are refused too).
 */
const activeContent = /<\s*(script|html|svg|iframe|object|embed)\b|<!doctype\s+html|javascript:|\/JavaScript\b|\/JS\s*[(<]/i;

export function hasActiveContent(data: Buffer): boolean {
  return activeContent.test(data.toString('latin1'));
}

export function sniffMediaType(data: Buffer): string {
  const known = signatures.find((signature) => startsWith(data, signature.offset, signature.bytes));
  if (known) return hasActiveContent(data) ? unknownMediaType : known.mediaType;
  if (isWebp(data)) return 'image/webp';
  const heif = heifType(data);
  if (heif) return heif;
  // "PK\x03\x04": a ZIP local file header (APPNOTE.TXT §4.3.7); ODF and OOXML are ZIP containers.
  if (startsWith(data, 0, [0x50, 0x4b, 0x03, 0x04])) return zipMediaType(data);
  if (isText(data)) return 'text/plain';
  return unknownMediaType;
}

/** Extensions a form definition may list in `accept` (schema: ".pdf"), mapped to what we sniff. */
const extensionTypes: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.webp': 'image/webp',
  '.heic': 'image/heic',
  '.heif': 'image/heif',
  '.txt': 'text/plain',
  '.odt': 'application/vnd.oasis.opendocument.text',
  '.ods': 'application/vnd.oasis.opendocument.spreadsheet',
  '.odp': 'application/vnd.oasis.opendocument.presentation',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.pptx': 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  '.zip': 'application/zip',
};

/** The media type an `accept` entry stands for (`.pdf` → `application/pdf`); unknown extensions: none. */
export function acceptedType(entry: string): string | undefined {
  return entry.startsWith('.') ? extensionTypes[entry.toLowerCase()] : entry.toLowerCase();
}

/** Whether a sniffed type is among a field's `accept` entries (`image/*` covers every image). */
export function isAccepted(accept: readonly string[], mediaType: string): boolean {
  if (mediaType === unknownMediaType) return false;
  return accept.some((entry) => {
    const type = acceptedType(entry);
    if (!type) return false;
    if (type.endsWith('/*')) return mediaType.startsWith(type.slice(0, -1));
    return type === mediaType;
  });
}
