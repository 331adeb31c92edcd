import { describe, expect, it } from 'vitest';
import { dateFromLabel, isDate, LIST_FILTERS, listQuery, quickSearchQuery } from './listquery';
import { translate } from './i18n/index.svelte';

describe('listQuery', () => {
  it('applies the URL dates that are dates, and leaves out the others', () => {
    expect(listQuery('commitment', { from: '2026-01-01', to: '2026-12-31' })).toMatchObject({ date_from: '2026-01-01', date_to: '2026-12-31' });
    const q = listQuery('commitment', { from: '2026-02-30', to: '31/12/2026' });
    expect(q.date_from).toBeUndefined();
    expect(q.date_to).toBeUndefined();
  });
  it('filters interventions by dates, named as their meeting’s', () => {
    // An intervention has no date of its own: From and To go by its meeting's start, which the
    // service joins; the query carries them as for any list.
    expect(LIST_FILTERS.intervention).toContain('dates');
    expect(listQuery('intervention', { from: '2022-12-13', to: '2024-03-05' })).toMatchObject({ kind: 'intervention', date_from: '2022-12-13', date_to: '2024-03-05' });
    expect(listQuery('intervention', { from: '2022-02-30' }).date_from).toBeUndefined();
    expect(translate('en', dateFromLabel('intervention'))).toBe('Meeting from');
    expect(translate('fr', dateFromLabel('intervention'))).toBe('Réunion du');
    expect(translate('fr', dateFromLabel('commitment'))).toBe('Échéance du');
    expect(translate('en', dateFromLabel('meeting'))).toBe('From');
    for (const k of ['party', 'framework'] as const) expect(LIST_FILTERS[k]).not.toContain('dates');
  });
  it('sorts by best match only while words are searched for', () => {
    expect(listQuery('commitment', { q: 'coast guard', sort: 'relevance' }).sort).toBe('relevance');
    expect(listQuery('commitment', { sort: 'relevance' }).sort).toBe('date');
    expect(listQuery('party', { q: '', sort: 'relevance' }).sort).toBe('title');
    // Typing words keeps the order chosen: a list does not switch to best match by itself.
    expect(listQuery('meeting', { q: 'rabat' }).sort).toBe('-date');
    expect(listQuery('partnership', { q: 'rabat', sort: 'status' }).sort).toBe('status');
  });
  it('the quick search asks for its best matches first', () => {
    expect(quickSearchQuery('coast guard')).toEqual({ q: 'coast guard', limit: 20, sort: 'relevance' });
  });
  it('isDate takes YYYY-MM-DD naming a real day only', () => {
    expect(isDate('2028-02-29')).toBe(true);
    expect(['2027-02-29', '2026-13-01', '2026-1-01', '01/01/2026', '2026-01-01T10:00', ''].filter(isDate)).toEqual([]);
  });
});
