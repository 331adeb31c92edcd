// The words of a list conflict's marks (the rule and the codes are the backend's:
// domain.DiffEntries, served as ConflictValue.diff and the brief's ConflictValue.marks):
// "Added", "Removed", "Changed: amount, as of". One wording for the Conflicts screen, the
// record page and the Brief screen; the PDF words them alike (app/brief, Lang.entryMark,
// checked against these keys by TestEntryMarksMatchTheScreens).

import type { Locale } from './format';

type Tr = (key: string, vars?: Record<string, string>) => string;

/** A part of a funding line or an indicator that differs, as its column is named, in lower case. */
export function entryPartText(field: string, part: string, L: Locale, tr: Tr): string {
  const key = field === 'indicators' ? (part === 'values' ? 'indicator.values' : `col.indicators.${part}`) : `col.funding.${part}`;
  return tr(key).toLocaleLowerCase(L === 'fr' ? 'fr-FR' : 'en-GB');
}

/** What an entry is against the other value(s): its mark, or with help, the longer words of the tooltip. */
export function entryMarkText(field: string, mark: string, parts: readonly string[] | undefined, L: Locale, tr: Tr, help = false): string {
  const suffix = help ? '_help' : '';
  if (mark === 'changed') return tr(`conflict.entry.changed${suffix}`, { parts: (parts ?? []).map((p) => entryPartText(field, p, L, tr)).join(', ') });
  return tr(`conflict.entry.${mark}${suffix}`);
}
