import { describe, expect, it } from 'vitest';
import { diffEntries, onlyOrderDiffers } from './listdiff';

const eur = (amount: number, state = 'pledged', extra: Record<string, unknown> = {}) => ({ amount, currency: 'EUR', state, ...extra });
const marks = (d: ReturnType<typeof diffEntries>) => d?.map((x) => [x.mark, ...x.parts].join(':'));

describe('diffEntries', () => {
  it('marks a funding line whose amount changed, keeps equal lines same, and names what was removed', () => {
    const a = [eur(1_000_000), eur(500_000, 'disbursed', { as_of: '2026-11-30' }), eur(70, 'committed', { country: 'p-libya' })];
    const b = [eur(1_000_000), eur(600_000, 'disbursed', { as_of: '2026-12-01' })];
    expect(marks(diffEntries('funding', [a, b], 0))).toEqual(['same', 'changed:amount:as_of', 'added']);
    expect(marks(diffEntries('funding', [a, b], 1))).toEqual(['same', 'changed:amount:as_of', 'removed']);
    expect(diffEntries('funding', [a, b], 1)?.[2].entry).toEqual(a[2]);
  });

  it('reads a pledge that became a disbursement as one line whose state changed', () => {
    const a = [eur(1_000_000, 'pledged')];
    const b = [eur(1_000_000, 'disbursed', { as_of: '2026-12-01' })];
    expect(marks(diffEntries('funding', [a, b], 0))).toEqual(['changed:state:as_of']);
  });

  it('matches on party and currency too: a line for another party or in another currency is another line', () => {
    const a = [eur(10, 'pledged', { country: 'p-niger' }), { amount: 10, currency: 'USD', state: 'pledged' }];
    const b = [eur(10, 'pledged', { country: 'p-mali' }), eur(10, 'pledged')];
    expect(marks(diffEntries('funding', [a, b], 0))).toEqual(['added', 'added', 'removed', 'removed']);
  });

  it('keeps two equal tranches two: a third one added is marked, not hidden', () => {
    const a = [eur(5), eur(5), eur(5)];
    const b = [eur(5), eur(5)];
    expect(marks(diffEntries('funding', [a, b], 0))).toEqual(['same', 'same', 'added']);
    expect(marks(diffEntries('funding', [a, b], 1))).toEqual(['same', 'same', 'removed']);
  });

  it('matches indicators by name, case and spaces aside, and names the parts that differ', () => {
    const a = [{ name: 'Returns', unit: 'people', target: 60000, values: [{ actual: 53000, as_of: '2026-11-13' }] }, { name: 'Trainings', target: 10 }];
    const b = [{ name: ' returns ', unit: 'people', target: 65000, values: [{ actual: 54000, as_of: '2026-11-20' }] }, { name: 'Trainings', target: 10 }];
    expect(marks(diffEntries('indicators', [a, b], 0))).toEqual(['changed:name:target:values', 'same']);
  });

  it('counts the single value of earlier versions as a value', () => {
    const a = [{ name: 'Returns', actual: 5, as_of: '2026-01-01' }];
    const b = [{ name: 'Returns', actual: 5, as_of: '2026-02-01' }];
    expect(marks(diffEntries('indicators', [a, b], 0))).toEqual(['changed:values']);
  });

  it('with three values, an entry is same only when each other value holds it equal', () => {
    const a = [eur(1), eur(2, 'committed')];
    const b = [eur(1), eur(2, 'committed')];
    const c = [eur(1)];
    expect(marks(diffEntries('funding', [a, b, c], 0))).toEqual(['same', 'added']);
    expect(marks(diffEntries('funding', [a, b, c], 2))).toEqual(['same', 'removed']);
  });

  it('an empty value has every entry of the other removed; a field not matched gives null', () => {
    expect(marks(diffEntries('funding', [null, [eur(1)]], 0))).toEqual(['removed']);
    expect(diffEntries('title', ['a', 'b'], 0)).toBeNull();
  });
});

describe('onlyOrderDiffers', () => {
  it('is true when the values hold the same entries in another order, and only then', () => {
    expect(onlyOrderDiffers('funding', [[eur(1), eur(2)], [eur(2), eur(1)]])).toBe(true);
    expect(onlyOrderDiffers('funding', [[eur(1), eur(2)], [eur(1), eur(2)]])).toBe(false);
    expect(onlyOrderDiffers('funding', [[eur(1), eur(2)], [eur(2), eur(3)]])).toBe(false);
    expect(onlyOrderDiffers('indicators', [[{ name: 'A' }, { name: 'B' }], [{ name: 'B' }, { name: 'A' }]])).toBe(true);
    expect(onlyOrderDiffers('title', ['a', 'b'])).toBe(false);
  });
});

describe('equal entries first', () => {
  it('matches an equal line wherever it stands before pairing the others by identity', () => {
    // Two pledges in EUR: the 10 is kept in both, the 5 became 7.
    const a = [eur(5), eur(10)];
    const b = [eur(10), eur(7)];
    expect(marks(diffEntries('funding', [a, b], 0))).toEqual(['changed:amount', 'same']);
    expect(diffEntries('funding', [a, b], 0)?.[0].entry).toEqual(eur(5));
  });
});
