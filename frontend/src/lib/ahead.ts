// Answers asked for ahead of need (docs/performance.md, "Window speed"): the dashboard is
// asked for while the schema still loads, and the first page of each list once the dashboard
// is painted. A screen that finds its answer here draws once, with its data, instead of
// drawing empty, waiting for a round trip and drawing again. An answer belongs to one data
// revision (app.revision); after any write it is never used.

interface Entry {
  rev: number;
  promise: Promise<unknown>;
  settled: boolean;
  value?: unknown;
}

const entries = new Map<string, Entry>();

/** Starts fn now unless an answer for (key, rev) is already coming. */
export function ahead<T>(key: string, rev: number, fn: () => Promise<T>): void {
  const have = entries.get(key);
  if (have && have.rev === rev) return;
  const e: Entry = { rev, promise: fn(), settled: false };
  e.promise.then(
    (v) => {
      e.settled = true;
      e.value = v;
    },
    () => {
      // A failed prefetch is forgotten; the screen asks again and shows that error.
      if (entries.get(key) === e) entries.delete(key);
    },
  );
  entries.set(key, e);
}

// An answer is handed over once: a screen shown again asks afresh, so what was fetched ahead
// is never older than the visit it serves.

/** Takes the answer for (key, rev) if one is coming or came; the screen asks itself otherwise. */
export function pending<T>(key: string, rev: number): Promise<T> | undefined {
  const e = entries.get(key);
  if (!e || e.rev !== rev) return undefined;
  entries.delete(key);
  return e.promise as Promise<T>;
}

/** Takes the answer for (key, rev) if it has already arrived, for a first draw with data. */
export function arrived<T>(key: string, rev: number): T | undefined {
  const e = entries.get(key);
  if (!e || e.rev !== rev || !e.settled) return undefined;
  entries.delete(key);
  return e.value as T;
}

/** Forgets every answer (tests). */
export function forgetAll(): void {
  entries.clear();
}
