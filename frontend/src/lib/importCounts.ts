// The counts of a bundle report (BundleReport.svelte): each number with a label that agrees
// with it, "1 record created", "2 records created" / « 1 fiche créée », « 0 conflit soulevé »
// (French counts 0 and 1 in the singular).

import { tn } from './i18n/index.svelte';
import { formatCount, type Locale } from './format';
import type { BundleReport } from './syncTypes';

export interface CountTile {
  key: string;
  value: string;
  label: string;
  testid?: string;
  warn?: boolean;
}

type Counts = Pick<BundleReport, 'status' | 'new' | 'known' | 'records_created' | 'records_updated' | 'conflicts_raised' | 'records_breaking'>;

/**
 * What a report counts: new and already-held changes always; records created and updated
 * and conflicts raised for an import, or what an import would do for a preview (none for a
 * refused preview or an inspection); and the records it left breaking a rule only when there
 * are some: rare, and a tile of 0 under every import would be noise (docs/api.md, "Import result").
 */
export function countTiles(r: Counts, mode: { inspect?: boolean; preview?: boolean }, locale: Locale): CountTile[] {
  const refused = r.status === 'refused';
  const tile = (key: string, n: number, testid?: string, warn?: boolean): CountTile => ({
    key,
    value: formatCount(n, locale),
    label: tn(key, n, undefined, locale),
    testid,
    warn,
  });
  const out = [tile(refused && !mode.inspect ? 'sync.count.new_refused' : 'sync.count.new', r.new, 'sync-count-new'), tile('sync.count.known', r.known)];
  if (!mode.inspect && !(mode.preview && refused)) {
    out.push(
      tile(mode.preview ? 'sync.count.to_create' : 'sync.count.created', r.records_created, 'sync-count-created'),
      tile(mode.preview ? 'sync.count.to_update' : 'sync.count.updated', r.records_updated),
      tile(mode.preview ? 'sync.count.to_raise' : 'sync.count.conflicts', r.conflicts_raised, 'sync-count-conflicts', r.conflicts_raised > 0),
    );
    if (r.records_breaking > 0) out.push(tile(mode.preview ? 'sync.count.to_break' : 'sync.count.breaking', r.records_breaking, 'sync-count-breaking', true));
  }
  return out;
}
