// Titles of records that other records point to (a commitment's partnership, an
// intervention's meeting), fetched once and kept; cleared after local writes.

import { api } from './api';
import type { Kind } from './types';
import type { TitleParts } from './generated/types';

interface Ref {
  title: string;
  parts?: TitleParts; // what a record without a title is named by (recordTitle)
  kind: Kind | '';
  deleted: boolean;
  missing: boolean;
}

const refs = $state<Record<string, Ref>>({});
const inflight = new Set<string>();

export function refOf(id: string): Ref | undefined {
  if (!id) return undefined;
  const r = refs[id];
  if (!r && !inflight.has(id)) {
    inflight.add(id);
    api.records
      .get(id)
      .then((v) => (refs[id] = { title: v.title, parts: v.parts, kind: v.kind, deleted: v.deleted, missing: false }))
      .catch(() => (refs[id] = { title: '', kind: '', deleted: false, missing: true }))
      .finally(() => inflight.delete(id));
  }
  return r;
}

/** Remembers a title already known (from a list), avoiding a fetch. */
export function rememberRef(id: string, title: string, kind: Kind, deleted = false, parts?: TitleParts): void {
  const r = refs[id];
  if (!r || r.title !== title || r.deleted !== deleted || JSON.stringify(r.parts) !== JSON.stringify(parts))
    refs[id] = { title, parts, kind, deleted, missing: false };
}

export function forgetRef(id: string): void {
  delete refs[id];
}
