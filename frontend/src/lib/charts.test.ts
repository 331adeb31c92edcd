import { describe, expect, it } from 'vitest';
import { feature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import world from 'world-atlas/countries-110m.json';
import {
  addMonths,
  byNumeric,
  classBreaks,
  classOf,
  countBars,
  dueBuckets,
  largest,
  legendRanges,
  measureOf,
  moneyChoices,
  moneyGroups,
  numericKey,
} from './charts';
import type { CountrySummary, CountryView } from './generated/types';

const summary = (alpha3: string, commitments: number, funding: CountrySummary['funding'] = []): CountrySummary => ({
  alpha3,
  alpha2: '',
  numeric: '',
  name: alpha3,
  name_fr: alpha3,
  aliases: [],
  article_fr: '',
  parties: 0,
  partnerships: 0,
  commitments,
  meetings: 0,
  interventions: 0,
  funding,
});

describe('count bars', () => {
  it('keep the order and the exact counts, labelled and toned', () => {
    const bars = countBars(
      [
        { key: 'proposed', n: 6 },
        { key: 'stalled', n: 1 },
      ],
      (k) => k.toUpperCase(),
      (k) => (k === 'stalled' ? 'warn' : ''),
    );
    expect(bars).toEqual([
      { key: 'proposed', label: 'PROPOSED', value: 6, exact: '6', tone: '' },
      { key: 'stalled', label: 'STALLED', value: 1, exact: '1', tone: 'warn' },
    ]);
    expect(largest(bars)?.key).toBe('proposed');
    expect(largest([])).toBeUndefined();
  });
});

describe('due months', () => {
  it('shift across years', () => {
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-03', 23)).toBe('2028-02');
  });
  it('bucket every open commitment once: overdue, twelve months with zeros, later', () => {
    const due = [
      { key: '2019-05', n: 2 },
      { key: '2026-11', n: 1 },
      { key: '2026-12', n: 3 },
      { key: '2027-02', n: 4 },
      { key: '2027-11', n: 5 },
      { key: '2027-12', n: 6 },
    ];
    const b = dueBuckets(due, '2026-12-02');
    expect(b.earlier).toBe(3);
    expect(b.later).toBe(6);
    expect(b.months.map((m) => m.key)).toEqual([
      '2026-12', '2027-01', '2027-02', '2027-03', '2027-04', '2027-05',
      '2027-06', '2027-07', '2027-08', '2027-09', '2027-10', '2027-11',
    ]);
    expect(b.months.map((m) => m.n)).toEqual([3, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 5]);
    const all = b.earlier + b.later + b.months.reduce((a, m) => a + m.n, 0);
    expect(all).toBe(due.reduce((a, c) => a + c.n, 0));
  });
  it('of an empty portfolio are twelve zeros', () => {
    const b = dueBuckets([], '2027-01-31', 12);
    expect(b.months).toHaveLength(12);
    expect(b.months.every((m) => m.n === 0) && b.earlier === 0 && b.later === 0).toBe(true);
  });
});

describe('money groups', () => {
  it('group by currency, keep the state order, never add across states', () => {
    const g = moneyGroups(
      [
        { currency: 'USD', state: 'pledged', amount: 2000000 },
        { currency: 'EUR', state: 'pledged', amount: 46300000, commitments: 2 },
        { currency: 'EUR', state: 'disbursed', amount: 1250000.5 },
      ],
      (s) => s,
    );
    expect(g.map((x) => x.currency)).toEqual(['EUR', 'USD']);
    expect(g[0].bars.map((b) => [b.key, b.exact, b.value])).toEqual([
      ['EUR pledged', '46300000', 46300000],
      ['EUR disbursed', '1250000.5', 1250000.5],
    ]);
  });
});

describe('map codes', () => {
  it('pad world-atlas ids to the ISO numeric code', () => {
    expect(numericKey('4')).toBe('004');
    expect(numericKey(434)).toBe('434');
    expect(numericKey(undefined)).toBe('');
  });
  it('find the app country of every shape that has an ISO code, Libya included', () => {
    const topo = world as unknown as Topology;
    const shapes = (feature(topo, topo.objects.countries) as unknown as { features: { id?: string; properties: { name: string } }[] }).features;
    // A few rows of the app's list (the real one comes from the schema).
    const list: CountryView[] = [
      { alpha3: 'LBY', alpha2: 'LY', numeric: '434', name: 'Libya', name_fr: 'Libye', article_fr: 'la', aliases: [] },
      { alpha3: 'TUN', alpha2: 'TN', numeric: '788', name: 'Tunisia', name_fr: 'Tunisie', article_fr: 'la', aliases: [] },
      { alpha3: 'AFG', alpha2: 'AF', numeric: '004', name: 'Afghanistan', name_fr: 'Afghanistan', article_fr: 'l’', aliases: [] },
    ];
    const idx = byNumeric(list);
    const found = shapes.filter((s) => idx.has(numericKey(s.id))).map((s) => [s.properties.name, idx.get(numericKey(s.id))!.alpha3]);
    expect(found.sort()).toEqual([
      ['Afghanistan', 'AFG'],
      ['Libya', 'LBY'],
      ['Tunisia', 'TUN'],
    ]);
    // Shapes without an ISO code (Kosovo, N. Cyprus, Somaliland) map to nothing.
    expect(shapes.filter((s) => !s.id).map((s) => s.properties.name).sort()).toEqual(['Kosovo', 'N. Cyprus', 'Somaliland']);
  });
});

describe('map shading', () => {
  const list = [
    summary('LBY', 7, [
      { currency: 'EUR', state: 'pledged', amount: 46300000 },
      { currency: 'EUR', state: 'disbursed', amount: 1000000 },
    ]),
    summary('TUN', 3, [{ currency: 'USD', state: 'committed', amount: 500 }]),
    summary('MAR', 0),
  ];
  it('measures commitments or money in one currency at one state', () => {
    expect(measureOf(list[0], { kind: 'commitments' })).toBe(7);
    expect(measureOf(list[0], { kind: 'money', currency: 'EUR', state: 'disbursed' })).toBe(1000000);
    expect(measureOf(list[1], { kind: 'money', currency: 'EUR', state: 'pledged' })).toBe(0);
    expect(measureOf(undefined, { kind: 'commitments' })).toBe(0);
  });
  it('offers the currencies and states there is money in', () => {
    expect(moneyChoices(list, ['pledged', 'committed', 'contracted', 'disbursed'])).toEqual([
      { currency: 'EUR', states: ['pledged', 'disbursed'] },
      { currency: 'USD', states: ['committed'] },
    ]);
  });
  it('cuts classes at rounded quantiles and puts every positive value in one', () => {
    const values = [1, 1, 2, 3, 3, 4, 8, 12, 40, 41, 57, 90];
    const br = classBreaks(values);
    expect(br[0]).toBe(1);
    for (let i = 1; i < br.length; i++) expect(br[i]).toBeGreaterThan(br[i - 1]);
    expect(br.length).toBeLessThanOrEqual(5);
    for (const v of values) expect(classOf(v, br)).toBeGreaterThanOrEqual(0);
    expect(classOf(0, br)).toBe(-1);
    expect(classOf(41, br)).toBe(br.length - 1);
    expect(classBreaks([0, 0])).toEqual([]);
    expect(classBreaks([5, 5, 5])).toEqual([5]);
    // Few distinct counts: one class each, so 1 and 2 commitments do not look alike.
    expect(classBreaks([1, 1, 2, 3, 3, 7])).toEqual([1, 2, 3, 7]);
    expect(legendRanges([1, 2, 3, 7], true)).toEqual([
      [1, 1],
      [2, 2],
      [3, 6],
      [7, null],
    ]);
  });
  it('rounds money breaks to two significant figures', () => {
    const br = classBreaks([1234, 5000, 56789, 123456, 900000, 2345678, 46300000]);
    expect(br).toEqual([1234, 5000, 57000, 900000, 2400000]);
  });
  it('writes legend ranges: integer classes end one below the next', () => {
    expect(legendRanges([1, 3, 7], true)).toEqual([
      [1, 2],
      [3, 6],
      [7, null],
    ]);
    expect(legendRanges([1000, 5000], false)).toEqual([
      [1000, 5000],
      [5000, null],
    ]);
  });
});
