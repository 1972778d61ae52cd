import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDate, formatDateTime, formatMoney, formatNumber } from './format.ts';
import { interpolate } from './i18n.ts';

test('dates, numbers and money read as Germans expect them, in German time', () => {
  const newYearUtc = new Date('2026-12-31T23:30:00Z');
  assert.equal(formatDate(newYearUtc, 'de'), '01.01.2027');
  assert.equal(formatDateTime(new Date('2026-07-01T10:05:00Z'), 'de'), '01.07.2026, 12:05');
  assert.equal(formatNumber(72646, 'de'), '72.646');
  assert.equal(formatMoney(3700, 'de'), '37,00\u00a0€');
  assert.equal(formatMoney(123456, 'en'), '€1,234.56');
});

test('placeholders are filled and unknown ones stay visible', () => {
  assert.equal(interpolate('Hallo {name}, {missing}', { name: 'Erika' }), 'Hallo Erika, {missing}');
});
