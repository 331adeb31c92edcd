import { describe, expect, it } from 'vitest';
import { canImport, cellProblems, csvFileName, delimiterKey, encodingKey, exportQuery, importedText, problemsByRow } from './csv';
import type { CSVView } from './generated/types';
import { en } from './i18n/en';

const view = (over: Partial<CSVView>): CSVView => ({
  name: 'a.csv',
  kind: 'commitment',
  kind_column: false,
  stored: false,
  created: 0,
  updated: 0,
  unchanged: 0,
  file: { encoding: 'UTF-8', delimiter: ',', rows: 0 },
  columns: [],
  rows: [],
  errors: [],
  error_count: 0,
  warnings: [],
  warning_count: 0,
  ...over,
});

describe('problems by row and column', () => {
  const errors = [
    { row: 1, column: 'colour', message: 'is not a field of commitment' },
    { row: 3, column: 'status', message: '"maybe" is not a status' },
    { row: 3, column: 'indicators', at: '1.unit', message: 'is required' },
    { row: 4, column: '', message: 'has 1 cells, the header has 2' },
    { row: 5, column: 'title', message: 'is required' },
  ];
  const by = problemsByRow(errors);

  it('puts each problem on its cell, list elements on their column, in any header case', () => {
    expect(cellProblems(by.get(3), ' Status ')).toEqual(['"maybe" is not a status']);
    expect(cellProblems(by.get(3), 'Indicators')).toEqual(['is required']);
    expect(cellProblems(by.get(3), 'title')).toEqual([]);
    expect(cellProblems(by.get(1), 'Colour')).toEqual(['is not a field of commitment']);
    expect(cellProblems(by.get(2), 'status')).toEqual([]);
  });

  it('keeps problems of a whole row apart', () => {
    expect(by.get(4)?.whole).toEqual(['has 1 cells, the header has 2']);
    expect(by.get(3)?.whole).toEqual([]);
  });
});

describe('import', () => {
  it('is offered only for a clean file that changes something, before it is stored', () => {
    expect(canImport(null)).toBe(false);
    expect(canImport(view({ created: 2 }))).toBe(true);
    expect(canImport(view({ updated: 1 }))).toBe(true);
    expect(canImport(view({ created: 2, error_count: 1 }))).toBe(false);
    expect(canImport(view({ unchanged: 3 }))).toBe(false);
    expect(canImport(view({ created: 2, stored: true }))).toBe(false);
  });
});

describe('names', () => {
  it('has a label for every encoding and delimiter the service reports', () => {
    for (const e of ['UTF-8', 'UTF-8 with BOM', 'UTF-16 LE', 'UTF-16 BE', 'Windows-1252']) {
      expect(encodingKey(e) in en, e).toBe(true);
    }
    for (const d of [',', ';', 'tab']) expect(delimiterKey(d) in en, d).toBe(true);
    expect(encodingKey('EBCDIC')).toBe('');
  });

  it('exports the list query without its page', () => {
    expect(exportQuery({ kind: 'commitment', status: 'agreed', sort: 'date', offset: 100, limit: 50 })).toEqual({
      kind: 'commitment',
      status: 'agreed',
      sort: 'date',
    });
  });

  it('suggests the name the service gives a download', () => {
    const at = new Date(2026, 11, 2, 14, 32);
    expect(csvFileName({ kind: 'party' }, at)).toBe('dossier-parties-2026-12-02-1432.csv');
    expect(csvFileName({ kind: 'commitment', sort: '-date', lang: 'fr' }, at)).toBe('dossier-commitments-2026-12-02-1432.csv');
    expect(csvFileName({ kind: 'meeting', country: 'TUN' }, at)).toBe('dossier-meetings-filtered-2026-12-02-1432.csv');
    expect(csvFileName({ kind: 'commitment', has_funding: true }, at)).toBe('dossier-commitments-filtered-2026-12-02-1432.csv');
  });
});

describe('the line a stored import leaves', () => {
  // French counts 0 and 1 in the singular: the line once read « 0 nouvelles, 1 modifiées ».
  it('agrees each count with its word, in French and English', () => {
    expect(importedText(view({ name: 'excel.csv', created: 0, updated: 1, unchanged: 56 }), 'fr')).toBe('excel.csv importé : 0 nouvelle, 1 modifiée, 56 inchangées.');
    expect(importedText(view({ name: 'a.csv', created: 2, updated: 0, unchanged: 1 }), 'fr')).toBe('a.csv importé : 2 nouvelles, 0 modifiée, 1 inchangée.');
    expect(importedText(view({ name: 'a.csv', created: 1200, updated: 1, unchanged: 0 }), 'en')).toBe('a.csv imported: 1,200 new, 1 updated, 0 unchanged.');
  });
});
