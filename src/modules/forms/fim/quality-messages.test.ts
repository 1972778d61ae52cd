import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { qualityMessages } from './quality-messages.ts';
import { parseXml } from './xml-tree.ts';
import type { XmlElement } from './xml-tree.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..', '..');
const source = path.resolve(repoRoot, '..', 'shared', 'data', 'fim', 'fim-xslt-xdfm', 'Meldungen_xdfm.xml');

/** Rows of the genericode list: Code, Typ, Meldungstext by column. */
function readCodeList(): Map<string, { severity: string; text: string }> {
  const rows = new Map<string, { severity: string; text: string }>();
  const visit = (element: XmlElement): void => {
    if (element.local === 'Row') {
      const column = (name: string): string =>
        element.children.find((value) => value.attributes.get('ColumnRef') === name)?.children.find((c) => c.local === 'SimpleValue')?.text.trim() ?? '';
      rows.set(column('Code'), { severity: column('Typ'), text: column('Meldungstext') });
    }
    element.children.forEach(visit);
  };
  visit(parseXml(readFileSync(source, 'utf8')));
  return rows;
}

test('the copied quality messages are those of Meldungen_xdfm.xml, word for word', () => {
  const official = readCodeList();
  assert.equal(official.size, 142);
  for (const [code, message] of Object.entries(qualityMessages)) {
    assert.deepEqual(message, official.get(code), `message ${code}`);
  }
});
