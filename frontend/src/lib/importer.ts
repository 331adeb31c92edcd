// Importing several bundles from the screen: one import per file, in the order chosen, so
// that progress shows per file; each file is imported whole or not at all, and Cancel stops
// the one being imported if it has not committed yet (nothing of it is kept) and the next
// ones are not started. Like `dossier import`, a bundle refused
// only because an earlier one is missing is tried again after the others, as long as a pass
// brings something new.

import type { BundleReport } from './syncTypes';

export type ItemState = 'waiting' | 'running' | 'imported' | 'nothing_new' | 'refused' | 'failed' | 'cancelled';

export interface QueueItem<S> {
  key: string;
  name: string;
  size?: number;
  source: S;
  state: ItemState;
  report?: BundleReport;
  error?: string;
  /** How many times it was tried (more than once when it waited for an earlier bundle). */
  tries: number;
}

export interface QueueControl {
  /** Asked before each file. */
  cancelled: () => boolean;
  /** Called after every change of state, for the screen to redraw. */
  update: () => void;
}

export function isFinal(s: ItemState): boolean {
  return s !== 'waiting' && s !== 'running';
}

/** Files done so far (for a progress bar). */
export function doneCount<S>(items: QueueItem<S>[]): number {
  return items.filter((it) => isFinal(it.state)).length;
}

export function newItems<S>(files: { name: string; size?: number; source: S }[]): QueueItem<S>[] {
  return files.map((f, i) => ({ key: `${i}:${f.name}`, name: f.name, size: f.size, source: f.source, state: 'waiting', tries: 0 }));
}

/**
 * Runs the queue. `run` imports one item and resolves with its report (a refusal is a report,
 * not an error); a rejection marks the item failed with the message. Resolves with whether it
 * was cancelled; items not reached are marked cancelled.
 */
export async function runQueue<S>(
  items: QueueItem<S>[],
  run: (it: QueueItem<S>) => Promise<BundleReport>,
  ctl: QueueControl,
): Promise<{ cancelled: boolean }> {
  let pending = items.map((_, i) => i);
  for (;;) {
    let progress = false;
    const retry: number[] = [];
    for (let k = 0; k < pending.length; k++) {
      const it = items[pending[k]];
      if (ctl.cancelled()) {
        // Not reached: cancelled. Those refused in this pass keep their report.
        for (const j of pending.slice(k)) items[j].state = 'cancelled';
        ctl.update();
        return { cancelled: true };
      }
      it.state = 'running';
      it.tries++;
      ctl.update();
      try {
        const rep = await run(it);
        it.report = rep;
        it.error = undefined;
        it.state = rep.status === 'refused' ? (rep.problem === 'canceled' ? 'cancelled' : 'refused') : rep.status === 'imported' ? 'imported' : 'nothing_new';
        if (rep.status === 'imported' && rep.new > 0) progress = true;
        if (rep.status === 'refused' && rep.problem === 'missing_changes') retry.push(pending[k]);
      } catch (e) {
        it.state = 'failed';
        it.error = e instanceof Error ? e.message : String(e);
      }
      ctl.update();
    }
    if (!progress || retry.length === 0) return { cancelled: false };
    pending = retry;
    for (const j of retry) items[j].state = 'waiting';
    ctl.update();
  }
}

/** Totals over the reports, for the summary line. */
export function totals(reports: BundleReport[]): { imported: number; refused: number; created: number; updated: number; conflicts: number; breaking: number; changes: number } {
  const t = { imported: 0, refused: 0, created: 0, updated: 0, conflicts: 0, breaking: 0, changes: 0 };
  for (const r of reports) {
    if (r.status === 'imported') t.imported++;
    if (r.status === 'refused') t.refused++;
    if (r.status === 'imported' || r.status === 'nothing_new') {
      t.created += r.records_created;
      t.updated += r.records_updated;
      t.conflicts += r.conflicts_raised;
      // A record a bundle left breaking a rule is not counted again by a later bundle that finds
      // it so (docs/api.md, "Import result").
      t.breaking += r.records_breaking;
      t.changes += r.new;
    }
  }
  return t;
}
