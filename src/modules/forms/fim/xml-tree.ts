/**
 * Parses XML into a small element tree with resolved namespaces and line numbers. saxes is a strict
 * XML 1.0 parser: any well-formedness error ends the import with `not_xml`. DOCTYPEs are refused
 * (XDatenfelder has none; this also keeps entity expansion out), and size and depth are bounded.
 */
import { SaxesParser } from 'saxes';
import { FimImportError, fimErrorCodes as codes } from './errors.ts';

export type XmlElement = {
  /** Namespace URI ('' for none). */
  uri: string;
  local: string;
  /** Attributes without a namespace, by local name (namespace declarations and xsi: are left out). */
  attributes: ReadonlyMap<string, string>;
  children: XmlElement[];
  /** The element's own character data and CDATA, concatenated. */
  text: string;
  /** Location for messages: `/root/child[2]/…` by local names, and where the start tag begins (1-based). */
  path: string;
  line: number;
  column: number;
};

export const maxXmlLength = 20_000_000;
export const maxXmlDepth = 100;

export function parseXml(xml: string): XmlElement {
  if (xml.length > maxXmlLength) {
    throw new FimImportError(codes.tooLarge, `The file has ${xml.length} characters; at most ${maxXmlLength} are accepted`);
  }
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: XmlElement[] = [];
  const siblingCounts: Map<string, number>[] = [new Map()];
  let root: XmlElement | undefined;
  let start = { line: 1, column: 1 };

  parser.on('error', (error) => {
    throw new FimImportError(codes.notXml, `The file is not well-formed XML: ${error.message}`);
  });
  parser.on('doctype', () => {
    throw new FimImportError(codes.doctypeNotAllowed, 'The file has a DOCTYPE declaration, which XDatenfelder files never have', {
      path: '/',
      line: parser.line,
      column: parser.column,
    });
  });
  // saxes reports the tag once its name and the next character are read; step back to the '<'.
  const locate = locator(xml);
  parser.on('opentagstart', (tag) => {
    start = locate(parser.position - tag.name.length - 2);
  });
  parser.on('opentag', (tag) => {
    const parent = stack.at(-1);
    const counts = siblingCounts.at(-1) ?? new Map<string, number>();
    const nth = (counts.get(tag.local) ?? 0) + 1;
    counts.set(tag.local, nth);
    const attributes = new Map<string, string>();
    for (const attribute of Object.values(tag.attributes)) {
      if (attribute.uri === '') attributes.set(attribute.local, attribute.value);
    }
    const element: XmlElement = {
      uri: tag.uri,
      local: tag.local,
      attributes,
      children: [],
      text: '',
      path: `${parent?.path ?? ''}/${tag.local}${nth > 1 ? `[${nth}]` : ''}`,
      line: start.line,
      column: start.column,
    };
    if (stack.length >= maxXmlDepth) {
      throw new FimImportError(codes.tooDeep, `Elements are nested more than ${maxXmlDepth} levels deep`, element);
    }
    if (parent) parent.children.push(element);
    else root = element;
    stack.push(element);
    siblingCounts.push(new Map());
  });
  parser.on('closetag', () => {
    stack.pop();
    siblingCounts.pop();
  });
  const appendText = (text: string): void => {
    const current = stack.at(-1);
    if (current) current.text += text;
  };
  parser.on('text', appendText);
  parser.on('cdata', appendText);

  parser.write(xml).close();
  if (!root) throw new FimImportError(codes.notXml, 'The file is empty: it has no root element');
  return root;
}

/** Line and column (1-based) of a character offset. */
function locator(text: string): (offset: number) => { line: number; column: number } {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  return (offset) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if ((lineStarts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - (lineStarts[low] ?? 0) + 1 };
  };
}
