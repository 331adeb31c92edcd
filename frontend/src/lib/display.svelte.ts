// Field values as text: enum values as translated labels, dates in the locale's format,
// references as titles. Used by the history timeline, conflicts and quick summaries.

import { i18n, t, tn, type MessageKey } from './i18n/index.svelte';
import { countryName, recordTitle, fieldsOf, itemLabel, listOf, optionLabel, partyName, shippedText, themeLabel } from './state.svelte';
import { refOf } from './refs.svelte';
import { formatDate, formatDateTime, formatNumber, offsetLabel, parseDate, semicolon } from './format';
import { fundingEntryText, headline } from './money';
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

/** A whole field value as one line of text. */
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
    if (field === 'indicators') {
      return v
        .map((x) => {
          const ind = x as Indicator;
          const actual = headline(ind)?.actual; // the series' latest value, as the record page heads it
          const nums = [actual, ind.target].some((n) => n != null)
            ? ` (${formatNumber(actual, i18n.locale) || '—'} / ${formatNumber(ind.target, i18n.locale) || '—'}${ind.unit ? ' ' + ind.unit : ''})`
            : '';
          return (ind.name ?? '') + nums;
        })
        .join(semicolon(i18n.locale));
    }
    if (field === 'funding') {
      const words = {
        state: (s: string) => optionLabel('funding_state', s),
        instrument: (s: string) => optionLabel('funding_instrument', s),
        party: (id: string) => partyName(id) || refTitle(id),
      };
      return v.map((x) => fundingEntryText(x as Funding, i18n.locale, words)).join(semicolon(i18n.locale));
    }
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
