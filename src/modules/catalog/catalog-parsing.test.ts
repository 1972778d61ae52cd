import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLaws, parseLegalReferences } from './legal-basis.ts';
import { decideKey, localKey, verrichtungCode } from './service-key.ts';
import { assignSlugs, catalogSlug } from './slug.ts';

test('slugs transliterate German, drop other accents, read "&" as "und" and stay short', () => {
  assert.equal(catalogSlug('Unternehmensführung & -entwicklung'), 'unternehmensfuehrung-und-entwicklung');
  assert.equal(catalogSlug('Straßenausbaubeiträge, Ärger über Öl'), 'strassenausbaubeitraege-aerger-ueber-oel');
  assert.equal(catalogSlug('Crème brûlée §3'), 'creme-brulee-3');
  const long = catalogSlug('Anerkennung '.repeat(20));
  assert.ok(long.length <= 120 && !long.endsWith('-') && long.startsWith('anerkennung-anerkennung'));
});

test('duplicate slugs are numbered by key, independent of input order, around reserved ones', () => {
  const entries = [
    { key: 'L0000000000001', name: 'Approbation' },
    { key: '99001002000000', name: 'Approbation' },
    { key: '99001001000000', name: 'Approbation' },
  ];
  const forward = assignSlugs(entries, new Set(['approbation-2']));
  const backward = assignSlugs([...entries].reverse(), new Set(['approbation-2']));
  assert.deepEqual([...forward].sort(), [...backward].sort());
  assert.equal(forward.get('99001001000000'), 'approbation');
  assert.equal(forward.get('99001002000000'), 'approbation-3');
  assert.equal(forward.get('L0000000000001'), 'approbation-4');
});

test('keys: LeiKa keys kept, "nicht im LeiKa" and empty get a content key, anything else is malformed', () => {
  assert.deepEqual(decideKey('99012001001000', 'Abbruchgenehmigung Erteilung', 10513), { kind: 'leika', key: '99012001001000' });
  assert.deepEqual(decideKey('nicht im LeiKa', 'X', 10001), { kind: 'local', key: localKey('X', 10001) });
  assert.deepEqual(decideKey('', ' x ', 10001), { kind: 'local', key: localKey('X', 10001) });
  assert.notEqual(localKey('X', 10001), localKey('X', null));
  assert.deepEqual(decideKey('3233', 'Test 4', 10513), { kind: 'malformed' });
  assert.equal(verrichtungCode('99012001001000'), '001');
  assert.equal(verrichtungCode(localKey('X', null)), null);
});

test('legal references split at their links; commas inside a citation survive', () => {
  assert.deepEqual(
    parseLegalReferences('§§ 1, 2 Gesetz A [http://example.org/a], § 3 Gesetz B [www.gesetze-im-internet.de/b/], Anlage 4 ohne Link'),
    [
      { citation: '§§ 1, 2 Gesetz A', url: 'http://example.org/a' },
      { citation: '§ 3 Gesetz B', url: 'https://www.gesetze-im-internet.de/b/' },
      { citation: 'Anlage 4 ohne Link', url: null },
    ],
  );
  assert.deepEqual(parseLegalReferences('Art. 5 [siehe dort] Verordnung'), [{ citation: 'Art. 5 [siehe dort] Verordnung', url: null }]);
  assert.deepEqual(parseLegalReferences(''), []);
});

test('laws pair with abbreviations; repeats listed once; an unsplittable list stays whole', () => {
  assert.deepEqual(parseLaws('Baugesetzbuch, Bundes-Bodenschutzgesetz', 'BauGB, BBodSchG', new Set()), [
    { name: 'Baugesetzbuch', abbreviation: 'BauGB' },
    { name: 'Bundes-Bodenschutzgesetz', abbreviation: 'BBodSchG' },
  ]);
  assert.deepEqual(parseLaws('Jugendarbeitsschutzgesetz, Jugendarbeitsschutzgesetz', 'JarbSchG, JArbSchG', new Set()), [
    { name: 'Jugendarbeitsschutzgesetz', abbreviation: 'JarbSchG' },
  ]);
  assert.deepEqual(parseLaws('Gesetz A, Teil 1, Gesetz B', 'GA, GB', new Set(['Gesetz A, Teil 1'])), [
    { name: 'Gesetz A, Teil 1', abbreviation: 'GA' },
    { name: 'Gesetz B', abbreviation: 'GB' },
  ]);
  assert.deepEqual(parseLaws('A, b, c', 'X, Y', new Set()), [{ name: 'A, b, c', abbreviation: 'X, Y' }]);
  assert.deepEqual(parseLaws('Abkommen mit anderen Staaten', '', new Set()), [{ name: 'Abkommen mit anderen Staaten', abbreviation: null }]);
});
