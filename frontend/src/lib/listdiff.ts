// What differs between the values of a conflict on a list field (a commitment's funding or
// indicators), entry by entry, so that the Conflicts screen and the record page can mark it
// instead of leaving a secretariat to compare two long lists by eye. Pure: the card words it.
//
// How an entry is matched across values (docs/model.md, "Conflicts on a list field"):
// first an equal entry, wherever it stands (so a reordered list shows nothing changed); then
// - funding: by (party, currency, state), the k-th such line of one value with the k-th
//   of the other (two equal tranches stay two); then the lines left, by (party, currency), in
//   order, so a pledge that became a disbursement reads as one line whose state changed;
// - indicators: by name (trimmed, case ignored), the k-th with the k-th.
// An entry unmatched is added (only in this value) or removed (in the other value, not here).

import type { Funding, Indicator } from './types';

export type EntryMark = 'same' | 'added' | 'changed' | 'removed';

export interface EntryDiff<T = unknown> {
  entry: T;
  mark: EntryMark;
  /** For "changed": the parts that differ (funding: amount, state, as_of…; indicators: unit, target, values…). */
  parts: string[];
}

/** The list fields whose entries are matched and marked; others are shown whole. */
export const diffedFields = ['funding', 'indicators'] as const;

export function isDiffed(field: string): boolean {
  return (diffedFields as readonly string[]).includes(field);
}

interface Rule {
  /** Keys tried in order: an entry is matched by the first key that finds a partner. */
  keys: ((e: Record<string, unknown>) => string)[];
  /** The parts compared, in the order they are named. */
  parts: string[];
  /** A part's value as compared (a series as its JSON). */
  part: (e: Record<string, unknown>, p: string) => string;
}

const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));

/** An entry as a whole, its keys in order: an equal entry is matched first, wherever it stands. */
function whole(e: unknown): string {
  if (Array.isArray(e)) return '[' + e.map(whole).join(',') + ']';
  if (e && typeof e === 'object') {
    const o = e as Record<string, unknown>;
    return '{' + Object.keys(o).sort().map((k) => JSON.stringify(k) + ':' + whole(o[k])).join(',') + '}';
  }
  return JSON.stringify(e) ?? 'null';
}

const rules: Record<(typeof diffedFields)[number], Rule> = {
  funding: {
    keys: [whole, (e) => [str(e.country), str(e.currency), str(e.state)].join('\u0000'), (e) => [str(e.country), str(e.currency)].join('\u0000')],
    parts: ['amount', 'state', 'instrument', 'as_of', 'source'],
    part: (e, p) => str(e[p]),
  },
  indicators: {
    keys: [whole, (e) => str(e.name).trim().toLowerCase()],
    parts: ['name', 'unit', 'baseline', 'target', 'since', 'values', 'source', 'note'],
    // The single value of earlier versions is one more value of the series (types.ts).
    part: (e, p) => (p === 'values' ? JSON.stringify([e.actual ?? null, e.as_of ?? null, e.values ?? []]) : str(e[p])),
  },
};

/** Pairs the entries of a with those of b: for each index of a, the index in b or -1. */
function pair(rule: Rule, a: Record<string, unknown>[], b: Record<string, unknown>[]): number[] {
  const match = a.map(() => -1);
  const taken = b.map(() => false);
  for (const key of rule.keys) {
    const free = new Map<string, number[]>();
    b.forEach((e, j) => {
      if (taken[j]) return;
      const k = key(e);
      free.set(k, [...(free.get(k) ?? []), j]);
    });
    a.forEach((e, i) => {
      if (match[i] >= 0) return;
      const j = free.get(key(e))?.shift();
      if (j === undefined) return;
      match[i] = j;
      taken[j] = true;
    });
  }
  return match;
}

function differing(rule: Rule, x: Record<string, unknown>, y: Record<string, unknown>): string[] {
  return rule.parts.filter((p) => rule.part(x, p) !== rule.part(y, p));
}

const entries = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.filter((e) => e && typeof e === 'object') : []);

/**
 * Each entry of values[index], marked against every other value: same when an equal entry
 * stands in each of them; added when none holds a matching entry; changed otherwise, with
 * the parts that differ from those that hold one (or added, when the ones that match are
 * equal and another value lacks it). Then the entries of the other values with no match here,
 * marked removed (each once). Null for a field whose entries are not matched.
 */
export function diffEntries(field: string, values: unknown[], index: number): EntryDiff<Funding | Indicator>[] | null {
  if (!isDiffed(field)) return null;
  const rule = rules[field as (typeof diffedFields)[number]];
  const mine = entries(values[index]);
  const others = values.filter((_, i) => i !== index).map(entries);
  const marks = mine.map(() => ({ matched: 0, parts: new Set<string>() }));
  const removed: Record<string, unknown>[] = [];
  const seenRemoved = new Set<string>();
  for (const other of others) {
    const m = pair(rule, mine, other);
    m.forEach((j, i) => {
      if (j < 0) return;
      marks[i].matched++;
      for (const p of differing(rule, mine[i], other[j])) marks[i].parts.add(p);
    });
    const back = new Set(m.filter((j) => j >= 0));
    other.forEach((e, j) => {
      if (back.has(j)) return;
      const k = JSON.stringify(e);
      if (seenRemoved.has(k)) return;
      seenRemoved.add(k);
      removed.push(e);
    });
  }
  const out: EntryDiff<Funding | Indicator>[] = mine.map((e, i) => {
    const { matched, parts } = marks[i];
    const named = rule.parts.filter((p) => parts.has(p));
    if (named.length) return { entry: e as unknown as Funding | Indicator, mark: 'changed', parts: named };
    if (matched === others.length) return { entry: e as unknown as Funding | Indicator, mark: 'same', parts: [] };
    return { entry: e as unknown as Funding | Indicator, mark: 'added', parts: [] };
  });
  for (const e of removed) out.push({ entry: e as unknown as Funding | Indicator, mark: 'removed', parts: [] });
  return out;
}

/**
 * Whether the values hold the same entries alike and differ only in their order: every entry
 * of each is then "same", and the card shows them in order, unfolded, saying so, rather than
 * folding everything and leaving a conflict that shows no difference.
 */
export function onlyOrderDiffers(field: string, values: unknown[]): boolean {
  if (!isDiffed(field)) return false;
  const all = values.map((_, i) => diffEntries(field, values, i) ?? []);
  if (!all.every((d) => d.every((x) => x.mark === 'same'))) return false;
  return new Set(values.map((v) => whole(entries(v)))).size > 1;
}
