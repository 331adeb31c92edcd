import { describe, expect, it } from 'vitest';
import { dateMessage, dateProblem } from './dates';

describe('dateProblem', () => {
  it('accepts what the placeholders show', () => {
    expect(dateProblem('2026-02-28', 'date')).toBeNull();
    expect(dateProblem('2024-02-29', 'date')).toBeNull();
    expect(dateProblem('2026-03-10 13:30', 'datetime')).toBeNull();
    expect(dateProblem('2026-03-10 9:30', 'datetime')).toBeNull();
    expect(dateProblem('2026-03-10T13:30:00+01:00', 'datetime')).toBeNull();
    expect(dateProblem('2026-03-10', 'date_or_datetime')).toBeNull();
    expect(dateProblem('2026-03-10 13:30', 'date_or_datetime')).toBeNull();
    expect(dateProblem('', 'date')).toBeNull();
  });

  it('tells an impossible day from a malformed date', () => {
    expect(dateProblem('2026-02-30', 'date')?.key).toBe('date.no_such_day');
    expect(dateProblem('2025-02-29', 'date')?.key).toBe('date.no_such_day');
    expect(dateProblem('2026-02-30 10:00', 'date_or_datetime')?.key).toBe('date.no_such_day');
    expect(dateProblem('2026-13-01', 'date')?.key).toBe('date.no_such_month');
    expect(dateProblem('2026-03-00', 'date')?.key).toBe('date.no_day_zero');
    expect(dateProblem('2026-03-10 25:00', 'datetime')?.key).toBe('time.no_such_time');
    expect(dateProblem('30/02/2026', 'date')?.key).toBe('date.malformed');
    expect(dateProblem('2026-03-10 13:30', 'date')?.key).toBe('date.malformed');
    expect(dateProblem('2026-03-10', 'datetime')?.key).toBe('datetime.malformed');
    expect(dateProblem('10 March 2026', 'date_or_datetime')?.key).toBe('date_or_datetime.malformed');
  });
});

describe('dateMessage', () => {
  it('names the day that does not exist, in English and French', () => {
    expect(dateMessage('2026-02-30', 'date', 'en')).toBe('30 February does not exist (February 2026 has 28 days)');
    expect(dateMessage('2026-02-30', 'date', 'fr')).toBe('Le 30 février n’existe pas (février 2026 a 28 jours)');
    expect(dateMessage('2026-04-31', 'date_or_datetime', 'en')).toBe('31 April does not exist (April 2026 has 30 days)');
  });

  it('asks for the shape the placeholder shows, never for an offset', () => {
    const en = dateMessage('10/03/2026 13:30', 'date_or_datetime', 'en') ?? '';
    expect(en).toContain('YYYY-MM-DD HH:MM');
    expect(en).not.toContain('+01:00');
    const fr = dateMessage('10/03/2026 13:30', 'datetime', 'fr') ?? '';
    expect(fr).toContain('AAAA-MM-JJ HH:MM');
    expect(dateMessage('2026-03-10 24:30', 'datetime', 'fr')).toBe('24:30 n’est pas une heure : écrivez les heures de 00 à 23 et les minutes de 00 à 59');
    expect(dateMessage('31/12/2025', 'date', 'en')).toBe('“31/12/2025” is not a date: write it as YYYY-MM-DD, e.g. 2025-03-31');
  });
});
