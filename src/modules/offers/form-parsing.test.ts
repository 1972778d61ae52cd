import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isWebAddress, parseEuroCents } from './form-parsing.ts';
import { formatDayLine, parseDayLine, readOpeningHours } from './opening-hours.ts';
import { leistungsobjektKey } from './offer-store.ts';
import { jsonLdScript } from './json-ld.ts';

test('euros as Germans write them become whole cents without floating point', () => {
  const cases: [string, number | null | undefined][] = [
    ['46,00', 4600], ['46', 4600], ['27,6', 2760], ['0', 0], ['', null], ['1.234,50', 123450], ['37.5', 3750], ['46,00 €', 4600],
    ['0,07', 7], ['19,99', 1999], ['zwölf', undefined], ['-1', undefined], ['1,234', undefined], ['1.23.4', undefined],
  ];
  for (const [input, cents] of cases) assert.equal(parseEuroCents(input), cents, input);
});

test('opening hours: lines per weekday parse, normalise and round-trip; bad lines are refused', () => {
  assert.deepEqual(parseDayLine(2, '8-12, 14:00–18:00'), [
    { day: 2, opens: '08:00', closes: '12:00' },
    { day: 2, opens: '14:00', closes: '18:00' },
  ]);
  assert.deepEqual(parseDayLine(4, '8.30 - 12 Uhr'), [{ day: 4, opens: '08:30', closes: '12:00' }]);
  assert.deepEqual(parseDayLine(7, '  '), []);
  for (const bad of ['12-8', '8-12, 11-14', '25-26', 'vormittags', '8-12-14', '8:60-9']) assert.equal(parseDayLine(1, bad), undefined, bad);
  const hours = [...parseDayLine(1, '8-12')!, ...parseDayLine(3, '7:30-12:30, 13-15')!];
  assert.equal(formatDayLine(hours, 3), '07:30–12:30, 13:00–15:00');
  assert.equal(formatDayLine(hours, 2), '');
  assert.deepEqual(readOpeningHours([{ day: 9, opens: 'x', closes: 'y' }, 'junk', { day: 1, opens: '08:00', closes: '12:00' }]), [{ day: 1, opens: '08:00', closes: '12:00' }]);
});

test('only http(s) addresses count as web addresses', () => {
  assert.equal(isWebAddress('https://www.detmold.de/buergerbuero'), true);
  for (const bad of ['javascript:alert(1)', 'data:text/html,x', 'www.detmold.de', 'https://localhost', 'ftp://x.de']) assert.equal(isWebAddress(bad), false, bad);
});

test('a Verrichtung belongs to its Leistungsobjekt; local keys stand alone', () => {
  assert.equal(leistungsobjektKey('99012008001000'), '99012008000000');
  assert.equal(leistungsobjektKey('99012008000000'), '99012008000000');
  assert.equal(leistungsobjektKey('L0123456789abc'), 'L0123456789abc');
});

test('JSON-LD escapes what could end the script element', () => {
  const script = jsonLdScript({ name: '</script><!-- & \u2028' }).value;
  assert.equal(script, '<script type="application/ld+json">{"name":"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028"}</script>');
  assert.deepEqual(JSON.parse(script.slice(script.indexOf('>') + 1, script.lastIndexOf('<'))), { name: '</script><!-- & \u2028' });
});
