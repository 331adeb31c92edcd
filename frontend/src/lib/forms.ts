// Forms generated from the schema: the editing value of each field type, turning it back into
// the JSON the backend expects, sending only what changed, and placing the backend's field
// errors ("title", "indicators[0].unit", "parties[1].party") beside the right inputs.

import type { Field } from './types';
import { formatNumber, normaliseDateTime, parseNumber, type Locale } from './format';

export type FormValue = string | string[] | Record<string, string>[] | { party: string; role: string }[];
export type FormValues = Record<string, FormValue>;

/** Sub-fields of list fields (the schema describes lists only as "list"). */
export const LIST_COLUMNS: Record<string, { name: string; kind: 'text' | 'number' | 'date' | 'datetime' }[]> = {
  indicators: [
    { name: 'name', kind: 'text' },
    { name: 'unit', kind: 'text' },
    { name: 'baseline', kind: 'number' },
    { name: 'target', kind: 'number' },
    { name: 'actual', kind: 'number' },
    { name: 'as_of', kind: 'date' },
    { name: 'since', kind: 'date' },
    { name: 'note', kind: 'text' },
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
export type Editor = 'text' | 'longtext' | 'enum' | 'date' | 'datetime' | 'ref' | 'chips' | 'roles' | 'points' | 'rows';

export function editorOf(f: Field): Editor {
  switch (f.type) {
    case 'set':
      return f.elem === 'party_role' ? 'roles' : 'chips';
    case 'list':
      return f.name === 'points' ? 'points' : 'rows';
    default:
      return f.type;
  }
}

/** The empty editing value of a field. */
export function emptyValue(f: Field): FormValue {
  switch (editorOf(f)) {
    case 'chips':
    case 'roles':
    case 'points':
    case 'rows':
      return [];
    default:
      return '';
  }
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
      return v.map((row) => {
        const out: Record<string, string> = {};
        for (const c of cols) {
          const x = row?.[c.name];
          out[c.name] = x === undefined || x === null ? '' : c.kind === 'number' && typeof x === 'number' ? formatNumber(x, locale) : String(x);
        }
        return out;
      });
    }
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
      const rows = (fv as Record<string, string>[]).filter((r) => cols.some((c) => (r[c.name] ?? '').trim() !== ''));
      const value = rows.map((r, i) => {
        const out: Record<string, unknown> = {};
        for (const c of cols) {
          const s = (r[c.name] ?? '').trim();
          if (s === '') continue;
          if (c.kind === 'number') {
            const n = parseNumber(s, locale);
            if (n === null) continue;
            if (Number.isNaN(n)) {
              errors[`${f.name}[${i}].${c.name}`] = notANumber;
              continue;
            }
            out[c.name] = n;
          } else if (c.kind === 'datetime') {
            out[c.name] = normaliseDateTime(s, timeZone);
          } else {
            out[c.name] = s;
          }
        }
        return out;
      });
      return { value, errors };
    }
    case 'datetime':
      return { value: normaliseDateTime(fv as string, timeZone), errors };
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
