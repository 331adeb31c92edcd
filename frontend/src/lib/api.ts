// The one API module (docs/api.md). Screens call the typed helpers at the bottom; only
// `call` knows whether it talks to the Wails bridge (desktop) or to `dossier serve` (browser).
// Which of the two to use for files (paths and dialogs, or bytes, uploads and downloads) is
// platform.ts's business. The arguments and results are checked against the Go services
// through the generated contract (generated/types.ts, `go generate ./app/service/registry/`).

import type { CountryProposal, FileLimits, MethodName, Methods, Path, Problem } from './generated/types';
import type {
  BreakingList,
  ConflictList,
  CountryView,
  HistoryEntry,
  HomeView,
  Kind,
  ListView,
  Query,
  RecordView,
  Schema,
  SettingsView,
  TimeZone,
  FundingTotals,
  AboutView,
} from './types';
import type {
  BriefFacts,
  BriefOptions,
  BundleReport,
  CardFile,
  CardView,
  CountryChoice,
  CountrySummary,
  ExportDataOptions,
  ExportFile,
  ExportOptions,
  ExportReport,
  ForkView,
  PackJob,
  ImportJob,
  PackRequest,
  TrustAccept,
  LaunchFile,
} from './syncTypes';

export type ErrorCode =
  | 'invalid'
  | 'not_found'
  | 'conflict'
  | 'no_identity'
  | 'locked'
  | 'unauthorized'
  | 'forbidden'
  | 'unsupported_media_type'
  | 'failed'
  | 'network';

/** The one error shape every failure takes. */
export class ApiError extends Error {
  readonly code: ErrorCode | string;
  readonly fields: Record<string, string>;
  /** Per field, the rule's code and values, for the UI to word (problems.ts). */
  readonly problems: Record<string, Problem>;
  constructor(code: string, message: string, fields?: Record<string, string> | null, problems?: Record<string, Problem> | null) {
    super(message);
    this.name = 'ApiError';
    this.code = code || 'failed';
    this.fields = fields && typeof fields === 'object' ? { ...fields } : {};
    this.problems = problems && typeof problems === 'object' ? { ...problems } : {};
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fieldsOf(v: unknown): Record<string, string> {
  if (!isObject(v)) return {};
  const out: Record<string, string> = {};
  for (const [k, m] of Object.entries(v)) {
    if (typeof m === 'string') out[k] = m;
    else if (m != null) out[k] = String(m);
  }
  return out;
}

function problemsOf(v: unknown): Record<string, Problem> {
  if (!isObject(v)) return {};
  const out: Record<string, Problem> = {};
  for (const [k, p] of Object.entries(v)) {
    if (!isObject(p) || typeof p.code !== 'string') continue;
    const params: Record<string, string> = {};
    if (isObject(p.params)) for (const [pk, pv] of Object.entries(p.params)) if (pv != null) params[pk] = String(pv);
    out[k] = { code: p.code, params };
  }
  return out;
}

/** Turns a decoded {code, message, fields} object (or anything else) into an ApiError. */
export function errorFromObject(v: unknown, fallbackMessage = 'The operation failed'): ApiError {
  if (isObject(v) && isObject(v.error)) v = v.error;
  if (isObject(v) && (typeof v.code === 'string' || typeof v.message === 'string')) {
    const code = typeof v.code === 'string' && v.code ? v.code : 'failed';
    const message = typeof v.message === 'string' && v.message ? v.message : fallbackMessage;
    return new ApiError(code, message, fieldsOf(v.fields), problemsOf(v.problems));
  }
  return new ApiError('failed', fallbackMessage);
}

/**
 * Parses whatever a transport rejected with: the Wails bridge rejects with the JSON of the
 * typed error as a string; fetch rejects with a TypeError; code may throw anything.
 */
export function parseError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (typeof err === 'string') {
    const s = err.trim();
    if (s.startsWith('{')) {
      try {
        return errorFromObject(JSON.parse(s), s);
      } catch {
        /* not JSON: fall through */
      }
    }
    return new ApiError('failed', s || 'The operation failed');
  }
  if (err instanceof Error) {
    const m = err.message.trim();
    if (m.startsWith('{')) {
      try {
        return errorFromObject(JSON.parse(m), m);
      } catch {
        /* not JSON */
      }
    }
    return new ApiError('failed', m || 'The operation failed');
  }
  if (isObject(err)) return errorFromObject(err);
  return new ApiError('failed', String(err ?? 'The operation failed'));
}

/** Parses an HTTP response body of `POST /api/call`. */
export function parseResponse<T>(status: number, text: string): T {
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    throw new ApiError(status === 403 ? 'unauthorized' : 'failed', text.trim() || `HTTP ${status}`);
  }
  if (isObject(body) && 'error' in body && body.error != null) {
    throw errorFromObject(body.error, `HTTP ${status}`);
  }
  if (status < 200 || status >= 300) {
    const code = status === 403 || status === 401 ? 'unauthorized' : status === 404 ? 'not_found' : 'failed';
    throw new ApiError(code, `HTTP ${status}`);
  }
  if (isObject(body) && 'result' in body) return body.result as T;
  return undefined as T;
}

// ---------------------------------------------------------------------------------------------
// Transports

interface Bridge {
  Call(service: string, method: string, args: unknown[]): Promise<unknown>;
}

function bridge(): Bridge | undefined {
  const w = globalThis as unknown as { go?: { desktop?: { Bridge?: Bridge } } };
  return w.go?.desktop?.Bridge;
}

export function isDesktop(): boolean {
  return bridge() !== undefined;
}

type EventsOn = (name: string, cb: (...data: unknown[]) => void) => (() => void) | void;

/**
 * Calls cb on each event `name` the window sends (Wails' `EventsOn`, from the runtime Wails
 * puts in the window's page); returns the way to stop. Browser mode has no events: nothing
 * is ever called there.
 */
export function onDesktopEvent(name: string, cb: (...data: unknown[]) => void): () => void {
  const on = (globalThis as unknown as { runtime?: { EventsOn?: EventsOn } }).runtime?.EventsOn;
  if (!on) return () => {};
  const off = on(name, cb);
  return typeof off === 'function' ? off : () => {};
}

const TOKEN_KEY = 'dossier.token';
let token: string | null = null;

/** Browser mode: takes the token from ?token= (and removes it from the address bar). */
export function initToken(): string | null {
  if (typeof window === 'undefined') return null;
  const url = new URL(window.location.href);
  const fromURL = url.searchParams.get('token');
  if (fromURL) {
    token = fromURL;
    try {
      sessionStorage.setItem(TOKEN_KEY, fromURL);
    } catch {
      /* storage unavailable */
    }
    url.searchParams.delete('token');
    history.replaceState(null, '', url.pathname + (url.search || '') + url.hash);
  } else {
    try {
      token = sessionStorage.getItem(TOKEN_KEY);
    } catch {
      token = null;
    }
  }
  return token;
}

async function httpCall<T>(service: string, method: string, args: unknown[]): Promise<T> {
  if (token === null) initToken();
  let res: Response;
  try {
    res = await fetch('/api/call', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Dossier-Token': token ?? '' },
      body: JSON.stringify({ service, method, args }),
    });
  } catch (e) {
    throw new ApiError('network', e instanceof Error ? e.message : String(e));
  }
  return parseResponse<T>(res.status, await res.text());
}

/** Calls a service method; resolves with its result or rejects with an ApiError. */
export async function call<T>(service: string, method: string, args: unknown[] = []): Promise<T> {
  const b = bridge();
  if (b) {
    try {
      return (await b.Call(service, method, args)) as T;
    } catch (e) {
      throw parseError(e);
    }
  }
  return httpCall<T>(service, method, args);
}


/**
 * Calls "Service.Method" with the arguments the Go method takes (generated/types.ts, Methods):
 * a wrong argument or result type does not compile.
 */
export function rpc<M extends MethodName>(method: M, ...args: Methods[M]['args']): Promise<Methods[M]['result']> {
  const dot = method.indexOf('.');
  return call<Methods[M]['result']>(method.slice(0, dot), method.slice(dot + 1), args);
}

// ---------------------------------------------------------------------------------------------
// Typed helpers, one per method in docs/api.md.

export type Fields = Record<string, unknown>;

export const api = {
  records: {
    get: (id: string) => rpc('Records.Get', id) as Promise<RecordView>,
    add: (kind: Kind, fields: Fields) => rpc('Records.Add', kind, fields) as Promise<RecordView>,
    update: (id: string, fields: Fields) => rpc('Records.Update', id, fields) as Promise<RecordView>,
    addTo: (id: string, field: string, value: unknown) => rpc('Records.AddTo', id, field, value) as Promise<RecordView>,
    removeFrom: (id: string, field: string, value: unknown) => rpc('Records.RemoveFrom', id, field, value) as Promise<RecordView>,
    delete: (id: string) => rpc('Records.Delete', id) as Promise<RecordView>,
    restore: (id: string) => rpc('Records.Restore', id) as Promise<RecordView>,
    list: (q: Query) => rpc('Records.List', q) as Promise<ListView>,
    history: (id: string) => rpc('Records.History', id) as Promise<HistoryEntry[]>,
    conflicts: () => rpc('Records.Conflicts') as Promise<ConflictList>,
    /** The records that break a rule as held (docs/model.md, "One party, two roles"). */
    breaking: () => rpc('Records.Breaking') as Promise<BreakingList>,
    resolve: (id: string, field: string, pickAuthor: string, value: unknown) =>
      rpc('Records.Resolve', id, field, pickAuthor, pickAuthor ? null : value) as Promise<RecordView>,
    /** A new resolve operation giving the field back the value winning before its last resolution. */
    undoResolve: (id: string, field: string) => rpc('Records.UndoResolve', id, field) as Promise<RecordView>,
    /** Judges what add (id '') or update would store, with the same errors; stores nothing. */
    check: (kind: Kind, id: string, fields: Fields) => rpc('Records.Check', kind, id, fields) as Promise<null>,
    /** The country tags the intervention form proposes for a meeting, and the rule that proposed them. */
    proposedCountries: (meeting: string) => rpc('Records.ProposedCountries', meeting) as Promise<CountryProposal>,
  },
  meta: {
    schema: () => rpc('Meta.Schema') as Promise<Schema>,
    timeZones: (query: string) => rpc('Meta.TimeZones', query) as Promise<TimeZone[]>,
  },
  funding: {
    totals: (q: Query) => rpc('Funding.Totals', q) as Promise<FundingTotals>,
  },
  settings: {
    get: () => rpc('Settings.Get') as Promise<SettingsView>,
    setLanguage: (lang: string) => rpc('Settings.SetLanguage', lang) as Promise<SettingsView>,
    init: (name: string, role: string, delegation: string) => rpc('Settings.Init', name, role, delegation) as Promise<SettingsView>,
    about: () => rpc('Settings.About') as Promise<AboutView>,
    /** The limits on attachments, in bytes (and the largest value either takes). */
    fileLimits: () => rpc('Settings.FileLimits') as Promise<FileLimits>,
    /** Changes the limits on attachments (bytes; 0 keeps one as it is). */
    setFileLimits: (perFile: number, perBundle: number) => rpc('Settings.SetFileLimits', perFile, perBundle) as Promise<FileLimits>,
  },
  admin: {
    stateHash: () => rpc('Admin.StateHash'),
    check: () => rpc('Admin.Check'),
  },
  demo: {
    load: () => rpc('Demo.Load'),
  },
  home: {
    summary: () => rpc('Home.Summary') as Promise<HomeView>,
    /** Commitments counted for the charts: the portfolio (""), or those involving a country. */
    charts: (country: string) => rpc('Home.Charts', country),
  },
  country: {
    /** A country's page; the country as a person writes it (a code or a name, domain.ReadCountry). */
    get: (country: string) => rpc('Country.Get', country) as Promise<CountryView>,
    list: () => rpc('Country.List') as Promise<CountrySummary[]>,
  },
  sync: {
    /** One bundle file (window): the report, also when refused. */
    importFile: (path: Path) => rpc('Sync.ImportFileReport', path) as Promise<BundleReport>,
    /** One uploaded bundle (browser), data in base64. */
    importData: (name: string, base64: string) => rpc('Sync.ImportDataReport', name, base64) as Promise<BundleReport>,
    /** One bundle imported in the background (window: a path; browser: base64), with progress. */
    startImportFile: (path: Path) => rpc('Sync.StartImportFile', path) as Promise<ImportJob>,
    startImport: (name: string, base64: string) => rpc('Sync.StartImport', name, base64) as Promise<ImportJob>,
    importStatus: (id: string) => rpc('Sync.ImportStatus', id) as Promise<ImportJob>,
    /** Stops an import before its commit: nothing of it is kept. */
    cancelImport: (id: string) => rpc('Sync.CancelImport', id) as Promise<ImportJob>,
    inspect: (path: Path) => rpc('Sync.Inspect', path) as Promise<BundleReport>,
    inspectData: (name: string, base64: string) => rpc('Sync.InspectData', name, base64) as Promise<BundleReport>,
    /** The import run without its commit: what it would do, record by record; writes nothing. */
    previewFile: (path: Path) => rpc('Sync.PreviewFile', path) as Promise<BundleReport>,
    previewData: (name: string, base64: string) => rpc('Sync.PreviewData', name, base64) as Promise<BundleReport>,
    export: (opt: ExportOptions) => rpc('Sync.Export', opt) as Promise<ExportReport>,
    exportData: (opt: ExportDataOptions) => rpc('Sync.ExportData', opt) as Promise<ExportFile>,
    forks: () => rpc('Sync.Forks') as Promise<ForkView[]>,
    writeCard: (path: Path) => rpc('Sync.WriteCard', path) as Promise<CardView>,
    cardData: () => rpc('Sync.CardData') as Promise<CardFile>,
    readCard: (path: Path) => rpc('Sync.ReadCard', path) as Promise<CardView>,
    readCardData: (name: string, text: string) => rpc('Sync.ReadCardData', name, text) as Promise<CardView>,
    /** Refused with code `card_changed` when the card's changes are not all confirmed in accept. */
    trustCard: (path: Path, accept: TrustAccept = {}) => rpc('Sync.TrustCard', path, accept) as Promise<CardView>,
    trustCardData: (name: string, text: string, accept: TrustAccept = {}) =>
      rpc('Sync.TrustCardData', name, text, accept) as Promise<CardView>,
    revoke: (keyID: string) => rpc('Sync.Revoke', keyID) as Promise<CardView>,
    trustList: () => rpc('Sync.TrustList') as Promise<CardView[]>,
  },
  brief: {
    facts: (country: string, opt: BriefOptions) => rpc('Brief.Facts', country, opt) as Promise<BriefFacts>,
    /** PDF bytes in base64 (browser download). */
    pdf: (country: string, opt: BriefOptions) => rpc('Brief.PDF', country, opt),
    savePDF: (country: string, opt: BriefOptions, path: Path) => rpc('Brief.SavePDF', country, opt, path),
    meetingCountries: (meeting: string) => rpc('Brief.MeetingCountries', meeting) as Promise<CountryChoice[]>,
    /** Starts a pack kept for packResult (browser download). */
    startPack: (req: PackRequest) => rpc('Brief.StartPack', req) as Promise<PackJob>,
    /** Starts a pack written to path (window: the save dialog's). */
    startSavePack: (req: PackRequest, path: Path) => rpc('Brief.StartSavePack', req, path) as Promise<PackJob>,
    packStatus: (id: string) => rpc('Brief.PackStatus', id) as Promise<PackJob>,
    cancelPack: (id: string) => rpc('Brief.CancelPack', id) as Promise<PackJob>,
    /** The finished pack's PDF in base64 (browser download); forgets the pack. */
    packResult: (id: string) => rpc('Brief.PackResult', id),
  },
  csv: {
    limits: () => rpc('CSV.Limits'),
    /** Checks an uploaded CSV file (base64) as an import would; stores nothing. */
    preview: (kind: string, name: string, base64: string) => rpc('CSV.Preview', kind, name, base64),
    /** The same for a file just chosen: a kind column, if the file has one, says each row's kind. */
    previewChosen: (kind: string, name: string, base64: string) => rpc('CSV.PreviewChosen', kind, name, base64),
    importData: (kind: string, name: string, base64: string) => rpc('CSV.ImportData', kind, name, base64),
    /** Window: the file its open dialog chose. */
    previewFile: (kind: string, path: Path) => rpc('CSV.PreviewFile', kind, path),
    previewChosenFile: (kind: string, path: Path) => rpc('CSV.PreviewChosenFile', kind, path),
    importFile: (kind: string, path: Path) => rpc('CSV.ImportFile', kind, path),
    /** The records a list query selects, as CSV bytes in base64 (browser download). */
    exportData: (q: Query, delimiter: string) => rpc('CSV.ExportData', q, delimiter),
    /** Window: the same written to the file its save dialog named. */
    saveExport: (q: Query, delimiter: string, path: Path) => rpc('CSV.SaveExport', q, delimiter, path),
  },
  audit: {
    /** The audit file (a row per field change since a day, "" = all) in base64 (browser download). */
    exportData: (since: string, delimiter: string) => rpc('Audit.ExportData', since, delimiter),
    /** Window: the same written to the file its save dialog named. */
    saveExport: (since: string, delimiter: string, path: Path) => rpc('Audit.SaveExport', since, delimiter, path),
  },
  /** Attachments of records: bytes in base64 for browser mode, paths for the window. */
  files: {
    list: (id: string) => rpc('Files.List', id),
    attachData: (id: string, name: string, type: string, base64: string) => rpc('Files.AttachData', id, name, type, base64),
    /** Window: the file its open dialog chose. */
    attach: (id: string, path: Path) => rpc('Files.Attach', id, path, ''),
    detach: (id: string, sha: string) => rpc('Files.Detach', id, sha),
    /** The bytes (base64), name and type (browser download). */
    data: (id: string, sha: string) => rpc('Files.Data', id, sha),
    /** Window: a copy in a temporary folder, to open with the system's application. */
    openCopy: (id: string, sha: string) => rpc('Files.OpenCopy', id, sha),
  },
  /** Desktop only (browser mode answers not_found). */
  platform: {
    openFile: (title: string, pattern: string) => rpc('Platform.OpenFile', title, pattern),
    openFiles: (title: string, pattern: string) => rpc('Platform.OpenFiles', title, pattern),
    saveFile: (title: string, defaultName: string) => rpc('Platform.SaveFile', title, defaultName),
    /** Asks where, then writes bytes the page made (base64) there; "" if cancelled. */
    saveData: (title: string, defaultName: string, base64: string) => rpc('Platform.SaveData', title, defaultName, base64),
    print: () => rpc('Platform.Print'),
    /** Opens a file with the system's default application. */
    openDefault: (path: Path) => rpc('Platform.OpenDefault', path),
    /** The file the window was opened with (a double-clicked bundle or card), once; else null. */
    launched: () => rpc('Platform.Launched') as Promise<LaunchFile | null>,
    /** The answer to the window's close (the event `dossier:close`): false closes it, true means the page asks. */
    closing: (unsaved: boolean) => rpc('Platform.Closing', unsaved),
    /** Closes the window: the delegate chose to close it with unsaved work (kept as a draft). */
    quit: () => rpc('Platform.Quit'),
  },
};
