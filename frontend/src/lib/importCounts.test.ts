import { describe, expect, it } from 'vitest';
import { countTiles } from './importCounts';

const report = (status: 'imported' | 'refused' | 'ok', new_: number, known: number, created: number, updated: number, conflicts: number, breaking = 0) => ({
  status,
  new: new_,
  known,
  records_created: created,
  records_updated: updated,
  conflicts_raised: conflicts,
  records_breaking: breaking,
});
const words = (tiles: { value: string; label: string }[]) => tiles.map((c) => `${c.value} ${c.label}`);

describe('the counts of a bundle report', () => {
  it('word a count of one in the singular, in English and French', () => {
    const r = report('imported', 1, 1, 1, 1, 1);
    expect(words(countTiles(r, {}, 'en'))).toEqual(['1 new change', '1 already held', '1 record created', '1 record updated', '1 conflict raised']);
    expect(words(countTiles(r, {}, 'fr'))).toEqual(['1 nouvelle modification', '1 déjà détenue', '1 fiche créée', '1 fiche mise à jour', '1 conflit soulevé']);
    expect(words(countTiles(r, { preview: true }, 'en'))).toEqual(['1 new change', '1 already held', '1 record to create', '1 record to change', '1 conflict to be raised']);
    expect(words(countTiles(r, { preview: true }, 'fr')).slice(2)).toEqual(['1 fiche à créer', '1 fiche à modifier', '1 conflit qui sera soulevé']);
  });

  it('word other counts in the plural (French: zero in the singular)', () => {
    const r = report('imported', 2, 0, 3, 0, 2);
    expect(words(countTiles(r, {}, 'en'))).toEqual(['2 new changes', '0 already held', '3 records created', '0 records updated', '2 conflicts raised']);
    expect(words(countTiles(r, {}, 'fr'))).toEqual(['2 nouvelles modifications', '0 déjà détenue', '3 fiches créées', '0 fiche mise à jour', '2 conflits soulevés']);
  });

  it('say of a refused bundle that its new changes were not imported, and count nothing else when inspecting', () => {
    expect(words(countTiles(report('refused', 1, 0, 0, 0, 0), {}, 'en'))[0]).toBe('1 new change in the bundle, not imported');
    expect(words(countTiles(report('refused', 5, 0, 0, 0, 0), {}, 'fr'))[0]).toBe('5 nouvelles modifications dans le paquet, aucune importée');
    expect(words(countTiles(report('ok', 1, 0, 0, 0, 0), { inspect: true }, 'en'))).toEqual(['1 new change', '0 already held']);
    expect(countTiles(report('refused', 1, 0, 0, 0, 0), { preview: true }, 'en')).toHaveLength(2);
    expect(countTiles(report('imported', 0, 0, 0, 0, 2), {}, 'en').find((c) => c.testid === 'sync-count-conflicts')?.warn).toBe(true);
  });

  it('count the records left breaking a rule only when there are some, as a warning', () => {
    expect(countTiles(report('imported', 1, 0, 0, 1, 0, 0), {}, 'en').find((c) => c.testid === 'sync-count-breaking')).toBeUndefined();
    const one = report('imported', 1, 0, 0, 1, 0, 1);
    expect(words(countTiles(one, {}, 'en')).at(-1)).toBe('1 record now breaking a rule');
    expect(words(countTiles(one, {}, 'fr')).at(-1)).toBe('1 fiche qui enfreint désormais une règle');
    expect(words(countTiles(report('imported', 3, 0, 0, 2, 0, 2), {}, 'fr')).at(-1)).toBe('2 fiches qui enfreignent désormais une règle');
    expect(words(countTiles(one, { preview: true }, 'en')).at(-1)).toBe('1 record that would break a rule');
    expect(words(countTiles(report('ok', 3, 0, 0, 2, 0, 2), { preview: true }, 'fr')).at(-1)).toBe('2 fiches qui enfreindraient une règle');
    expect(countTiles(one, {}, 'en').find((c) => c.testid === 'sync-count-breaking')?.warn).toBe(true);
    expect(countTiles(report('refused', 1, 0, 0, 0, 0, 1), { preview: true }, 'en')).toHaveLength(2);
  });
});
