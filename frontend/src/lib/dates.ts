// The form's own reading of typed dates and date-times: what is wrong with one, in the
// reader's language. The backend checks the same values (domain/validate.go) but speaks of
// RFC 3339, which nobody types into a form; the form accepts "YYYY-MM-DD HH:MM" and adds the
// meeting's offset (format.normaliseDateTime), so its messages speak of what was typed.

import { bcp47, type Locale } from './format';
import { translate, type MessageKey } from './i18n/index.svelte';

export type DateKind = 'date' | 'datetime' | 'date_or_datetime';

export interface DateProblem {
  key: MessageKey;
  params: Record<string, string | number>;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// What normaliseDateTime accepts: a space or T, H:MM or HH:MM, optional seconds and offset.
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(?:Z|[+-]\d{2}:?\d{2})?$/i;

/** Days in a month (1–12) of a year, by the proleptic Gregorian calendar. */
function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** A well-formed date (and time) that names no real day or time, or null. */
function impossible(m: RegExpExecArray, value: string): DateProblem | null {
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12) return { key: 'date.no_such_month', params: { month: m[2], value } };
  if (d < 1) return { key: 'date.no_day_zero', params: { value } };
  const last = daysIn(y, mo);
  if (d > last) return { key: 'date.no_such_day', params: { day: d, month: mo, year: y, days: last, value } };
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? '0') > 59)) {
    return { key: 'time.no_such_time', params: { time: `${m[4].padStart(2, '0')}:${m[5]}`, value } };
  }
  return null;
}

/**
 * What is wrong with a typed date ('date'), date and time ('datetime') or either
 * ('date_or_datetime', a meeting's start and end), or null if nothing is (empty included:
 * whether a field is required is the backend's to say).
 */
export function dateProblem(text: string, kind: DateKind): DateProblem | null {
  const s = text.trim();
  if (s === '') return null;
  const date = kind !== 'datetime' ? DATE.exec(s) : null;
  if (date) return impossible(date, s);
  const dt = kind !== 'date' ? DATETIME.exec(s) : null;
  if (dt) return impossible(dt, s);
  return { key: `${kind}.malformed` as MessageKey, params: { value: s } };
}

/** The problem in words of a language; months are named ("30 February", "30 février"). */
export function dateProblemText(p: DateProblem, locale: Locale): string {
  const params = { ...p.params };
  if (p.key === 'date.no_such_day') {
    const name = new Intl.DateTimeFormat(bcp47(locale), { month: 'long', timeZone: 'UTC' }).format(
      new Date(Date.UTC(2000, Number(params.month) - 1, 1)),
    );
    params.month = name;
  }
  return translate(locale, p.key, params);
}

/** dateProblem then dateProblemText: the message to show, or null. */
export function dateMessage(text: string, kind: DateKind, locale: Locale): string | null {
  const p = dateProblem(text, kind);
  return p ? dateProblemText(p, locale) : null;
}
