// The on-screen brief prints the same Facts as the PDF (app/brief). The facts carry codes,
// ISO dates and numbers, in no language; this module writes them as the PDF does in the same
// language (app/brief/lang.go): "13 novembre 2020", "1er février 2021", "depuis nov. 2017",
// "53 000 people". Closed-list values are translated by value (optionLabel).

import { compareText, dayOfMonth, formatDateShort, minorDigits, semicolon, type Locale } from './format';
import type { BriefConflictValue, BriefFacts, BriefFunding, BriefIndicator } from './syncTypes';
import { entryMarkText, entryPartText } from './entrymarks';
import type { RecordChange } from './generated/types';

const NBSP = '\u00a0';
const MONTHS: Record<Locale, string[]> = {
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  fr: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
};
const MONTHS_SHORT: Record<Locale, string[]> = {
  en: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
  fr: ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'],
};
// The few words of dates and quantities (the PDF's, app/brief/lang_fr.go).
const WORDS: Record<Locale, Record<'since' | 'until' | 'began' | 'as_of' | 'baseline' | 'target', string>> = {
  en: { since: 'since', until: 'until', began: 'began', as_of: 'as of', baseline: 'baseline', target: 'target' },
  fr: { since: 'depuis', until: 'jusqu’en', began: 'commencé en', as_of: 'au', baseline: 'référence', target: 'cible' },
};

interface Ymd {
  y: number;
  m: number; // 0–11
  d: number;
}

function ymd(iso: string): Ymd | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? '');
  return m ? { y: +m[1], m: +m[2] - 1, d: +m[3] } : null;
}

function day(x: Ymd, L: Locale): string {
  return dayOfMonth(x.d, L);
}

function long(x: Ymd, L: Locale): string {
  return `${day(x, L)} ${MONTHS[L][x.m]} ${x.y}`;
}

/** A YYYY-MM-DD date in full: "13 November 2020", "13 novembre 2020"; other text unchanged. */
export function longDate(iso: string, L: Locale): string {
  const x = ymd(iso);
  return x ? long(x, L) : iso;
}

/** A YYYY-MM-DD date for tables: "13 Nov 2020", "13 nov. 2020", "1er janv. 2020"; other text unchanged. */
export function shortDate(iso: string, L: Locale): string {
  const x = ymd(iso);
  return x ? `${day(x, L)} ${MONTHS_SHORT[L][x.m]} ${x.y}` : iso;
}

function month(iso: string, L: Locale): string {
  const x = ymd(iso);
  return x ? `${MONTHS_SHORT[L][x.m]} ${x.y}` : iso;
}

/**
 * A partnership's dates: "Nov 2017 – Jun 2020", "since Nov 2017", "jusqu’en juin 2020"; a
 * concluded one with no end date "began Nov 2015", never "since", which reads as still running
 * beside "Concluded" (Lang.periodOf).
 */
export function periodText(start: string | undefined, end: string | undefined, L: Locale, status = ''): string {
  if (start && end) return `${month(start, L)} – ${month(end, L)}`;
  if (start && status === 'concluded') return `${WORDS[L].began} ${month(start, L)}`;
  if (start) return `${WORDS[L].since} ${month(start, L)}`;
  if (end) return `${WORDS[L].until} ${month(end, L)}`;
  return '';
}

/** A meeting's days: "12–13 November 2020", "30 November – 2 December 2020". */
export function daysText(startDay: string, endDay: string, L: Locale): string {
  const s = ymd(startDay);
  if (!s) return startDay;
  const e = ymd(endDay) ?? s;
  const key = (x: Ymd) => x.y * 10000 + x.m * 100 + x.d;
  if (key(e) <= key(s)) return long(s, L);
  if (s.y === e.y && s.m === e.m) return `${day(s, L)}–${long(e, L)}`;
  if (s.y === e.y) return `${day(s, L)} ${MONTHS[L][s.m]} – ${long(e, L)}`;
  return `${long(s, L)} – ${long(e, L)}`;
}

/**
 * The date of a record's row in a short list (ItemRows): a meeting given its days in its own
 * time zone (`end_day`, the country page) by the brief's rule, daysText: "5–6 March 2024",
 * "5–6 mars 2024", as the brief writes it; any other date short: "5 Mar 2024".
 */
export function itemDateText(it: { date?: string; end_day?: string }, L: Locale): string {
  if (!it.date) return '';
  return it.end_day ? daysText(it.date, it.end_day, L) : formatDateShort(it.date, L);
}

/** A session's local times (YYYY-MM-DDTHH:MM): "13 Nov, 13:30–15:10". */
export function sessionText(start: string | undefined, end: string | undefined, L: Locale): string {
  const re = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/;
  const s = re.exec(start ?? '');
  if (!s) return '';
  const dm = (iso: string) => {
    const x = ymd(iso)!;
    return `${day(x, L)} ${MONTHS_SHORT[L][x.m]}`;
  };
  let out = `${dm(s[1])}, ${s[2]}`;
  const e = re.exec(end ?? '');
  if (e) out += e[1] === s[1] ? `–${e[2]}` : ` – ${dm(e[1])}, ${e[2]}`;
  return out;
}

/** An instant in UTC to the minute: "13 Nov 2020 09:12 UTC". */
export function stampText(rfc3339: string, L: Locale): string {
  const t = new Date(rfc3339);
  if (!rfc3339 || Number.isNaN(t.getTime()) || t.getUTCFullYear() <= 1) return '';
  const iso = t.toISOString();
  return `${shortDate(iso.slice(0, 10), L)} ${iso.slice(11, 16)} UTC`;
}

/**
 * When the facts were assembled and by whom, as the PDF's Provenance writes it
 * (Lang.generated): "13 Nov 2020 14:05 UTC by A. Benali", "13 nov. 2020 14:05 UTC par A. Benali".
 */
export function generatedText(h: { generated_at: string; generated_by: string }, L: Locale, tr: (key: string, vars?: Record<string, string>) => string): string {
  const stamp = stampText(h.generated_at, L);
  return h.generated_by ? tr('brief.generated_line', { stamp, name: h.generated_by }) : stamp;
}

/**
 * Section 2's title, as on paper (Lang.sinceTitle): the date asked for when the changes start
 * at one ("Since 1 January 2020", "Depuis le 1er janvier 2020"), else "Since the last meeting"
 * (the sentence under it names the meeting).
 */
export function sinceTitle(s: { from: string; meeting?: unknown }, L: Locale, tr: (key: string, vars?: Record<string, string>) => string): string {
  if (s.meeting || !s.from) return tr('brief.since');
  const t = new Date(s.from);
  if (Number.isNaN(t.getTime())) return tr('brief.since');
  return tr('brief.since_from', { date: longDate(t.toISOString().slice(0, 10), L) });
}

function group(text: string, L: Locale): string {
  const neg = text.startsWith('-');
  const [int, frac] = (neg ? text.slice(1) : text).split('.');
  const sep = L === 'fr' ? NBSP : ',';
  let out = '';
  for (let i = 0; i < int.length; i++) {
    if (i > 0 && (int.length - i) % 3 === 0) out += sep;
    out += int[i];
  }
  if (frac) out += (L === 'fr' ? ',' : '.') + frac;
  return (neg ? '-' : '') + out;
}

/** A number with thousands grouped and at most two decimals: "53,000", "53 000", "12,5". */
export function numberText(v: number, L: Locale): string {
  if (!Number.isFinite(v)) return String(v);
  const r = Math.round(v * 100) / 100;
  return group(r.toFixed(2).replace(/\.?0+$/, ''), L);
}

/** A value with its unit: "53,000 people", "12,5 %", "EUR 2,500,000", "2 500 000 EUR". */
export function quantityText(v: number, unit: string, L: Locale): string {
  const n = numberText(v, L);
  if (!unit) return n;
  if (unit === '%') return L === 'fr' ? n + NBSP + '%' : n + '%';
  if (/^[A-Z]{3}$/.test(unit)) return withCode(unit, n, L); // a currency code, placed as an amount's
  return `${n} ${unit}`;
}

/**
 * A currency code placed as each language writes it, as formatMoney does on the other screens
 * and Lang.withCode on paper: first in English ("EUR 46,300,000"), after the amount in French
 * ("46 300 000 EUR"); never split from the amount (docs/brief.md, "Money").
 */
function withCode(code: string, amount: string, L: Locale): string {
  return L === 'fr' ? amount + NBSP + code : code + NBSP + amount;
}

/**
 * An amount with its currency code, as the PDF writes it (app/brief money): a whole amount
 * without decimals, any other with its currency's minor units: "EUR 46,300,000", "1 234,50 EUR".
 */
export function moneyText(amount: number, currency: string, L: Locale): string {
  let plain = Number.isInteger(amount) ? amount.toFixed(0) : String(amount);
  const frac = plain.includes('.') ? plain.length - plain.indexOf('.') - 1 : 0;
  if (frac > 0 && frac < minorDigits(currency)) plain += '0'.repeat(minorDigits(currency) - frac);
  return withCode(currency, group(plain, L), L);
}

/** An indicator's latest value ("" without one). */
export function indicatorValue(ind: BriefIndicator, L: Locale): string {
  return ind.actual == null ? '' : quantityText(ind.actual, ind.unit, L);
}

/** A key figure's value, or its target when nothing is measured yet ("target EUR 210,000,000"). */
export function keyValue(ind: BriefIndicator, L: Locale): string {
  if (ind.actual == null && ind.target != null) return `${WORDS[L].target} ${quantityText(ind.target, ind.unit, L)}`;
  return indicatorValue(ind, L);
}

/** A key figure's baseline and target, without the target when keyValue shows it. */
export function keyTarget(ind: BriefIndicator, L: Locale): string {
  return indicatorTarget(ind.actual == null ? { ...ind, target: undefined } : ind, L);
}

/** "baseline 0 → target 60,000 people". */
export function indicatorTarget(ind: BriefIndicator, L: Locale): string {
  const parts: string[] = [];
  if (ind.baseline != null) parts.push(`${WORDS[L].baseline} ${quantityText(ind.baseline, ind.unit, L)}`);
  if (ind.target != null) parts.push(`${WORDS[L].target} ${quantityText(ind.target, ind.unit, L)}`);
  return parts.join(' → ');
}

/** "since 2017 · as of 13 Nov 2020" (1 January stands for the whole year). */
export function indicatorPeriod(ind: BriefIndicator, L: Locale): string {
  const parts: string[] = [];
  if (ind.since) {
    const x = ymd(ind.since);
    parts.push(`${WORDS[L].since} ${x && x.m === 0 && x.d === 1 ? String(x.y) : shortDate(ind.since, L)}`);
  }
  if (ind.as_of) parts.push(`${WORDS[L].as_of} ${shortDate(ind.as_of, L)}`);
  return parts.join(' · ');
}

/**
 * One amount (Lang.funding): "EUR 46,300,000 committed · trust-fund contribution · as of 12 Apr
 * 2017", with the party it is for when the facts name it ("… · Niger · as of …", an open
 * conflict's line), worded by party (partyLabel), as the record page's funding lines are.
 */
export function fundingText(fu: BriefFunding, L: Locale, label: (list: string, value: string) => string, party: (name: string) => string = (n) => n): string {
  const amount = fu.amount == null ? '' : moneyText(fu.amount, fu.currency, L) + ' ';
  const parts = [amount + label('funding_state', fu.state).toLowerCase()];
  if (fu.instrument) parts.push(label('funding_instrument', fu.instrument).toLowerCase());
  if (fu.country_name) parts.push(party(fu.country_name));
  if (fu.as_of) parts.push(`${WORDS[L].as_of} ${shortDate(fu.as_of, L)}`.replaceAll(' ', NBSP)); // the date never wraps, as on paper
  return parts.join(' · ');
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

/** The brief's section ids, in print order (the PDF numbers them 1–11; app/brief Sections). */
export const BRIEF_SECTIONS = ['glance', 'since', 'next', 'money', 'partnerships', 'commitments', 'meetings', 'points', 'contacts', 'conflicts', 'provenance'] as const;

/** A section's number, as on paper. */
export function sectionNumber(s: BriefSection): number {
  return BRIEF_SECTIONS.indexOf(s) + 1;
}

function startsWithVowel(s: string): boolean {
  return /^[aeiouyàâäéèêëîïôöùûüœ]/i.test(s);
}

/**
 * A French name after a preposition, with its article and the contractions of French
 * (domain.FrenchIn): ("à", "le", "Niger") → "au Niger", ("de", "les", "Comores") → "des
 * Comores", ("envers", "l’", "Égypte") → "envers l’Égypte", ("de", "", "Israël") → "d’Israël".
 */
export function frenchIn(prep: string, article: string, name: string): string {
  if (prep === 'à' && article === 'le') return 'au ' + name;
  if (prep === 'à' && article === 'les') return 'aux ' + name;
  if (prep === 'de' && article === 'le') return 'du ' + name;
  if (prep === 'de' && article === 'les') return 'des ' + name;
  if (prep === 'de' && article === '' && startsWithVowel(name)) return 'd’' + name;
  const out = article === '' ? name : article === 'l’' ? article + name : `${article} ${name}`;
  return prep ? `${prep} ${out}` : out;
}

/** The first letter in capitals ("la Tunisie" → "La Tunisie"). */
export function capitalise(s: string): string {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}

/** A country as a list of parties or a heading needs it: its code, its display names and the
 *  French name's article. */
export interface CountryNames {
  alpha3: string;
  name: string;
  name_fr: string;
  article_fr: string;
}

/** Finds the country a party stands for when it is titled by one of the country's names
 *  ("Morocco", "Russie, Fédération de"); undefined for any other title. */
export type CountryOf = (name: string) => CountryNames | undefined;

/** How a brief names its country: the name shown, whether it is the country's own (display)
 *  name, which takes the article in French, and that article. */
export interface BriefCountry {
  name: string;
  named: boolean;
  article_fr: string;
}

/**
 * The brief's country as its heading names it (Lang.country): when its party record is titled
 * by one of the country's names (or there is none), the country's display name in the reader's
 * language ("Fédération de Russie" for a party titled "Russian Federation"); a title of the
 * party's own ("Libyan Coast Guard") as recorded.
 */
export function briefCountry(h: { country: string; iso3: string; article_fr: string }, countryOf: CountryOf, L: Locale): BriefCountry {
  const c = countryOf(h.country);
  if (c && c.alpha3 === h.iso3) return { name: L === 'fr' ? c.name_fr || c.name : c.name, named: true, article_fr: h.article_fr };
  return { name: h.country, named: false, article_fr: h.article_fr };
}

/**
 * The brief's country as a sentence names it (Lang.countryIn): in French with its article when
 * the country's name is shown; a title of the party's own as recorded, quoted in French as any
 * party's own title is (partyIn).
 */
export function countryIn(prep: '' | 'de', c: BriefCountry, L: Locale): string {
  if (L !== 'fr') return c.name;
  return c.named ? frenchIn(prep, c.article_fr, c.name) : frenchIn(prep, '', quotedName(c.name));
}

/** A name that is data in French quotation marks, kept on the name by no-break spaces. */
function quotedName(name: string): string {
  return `«${NBSP}${name}${NBSP}»`;
}

/**
 * Whether a sentence's verb agrees with the brief's country in the plural (Lang.countryPlural):
 * in French, a name shown with "les" ("Les Pays-Bas participent").
 */
export function countryPlural(c: BriefCountry, L: Locale): boolean {
  return L === 'fr' && c.named && c.article_fr === 'les';
}

/** A party's name as a label shows it (Lang.party): a country party's display name in the
 *  reader's language, any other title as recorded. */
export function partyLabel(name: string, countryOf: CountryOf, L: Locale): string {
  const c = countryOf(name);
  if (!c) return name;
  return L === 'fr' ? c.name_fr || c.name : c.name;
}

/**
 * A party as a sentence names it after the French preposition prep (Lang.partyIn): a country
 * party with its French display name, its article and the contractions ("le Maroc", "du Maroc",
 * "de l’Égypte", "de la Fédération de Russie"); any other name as recorded and quoted in every
 * French sentence ("« European Union »", "de « European Union »": an English name, or a French
 * one without its article, reads as French only so, and one rule for every sentence;
 * docs/brief.md). In English, the name as partyLabel gives it.
 */
export function partyIn(prep: string, name: string, countryOf: CountryOf, L: Locale): string {
  if (L !== 'fr') return partyLabel(name, countryOf, L);
  const c = countryOf(name);
  if (c) return frenchIn(prep, c.article_fr, c.name_fr || c.name);
  return frenchIn(prep, '', quotedName(name));
}

/**
 * Orders a list by the text the reader sees for each, in the reader's language (collation.SortBy
 * in Go): the facts carry names in the records' order, ordering them is the display end's.
 */
export function byShown<T>(xs: readonly T[], shown: (x: T) => string, L: Locale): T[] {
  return xs
    .map((x) => ({ x, k: shown(x) }))
    .sort((a, b) => compareText(a.k, b.k, L))
    .map((e) => e.x);
}

/**
 * The line under a talking point's meeting, as the PDF writes it (render.go, talkingPoints):
 * session, speaker, on whose behalf and why the points are here, joined by " · ", with its
 * first letter in capitals ("Orateur : …" when there is no session).
 */
export function pointsMeta(parts: readonly (string | undefined)[]): string {
  return capitalise(parts.filter(Boolean).join(' · '));
}

/** Joins a sentence's list (Lang.list): "et" before the last in French; commas in English. */
export function listText(items: readonly string[], L: Locale): string {
  if (L === 'fr' && items.length > 1) return items.slice(0, -1).join(', ') + ' et ' + items[items.length - 1];
  return items.join(', ');
}

/**
 * Parties named in a sentence (Lang.partiesIn): ordered by the names shown, each with its
 * article, "et" before the last: "l’Égypte et la Tunisie", "du Maroc et de la Tunisie".
 */
export function partiesIn(prep: string, names: readonly string[], countryOf: CountryOf, L: Locale): string {
  const sorted = byShown(names, (n) => partyLabel(n, countryOf, L), L);
  return listText(
    sorted.map((n) => partyIn(prep, n, countryOf, L)),
    L,
  );
}

/** A partnership's other parties with their roles (Lang.othersWithRoles): "l’Allemagne (membre) et « European Union » (chef de file)". */
export function othersWithRoles(others: readonly { name: string; roles: string[] }[], role: (r: string) => string, countryOf: CountryOf, L: Locale): string {
  const sorted = byShown(others, (o) => partyLabel(o.name, countryOf, L), L);
  return listText(
    sorted.map((o) => {
      const name = partyIn('', o.name, countryOf, L);
      return o.roles.length ? `${name} (${o.roles.map(role).join(', ')})` : name;
    }),
    L,
  );
}

/**
 * One change of "Since the last meeting", as the PDF words it (Lang.change); tr translates a
 * key of the i18n catalogue, label a closed-list value, field a record field's name (as the
 * forms word it: never the key, which would put "status" on a French screen).
 */
export function changeText(
  c: RecordChange,
  L: Locale,
  tr: (key: string, vars?: Record<string, string>) => string,
  label: (list: string, value: string) => string,
  field: (kind: string, name: string) => string,
  party: (name: string) => string = (n) => n, // an amount's party, as the PDF names it (partyLabel)
): string {
  const fields = (c.fields ?? []).map((f) => field(c.kind, f)).join(', ');
  const list = c.kind === 'partnership' ? 'partnership_status' : 'commitment_status';
  const none = tr('brief.change_none');
  switch (c.what) {
    case 'created':
    case 'deleted':
    case 'restored':
      return tr('brief.change_' + c.what);
    // same_time: its author had not seen the value before it here; what they wrote (Lang.change).
    case 'status':
      if (c.same_time) return tr('brief.change_status_same_time', { value: c.new ? label(list, c.new) : none });
      return tr('brief.change_status', { old: c.old ? label(list, c.old) : none, new: c.new ? label(list, c.new) : none });
    case 'due':
      if (c.same_time) return tr('brief.change_due_same_time', { value: c.new ? shortDate(c.new, L) : none });
      return tr('brief.change_due', { old: c.old ? shortDate(c.old, L) : none, new: c.new ? shortDate(c.new, L) : none });
    case 'funding': {
      const list = (c.funding ?? []).map((fu) => fundingText(fu as BriefFunding, L, label, party)).join(semicolon(L));
      if (c.same_time) return tr('brief.change_funding_same_time', { list: list || none });
      // An amount changed is told "old → new", a line taken out as removed (Lang.change).
      if (c.funding_before?.length) {
        const before = c.funding_before.map((fu) => fundingText(fu as BriefFunding, L, label, party)).join(semicolon(L));
        if (!list) return tr('brief.change_funding_removed', { list: before });
        return tr('brief.change_funding_changed', { old: before, list });
      }
      return tr('brief.change_funding', { list });
    }
    case 'conflict':
      return '⚠ ' + tr('brief.change_conflict', { fields });
  }
  return tr('brief.change_edited', { fields });
}

/**
 * A competing value of Open conflicts as the PDF words it (Lang.conflictValue): a closed
 * list's value by its label ("Au point mort", not "stalled"), a date as the brief writes
 * dates, the facts' words for no value and for a deletion in the reader's language.
 */
export function conflictValueText(
  v: string,
  field: { name: string; type?: string; list: string | null },
  L: Locale,
  tr: (key: string, vars?: Record<string, string>) => string,
  label: (list: string, value: string) => string,
): string {
  if (field.name === 'deleted') return tr(v === 'deleted' ? 'brief.change_deleted' : 'brief.change_restored');
  if (v === '(empty)') return tr('brief.conflict_empty');
  if (field.type === 'enum' && field.list) return label(field.list, v);
  if (field.type === 'date') return shortDate(v, L);
  return v;
}

/** An indicator as a commitment's row lists it, as text: "Returns: 53,000 people; target 60,000 people; as of 13 Nov 2026". */
export function indicatorLineText(ind: BriefIndicator, L: Locale, tr: (key: string, vars?: Record<string, string>) => string): string {
  const parts = [indicatorValue(ind, L), indicatorTarget(ind, L), indicatorPeriod(ind, L)].filter(Boolean);
  if (ind.shared) parts.push(tr('brief.indicator_shared'));
  return parts.length ? `${tr('brief.colon', { label: ind.name })} ${parts.join(semicolon(L))}` : ind.name;
}

/**
 * The entries of a list value of Open conflicts as the PDF words them (Lang.conflictEntries):
 * funding lines and indicators as the commitment's row words them, those that differ from
 * the other value(s) after their mark ("Changed: amount — EUR …"), sessions with their
 * times, talking points and contacts as written; none for other values.
 */
export function conflictEntriesText(
  v: BriefConflictValue,
  L: Locale,
  tr: (key: string, vars?: Record<string, string>) => string,
  label: (list: string, value: string) => string,
  party: (name: string) => string = (n) => n,
): string[] {
  const listed = [...(v.funding ?? []).map((fu) => fundingText(fu, L, label, party)), ...(v.indicators ?? []).map((ind) => indicatorLineText(ind, L, tr))];
  // The parts a line does not print (a source, a note), given when its mark names them changed.
  const unshown: Record<string, string | undefined>[] = [
    ...(v.funding ?? []).map((fu) => ({ source: fu.source })),
    ...(v.indicators ?? []).map((ind) => ({ source: ind.source, note: ind.note })),
  ];
  const field = v.funding?.length ? 'funding' : 'indicators';
  const marked = (e: string, i: number): string => {
    const m = v.marks?.[i];
    if (!m) return e;
    const given = (m.parts ?? [])
      .filter((p) => p in unshown[i])
      .map((p) => `${tr('brief.colon', { label: capitalise(entryPartText(field, p, L, tr)) })} ${unshown[i][p]?.trim() ? unshown[i][p] : tr('brief.conflict_empty')}`);
    return [`${entryMarkText(field, m.mark, m.parts, L, tr)} — ${e}`, ...given].join(' · ');
  };
  return [
    ...listed.map(marked),
    ...(v.sessions ?? []).map((s) => (sessionText(s.start, s.end, L) ? `${s.title} (${sessionText(s.start, s.end, L)})` : s.title)),
    ...(v.entries ?? []),
  ];
}

/**
 * What the entries of a list value in Open conflicts leave out, as the PDF says it: "… and 2
 * more", "3 more entries alike" (those every value holds alike), or that only the order differs.
 */
export function conflictNotesText(v: BriefConflictValue, L: Locale, tr: (key: string, vars?: Record<string, string>) => string): string[] {
  const out: string[] = [];
  const listed = (v.funding?.length ?? 0) + (v.indicators?.length ?? 0) + (v.sessions?.length ?? 0) + (v.entries?.length ?? 0);
  // French counts 1 alone as singular here (« … et 1 autre »), as the PDF does.
  if (v.more && listed) out.push(tr(v.more === 1 ? 'brief.conflict_more.one' : 'brief.conflict_more.other', { n: numberText(v.more, L) }));
  if (v.alike) out.push(tr(v.alike === 1 ? 'brief.conflict_alike.one' : 'brief.conflict_alike.other', { n: numberText(v.alike, L) }));
  if (v.reordered) out.push(tr('conflict.entry.order'));
  return out;
}
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

export interface PackCountry {
  code: string;
  on: boolean;
  fromMeeting: boolean;
}

/**
 * The pack's country list once the meeting's own countries are known: those first, then any
 * the user added while they were loading (a fast user can add one before the answer comes).
 */
export function withMeetingCountries(meeting: readonly string[], current: readonly PackCountry[]): PackCountry[] {
  const own = meeting.map((code) => ({ code, on: true, fromMeeting: true }));
  return [...own, ...current.filter((c) => !meeting.includes(c.code))];
}
