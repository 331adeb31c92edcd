// Locale-aware formatting shared by the views. Everything goes through Intl so that dates and
// numbers follow the chosen language, never the machine's.

export type Locale = 'en' | 'fr';

export const LOCALES: readonly Locale[] = ['en', 'fr'];

const BCP47: Record<Locale, string> = { en: 'en-GB', fr: 'fr-FR' };

export function bcp47(locale: Locale): string {
  return BCP47[locale];
}

/** Normalises a browser language tag ("fr-BE", "en_US", "de") to a supported locale. */
export function pickLocale(tag: string | null | undefined): Locale {
  const primary = (tag ?? '').toLowerCase().split(/[-_]/)[0];
  return (LOCALES as readonly string[]).includes(primary) ? (primary as Locale) : 'en';
}

// Intl formatters are costly to build; keep one per (locale, options).
const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>();
function dtf(locale: Locale, key: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const k = `d|${locale}|${key}`;
  let f = cache.get(k) as Intl.DateTimeFormat | undefined;
  if (!f) {
    f = new Intl.DateTimeFormat(BCP47[locale], opts);
    cache.set(k, f);
  }
  return f;
}
const collators = new Map<string, Intl.Collator>();
/** Compares two texts in the reader's language. One Intl.Collator per locale: WebKit builds
 *  a fresh ICU collator on every a.localeCompare(b, locale), which made sorting 250 country
 *  names cost hundreds of milliseconds in the window (docs/performance.md). */
export function compareText(a: string, b: string, locale: string): number {
  let c = collators.get(locale);
  if (!c) {
    c = new Intl.Collator(locale);
    collators.set(locale, c);
  }
  return c.compare(a, b);
}

/** Codes named in the reader's language and joined in the order of those names: a list's
 *  Countries cell ("Libya, Tunisia"; "Libye, Tunisie"). The backend sends codes, in the order
 *  of the codes, which is no order a reader sees (docs/brief.md, "Talking points"). */
export function namedInOrder(codes: readonly string[], name: (code: string) => string, locale: string): string {
  return codes
    .map(name)
    .sort((a, b) => compareText(a, b, locale))
    .join(', ');
}

function nf(locale: Locale, key: string, opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  const k = `n|${locale}|${key}`;
  let f = cache.get(k) as Intl.NumberFormat | undefined;
  if (!f) {
    f = new Intl.NumberFormat(BCP47[locale], opts);
    cache.set(k, f);
  }
  return f;
}

/** Plain spaces instead of narrow/no-break ones, so output is plain text in PDFs and tests. */
function plain(s: string): string {
  return s.replace(/[\u202f\u00a0]/g, ' ');
}

/**
 * Parses a calendar date "YYYY-MM-DD" (as stored in records) without any
 * time-zone shift: the date a delegate typed is the date shown everywhere.
 */
export function parseDate(iso: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
    return null;
  }
  return date;
}

/**
 * A day of the month as the language writes it before the month: French writes the first
 * "1er" ("le 1er janv. 2020", "1er février"), as the PDF does (Lang.day); Intl writes "1".
 * The one place this is decided: every date of the screens that shows a day goes through it.
 */
export function dayOfMonth(day: number, locale: Locale): string {
  return locale === 'fr' && day === 1 ? '1er' : String(day);
}

/** A date formatted by f, its day written by dayOfMonth. */
function withDay(f: Intl.DateTimeFormat, date: Date, locale: Locale): string {
  return f
    .formatToParts(date)
    .map((p) => (p.type === 'day' ? dayOfMonth(Number(p.value), locale) : p.value))
    .join('');
}

/** Formats a calendar date "YYYY-MM-DD" in long form: "3 March 2020" / "3 mars 2020", "1er mars 2020". */
export function formatDate(iso: string, locale: Locale): string {
  const date = parseDate(iso);
  if (!date) return iso;
  return withDay(dtf(locale, 'long', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }), date, locale);
}

/** Formats a calendar date in short form for tables: "3 Mar 2020" / "3 mars 2020", "1er janv. 2020". */
export function formatDateShort(iso: string, locale: Locale): string {
  const date = parseDate(iso);
  if (!date) return iso;
  return plain(withDay(dtf(locale, 'short', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }), date, locale));
}

/**
 * Parses an RFC 3339 date-time with offset ("2020-11-13T13:30:00+01:00") into its wall-clock
 * parts as written, so a meeting at 13:30 in Geneva shows 13:30 wherever the reader is.
 */
export function parseWallClock(s: string): { date: Date; offset: string } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/i.exec(s.trim());
  if (!m) return null;
  const date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], m[6] ? +m[6] : 0));
  if (Number.isNaN(date.getTime())) return null;
  return { date, offset: (m[7] ?? '').toUpperCase() };
}

/** "13 November 2020, 13:30" / "13 novembre 2020 à 13:30", as written (no time-zone shift). */
export function formatDateTime(s: string, locale: Locale): string {
  const p = parseWallClock(s);
  if (!p) return s;
  return plain(
    withDay(
      dtf(locale, 'dt', {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
        timeZone: 'UTC',
      }),
      p.date,
      locale,
    ),
  );
}

/** "13:30" from a date-time, as written. */
export function formatTime(s: string, locale: Locale): string {
  const p = parseWallClock(s);
  if (!p) return s;
  return dtf(locale, 'time', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' }).format(p.date);
}

/**
 * A moment recorded by the app (an operation's clock, "2020-11-13T12:30:00Z") shown in the
 * reader's own time zone: "13 Nov 2020, 13:30".
 */
export function formatTimestamp(s: string, locale: Locale, timeZone?: string): string {
  const d = new Date(s);
  if (!s || Number.isNaN(d.getTime())) return s;
  return plain(
    withDay(
      dtf(locale, `ts|${timeZone ?? ''}`, {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
        ...(timeZone ? { timeZone } : {}),
      }),
      d,
      locale,
    ),
  );
}

/** "3 days ago" / "il y a 3 jours", for recent changes. */
export function formatRelative(s: string, locale: Locale, now: Date = new Date()): string {
  const d = new Date(s);
  if (!s || Number.isNaN(d.getTime())) return s;
  const k = `r|${locale}`;
  let f = cache.get(k) as Intl.RelativeTimeFormat | undefined;
  if (!f) {
    f = new Intl.RelativeTimeFormat(BCP47[locale], { numeric: 'auto' });
    cache.set(k, f);
  }
  const sec = Math.round((d.getTime() - now.getTime()) / 1000);
  const abs = Math.abs(sec);
  if (abs < 60) return plain(f.format(0, 'second'));
  if (abs < 3600) return plain(f.format(Math.round(sec / 60), 'minute'));
  if (abs < 86400) return plain(f.format(Math.round(sec / 3600), 'hour'));
  if (abs < 86400 * 30) return plain(f.format(Math.round(sec / 86400), 'day'));
  return formatTimestamp(s, locale);
}

/** Formats an integer count with the locale's grouping: "53,000" / "53 000". */
/** The separator of a list whose items may hold commas: French sets a no-break space before
 * the semicolon, as before a colon ("Thèmes : a ; b"); the PDF does the same (Lang.semicolons). */
export function semicolon(locale: Locale): string {
  return locale === 'fr' ? '\u00a0; ' : '; ';
}

export function formatCount(n: number, locale: Locale): string {
  return plain(nf(locale, 'int', { maximumFractionDigits: 0 }).format(n));
}

/** Formats any number (indicator values): "1,234.5" / "1 234,5". */
export function formatNumber(n: number | null | undefined, locale: Locale): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '';
  return plain(nf(locale, 'num', { maximumFractionDigits: 6 }).format(n));
}

/**
 * Formats an amount with its ISO 4217 code, in the reader's grouping: a whole amount without
 * decimals, any other with at least its currency's minor units (a cent is never dropped):
 * "EUR 46,300,000" / "46 300 000 EUR", "EUR 1,234.50" / "1 234,50 EUR", "TND 1,234.125".
 */
export function formatMoney(amount: number | null | undefined, currency: string, locale: Locale): string {
  if (amount === null || amount === undefined || Number.isNaN(amount)) return '';
  const digits = Number.isInteger(amount) ? 0 : minorDigits(currency);
  try {
    return plain(
      nf(locale, `money-${currency}-${digits}`, { style: 'currency', currency, currencyDisplay: 'code', minimumFractionDigits: digits, maximumFractionDigits: 4 }).format(amount),
    );
  } catch {
    return `${currency} ${formatNumber(amount, locale)}`; // a code the browser does not know
  }
}

/** The digits after the point of a currency's minor unit (EUR 2, TND 3, JPY 0; 0 when unknown). */
export function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 0;
  } catch {
    return 0;
  }
}

/** Compact amount for list columns: "EUR 46.3m" / "46,3 M EUR", "EUR 12m" (never "12.0m"). */
export function formatMoneyShort(amount: number, currency: string, locale: Locale): string {
  try {
    return plain(
      // minimumFractionDigits 0 said outright: WebKit (the window on Linux) kept the
      // currency's two decimals as a minimum of one, "EUR 12.0M", too wide for the list column.
      nf(locale, `money-short-${currency}`, { style: 'currency', currency, currencyDisplay: 'code', notation: 'compact', minimumFractionDigits: 0, maximumFractionDigits: 1 }).format(amount),
    );
  } catch {
    return `${currency} ${formatNumber(amount, locale)}`;
  }
}

/** Share of a target reached, 0–100, or null when it cannot be computed. */
export function progress(baseline: number | null | undefined, target: number | null | undefined, actual: number | null | undefined): number | null {
  if (target == null || actual == null) return null;
  const b = baseline ?? 0;
  if (target === b) return actual >= target ? 100 : 0;
  const p = ((actual - b) / (target - b)) * 100;
  return Math.max(0, Math.min(100, Math.round(p)));
}

/** Formats a percentage: "42 %" in French, "42%" in English. */
export function formatPercent(p: number, locale: Locale): string {
  return plain(nf(locale, 'pct', { style: 'percent', maximumFractionDigits: 0 }).format(p / 100));
}

/**
 * Parses a number as a person types it in either locale: "53 000", "53,000", "1 234,5",
 * "1,234.5", "12.5". Returns null for empty input and NaN for anything that is not a number,
 * or that could be read two ways: a separator must sit where the locale puts it, so that
 * "1234,567" in English or "1.234" in French is refused rather than stored as another amount.
 * Groups of three digits may be separated by spaces in both, by commas in English and by dots
 * in French; the decimal mark is the point in English, the comma in French ("12.5", pasted
 * the English way, is read as a decimal in French too, when it cannot be a thousands group).
 */
export function parseNumber(text: string, locale: Locale): number | null {
  const s = text.trim();
  if (s === '') return null;
  let point = locale === 'fr' ? ',' : '.';
  if (locale === 'fr' && !s.includes(',') && s.includes('.')) {
    if (/^[-+]?\d{1,3}(\.\d{3})+$/.test(s)) return NaN; // "1.234": a thousand, or one and a bit?
    point = '.';
  }
  const group = point === ',' ? '[.\\s\\u00a0\\u202f]' : '[,\\s\\u00a0\\u202f]';
  const mark = point === ',' ? ',' : '\\.';
  const m = new RegExp(`^([-+]?)(\\d{1,3}(?:${group}\\d{3})+|\\d*)(?:${mark}(\\d*))?$`).exec(s);
  if (!m || (m[2] === '' && !m[3])) return NaN;
  const n = Number(`${m[1]}${m[2].replace(/\D/g, '') || '0'}.${m[3] || '0'}`);
  // Past what a number holds (309 digits) it reads as Infinity, which JSON sends as null: the
  // figure typed would vanish. The largest number instead, which the server refuses naming
  // the bound (docs/model.md).
  return Number.isFinite(n) ? n : Math.sign(n) * Number.MAX_VALUE;
}

/** Today's calendar date in the reader's time zone, "YYYY-MM-DD". */
export function todayISO(now: Date = new Date()): string {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/** Adds days to a calendar date "YYYY-MM-DD". */
export function addDays(iso: string, days: number): string {
  const d = parseDate(iso);
  if (!d) return iso;
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole days from a to b (calendar dates). */
export function daysBetween(a: string, b: string): number {
  const da = parseDate(a);
  const db = parseDate(b);
  if (!da || !db) return NaN;
  return Math.round((db.getTime() - da.getTime()) / 86400000);
}

/**
 * Converts a <input type="datetime-local"> value plus an offset to RFC 3339, and back.
 * The offset is kept as written ("+01:00"); without one, "Z" is used.
 */
export function toRFC3339(local: string, offset: string): string {
  if (!local) return '';
  const withSec = /T\d{2}:\d{2}$/.test(local) ? local + ':00' : local;
  return withSec + (offset || 'Z');
}

export function fromRFC3339(s: string): { local: string; offset: string } {
  const p = parseWallClock(s);
  if (!p) return { local: '', offset: '' };
  return { local: p.date.toISOString().slice(0, 16), offset: p.offset };
}

/** Minutes east of UTC of an IANA time zone at a moment (null if the zone is unknown). */
export function zoneOffsetMinutes(timeZone: string, utcMs: number): number | null {
  let f: Intl.DateTimeFormat;
  try {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
  } catch {
    return null;
  }
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(new Date(utcMs))) p[part.type] = part.value;
  const asUTC = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour % 24, +p.minute, +p.second);
  return Math.round((asUTC - Math.floor(utcMs / 1000) * 1000) / 60000);
}

/**
 * The offset of a time zone on a day, as the time-zone picker shows it ("UTC+02:00" for
 * Europe/Zurich on 2024-06-10, "UTC+01:00" in December); null for a day or zone it cannot read.
 */
export function zoneOffsetOn(timeZone: string, day: string): string | null {
  const d = parseDate(day.trim().slice(0, 10));
  if (!d) return null;
  const min = zoneOffsetMinutes(timeZone, d.getTime() + 12 * 3600 * 1000); // midday: clear of the switch at night
  return min === null ? null : `UTC${offsetString(min)}`;
}

function offsetString(min: number): string {
  const sign = min < 0 ? '-' : '+';
  const a = Math.abs(min);
  return `${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/**
 * Turns what a delegate typed for a date-time ("2020-11-13 13:30", "2020-11-13 9:30", "2020-11-13T13:30",
 * or full RFC 3339) into RFC 3339 with an offset. Without an offset, the one of `timeZone`
 * (the meeting's IANA zone) at that moment is used, else the machine's. Text that is not a
 * date-time is returned trimmed, for the backend to explain.
 */
export function normaliseDateTime(text: string, timeZone?: string): string {
  const s = text.trim();
  if (s === '') return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(s);
  if (!m) return s;
  const [y, mo, d, h, mi, sec = '00'] = [m[1], m[2], m[3], m[4].padStart(2, '0'), m[5], m[6]];
  // A fraction of a second is kept: a stored value shown in a form reads back unchanged.
  const wall = `${y}-${mo}-${d}T${h}:${mi}:${sec}${m[7] ?? ''}`;
  if (m[8]) {
    const off = m[8].toUpperCase();
    if (off === 'Z') return wall + 'Z';
    return wall + (off.includes(':') ? off : off.slice(0, 3) + ':' + off.slice(3));
  }
  const wallMs = Date.UTC(+y, +mo - 1, +d, +h, +mi, +sec);
  if (timeZone) {
    const o1 = zoneOffsetMinutes(timeZone, wallMs);
    if (o1 !== null) {
      const o2 = zoneOffsetMinutes(timeZone, wallMs - o1 * 60000) ?? o1;
      return wall + offsetString(o2);
    }
  }
  const local = new Date(+y, +mo - 1, +d, +h, +mi, +sec);
  return wall + offsetString(-local.getTimezoneOffset());
}

/** The UTC offset written at the end of an RFC 3339 date-time, for display ("UTC+01:00"). */
export function offsetLabel(s: string): string {
  const p = parseWallClock(s);
  if (!p || !p.offset) return '';
  return p.offset === 'Z' ? 'UTC' : `UTC${p.offset}`;
}

/**
 * The mailto: link of a contact's address. An address may hold ?, & and = before its @
 * (RFC 5322 allows them, so the domain does), and written as is in a mailto: URI they start
 * its headers: "desk?cc=someone%40elsewhere.org&body=…@mfa.gov.tn" opened a message to
 * "desk" copied to someone else, with a body written for you. Everything but the @ is
 * percent-encoded (RFC 6068), so the link writes to the address shown and to nobody else.
 */
export function mailtoHref(email: string): string {
  return 'mailto:' + encodeURIComponent(email).replace(/%40/g, '@');
}
