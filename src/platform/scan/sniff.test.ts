import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAccepted, sniffMediaType } from './sniff.ts';
import { eicar } from './test-clamd.ts';

/** A ZIP of stored (uncompressed) entries: local headers, central directory, end record (APPNOTE.TXT). */
function zip(entries: [string, string][]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of entries) {
    const nameBytes = Buffer.from(name);
    const data = Buffer.from(content);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const bytes = (...values: number[]) => Buffer.from(values);
const ooxml = (part: string) => zip([['[Content_Types].xml', '<Types/>'], ['_rels/.rels', '<Relationships/>'], [part, '<x/>']]);

const cases: [string, Buffer, string][] = [
  ['PDF', Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj'), 'application/pdf'],
  ['PNG', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13), 'image/png'],
  ['JPEG (JFIF)', bytes(0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46), 'image/jpeg'],
  ['JPEG (Exif)', bytes(0xff, 0xd8, 0xff, 0xe1, 0, 16, 0x45, 0x78), 'image/jpeg'],
  ['GIF89a', Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'), 'image/gif'],
  ['GIF87a', Buffer.from('GIF87a\x01\x00\x01\x00', 'latin1'), 'image/gif'],
  ['TIFF little endian', bytes(0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0), 'image/tiff'],
  ['TIFF big endian', bytes(0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8), 'image/tiff'],
  ['WebP', Buffer.concat([Buffer.from('RIFF'), bytes(0x24, 0, 0, 0), Buffer.from('WEBPVP8 ')]), 'image/webp'],
  ['HEIC', Buffer.concat([bytes(0, 0, 0, 0x18), Buffer.from('ftypheic'), bytes(0, 0, 0, 0), Buffer.from('mif1heic')]), 'image/heic'],
  ['MP4 is no image', Buffer.concat([bytes(0, 0, 0, 0x18), Buffer.from('ftypisom'), bytes(0, 0, 2, 0)]), 'application/octet-stream'],
  ['ODF text', zip([['mimetype', 'application/vnd.oasis.opendocument.text'], ['content.xml', '<office:document-content/>']]), 'application/vnd.oasis.opendocument.text'],
  ['ODF spreadsheet', zip([['mimetype', 'application/vnd.oasis.opendocument.spreadsheet'], ['content.xml', '<x/>']]), 'application/vnd.oasis.opendocument.spreadsheet'],
  ['DOCX', ooxml('word/document.xml'), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  ['XLSX', ooxml('xl/workbook.xml'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  ['PPTX', ooxml('ppt/presentation.xml'), 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
  ['plain ZIP', zip([['readme.txt', 'hello']]), 'application/zip'],
  ['ZIP claiming an unknown mimetype', zip([['mimetype', 'application/x-evil']]), 'application/zip'],
  ['UTF-8 text with umlauts', Buffer.from('Straße 5\r\n32756 Detmold\tÄÖÜ\n'), 'text/plain'],
  ['Latin-1 text is not UTF-8', Buffer.from('Stra\xdfe', 'latin1'), 'application/octet-stream'],
  ['Windows program (MZ)', Buffer.concat([Buffer.from('MZ'), bytes(0x90, 0, 3, 0, 0, 0, 4, 0)]), 'application/octet-stream'],
  ['ELF program', Buffer.concat([bytes(0x7f), Buffer.from('ELF'), bytes(2, 1, 1, 0)]), 'application/octet-stream'],
  ['text with a NUL byte', Buffer.from('abc\0def'), 'application/octet-stream'],
  ['empty file', Buffer.alloc(0), 'application/octet-stream'],
  ['PDF marker not at the start', Buffer.from('junk %PDF-1.4'), 'text/plain'],
  ['EICAR test file is text', eicar, 'text/plain'],
];

test('files are recognised by their content', () => {
  for (const [name, data, expected] of cases) assert.equal(sniffMediaType(data), expected, name);
});

test('accept lists match sniffed types exactly, by wildcard or by extension', () => {
  const table: [readonly string[], string, boolean][] = [
    [['application/pdf', 'image/jpeg', 'image/png'], 'image/png', true],
    [['application/pdf'], 'image/png', false],
    [['image/*'], 'image/heic', true],
    [['image/*'], 'application/pdf', false],
    [['.pdf'], 'application/pdf', true],
    [['.JPG'], 'image/jpeg', true],
    [['.exe'], 'application/octet-stream', false],
    [['application/octet-stream'], 'application/octet-stream', false],
    [['application/zip'], 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', false],
  ];
  for (const [accept, type, expected] of table) assert.equal(isAccepted(accept, type), expected, `${accept.join(',')} / ${type}`);
});
