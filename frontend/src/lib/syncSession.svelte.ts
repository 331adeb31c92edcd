// What the Sync screen did in this session (the last export, the import in progress and its
// reports, the last inspection), kept outside the screen so that it survives a visit to the
// conflicts inbox and an import goes on while the person looks elsewhere.

import type { QueueItem } from './importer';
import type { Picked } from './platform';
import type { BundleReport, ExportReport, ImportJob } from './syncTypes';

export const syncSession = $state<{
  items: QueueItem<Picked>[];
  running: boolean;
  cancelRequested: boolean;
  cancelled: boolean;
  finishedAt: string;
  exported: { report: ExportReport; where: string; downloaded: boolean } | null;
  inspected: BundleReport | null;
  /** How far the bundle being imported is. */
  job: ImportJob | null;
}>({ items: [], running: false, cancelRequested: false, cancelled: false, finishedAt: '', exported: null, inspected: null, job: null });
