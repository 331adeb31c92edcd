import { describe, expect, it } from 'vitest';
import { formatCount, formatDate, formatMoneyShort, mailtoHref, namedInOrder, parseDate, pickLocale, semicolon, zoneOffsetOn } from './format';

describe('formatDate', () => {
  it.each([
    ['2020-03-03', 'en', '3 March 2020'],
    ['2020-03-03', 'fr', '3 mars 2020'],
    ['2017-12-31', 'en', '31 December 2017'],
    ['2017-12-31', 'fr', '31 décembre 2017'],
    ['2024-02-29', 'fr', '29 février 2024'],
    // French writes the first of the month "1er", as the PDF does (dayOfMonth).
    ['2020-01-01', 'fr', '1er janvier 2020'],
    ['2020-01-01', 'en', '1 January 2020'],
    ['2021-03-11', 'fr', '11 mars 2021'],
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

describe('formatMoneyShort', () => {
  // A currency has two decimals by default; a compact figure asked for at most one got at
  // least one in engines that keep the currency's minimum under the maximum (WebKitGTK, the
  // window on Linux, and Node): "EUR 12.0M+1", its "+1" cut off in the list's column.
  it.each([
    [155e6, 'en', 'EUR 155m'],
    [12e6, 'en', 'EUR 12m'],
    [46.3e6, 'en', 'EUR 46.3m'],
    [1.5e9, 'en', 'EUR 1.5bn'],
    [155e6, 'fr', '155 M EUR'],
    [12e6, 'fr', '12 M EUR'],
    [46.3e6, 'fr', '46,3 M EUR'],
    [1.5e9, 'fr', '1,5 Md EUR'],
  ] as const)('%d in %s is %s, no decimal of zero', (amount, locale, want) => {
    expect(formatMoneyShort(amount, 'EUR', locale)).toBe(want);
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

import {
  addDays,
  dayOfMonth,
  daysBetween,
  formatDateShort,
  formatDateTime,
  formatMoney,
  formatNumber,
  formatPercent,
  formatTime,
  formatTimestamp,
  minorDigits,
  formatRelative,
  fromRFC3339,
  normaliseDateTime,
  offsetLabel,
  parseNumber,
  parseWallClock,
  progress,
  zoneOffsetMinutes,
} from './format';

describe('date-times as written', () => {
  it('shows a meeting time as written whatever the reader’s zone', () => {
    expect(formatDateTime('2020-11-13T13:30:00+01:00', 'en')).toBe('13 November 2020 at 13:30');
    expect(formatDateTime('2020-11-13T13:30:00+01:00', 'fr')).toBe('13 novembre 2020 à 13:30');
    expect(formatTime('2020-11-13T15:10:00+01:00', 'fr')).toBe('15:10');
    expect(offsetLabel('2020-11-13T13:30:00+01:00')).toBe('UTC+01:00');
    expect(offsetLabel('2020-11-13T13:30:00Z')).toBe('UTC');
  });

  it('leaves what it cannot read unchanged', () => {
    expect(formatDateTime('tomorrow', 'en')).toBe('tomorrow');
    expect(parseWallClock('2020-11-13')).toBeNull();
  });

  it('short dates for tables', () => {
    expect(formatDateShort('2026-12-31', 'en')).toBe('31 Dec 2026');
    expect(formatDateShort('2026-12-31', 'fr')).toBe('31 déc. 2026');
    // "depuis le 1er janv. 2020" on the country page's indicators card, not "le 1 janv.".
    expect(formatDateShort('2020-01-01', 'fr')).toBe('1er janv. 2020');
    expect(formatDateShort('2020-01-01', 'en')).toBe('1 Jan 2020');
    expect(formatDateShort('2020-01-10', 'fr')).toBe('10 janv. 2020');
  });

  it('the first of the month in French, in every date that shows a day', () => {
    expect(dayOfMonth(1, 'fr')).toBe('1er');
    expect(dayOfMonth(1, 'en')).toBe('1');
    expect(dayOfMonth(21, 'fr')).toBe('21');
    expect(formatDateTime('2020-11-01T13:30:00+01:00', 'fr')).toBe('1er novembre 2020 à 13:30');
    expect(formatDateTime('2020-11-01T13:30:00+01:00', 'en')).toBe('1 November 2020 at 13:30');
    expect(formatTimestamp('2020-11-01T12:30:00Z', 'fr', 'UTC')).toBe('1er nov. 2020, 12:30');
  });

  it('moments recorded by the app in a given zone', () => {
    expect(formatTimestamp('2020-11-13T12:30:00Z', 'en', 'UTC')).toBe('13 Nov 2020, 12:30');
    expect(formatTimestamp('2020-11-13T12:30:00Z', 'fr', 'Europe/Paris')).toBe('13 nov. 2020, 13:30');
  });

  it('relative times', () => {
    const now = new Date('2026-03-10T12:00:00Z');
    expect(formatRelative('2026-03-10T11:59:30Z', 'en', now)).toBe('now');
    expect(formatRelative('2026-03-10T09:00:00Z', 'en', now)).toBe('3 hours ago');
    expect(formatRelative('2026-03-07T12:00:00Z', 'fr', now)).toBe('il y a 3 jours');
  });
});

describe('typing a date-time', () => {
  it('adds the offset of the meeting’s time zone', () => {
    expect(normaliseDateTime('2020-11-13 13:30', 'Europe/Zurich')).toBe('2020-11-13T13:30:00+01:00');
    expect(normaliseDateTime('2020-07-13T13:30', 'Europe/Zurich')).toBe('2020-07-13T13:30:00+02:00');
    expect(normaliseDateTime('2020-11-13 13:30', 'Asia/Kolkata')).toBe('2020-11-13T13:30:00+05:30');
  });

  it('keeps an offset that was written', () => {
    expect(normaliseDateTime('2020-11-13T13:30:00+01:00')).toBe('2020-11-13T13:30:00+01:00');
    expect(normaliseDateTime('2020-11-13T13:30z')).toBe('2020-11-13T13:30:00Z');
    expect(normaliseDateTime('2020-11-13 13:30 +0100')).toBe('2020-11-13T13:30:00+01:00');
  });

  it('keeps a fraction of a second, so that a stored value shown in a form reads back unchanged', () => {
    expect(normaliseDateTime('2020-11-13T13:30:00.250+01:00')).toBe('2020-11-13T13:30:00.250+01:00');
  });

  it('passes anything else through for the backend to explain', () => {
    expect(normaliseDateTime('  13/11/2020 ')).toBe('13/11/2020');
    expect(normaliseDateTime('')).toBe('');
  });

  it('zone offsets', () => {
    expect(zoneOffsetMinutes('UTC', Date.UTC(2020, 0, 1))).toBe(0);
    expect(zoneOffsetMinutes('America/New_York', Date.UTC(2020, 0, 1, 12))).toBe(-300);
    expect(zoneOffsetMinutes('Not/AZone', 0)).toBeNull();
  });

  it('round-trips a datetime-local value', () => {
    expect(fromRFC3339('2020-11-13T13:30:00+01:00')).toEqual({ local: '2020-11-13T13:30', offset: '+01:00' });
  });
});

describe('numbers', () => {
  it('formats per locale', () => {
    expect(formatNumber(1234.5, 'en')).toBe('1,234.5');
    expect(formatNumber(1234.5, 'fr')).toBe('1 234,5');
    expect(formatNumber(null, 'fr')).toBe('');
    expect(formatPercent(42, 'en')).toBe('42%');
    expect(formatPercent(42, 'fr')).toBe('42 %');
  });

  it('parses what people type in either locale', () => {
    expect(parseNumber('53,000', 'en')).toBe(53000);
    expect(parseNumber('53 000', 'fr')).toBe(53000);
    expect(parseNumber('1 234,5', 'fr')).toBe(1234.5);
    expect(parseNumber('12.5', 'fr')).toBe(12.5);
    expect(parseNumber('1,234.5', 'en')).toBe(1234.5);
    expect(parseNumber('-3', 'en')).toBe(-3);
    expect(parseNumber('', 'en')).toBeNull();
    expect(parseNumber('lots', 'en')).toBeNaN();
    // 400 digits are no Infinity, which JSON would send as null: the server names the bound.
    expect(parseNumber('1' + '0'.repeat(400), 'en')).toBe(Number.MAX_VALUE);
    expect(JSON.stringify(parseNumber('-' + '9'.repeat(400), 'fr'))).toBe(String(-Number.MAX_VALUE));
    expect(parseNumber('12abc', 'fr')).toBeNaN();
  });

  it('writes money with its currency’s minor units when it has a fraction', () => {
    expect(formatMoney(1234.5, 'EUR', 'en')).toBe('EUR 1,234.50');
    expect(formatMoney(1234.5, 'EUR', 'fr')).toBe('1 234,50 EUR');
    expect(formatMoney(46300000, 'EUR', 'fr')).toBe('46 300 000 EUR');
    expect(formatMoney(2500000.125, 'TND', 'en')).toBe('TND 2,500,000.125');
    expect(formatMoney(2500000.1, 'TND', 'fr')).toBe('2 500 000,100 TND');
    expect(minorDigits('EUR')).toBe(2);
    expect(minorDigits('JPY')).toBe(0);
    expect(minorDigits('euro')).toBe(0); // not a code: Intl refuses it
  });

  it('refuses a separator the locale does not put there, rather than read another amount', () => {
    // [typed, locale, read]: NaN is refused with the form's "not a number" message.
    const cases: [string, 'en' | 'fr', number][] = [
      ['1234,567', 'en', NaN], // a European decimal typed in English: was stored as 1,234,567
      ['12,5', 'en', NaN], // was 125
      ['1.234,5', 'en', NaN], // was 1.2345
      ['1,23,456', 'en', NaN],
      ['12 34', 'en', NaN], // spaces only between groups of three
      ['1,234,567.25', 'en', 1234567.25],
      ['1 234 567.25', 'en', 1234567.25],
      ['.5', 'en', 0.5],
      ['12.', 'en', 12],
      ['+7', 'en', 7],
      ['-1,000', 'en', -1000],
      ['.', 'en', NaN],
      ['1e5', 'en', NaN],
      ['1.234', 'fr', NaN], // a thousand, or one and a bit: asked again
      ['1.234.567', 'fr', NaN],
      ['1,234.5', 'fr', NaN],
      ['1.234,5', 'fr', 1234.5],
      ['1\u202f234,50', 'fr', 1234.5],
      ['1\u00a0234', 'fr', 1234],
      ['12.25', 'fr', 12.25],
      ['0,125', 'fr', 0.125],
      ['12 34', 'fr', NaN],
      ['1,2,3', 'fr', NaN],
    ];
    for (const [typed, locale, read] of cases) {
      expect([typed, locale, parseNumber(typed, locale)]).toEqual([typed, locale, read]);
    }
  });

  it('progress towards a target', () => {
    expect(progress(0, 100, 50)).toBe(50);
    expect(progress(20, 120, 70)).toBe(50);
    expect(progress(undefined, 100, 150)).toBe(100);
    expect(progress(0, 100, -5)).toBe(0);
    expect(progress(0, undefined, 5)).toBeNull();
    expect(progress(10, 10, 10)).toBe(100);
  });
});

describe('calendar arithmetic', () => {
  it('adds days across months and leap years', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-12-31', 60)).toBe('2027-03-01');
    expect(daysBetween('2026-11-28', '2026-12-31')).toBe(33);
  });
});

describe('zoneOffsetOn', () => {
  it('gives a zone\'s offset on the meeting\'s day, summer time included', () => {
    expect(zoneOffsetOn('Europe/Zurich', '2024-06-10')).toBe('UTC+02:00');
    expect(zoneOffsetOn('Europe/Zurich', '2024-12-10 09:30')).toBe('UTC+01:00');
    expect(zoneOffsetOn('Africa/Nouakchott', '2024-06-10')).toBe('UTC+00:00');
    expect(zoneOffsetOn('Asia/Kolkata', '2024-06-10')).toBe('UTC+05:30');
    expect(zoneOffsetOn('America/New_York', '2024-01-15')).toBe('UTC-05:00');
    expect(zoneOffsetOn('Europe/Zurich', '')).toBeNull();
    expect(zoneOffsetOn('Europe/Zurich', '2024-02-30')).toBeNull();
    expect(zoneOffsetOn('Nowhere/City', '2024-06-10')).toBeNull();
  });
});

describe('semicolon', () => {
  it('sets a no-break space before it in French, as the PDF does', () => {
    expect(['a, b', 'c'].join(semicolon('fr'))).toBe('a, b\u00a0; c');
    expect(['a, b', 'c'].join(semicolon('en'))).toBe('a, b; c');
  });
});

describe('namedInOrder', () => {
  // A list's Countries cell: the backend sends ISO3 codes in code order; the cell names them
  // in the reader's language, in the order of the names shown.
  const names: Record<string, Record<string, string>> = {
    en: { DEU: 'Germany', EGY: 'Egypt', SSD: 'South Sudan', SDN: 'Sudan', TUN: 'Tunisia' },
    fr: { DEU: 'Allemagne', EGY: 'Égypte', SSD: 'Soudan du Sud', SDN: 'Soudan', TUN: 'Tunisie' },
  };
  it.each([
    ['en', ['DEU', 'EGY'], 'Egypt, Germany'],
    ['fr', ['DEU', 'EGY'], 'Allemagne, Égypte'],
    ['en', ['SDN', 'SSD', 'TUN'], 'South Sudan, Sudan, Tunisia'],
    ['fr', ['SDN', 'SSD', 'TUN'], 'Soudan, Soudan du Sud, Tunisie'],
    ['fr', [], ''],
  ])('%s %j', (locale, codes, want) => {
    expect(namedInOrder(codes, (c) => names[locale][c] ?? c, locale)).toBe(want);
  });
});

describe('mailtoHref', () => {
  it('writes to the address shown and to nobody else', () => {
    expect(mailtoHref('migration@mfa.gov.tn')).toBe('mailto:migration@mfa.gov.tn');
    expect(mailtoHref("o'brien+desk@mfa.gov.ie")).toBe("mailto:o'brien%2Bdesk@mfa.gov.ie");
    const href = mailtoHref('desk?cc=someone%40elsewhere.org&body=Hi@mfa.gov.tn');
    expect(href).toBe('mailto:desk%3Fcc%3Dsomeone%2540elsewhere.org%26body%3DHi@mfa.gov.tn');
    const u = new URL(href);
    expect(u.search).toBe('');
    expect(decodeURIComponent(u.pathname)).toBe('desk?cc=someone%40elsewhere.org&body=Hi@mfa.gov.tn');
  });

  // Every screen links an address through it: a contact's e-mail comes from anyone's bundle.
  it('is the only way the screens write a mailto: link', () => {
    const sources = import.meta.glob<string>(['../components/*.svelte', '../screens/*.svelte'], { query: '?raw', import: 'default', eager: true });
    expect(Object.keys(sources).length).toBeGreaterThan(20);
    for (const [f, text] of Object.entries(sources)) expect(text.includes('"mailto:'), f).toBe(false);
  });
});
