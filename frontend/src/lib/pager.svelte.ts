// Pages through a backend list with limit/offset: only the pages that scroll into view are
// fetched, so a list of 10,000 records costs a few small calls. A new query starts a new
// pager; answers to an old query are dropped.

import type { ListView, ItemView } from './types';

export class Pager {
  total = $state(0);
  loaded = $state(false);
  version = $state(0);
  error = $state<unknown>(null);
  /** The country the list is filtered by, as the server read it (a code for "tunisie"). */
  country = $state('');
  private pages = new Map<number, ItemView[]>();
  private pending = new Set<number>();
  private dead = false;

  constructor(
    private readonly fetchPage: (offset: number, limit: number) => Promise<ListView>,
    readonly pageSize = 100,
  ) {}

  /** The row at index i, or undefined while its page loads. */
  get(i: number): ItemView | undefined {
    void this.version;
    return this.pages.get(Math.floor(i / this.pageSize))?.[i % this.pageSize];
  }

  /** Takes a first page fetched ahead (ahead.ts), so the list draws its rows at once. */
  prime(first: ListView): void {
    this.pages.set(0, first.items);
    this.total = first.total;
    this.country = first.country ?? '';
    this.loaded = true;
    this.version++;
  }

  /** Loads the pages covering rows start..end (inclusive). */
  async ensure(start: number, end: number): Promise<void> {
    const first = Math.max(0, Math.floor(start / this.pageSize));
    const last = Math.max(first, Math.floor(Math.max(start, end) / this.pageSize));
    const jobs: Promise<void>[] = [];
    for (let p = first; p <= last; p++) {
      if (this.loaded && p * this.pageSize >= this.total) break;
      if (this.pages.has(p) || this.pending.has(p)) continue;
      this.pending.add(p);
      jobs.push(
        this.fetchPage(p * this.pageSize, this.pageSize)
          .then((l) => {
            if (this.dead) return;
            this.pages.set(p, l.items);
            this.total = l.total;
            this.country = l.country ?? '';
            this.loaded = true;
            this.error = null;
            this.version++;
          })
          .catch((e) => {
            if (!this.dead) this.error = e;
          })
          .finally(() => this.pending.delete(p)),
      );
    }
    await Promise.all(jobs);
  }

  /** Stops accepting answers (the query changed). */
  close(): void {
    this.dead = true;
  }
}
