// The one place that knows whether the app runs in the desktop window or in a browser
// (`dossier serve`), and what that changes: how files come in and go out.
//
//   - Window: native dialogs (the desktop adapter's Platform service) give paths, and the
//     services read and write those files (methods open to the window only).
//   - Browser: a file input gives the files' bytes, which travel to the services in base64;
//     what the services make comes back as bytes and is downloaded. Browser mode cannot name
//     a file on the computer that runs Dossier (docs/api.md, "Paths and bytes").
//
// Screens call these functions and never ask which of the two they are in.

import { api, isDesktop } from './api';
import { base64ToBytes, bytesToBase64, download, fileToBase64 } from './files';
import type { AttachmentsView, CSVView, Path } from './generated/types';
import type { Query } from './types';
import type {
  BriefOptions,
  BundleReport,
  CardView,
  ExportDataOptions,
  ExportReport,
  ImportJob,
  PackJob,
  PackRequest,
  TrustAccept,
} from './syncTypes';

/** The text for the platform: in the window files are saved through a dialog, in a browser downloaded. */
export function byPlatform<T>(desktop: T, browser: T): T {
  return isDesktop() ? desktop : browser;
}

/** A file the person chose: a path from the window's dialog, or an uploaded File in a browser. */
export interface Picked {
  name: string;
  size?: number;
  path?: Path;
  file?: File;
}

/** What to ask for. `pattern` is the dialog's ("*.dossier", "*.card;*.json"). */
export interface ChooseOptions {
  title: string;
  pattern: string;
  multiple?: boolean;
  /** The page's hidden file input, which a browser uses instead of a dialog. */
  input?: HTMLInputElement;
}

const baseName = (p: string) => p.split(/[\\/]/).pop() || p;

/**
 * Asks for files. In the window the native dialog answers: resolves with what was chosen
 * ([] if cancelled). In a browser it opens the file input and resolves with []: the files
 * arrive through the input's change event (`pickedFrom`), which also serves files set on it
 * directly.
 */
export async function choose(o: ChooseOptions): Promise<Picked[]> {
  if (!isDesktop()) {
    o.input?.click();
    return [];
  }
  if (o.multiple) {
    const paths = await api.platform.openFiles(o.title, o.pattern);
    return paths.map((p) => ({ name: baseName(p), path: p }));
  }
  const path = await api.platform.openFile(o.title, o.pattern);
  return path ? [{ name: baseName(path), path }] : [];
}

/** The files of a file input's change event; the input is cleared so the same file can be chosen again. */
export function pickedFrom(e: Event & { currentTarget: HTMLInputElement }): Picked[] {
  const files = [...(e.currentTarget.files ?? [])];
  e.currentTarget.value = '';
  return files.map((f) => ({ name: f.name, size: f.size, file: f }));
}

function fileOf(p: Picked): File {
  if (!p.file) throw new Error(`${p.name}: no file`);
  return p.file;
}

// ---- Attachments -------------------------------------------------------------------------------

/** Attaches a chosen file to a record: the window passes its path, a browser the bytes. */
export async function attachFile(id: string, p: Picked): Promise<AttachmentsView> {
  if (p.path) return api.files.attach(id, p.path);
  const f = fileOf(p);
  return api.files.attachData(id, p.name, f.type, await fileToBase64(f));
}

/**
 * Opens an attachment: the window with the system's default application, a browser downloads
 * it. A file that is not a document or a picture (not `openable`: a program or a script from
 * someone else's laptop) is never opened by the window: it offers to save a copy.
 */
export async function openAttachment(id: string, a: { sha256: string; openable: boolean }, saveTitle: string): Promise<void> {
  if (isDesktop() && a.openable) {
    await api.platform.openDefault(await api.files.openCopy(id, a.sha256));
    return;
  }
  const f = await api.files.data(id, a.sha256);
  await saveMade(f.name, base64ToBytes(f.data), f.type, saveTitle);
}

// ---- Bundles -----------------------------------------------------------------------------------

/** Imports one bundle; a refusal is a report. */
export async function importBundle(p: Picked): Promise<BundleReport> {
  if (p.path) return api.sync.importFile(p.path);
  return api.sync.importData(p.name, await fileToBase64(fileOf(p)));
}

/** How often a running import is asked how far it is. */
export const importPoll = 250;

/**
 * Imports one bundle in the background (Sync.StartImport), calling progress with each status,
 * and asks to cancel it when cancel() says so (it stops if it has not committed yet). Resolves
 * with its report; a cancelled import's report has the problem `canceled`.
 */
export async function importBundleWithProgress(p: Picked, progress: (job: ImportJob) => void, cancel: () => boolean): Promise<BundleReport> {
  let job = p.path ? await api.sync.startImportFile(p.path) : await api.sync.startImport(p.name, await fileToBase64(fileOf(p)));
  let asked = false;
  for (;;) {
    progress(job);
    if (job.state !== 'running') break;
    if (!asked && cancel() && !job.committed) {
      asked = true;
      job = await api.sync.cancelImport(job.id);
      continue;
    }
    await new Promise((r) => setTimeout(r, importPoll));
    job = await api.sync.importStatus(job.id);
  }
  if (!job.report) throw new Error(`${p.name}: the import ended without a report`);
  return job.report;
}

/** What importing a bundle would do, importing nothing. */
export async function inspectBundle(p: Picked): Promise<BundleReport> {
  if (p.path) return api.sync.inspect(p.path);
  return api.sync.inspectData(p.name, await fileToBase64(fileOf(p)));
}

/** What importing a bundle would do, record by record, importing nothing (the import preview). */
export async function previewBundle(p: Picked): Promise<BundleReport> {
  if (p.path) return api.sync.previewFile(p.path);
  return api.sync.previewData(p.name, await fileToBase64(fileOf(p)));
}

/** Where a file the app made went: a path the person chose, or the name it was downloaded under. */
export interface Saved {
  where: string;
  downloaded: boolean;
}

/**
 * Exports a bundle (recipients by key id). Window: asks where to save it and writes it there;
 * browser: downloads it. null: the person cancelled the dialog. With `report.nothing` no file
 * was written or downloaded.
 */
export async function exportBundle(opt: Omit<ExportDataOptions, 'name'>, name: string, title: string): Promise<(Saved & { report: ExportReport }) | null> {
  if (isDesktop()) {
    const path = await api.platform.saveFile(title, name);
    if (!path) return null;
    const report = await api.sync.export({ ...opt, out: path });
    return { report, where: report.nothing ? '' : path, downloaded: false };
  }
  const f = await api.sync.exportData({ ...opt, name });
  // Nothing new: no download, which would only push the real bundle aside (docs/api.md).
  if (f.report.nothing) return { report: f.report, where: '', downloaded: false };
  download(f.name, base64ToBytes(f.data), 'application/octet-stream');
  return { report: f.report, where: f.name, downloaded: true };
}

// ---- Identity cards ------------------------------------------------------------------------------

/** Saves this installation's identity card. null: cancelled. */
export async function exportCard(name: string, title: string): Promise<Saved | null> {
  if (isDesktop()) {
    const path = await api.platform.saveFile(title, name);
    if (!path) return null;
    await api.sync.writeCard(path);
    return { where: path, downloaded: false };
  }
  const f = await api.sync.cardData();
  download(f.name, f.text, 'application/json');
  return { where: f.name, downloaded: true };
}

/** A card file as read: where it came from, kept to read it again and to trust it. */
export interface CardSource {
  path?: Path;
  name: string;
  text?: string;
}

/** Reads a chosen card and says what this installation thinks of it; changes nothing. */
export async function readCard(p: Picked): Promise<{ view: CardView; source: CardSource }> {
  const source: CardSource = p.path ? { path: p.path, name: p.name } : { name: p.name, text: await fileOf(p).text() };
  return { view: await rereadCard(source), source };
}

export function rereadCard(s: CardSource): Promise<CardView> {
  return s.path ? api.sync.readCard(s.path) : api.sync.readCardData(s.name, s.text ?? '');
}

export function trustCard(s: CardSource, accept: TrustAccept): Promise<CardView> {
  return s.path ? api.sync.trustCard(s.path, accept) : api.sync.trustCardData(s.name, s.text ?? '', accept);
}

// ---- CSV ---------------------------------------------------------------------------------------

/**
 * Reads a CSV file and checks it as an import would (kind "": its kind column says); stores
 * nothing. chosen: the file was just chosen, and a kind column it has says each row's kind
 * whatever kind is given, in the same check (the view's kind is then "").
 */
export async function previewCSV(kind: string, p: Picked, chosen = false): Promise<CSVView> {
  if (p.path) return chosen ? api.csv.previewChosenFile(kind, p.path) : api.csv.previewFile(kind, p.path);
  const data = await fileToBase64(fileOf(p));
  return chosen ? api.csv.previewChosen(kind, p.name, data) : api.csv.preview(kind, p.name, data);
}

/** Imports a chosen CSV file, all or nothing; a refusal is a view with errors. */
export async function importCSV(kind: string, p: Picked): Promise<CSVView> {
  if (p.path) return api.csv.importFile(kind, p.path);
  return api.csv.importData(kind, p.name, await fileToBase64(fileOf(p)));
}

/**
 * Exports the records a list query selects. Window: asks where to save (`name` suggested)
 * and writes there; browser: downloads under the name the service gives. null: cancelled.
 */
export async function exportCSV(q: Query, delimiter: string, name: string, title: string): Promise<(Saved & { rows: number }) | null> {
  if (isDesktop()) {
    const path = await api.platform.saveFile(title, name);
    if (!path) return null;
    const rep = await api.csv.saveExport(q, delimiter, path);
    return { where: path, downloaded: false, rows: rep.rows };
  }
  const f = await api.csv.exportData(q, delimiter);
  download(f.name, base64ToBytes(f.data), 'text/csv;charset=utf-8');
  return { where: f.name, downloaded: true, rows: f.rows };
}

/** Exports the audit file (changes since a day, "" = all), as exportCSV does. null: cancelled. */
export async function exportAudit(since: string, delimiter: string, name: string, title: string): Promise<(Saved & { rows: number }) | null> {
  if (isDesktop()) {
    const path = await api.platform.saveFile(title, name);
    if (!path) return null;
    const rep = await api.audit.saveExport(since, delimiter, path);
    return { where: path, downloaded: false, rows: rep.rows };
  }
  const f = await api.audit.exportData(since, delimiter);
  download(f.name, base64ToBytes(f.data), 'text/csv;charset=utf-8');
  return { where: f.name, downloaded: true, rows: f.rows };
}

// ---- Briefs and packs ----------------------------------------------------------------------------

/** Saves one country's brief as a PDF. null: cancelled. */
export async function saveBriefPDF(country: string, opt: BriefOptions, name: string, title: string): Promise<Saved | null> {
  if (isDesktop()) {
    const path = await api.platform.saveFile(title, name);
    if (!path) return null;
    await api.brief.savePDF(country, opt, path);
    return { where: path, downloaded: false };
  }
  download(name, base64ToBytes(await api.brief.pdf(country, opt)), 'application/pdf');
  return { where: name, downloaded: true };
}

/** Starts a meeting pack: the window asks where it goes first (null: cancelled), a browser collects it when done. */
export async function startPack(req: PackRequest, name: string, title: string): Promise<PackJob | null> {
  if (isDesktop()) {
    const path = await api.platform.saveFile(title, name);
    if (!path) return null;
    return api.brief.startSavePack(req, path);
  }
  return api.brief.startPack(req);
}

/** A finished pack: saved where the window wrote it, or downloaded now in a browser. */
export async function finishPack(job: PackJob, name: string): Promise<Saved> {
  if (job.path) return { where: job.path, downloaded: false };
  download(name, base64ToBytes(await api.brief.packResult(job.id)), 'application/pdf');
  return { where: name, downloaded: true };
}

/** Prints the current page (the print stylesheet leaves only the page content). */
export async function print(): Promise<void> {
  if (isDesktop()) {
    await api.platform.print();
    return;
  }
  window.print();
}

// ---- Files the page makes (charts) ---------------------------------------------------------------

/**
 * Saves bytes the page made, e.g. a chart as PNG or SVG. Window: the save dialog, then the
 * desktop writes them (Platform.SaveData); browser: a download. null: the dialog was cancelled.
 */
export async function saveMade(name: string, data: Uint8Array, type: string, title: string): Promise<Saved | null> {
  if (isDesktop()) {
    const path = await api.platform.saveData(title, name, bytesToBase64(data));
    return path ? { where: path, downloaded: false } : null;
  }
  download(name, data, type);
  return { where: name, downloaded: true };
}
