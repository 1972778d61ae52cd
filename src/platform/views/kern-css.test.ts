import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import postcss from 'postcss';
import { buildKernCss, collectKernClasses, fontWeightsUsed, pruneKernStylesheet, selectorCanMatch } from './kern-css.ts';
import { subsetFaces, unicodeRange } from './font-subset.ts';

const require = createRequire(import.meta.url);
const kernDist = path.dirname(require.resolve('@kern-ux/native/dist/kern.min.css'));
const fullCss = fs.readFileSync(path.join(kernDist, 'kern.min.css'), 'utf8');
const kernVersion = (JSON.parse(fs.readFileSync(path.join(kernDist, '..', 'package.json'), 'utf8')) as { version: string }).version;

const built = buildKernCss();

/** Whether the stylesheet has a selector with exactly this class (not just a longer name starting with it). */
const hasClass = (css: string, name: string) => new RegExp(`\\.${name}(?![a-zA-Z0-9_-])`).test(css);

function prune(css: string, sources: string[]): string {
  const root = postcss.parse(css);
  pruneKernStylesheet(root, collectKernClasses(sources));
  return root.toString();
}

test('the classes the components use are kept', () => {
  const components = fs.readFileSync(path.join(import.meta.dirname, 'components.ts'), 'utf8');
  // Preconditions, so the test notices when the components change rather than passing vacuously.
  assert.match(components, /kern-btn kern-btn--\$\{variant\}/);
  assert.match(components, /variant: 'primary'/);
  assert.match(components, /'kern-form-input__input'/);
  assert.match(components, /kern-alert--danger/);
  for (const name of ['kern-btn', 'kern-btn--primary', 'kern-form-input__input', 'kern-alert', 'kern-alert--danger', 'kern-alert--info', 'kern-sr-only']) {
    assert.ok(hasClass(built.css, name), `${name} should be kept`);
  }
});

test('classes no page uses are dropped', () => {
  for (const name of ['kern-task-list__status', 'kern-aspect-video-xxl', 'kern-dialog', 'kern-accordion']) {
    assert.ok(hasClass(fullCss, name), `${name} exists in KERN, so its absence means something`);
    assert.ok(!hasClass(built.css, name), `${name} should be dropped`);
  }
  // The spinner animation belongs to the loader, which the portal does not use.
  assert.doesNotMatch(built.css, /@keyframes/);
});

test('the pruned stylesheet is far smaller than the full one', (t) => {
  const before = Buffer.byteLength(fullCss);
  const after = Buffer.byteLength(built.css);
  t.diagnostic(`kern.min.css ${before} bytes -> ${after} bytes (${((100 * after) / before).toFixed(1)} %)`);
  assert.ok(after < before * 0.35, `${after} bytes is not below 35 % of ${before}`);
  // Tokens must survive: the kept rules are written in terms of them.
  assert.match(built.css, /:root\{[^}]*--kern-color-layout-background-default:/);
  assert.match(built.css, /--kern-typography-font-family-default:/);
});

test('the stylesheet names its source and parses again', () => {
  assert.ok(built.css.startsWith(`/*! @kern-ux/native ${kernVersion} (EUPL-1.2)`), built.css.slice(0, 120));
  const root = postcss.parse(built.css);
  assert.ok((root.nodes?.length ?? 0) > 50);
  let comments = 0;
  root.walkComments(() => {
    comments++;
  });
  assert.equal(comments, 1, 'only the licence comment remains');
  // @charset would be invalid anywhere but at the very start, where the licence comment is.
  assert.doesNotMatch(built.css, /@charset/i);
});

test('font faces come first, point to served woff2 files and cover the weights in use', () => {
  const root = postcss.parse(built.css);
  const nodes = (root.nodes ?? []).filter((node) => node.type !== 'comment');
  const firstOther = nodes.findIndex((node) => !(node.type === 'atrule' && node.name === 'font-face'));
  assert.ok(firstOther > 0, 'the stylesheet starts with @font-face rules');
  let faces = 0;
  root.walkAtRules('font-face', () => {
    faces++;
  });
  assert.equal(faces, firstOther, 'no @font-face rule after other rules');

  // Every url() anywhere in the stylesheet, read per declaration so quotes inside data: URIs cannot confuse it.
  const urls: string[] = [];
  root.walkDecls((decl) => {
    for (const match of decl.value.matchAll(/url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)/g)) urls.push(match[1] ?? match[2] ?? match[3] ?? '');
  });
  const fontUrls = urls.filter((url) => !url.startsWith('data:'));
  assert.equal(fontUrls.length, faces, 'one URL per face, woff2 only');
  for (const url of fontUrls) {
    assert.ok(url.startsWith('/assets/fonts/'), url);
    const name = url.slice('/assets/fonts/'.length);
    assert.ok(name.endsWith('.woff2'), url);
    const file = built.fonts.get(name);
    assert.ok(file !== undefined, `${name} is served`);
    assert.ok(path.isAbsolute(file), file);
    assert.ok(fs.statSync(file).size > 1000, `${file} exists`);
  }
  assert.deepEqual(new Set(fontUrls.map((url) => path.basename(url))), new Set(built.fonts.keys()), 'no font served that the stylesheet does not use');
  for (const name of ['FiraSans-Regular.woff2', 'FiraSans-SemiBold.woff2', 'FiraSans-Bold.woff2']) assert.ok(built.fonts.has(name), name);
  assert.ok(![...built.fonts.keys()].some((name) => /Italic|Light|Thin|Heavy/.test(name)), [...built.fonts.keys()].join());

  const faceWeights = new Set<number>();
  root.walkAtRules('font-face', (face) => {
    face.walkDecls('font-weight', (decl) => {
      faceWeights.add(Number(decl.value));
    });
  });
  for (const weight of fontWeightsUsed(root)) assert.ok(faceWeights.has(weight), `a face for font-weight ${weight}`);
});

test('used classes and run-time prefixes are collected from source text', () => {
  const used = collectKernClasses(['class="kern-alert kern-alert--${kind}"', "'kern-form-input__input--width-' + width", '--kern-color-x']);
  assert.deepEqual([...used.names].sort(), ['kern-alert', 'kern-color-x']);
  assert.deepEqual(used.prefixes.sort(), ['kern-alert--', 'kern-form-input__input--width-']);
});

test('pruning keeps a rule only when one selector can match', () => {
  const sources = ['<div class="kern-btn kern-btn--${variant}"><span class="kern-label">'];
  const css = prune(
    [
      ':root{--kern-x:1px}',
      'html{margin:0}',
      '.kern-btn{a:1}',
      '.kern-btn--primary{a:2}',
      '.kern-btn__icon{a:3}',
      '.kern-btn .kern-icon{a:4}',
      '.kern-btn:not(.kern-btn__icon){a:5}',
      '.kern-btn--primary__label{a:11}',
      ':is(body,.kern-dark){a:6}',
      ':is(.kern-dark,.kern-light){a:7}',
      'body:has(.kern-dialog[open]){a:8}',
      '.kern-dialog,.kern-label{a:9}',
      '[data-kern-theme=dark]{a:10}',
    ].join(''),
    sources,
  );
  assert.equal(
    css,
    ':root{--kern-x:1px}html{margin:0}.kern-btn{a:1}.kern-btn--primary{a:2}.kern-btn:not(.kern-btn__icon){a:5}:is(body,.kern-dark){a:6}.kern-label{a:9}[data-kern-theme=dark]{a:10}',
  );
});

test('pruning recurses into at-rules and drops emptied ones and unused keyframes', () => {
  const css = prune(
    [
      '@charset "UTF-8";',
      '/* a comment */',
      '@layer base,components;',
      '@media (min-width:768px){.kern-link{a:1}.kern-card{a:2}}',
      '@media print{@supports (display:grid){.kern-card{a:3}}}',
      '@layer components{.kern-card{a:4}}',
      '@keyframes spin{to{transform:rotate(1turn)}}',
      '@keyframes pulse{to{opacity:0}}',
      '.kern-link{animation:pulse 1s infinite}',
      '.kern-loader{animation:spin 1s}',
    ].join(''),
    ['<a class="kern-link">'],
  );
  assert.equal(css, '@layer base,components;@media (min-width:768px){.kern-link{a:1}}@keyframes pulse{to{opacity:0}}.kern-link{animation:pulse 1s infinite}');
});

test('selectorCanMatch ignores attribute values and class names in strings', () => {
  const none = () => false;
  assert.equal(selectorCanMatch('[class*=kern-level-] a', none), true);
  assert.equal(selectorCanMatch('a[href$=".kern-x"]', none), true);
  assert.equal(selectorCanMatch('li:nth-child(2 of .kern-x)', none), true);
  assert.equal(selectorCanMatch('.kern-x > a', none), false);
  assert.equal(selectorCanMatch(':where(.kern-x) a', (name) => name === 'kern-x'), true);
});

test('font weights are resolved through custom properties', () => {
  const root = postcss.parse(':root{--w:var(--semi);--semi:600}a{font-weight:var(--w)}b{font-weight:var(--missing,var(--also-missing,500))}c{font-weight:bold}d{font-weight:normal!important}');
  assert.deepEqual([...fontWeightsUsed(root)].sort(), [400, 500, 600, 700]);
});


test('the upright faces are the Latin subsets: small, with umlauts, ß and German quotes, and their unicode-range', async () => {
  const fontkit = await import('fontkit');
  for (const [weight, face] of subsetFaces) {
    const file = built.fonts.get(face.file);
    if (file === undefined) continue;
    assert.ok(fs.statSync(file).size < 20_000, `${face.file} is a subset`);
    const font = fontkit.create(fs.readFileSync(file));
    for (const char of 'AZaz09ÄÖÜäöüß„“‚‘–—…€§é') assert.ok(font.hasGlyphForCodePoint(char.codePointAt(0)!), `${face.file} (${weight}) draws ${char}`);
    assert.ok(!font.hasGlyphForCodePoint(0x0416), `${face.file} leaves out Cyrillic`);
  }
  const root = postcss.parse(built.css);
  let ranged = 0;
  root.walkAtRules('font-face', (rule) => {
    rule.walkDecls('unicode-range', (decl) => {
      ranged++;
      assert.equal(decl.value, unicodeRange());
    });
  });
  assert.ok(ranged >= 3, `${ranged} faces with a unicode-range`);
  assert.match(unicodeRange(), /^U\+20-7E, U\+A0-FF,/);
});
