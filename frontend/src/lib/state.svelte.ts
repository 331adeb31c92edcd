// Application state shared by the screens: the schema, the settings, the party directory
// (names for chips and pickers), the open-conflicts count and the toasts.

import { isBlank } from './blank';
import { api, ApiError, parseError } from './api';
import type { Country, Field, ItemView, Kind, KindSchema, Query, Schema, SettingsView } from './types';
import { KINDS } from './types';
import { ahead } from './ahead';
import { compareText } from './format';
import { firstPageKey, LIST_PAGE, listQuery } from './listquery';
import { catalogs, i18n, setLocale, t, tMaybe, type MessageKey } from './i18n/index.svelte';
import { searchText, type ChipOption } from './chips';
import type { Problem, TitleParts } from './generated/types';
import { cellText, wordedFields } from './problems';
import { partyIn } from './brief';

export const app = $state<{
  schema: Schema | null;
  settings: SettingsView | null;
  bootError: ApiError | null;
  parties: ItemView[];
  partiesLoaded: boolean;
  /** Records needing attention on the Conflicts screen: with open conflicts, or breaking a rule (each once). */
  conflicts: number;
  /** Items of the frameworks recorded in the store (beyond the shipped GCM and JVAP). */
  storeItems: { code: string; title: string; framework: string }[];
  /** Bumped after every local write, so views showing derived data reload. */
  revision: number;
}>({ schema: null, settings: null, bootError: null, parties: [], partiesLoaded: false, conflicts: 0, storeItems: [], revision: 0 });

// ---- Toasts -------------------------------------------------------------------------------

// A toast's words are worded when shown, not when made: one shown before the language
// changes reads in the new language.
export interface Toast {
  id: number;
  kind: 'ok' | 'bad' | 'info';
  text: () => string;
  action?: { label: () => string; run: () => void };
}

export const toasts = $state<{ list: Toast[] }>({ list: [] });
let toastSeq = 0;

export function toast(text: () => string, kind: Toast['kind'] = 'ok', action?: Toast['action']): void {
  const id = ++toastSeq;
  toasts.list = [...toasts.list.slice(-2), { id, kind, text, action }];
  setTimeout(() => dismiss(id), kind === 'bad' ? 8000 : action ? 7000 : 2600);
}

/** Drops toasts that offer an action (an Undo that no longer applies). */
export function dismissActions(): void {
  toasts.list = toasts.list.filter((x) => !x.action);
}

export function dismiss(id: number): void {
  toasts.list = toasts.list.filter((x) => x.id !== id);
}

/** Shows any error as a toast, in words. */
export function toastError(e: unknown): void {
  const err = parseError(e);
  toast(() => errorText(err), 'bad');
}

/** An error's field messages in the reader's language (problems.ts). */
export function fieldErrors(err: ApiError): Record<string, string> {
  return wordedFields(err, i18n.locale, { country: countryName, party: partyName });
}

/** The rules a record as held breaks (RecordView.problems), each with its field's label, in the reader's language. */
export function recordProblems(kind: string, problems: Record<string, Problem>): { path: string; text: string }[] {
  const worded = wordedFields({ fields: {}, problems }, i18n.locale, { country: countryName, party: partyName });
  const colon = i18n.locale === 'fr' ? ' : ' : ': ';
  return Object.entries(worded).map(([path, msg]) => {
    const top = /^[^.[]+/.exec(path)?.[0] ?? path;
    return { path, text: fieldLabel(kind, top) + colon + msg };
  });
}

/** A CSV cell's problem in the reader's language (cellText). */
export function cellProblemText(e: { message: string; at?: string; problem?: Problem | null }): string {
  return cellText(e, i18n.locale, { country: countryName });
}

/** The label of a field path's top field, whatever kind it belongs to ("due" → "Due date"); '' for an argument that is no field. */
function anyFieldLabel(path: string): string {
  const top = /^[^.[]+/.exec(path)?.[0] ?? path;
  for (const k of kindMap.keys()) if (kindMap.get(k)?.fields.some((f) => f.name === top)) return fieldLabel(k, top);
  // A list's own arguments (the text searched for) are no field of a record.
  return tMaybe(`field.${top}`, '') || tMaybe(`arg.${top}`, '');
}

export function errorText(err: ApiError): string {
  switch (err.code) {
    case 'unauthorized':
      return t('error.unauthorized');
    case 'no_identity':
      return t('error.no_identity');
    case 'network':
      return t('error.network');
  }
  // Field problems are worded here; a message without them is English words from the
  // backend, which the English screens show as they are and the others by its code.
  if (err.code === 'invalid' && (Object.keys(err.problems).length > 0 || (i18n.locale !== 'en' && Object.keys(err.fields).length > 0))) {
    const worded = fieldErrors(err);
    const [colon, semi] = i18n.locale === 'fr' ? [' : ', ' ; '] : [': ', '; '];
    const parts = Object.entries(worded).map(([path, msg]) => {
      const label = anyFieldLabel(path);
      return label ? label + colon + msg : msg;
    });
    // One problem about an argument rather than a field ("this is your own card"): a sentence.
    const only = Object.keys(worded);
    if (only.length === 1 && !anyFieldLabel(only[0])) return parts[0].charAt(0).toLocaleUpperCase(i18n.locale) + parts[0].slice(1);
    return `${t('error.code.invalid')} ${parts.join(semi)}`;
  }
  // A refusal with problems (a revoked key, a key id already taken): their sentences, in the
  // reader's language, rather than the English message or the code's general words.
  if (err.code !== 'invalid' && Object.keys(err.problems).length > 0) {
    const sentences = Object.values(fieldErrors(err));
    if (sentences.length > 0) return sentences.map((m) => m.charAt(0).toLocaleUpperCase(i18n.locale) + m.slice(1)).join(' ');
  }
  if (i18n.locale !== 'en') return tMaybe(`error.code.${err.code}`, err.message);
  return err.message;
}

// ---- Boot ------------------------------------------------------------------------------------

let kindMap = new Map<Kind, KindSchema>();
let countryMap = new Map<string, Country>();
let countryByName = new Map<string, Country>();
let itemMap = new Map<string, { code: string; title: string; framework: string }>();

export async function boot(): Promise<void> {
  // The dashboard is asked for with the schema, not after it: one round trip less before the
  // first screen (ahead.ts). Without an identity it fails quietly and Setup shows instead.
  ahead('home', 0, () => api.home.summary());
  ahead('home:meetings', 0, () => api.records.list(HOME_MEETINGS));
  ahead('home:charts', 0, () => api.home.charts(''));
  try {
    const [schema, settings] = await Promise.all([api.meta.schema(), api.settings.get()]);
    kindMap = new Map(schema.kinds.map((k) => [k.kind, k]));
    countryMap = new Map(schema.countries.map((c) => [c.alpha3, c]));
    // Every name of a country, as written, stands for it (domain.CountryByName): display
    // names, ISO names, official names and short forms.
    countryByName = new Map(schema.countries.flatMap((c) => [c.name, c.name_fr, ...(c.aliases ?? [])].map((n) => [nameKey(n), c] as const)));
    itemMap = new Map(schema.frameworks.flatMap((f) => f.items.map((it) => [it.code, it])));
    setLocale(settings.language === 'fr' ? 'fr' : 'en');
    app.schema = schema;
    app.settings = settings;
    void refreshParties();
    void refreshConflicts();
    void refreshFrameworks();
  } catch (e) {
    app.bootError = parseError(e);
  }
}

export async function refreshParties(): Promise<void> {
  try {
    const l = await api.records.list({ kind: 'party', limit: 10000, sort: 'title' });
    partyMap = new Map(l.items.map((p) => [p.id, p]));
    app.parties = l.items;
  } catch {
    /* the directory stays as it was */
  } finally {
    app.partiesLoaded = true;
  }
}

/** Framework records may define items of their own (a New Pact framework…): offer them too. */
export async function refreshFrameworks(): Promise<void> {
  try {
    const l = await api.records.list({ kind: 'framework', limit: 200 });
    const recs = await Promise.all(l.items.map((it) => api.records.get(it.id)));
    const out: { code: string; title: string; framework: string }[] = [];
    for (const r of recs) {
      const items = Array.isArray(r.fields.items) ? (r.fields.items as { code?: string; title?: string; framework?: string }[]) : [];
      for (const it of items) {
        if (it.code && !itemMap.has(it.code)) out.push({ code: it.code, title: it.title ?? '', framework: it.framework ?? String(r.fields.code ?? '') });
      }
    }
    app.storeItems = out;
  } catch {
    /* the shipped items are still offered */
  }
}

export async function refreshConflicts(): Promise<void> {
  try {
    const [l, d, b, both] = await Promise.all([
      api.records.list({ conflicted: true, limit: 1 }),
      api.records.list({ conflicted: true, deleted: true, limit: 1 }),
      api.records.list({ breaking: true, limit: 1 }),
      api.records.list({ conflicted: true, breaking: true, limit: 1 }),
    ]);
    app.conflicts = l.total + d.total + b.total - both.total;
  } catch {
    /* keep the last count */
  }
}

/** The latest meetings the dashboard shows. */
export const HOME_MEETINGS: Query = { kind: 'meeting', sort: '-date', limit: 5 };

/** Fetches the first page of every list ahead, so a click on a list draws it with its rows. */
export function listsAhead(): void {
  const rev = app.revision;
  for (const kind of KINDS) {
    const q = listQuery(kind, {});
    ahead(firstPageKey(q), rev, () => api.records.list({ ...q, offset: 0, limit: LIST_PAGE }));
  }
}

/** Call after every successful local write. */
export function changed(kind?: Kind): void {
  app.revision++;
  if (kind === 'party') void refreshParties();
  if (kind === 'framework') void refreshFrameworks();
  void refreshConflicts();
}

let partyMap = new Map<string, ItemView>();

// ---- Labels ----------------------------------------------------------------------------------

export function kindSchema(kind: Kind): KindSchema | undefined {
  return kindMap.get(kind);
}

/** The fields forms and details show; attachments have their own section (Attachments.svelte). */
export function fieldsOf(kind: Kind): Field[] {
  return (kindMap.get(kind)?.fields ?? []).filter((f) => (f.elem as string) !== 'attachment');
}

export function kindLabel(kind: string, plural = false): string {
  void i18n.locale;
  return tMaybe(`kind.${kind}${plural ? '.plural' : ''}`, kind);
}

export function fieldLabel(kind: string, name: string): string {
  void i18n.locale;
  const specific = tMaybe(`field.${kind}.${name}`, '');
  if (specific) return specific;
  const f = kindMap.get(kind as Kind)?.fields.find((x) => x.name === name);
  return tMaybe(`field.${name}`, f?.label ?? name);
}

export function columnLabel(list: string, name: string): string {
  return tMaybe(`col.${list}.${name}`, name);
}

/** Which closed list a field's values come from. */
export function listOf(kind: string, field: string): string | null {
  if (field === 'themes') return 'theme';
  if (field === 'instrument') return 'funding_instrument';
  if (field === 'state') return 'funding_state';
  if (field === 'role' || (kind === 'partnership' && field === 'parties')) return 'party_role';
  if (field === 'type') return kind === 'party' ? 'party_type' : kind === 'partnership' ? 'partnership_type' : kind === 'commitment' ? 'commitment_type' : null;
  if (field === 'status') return kind === 'partnership' ? 'partnership_status' : kind === 'commitment' ? 'commitment_status' : null;
  return null;
}

/** The translated label of a value of a closed list. */
export function optionLabel(list: string | null, value: string, fallback?: string): string {
  if (!list || !value) return fallback ?? value;
  return tMaybe(`opt.${list}.${value}`, fallback ?? value);
}

/** The label of an ItemView's status: commitment and partnership statuses, party types. */
export function statusLabel(kind: string, status: string | undefined): string {
  if (!status) return '';
  const list = kind === 'party' ? 'party_type' : listOf(kind, 'status');
  return optionLabel(list, status);
}

/** Colour class of a status badge. */
export function statusTone(status: string | undefined): string {
  switch (status) {
    case 'delivered':
    case 'active':
    case 'concluded':
      return status === 'concluded' ? '' : 'ok';
    case 'stalled':
    case 'suspended':
      return 'warn';
    case 'withdrawn':
      return 'bad';
    case 'agreed':
    case 'in_progress':
      return 'info';
    case 'proposed':
    case 'exploratory':
      return 'accent';
    default:
      return '';
  }
}

/** What a record is named by: its own title, or the parts an intervention's title is composed from. */
export interface Titled {
  kind: string;
  title?: string;
  parts?: TitleParts | null;
}

/**
 * A record's title in the reader's language. Titles are data, except that a record without a
 * title of its own (an intervention) comes with the parts of one, composed here: "Intervention
 * by SPEAKER (SESSION)", "Intervention de « EEAS » (…)" (docs/api.md, "Composed titles"). A
 * country party named by its English name reads in French as the country's French name. A
 * title stored blank is no title: the screens show it as untitled (docs/model.md, "Blank text").
 */
export function recordTitle(r: Titled | null | undefined): string {
  if (!r) return '';
  const title = isBlank(r.title) ? '' : (r.title ?? '');
  if (r.kind === 'party') return title && countryPartyName(title);
  const p = r.parts;
  if (!p) return title;
  // The speaker is free text, a country or an organisation most often: it is named as a
  // sentence names a party, in French with its "de" (partyIn, Lang.recordTitle in the PDF):
  // "Intervention du Maroc", "Intervention de « EEAS »", never "d’EEAS and European …".
  const named = isBlank(p.speaker) ? '' : (p.speaker ?? '');
  const speaker = named ? (i18n.locale === 'fr' ? partyIn('de', named, countryOfParty, 'fr') : countryPartyName(named)) : '';
  const session = isBlank(p.session) ? '' : (p.session ?? '');
  if (speaker && session) return t('intervention.title_by_session', { speaker, session });
  if (speaker) return t('intervention.title_by', { speaker });
  if (session) return t('intervention.title_session', { session });
  return t('kind.intervention');
}

/**
 * Text Dossier itself ships as data (the default marking, the GCM and JVAP items' titles) in
 * the reader's language: a value equal to the English catalogue's text of key is shown as that
 * key's translation; anything typed otherwise is shown as typed.
 */
export function shippedText(key: MessageKey, value: string): string {
  return value === catalogs.en[key] ? t(key) : value;
}

export function themeLabel(value: string): string {
  return optionLabel('theme', value, app.schema?.themes.find((x) => x.value === value)?.label);
}

export function countryName(alpha3: string): string {
  const c = countryMap.get(alpha3.toUpperCase());
  if (!c) return alpha3;
  return i18n.locale === 'fr' && c.name_fr ? c.name_fr : c.name;
}

export function countries(): Country[] {
  return app.schema?.countries ?? [];
}

/** Every name a country is found by in lists of countries, folded (searchText): its display names, its
 *  other names ("Russie, Fédération de", "Russia", "Laos") and its codes. */
export function countrySearchText(c: Country): string {
  return searchText([c.name, c.name_fr, ...(c.aliases ?? []), c.alpha3, c.alpha2].join(' '));
}

/** A framework item's title, translated for the shipped GCM and JVAP items. */
export function itemTitle(code: string): string {
  const it = itemMap.get(code) ?? app.storeItems.find((x) => x.code === code);
  return tMaybe(`ref.${code}`, it?.title ?? '');
}

export function itemLabel(code: string): string {
  const title = itemTitle(code);
  return title ? `${code} · ${title}` : code;
}

export function partyName(id: string): string {
  void app.parties;
  return countryPartyName(partyMap.get(id)?.title ?? '');
}

/**
 * A party's name in the reader's language: a party titled by one of a country's names
 * ("Morocco", "Russie, Fédération de", "United States of America") reads as the country's
 * display name ("Maroc" in French; "Russian Federation", "United States" in English), as on
 * the brief (Lang.party); any other title is shown as written (docs/brief.md, "Country names").
 */
export function countryPartyName(title: string): string {
  const c = countryByName.get(nameKey(title));
  if (!c) return title;
  return i18n.locale === 'fr' ? c.name_fr || c.name : c.name;
}

/** The country a party stands for when it is titled by one of the country's names: the party
 *  lists of the brief name it with its French article (lib/brief.ts, partiesIn). */
export function countryOfParty(title: string): Country | undefined {
  return countryByName.get(nameKey(title));
}

/** A name is the same name with either apostrophe (domain.ApostropheKey): the French display
 *  names write ’ ("Côte d’Ivoire"), iso-codes and most keyboards '. */
export function nameKey(name: string): string {
  return name.replaceAll('’', "'");
}

export function party(id: string): ItemView | undefined {
  void app.parties;
  return partyMap.get(id);
}

// ---- Picker options ------------------------------------------------------------------------

export function themeOptions(): ChipOption[] {
  return (app.schema?.themes ?? []).map((o) => ({ value: o.value, label: themeLabel(o.value) }));
}

export function itemOptions(): ChipOption[] {
  const shipped = (app.schema?.frameworks ?? []).flatMap((f) =>
    f.items.map((it) => ({ value: it.code, label: itemTitle(it.code) || it.title, hint: it.code })),
  );
  return [...shipped, ...app.storeItems.map((it) => ({ value: it.code, label: it.title || it.code, hint: it.code }))];
}

// Sorted once per language and schema: every list screen and picker asks for them.
let countryCache: { locale: string; from: Country[]; options: ChipOption[] } | null = null;

export function countryOptions(): ChipOption[] {
  const from = countries();
  const locale = i18n.locale;
  if (countryCache?.locale !== locale || countryCache.from !== from) {
    const options = from
      .map((c) => ({ value: c.alpha3, label: locale === 'fr' ? c.name_fr || c.name : c.name, hint: c.alpha3, keys: [locale === 'fr' ? c.name : c.name_fr, ...(c.aliases ?? [])].join(' ') }))
      .sort((a, b) => compareText(a.label, b.label, locale));
    countryCache = { locale, from, options };
  }
  return countryCache.options.slice();
}

/** ISO 4217 currencies as "EUR — Euro" / "EUR — Euro", by code. */
export function currencyOptions(): ChipOption[] {
  return (app.schema?.currencies ?? []).map((c) => ({ value: c.code, label: `${c.code} — ${i18n.locale === 'fr' && c.name_fr ? c.name_fr : c.name}` }));
}

/** The parties by the name shown in the UI language ("Allemagne" before "Belgique" in French). */
export function partiesByName(): { id: string; name: string; status?: string }[] {
  const locale = i18n.locale;
  return app.parties.map((p) => ({ id: p.id, name: countryPartyName(p.title), status: p.status })).sort((a, b) => compareText(a.name, b.name, locale));
}

export function partyOptions(): ChipOption[] {
  return partiesByName().map((p) => ({ value: p.id, label: p.name, hint: p.status ? statusLabel('party', p.status) : undefined }));
}

export function tKey(key: MessageKey, params?: Record<string, string | number>): string {
  return t(key, params);
}
