import { describe, expect, it } from 'vitest';
import { byCurrency, headline, series } from './money';

describe('money and series', () => {
  it('groups totals by currency with states in order', () => {
    const g = byCurrency([
      { currency: 'USD', state: 'pledged', amount: 5 },
      { currency: 'EUR', state: 'disbursed', amount: 40 },
      { currency: 'EUR', state: 'pledged', amount: 100 },
      { currency: 'EUR', state: 'committed', amount: 90 },
    ]);
    expect(g.map((x) => x.currency)).toEqual(['EUR', 'USD']);
    expect(g[0].totals.map((x) => x.state)).toEqual(['pledged', 'committed', 'disbursed']);
  });

  it('lists a series latest first, the old single value included', () => {
    const ind = { name: 'n', actual: 53000, as_of: '2020-11-13', values: [{ actual: 30000, as_of: '2021-06-30', country: 'ner' }, { actual: 60000, as_of: '2021-06-30' }] };
    expect(series(ind).map((v) => v.actual)).toEqual([60000, 30000, 53000]);
    expect(headline(ind)?.actual).toBe(60000);
    expect(headline({ name: 'n', values: [{ actual: 1, as_of: '2020-01-01', country: 'x' }] })?.country).toBe('x');
    expect(headline({ name: 'n' })).toBeUndefined();
  });
});
