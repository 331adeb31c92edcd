// Field problems in the reader's language. The backend names every broken rule by a stable
// code and the values its message needs (domain.Problem, docs/api.md "Field problems"); the
// words are here, in the catalogue ("rule.CODE"), in English and French. A field without a
// problem (an older or a hand-worded message) is shown as the backend's English words.

import type { Problem } from './generated/types';
import { catalogs, interpolate } from './i18n/index.svelte';
import { formatCount, formatDate, formatDateTime, type Locale } from './format';
import { formatBytes } from './files';

/** What a problem's values are worded with: names the catalogue alone does not hold. */
export interface Namer {
  /** A country's name from its ISO 3166-1 alpha-3 code. */
  country?: (alpha3: string) => string;
}

function lookup(locale: Locale, key: string): string | undefined {
  return (catalogs[locale] as Record<string, string>)[key] ?? (catalogs.en as Record<string, string>)[key];
}

/** A month number ("2", "02") as the month's name in the locale; anything else as it is. */
export function monthName(v: string, locale: Locale): string {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 12) return v;
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2000, n - 1, 1)));
}

/** A record kind in the middle of a sentence ("engagement"). */
export function kindWord(kind: string, locale: Locale): string {
  const label = lookup(locale, `kind.${kind}`);
  return label ? label.toLocaleLowerCase(locale) : kind;
}

/** The values of a problem worded for the locale: month names, kinds, allowed values, shapes. */
function wordParams(p: Problem, locale: Locale, namer: Namer): Record<string, string> {
  const out: Record<string, string> = { ...(p.params ?? {}) };
  if (out.month !== undefined && p.code === 'date_nonexistent') out.month = monthName(out.month, locale);
  for (const k of ['kind', 'is', 'says'] as const) if (out[k] !== undefined) out[k] = kindWord(out[k], locale);
  // Dates the problem names (not the value as typed) read as the screens write dates.
  for (const k of ['start', 'as_of'] as const) {
    const v = out[k];
    if (v === undefined) continue;
    if (/^\d{4}-\d{2}-\d{2}$/.test(v)) out[k] = formatDate(v, locale);
    else if (/^\d{4}-\d{2}-\d{2}T/.test(v)) out[k] = formatDateTime(v, locale);
  }
  if (out.allowed !== undefined && out.list) {
    const list = out.list;
    out.allowed = out.allowed
      .split(', ')
      .map((v) => {
        const label = lookup(locale, `opt.${list}.${v}`);
        return label ? `${label} (${v})` : v;
      })
      .join(', ');
  }
  if (out.want !== undefined) {
    const w = lookup(locale, `shape.want.${out.want}`);
    if (w) out.want = interpolate(w, out);
  }
  if (out.suggest && namer.country) out.suggest_name = namer.country(out.suggest) || out.suggest_name;
  if (p.code.startsWith('csv_')) {
    // What a CSV file's kind column may hold: the codes to write, each with its label where
    // the label is another word ("commitment (engagement)").
    if (out.kinds !== undefined) {
      out.kinds = out.kinds
        .split(', ')
        .map((k) => {
          const label = kindWord(k, locale);
          return label !== k ? `${k} (${label})` : k;
        })
        .join(', ');
    }
    // Row, line and character numbers, counts: written as the screen writes numbers.
    for (const k of ['row', 'line', 'cell_line', 'char', 'cells', 'header', 'max'] as const) {
      const n = Number(out[k]);
      if (out[k] !== undefined && /^\d+$/.test(out[k]) && Number.isFinite(n)) out[k] = formatCount(n, locale);
    }
  }
  // Sizes the problem also gives in bytes ("limit_bytes") are written in the reader's units.
  for (const k of ['limit', 'size'] as const) {
    const n = Number(out[`${k}_bytes`]);
    if (out[`${k}_bytes`] !== undefined && Number.isFinite(n)) out[k] = formatBytes(n, locale);
  }
  return out;
}


/** One problem in words; null when the catalogue has no words for its code (a newer backend). */
export function problemText(p: Problem, locale: Locale, namer: Namer = {}): string | null {
  const msg = lookup(locale, `rule.${p.code}`);
  if (msg === undefined) return null;
  return interpolate(msg, wordParams(p, locale, namer));
}

/**
 * An error's field messages in the reader's language: each field worded from its problem,
 * or the backend's English words when it has none (or the code is unknown here).
 */
export function wordedFields(
  err: { fields: Record<string, string>; problems?: Record<string, Problem> },
  locale: Locale,
  namer: Namer = {},
): Record<string, string> {
  const out: Record<string, string> = {};
  const problems = err.problems ?? {};
  for (const [path, english] of Object.entries(err.fields)) {
    const p = problems[path];
    out[path] = (p && problemText(p, locale, namer)) || english;
  }
  for (const [path, p] of Object.entries(problems)) {
    if (!(path in out)) out[path] = problemText(p, locale, namer) ?? p.code;
  }
  return out;
}
