import { afterEach, describe, expect, it } from 'vitest';
import { recordTitle, optionLabel, statusLabel, listOf, statusTone } from './state.svelte';
import { setLocale } from './i18n/index.svelte';

describe('labels of values', () => {
  afterEach(() => setLocale('en'));

  it('translates closed lists by value', () => {
    expect(optionLabel('commitment_status', 'in_progress')).toBe('In progress');
    setLocale('fr');
    expect(optionLabel('commitment_status', 'in_progress')).toBe('En cours');
    expect(statusLabel('party', 'eu_institution')).toBe('Institution ou service de l’UE');
    expect(optionLabel('theme', 'unknown_theme', 'Fallback')).toBe('Fallback');
  });

  it('knows which list a field uses', () => {
    expect(listOf('party', 'type')).toBe('party_type');
    expect(listOf('commitment', 'type')).toBe('commitment_type');
    expect(listOf('partnership', 'status')).toBe('partnership_status');
    expect(listOf('meeting', 'title')).toBeNull();
    expect(statusTone('stalled')).toBe('warn');
  });

  it('re-words the titles the backend composes for interventions', () => {
    expect(recordTitle('intervention', 'Intervention by EEAS (Roundtable 4)')).toBe('Intervention by EEAS (Roundtable 4)');
    setLocale('fr');
    expect(recordTitle('intervention', 'Intervention by EEAS and European Commission services (Roundtable 4)')).toBe(
      'Intervention d’EEAS and European Commission services (Roundtable 4)',
    );
    expect(recordTitle('intervention', 'Intervention by A. Benali')).toBe('Intervention d’A. Benali');
    expect(recordTitle('intervention', 'Intervention by Morocco')).toBe('Intervention de Morocco');
    expect(recordTitle('intervention', 'Intervention (Opening)')).toBe('Intervention (Opening)');
    expect(recordTitle('commitment', 'Intervention by nobody')).toBe('Intervention by nobody');
  });
});
