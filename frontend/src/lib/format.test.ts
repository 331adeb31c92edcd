import { describe, expect, it } from 'vitest';
import { formatCount, formatDate, parseDate, pickLocale } from './format';

describe('formatDate', () => {
  it.each([
    ['2020-03-03', 'en', '3 March 2020'],
    ['2020-03-03', 'fr', '3 mars 2020'],
    ['2017-12-31', 'en', '31 December 2017'],
    ['2017-12-31', 'fr', '31 décembre 2017'],
    ['2024-02-29', 'fr', '29 février 2024'],
  ] as const)('%s in %s is %s', (iso, locale, want) => {
    expect(formatDate(iso, locale)).toBe(want);
  });

  it('returns unparseable input unchanged', () => {
    expect(formatDate('soon', 'en')).toBe('soon');
    expect(formatDate('2023-02-29', 'fr')).toBe('2023-02-29');
  });
});

describe('parseDate', () => {
  it('keeps the calendar day whatever the time zone', () => {
    expect(parseDate('2020-01-01')?.toISOString()).toBe('2020-01-01T00:00:00.000Z');
  });
  it('rejects impossible dates and other shapes', () => {
    for (const s of ['2021-13-01', '2021-04-31', '21-04-01', '2021-4-1', '']) {
      expect(parseDate(s)).toBeNull();
    }
  });
});

describe('formatCount', () => {
  it('groups digits per locale', () => {
    expect(formatCount(53000, 'en')).toBe('53,000');
    expect(formatCount(53000, 'fr')).toBe('53 000');
  });
});

describe('pickLocale', () => {
  it.each([
    ['fr-BE', 'fr'],
    ['FR', 'fr'],
    ['en_US', 'en'],
    ['de-DE', 'en'],
    [undefined, 'en'],
  ] as const)('%s -> %s', (tag, want) => {
    expect(pickLocale(tag)).toBe(want);
  });
});
