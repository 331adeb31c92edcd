// Which columns a list shows (issue 12, item 7): the title always, the others chosen by the
// reader in the list's Columns menu and remembered per kind in localStorage.

import type { Kind } from './types';

export type ColumnId = 'funding' | 'status' | 'date' | 'country' | 'parties' | 'partnership' | 'updated';

/** The columns each kind can show, in display order, and those shown until the reader chooses. */
export const COLUMNS: Record<Kind, { offered: ColumnId[]; shown: ColumnId[] }> = {
  commitment: {
    offered: ['country', 'parties', 'partnership', 'funding', 'status', 'date', 'updated'],
    shown: ['funding', 'status', 'date', 'updated'],
  },
  partnership: { offered: ['country', 'parties', 'status', 'date', 'updated'], shown: ['status', 'date', 'updated'] },
  meeting: { offered: ['country', 'parties', 'partnership', 'date', 'updated'], shown: ['date', 'updated'] },
  intervention: { offered: ['country', 'parties', 'updated'], shown: ['country', 'parties', 'updated'] },
  party: { offered: ['country', 'status', 'updated'], shown: ['country', 'status', 'updated'] },
  framework: { offered: ['updated'], shown: ['updated'] },
};

/** The width of each column in the list's grid (the title takes the rest). */
export const WIDTHS: Record<ColumnId, string> = {
  country: '8.5rem',
  parties: 'minmax(6rem, 12rem)',
  partnership: 'minmax(6rem, 11rem)',
  funding: '8.5rem',
  status: '8.5rem',
  date: '6.5rem',
  updated: '6.5rem',
};

const PREFIX = 'dossier.columns.';

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** The columns the reader chose for a kind, in display order; the defaults if none or unreadable. */
export function loadColumns(kind: Kind, s: Storage | null = storage()): ColumnId[] {
  const { offered, shown } = COLUMNS[kind];
  try {
    const raw = s?.getItem(PREFIX + kind);
    if (raw) {
      const chosen = JSON.parse(raw);
      if (Array.isArray(chosen)) return offered.filter((c) => chosen.includes(c));
    }
  } catch {
    /* a damaged entry: the defaults */
  }
  return [...shown];
}

/** Remembers the reader's choice for a kind; returns it in display order. */
export function saveColumns(kind: Kind, chosen: readonly ColumnId[], s: Storage | null = storage()): ColumnId[] {
  const cols = COLUMNS[kind].offered.filter((c) => chosen.includes(c));
  try {
    s?.setItem(PREFIX + kind, JSON.stringify(cols));
  } catch {
    /* storage full or off: the choice lasts for this visit */
  }
  return cols;
}

/** The grid template of a list row: the title, then the chosen columns. */
export function gridTemplate(cols: readonly ColumnId[]): string {
  return ['minmax(10rem, 1fr)', ...cols.map((c) => WIDTHS[c])].join(' ');
}
