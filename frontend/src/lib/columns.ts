// Which columns a list shows (issue 12, item 7): the title always, the others chosen by the
// reader in the list's Columns menu and remembered per kind in localStorage.

import type { Kind } from './types';
import type { MessageKey } from './i18n/en';

export type ColumnId = 'funding' | 'status' | 'date' | 'country' | 'parties' | 'partnership' | 'meeting' | 'updated';

/** The columns each kind can show, in display order, and those shown until the reader chooses. */
export const COLUMNS: Record<Kind, { offered: ColumnId[]; shown: ColumnId[] }> = {
  commitment: {
    offered: ['country', 'parties', 'partnership', 'funding', 'status', 'date', 'updated'],
    shown: ['funding', 'status', 'date', 'updated'],
  },
  partnership: { offered: ['country', 'parties', 'status', 'date', 'updated'], shown: ['status', 'date', 'updated'] },
  meeting: { offered: ['country', 'parties', 'partnership', 'date', 'updated'], shown: ['date', 'updated'] },
  // An intervention has no date of its own: its meeting and the meeting's start tell two by
  // the same speaker apart at a glance, so both are shown; the list sorts by that date too
  // (docs/api.md, "List date of interventions").
  intervention: { offered: ['country', 'parties', 'meeting', 'date', 'updated'], shown: ['country', 'parties', 'meeting', 'date', 'updated'] },
  party: { offered: ['country', 'status', 'updated'], shown: ['country', 'status', 'updated'] },
  framework: { offered: ['updated'], shown: ['updated'] },
};

/**
 * The heading of a column for a kind. Headings name what a cell can hold: a party's country
 * column holds its one country, every other kind's the several it concerns ("Countries";
 * French "Pays" either way).
 */
export function columnHeading(c: ColumnId, kind: Kind): MessageKey {
  switch (c) {
    case 'funding':
      return 'list.col.funding';
    case 'status':
      return kind === 'party' ? 'field.type' : 'field.status';
    case 'date':
      return kind === 'commitment' ? 'list.col.due' : kind === 'intervention' ? 'list.col.meeting_date' : 'list.col.start';
    case 'country':
      return kind === 'party' ? 'list.col.country' : 'list.col.countries';
    case 'parties':
      return 'list.col.parties';
    case 'partnership':
      return 'list.col.partnership';
    case 'meeting':
      return 'field.meeting';
    default:
      return 'list.col.updated';
  }
}

/** The width of each column in the list's grid. The title and the name columns share what is
 *  left, so that every column fits at 1024 px with all of them shown. */
export const WIDTHS: Record<ColumnId, string> = {
  country: 'minmax(4rem, 1fr)',
  parties: 'minmax(4rem, 1.2fr)',
  partnership: 'minmax(4rem, 1.2fr)',
  meeting: 'minmax(4rem, 1.2fr)',
  funding: '7rem',
  status: '7rem',
  date: '7.75rem', // "23 sept. 2025" whole
  updated: '7.5rem', // "il y a 3 minutes"
};

const PREFIX = 'dossier.columns.';

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/**
 * Columns a kind offers that a choice saved as a plain list (before choices recorded the
 * columns known, 4 December 2026) may not have seen, added together on 3 December: such a list
 * is read as knowing the kind's other columns, or all of them when it holds one of these.
 * Columns added from now on need no entry here, the saved choice records what it knew.
 */
const ADDED_BEFORE_KNOWN: Partial<Record<Kind, ColumnId[]>> = { intervention: ['meeting', 'date'] };

/**
 * The columns the reader chose for a kind, in display order; the defaults if none or
 * unreadable. A choice records the columns the list offered when it was made (`known`): a
 * column added since takes its default visibility (shown if it is among `shown`), so that a
 * reader who chose columns once sees a new one the list shows by default; a column known and
 * not chosen stays hidden.
 */
export function loadColumns(kind: Kind, s: Storage | null = storage()): ColumnId[] {
  const { offered, shown } = COLUMNS[kind];
  try {
    const raw = s?.getItem(PREFIX + kind);
    if (raw) {
      const saved = JSON.parse(raw);
      let chosen: unknown, known: unknown;
      if (Array.isArray(saved)) {
        // A plain list, saved before the choice recorded what it knew. The columns added
        // came together: a list holding one of them was saved after, and knew them all.
        const later = ADDED_BEFORE_KNOWN[kind] ?? [];
        const sawThem = later.some((c) => saved.includes(c));
        chosen = saved;
        known = offered.filter((c) => sawThem || !later.includes(c));
      } else if (saved && typeof saved === 'object') {
        ({ shown: chosen, known } = saved as { shown?: unknown; known?: unknown });
      }
      if (Array.isArray(chosen) && Array.isArray(known)) {
        return offered.filter((c) => (known.includes(c) ? chosen.includes(c) : shown.includes(c)));
      }
    }
  } catch {
    /* a damaged entry: the defaults */
  }
  return [...shown];
}

/** Remembers the reader's choice for a kind, with the columns it offered; returns it in display order. */
export function saveColumns(kind: Kind, chosen: readonly ColumnId[], s: Storage | null = storage()): ColumnId[] {
  const { offered } = COLUMNS[kind];
  const cols = offered.filter((c) => chosen.includes(c));
  try {
    s?.setItem(PREFIX + kind, JSON.stringify({ shown: cols, known: offered }));
  } catch {
    /* storage full or off: the choice lasts for this visit */
  }
  return cols;
}

/** The grid template of a list row: the title, then the chosen columns. A party's type
 *  ("EU institution or service") needs more room than a status. */
export function gridTemplate(cols: readonly ColumnId[], kind?: Kind): string {
  return ['minmax(9rem, 2.6fr)', ...cols.map((c) => (kind === 'party' && c === 'status' ? '13rem' : WIDTHS[c]))].join(' ');
}
