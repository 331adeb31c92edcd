import { describe, expect, it } from 'vitest';
import { doneCount, newItems, runQueue, totals, type QueueItem } from './importer';
import type { BundleReport } from './syncTypes';

function rep(over: Partial<BundleReport>): BundleReport {
  return {
    file: '',
    status: 'imported',
    encrypted: false,
    file_bytes: 10,
    ops: 1,
    authors: [],
    new: 1,
    known: 0,
    records_created: 1,
    records_updated: 0,
    trust_statements: 0,
    conflicts_raised: 0,
    records_breaking: 0,
    ...over,
  };
}

describe('import queue', () => {
  it('imports in order, one call per file', async () => {
    const items = newItems([{ name: 'a', source: 1 }, { name: 'b', source: 2 }]);
    const seen: string[] = [];
    const r = await runQueue(items, async (it) => (seen.push(it.name), rep({ file: it.name })), { cancelled: () => false, update: () => {} });
    expect(r.cancelled).toBe(false);
    expect(seen).toEqual(['a', 'b']);
    expect(items.map((i) => i.state)).toEqual(['imported', 'imported']);
    expect(doneCount(items)).toBe(2);
  });

  it('tries a bundle again after the earlier one it was missing', async () => {
    const held = new Set<string>();
    const items = newItems([{ name: 'second', source: 2 }, { name: 'first', source: 1 }]);
    const seen: string[] = [];
    await runQueue(
      items,
      async (it) => {
        seen.push(it.name);
        if (it.name === 'second' && !held.has('first')) return rep({ status: 'refused', problem: 'missing_changes', new: 0 });
        held.add(it.name);
        return rep({});
      },
      { cancelled: () => false, update: () => {} },
    );
    expect(seen).toEqual(['second', 'first', 'second']);
    expect(items.map((i) => i.state)).toEqual(['imported', 'imported']);
    expect(items[0].tries).toBe(2);
  });

  it('stops retrying when a pass brings nothing, and keeps the refusals', async () => {
    const items = newItems([{ name: 'x', source: 0 }, { name: 'y', source: 0 }]);
    let calls = 0;
    await runQueue(items, async () => (calls++, rep({ status: 'refused', problem: 'missing_changes', new: 0 })), { cancelled: () => false, update: () => {} });
    expect(calls).toBe(2);
    expect(items.every((i) => i.state === 'refused')).toBe(true);
  });

  it('cancels between files, never in the middle of one', async () => {
    const items = newItems(['a', 'b', 'c'].map((n) => ({ name: n, source: n })));
    let stop = false;
    const r = await runQueue(
      items,
      async (it) => {
        if (it.name === 'a') stop = true; // Cancel pressed while "a" is importing
        return rep({});
      },
      { cancelled: () => stop, update: () => {} },
    );
    expect(r.cancelled).toBe(true);
    expect(items.map((i) => i.state)).toEqual(['imported', 'cancelled', 'cancelled']);
  });

  it('marks a bundle stopped before its commit as cancelled, and starts no other', async () => {
    const items = newItems(['a', 'b'].map((n) => ({ name: n, source: n })));
    let stop = false;
    const r = await runQueue(
      items,
      async () => {
        stop = true; // Cancel pressed while "a" is still being checked: the import stops
        return rep({ status: 'refused', problem: 'canceled', new: 0 });
      },
      { cancelled: () => stop, update: () => {} },
    );
    expect(r.cancelled).toBe(true);
    expect(items.map((i) => i.state)).toEqual(['cancelled', 'cancelled']);
  });

  it('marks failures with their message and goes on', async () => {
    const items: QueueItem<number>[] = newItems([{ name: 'a', source: 1 }, { name: 'b', source: 2 }]);
    await runQueue(
      items,
      async (it) => {
        if (it.source === 1) throw new Error('network down');
        return rep({ status: 'nothing_new', new: 0 });
      },
      { cancelled: () => false, update: () => {} },
    );
    expect(items[0]).toMatchObject({ state: 'failed', error: 'network down' });
    expect(items[1].state).toBe('nothing_new');
  });

  it('adds up what the bundles did', () => {
    const t = totals([
      rep({ records_created: 2, conflicts_raised: 1, new: 5 }),
      rep({ records_created: 0, records_updated: 1, records_breaking: 1, new: 1 }),
      rep({ status: 'refused', new: 0 }),
      rep({ status: 'nothing_new', new: 0, records_created: 0 }),
    ]);
    expect(t).toEqual({ imported: 2, refused: 1, created: 2, updated: 1, conflicts: 1, breaking: 1, changes: 6 });
  });
});
