import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import postcss from 'postcss';
import type { AtRule, ChildNode, Container, Root } from 'postcss';
import { subsetFaces, unicodeRange } from './font-subset.ts';

/**
 * The KERN design system ships one 340 KB stylesheet for all its components; the portal uses a
 * handful. Rather than adding a build step, the stylesheet is pruned at process start: the portal's
 * own sources are scanned for `kern-…` class names and only rules that can match them are kept.
 * Tokens (custom properties), element rules and the Fira Sans faces the kept rules need stay.
 */

const require = createRequire(import.meta.url);
const kernDist = path.dirname(require.resolve('@kern-ux/native/dist/kern.min.css'));
const kernPackageJson = path.join(kernDist, '..', 'package.json');
const fontsDir = path.join(kernDist, 'fonts');
const srcDir = path.resolve(import.meta.dirname, '..', '..');
const fontUrlPrefix = '/assets/fonts/';
/** Fira Sans subsets for Latin and German text (font-subset.ts), used in place of KERN's full faces. */
const subsetDir = path.join(import.meta.dirname, 'fonts');

/** Class names the sources use, plus prefixes of names built at run time (`kern-btn--${variant}`). */
export type UsedKernClasses = { names: Set<string>; prefixes: string[] };

const kernToken = /kern-[a-z0-9_-]+/g;

/**
 * Collects `kern-…` tokens from source texts. A token that ends in `-` or `_` cannot be a whole
 * class name, so it is the fixed part of a name completed at run time (a template literal or a
 * concatenation) and is kept as a prefix.
 */
export function collectKernClasses(sources: Iterable<string>): UsedKernClasses {
  const names = new Set<string>();
  const prefixes = new Set<string>();
  for (const source of sources) {
    for (const [token] of source.matchAll(kernToken)) {
      if (token.endsWith('-') || token.endsWith('_')) prefixes.add(token);
      else names.add(token);
    }
  }
  return { names, prefixes: [...prefixes] };
}

/**
 * A prefix stands for one interpolated value, e.g. `kern-alert--` for `kern-alert--danger`. The
 * rest may contain single hyphens (`x-small`) but no `__` or `--`: those start another BEM element
 * or modifier, which the interpolation would not produce.
 */
function matchesPrefix(name: string, prefixes: readonly string[]): boolean {
  return prefixes.some((prefix) => name.startsWith(prefix) && /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(name.slice(prefix.length)));
}

/** The portal's own sources: every non-test `.ts` and every `.css` file under `src/`. */
function readSources(): string[] {
  const self = path.resolve(import.meta.filename);
  const texts: string[] = [];
  for (const entry of fs.readdirSync(srcDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const isSource = (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) || entry.name.endsWith('.css');
    // This file talks about KERN classes in comments; they must not count as used by a page.
    if (isSource && file !== self) texts.push(fs.readFileSync(file, 'utf8'));
  }
  return texts;
}

/** Index of the `)` closing the `(` at `open`, skipping strings; -1 when unbalanced. */
function closingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const char = text[i];
    if (char === '"' || char === "'") {
      const end = text.indexOf(char, i + 1);
      if (end < 0) return -1;
      i = end;
    } else if (char === '\\') i++;
    else if (char === '(') depth++;
    else if (char === ')' && --depth === 0) return i;
  }
  return -1;
}

/** Pseudo-classes whose argument is a selector list that must match for the whole to match. */
const matchingPseudos = new Set(['is', 'where', 'has', 'matches', '-webkit-any', '-moz-any']);

/**
 * Whether one complex selector can match markup that uses only the given classes. Every class
 * outside a functional pseudo-class must be used; `:is()`/`:where()`/`:has()` need one usable
 * alternative; `:not()` never blocks (an unused class is simply never present, so the negation
 * holds). Attribute selectors are skipped so that their values are not mistaken for classes.
 */
export function selectorCanMatch(selector: string, isUsed: (name: string) => boolean): boolean {
  // Fast path for the common plain selectors; start-up time matters more than elegance here.
  if (!selector.includes('.kern-')) return true;
  if (!/[[(\\]/.test(selector)) return classesUsed(selector, isUsed);
  let rest = '';
  for (let i = 0; i < selector.length; i++) {
    const char = selector[i];
    if (char === '\\') {
      rest += selector.slice(i, i + 2);
      i++;
    } else if (char === '[') {
      const end = selector.indexOf(']', i);
      if (end < 0) return true;
      i = end;
    } else if (char === '(') {
      const end = closingParen(selector, i);
      if (end < 0) return true;
      const pseudo = /:{1,2}([-a-zA-Z]+)$/.exec(selector.slice(0, i))?.[1]?.toLowerCase();
      if (pseudo !== undefined && matchingPseudos.has(pseudo)) {
        const alternatives = postcss.list.comma(selector.slice(i + 1, end));
        if (!alternatives.some((alternative) => selectorCanMatch(alternative, isUsed))) return false;
      }
      i = end;
    } else rest += char;
  }
  return classesUsed(rest, isUsed);
}

function classesUsed(selector: string, isUsed: (name: string) => boolean): boolean {
  for (const [, name] of selector.matchAll(/\.(kern-[a-zA-Z0-9_-]+)/g)) {
    if (name !== undefined && !isUsed(name)) return false;
  }
  return true;
}

/** At-rules that wrap ordinary rules and are kept when anything inside them is. */
const groupingAtRules = new Set(['media', 'supports', 'layer', 'container', 'scope', 'document', 'starting-style']);

function isKeyframes(node: ChildNode): node is AtRule {
  return node.type === 'atrule' && /^(?:-[a-z]+-)?keyframes$/i.test(node.name);
}

/** Drops rules that cannot match, narrows selector lists to the alternatives that can. */
function pruneRules(container: Container, isUsed: (name: string) => boolean): void {
  for (const node of [...(container.nodes ?? [])]) {
    if (node.type === 'comment') node.remove();
    else if (node.type === 'rule') {
      if (!node.selector.includes('.kern-')) continue;
      const selectors = node.selectors.filter((selector) => selectorCanMatch(selector, isUsed));
      if (selectors.length === 0) node.remove();
      else if (selectors.length < node.selectors.length) node.selectors = selectors;
    } else if (node.type === 'atrule') {
      // `@charset` is valid only as the first bytes of a file, which the licence comment takes.
      if (node.name.toLowerCase() === 'charset') node.remove();
      else if (groupingAtRules.has(node.name.toLowerCase()) && node.nodes) pruneRules(node, isUsed);
    }
  }
}

/** Names of the animations that the kept declarations run. */
function animationNames(root: Root): Set<string> {
  const names = new Set<string>();
  root.walkDecls(/^(?:-[a-z]+-)?animation(?:-name)?$/i, (decl) => {
    for (const layer of postcss.list.comma(decl.value)) {
      for (const word of postcss.list.space(layer)) names.add(word.replace(/^["']|["']$/g, ''));
    }
  });
  return names;
}

/** Removes grouping at-rules left without content (`@layer a, b;` has no block and stays). */
function removeEmptyGroups(container: Container): void {
  for (const node of [...(container.nodes ?? [])]) {
    if (node.type !== 'atrule' || !node.nodes || !groupingAtRules.has(node.name.toLowerCase())) continue;
    removeEmptyGroups(node);
    if (node.nodes.length === 0) node.remove();
  }
}

/**
 * Prunes a parsed stylesheet in place to what the used classes need. Rules without KERN classes
 * (element rules, `:root` and theme tokens, `@font-face`) stay; keyframes stay when referenced.
 */
export function pruneKernStylesheet(root: Root, used: UsedKernClasses): void {
  const isUsed = (name: string) => used.names.has(name) || matchesPrefix(name, used.prefixes);
  pruneRules(root, isUsed);
  const animations = animationNames(root);
  root.walkAtRules((atRule) => {
    if (isKeyframes(atRule) && !animations.has(atRule.params.trim())) atRule.remove();
  });
  removeEmptyGroups(root);
}

/**
 * Font weights the stylesheet may ask for: every `font-weight` value, with `var()` chains resolved
 * through the custom properties the stylesheet defines (all definitions, since themes and media
 * queries may switch between them).
 */
export function fontWeightsUsed(root: Root): Set<number> {
  const properties = new Map<string, string[]>();
  root.walkDecls(/^--/, (decl) => {
    const values = properties.get(decl.prop) ?? [];
    values.push(decl.value);
    properties.set(decl.prop, values);
  });
  // Replaces the innermost `var()` (its fallback holds no parentheses) with each possible value.
  const innermostVar = /var\(\s*(--[a-zA-Z0-9_-]+)\s*(?:,([^()]*))?\)/;
  const resolve = (value: string, depth: number): string[] => {
    const match = innermostVar.exec(value);
    if (!match) return [value];
    if (depth > 20) return []; // a cycle of custom properties: computes to nothing
    const [whole, name = '', fallback] = match;
    const options = properties.get(name) ?? (fallback === undefined ? [] : [fallback.trim()]);
    return options.flatMap((option) => resolve(value.replace(whole, option), depth + 1));
  };
  const weights = new Set<number>();
  root.walkDecls(/^font-weight$/i, (decl) => {
    for (const resolved of resolve(decl.value, 0)) {
      const value = resolved.replace(/\s*!important$/i, '').trim().toLowerCase();
      const weight = value === 'normal' ? 400 : value === 'bold' || value === 'bolder' ? 700 : Number(value);
      if (Number.isFinite(weight) && weight >= 1 && weight <= 1000) weights.add(weight);
    }
  });
  return weights;
}

/** Whether any kept rule sets an italic or oblique style. */
function usesItalic(root: Root): boolean {
  let found = false;
  root.walkDecls(/^font-style$/i, (decl) => {
    if (/italic|oblique/i.test(decl.value)) found = true;
  });
  return found;
}

/**
 * The Fira Sans faces for the given weights, with their URLs pointing to the portal's asset route
 * and only the woff2 source (every browser the portal supports reads woff2). Upright faces of the
 * subset weights come from the portal's subsets, with their `unicode-range`; others from KERN.
 */
function fontFaces(weights: ReadonlySet<number>, italic: boolean): { faces: AtRule[]; fonts: Map<string, string> } {
  const fontsCss = postcss.parse(fs.readFileSync(path.join(fontsDir, 'fira-sans.css'), 'utf8'));
  const faces: AtRule[] = [];
  const fonts = new Map<string, string>();
  fontsCss.walkAtRules(/^font-face$/i, (face) => {
    const declared = new Map<string, string>();
    face.walkDecls((decl) => {
      declared.set(decl.prop.toLowerCase(), decl.value);
    });
    const weight = Number(declared.get('font-weight') ?? '400');
    const style = (declared.get('font-style') ?? 'normal').toLowerCase();
    if (!weights.has(weight) || (style !== 'normal' && !italic)) return;
    const woff2 = postcss.list
      .comma(declared.get('src') ?? '')
      .map((source) => /url\(\s*["']?([^"')]+\.woff2)["']?\s*\)/i.exec(source)?.[1])
      .find((url) => url !== undefined);
    if (woff2 === undefined) return;
    const subset = style === 'normal' ? subsetFaces.get(weight) : undefined;
    const name = subset ? subset.file : path.basename(woff2);
    fonts.set(name, subset ? path.join(subsetDir, subset.file) : path.resolve(fontsDir, woff2));
    // Fresh nodes without the source's raws, so they are printed in the compact style of the rest.
    const rewritten = postcss.atRule({ name: 'font-face' });
    rewritten.append(
      postcss.decl({ prop: 'font-family', value: declared.get('font-family') ?? "'Fira Sans'" }),
      postcss.decl({ prop: 'src', value: `url("${fontUrlPrefix}${name}") format("woff2")` }),
      postcss.decl({ prop: 'font-weight', value: String(weight) }),
      postcss.decl({ prop: 'font-style', value: style }),
      // Text stays readable in a fallback font while Fira Sans loads, e.g. on a slow connection.
      postcss.decl({ prop: 'font-display', value: 'swap' }),
      ...(subset ? [postcss.decl({ prop: 'unicode-range', value: unicodeRange() })] : []),
    );
    faces.push(rewritten);
  });
  return { faces, fonts };
}

/**
 * Weights that always get a face: the body text (400), KERN's labels and headings (600) and the
 * browser's own `bold` for `<strong>` and `<b>` (700), so none of them is synthesised.
 */
const baseWeights = [400, 600, 700];

/** The KERN stylesheet pruned to what the portal's pages use, and the font files it refers to. */
export function buildKernCss(): { css: string; fonts: Map<string, string> } {
  const pkg = JSON.parse(fs.readFileSync(kernPackageJson, 'utf8')) as { name?: string; version?: string };
  const root = postcss.parse(fs.readFileSync(path.join(kernDist, 'kern.min.css'), 'utf8'));
  pruneKernStylesheet(root, collectKernClasses(readSources()));

  const weights = new Set([...baseWeights, ...fontWeightsUsed(root)]);
  const { faces, fonts } = fontFaces(weights, usesItalic(root));
  root.prepend(...faces);

  // The licence asks for the source to be named; the pruned copy is a derived work of it.
  const header = `/*! ${pkg.name ?? '@kern-ux/native'} ${pkg.version ?? ''} (EUPL-1.2), pruned to the classes the portal uses */\n`;
  return { css: header + root.toString(), fonts };
}
