import { describe, expect, it } from 'vitest';
import { isDate, listQuery, quickSearchQuery } from './listquery';

describe('listQuery', () => {
  it('applies the URL dates that are dates, and leaves out the others', () => {
    expect(listQuery('commitment', { from: '2026-01-01', to: '2026-12-31' })).toMatchObject({ date_from: '2026-01-01', date_to: '2026-12-31' });
    const q = listQuery('commitment', { from: '2026-02-30', to: '31/12/2026' });
    expect(q.date_from).toBeUndefined();
    expect(q.date_to).toBeUndefined();
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
