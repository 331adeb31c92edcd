// The CSV screen's logic: where the problems of a file are (by row and column, for the
// preview table), whether it can be imported, and the names it shows and saves under.
// The checks themselves are the service's (CSV.Preview); nothing is decided here.

import type { CellError, CSVView } from './generated/types';
import type { Kind, Query } from './types';
import { translate, tn } from './i18n/index.svelte';
import type { Locale } from './format';

/** The problems of one row: the columns at fault, and whether the row as a whole is. */
export interface RowProblems {
  columns: Map<string, string[]>;
  whole: string[];
}

/** Groups problems by row (1 is the header) and column (lower case, as the service names them). */
export function problemsByRow(errors: CellError[], word: (e: CellError) => string = (e) => e.message): Map<number, RowProblems> {
  const out = new Map<number, RowProblems>();
  for (const e of errors) {
    let r = out.get(e.row);
    if (!r) {
      r = { columns: new Map(), whole: [] };
      out.set(e.row, r);
    }
    if (e.column) {
      const col = e.column.toLowerCase();
      r.columns.set(col, [...(r.columns.get(col) ?? []), word(e)]);
    } else {
      r.whole.push(word(e));
    }
  }
  return out;
}

/**
 * The problems of one cell: a column named by the service is the header cell's name in
 * lower case without surrounding spaces, for a problem inside a list cell too (the service
 * gives its place apart, CellError.at).
 */
export function cellProblems(row: RowProblems | undefined, header: string): string[] {
  if (!row) return [];
  return row.columns.get(header.trim().toLowerCase()) ?? [];
}

/** Import is offered only for a checked file without problems that would store something. */
export function canImport(v: CSVView | null): boolean {
  return !!v && !v.stored && v.error_count === 0 && v.created + v.updated > 0;
}

/** The catalogue key of an encoding the service reports. */
export function encodingKey(enc: string): string {
  const keys: Record<string, string> = {
    'UTF-8': 'csv.enc.utf8',
    'UTF-8 with BOM': 'csv.enc.utf8_bom',
    'UTF-16 LE': 'csv.enc.utf16le',
    'UTF-16 BE': 'csv.enc.utf16be',
    'Windows-1252': 'csv.enc.cp1252',
  };
  return keys[enc] ?? '';
}

/** The catalogue key of a delimiter the service reports ("," ";" "tab"). */
export function delimiterKey(d: string): string {
  return ({ ',': 'csv.delim.comma', ';': 'csv.delim.semicolon', tab: 'csv.delim.tab' } as Record<string, string>)[d] ?? '';
}

/** A list query as an export takes it: the same filters and order, every page. */
export function exportQuery(q: Query): Query {
  const { offset: _o, limit: _l, ...rest } = q;
  return rest;
}

const LIST_NAMES: Record<Kind, string> = {
  party: 'parties',
  framework: 'frameworks',
  partnership: 'partnerships',
  commitment: 'commitments',
  meeting: 'meetings',
  intervention: 'interventions',
};

/**
 * The file name the window's save dialog suggests; the same as the service's for a
 * download (service.exportName): "dossier-commitments-filtered-2026-12-02-1432.csv".
 */
export function csvFileName(q: Query, at: Date): string {
  const filtered = Object.entries(q).some(([k, v]) => !['kind', 'sort', 'lang', 'offset', 'limit'].includes(k) && v !== undefined && v !== '' && v !== false);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const when = `${p(at.getFullYear(), 4)}-${p(at.getMonth() + 1)}-${p(at.getDate())}-${p(at.getHours())}${p(at.getMinutes())}`;
  return `dossier-${LIST_NAMES[q.kind as Kind] ?? `${q.kind}s`}${filtered ? '-filtered' : ''}-${when}.csv`;
}

/**
 * The line a stored import leaves, each count with a word that agrees with it: « 0 nouvelle,
 * 1 modifiée, 56 inchangées » (French counts 0 and 1 in the singular), where one message for
 * the three read « 0 nouvelles, 1 modifiées ».
 */
export function importedText(v: Pick<CSVView, 'name' | 'created' | 'updated' | 'unchanged'>, locale: Locale): string {
  return translate(locale, 'csv.imported', {
    name: v.name,
    created: tn('csv.imported_created', v.created, undefined, locale),
    updated: tn('csv.imported_updated', v.updated, undefined, locale),
    unchanged: tn('csv.imported_unchanged', v.unchanged, undefined, locale),
  });
}
