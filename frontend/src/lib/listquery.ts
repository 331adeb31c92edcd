// The query a list screen asks for, from its URL parameters. One function, so the list and
// what is fetched ahead of it (ahead.ts) ask the same question.

import { dateProblem } from './dates';
import type { MessageKey } from './i18n/en';
import type { Kind, Query, SortKey } from './types';

export const LIST_PAGE = 100;

/**
 * The filters each kind's list offers. Dates (From, To) filter by the date a row shows and
 * sorts by: a commitment's due date, a start, an intervention's meeting's start (the service
 * joins it; docs/storage.md, "Date filters").
 */
export const LIST_FILTERS: Record<Kind, string[]> = {
  commitment: ['status', 'theme', 'item', 'country', 'party', 'currency', 'dates'],
  partnership: ['status', 'theme', 'item', 'country', 'party', 'dates'],
  meeting: ['country', 'party', 'dates'],
  intervention: ['country', 'party', 'dates'],
  party: ['type', 'country'],
  framework: [],
};

/** The label of the From date filter: it names the date when the row's is not the record's start. */
export function dateFromLabel(kind: Kind): MessageKey {
  return kind === 'commitment' ? 'list.due_from' : kind === 'intervention' ? 'list.meeting_from' : 'list.from';
}

export function listQuery(kind: Kind, q: Record<string, string>): Query {
  const out: Query = { kind };
  if (q.q) out.q = q.q;
  if (q.status) out.status = q.status;
  if (q.type) out.status = q.type;
  if (q.theme) out.theme = q.theme;
  if (q.item) out.framework_item = q.item;
  if (q.country) out.country = q.country;
  if (q.party) out.party = q.party;
  // A date from a link that is not one is not applied, as a typed one is not (the list says
  // why under its filters); sent, the service refused the whole list in English words.
  if (q.from && isDate(q.from)) out.date_from = q.from;
  if (q.to && isDate(q.to)) out.date_to = q.to;
  if (q.partnership) out.partnership = q.partnership;
  if (q.meeting) out.meeting = q.meeting;
  if (q.currency) out.currency = q.currency;
  if (q.funded === '1') out.has_funding = true;
  if (q.deleted === '1') out.deleted = true;
  if (q.conflicted === '1') out.conflicted = true;
  // Best match is chosen, never switched to: a list keeps the order its reader picked. It
  // ranks a text query's matches, so without one the list has its kind's order (docs/storage.md,
  // "Relevance").
  const sort = q.sort === 'relevance' && !out.q ? '' : (q.sort as SortKey);
  out.sort = sort || (kind === 'commitment' ? 'date' : kind === 'meeting' ? '-date' : 'title');
  return out;
}

/** The quick search's question: its best matches first (the title holding the words). */
export function quickSearchQuery(q: string): Query {
  return { q, limit: 20, sort: 'relevance' };
}

/** A URL date: YYYY-MM-DD naming a real day. */
export function isDate(v: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(v) && dateProblem(v, 'date', 'en') === null;
}

/** The key of a list's first page in ahead.ts. */
export function firstPageKey(query: Query): string {
  return 'list:' + JSON.stringify(query);
}
