// Locale-aware formatting shared by the views.

export type Locale = 'en' | 'fr';

export const LOCALES: readonly Locale[] = ['en', 'fr'];

const BCP47: Record<Locale, string> = { en: 'en-GB', fr: 'fr-FR' };

/** Normalises a browser language tag ("fr-BE", "en_US", "de") to a supported locale. */
export function pickLocale(tag: string | null | undefined): Locale {
  const primary = (tag ?? '').toLowerCase().split(/[-_]/)[0];
  return (LOCALES as readonly string[]).includes(primary) ? (primary as Locale) : 'en';
}

/**
 * Parses a calendar date "YYYY-MM-DD" (as stored in records) without any
 * time-zone shift: the date a delegate typed is the date shown everywhere.
 */
export function parseDate(iso: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
    return null;
  }
  return date;
}

/** Formats a calendar date "YYYY-MM-DD" in long form: "3 March 2020" / "3 mars 2020". */
export function formatDate(iso: string, locale: Locale): string {
  const date = parseDate(iso);
  if (!date) return iso;
  return new Intl.DateTimeFormat(BCP47[locale], {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(date);
}

/** Formats an integer count with the locale's grouping: "53,000" / "53 000". */
export function formatCount(n: number, locale: Locale): string {
  // Normalise narrow/no-break spaces so output is plain text in PDFs and tests.
  return new Intl.NumberFormat(BCP47[locale], { maximumFractionDigits: 0 })
    .format(n)
    .replace(/[\u202f\u00a0]/g, ' ');
}
