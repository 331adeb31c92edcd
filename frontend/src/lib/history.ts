// How a record's history words what the backend says of each change: made without seeing
// another change of the same field (concurrent), and talking points as a numbered list.

import { translate, type MessageKey } from './i18n/index.svelte';
import { formatRelative, formatTimestamp, type Locale } from './format';
import type { Stamp } from './generated/types';

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

/** What the history carries of a change that settled a conflict (docs/storage.md, "History"). */
export interface Settling {
  field?: string;
  settled?: { value: unknown; author: string; edited?: boolean }[]; // every value of the conflict, winner first
  wrote?: unknown;
  new?: unknown;
}

/**
 * "Resolved the conflict: kept “In progress” (B. Okafor); set aside “Delivered” (A. Benali).",
 * or "Resolved the conflict with a new value, …" when the value kept was none of the conflict's;
 * '' for a change that settled none. The same facts as `record history` (settledWords).
 */
export function settledText(c: Settling, names: Record<string, string> | undefined, value: (v: unknown) => string, locale: Locale): string {
  if (!c.settled?.length) return '';
  const list = (xs: string[]) => new Intl.ListFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { type: 'conjunction' }).format(xs);
  if (c.field === 'deleted') return deletionSettledText(c, names, list, locale);
  const kept = c.wrote !== undefined ? c.wrote : c.new;
  const key = (v: unknown) => JSON.stringify(v ?? null);
  const keptBy: string[] = [];
  const aside = new Map<string, { v: unknown; who: string[] }>(); // by value, winner first
  for (const sd of c.settled) {
    const who = names?.[sd.author] || sd.author;
    if (key(sd.value) === key(kept)) keptBy.push(who);
    else {
      const g = aside.get(key(sd.value)) ?? { v: sd.value, who: [] };
      g.who.push(who);
      aside.set(key(sd.value), g);
    }
  }
  const sides = [...aside.values()].map((g) => translate(locale, 'history.settled_side', { value: value(g.v), who: list(g.who) }));
  const n = sides.length === 1 ? 'one' : 'other';
  const params = { value: value(kept), who: list(keptBy), aside: list(sides) };
  return translate(locale, keptBy.length ? `history.settled_kept.${n}` : `history.settled_new.${n}`, params);
}

/**
 * settledText for a conflict on "deleted", settled by a delete or a restore (deletionSettledWords
 * in app/cli): what became of the record and whose side that was, then each side set aside — the
 * deletion, the changes made without knowing of it (edited), a restore — with its authors.
 * "Resolved the conflict: kept it deleted (A. Benali); set aside the changes made without
 * knowing of the deletion (B. Okafor)."
 */
function deletionSettledText(c: Settling, names: Record<string, string> | undefined, list: (xs: string[]) => string, locale: Locale): string {
  const deleted = c.new === true;
  const keptBy: string[] = [];
  let edits = true; // every side kept is an edit: the record came back with them
  const aside = new Map<string, string[]>(); // by kind of side, in the conflict's order
  for (const sd of c.settled ?? []) {
    const who = names?.[sd.author] || sd.author;
    if ((sd.value === true) === deleted) {
      keptBy.push(who);
      edits &&= !!sd.edited;
      continue;
    }
    const side = sd.value === true ? 'deletion' : sd.edited ? 'edits' : 'restore';
    aside.set(side, [...(aside.get(side) ?? []), who]);
  }
  const sides = [...aside.entries()].map(([side, who]) => translate(locale, `history.settled_deleted.side.${side}` as MessageKey, { who: list(who) }));
  const head = deleted ? 'kept' : edits && keptBy.length ? 'restored_with' : 'restored';
  return translate(locale, `history.settled_deleted.${head}` as MessageKey, { who: list(keptBy), aside: list(sides) });
}

/** The items of a list of texts (talking points), or null for any other value. */
export function textItems(type: string | undefined, v: unknown): string[] | null {
  if (type !== 'list' || !Array.isArray(v) || !v.every((x) => typeof x === 'string')) return null;
  return v as string[];
}

/**
 * A record page's byline: who created it and when, then who changed it last, only when a
 * change followed its creation (changes counts its history's entries, the creation included).
 * A record made by one change read « Créée par X, 5 déc. 2026, 01:15 · modifiée par X il y a
 * 36 minutes », as if it had been changed since.
 */
export function bylineText(r: { created: Stamp; updated: Stamp }, changes: number, locale: Locale, now: Date = new Date()): string {
  const created = translate(locale, 'record.created_by', { name: r.created.author_name || r.created.author, when: formatTimestamp(r.created.at, locale) });
  if (changes <= 1) return created;
  return `${created} · ${translate(locale, 'record.updated_by', { name: r.updated.author_name || r.updated.author, when: formatRelative(r.updated.at, locale, now) })}`;
}
