// Chips: the editing logic of set-valued fields (parties, themes, framework items, countries),
// kept apart from the component so it can be tested.

export interface ChipOption {
  value: string;
  label: string;
  /** A second line or code shown beside the label and searched too ("LBY", "GCM-7"). */
  hint?: string;
  /** Other names searched but not shown (a country's other names: "Laos", "Russia"). */
  keys?: string;
}

/** Lower-case, accents removed: "Côte d'Ivoire" → "cote d'ivoire". */
export function fold(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

/** A word's inner apostrophe, ' or ’, left out ("d’ivoire" → "divoire"): the rule of
 *  domain.JoinApostrophes, so that a picker finds a name typed without it ("cote divoire") as
 *  the record search does (docs/storage.md, "Apostrophes"). */
export function joinApostrophes(s: string): string {
  return s.replace(/([\p{L}\p{N}\p{M}])['’](?=[\p{L}\p{N}])/gu, '$1');
}

/** The text a list of options is searched in: folded, and also joined when a word of it has
 *  an apostrophe, so that "cote d'ivoire", "cote divoire" and "ivoire" all find "Côte d’Ivoire". */
export function searchText(s: string): string {
  const f = fold(s);
  const j = joinApostrophes(f);
  return j === f ? f : f + ' ' + j;
}

/** Adds a value if it is not there yet; returns a new array (or the same one if unchanged). */
export function addChip(list: readonly string[], value: string): string[] {
  const v = value.trim();
  if (v === '' || list.includes(v)) return list as string[];
  return [...list, v];
}

/** Removes a value; returns a new array. */
export function removeChip(list: readonly string[], value: string): string[] {
  return list.filter((x) => x !== value);
}

/** Adds or removes a value. */
export function toggleChip(list: readonly string[], value: string): string[] {
  return list.includes(value) ? removeChip(list, value) : addChip(list, value);
}

/** Backspace in an empty chip input removes the last chip. */
export function backspace(list: readonly string[], inputText: string): string[] {
  if (inputText !== '' || list.length === 0) return list as string[];
  return list.slice(0, -1);
}

/** Splits pasted text ("LBY; TUN, MAR") into values, trimmed, without empties or repeats. */
export function splitPasted(text: string): string[] {
  const out: string[] = [];
  for (const p of text.split(/[;,\n\t]/)) {
    const v = p.trim();
    if (v && !out.includes(v)) out.push(v);
  }
  return out;
}

/**
 * The options a picker offers for what was typed: not already chosen, matching every typed
 * word (accents and case ignored) in the label or hint. Ranked so that Enter picks what was
 * meant ("Mor" is Morocco, not Comoros): the exact code first, then labels (in the UI
 * language) starting with the text, then codes or hints starting with it, then labels with a
 * word starting with it, then the rest; the given order is kept within a rank.
 */
export function matchOptions(options: readonly ChipOption[], query: string, chosen: readonly string[], limit = 50): ChipOption[] {
  const q = fold(query.trim());
  const words = q.split(/\s+/).filter(Boolean);
  const taken = new Set(chosen);
  const ranks: ChipOption[][] = [[], [], [], [], []];
  for (const o of options) {
    if (taken.has(o.value)) continue;
    if (words.length === 0) {
      ranks[4].push(o);
      continue;
    }
    const hay = searchText(o.label + ' ' + (o.hint ?? '') + ' ' + o.value + ' ' + (o.keys ?? ''));
    if (!words.every((w) => hay.includes(w))) continue;
    ranks[matchRank(o, q)].push(o);
  }
  return ranks.flat().slice(0, limit);
}

function matchRank(o: ChipOption, q: string): number {
  const label = fold(o.label);
  const code = fold(o.value);
  const hint = fold(o.hint ?? '');
  if (code === q || hint === q) return 0;
  if (label.startsWith(q)) return 1;
  if (hint.startsWith(q) || code.startsWith(q)) return 2;
  if (label.split(/[\s,.'’()\-/]+/).some((w) => w.startsWith(q))) return 3;
  return 4;
}

/** A party with a role in a partnership. */
export interface RoleChip {
  party: string;
  role: string;
}

/** Adds a party with a role, or changes its role if it is already there. */
export function setRole(list: readonly RoleChip[], party: string, role: string): RoleChip[] {
  const i = list.findIndex((r) => r.party === party);
  if (i < 0) return [...list, { party, role }];
  if (list[i].role === role) return list as RoleChip[];
  const out = list.slice();
  out[i] = { party, role };
  return out;
}


// A partnership may hold one party twice when two delegates gave it different roles at the same
// time (the set keeps both adds; docs/model.md, "One party, two roles"). Its form then edits each
// entry by its place, not by the party, so that one role can be changed or removed and the
// other kept.

/** The entry at i with another role; an entry equal to another one is dropped (a set holds it once). */
export function setRoleAt(list: readonly RoleChip[], i: number, role: string): RoleChip[] {
  if (i < 0 || i >= list.length || list[i].role === role) return list as RoleChip[];
  const party = list[i].party;
  if (list.some((r, j) => j !== i && r.party === party && r.role === role)) return removeRoleAt(list, i);
  const out = list.slice();
  out[i] = { party, role };
  return out;
}

/** The list without the entry at i. */
export function removeRoleAt(list: readonly RoleChip[], i: number): RoleChip[] {
  return list.filter((_, j) => j !== i);
}

/** A key for each entry of a keyed list: the party and its role, which a set holds once. */
export function roleKey(r: RoleChip): string {
  return `${r.party} ${r.role}`;
}

/** Moves the chip at index i by delta (keyboard reordering of ordered lists). */
export function move<T>(list: readonly T[], i: number, delta: number): T[] {
  const j = i + delta;
  if (i < 0 || i >= list.length || j < 0 || j >= list.length) return list as T[];
  const out = list.slice();
  [out[i], out[j]] = [out[j], out[i]];
  return out;
}
