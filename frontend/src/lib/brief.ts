// The on-screen brief prints the same Facts as the PDF (app/brief). The facts carry ready
// English labels ("13 Nov 2020", "since Nov 2017", "53,000 people"): in English the screen
// shows them as they are, so screen and paper read the same; in French the few words and
// number formats of those labels are re-worded here. Values of closed lists are translated
// by value elsewhere (optionLabel).

import type { Locale } from './format';
import type { BriefFacts } from './syncTypes';

const MONTHS_LONG: Record<string, string> = {
  January: 'janvier',
  February: 'février',
  March: 'mars',
  April: 'avril',
  May: 'mai',
  June: 'juin',
  July: 'juillet',
  August: 'août',
  September: 'septembre',
  October: 'octobre',
  November: 'novembre',
  December: 'décembre',
};

const MONTHS_SHORT: Record<string, string> = {
  Jan: 'janv.',
  Feb: 'févr.',
  Mar: 'mars',
  Apr: 'avr.',
  May: 'mai',
  Jun: 'juin',
  Jul: 'juil.',
  Aug: 'août',
  Sep: 'sept.',
  Oct: 'oct.',
  Nov: 'nov.',
  Dec: 'déc.',
};

const WORDS: [RegExp, string][] = [
  [/\bsince\b/g, 'depuis'],
  [/\buntil\b/g, 'jusqu’en'],
  [/\bas of\b/g, 'au'],
  [/\bbaseline\b/g, 'référence'],
  [/\btarget\b/g, 'cible'],
];

/** A date or period label of the facts in the reader's language. */
export function dateLabel(label: string, locale: Locale): string {
  if (locale === 'en' || !label) return label;
  let s = label.replace(/\b(January|February|March|April|May|June|July|August|September|October|November|December)\b/g, (m) => MONTHS_LONG[m]);
  s = s.replace(/\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b/g, (m) => MONTHS_SHORT[m]);
  for (const [re, w] of WORDS) s = s.replace(re, w);
  return s;
}

/** A quantity label ("53,000 people", "baseline 0 → target 60,000 people", "12.5%"). */
export function quantityLabel(label: string, locale: Locale): string {
  if (locale === 'en' || !label) return label;
  // Numbers as the backend writes them: digits grouped by commas, a dot before decimals.
  const s = label.replace(/\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+/g, (n) => n.replace(/,/g, ' ').replace('.', ','));
  return dateLabel(s.replace(/(\d)%/g, '$1 %'), locale);
}

/** A CSS string literal holding any text (for generated print styles). */
export function cssString(s: string): string {
  return '"' + s.replace(/[\\"<>\n\r]/g, (c) => '\\' + c.charCodeAt(0).toString(16) + ' ') + '"';
}

/**
 * Print styles of a brief: the marking at the top and bottom of every sheet, a running header
 * (what the sheet belongs to, the date) and a footer (state hash, page n of N), as the PDF
 * prints them. Page margin boxes: Chromium prints them; other engines ignore them and the
 * markings in the document itself still show.
 */
export function printStyle(o: { marking: string; running: string; date: string; footer: string; page: string }): string {
  const box = (content: string, extra = '') => `{ content: ${content}; font: 8pt system-ui, sans-serif; color: #555; ${extra} }`;
  const mark = box(cssString(o.marking.toUpperCase()), 'color: #8e1f1f; font-weight: 700; letter-spacing: 0.06em;');
  return (
    `@page { ` +
    `@top-center ${mark} @bottom-center ${mark} ` +
    `@top-left ${box(cssString(o.running))} @top-right ${box(cssString(o.date))} ` +
    `@bottom-left ${box(cssString(o.footer))} @bottom-right ${box(o.page)} }`
  );
}

/** Number of commitments in the brief. */
export function commitmentCount(f: BriefFacts): number {
  return f.commitments.by.length + f.commitments.towards.length + f.commitments.joint.length;
}

/** The value of a closed-list option from its English label (themes travel as labels). */
export function valueOfLabel(options: { value: string; label: string }[], label: string): string | undefined {
  return options.find((o) => o.label === label)?.value;
}

/** The brief's section ids, in print order (the PDF numbers them 1–7). */
export const BRIEF_SECTIONS = ['glance', 'partnerships', 'commitments', 'meetings', 'points', 'conflicts', 'provenance'] as const;
export type BriefSection = (typeof BRIEF_SECTIONS)[number];

/** What Country.List says of a country: how many live records of each kind involve it. */
export interface CountryCounts {
  alpha3: string;
  partnerships: number;
  commitments: number;
  meetings: number;
  interventions: number;
}

/**
 * The chosen countries whose brief would be empty: no partnership, commitment, meeting or
 * intervention involves them (a party record alone fills no section). The pack warns about
 * them before it is made.
 */
export function emptyBriefs(chosen: readonly string[], withRecords: readonly CountryCounts[]): string[] {
  const has = new Set(withRecords.filter((c) => c.partnerships + c.commitments + c.meetings + c.interventions > 0).map((c) => c.alpha3));
  return chosen.filter((c) => !has.has(c));
}
