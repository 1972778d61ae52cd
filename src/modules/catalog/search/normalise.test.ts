import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../../../platform/db/database.ts';
import { noScope, one } from '../../../platform/db/database.ts';
import { sql } from '../../../platform/db/sql.ts';
import { openTestDatabase } from '../../../platform/testing/test-database.ts';
import { foldText, spellingVariants, words } from './normalise.ts';
import { planQuery, splitActCompound } from './query-plan.ts';

let db: Database;
before(async () => {
  db = await openTestDatabase();
});
after(() => db.close());

const samples = [
  'Führerschein',
  'FÜHRERSCHEIN',
  'Fuehrerschein',
  'Reisepaß',
  'STRAẞE',
  'Änderung ÖFFNUNG übergabe',
  'Café Crème à la carte, São Paulo; Ærø',
  'Kfz-Zulassung (§ 3 FZV) – 2024/25',
  '  Leer   zeichen\t\nund\u00a0Umbrüche  ',
  'Čapek Łódź Ğ',
  '',
];

test('folding: lower case, umlauts to their base letter, ß to ss, accents dropped, the rest spaces', () => {
  assert.equal(foldText('Führerschein'), 'fuhrerschein');
  assert.equal(foldText('FÜHRERSCHEIN'), 'fuhrerschein');
  assert.equal(foldText('Reisepaß'), 'reisepass');
  assert.equal(foldText('STRAẞE'), 'strasse');
  assert.equal(foldText('Kfz-Zulassung (§ 3 FZV)'), 'kfz zulassung 3 fzv');
  assert.equal(foldText('Café Crème'), 'cafe creme');
  assert.deepEqual(words('  Hund   anmelden! '), ['hund', 'anmelden']);
  assert.deepEqual(words(' – '), []);
});

test('the database folds exactly as the application does', async () => {
  for (const sample of samples) {
    const row = await db.transaction(noScope, (tx) => one<{ folded: string }>(tx, sql`select catalog_search_fold(${sample}) as folded`));
    assert.equal(row.folded, foldText(sample), JSON.stringify(sample));
  }
});

test('"ae", "oe", "ue" are tried as umlauts too', () => {
  assert.deepEqual(spellingVariants('fuehrerschein'), ['fuehrerschein', 'fuhrerschein']);
  assert.deepEqual(spellingVariants('baumfaellgenehmigung'), ['baumfaellgenehmigung', 'baumfallgenehmigung']);
  assert.deepEqual(spellingVariants('reisepass'), ['reisepass']);
});

test('a compound ending in an act is also read as object and act', () => {
  assert.deepEqual(splitActCompound('hundeanmeldung'), ['hunde anmeldung']);
  assert.deepEqual(splitActCompound('wohnsitzanmeldung'), ['wohnsitz anmeldung']);
  assert.deepEqual(splitActCompound('passverlangerung'), ['pass verlangerung', 'pas verlangerung']);
  assert.deepEqual(splitActCompound('anmeldung'), []);
  assert.deepEqual(splitActCompound('ummeldung'), []);
});

test('the plan: stop words dropped, synonyms and phrases found, acts only rank', () => {
  assert.equal(planQuery(''), null);
  assert.equal(planQuery('ich möchte ein'), null);
  assert.equal(planQuery('x'), null);

  const perso = planQuery('Ich brauche einen Perso');
  assert.ok(perso);
  assert.equal(perso.concepts.length, 1);
  assert.deepEqual(perso.concepts[0]?.alternatives.map((a) => a.term), ['perso', 'personalausweis']);

  const hartz = planQuery('Hartz 4 beantragen');
  assert.ok(hartz);
  assert.deepEqual(hartz.concepts.map((c) => [c.typed, c.finds, c.weight]), [['hartz 4', true, 1], ['beantragen', false, 0.4]]);
  assert.ok(hartz.concepts[0]?.alternatives.some((a) => a.term === 'arbeitslosengeld ii'));

  const dog = planQuery('Hund anmelden');
  assert.ok(dog);
  assert.deepEqual(dog.concepts.map((c) => [c.typed, c.finds]), [['hund', true], ['anmelden', false]]);

  // Acts alone must still find something.
  assert.equal(planQuery('Anmeldung')?.concepts[0]?.finds, true);
  // A word being typed ranks but does not find.
  assert.equal(planQuery('Reisepass ve')?.concepts[1]?.finds, false);
  // Repeated words count once.
  assert.equal(planQuery('Ausweis Ausweis ausweis')?.concepts.length, 1);
});
