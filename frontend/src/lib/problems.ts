// Field problems in the reader's language. The backend names every broken rule by a stable
// code and the values its message needs (domain.Problem, docs/api.md "Field problems"); the
// words are here, in the catalogue ("rule.CODE"), in English and French. A field without a
// problem (an older or a hand-worded message) is shown as the backend's English words.

import type { Problem } from './generated/types';
import { catalogs, interpolate } from './i18n/index.svelte';
import { dayOfMonth, formatCount, formatDate, formatDateTime, type Locale } from './format';
import { formatBytes } from './files';

/** What a problem's values are worded with: names the catalogue alone does not hold. */
export interface Namer {
  /** A country's name from its ISO 3166-1 alpha-3 code. */
  country?: (alpha3: string) => string;
  /** A party's name from its id; '' when the value is no id held here (a CSV cell's text). */
  party?: (id: string) => string;
  /** A field's value as a CSV cell writes it ("delivered"), as the screens show it ("Delivered"). */
  cell?: (kind: string, field: string, text: string) => string;
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
  // A date written with slashes: the days it could be, as the screens write a day ("1er mars").
  if (SLASHED_DATE.includes(p.code)) {
    for (const k of ['month', 'month2'] as const) if (out[k] !== undefined) out[k] = monthName(out[k], locale);
    for (const k of ['day', 'day2'] as const) if (out[k] !== undefined && /^\d+$/.test(out[k])) out[k] = dayOfMonth(Number(out[k]), locale);
  }
  for (const k of ['kind', 'is', 'says'] as const) if (out[k] !== undefined) out[k] = kindWord(out[k], locale);
  // A kind of record Dossier keeps itself (sys_trust) has no label: worded as what it is.
  if (out.system !== undefined) out.system = lookup(locale, `system.${out.system}`) ?? lookup(locale, 'system.unknown') ?? out.system;
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
  // A list's status filter refused for every kind: each kind's values with their labels.
  if (p.code === 'status_filter_any') {
    for (const [k, list] of [['party', 'party_type'], ['partnership', 'partnership_status'], ['commitment', 'commitment_status']] as const) {
      if (out[k] !== undefined) out[k] = out[k].split(', ').map((v) => optionWord(list, v, locale)).join(', ');
    }
  }
  // A filter the list's kind has no field for: the field as the forms name it, and the kinds it applies to.
  if (p.code === 'filter_not_applicable') {
    if (out.field !== undefined) out.field = (lookup(locale, `field.${out.field}`) ?? out.field).toLocaleLowerCase(locale);
    if (out.kinds !== undefined) out.kinds = out.kinds.split(', ').map((k) => kindWord(k, locale)).join(', ');
  }
  // Numbers of a range, as the screens write numbers (10 000).
  if (p.code === 'out_of_range') {
    for (const k of ['value', 'min', 'max'] as const) if (out[k] !== undefined && /^-?\d+$/.test(out[k])) out[k] = formatCount(Number(out[k]), locale);
  }
  if (out.want !== undefined) {
    const w = lookup(locale, `shape.want.${out.want}`);
    if (w) out.want = interpolate(w, out);
  }
  // The values a sheet sets back, as the screens show them and quoted; none as an empty cell.
  if (p.code === 'csv_sets_back_own_change') {
    const raw = p.params ?? {};
    for (const k of ['value', 'set'] as const) out[k] = cellValue(raw.kind ?? '', raw.field ?? '', raw[k] ?? '', locale, namer);
  }
  // A party given twice is named as the form shows it, not by its id.
  if (p.code === 'party_twice' && out.value && namer.party) out.value = namer.party(out.value) || out.value;
  if (out.suggest && namer.country) out.suggest_name = namer.country(out.suggest) || out.suggest_name;
  // The countries a part of a name could be (domain.CountrySuggestions): each code with its name here.
  if (p.code === 'country_partial') {
    out.countries = (out.countries ?? '')
      .split(', ')
      .map((c) => {
        const n = namer.country?.(c);
        return n && n !== c ? `${c} (${n})` : c;
      })
      .join(', ');
    out.more = moreText(out.more, locale);
  }
  // A place inside a list cell ("1.values.3.country": "entry 1, values entry 3, country: ")
  // leads the words of a CSV reference or a list entry; none in a reference column.
  if (p.code.startsWith('csv_ref_') || p.code.startsWith('entry_')) out.at = placeWords(out.at, locale);
  if (p.code.startsWith('csv_ref_')) {
    out.candidates = candidates(out, locale);
    out.keys = keyWays(out.keys ?? '', locale);
  }
  if (p.code.startsWith('csv_item_')) out.more = moreText(out.more, locale);
  // The role a name column gives and the one its reference column gives, as the screens name roles.
  if (p.code === 'csv_names_role') for (const k of ['role', 'field_role'] as const) if (out[k] !== undefined) out[k] = optionWord('party_role', out[k], locale);
  // An encoding as the CSV screen names it where the name is words ("UTF-8 with BOM").
  if (out.encoding !== undefined && ENCODING_KEYS[out.encoding]) out.encoding = lookup(locale, ENCODING_KEYS[out.encoding]) ?? out.encoding;
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
    for (const k of ['row', 'line', 'cell_line', 'char', 'cells', 'header', 'columns', 'max', 'byte', 'char_byte', 'count', 'ids', 'rows'] as const) {
      const n = Number(out[k]);
      if (out[k] !== undefined && /^\d+$/.test(out[k]) && Number.isFinite(n)) out[k] = formatCount(n, locale);
    }
  }
  if (p.code === 'json_invalid' && out.char !== undefined && /^\d+$/.test(out.char)) out.char = formatCount(Number(out.char), locale);
  // Sizes the problem also gives in bytes ("limit_bytes") are written in the reader's units.
  for (const k of ['limit', 'size', 'cli_limit'] as const) {
    const n = Number(out[`${k}_bytes`]);
    if (out[`${k}_bytes`] !== undefined && Number.isFinite(n)) out[k] = formatBytes(n, locale);
  }
  return out;
}


/** A cell's text quoted as the locale quotes (“…”, « … »), worded by the namer; an empty cell in words. */
function cellValue(kind: string, field: string, text: string, locale: Locale, namer: Namer): string {
  if (text === '') return lookup(locale, 'csv.empty_cell') ?? '';
  const v = namer.cell?.(kind, field, text) || text;
  return locale === 'fr' ? `«\u00a0${v}\u00a0»` : `“${v}”`;
}

/** The codes of a date written with slashes (domain.slashedDateProblem). */
const SLASHED_DATE = ['date_day_first', 'date_month_first', 'date_ambiguous'];

/** The encodings whose names the CSV screen words ("UTF-8 with BOM"); others are names alone. */
const ENCODING_KEYS: Record<string, string> = {
  'UTF-8 with BOM': 'csv.enc.utf8_bom',
  'UTF-16 LE': 'csv.enc.utf16le',
  'UTF-16 BE': 'csv.enc.utf16be',
};

/** An option's label and code ("Membre (member)"), or the code when it has no label. */
function optionWord(list: string, v: string, locale: Locale): string {
  const label = lookup(locale, `opt.${list}.${v}`);
  return label ? `${label} (${v})` : v;
}

/**
 * A place in a list cell, given as entries (from 1) and field names, dot-separated, as the
 * backend sends it (domain.EntryPath): "1.values.3.country" is "entry 1, values entry 3,
 * country". Field names stay as written: they are the JSON keys of the cell.
 */
export function entryPath(path: string, locale: Locale): string {
  const entry = lookup(locale, 'csv.entry') ?? 'entry';
  const parts: string[] = [];
  let afterName = false;
  for (const tok of path.split('.')) {
    if (/^\d+$/.test(tok)) {
      const n = `${entry} ${formatCount(Number(tok), locale)}`;
      if (afterName) parts[parts.length - 1] += ` ${n}`;
      else parts.push(n);
      afterName = false;
    } else {
      parts.push(tok);
      afterName = true;
    }
  }
  return parts.join(', ');
}

/**
 * A place in a list cell as it leads a message: "entry 1, unit: ", "élément 1, unit : "; ''
 * for none. The same for a problem that names its place ("at") and for a CSV cell's problem
 * whose place is beside it (CellError.at), as the command line words both.
 */
export function placeWords(at: string | undefined, locale: Locale): string {
  return at ? entryPath(at, locale) + (locale === 'fr' ? ' : ' : ': ') : '';
}

/** What a list left out (" … and 3 more"), nothing when nothing was. */
function moreText(v: string | undefined, locale: Locale): string {
  const n = Number(v);
  if (!v || !Number.isInteger(n) || n <= 0) return '';
  return interpolate(lookup(locale, 'csv.more') ?? '', { n: formatCount(n, locale) });
}

/**
 * The records a name in a CSV cell could be, from the problem's values "cN", "cN_iso3" and
 * "cN_id" or "cN_row" (with "cN_file"), and "count" for all of them (domain.CandidateParams):
 * "Maroc (ISO3 MAR, identifiant 0190…) ; Maroc (ligne 4 de cet import)".
 */
function candidates(params: Record<string, string>, locale: Locale): string {
  const out: string[] = [];
  for (let i = 1; params[`c${i}`] !== undefined; i++) {
    const c = `c${i}`;
    const extra: string[] = [];
    if (params[`${c}_iso3`]) extra.push(`ISO3 ${params[`${c}_iso3`]}`);
    const row = params[`${c}_row`];
    if (row !== undefined) {
      const file = params[`${c}_file`];
      const vals = { row: formatCount(Number(row), locale), file: file ?? '' };
      extra.push(interpolate(lookup(locale, file ? 'csv.cand.file_row' : 'csv.cand.row') ?? '', vals));
    } else {
      extra.push(interpolate(lookup(locale, 'csv.cand.id') ?? '', { id: params[`${c}_id`] ?? '' }));
    }
    out.push(`${params[c]} (${extra.join(', ')})`);
  }
  const count = Number(params.count);
  const more = Number.isInteger(count) && count > out.length ? moreText(String(count - out.length), locale) : '';
  return out.join(lookup(locale, 'csv.cand.sep') ?? '; ') + more;
}

/** The ways to name a record ("id, iso3, name"), worded: "its id, ISO3 code or name", "son identifiant, son code ISO3 ou son nom". */
function keyWays(codes: string, locale: Locale): string {
  const ways = codes
    .split(', ')
    .filter((c) => c !== '')
    .map((c) => lookup(locale, `csv.key.${c}`) ?? c);
  const or = lookup(locale, 'csv.keys.or') ?? ' or ';
  const list = ways.length < 2 ? ways.join('') : `${ways.slice(0, -1).join(', ')}${or}${ways[ways.length - 1]}`;
  return interpolate(lookup(locale, 'csv.keys') ?? '{list}', { list });
}

/**
 * Where in an identity card the decoder found a problem, before its words: "Identity card
 * “amina.card”, field “name” (byte 46): ". The service gives the place as the values file,
 * member and byte of a "card_…" reason (docs/identity.md, "Decoding"); '' for any other problem.
 */
function cardPlace(p: Problem, locale: Locale): string {
  const v = p.params ?? {};
  if (!p.code.startsWith('card_') || (v.file === undefined && v.member === undefined && v.byte === undefined)) return '';
  let out = v.file !== undefined ? interpolate(lookup(locale, 'card.place') ?? '', { file: v.file }) : (lookup(locale, 'card.place_unnamed') ?? '');
  if (v.member !== undefined) out += interpolate(lookup(locale, 'card.place_member') ?? '', { member: v.member });
  if (v.byte !== undefined && /^\d+$/.test(v.byte)) out += interpolate(lookup(locale, 'card.place_byte') ?? '', { byte: formatCount(Number(v.byte), locale) });
  return out + (locale === 'fr' ? ' : ' : ': ');
}

/** One problem in words; null when the catalogue has no words for its code (a newer backend). */
export function problemText(p: Problem, locale: Locale, namer: Namer = {}): string | null {
  const msg = lookup(locale, `rule.${p.code}`);
  if (msg === undefined) return null;
  return cardPlace(p, locale) + interpolate(msg, wordParams(p, locale, namer));
}

/**
 * A value a CSV import set back over a change made here, told after the import:
 * "set back to “Agreed”, replacing “Delivered” (your change of 5 December 2026)". The warning's
 * own words (cellText) ask whether to import, which is past by then. '' for another problem.
 */
export function setBackText(p: Problem | null | undefined, locale: Locale, namer: Namer = {}): string {
  if (!p || p.code !== 'csv_sets_back_own_change') return '';
  return interpolate(lookup(locale, 'csv.set_back_item') ?? '', wordParams(p, locale, namer));
}

/**
 * A CSV cell's problem in the reader's language, or the backend's English words without one;
 * led by its place in a list cell ("entry 1, unit: "), which the backend gives beside the
 * column (CellError.at), not in the problem.
 */
export function cellText(e: { message: string; at?: string; problem?: Problem | null }, locale: Locale, namer: Namer = {}): string {
  return placeWords(e.at, locale) + ((e.problem && problemText(e.problem, locale, namer)) || e.message);
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
