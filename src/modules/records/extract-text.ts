/**
 * Text of a document version for full-text search: plain text as it is, PDFs through poppler's
 * `pdftotext`, and OCR through Tesseract (`tesseract -l deu`) for images and for PDFs without a
 * text layer (scanned paper mail), whose pages `pdftoppm` renders first. The tools are Debian's
 * poppler-utils, tesseract-ocr and tesseract-ocr-deu; a missing tool makes the method `failed`.
 * Runs in the outbox worker (topic records.extract_text), never in a request.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type ExtractionMethod = 'text' | 'pdftotext' | 'ocr' | 'none' | 'failed';
export type Extraction = { method: ExtractionMethod; text: string };

/** Pages of a scanned PDF that are read by OCR; longer scans are indexed by their start. */
export const ocrPageLimit = 30;
/** Kept text per version: enough for search, below PostgreSQL's 1 MB limit of a tsvector. */
export const maxTextLength = 400_000;
/** A PDF whose text layer has fewer letters than this per page counts as scanned. */
const minLettersPerPage = 20;
const toolTimeoutMs = 180_000;
const ocrMediaTypes = new Set(['image/png', 'image/jpeg', 'image/tiff', 'image/gif', 'image/webp']);

/** NUL cannot be stored in PostgreSQL text; whitespace runs say nothing to a search. */
export function cleanText(text: string): string {
  return text.replaceAll(String.fromCharCode(0), '').replace(/[ \t\f\v]+/g, ' ').replace(/\s*\n\s*\n\s*/g, '\n\n').trim().slice(0, maxTextLength);
}

// One thread per Tesseract: the worker shares its machine with the web process.
const toolEnv = { ...process.env, OMP_THREAD_LIMIT: '1', LC_ALL: 'C.UTF-8' };

async function tool(command: string, args: string[]): Promise<string> {
  const { stdout } = await run(command, args, { timeout: toolTimeoutMs, maxBuffer: 64 * 1024 * 1024, env: toolEnv, encoding: 'utf8' });
  return stdout;
}

async function ocrImage(file: string): Promise<string> {
  return tool('tesseract', [file, 'stdout', '-l', 'deu']);
}

async function pdfPages(file: string): Promise<number> {
  const info = await tool('pdfinfo', [file]);
  return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? 1);
}

async function extractPdf(dir: string, file: string): Promise<Extraction> {
  const layer = await tool('pdftotext', ['-enc', 'UTF-8', file, '-']);
  const pages = await pdfPages(file).catch(() => 1);
  const letters = (layer.match(/\p{L}/gu) ?? []).length;
  if (letters >= minLettersPerPage * Math.max(1, Math.min(pages, ocrPageLimit))) return { method: 'pdftotext', text: cleanText(layer) };
  // No (usable) text layer: a scan. 300 dpi greyscale is what Tesseract reads best.
  await tool('pdftoppm', ['-r', '300', '-gray', '-png', '-l', String(ocrPageLimit), file, path.join(dir, 'page')]);
  const images = fs.readdirSync(dir).filter((name) => /^page-\d+\.png$/.test(name)).sort();
  const texts: string[] = [];
  for (const image of images) texts.push(await ocrImage(path.join(dir, image)));
  return { method: 'ocr', text: cleanText([layer, ...texts].join('\n\n')) };
}

/** The text of the bytes, by their (sniffed) media type. Throws only when a tool fails. */
export async function extractText(data: Buffer, mediaType: string): Promise<Extraction> {
  if (mediaType === 'text/plain') return { method: 'text', text: cleanText(data.toString('utf8')) };
  if (mediaType !== 'application/pdf' && !ocrMediaTypes.has(mediaType)) return { method: 'none', text: '' };
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'kreisportal-extract-'));
  try {
    const input = path.join(dir, mediaType === 'application/pdf' ? 'input.pdf' : 'input.img');
    await fs.promises.writeFile(input, data, { mode: 0o600 });
    if (mediaType === 'application/pdf') return await extractPdf(dir, input);
    return { method: 'ocr', text: cleanText(await ocrImage(input)) };
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}
