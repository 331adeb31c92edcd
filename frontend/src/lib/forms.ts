// Forms generated from the schema: the editing value of each field type, turning it back into
// the JSON the backend expects, sending only what changed, and placing the backend's field
// errors ("title", "indicators[0].unit", "parties[1].party") beside the right inputs.

import { isBlank } from './blank';
import type { Field } from './types';
import { formatNumber, normaliseDateTime, parseDate, parseNumber, type Locale } from './format';
import { dateMessage, editText, isoText } from './dates';
import { translate } from './i18n/index.svelte';

/** An indicator being edited: its own cells and the rows of its series. */
export interface IndicatorForm {
  cells: Record<string, string>;
  values: Record<string, string>[];
}

export type FormValue = string | string[] | Record<string, string>[] | { party: string; role: string }[] | IndicatorForm[];
export type FormValues = Record<string, FormValue>;

/**
 * How a cell of a list row is edited: text, a number in the reader's locale, a date, a
 * date-time, one value of a closed list (`list` names it for labels; the values come from the
 * schema's columns), an ISO 4217 currency, or a party.
 */
export type ColumnKind = 'text' | 'number' | 'date' | 'datetime' | 'enum' | 'currency' | 'party';
export interface Column {
  name: string;
  kind: ColumnKind;
  list?: string;
}

/** Sub-fields of list fields, in the order the form shows them. */
export const LIST_COLUMNS: Record<string, Column[]> = {
  indicators: [
    { name: 'name', kind: 'text' },
    { name: 'unit', kind: 'text' },
    { name: 'baseline', kind: 'number' },
    { name: 'target', kind: 'number' },
    { name: 'since', kind: 'date' },
    { name: 'source', kind: 'text' },
    { name: 'note', kind: 'text' },
  ],
  values: [
    { name: 'actual', kind: 'number' },
    { name: 'as_of', kind: 'date' },
    { name: 'country', kind: 'party' },
    { name: 'note', kind: 'text' },
  ],
  funding: [
    { name: 'amount', kind: 'number' },
    { name: 'currency', kind: 'currency' },
    { name: 'state', kind: 'enum', list: 'funding_state' },
    { name: 'instrument', kind: 'enum', list: 'funding_instrument' },
    { name: 'as_of', kind: 'date' },
    { name: 'country', kind: 'party' },
    { name: 'source', kind: 'text' },
  ],
  contacts: [
    { name: 'name', kind: 'text' },
    { name: 'function', kind: 'text' },
    { name: 'email', kind: 'text' },
    { name: 'phone', kind: 'text' },
  ],
  sessions: [
    { name: 'title', kind: 'text' },
    { name: 'start', kind: 'datetime' },
    { name: 'end', kind: 'datetime' },
  ],
  items: [
    { name: 'code', kind: 'text' },
    { name: 'number', kind: 'number' },
    { name: 'title', kind: 'text' },
    { name: 'framework', kind: 'text' },
  ],
};

/** How the form edits a field. */
export type Editor =
  | 'text'
  | 'longtext'
  | 'enum'
  | 'date'
  | 'datetime'
  | 'date_or_datetime'
  | 'timezone'
  | 'ref'
  | 'chips'
  | 'roles'
  | 'points'
  | 'rows'
  | 'indicators';

export function editorOf(f: Field): Editor {
  switch (f.type) {
    case 'set':
      return f.elem === 'party_role' ? 'roles' : 'chips';
    case 'list':
      return f.name === 'points' ? 'points' : f.name === 'indicators' ? 'indicators' : 'rows';
    case 'number':
      return 'text';
    default:
      return f.name === 'time_zone' ? 'timezone' : f.type;
  }
}

/** The empty editing value of a field. */
export function emptyValue(f: Field): FormValue {
  switch (editorOf(f)) {
    case 'chips':
    case 'roles':
    case 'points':
    case 'rows':
    case 'indicators':
      return [];
    default:
      return '';
  }
}

/** A stored cell → its editing text: numbers and dates as the reader writes them. */
function cellText(c: Column, x: unknown, locale: Locale): string {
  if (x === undefined || x === null) return '';
  if (c.kind === 'number' && typeof x === 'number') return formatNumber(x, locale);
  return c.kind === 'date' || c.kind === 'datetime' ? editText(String(x), locale) : String(x);
}

/** The editing row of one list element. */
function toRow(cols: Column[], row: Record<string, unknown> | null | undefined, locale: Locale): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of cols) out[c.name] = cellText(c, row?.[c.name], locale);
  return out;
}

/**
 * An indicator as stored, with the single actual/as_of of earlier versions moved into its
 * series (docs/model.md): what the form edits and what it compares.
 */
export function normaliseIndicator(ind: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...ind };
  const values = Array.isArray(ind.values) ? [...(ind.values as unknown[])] : [];
  if (ind.actual !== undefined && ind.actual !== null) values.unshift({ actual: ind.actual, ...(ind.as_of ? { as_of: ind.as_of } : {}) });
  delete out.actual;
  delete out.as_of;
  if (values.length > 0) out.values = values;
  else delete out.values;
  return out;
}

function normaliseIndicators(v: unknown): unknown {
  return Array.isArray(v) ? v.map((x) => (x && typeof x === 'object' ? normaliseIndicator(x as Record<string, unknown>) : x)) : v;
}

interface RowsResult {
  rows: Record<string, unknown>[];
}

/** Editing rows → JSON objects: empty rows dropped, numbers parsed (errors at PREFIX[i].COL). */
function fromRows(
  cols: Column[],
  rows: Record<string, string>[],
  prefix: string,
  locale: Locale,
  notANumber: string,
  errors: Record<string, string>,
  timeZone?: string,
): RowsResult {
  const kept = rows.filter((r) => cols.some((c) => (r[c.name] ?? '').trim() !== ''));
  return {
    rows: kept.map((r, i) => {
      const out: Record<string, unknown> = {};
      for (const c of cols) {
        const s = (r[c.name] ?? '').trim();
        if (s === '') continue;
        if (c.kind === 'number') {
          const n = parseNumber(s, locale);
          if (n === null) continue;
          if (Number.isNaN(n)) {
            errors[`${prefix}[${i}].${c.name}`] = notANumber;
            continue;
          }
          out[c.name] = n;
        } else if (c.kind === 'datetime' || c.kind === 'date') {
          const bad = dateMessage(s, c.kind, locale);
          if (bad) errors[`${prefix}[${i}].${c.name}`] = bad;
          const iso = isoText(s, locale);
          out[c.name] = c.kind === 'date' ? iso : normaliseDateTime(iso, timeZone);
        } else {
          out[c.name] = s;
        }
      }
      return out;
    }),
  };
}

/** A date stays a date (all day); anything else is read as a date and time in the zone.
 *  `text` is in the ISO shape (dates.isoText). */
export function normaliseDateOrDateTime(text: string, timeZone?: string): string {
  const s = text.trim();
  return parseDate(s) ? s : normaliseDateTime(s, timeZone);
}

/** A stored JSON value → its editing value. */
export function toFormValue(f: Field, v: unknown, locale: Locale): FormValue {
  const ed = editorOf(f);
  if (v === undefined || v === null) return emptyValue(f);
  switch (ed) {
    case 'chips':
      return Array.isArray(v) ? v.map(String) : [];
    case 'roles':
      return Array.isArray(v)
        ? v.filter((x) => x && typeof x === 'object').map((x) => ({ party: String(x.party ?? ''), role: String(x.role ?? '') }))
        : [];
    case 'points':
      return Array.isArray(v) ? v.map(String) : [];
    case 'rows': {
      const cols = LIST_COLUMNS[f.name] ?? [];
      if (!Array.isArray(v)) return [];
      return v.map((row) => toRow(cols, row, locale));
    }
    case 'indicators': {
      if (!Array.isArray(v)) return [];
      return v.map((raw) => {
        const ind = normaliseIndicator(raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {});
        const values = Array.isArray(ind.values) ? (ind.values as Record<string, unknown>[]) : [];
        return { cells: toRow(LIST_COLUMNS.indicators, ind, locale), values: values.map((x) => toRow(LIST_COLUMNS.values, x, locale)) };
      });
    }
    case 'date':
    case 'datetime':
    case 'date_or_datetime':
      return editText(typeof v === 'string' ? v : String(v), locale);
    default:
      return typeof v === 'string' ? v : String(v);
  }
}

export interface Converted {
  value: unknown;
  /** Errors found while converting (numbers that are not numbers), by path. */
  errors: Record<string, string>;
}

/** An editing value → the JSON the backend expects. */
export function fromFormValue(f: Field, fv: FormValue, locale: Locale, notANumber: string, timeZone?: string): Converted {
  const errors: Record<string, string> = {};
  const ed = editorOf(f);
  switch (ed) {
    case 'chips':
      return { value: [...(fv as string[])], errors };
    case 'roles':
      return { value: (fv as { party: string; role: string }[]).map((r) => ({ party: r.party, role: r.role })), errors };
    case 'points':
      return { value: (fv as string[]).map((p) => p.trim()).filter((p) => p !== ''), errors };
    case 'rows': {
      const cols = LIST_COLUMNS[f.name] ?? [];
      return { value: fromRows(cols, fv as Record<string, string>[], f.name, locale, notANumber, errors, timeZone).rows, errors };
    }
    case 'indicators': {
      const forms = (fv as IndicatorForm[]).filter(
        (x) => LIST_COLUMNS.indicators.some((c) => (x.cells[c.name] ?? '').trim() !== '') || x.values.some((r) => Object.values(r).some((c) => c.trim() !== '')),
      );
      const value = forms.map((x, i) => {
        const [own] = fromRows(LIST_COLUMNS.indicators, [x.cells], `${f.name}`, locale, notANumber, {}, timeZone).rows;
        // Number errors of the indicator's own cells are reported at indicators[i].CELL.
        for (const c of LIST_COLUMNS.indicators) {
          if (c.kind === 'number' && Number.isNaN(parseNumber(x.cells[c.name] ?? '', locale) ?? 0)) errors[`${f.name}[${i}].${c.name}`] = notANumber;
        }
        const values = fromRows(LIST_COLUMNS.values, x.values, `${f.name}[${i}].values`, locale, notANumber, errors, timeZone).rows;
        return values.length > 0 ? { ...(own ?? {}), values } : { ...(own ?? {}) };
      });
      return { value, errors };
    }
    case 'date':
    case 'date_or_datetime':
    case 'datetime': {
      // Checked here, in the reader's language and in the terms of what was typed; the
      // backend checks again whatever reaches it.
      const bad = dateMessage(fv as string, ed, locale);
      if (bad) errors[f.name] = bad;
      const s = isoText(fv as string, locale);
      return { value: ed === 'date' ? s : ed === 'datetime' ? normaliseDateTime(s, timeZone) : normaliseDateOrDateTime(s, timeZone), errors };
    }
    default:
      return { value: (fv as string).trim(), errors };
  }
}

/** JSON with object keys sorted, for comparing values. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return '[' + v.map(canonical).join(',') + ']';
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return (
      '{' +
      Object.keys(o)
        .filter((k) => o[k] !== undefined)
        .sort()
        .map((k) => JSON.stringify(k) + ':' + canonical(o[k]))
        .join(',') +
      '}'
    );
  }
  return JSON.stringify(v ?? null);
}

function isEmptyJSON(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

/** Sets are compared as sets: order does not matter. */
function sameValue(f: Field, a: unknown, b: unknown): boolean {
  if (isEmptyJSON(a) && isEmptyJSON(b)) return true;
  // An indicator still in the shape of earlier versions is the same as its series form: an
  // untouched indicator is not rewritten (and cannot conflict) just because the form moved it.
  if (f.name === 'indicators') return canonical(normaliseIndicators(a)) === canonical(normaliseIndicators(b));
  if (f.type === 'set' && Array.isArray(a) && Array.isArray(b)) {
    const ca = a.map(canonical).sort();
    const cb = b.map(canonical).sort();
    return ca.length === cb.length && ca.every((x, i) => x === cb[i]);
  }
  return canonical(a) === canonical(b);
}

export interface Payload {
  fields: Record<string, unknown>;
  errors: Record<string, string>;
}

/**
 * Builds what to send. For a new record: every non-empty field. For an edit: only the fields
 * whose value differs from the stored one, so that a save never rewrites (and never
 * conflicts on) a field the delegate did not touch.
 */
export function buildPayload(
  schema: Field[],
  values: FormValues,
  original: Record<string, unknown> | null,
  locale: Locale,
  notANumber: string,
): Payload {
  const fields: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  const tz = typeof values.time_zone === 'string' && values.time_zone.trim() ? values.time_zone.trim() : undefined;
  for (const f of schema) {
    if (!(f.name in values)) continue;
    const c = fromFormValue(f, values[f.name], locale, notANumber, tz);
    Object.assign(errors, c.errors);
    if (original === null) {
      if (!isEmptyJSON(c.value)) fields[f.name] = c.value;
    } else if (!sameValue(f, original[f.name], c.value)) {
      fields[f.name] = c.value;
    }
  }
  // Errors found here stop the send, so the backend cannot name the missing required fields:
  // name them too, so that one submit shows every error the form can know of.
  if (Object.keys(errors).length > 0) {
    for (const f of schema) {
      if (!f.required || !(f.name in values) || errors[f.name]) continue;
      const c = fromFormValue(f, values[f.name], locale, notANumber, tz);
      // A text of blanks is missing too, as the backend judges it (domain.IsBlank).
      if (isEmptyJSON(c.value) || (typeof c.value === 'string' && isBlank(c.value))) errors[f.name] = translate(locale, 'form.is_required');
    }
  }
  return { fields, errors };
}

/** Normalises an error path: "indicators.0.unit" and "indicators[0].unit" → "indicators[0].unit". */
export function normalisePath(path: string): string {
  return path.replace(/\.(\d+)(?=\.|$)/g, '[$1]');
}

/** The top-level field a path belongs to: "indicators[0].unit" → "indicators". */
export function topField(path: string): string {
  const m = /^[^.[]+/.exec(path);
  return m ? m[0] : path;
}

export interface PlacedErrors {
  /** Messages by exact path ("title", "indicators[0].unit"). */
  byPath: Record<string, string>;
  /** Fields that have an error somewhere inside them. */
  fields: Set<string>;
  /** Messages that belong to no field of the form. */
  general: string[];
}

/** Places the backend's field errors on a form made of the given fields. */
export function placeErrors(errFields: Record<string, string>, formFields: readonly string[]): PlacedErrors {
  const out: PlacedErrors = { byPath: {}, fields: new Set(), general: [] };
  const known = new Set(formFields);
  for (const [rawPath, msg] of Object.entries(errFields)) {
    const path = normalisePath(rawPath);
    const top = topField(path);
    if (known.has(top)) {
      out.byPath[path] = msg;
      out.fields.add(top);
    } else {
      out.general.push(rawPath ? `${rawPath}: ${msg}` : msg);
    }
  }
  return out;
}

/** The first invalid field in form order, to move the focus there. */
export function firstInvalid(placed: PlacedErrors, order: readonly string[]): string | null {
  for (const f of order) if (placed.fields.has(f)) return f;
  return null;
}

/**
 * The country tags the intervention form proposed from the chosen meeting (docs/model.md,
 * "Interventions: countries proposed from the meeting"): `last` is what the form last put in
 * the tags ([] before any proposal; null when the form opened with tags of its own, which it
 * never changes), `from` the rule that proposed it ('organiser', 'participant'; '' for none).
 */
export interface TagProposal {
  last: string[] | null;
  from: string;
}

/** Where the proposal starts for a form whose country tags are `tags`. */
export function startProposal(tags: readonly string[]): TagProposal {
  return { last: tags.length === 0 ? [] : null, from: '' };
}

/**
 * Where the proposal stands once a draft is restored: a draft that had chosen a meeting had
 * its proposal already, kept or removed by the delegate, and its tags are theirs (empty tags
 * may be a proposal removed), so the form never changes them; a draft without a meeting is
 * a new form's.
 */
export function restoredProposal(values: { meeting?: unknown; countries?: unknown }): TagProposal {
  const tags = Array.isArray(values.countries) ? (values.countries as string[]) : [];
  return values.meeting ? { last: null, from: '' } : startProposal(tags);
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/**
 * A meeting's proposal arrives (`codes`, possibly none): the tags the field should now hold
 * and the proposal's new state, or null to leave both as they are. The tags are replaced only
 * while untouched, holding exactly what the form last proposed: a country the delegate added
 * or removed is never undone, and a record that came with tags is never changed.
 */
export function proposeCountries(
  tags: readonly string[],
  p: TagProposal,
  codes: readonly string[],
  from: string,
): { tags: string[]; proposal: TagProposal } | null {
  if (p.last === null || !sameSet(tags, p.last)) return null;
  const next = [...codes];
  return { tags: next, proposal: { last: next, from: next.length > 0 ? from : '' } };
}

/**
 * The proposal once the tags read `tags`: when they differ from what the form last proposed,
 * the delegate has edited them, and the form stops proposing for good, so that a country
 * removed and typed back is theirs and a later meeting does not replace it.
 */
export function afterTagsEdited(tags: readonly string[], p: TagProposal): TagProposal {
  return p.last !== null && !sameSet(tags, p.last) ? { last: null, from: '' } : p;
}

/** The rule that proposed the tags, for the hint under the field; '' once they are edited. */
export function proposedFrom(tags: readonly string[], p: TagProposal): string {
  return p.from && p.last && p.last.length > 0 && sameSet(tags, p.last) ? p.from : '';
}
