// Field values as text: enum values as translated labels, dates in the locale's format,
// references as titles. Used by the history timeline, conflicts and quick summaries.

import { i18n, t, tn, type MessageKey } from './i18n/index.svelte';
import { countryName, recordTitle, fieldsOf, itemLabel, listOf, optionLabel, partyName, shippedText, themeLabel } from './state.svelte';
import { refOf } from './refs.svelte';
import { formatDate, formatDateTime, formatNumber, offsetLabel, parseDate, semicolon } from './format';
import { fundingEntryText, headline } from './money';
import { indicatorLineText } from './brief';
import type { BriefIndicator } from './syncTypes';
import { formatBytes } from './files';
import type { Funding, Indicator, Kind } from './types';

export function isEmptyValue(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

function refTitle(id: string): string {
  const r = refOf(id);
  return recordTitle(r) || id.slice(0, 8) + '…';
}

/** One element of a field's value as text. */
export function elementText(kind: Kind, field: string, v: unknown): string {
  const f = fieldsOf(kind).find((x) => x.name === field);
  if (v && typeof v === 'object' && 'party' in (v as object)) {
    const pr = v as { party: string; role: string };
    return `${partyName(pr.party) || refTitle(pr.party)} (${optionLabel('party_role', pr.role)})`;
  }
  if (v && typeof v === 'object' && 'sha256' in (v as object)) {
    const a = v as { name: string; size: number };
    return `${a.name} (${formatBytes(a.size, i18n.locale)})`;
  }
  if (typeof v !== 'string') return JSON.stringify(v);
  if (field === 'themes') return themeLabel(v);
  if (field === 'framework_items') return itemLabel(v);
  if (field === 'countries') return countryName(v);
  if (f?.ref === 'party') return partyName(v) || refTitle(v);
  if (f?.ref) return refTitle(v);
  return v;
}

/**
 * An indicator as the brief words it (indicatorLineText, its open conflicts too): the value
 * the record page heads it with (the series' latest), its target and the date of that value,
 * so the Conflicts screen, the history and the brief say the same. "Returns: 53,000 people;
 * baseline 0 → target 60,000 people; as of 13 Nov 2026".
 */
export function indicatorText(ind: Indicator): string {
  const h = headline(ind);
  const facts = { name: ind.name ?? '', unit: ind.unit ?? '', baseline: ind.baseline, target: ind.target, since: ind.since, actual: h?.actual, as_of: h?.as_of };
  return indicatorLineText(facts as BriefIndicator, i18n.locale, (k, vars) => t(k as MessageKey, vars));
}

/** One entry of a funding or indicators value as text: a line of valueText, and of a conflict's marked entries. */
export function entryText(field: 'funding' | 'indicators', x: unknown): string {
  if (field === 'indicators') return indicatorText(x as Indicator);
  const words = {
    state: (s: string) => optionLabel('funding_state', s),
    instrument: (s: string) => optionLabel('funding_instrument', s),
    party: (id: string) => partyName(id) || refTitle(id),
  };
  return fundingEntryText(x as Funding, i18n.locale, words);
}

/**
 * A whole field value as text: one line, but for indicators, one line each (they are long,
 * and their own words hold semicolons; the screens show the lines with white-space: pre-line).
 */
export function valueText(kind: Kind, field: string, v: unknown): string {
  void i18n.locale;
  if (field === 'deleted') return v === true ? t('record.deleted') : t('record.not_deleted');
  if (isEmptyValue(v)) return '—';
  const f = fieldsOf(kind).find((x) => x.name === field);
  const type = f?.type;
  if (type === 'enum' && typeof v === 'string') return optionLabel(listOf(kind, field), v, f?.options?.find((o) => o.value === v)?.label);
  if (type === 'date' && typeof v === 'string') return formatDate(v, i18n.locale);
  if (type === 'date_or_datetime' && typeof v === 'string' && parseDate(v)) return `${formatDate(v, i18n.locale)} · ${t('date.all_day')}`;
  if ((type === 'datetime' || type === 'date_or_datetime') && typeof v === 'string') return `${formatDateTime(v, i18n.locale)} ${offsetLabel(v)}`.trim();
  if (type === 'ref' && typeof v === 'string') return refTitle(v);
  if (Array.isArray(v)) {
    if (field === 'indicators') return v.map((x) => entryText(field, x)).join('\n');
    if (field === 'funding') return v.map((x) => entryText(field, x)).join(semicolon(i18n.locale));
    if (field === 'sessions') return v.map((x) => (x as { title?: string }).title ?? '').join(semicolon(i18n.locale));
    if (field === 'contacts') {
      return v
        .map((x) => {
          const c = x as { name?: string; function?: string; email?: string; phone?: string };
          return [c.name, c.function, c.email, c.phone].filter(Boolean).join(', ');
        })
        .join(semicolon(i18n.locale));
    }
    if (field === 'items') {
      return v
        .map((x) => {
          const it = x as { code?: string; title?: string };
          return `${it.code ?? ''} ${shippedText(`ref.${it.code}` as MessageKey, it.title ?? '')}`.trim();
        })
        .join(semicolon(i18n.locale));
    }
    if (field === 'points') return tn('value.points', v.length) + ': ' + v.map((p) => String(p)).join(' / ');
    return v.map((x) => elementText(kind, field, x)).join(', ');
  }
  if (typeof v === 'number') return formatNumber(v, i18n.locale);
  if (typeof v === 'string') return field === 'marking' ? shippedText('brief.marking_default_value', v) : v;
  return JSON.stringify(v);
}

/**
 * A value as a CSV cell writes it (the import's words for it, CellError problems), as the
 * screens show it: an option's label ("delivered": "Delivered"), a date in the locale, a set
 * of codes each as its label. Names, numbers and lists stay as the cell writes them.
 */
export function cellValueText(kind: string, field: string, text: string): string {
  const f = fieldsOf(kind as Kind).find((x) => x.name === field);
  if (!f) return text;
  if (f.type === 'enum' || f.type === 'date' || f.type === 'datetime' || f.type === 'date_or_datetime') return valueText(kind as Kind, field, text);
  const elem = f.elem as string | undefined; // the schema's "framework_item" too
  if (f.type === 'set' && !f.ref && (elem === 'string' || elem === 'framework_item')) return valueText(kind as Kind, field, text.split('; '));
  return text;
}
