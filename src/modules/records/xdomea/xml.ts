/**
 * Just enough XML for xdomea messages: a writer of escaped elements and a strict reader into a
 * small tree (saxes: XML 1.0 well-formedness, namespaces; DOCTYPEs refused, so no entity
 * expansion; size and depth bounded).
 */
import { SaxesParser } from 'saxes';

/** Escapes text and attribute values (XML 1.0 §2.4; quotes for attributes). Control characters XML forbids are dropped. */
export function escapeXml(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

export type XmlNode = string | { raw: string } | null | undefined | false | XmlNode[];

/** `<xdomea:name attr="…">children</xdomea:name>`; empty children give an empty element, null/false skip. */
export function el(name: string, attributes: Record<string, string> | null, ...children: XmlNode[]): { raw: string } {
  const attrs = Object.entries(attributes ?? {}).map(([key, value]) => ` ${key}="${escapeXml(value)}"`).join('');
  return { raw: `<xdomea:${name}${attrs}>${render(children)}</xdomea:${name}>` };
}

/** An element only when its value is there (optional xdomea elements). */
export function opt(name: string, value: string | null | undefined): { raw: string } | null {
  return value === null || value === undefined || value === '' ? null : el(name, null, value);
}

export function render(node: XmlNode): string {
  if (node === null || node === undefined || node === false) return '';
  if (typeof node === 'string') return escapeXml(node);
  if (Array.isArray(node)) return node.map(render).join('');
  return node.raw;
}

export type XmlElement = { uri: string; local: string; attributes: Map<string, string>; children: XmlElement[]; text: string };

export class XmlReadError extends Error {
  override name = 'XmlReadError';
}

const maxLength = 50_000_000;
const maxDepth = 60;

export function parseXml(xml: string): XmlElement {
  if (xml.length > maxLength) throw new XmlReadError(`the message has more than ${maxLength} characters`);
  const parser = new SaxesParser({ xmlns: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  parser.on('error', (error) => {
    throw new XmlReadError(`not well-formed XML: ${error.message}`);
  });
  parser.on('doctype', () => {
    throw new XmlReadError('a DOCTYPE is not allowed in xdomea messages');
  });
  parser.on('opentag', (tag) => {
    const attributes = new Map<string, string>();
    for (const attribute of Object.values(tag.attributes)) if (attribute.uri === '') attributes.set(attribute.local, attribute.value);
    const element: XmlElement = { uri: tag.uri, local: tag.local, attributes, children: [], text: '' };
    if (stack.length >= maxDepth) throw new XmlReadError(`elements nested deeper than ${maxDepth} levels`);
    const parent = stack.at(-1);
    if (parent) parent.children.push(element);
    else root = element;
    stack.push(element);
  });
  parser.on('closetag', () => stack.pop());
  const text = (value: string) => {
    const current = stack.at(-1);
    if (current) current.text += value;
  };
  parser.on('text', text);
  parser.on('cdata', text);
  parser.write(xml).close();
  if (!root) throw new XmlReadError('the message is empty');
  return root;
}

/** Children by local name (namespaces are checked once at the root). */
export const childrenOf = (element: XmlElement | undefined, local: string): XmlElement[] => element?.children.filter((child) => child.local === local) ?? [];
export const childOf = (element: XmlElement | undefined, local: string): XmlElement | undefined => childrenOf(element, local)[0];
/** The trimmed text at a path of local names, or undefined. */
export function textAt(element: XmlElement | undefined, ...path: string[]): string | undefined {
  let current = element;
  for (const local of path) current = childOf(current, local);
  const value = current?.text.trim();
  return value === undefined || value === '' ? undefined : value;
}
