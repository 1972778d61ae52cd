/**
 * Telling ZIP-based office documents apart (PKWARE APPNOTE.TXT for the ZIP structures):
 * - OpenDocument (ISO/IEC 26300, OpenDocument v1.2 part 3 §3.3): the first entry is named
 *   `mimetype`, stored uncompressed, and holds the document's media type.
 * - Office Open XML (ISO/IEC 29500-2): the package has `[Content_Types].xml`; the main part
 *   says which application: `word/document.xml`, `xl/workbook.xml`, `ppt/presentation.xml`.
 * Anything else is a plain `application/zip`.
 */
const odfTypes = new Set([
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation',
  'application/vnd.oasis.opendocument.graphics',
]);

const ooxmlParts: Record<string, string> = {
  'word/document.xml': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'xl/workbook.xml': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'ppt/presentation.xml': 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

/** The first local file header: its name and, when stored uncompressed, its content. */
function firstEntry(data: Buffer): { name: string; stored: Buffer | undefined } | undefined {
  if (data.length < 30) return undefined;
  const method = data.readUInt16LE(8);
  const size = data.readUInt32LE(18);
  const nameLength = data.readUInt16LE(26);
  const extraLength = data.readUInt16LE(28);
  const start = 30 + nameLength + extraLength;
  if (data.length < start) return undefined;
  const name = data.toString('utf8', 30, 30 + nameLength);
  return { name, stored: method === 0 && data.length >= start + size ? data.subarray(start, start + size) : undefined };
}

/** Entry names from the central directory, found through the end-of-central-directory record. */
function entryNames(data: Buffer): string[] {
  // The EOCD record is 22 bytes plus a comment of at most 65535 bytes, at the very end.
  const from = Math.max(0, data.length - 22 - 65535);
  let eocd = -1;
  for (let at = data.length - 22; at >= from; at--) {
    if (data.readUInt32LE(at) === 0x06054b50) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) return [];
  const count = data.readUInt16LE(eocd + 10);
  let at = data.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let index = 0; index < count && at + 46 <= data.length; index++) {
    if (data.readUInt32LE(at) !== 0x02014b50) break;
    const nameLength = data.readUInt16LE(at + 28);
    const extraLength = data.readUInt16LE(at + 30);
    const commentLength = data.readUInt16LE(at + 32);
    names.push(data.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

export function zipMediaType(data: Buffer): string {
  const first = firstEntry(data);
  if (first?.name === 'mimetype' && first.stored) {
    const declared = first.stored.toString('ascii').trim();
    if (odfTypes.has(declared)) return declared;
  }
  const names = new Set(entryNames(data));
  if (names.has('[Content_Types].xml')) {
    for (const [part, mediaType] of Object.entries(ooxmlParts)) if (names.has(part)) return mediaType;
  }
  return 'application/zip';
}
