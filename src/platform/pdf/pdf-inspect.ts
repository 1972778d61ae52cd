/**
 * Test support: reads a PDF back the way other programs do, with poppler's command line tools
 * (`apt-get install poppler-utils`; CI installs it). No PDF parser of our own: what poppler
 * sees is what readers and screen-reader bridges built on it see.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function withFile<T>(pdf: Buffer, read: (file: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kreisportal-pdf-'));
  try {
    const file = path.join(dir, 'document.pdf');
    fs.writeFileSync(file, pdf);
    return read(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function run(tool: string, args: string[]): string {
  return execFileSync(`/usr/bin/${tool}`, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The text in content order (`pdftotext -raw`), optionally of one page only. */
export function pdfText(pdf: Buffer, pageNumber?: number): string {
  const pages = pageNumber === undefined ? [] : ['-f', String(pageNumber), '-l', String(pageNumber)];
  return withFile(pdf, (file) => run('pdftotext', ['-raw', '-enc', 'UTF-8', ...pages, file, '-']));
}

/** The structure tree with each element's text (`pdfinfo -struct-text`). */
export function pdfStructure(pdf: Buffer): string {
  return withFile(pdf, (file) => run('pdfinfo', ['-struct-text', file]));
}

/** `pdfinfo` as name → value (Title, Pages, Tagged, …). */
export function pdfInfo(pdf: Buffer): Map<string, string> {
  const out = withFile(pdf, (file) => run('pdfinfo', ['-enc', 'UTF-8', file]));
  return new Map(out.split('\n').flatMap((line) => {
    const match = /^([^:]+):\s*(.*)$/.exec(line);
    return match?.[1] && match[2] !== undefined ? [[match[1], match[2]] as [string, string]] : [];
  }));
}

export type PdfFont = { name: string; type: string; embedded: boolean; subset: boolean; unicode: boolean };

/** The fonts the pages use (`pdffonts`). */
export function pdfFonts(pdf: Buffer): PdfFont[] {
  const lines = withFile(pdf, (file) => run('pdffonts', [file])).trim().split('\n').slice(2);
  return lines.map((line) => {
    // name, type (may contain spaces), encoding, emb, sub, uni, object number, generation
    const match = /^(\S+)\s+(.+?)\s+(\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/.exec(line);
    if (!match) throw new Error(`unexpected pdffonts line: ${line}`);
    return { name: match[1] ?? '', type: match[2] ?? '', embedded: match[4] === 'yes', subset: match[5] === 'yes', unicode: match[6] === 'yes' };
  });
}

/** The XMP metadata packet (uncompressed in pdfkit's output). */
export function xmpPacket(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const start = raw.indexOf('<x:xmpmeta');
  const end = raw.indexOf('</x:xmpmeta>', start);
  if (start < 0 || end < 0) throw new Error('no XMP metadata');
  return Buffer.from(raw.slice(start, end + '</x:xmpmeta>'.length), 'latin1').toString('utf8');
}
