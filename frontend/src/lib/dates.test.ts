import { describe, expect, it } from 'vitest';
import { dateMessage, datePreview, dateProblem, editText, isoText, type DateKind } from './dates';
import { normaliseDateTime } from './format';

describe('dateProblem', () => {
  it('accepts what the placeholders show', () => {
    expect(dateProblem('2026-02-28', 'date', 'en')).toBeNull();
    expect(dateProblem('2024-02-29', 'date', 'en')).toBeNull();
    expect(dateProblem('2026-03-10 13:30', 'datetime', 'en')).toBeNull();
    expect(dateProblem('2026-03-10 9:30', 'datetime', 'en')).toBeNull();
    expect(dateProblem('2026-03-10T13:30:00+01:00', 'datetime', 'en')).toBeNull();
    expect(dateProblem('2026-03-10', 'date_or_datetime', 'en')).toBeNull();
    expect(dateProblem('2026-03-10 13:30', 'date_or_datetime', 'en')).toBeNull();
    expect(dateProblem('', 'date', 'en')).toBeNull();
  });

  it('tells an impossible day from a malformed date', () => {
    expect(dateProblem('2026-02-30', 'date', 'en')?.key).toBe('date.no_such_day');
    expect(dateProblem('2025-02-29', 'date', 'en')?.key).toBe('date.no_such_day');
    expect(dateProblem('2026-02-30 10:00', 'date_or_datetime', 'en')?.key).toBe('date.no_such_day');
    expect(dateProblem('2026-13-01', 'date', 'en')?.key).toBe('date.no_such_month');
    expect(dateProblem('2026-03-00', 'date', 'en')?.key).toBe('date.no_day_zero');
    expect(dateProblem('2026-03-10 25:00', 'datetime', 'en')?.key).toBe('time.no_such_time');
    expect(dateProblem('2026-03-10 13:30', 'date', 'en')?.key).toBe('date.malformed');
    expect(dateProblem('2026-03-10', 'datetime', 'en')?.key).toBe('datetime.malformed');
    expect(dateProblem('10 March 2026', 'date_or_datetime', 'en')?.key).toBe('date_or_datetime.malformed');
  });

  it('reads year 0 by the proleptic calendar, as the backend does', () => {
    expect(dateProblem('0000-02-29', 'date', 'en')).toBeNull(); // Date.UTC would read 0 as 1900
    expect(dateProblem('29/02/0000', 'date', 'fr')).toBeNull();
    expect(dateProblem('0100-02-29', 'date', 'en')?.key).toBe('date.no_such_day');
  });

  // French: JJ/MM/AAAA (one digit allowed for the day and the month), a time where one is
  // allowed, and ISO as well. null: accepted; a key: refused with that message.
  const french: [string, DateKind, string | null][] = [
    ['31/12/2026', 'date', null],
    ['1/3/2026', 'date', null],
    ['01/03/2026', 'date', null],
    ['2026-12-31', 'date', null],
    ['  31/12/2026  ', 'date', null],
    ['29/02/2028', 'date', null],
    ['29/02/2027', 'date', 'date.no_such_day'],
    ['31/02/2026', 'date', 'date.no_such_day'],
    ['31/04/2026', 'date', 'date.no_such_day'],
    ['00/01/2026', 'date', 'date.no_day_zero'],
    ['32/01/2026', 'date', 'date.no_such_day'],
    ['13/13/2026', 'date', 'date.no_such_month'],
    ['12/31/2026', 'date', 'date.no_such_month'],
    ['01/00/2026', 'date', 'date.no_such_month'],
    ['31/12/26', 'date', 'date.short_year'],
    ['31/12/26 13:30', 'datetime', 'date.short_year'],
    ['31 / 12 / 2026', 'date', 'date.malformed'],
    ['31 12 2026', 'date', 'date.malformed'],
    ['31.12.2026', 'date', 'date.malformed'],
    ['31-12-2026', 'date', 'date.malformed'],
    ['031/12/2026', 'date', 'date.malformed'],
    ['31/12/20266', 'date', 'date.malformed'],
    ['31/12/2026 13:30', 'date', 'date.malformed'],
    ['31/12/2026 13:30', 'datetime', null],
    ['31/12/2026   9:05', 'datetime', null],
    ['31/12/2026 13h30', 'datetime', null],
    ['31/12/2026 13 h 30', 'datetime', null],
    ['31/12/2026 13h', 'datetime', null],
    ['13/11/2020 13:30 +01:00', 'datetime', null],
    ['13/11/2020 13:30:15 -05:00', 'datetime', null],
    ['2026-12-31 13:30', 'datetime', null],
    ['31/12/2026', 'datetime', 'datetime.malformed'],
    ['31/12/2026 24:00', 'datetime', 'time.no_such_time'],
    ['31/12/2026 23:60', 'datetime', 'time.no_such_time'],
    ['31/12/2026 24h00', 'datetime', 'time.no_such_time'],
    ['31/12/2026 13.30', 'datetime', 'datetime.malformed'],
    ['31/12/2026T13:30', 'datetime', 'datetime.malformed'],
    ['31/12/2026', 'date_or_datetime', null],
    ['31/12/2026 13:30', 'date_or_datetime', null],
    ['29/02/2027 13:30', 'date_or_datetime', 'date.no_such_day'],
    ['le 31 décembre', 'date_or_datetime', 'date_or_datetime.malformed'],
  ];
  it.each(french)('French: %j as %s → %s', (text, kind, want) => {
    expect(dateProblem(text, kind, 'fr')?.key ?? null).toBe(want);
  });

  // English: ISO only; a date with slashes is refused whichever order it is in.
  const english: [string, DateKind, string | null][] = [
    ['2026-12-31', 'date', null],
    [' 2026-12-31 ', 'date', null],
    ['2028-02-29', 'date', null],
    ['2027-02-29', 'date', 'date.no_such_day'],
    ['31/12/2026', 'date', 'date.slashed'],
    ['12/31/2026', 'date', 'date.slashed'],
    ['03/04/2026', 'date', 'date.slashed_both'],
    ['04/04/2026', 'date', 'date.slashed'],
    ['45/45/2026', 'date', 'date.slashed'],
    ['31/12/26', 'date', 'date.short_year'],
    ['03/04/26', 'date', 'date.short_year_both'],
    ['12/31/2026 13:30', 'datetime', 'date.slashed'],
    ['12/31/2026 13:30', 'date_or_datetime', 'date.slashed'],
    ['2026-12-31 24:00', 'datetime', 'time.no_such_time'],
    ['31.12.2026', 'date', 'date.malformed'],
  ];
  it.each(english)('English: %j as %s → %s', (text, kind, want) => {
    expect(dateProblem(text, kind, 'en')?.key ?? null).toBe(want);
  });
});

describe('isoText', () => {
  it.each([
    ['31/12/2026', '2026-12-31'],
    ['1/3/2026', '2026-03-01'],
    [' 01/03/2026 ', '2026-03-01'],
    ['31/12/2026 13:30', '2026-12-31 13:30'],
    ['31/12/2026 9h05', '2026-12-31 9:05'],
    ['31/12/2026 13h', '2026-12-31 13:00'],
    ['13/11/2020 13:30 +01:00', '2020-11-13 13:30 +01:00'],
    ['2026-12-31', '2026-12-31'],
    ['31/12/26', '31/12/26'],
    ['n’importe quoi', 'n’importe quoi'],
  ])('French %j → %j', (typed, want) => {
    expect(isoText(typed, 'fr')).toBe(want);
  });

  it('leaves English as typed (trimmed): it is read as ISO or refused', () => {
    expect(isoText(' 31/12/2026 ', 'en')).toBe('31/12/2026');
    expect(isoText('2026-12-31', 'en')).toBe('2026-12-31');
  });

  it('gives the form what the backend stores', () => {
    expect(normaliseDateTime(isoText('10/03/2026 13:30', 'fr'), 'Europe/Rome')).toBe('2026-03-10T13:30:00+01:00');
    expect(normaliseDateTime(isoText('10/07/2026 9h30', 'fr'), 'Europe/Rome')).toBe('2026-07-10T09:30:00+02:00');
  });
});

describe('editText', () => {
  it('shows stored values the French way, and as stored in English', () => {
    expect(editText('2026-12-31', 'fr')).toBe('31/12/2026');
    expect(editText('2026-03-01', 'fr')).toBe('01/03/2026');
    expect(editText('2020-11-13T13:30:00+01:00', 'fr')).toBe('13/11/2020 13:30 +01:00');
    expect(editText('2020-11-13T13:30:15-05:00', 'fr')).toBe('13/11/2020 13:30:15 -05:00');
    expect(editText('2020-11-13T13:30:00Z', 'fr')).toBe('13/11/2020 13:30 Z');
    expect(editText('2026-12-31', 'en')).toBe('2026-12-31');
    expect(editText('2020-11-13T13:30:00+01:00', 'en')).toBe('2020-11-13T13:30:00+01:00');
  });

  it('shows as stored what the French form could not give back unchanged', () => {
    expect(editText('2020-11-13T13:30:00.5+01:00', 'fr')).toBe('2020-11-13T13:30:00.5+01:00');
    expect(editText('2020-11-13t13:30:00z', 'fr')).toBe('2020-11-13t13:30:00z');
    expect(editText('', 'fr')).toBe('');
  });

  // A value from a link that names no day ("2026-13-01") was shown "01/13/2026", which reads
  // as the 1st of a 13th month, under a message quoting « 2026-13-01 ».
  it('shows as stored a value that names no real day or time', () => {
    expect(editText('2026-13-01', 'fr')).toBe('2026-13-01');
    expect(editText('2026-02-30', 'fr')).toBe('2026-02-30');
    expect(editText('2026-02-28T24:00:00+01:00', 'fr')).toBe('2026-02-28T24:00:00+01:00');
    expect(dateMessage(editText('2026-13-01', 'fr'), 'date', 'fr')).toContain('« 2026-13-01 »');
  });

  // Whatever the form shows is accepted and reads back as the stored value, so a field nobody
  // touched is not sent as a change.
  const stored = [
    '2026-12-31',
    '2028-02-29',
    '0001-01-01',
    '9999-12-31',
    '2020-11-13T13:30:00+01:00',
    '2020-11-13T00:00:00+05:45',
    '2020-11-13T23:59:59-03:30',
    '2020-11-13T13:30:00Z',
    '2020-11-13T13:30:00.250+01:00',
  ];
  it.each(stored)('%s reads back unchanged in both languages', (v) => {
    for (const locale of ['en', 'fr'] as const) {
      const shown = editText(v, locale);
      const kind: DateKind = v.length === 10 ? 'date' : 'datetime';
      expect(dateProblem(shown, kind, locale), `${locale}: ${shown}`).toBeNull();
      expect(dateProblem(shown, 'date_or_datetime', locale), `${locale}: ${shown}`).toBeNull();
      const back = kind === 'date' ? isoText(shown, locale) : normaliseDateTime(isoText(shown, locale), 'Asia/Tokyo');
      expect(back, `${locale}: ${shown}`).toBe(v);
    }
  });
});

describe('dateMessage', () => {
  it('names the value and the day that does not exist, in English and French', () => {
    expect(dateMessage('2026-02-30', 'date', 'en')).toBe('“2026-02-30”: 30 February does not exist (February 2026 has 28 days)');
    expect(dateMessage('31/02/2026', 'date', 'fr')).toBe('« 31/02/2026 » : le 31 février n’existe pas (février 2026 a 28 jours)');
    expect(dateMessage('29/02/2027', 'date', 'fr')).toBe('« 29/02/2027 » : le 29 février n’existe pas (février 2027 a 28 jours)');
    expect(dateMessage('2026-04-31', 'date_or_datetime', 'en')).toBe('“2026-04-31”: 31 April does not exist (April 2026 has 30 days)');
    expect(dateMessage('13/13/2026', 'date', 'fr')).toBe('« 13/13/2026 » : il n’y a pas de mois 13 : écrivez le mois de 01 à 12');
    expect(dateMessage('00/01/2026', 'date', 'fr')).toBe('« 00/01/2026 » : il n’y a pas de jour 00 : les jours commencent à 01');
  });

  it('asks for the shape the placeholder shows, never for an offset', () => {
    const en = dateMessage('10/03/2026 13h30', 'date_or_datetime', 'en') ?? '';
    expect(en).toContain('YYYY-MM-DD');
    expect(en).not.toContain('+01:00');
    const fr = dateMessage('10/03/2026 13.30', 'datetime', 'fr') ?? '';
    expect(fr).toBe('« 10/03/2026 13.30 » n’est pas une date et une heure : écrivez JJ/MM/AAAA HH:MM, p. ex. 13/11/2020 13:30 (ou AAAA-MM-JJ HH:MM)');
    expect(dateMessage('31.12.2026', 'date', 'fr')).toBe('« 31.12.2026 » n’est pas une date : écrivez-la JJ/MM/AAAA, p. ex. 31/03/2025 (ou AAAA-MM-JJ)');
    expect(dateMessage('31/12/2026 24:00', 'datetime', 'fr')).toBe(
      '« 31/12/2026 24:00 » : 24:00 n’est pas une heure : écrivez les heures de 00 à 23 et les minutes de 00 à 59',
    );
  });

  it('refuses a two-digit year in French, saying why, with the date typed as example', () => {
    expect(dateMessage('31/12/26', 'date', 'fr')).toBe('« 31/12/26 » : écrivez l’année avec ses quatre chiffres, p. ex. 31/12/2026 (26 pourrait être 1926 ou 2026)');
    expect(dateMessage('5/3/27', 'date', 'fr')).toBe('« 5/3/27 » : écrivez l’année avec ses quatre chiffres, p. ex. 05/03/2027 (27 pourrait être 1927 ou 2027)');
    expect(dateMessage('10/03/26 13:30', 'datetime', 'fr')).toContain('p. ex. 10/03/2026 13:30 ');
  });

  // "31/12/26" in English was told "e.g. 2025-03-31", a day unrelated to the one typed: the
  // example is the ISO date of what was typed, as for a four-digit year.
  it('refuses a two-digit year in English with the ISO date of what was typed', () => {
    expect(dateMessage('31/12/26', 'date', 'en')).toBe(
      '“31/12/26”: write dates as YYYY-MM-DD, with the year’s four digits, e.g. 2026-12-31 (26 could be 1926 or 2026)',
    );
    expect(dateMessage('12/31/26 9:30', 'datetime', 'en')).toContain('e.g. 2026-12-31 09:30 ');
    expect(dateMessage('03/04/26', 'date', 'en')).toBe(
      '“03/04/26” could be 3 April 2026 or 4 March 2026: write dates as YYYY-MM-DD, with the year’s four digits, e.g. 2026-04-03 for 3 April 2026 or 2026-03-04 for 4 March 2026 (26 could be 1926 or 2026)',
    );
    for (const typed of ['31/12/26', '12/31/26', '03/04/26', '45/45/26']) expect(dateMessage(typed, 'date', 'en'), typed).not.toContain('2025-03-31');
  });

  it('in English, refuses slashes and gives the ISO date of each reading', () => {
    expect(dateMessage('31/12/2026', 'date', 'en')).toBe(
      '“31/12/2026”: write dates as YYYY-MM-DD, e.g. 2026-12-31 (with slashes, 03/04 is 3 April in some countries and 4 March in others)',
    );
    expect(dateMessage('12/31/2026', 'date', 'en')).toContain('e.g. 2026-12-31 ');
    expect(dateMessage('12/31/2026 9:30', 'datetime', 'en')).toContain('e.g. 2026-12-31 09:30 ');
    expect(dateMessage('03/04/2026', 'date', 'en')).toBe(
      '“03/04/2026” could be 3 April 2026 or 4 March 2026: write dates as YYYY-MM-DD, e.g. 2026-04-03 for 3 April 2026 or 2026-03-04 for 4 March 2026',
    );
  });
});

// What the form read, under a field or a session's cell: parts joined by " · " in both (a
// session's start once read "10 March 2026 at 13:30 UTC+01:00", with no separator).
describe('datePreview', () => {
  it('joins the parts with " · " for every kind of date field', () => {
    expect(datePreview('2026-03-10 13:30', 'datetime', 'en', 'Europe/Rome')).toMatch(/^10 March 2026.*13:30 · UTC\+01:00$/);
    expect(datePreview('10/03/2026 13h30', 'datetime', 'fr', 'Europe/Rome')).toMatch(/^10 mars 2026.*13:30 · UTC\+01:00$/);
    expect(datePreview('2026-03-10', 'date_or_datetime', 'en', 'Europe/Rome')).toBe('10 March 2026 · all day');
    expect(datePreview('10/03/2026', 'date_or_datetime', 'fr')).toBe('10 mars 2026 · toute la journée');
    expect(datePreview('2026-03-10 13:30', 'date_or_datetime', 'en', 'Africa/Tripoli')).toMatch(/ · UTC\+02:00$/);
    expect(datePreview('31/12/2026', 'date', 'fr')).toBe('31 décembre 2026');
  });

  it('shows nothing for what it cannot read', () => {
    expect(datePreview('', 'date', 'en')).toBe('');
    expect(datePreview('31/12/26', 'date', 'fr')).toBe('');
    expect(datePreview('2026-03-10', 'datetime', 'en', 'Europe/Rome')).toBe('');
    expect(datePreview('tomorrow', 'date_or_datetime', 'en')).toBe('');
  });
});
