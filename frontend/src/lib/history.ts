// How a record's history words what the backend says of each change: made without seeing
// another change of the same field (concurrent), and talking points as a numbered list.

import { translate } from './i18n/index.svelte';
import type { Locale } from './format';

/** What the history carries of a change made without seeing another change of its field. */
export interface SameTime {
  concurrent?: string[]; // key ids of the other changes' authors
  unseen?: boolean; // the old value shown is one this change had not seen
  wrote?: unknown; // what this change wrote, when the field shows another value
}

/** "at the same time as Amina Benali’s change", or '' for a change that saw the others. */
export function sameTimeText(c: SameTime, names: Record<string, string> | undefined, locale: Locale): string {
  const who = (c.concurrent ?? []).map((k) => names?.[k] || k);
  if (who.length === 0) return '';
  const list = (xs: string[]) => new Intl.ListFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { type: 'conjunction' }).format(xs);
  // French puts "de" before each name ("la modification d’Amina Benali"); English a possessive.
  const params = { who: list(who.map((n) => ofName(n, locale))) };
  return translate(locale, who.length === 1 ? 'history.same_time.one' : 'history.same_time.other', params);
}

/** French "de" before a name, elided before a vowel: "d’Amina Benali", "de Bruno Okafor". */
export function ofName(name: string, locale: Locale): string {
  if (locale !== 'fr') return name;
  return /^[aeiouyàâäéèêëîïôöûüæœ]/i.test(name) ? `d’${name}` : `de ${name}`;
}

/** Whether the old value is shown as what the change replaced: not when it had not seen it. */
export function showsOld(c: SameTime & { old?: unknown }): boolean {
  return !c.unseen && c.wrote === undefined && c.old !== undefined && c.old !== null && !(Array.isArray(c.old) && c.old.length === 0) && c.old !== '';
}

/**
 * The words before the value of a change made at the same time as another, whose old value
 * is not shown (it had not seen it, or its own value lost): "set to" / « valeur saisie : »,
 * as `record history` says "status: set to …" (docs/storage.md, "History"). '' otherwise.
 */
export function setToText(c: SameTime, locale: Locale): string {
  return c.unseen || c.wrote !== undefined ? translate(locale, 'history.set_to') : '';
}

/** The items of a list of texts (talking points), or null for any other value. */
export function textItems(type: string | undefined, v: unknown): string[] | null {
  if (type !== 'list' || !Array.isArray(v) || !v.every((x) => typeof x === 'string')) return null;
  return v as string[];
}
