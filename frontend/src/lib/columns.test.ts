import { describe, expect, it } from 'vitest';
import { COLUMNS, columnHeading, gridTemplate, loadColumns, saveColumns } from './columns';
import { translate } from './i18n/index.svelte';

function memory(): Storage {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: (i) => [...m.keys()][i] ?? null,
    removeItem: (k) => void m.delete(k),
    setItem: (k, v) => void m.set(k, v),
  };
}

describe('list columns', () => {
  it('offers country, parties, partnership and amount for commitments', () => {
    for (const c of ['country', 'parties', 'partnership', 'funding'] as const) expect(COLUMNS.commitment.offered).toContain(c);
  });

  it('shows an intervention’s meeting and the meeting’s date, so that two by one speaker are told apart', () => {
    for (const c of ['meeting', 'date'] as const) {
      expect(COLUMNS.intervention.offered).toContain(c);
      expect(COLUMNS.intervention.shown).toContain(c);
    }
    expect(translate('en', columnHeading('meeting', 'intervention'))).toBe('Meeting');
    expect(translate('fr', columnHeading('meeting', 'intervention'))).toBe('Réunion');
    expect(translate('en', columnHeading('date', 'intervention'))).toBe('Meeting date');
    expect(translate('fr', columnHeading('date', 'intervention'))).toBe('Date');
    expect(translate('fr', columnHeading('date', 'meeting'))).toBe('Début');
  });

  it('remembers the choice per kind, in display order, and drops what the kind does not offer', () => {
    const s = memory();
    expect(loadColumns('commitment', s)).toEqual(COLUMNS.commitment.shown);
    expect(saveColumns('commitment', ['updated', 'country', 'parties'], s)).toEqual(['country', 'parties', 'updated']);
    expect(loadColumns('commitment', s)).toEqual(['country', 'parties', 'updated']);
    expect(loadColumns('meeting', s)).toEqual(COLUMNS.meeting.shown); // another kind keeps its own
    s.setItem('dossier.columns.party', '["funding","country"]');
    expect(loadColumns('party', s)).toEqual(['country']);
    s.setItem('dossier.columns.party', '{not json');
    expect(loadColumns('party', s)).toEqual(COLUMNS.party.shown);
    expect(saveColumns('framework', [], s)).toEqual([]);
    expect(loadColumns('framework', s)).toEqual([]); // every column off is a choice too
  });

  it('gives a column added after the choice was saved its default visibility', () => {
    const s = memory();
    // Chosen before the Meeting and Meeting date columns existed: a plain list of what was shown.
    s.setItem('dossier.columns.intervention', '["parties","updated"]');
    expect(loadColumns('intervention', s)).toEqual(['parties', 'meeting', 'date', 'updated']);
    // Country was known then and not chosen: it stays hidden.
    expect(loadColumns('intervention', s)).not.toContain('country');
    // A choice made now records the columns offered: one unticked stays unticked.
    expect(saveColumns('intervention', ['parties', 'date'], s)).toEqual(['parties', 'date']);
    expect(loadColumns('intervention', s)).toEqual(['parties', 'date']);
    expect(JSON.parse(s.getItem('dossier.columns.intervention') ?? '')).toEqual({ shown: ['parties', 'date'], known: COLUMNS.intervention.offered });
    // A column offered later than a recorded choice: shown if shown by default, hidden if not.
    s.setItem('dossier.columns.commitment', JSON.stringify({ shown: ['status'], known: ['status', 'date', 'updated'] }));
    expect(loadColumns('commitment', s)).toEqual(['funding', 'status']);
    // A plain list holding one of the two new columns was saved after them: it knew both.
    s.setItem('dossier.columns.intervention', '["meeting"]');
    expect(loadColumns('intervention', s)).toEqual(['meeting']);
    s.setItem('dossier.columns.intervention', '["country","date"]');
    expect(loadColumns('intervention', s)).toEqual(['country', 'date']);
    s.setItem('dossier.columns.intervention', '{"shown": 3}');
    expect(loadColumns('intervention', s)).toEqual(COLUMNS.intervention.shown);
  });

  it('works without storage', () => {
    expect(loadColumns('commitment', null)).toEqual(COLUMNS.commitment.shown);
    expect(saveColumns('commitment', ['country'], null)).toEqual(['country']);
  });

  it('builds the grid from the title and the chosen columns', () => {
    expect(gridTemplate(['status', 'date'])).toBe('minmax(9rem, 2.6fr) 7rem 7.75rem');
    expect(gridTemplate(['status'], 'party')).toBe('minmax(9rem, 2.6fr) 13rem');
  });

  it('heads the country column in the plural where a row can hold several countries', () => {
    // A party is one country; a commitment, partnership, meeting or intervention concerns several.
    for (const kind of ['commitment', 'partnership', 'meeting', 'intervention'] as const) {
      expect(translate('en', columnHeading('country', kind))).toBe('Countries');
      expect(translate('fr', columnHeading('country', kind))).toBe('Pays');
    }
    expect(translate('en', columnHeading('country', 'party'))).toBe('Country');
    expect(translate('en', columnHeading('parties', 'intervention'))).toBe('Parties');
    expect(translate('en', columnHeading('partnership', 'meeting'))).toBe('Partnership');
    expect(translate('fr', columnHeading('date', 'commitment'))).toBe('Échéance');
    expect(translate('en', columnHeading('status', 'party'))).toBe('Type');
  });
});

