import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCalendar, escapeText, foldLine } from './ical.ts';

test('text values escape backslash, semicolon, comma and line breaks (RFC 5545 §3.3.11)', () => {
  assert.equal(escapeText('a\\b;c,d\ne\r\nf'), 'a\\\\b\\;c\\,d\\ne\\nf');
});

test('folded lines stay within 75 octets, continue with one space and never split a UTF-8 character', () => {
  const line = `SUMMARY:${'Überprüfung der Fördermittelanträge für Lügde, '.repeat(4)}`;
  const folded = foldLine(line);
  const parts = folded.split('\r\n');
  assert.ok(parts.length > 2);
  for (const [index, part] of parts.entries()) {
    assert.ok(Buffer.byteLength(part, 'utf8') <= 75, `line ${index} has ${Buffer.byteLength(part, 'utf8')} octets`);
    if (index > 0) assert.ok(part.startsWith(' '), 'continuation starts with a space');
    assert.ok(!part.includes('\uFFFD'));
  }
  assert.equal(parts.map((part, index) => (index === 0 ? part : part.slice(1))).join(''), line, 'unfolding gives the line back');
  assert.equal(foldLine('SHORT:ok'), 'SHORT:ok');
});

test('a calendar has CRLF line ends, the required properties and UTC times', () => {
  const text = buildCalendar(
    [{ uid: 'e1@portal.test', start: new Date('2026-12-03T08:00:00Z'), end: new Date('2026-12-03T09:30:00Z'), summary: 'Austausch; Teil 1, Serviceportal' }],
    { name: 'Kooperation', now: new Date('2026-11-30T10:11:12.345Z'), prodId: '-//Test//DE' },
  );
  assert.ok(text.endsWith('\r\n'));
  assert.ok(!/[^\r]\n/.test(text), 'every line ends in CRLF');
  const lines = text.split('\r\n');
  assert.equal(lines[0], 'BEGIN:VCALENDAR');
  for (const expected of ['VERSION:2.0', 'PRODID:-//Test//DE', 'UID:e1@portal.test', 'DTSTAMP:20261130T101112Z', 'DTSTART:20261203T080000Z', 'DTEND:20261203T093000Z', 'SUMMARY:Austausch\\; Teil 1\\, Serviceportal', 'END:VEVENT']) {
    assert.ok(lines.includes(expected), `missing ${expected}`);
  }
});
