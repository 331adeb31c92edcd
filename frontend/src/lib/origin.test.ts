import { describe, expect, it } from 'vitest';
import { originLabel } from './origin';
import { en } from './i18n/en';
import { fr } from './i18n/fr';
import { interpolate } from './i18n/index.svelte';

const tr = (cat: Record<string, string>) => (key: string, fallback: string, params?: Record<string, string>) =>
  key in cat ? interpolate(cat[key], params) : fallback;

describe('originLabel', () => {
  it('words the origins the store records, in each language', () => {
    expect(originLabel('csv import', tr(fr), (d) => d)).toBe('Import CSV');
    expect(originLabel('sample data', tr(fr), (d) => d)).toBe('Données d’exemple');
    expect(originLabel('backup 2026-11-30T10:00:00Z from Amina Benali', tr(fr), () => '30 nov. 2026')).toBe('Sauvegarde du 30 nov. 2026 par Amina Benali');
    expect(originLabel('csv import', tr(en), (d) => d)).toBe('CSV import');
  });
  it('shows an origin it does not know as recorded', () => {
    expect(originLabel('something else', tr(fr), (d) => d)).toBe('something else');
  });
});
