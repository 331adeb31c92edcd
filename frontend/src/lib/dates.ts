// Dates as people type them, and what is wrong with one, in the reader's language
// (docs/dates.md). The backend stores and checks ISO values (domain/validate.go) and speaks of
// RFC 3339, which nobody types into a form. The form accepts "YYYY-MM-DD HH:MM" and adds the
// meeting's offset (format.normaliseDateTime); in French it also accepts "JJ/MM/AAAA" and
// "JJ/MM/AAAA HH:MM", rewritten here to the ISO shape before anything else reads them. The
// messages speak of what was typed.

import { bcp47, formatDate, formatDateTime, normaliseDateTime, offsetLabel, parseDate, type Locale } from './format';
import { translate, type MessageKey } from './i18n/index.svelte';

export type DateKind = 'date' | 'datetime' | 'date_or_datetime';

export interface DateProblem {
  key: MessageKey;
  params: Record<string, string | number>;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// What normaliseDateTime accepts: a space or T, H:MM or HH:MM, optional seconds and offset.
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(?:Z|[+-]\d{2}:?\d{2})?$/i;
// A French date, J/M/AAAA to JJ/MM/AAAA, alone or followed by a space and a time.
const FR_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?=$|\s)/;
// The French way of writing an hour: 13h30, 13 h 30, 13h.
const FR_HOUR = /^(\d{1,2})\s?h\s?(\d{2})?$/i;
// Day and month with slashes and a year of two or four digits: told apart from other text so
// that the message can say what is wrong with it (the order in English, the year in French).
const SLASHED = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})(?=$|\s)\s*(.*)$/;
const HHMM = /^(\d{1,2}):(\d{2})$/;

/** Days in a month (1–12) of a year, by the proleptic Gregorian calendar. */
function daysIn(year: number, month: number): number {
  const d = new Date(Date.UTC(2000, 0, 1));
  d.setUTCFullYear(year, month, 0); // not Date.UTC(year…), which reads 0–99 as 1900–1999
  return d.getUTCDate();
}

/** The ISO date "YYYY-MM-DD" of a year, month and day if it names a real day, else null. */
function realDate(y: number, mo: number, d: number): string | null {
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo)) return null;
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * What was typed, in the ISO shape the rest of the form reads: trimmed, and in French a
 * JJ/MM/AAAA date (with its time, 13h30 written 13:30) rewritten as AAAA-MM-JJ. Only the shape
 * changes; whether it names a real day is dateProblem's to say. Anything else is returned
 * trimmed, for dateProblem (and the backend) to explain.
 */
export function isoText(text: string, locale: Locale): string {
  const s = text.trim();
  if (locale !== 'fr') return s;
  const m = FR_DATE.exec(s);
  if (!m) return s;
  const date = `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
  let time = s.slice(m[0].length).trim();
  if (time === '') return date;
  const h = FR_HOUR.exec(time);
  if (h) time = `${h[1]}:${h[2] ?? '00'}`;
  return `${date} ${time}`;
}

/**
 * A stored date or date-time as a form shows it for editing: as stored in English, and in
 * French as JJ/MM/AAAA or "JJ/MM/AAAA HH:MM +01:00" (seconds when there are some; the offset
 * as stored, so that nothing is recomputed). The French form is shown only when reading it
 * back gives exactly the stored value, so that a field nobody touched is never sent as a
 * change; any other value (a fraction of a second) is shown as stored, which reads back too.
 */
export function editText(stored: string, locale: Locale): string {
  if (locale !== 'fr') return stored;
  const d = DATE.exec(stored);
  const t = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(Z|[+-]\d{2}:\d{2})$/.exec(stored);
  // A value that names no real day or time (from a link: "2026-13-01") is shown as it is, so
  // that it reads as what its message quotes, not as "01/13/2026".
  if ((d && impossible(d, stored)) || (t && impossible(t, stored))) return stored;
  let shown: string;
  if (d) shown = `${d[3]}/${d[2]}/${d[1]}`;
  else if (t) shown = `${t[3]}/${t[2]}/${t[1]} ${t[4]}:${t[5]}${t[6] === '00' ? '' : `:${t[6]}`} ${t[7]}`;
  else return stored;
  const back = d ? isoText(shown, locale) : normaliseDateTime(isoText(shown, locale));
  return back === stored ? shown : stored;
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
 * A date written with slashes where they are not read: in English, where 03/04/2026 is
 * 3 April to some readers and 4 March to others, the message gives the ISO value of each
 * reading that names a real day; in French, a year of two digits. A year of two digits is
 * refused in English too (it needs a guess of the century, docs/dates.md), and the example is
 * then the date typed, with the year in 20yy, as the language writes dates: 2026-12-31 for
 * "31/12/26" in English, 31/12/2026 in French; never an unrelated day.
 */
function slashed(m: RegExpExecArray, value: string, kind: DateKind, locale: Locale): DateProblem | null {
  const [a, b, year] = [Number(m[1]), Number(m[2]), m[3]];
  const short = year.length === 2;
  const y = Number(short ? `20${year}` : year);
  const hm = kind !== 'date' ? HHMM.exec(m[4]) : null;
  const time = hm ? ` ${hm[1].padStart(2, '0')}:${hm[2]}` : '';
  if (locale === 'fr') {
    if (!short) return null;
    const day = realDate(y, b, a);
    const example = (day ? `${day.slice(8)}/${day.slice(5, 7)}/${day.slice(0, 4)}` : `31/12/${y}`) + time;
    return { key: 'date.short_year', params: { value, year, example } };
  }
  const readings = [...new Set([realDate(y, b, a), realDate(y, a, b)])].filter((r) => r !== null);
  if (short && readings.length === 2) return { key: 'date.short_year_both', params: { value, year, iso_a: readings[0] + time, iso_b: readings[1] + time } };
  if (short) return { key: 'date.short_year', params: { value, year, example: (readings[0] ?? `${y}-12-31`) + time } };
  if (readings.length === 2) return { key: 'date.slashed_both', params: { value, iso_a: readings[0] + time, iso_b: readings[1] + time } };
  return { key: 'date.slashed', params: { value, example: (readings[0] ?? '2025-03-31') + time } };
}

/**
 * What is wrong with a typed date ('date'), date and time ('datetime') or either
 * ('date_or_datetime', a meeting's start and end) in the reader's language, or null if
 * nothing is (empty included: whether a field is required is the backend's to say).
 */
export function dateProblem(text: string, kind: DateKind, locale: Locale): DateProblem | null {
  const s = text.trim();
  if (s === '') return null;
  const iso = isoText(s, locale);
  const date = kind !== 'datetime' ? DATE.exec(iso) : null;
  if (date) return impossible(date, s);
  const dt = kind !== 'date' ? DATETIME.exec(iso) : null;
  if (dt) return impossible(dt, s);
  const sl = SLASHED.exec(s);
  const p = sl ? slashed(sl, s, kind, locale) : null;
  return p ?? { key: `${kind}.malformed` as MessageKey, params: { value: s } };
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
  if (p.key === 'date.slashed_both' || p.key === 'date.short_year_both') {
    params.a = formatDate(String(params.iso_a).slice(0, 10), locale);
    params.b = formatDate(String(params.iso_b).slice(0, 10), locale);
  }
  return translate(locale, p.key, params);
}

/** dateProblem then dateProblemText: the message to show, or null. */
export function dateMessage(text: string, kind: DateKind, locale: Locale): string | null {
  const p = dateProblem(text, kind, locale);
  return p ? dateProblemText(p, locale) : null;
}

/**
 * What a form read from a typed date, in words, shown under the field so that 03/04/2026 is
 * seen as 3 April or 4 March before it is saved: "31 December 2026", "31 December 2026 · all
 * day" (a meeting's start, which may be a date), "13 November 2020 at 13:30 · UTC+01:00" (with
 * the offset of timeZone on that day). One function for a field (FieldInput) and a row's cell
 * (RowsInput: a session's start and end), so that both join their parts with " · "; "" when
 * nothing could be read (the field's message says why).
 */
export function datePreview(typed: string, kind: DateKind, locale: Locale, timeZone?: string): string {
  const v = typed ? isoText(typed, locale) : '';
  if (!v) return '';
  if (kind !== 'datetime' && parseDate(v)) return kind === 'date' ? formatDate(v, locale) : `${formatDate(v, locale)} · ${translate(locale, 'date.all_day')}`;
  if (kind === 'date') return '';
  const n = normaliseDateTime(v, timeZone);
  const f = formatDateTime(n, locale);
  if (f === n) return '';
  const offset = offsetLabel(n);
  return offset ? `${f} · ${offset}` : f;
}
