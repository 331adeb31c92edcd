import { describe, expect, it, vi } from 'vitest';
import { Pager } from './pager.svelte';
import type { ItemView, ListView } from './types';

function backend(total: number) {
  return vi.fn(async (offset: number, limit: number): Promise<ListView> => {
    const items: ItemView[] = [];
    for (let i = offset; i < Math.min(total, offset + limit); i++) items.push({ id: `id${i}`, kind: 'commitment', title: `C ${i}`, updated: '' });
    return { total, items };
  });
}

describe('Pager', () => {
  it('fetches only the pages in view of a 10,000-row list', async () => {
    const fetch = backend(10000);
    const p = new Pager(fetch, 100);
    await p.ensure(0, 40);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(p.total).toBe(10000);
    expect(p.get(39)?.title).toBe('C 39');
    expect(p.get(150)).toBeUndefined();

    await p.ensure(5020, 5060); // jump to the middle
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(fetch).toHaveBeenLastCalledWith(5000, 100);
    expect(p.get(5055)?.id).toBe('id5055');

    await p.ensure(5090, 5130); // straddles two pages: only the new one is fetched
    expect(fetch).toHaveBeenCalledTimes(3);
    expect(fetch).toHaveBeenLastCalledWith(5100, 100);
  });

  it('does not fetch a page twice, even while it loads', async () => {
    const fetch = backend(500);
    const p = new Pager(fetch, 100);
    await Promise.all([p.ensure(0, 10), p.ensure(5, 20)]);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('does not ask beyond the end', async () => {
    const fetch = backend(120);
    const p = new Pager(fetch, 100);
    await p.ensure(0, 10);
    await p.ensure(110, 400);
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(p.get(119)?.id).toBe('id119');
  });

  it('drops answers that arrive after it was closed', async () => {
    let release: (v: ListView) => void = () => {};
    const p = new Pager(() => new Promise<ListView>((r) => (release = r)), 100);
    const done = p.ensure(0, 10);
    p.close();
    release({ total: 1, items: [{ id: 'late', kind: 'party', title: 'Late', updated: '' }] });
    await done;
    expect(p.get(0)).toBeUndefined();
    expect(p.loaded).toBe(false);
  });

  it('keeps the error of a failed page', async () => {
    const p = new Pager(async () => {
      throw new Error('boom');
    }, 100);
    await p.ensure(0, 10);
    expect(p.error).toBeInstanceOf(Error);
  });
});
