/**
 * Refuses an XDatenfelder document whose elements do not fit the grammar of its version: an
 * unknown or foreign element, a repeated single element, a missing mandatory one. Parents are
 * checked before their children, so the first defect in document order from the top is reported.
 */
import { FimImportError, fimErrorCodes as codes } from './errors.ts';
import { grammars, xdfNamespaces } from './xdf-grammar.ts';
import type { ElementKind, XdfVersion } from './xdf-grammar.ts';
import type { XmlElement } from './xml-tree.ts';

const standardName: Record<XdfVersion, string> = { 2: 'XDatenfelder 2.0', 3: 'XDatenfelder 3.0.0' };

export function checkXdfStructure(element: XmlElement, kind: ElementKind, version: XdfVersion): void {
  if (kind === 'opaque') return;
  const grammar = grammars[version][kind];
  const allowed = Object.keys(grammar.children);
  const seen = new Set<string>();
  for (const child of element.children) {
    const rule = grammar.children[child.local];
    const expectedUri = rule?.unqualified ? '' : xdfNamespaces[version];
    if (!rule || child.uri !== expectedUri) {
      const foreign = child.uri === expectedUri ? '' : ` in namespace "${child.uri || '(none)'}"`;
      const expected = allowed.length > 0 ? `; ${standardName[version]} allows ${allowed.join(', ')} here` : `; ${standardName[version]} allows no child elements here`;
      throw new FimImportError(codes.unexpectedNode, `Unexpected element <${child.local}>${foreign} in <${element.local}>${expected}`, child);
    }
    if (!rule.many && seen.has(child.local)) {
      const code = child.local === 'id' ? codes.duplicateId : codes.duplicateElement;
      throw new FimImportError(code, `<${child.local}> occurs more than once in <${element.local}>; ${standardName[version]} allows it once`, child);
    }
    seen.add(child.local);
  }
  for (const [name, rule] of Object.entries(grammar.children)) {
    if (rule.required && !seen.has(name)) {
      const code = name === 'id' ? codes.missingId : codes.missingElement;
      throw new FimImportError(code, `<${element.local}> has no <${name}>, which ${standardName[version]} requires`, element);
    }
  }
  if (grammar.oneOf && grammar.oneOf.filter((name) => seen.has(name)).length !== 1) {
    const code = seen.size === 0 ? codes.missingElement : codes.unexpectedNode;
    throw new FimImportError(code, `<${element.local}> must contain exactly one of ${grammar.oneOf.map((n) => `<${n}>`).join(', ')}`, element);
  }
  for (const child of element.children) {
    const rule = grammar.children[child.local];
    if (rule) checkXdfStructure(child, rule.kind, version);
  }
}
