import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from '../../platform/db/sql.ts';
import { createTestApp, type TestApp } from '../../platform/testing/test-app.ts';
import { absoluteOnlineUrl, internalApplicationUrl, readOnlineUrl } from './form-parsing.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

test('the online application may be a web address or an application of this portal, nothing else', () => {
  const read = (onlineUrl: string) => {
    const issues: { field: string; code: string }[] = [];
    return { value: readOnlineUrl({ onlineUrl }, {}, issues, 'onlineUrl'), codes: issues.map((issue) => issue.code) };
  };
  assert.deepEqual(read('https://service.wirtschaft.nrw/online-antraege'), { value: 'https://service.wirtschaft.nrw/online-antraege', codes: [] });
  assert.deepEqual(read('/lemgo/antrag/hundeanmeldung'), { value: '/lemgo/antrag/hundeanmeldung', codes: [] });
  for (const refused of ['//evil.example/antrag/x', '/lemgo/leistungen/hundesteuer', '/lemgo/antrag/../admin', 'javascript:alert(1)', '/Lemgo/antrag/hund', '/lemgo/antrag/hund?x=1']) {
    assert.deepEqual(read(refused), { value: null, codes: ['invalid_url'] }, refused);
  }
  assert.deepEqual(read(''), { value: null, codes: [] });
  assert.equal(internalApplicationUrl('bad-salzuflen', 'sperrmuell-abholung'), '/bad-salzuflen/antrag/sperrmuell-abholung');
  assert.throws(() => internalApplicationUrl('x/y', 'z'));
  assert.equal(absoluteOnlineUrl('/lemgo/antrag/hundeanmeldung', 'https://portal.example/'), 'https://portal.example/lemgo/antrag/hundeanmeldung');
  assert.equal(absoluteOnlineUrl('https://a.example/b', 'https://portal.example'), 'https://a.example/b');
  assert.equal(absoluteOnlineUrl(null, 'https://portal.example'), null);
});

test('the database accepts the same two shapes only (migration 0010)', async () => {
  const set = (url: string) =>
    t.db.ownerTransaction(async (tx) => {
      await tx.query(sql`insert into services (key, name, slug, source_hash) values ('99102013000000', 'Hundesteuer', 'hundesteuer', 'test')
        on conflict (key) do nothing`);
      await tx.query(sql`insert into offers (tenant_id, service_key, online_available, online_url)
        select id, '99102013000000', true, ${url} from tenants where slug = 'lemgo'
        on conflict (tenant_id, service_key) do update set online_url = excluded.online_url`);
    });
  await set('/lemgo/antrag/hundeanmeldung');
  await set('https://example.org/antrag');
  await assert.rejects(set('//evil.example/antrag/x'), /offers_online_url_check/);
  await assert.rejects(set('/lemgo/leistungen/x'), /offers_online_url_check/);
  await assert.rejects(set('javascript:alert(1)'), /offers_online_url_check/);
});
