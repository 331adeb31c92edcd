// Translations. Every string the UI shows comes from en.ts / fr.ts through t(); the locale is
// reactive state, so changing it re-renders every label, date and number at once.

import { en, type MessageKey } from './en';
import { fr } from './fr';
import { pickLocale, type Locale } from '../format';

export type { MessageKey } from './en';

export const catalogs: Record<Locale, Record<MessageKey, string>> = { en, fr };

const STORAGE_KEY = 'dossier.locale';

function initialLocale(): Locale {
  try {
    const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (saved) return pickLocale(saved);
  } catch {
    /* storage unavailable */
  }
  return pickLocale(typeof navigator === 'undefined' ? 'en' : navigator.language);
}

export const i18n = $state<{ locale: Locale }>({ locale: initialLocale() });

export function setLocale(l: Locale): void {
  i18n.locale = l;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, l);
  } catch {
    /* storage unavailable */
  }
  if (typeof document !== 'undefined') document.documentElement.lang = l;
}

/** Replaces {name} placeholders with values. */
export function interpolate(msg: string, params?: Record<string, string | number>): string {
  if (!params) return msg;
  return msg.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

/**
 * French elides "de" before a value that starts with a vowel: "la valeur d’Amina Benali",
 * "d’EUR 150 000 000". Names starting with h are left alone (an aspirated h is common in
 * names: "de Haddad").
 */
export function elide(msg: string, params?: Record<string, string | number>): string {
  if (!params) return msg;
  return msg.replace(/\b([Dd])e \{(\w+)\}/g, (m, d: string, k: string) =>
    k in params && /^[aeiouyàâäéèêëîïôöùûüœæ]/i.test(String(params[k])) ? `${d}’{${k}}` : m,
  );
}

const quotePairs: Record<Locale, [string, string, string, string]> = {
  fr: ['«', '»', '“', '”'],
  en: ['“', '”', '‘', '’'],
};
const quoteSpaces = '\u00a0\u202f ';

/**
 * Quotation marks inside quotation marks take the language's inner pair, as typography wants:
 * « Intervention de “Amina Diallo” » when a message quotes a title composed with quotes, never
 * « Intervention de « Amina Diallo » ». The PDF applies the same rule (app/brief/quotes.go).
 * An opening mark inside another, and the closing mark that ends it, become the inner pair with
 * the spaces French sets inside them; a closing mark with nothing open is left.
 */
export function nestQuotes(locale: Locale, s: string): string {
  const [open, close, innerOpen, innerClose] = quotePairs[locale];
  if (s.indexOf(open) === s.lastIndexOf(open)) return s;
  let out = '';
  let depth = 0;
  for (let i = 0; i < s.length; ) {
    if (s.startsWith(open, i)) {
      i += open.length;
      if (depth === 0) out += open;
      else {
        out += innerOpen;
        while (i < s.length && quoteSpaces.includes(s[i])) i++;
      }
      depth++;
    } else if (depth > 0 && s.startsWith(close, i)) {
      depth--;
      if (depth === 0) out += close;
      else {
        let end = out.length;
        while (end > 0 && quoteSpaces.includes(out[end - 1])) end--;
        out = out.slice(0, end) + innerClose;
      }
      i += close.length;
    } else {
      out += s[i];
      i++;
    }
  }
  return out;
}

/** Translates a key in a given locale (pure; used by tests and by t). */
export function translate(locale: Locale, key: MessageKey, params?: Record<string, string | number>): string {
  const msg = catalogs[locale][key] ?? catalogs.en[key] ?? key;
  return nestQuotes(locale, interpolate(locale === 'fr' ? elide(msg, params) : msg, params));
}

/** Translates a key in the current locale. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  return translate(i18n.locale, key, params);
}

const plurals = new Map<Locale, Intl.PluralRules>();
// One number format per locale: WebKit builds ICU anew for every new Intl object, and tn runs
// for every count on a screen.
const counts = new Map<Locale, Intl.NumberFormat>();

/** Translates a counted message: picks `${key}.one` or `${key}.other` by the locale's rules. */
export function tn(key: string, n: number, params?: Record<string, string | number>, locale: Locale = i18n.locale): string {
  let pr = plurals.get(locale);
  if (!pr) {
    pr = new Intl.PluralRules(locale === 'fr' ? 'fr-FR' : 'en-GB');
    plurals.set(locale, pr);
  }
  const form = pr.select(n) === 'one' ? 'one' : 'other';
  let nf = counts.get(locale);
  if (!nf) {
    nf = new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB');
    counts.set(locale, nf);
  }
  const fmt = nf.format(n).replace(/[\u202f\u00a0]/g, ' ');
  return translate(locale, `${key}.${form}` as MessageKey, { n: fmt, ...params });
}

/** Looks up a key that may not exist (labels of values that come from the backend). */
export function tMaybe(key: string, fallback: string, params?: Record<string, string | number>): string {
  const cat = catalogs[i18n.locale] as Record<string, string>;
  const msg = cat[key] ?? (catalogs.en as Record<string, string>)[key];
  if (msg === undefined) return fallback;
  return nestQuotes(i18n.locale, interpolate(i18n.locale === 'fr' ? elide(msg, params) : msg, params));
}

export function hasKey(key: string): boolean {
  return key in catalogs.en;
}
