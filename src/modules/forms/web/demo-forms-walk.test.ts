/**
 * Every demo form of seeds/forms, walked by a citizen over HTTP: start page, every step with a
 * valid answer set, check your answers, declaration, submission. Each case takes at least one
 * conditional branch, and the stored submission shows that the branch's answers were kept and
 * the answers of branches not taken were pruned (Art. 5 (1) c DSGVO).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from '../../../platform/db/sql.ts';
import { createTestApp, TestClient, type TestApp } from '../../../platform/testing/test-app.ts';
import { createForm, publishDraft } from '../store/index.ts';
import { fixture, staffOf } from '../store/test-support.ts';
import { demoFormNames } from '../runtime/test-fixtures.ts';
import { walks } from './demo-form-walks.ts';

let t: TestApp;

before(async () => {
  t = await createTestApp();
  const staff = await staffOf(t.db, 'detmold');
  for (const name of demoFormNames) {
    const created = await createForm(t.db, staff, fixture(name));
    await publishDraft(t.db, staff, created.formId);
  }
});
after(() => t.close());

for (const walk of walks) {
  test(`walks and submits: ${walk.name}`, async () => {
    const definition = fixture(walk.form);
    const base = `/detmold/antrag/${definition.id}`;
    const client = new TestClient(t.app);
    const start = await client.get(base);
    assert.equal(start.statusCode, 200);
    assert.ok(start.body.includes(definition.title.de), 'the start page names the form');
    const started = await client.post(base, {});
    assert.equal(started.statusCode, 303);
    assert.equal(started.headers.location, `${base}/schritt/${walk.steps[0]?.[0]}`);

    for (const [index, [stepId, fields]] of walk.steps.entries()) {
      assert.equal((await client.get(`${base}/schritt/${stepId}`)).statusCode, 200, `${stepId} opens`);
      const response = await client.post(`${base}/schritt/${stepId}`, fields);
      const problem = /<div class="kern-alert[^]*?<\/ul>/.exec(response.body)?.[0] ?? response.body.slice(0, 300);
      assert.equal(response.statusCode, 303, `${stepId}: ${problem}`);
      const next = walk.steps[index + 1]?.[0];
      assert.equal(response.headers.location, next ? `${base}/schritt/${next}` : `${base}/pruefen`, `after ${stepId}`);
    }

    const check = await client.get(`${base}/pruefen`);
    assert.equal(check.statusCode, 200);
    for (const shown of walk.shown) assert.ok(check.body.includes(shown), `check page shows ${shown}`);
    assert.ok(!check.body.includes('wird verworfen'), 'answers of a branch not taken are not listed');

    const sent = await client.post(`${base}/absenden`, { erklaerung: 'ja' });
    assert.equal(sent.statusCode, 303);
    const reference = /\/eingang\/(ANT-\d{4}-[A-Z0-9]{6})$/.exec(String(sent.headers.location))?.[1];
    assert.ok(reference, String(sent.headers.location));
    assert.equal((await client.get(String(sent.headers.location))).statusCode, 200);

    const [row] = await t.db.ownerTransaction((tx) => tx.query<{ answers: Record<string, unknown> }>(sql`select answers from submissions where reference = ${reference}`));
    assert.ok(row, 'the submission is stored');
    for (const id of walk.kept) assert.ok(id in row.answers, `kept: ${id}`);
    for (const id of walk.pruned) assert.ok(!(id in row.answers), `pruned: ${id}`);
  });
}

test('every demo form is walked at least once', () => {
  assert.deepEqual([...new Set(walks.map((walk) => walk.form))].sort(), [...demoFormNames].sort());
});
