import { describe, expect, it } from 'vitest';
import { byCurrency, fundingEntryText, headline, series } from './money';

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

  it('writes one amount as one line in the reader\'s language', () => {
    const words = { state: (s: string) => `<${s}>`, instrument: (s: string) => `[${s}]`, party: (id: string) => (id === 'ner' ? 'Niger' : '?') };
    const f = { amount: 150000000, currency: 'EUR', state: 'pledged', instrument: 'trust_fund_contribution', country: 'ner', as_of: '2016-12-13', source: 'EUTF' };
    expect(fundingEntryText(f, 'en', words)).toBe('EUR 150,000,000 · <pledged> · [trust_fund_contribution] · Niger · 13 December 2016 · EUTF');
    expect(fundingEntryText(f, 'fr', words)).toBe('150 000 000 EUR · <pledged> · [trust_fund_contribution] · Niger · 13 décembre 2016 · EUTF');
    expect(fundingEntryText({ amount: 1234.125, currency: 'TND', state: 'disbursed' }, 'en', words)).toBe('TND 1,234.125 · <disbursed>');
  });
});
