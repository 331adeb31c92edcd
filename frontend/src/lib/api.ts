// The one API module (docs/api.md). Screens call the typed helpers at the bottom; only
// `call` knows whether it talks to the Wails bridge (desktop) or to `dossier serve` (browser).

import type {
  CountryView,
  ConflictView,
  HistoryEntry,
  HomeView,
  Kind,
  ListView,
  Query,
  RecordView,
  Schema,
  SettingsView,
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
  ExportFile,
  ExportOptions,
  ExportReport,
  ForkView,
  LaunchFile,
  PackJob,
  PackRequest,
  TrustAccept,
} from './syncTypes';

export type ErrorCode =
  | 'invalid'
  | 'not_found'
  | 'conflict'
  | 'no_identity'
  | 'locked'
  | 'unauthorized'
  | 'failed'
  | 'network';

/** The one error shape every failure takes. */
export class ApiError extends Error {
  readonly code: ErrorCode | string;
  readonly fields: Record<string, string>;
  constructor(code: string, message: string, fields?: Record<string, string> | null) {
    super(message);
    this.name = 'ApiError';
    this.code = code || 'failed';
    this.fields = fields && typeof fields === 'object' ? { ...fields } : {};
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

/** Turns a decoded {code, message, fields} object (or anything else) into an ApiError. */
export function errorFromObject(v: unknown, fallbackMessage = 'The operation failed'): ApiError {
  if (isObject(v) && isObject(v.error)) v = v.error;
  if (isObject(v) && (typeof v.code === 'string' || typeof v.message === 'string')) {
    const code = typeof v.code === 'string' && v.code ? v.code : 'failed';
    const message = typeof v.message === 'string' && v.message ? v.message : fallbackMessage;
    return new ApiError(code, message, fieldsOf(v.fields));
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

// ---------------------------------------------------------------------------------------------
// Typed helpers, one per method in docs/api.md.

export type Fields = Record<string, unknown>;

export const api = {
  records: {
    get: (id: string) => call<RecordView>('Records', 'Get', [id]),
    add: (kind: Kind, fields: Fields) => call<RecordView>('Records', 'Add', [kind, fields]),
    update: (id: string, fields: Fields) => call<RecordView>('Records', 'Update', [id, fields]),
    addTo: (id: string, field: string, value: unknown) => call<RecordView>('Records', 'AddTo', [id, field, value]),
    removeFrom: (id: string, field: string, value: unknown) => call<RecordView>('Records', 'RemoveFrom', [id, field, value]),
    delete: (id: string) => call<RecordView>('Records', 'Delete', [id]),
    restore: (id: string) => call<RecordView>('Records', 'Restore', [id]),
    list: (q: Query) => call<ListView>('Records', 'List', [q]),
    history: (id: string) => call<HistoryEntry[]>('Records', 'History', [id]),
    conflicts: () => call<ConflictView[]>('Records', 'Conflicts', []),
    resolve: (id: string, field: string, pickAuthor: string, value: unknown) =>
      call<RecordView>('Records', 'Resolve', [id, field, pickAuthor, pickAuthor ? null : value]),
  },
  meta: {
    schema: () => call<Schema>('Meta', 'Schema', []),
  },
  settings: {
    get: () => call<SettingsView>('Settings', 'Get', []),
    setLanguage: (lang: string) => call<SettingsView>('Settings', 'SetLanguage', [lang]),
    init: (name: string, role: string, delegation: string) => call<SettingsView>('Settings', 'Init', [name, role, delegation]),
    about: () => call<AboutView>('Settings', 'About', []),
  },
  admin: {
    stateHash: () => call<string>('Admin', 'StateHash', []),
    check: () =>
      call<{ ok: boolean; ops: number; authors: number; state_hash: string; problems: string[] }>('Admin', 'Check', []),
  },
  demo: {
    load: () => call<{ created: number; present: number }>('Demo', 'Load', []),
  },
  home: {
    summary: () => call<HomeView>('Home', 'Summary', []),
  },
  country: {
    get: (iso3: string) => call<CountryView>('Country', 'Get', [iso3]),
    list: () => call<CountrySummary[]>('Country', 'List', []),
  },
  sync: {
    /** One bundle file (window): the report, also when refused. */
    importFile: (path: string) => call<BundleReport>('Sync', 'ImportFileReport', [path]),
    /** One uploaded bundle (browser), data in base64. */
    importData: (name: string, base64: string) => call<BundleReport>('Sync', 'ImportDataReport', [name, base64]),
    inspect: (path: string) => call<BundleReport>('Sync', 'Inspect', [path]),
    inspectData: (name: string, base64: string) => call<BundleReport>('Sync', 'InspectData', [name, base64]),
    export: (opt: ExportOptions) => call<ExportReport>('Sync', 'Export', [opt]),
    exportData: (opt: ExportOptions) => call<ExportFile>('Sync', 'ExportData', [opt]),
    forks: () => call<ForkView[]>('Sync', 'Forks', []),
    writeCard: (path: string) => call<CardView>('Sync', 'WriteCard', [path]),
    cardData: () => call<CardFile>('Sync', 'CardData', []),
    readCard: (path: string) => call<CardView>('Sync', 'ReadCard', [path]),
    readCardData: (name: string, text: string) => call<CardView>('Sync', 'ReadCardData', [name, text]),
    /** Refused with code `card_changed` when the card's changes are not all confirmed in accept. */
    trustCard: (path: string, accept: TrustAccept = {}) => call<CardView>('Sync', 'TrustCard', [path, accept]),
    trustCardData: (name: string, text: string, accept: TrustAccept = {}) => call<CardView>('Sync', 'TrustCardData', [name, text, accept]),
    revoke: (keyID: string) => call<CardView>('Sync', 'Revoke', [keyID]),
    trustList: () => call<CardView[]>('Sync', 'TrustList', []),
  },
  brief: {
    facts: (country: string, opt: BriefOptions) => call<BriefFacts>('Brief', 'Facts', [country, opt]),
    /** PDF bytes in base64 (browser download). */
    pdf: (country: string, opt: BriefOptions) => call<string>('Brief', 'PDF', [country, opt]),
    savePDF: (country: string, opt: BriefOptions, path: string) => call<null>('Brief', 'SavePDF', [country, opt, path]),
    meetingCountries: (meeting: string) => call<CountryChoice[]>('Brief', 'MeetingCountries', [meeting]),
    startPack: (req: PackRequest, path: string) => call<PackJob>('Brief', 'StartPack', [req, path]),
    packStatus: (id: string) => call<PackJob>('Brief', 'PackStatus', [id]),
    cancelPack: (id: string) => call<PackJob>('Brief', 'CancelPack', [id]),
    /** The finished pack's PDF in base64 (browser download); forgets the pack. */
    packResult: (id: string) => call<string>('Brief', 'PackResult', [id]),
  },
  /** Desktop only (browser mode answers not_found). */
  platform: {
    openFile: (title: string, pattern: string) => call<string>('Platform', 'OpenFile', [title, pattern]),
    openFiles: (title: string, pattern: string) => call<string[]>('Platform', 'OpenFiles', [title, pattern]),
    saveFile: (title: string, defaultName: string) => call<string>('Platform', 'SaveFile', [title, defaultName]),
    print: () => call<null>('Platform', 'Print', []),
    /** The file the window was opened with (a double-clicked bundle or card), once; else null. */
    launched: () => call<LaunchFile | null>('Platform', 'Launched', []),
  },
};
