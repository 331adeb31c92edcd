// Money and series for display (docs/model.md): totals stay per currency and per state, and a
// series is shown latest first with the party each value is for.

import { formatDate, formatMoney, type Locale } from './format';
import type { Funding, Indicator, IndicatorValue, MoneyTotal } from './types';

export const FUNDING_STATES = ['pledged', 'committed', 'contracted', 'disbursed'] as const;

/** Totals grouped by currency, states in their order: one line per currency. */
export function byCurrency(totals: readonly MoneyTotal[]): { currency: string; totals: MoneyTotal[] }[] {
  const groups = new Map<string, MoneyTotal[]>();
  for (const t of totals) {
    const g = groups.get(t.currency) ?? [];
    g.push(t);
    groups.set(t.currency, g);
  }
  const rank = (s: string) => {
    const i = (FUNDING_STATES as readonly string[]).indexOf(s);
    return i < 0 ? FUNDING_STATES.length : i;
  };
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, ts]) => ({ currency, totals: [...ts].sort((a, b) => rank(a.state) - rank(b.state)) }));
}

/** The values of an indicator, the single value of earlier versions included, latest first. */
export function series(ind: Indicator): IndicatorValue[] {
  const out: IndicatorValue[] = [];
  if (ind.actual !== undefined && ind.actual !== null) out.push({ actual: ind.actual, as_of: ind.as_of ?? '' });
  for (const v of ind.values ?? []) out.push(v);
  return out.sort((a, b) => (a.as_of === b.as_of ? (a.country ? 1 : 0) - (b.country ? 1 : 0) : a.as_of < b.as_of ? 1 : -1));
}

/** The headline value of an indicator: the latest for no country in particular, else the latest. */
export function headline(ind: Indicator): IndicatorValue | undefined {
  const s = series(ind);
  return s.find((v) => !v.country) ?? s[0];
}

/**
 * One amount of a commitment as one line (the history and conflicts show a field's value as
 * text): "EUR 150,000,000 · Pledged · Trust-fund contribution · Niger · 13 Dec 2016 · source".
 * The caller words the state, instrument and party in the reader's language.
 */
export function fundingEntryText(
  f: Funding,
  locale: Locale,
  words: { state: (s: string) => string; instrument: (s: string) => string; party: (id: string) => string },
): string {
  return [
    formatMoney(f.amount, f.currency, locale) || f.currency,
    f.state ? words.state(f.state) : '',
    f.instrument ? words.instrument(f.instrument) : '',
    f.country ? words.party(f.country) : '',
    f.as_of ? formatDate(f.as_of, locale) : '',
    f.source ?? '',
  ]
    .filter(Boolean)
    .join(' · ');
}
