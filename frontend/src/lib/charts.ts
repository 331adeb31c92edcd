// Data shaping for the map and the charts (docs/charts.md): pure functions, tested in
// charts.test.ts. The components only draw what these return, and the table alternative of
// each chart is drawn from the same rows, so a chart and its table cannot disagree.

import type { ChartsView, Count, CountrySummary, CountryView as Country, MoneyTotal } from './generated/types';

/** One bar: a key (status, theme, GCM-7, 2027-03, "EUR pledged"), its label, its value. */
export interface Bar {
  key: string;
  label: string;
  value: number;
  /** The exact figure as text (money is an exact decimal); the table and the bar's data-value. */
  exact: string;
  /** A colour class: a status tone, "late" for overdue, "" for the accent. */
  tone?: string;
  /** A longer label for a tooltip (a GCM objective's title). */
  title?: string;
}

/** Bars of counts in the server's order, labelled. */
export function countBars(counts: readonly Count[], label: (key: string) => string, tone?: (key: string) => string): Bar[] {
  return counts.map((c) => ({ key: c.key, label: label(c.key), value: c.n, exact: String(c.n), tone: tone?.(c.key) ?? '' }));
}

/** "2027-03" shifted by n months. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const i = y * 12 + (m - 1) + n;
  return `${String(Math.floor(i / 12)).padStart(4, '0')}-${String((i % 12) + 1).padStart(2, '0')}`;
}

export interface MonthBuckets {
  /** Open commitments due before the first month shown: overdue. */
  earlier: number;
  /** One bucket per month from the current one, zeros included. */
  months: Count[];
  /** Due after the last month shown. */
  later: number;
}

/**
 * Buckets the open commitments' due months into `n` months from today's month, with what
 * falls before (overdue) and after; every commitment is in exactly one bucket.
 */
export function dueBuckets(due: readonly Count[], today: string, n = 12): MonthBuckets {
  const first = today.slice(0, 7);
  const last = addMonths(first, n - 1);
  const months: Count[] = Array.from({ length: n }, (_, i) => ({ key: addMonths(first, i), n: 0 }));
  let earlier = 0;
  let later = 0;
  for (const c of due) {
    if (c.key < first) earlier += c.n;
    else if (c.key > last) later += c.n;
    else months[monthIndex(first, c.key)].n += c.n;
  }
  return { earlier, months, later };
}

function monthIndex(first: string, month: string): number {
  const [y0, m0] = first.split('-').map(Number);
  const [y, m] = month.split('-').map(Number);
  return (y - y0) * 12 + (m - m0);
}

/** Money bars of one currency, in the order of the funding states (never added across states). */
export interface MoneyGroup {
  currency: string;
  bars: Bar[];
}

/** Groups totals by currency (alphabetical) and keeps the server's state order within one. */
export function moneyGroups(totals: readonly MoneyTotal[], stateLabel: (s: string) => string): MoneyGroup[] {
  const by = new Map<string, Bar[]>();
  for (const t of totals) {
    const bars = by.get(t.currency) ?? [];
    bars.push({ key: `${t.currency} ${t.state}`, label: stateLabel(t.state), value: Number(t.amount), exact: String(t.amount), tone: t.state });
    by.set(t.currency, bars);
  }
  return [...by.keys()].sort().map((currency) => ({ currency, bars: by.get(currency)! }));
}

/** The ISO numeric code of a map shape ("434"), as the app's country list writes it. */
export function numericKey(id: string | number | undefined): string {
  if (id === undefined || id === '') return '';
  return String(id).padStart(3, '0');
}

/** Index of the app's countries by ISO numeric code, for the map's shapes. */
export function byNumeric(countries: readonly Country[]): Map<string, Country> {
  const m = new Map<string, Country>();
  for (const c of countries) if (c.numeric) m.set(c.numeric, c);
  return m;
}

/** What the map shades by: the number of commitments, or money in one currency at one state. */
export type Measure = { kind: 'commitments' } | { kind: 'money'; currency: string; state: string };

/** A country's figure for the measure; 0 when it has none. */
export function measureOf(s: CountrySummary | undefined, m: Measure): number {
  if (!s) return 0;
  if (m.kind === 'commitments') return s.commitments;
  const t = (s.funding ?? []).find((f) => f.currency === m.currency && f.state === m.state);
  return t ? Number(t.amount) : 0;
}

/** The currencies and states the countries have money in, for the measure's choices. */
export function moneyChoices(list: readonly CountrySummary[], states: readonly string[]): { currency: string; states: string[] }[] {
  const by = new Map<string, Set<string>>();
  for (const s of list) for (const f of s.funding ?? []) (by.get(f.currency) ?? by.set(f.currency, new Set()).get(f.currency)!).add(f.state);
  return [...by.keys()].sort().map((currency) => ({ currency, states: states.filter((st) => by.get(currency)!.has(st)) }));
}

/**
 * Class breaks for shading: up to `k` classes over the positive values, one per value when
 * there are no more than `k` distinct ones, else cut at their quantiles and rounded to two
 * significant figures so the legend reads well. Returns the lower bound of each class,
 * ascending and distinct; the first is the smallest value.
 */
export function classBreaks(values: readonly number[], k = 5): number[] {
  const v = values.filter((x) => x > 0).sort((a, b) => a - b);
  if (v.length === 0) return [];
  // Few distinct values (counts in a small dossier): one class each.
  const distinct = [...new Set(v)];
  if (distinct.length <= k) return distinct;
  const out: number[] = [v[0]];
  for (let i = 1; i < k; i++) {
    const q = nice(v[Math.floor((i * v.length) / k)]);
    if (q > out[out.length - 1] && q <= v[v.length - 1]) out.push(q);
  }
  return out;
}

function nice(x: number): number {
  if (x < 10) return Math.ceil(x);
  const p = Math.pow(10, Math.floor(Math.log10(x)) - 1);
  return Math.ceil(x / p) * p;
}

/** The class of a value: -1 for none (0), else the index of the last break it reaches. */
export function classOf(value: number, breaks: readonly number[]): number {
  if (!(value > 0) || breaks.length === 0) return -1;
  let c = 0;
  for (let i = 0; i < breaks.length; i++) if (value >= breaks[i]) c = i;
  return c;
}

/** Legend ranges for the classes: [from, to] with to = null for the last (open) class. */
export function legendRanges(breaks: readonly number[], integer: boolean): [number, number | null][] {
  return breaks.map((b, i) => {
    if (i === breaks.length - 1) return [b, null];
    const next = breaks[i + 1];
    return [b, integer ? next - 1 : next];
  });
}

/** The largest bar (first in order on a tie), or undefined. */
export function largest<T extends { value: number }>(bars: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const b of bars) if (!best || b.value > best.value) best = b;
  return best;
}

/** The charts' empty view, before the data arrives. */
export const noCharts: ChartsView = { commitments: 0, by_status: [], by_theme: [], by_objective: [], due_by_month: [] };
