// Shapes of the Sync and Brief services (docs/api.md, "Sync" and "Brief").

export type TrustState = 'self' | 'trusted' | 'revoked' | 'unknown' | 'conflict';

export interface PeerView {
  key_id: string;
  name: string;
  role?: string;
  delegation?: string;
  fingerprint?: string;
  trust?: TrustState;
}

export interface CardView {
  key_id: string;
  name: string;
  role: string;
  delegation: string;
  fingerprint: string;
  created_at: string;
  trust: TrustState;
  /** "you" or the name of the secretariat that vouches for it. */
  via?: string;
  revoked_by?: string;
  revoked_after?: number;
  /** How this card differs from the card already trusted for its key (docs/trust.md, "Changed cards"). */
  changes?: CardChange[];
}

/** One difference between a card and the card trusted for the same key. */
export interface CardChange {
  field: 'role' | 'name' | 'delegation';
  /** As trusted here. */
  old: string;
  /** As this card says. */
  new: string;
}

/** What the person confirmed, beyond the fingerprint, for a changed card. */
export interface TrustAccept {
  role_change?: boolean;
  /** The name or the delegation. */
  name_change?: boolean;
}

export interface CardFile {
  name: string;
  text: string;
  card: CardView;
}

export interface AuthorReport {
  author: string;
  name: string;
  from: number;
  to: number;
  ops: number;
  new: number;
  known: number;
  trust?: TrustState;
  checkpoint?: string;
}

export interface OpView {
  author: string;
  seq: number;
  at: string;
  type: string;
  kind: string;
  record: string;
  title?: string;
  prev: string;
  hash: string;
  writes: string;
  op: string;
}

export interface ForkView {
  author: string;
  author_name: string;
  seq: number;
  held: OpView | null;
  other: OpView | null;
  note: string;
}

export type BundleStatus = 'imported' | 'nothing_new' | 'refused' | 'ok';

export interface BundleReport {
  file: string;
  status: BundleStatus;
  problem?: string;
  message?: string;
  bundle?: string;
  created_at?: string;
  format?: number;
  /** The Dossier version that wrote the bundle; absent for bundles from before 0.1.0. */
  made_by?: string;
  encrypted: boolean;
  recipients?: PeerView[];
  exporter?: PeerView;
  file_bytes: number;
  body_bytes?: number;
  body_raw_bytes?: number;
  ops: number;
  authors: AuthorReport[];
  new: number;
  known: number;
  records_created: number;
  records_updated: number;
  trust_statements: number;
  conflicts_raised: number;
  fork?: ForkView;
  /** What went wrong after the changes were imported (they are imported). */
  warnings?: string[];
}

export interface ExportOptions {
  out?: string;
  to?: string[];
  all?: boolean;
  sign_only?: boolean;
}

export interface ExportReport {
  file: string;
  bundle: string;
  created_at: string;
  ops: number;
  bytes: number;
  /** The bundle format written: the oldest every recipient's card says it reads. */
  format: number;
  made_by: string;
  encrypted: boolean;
  recipients: PeerView[];
  authors: AuthorReport[];
  withheld?: AuthorReport[];
}

/** The file the desktop window was opened with (a double click on a bundle or a card). */
export interface LaunchFile {
  path: string;
  kind: 'bundle' | 'card';
}

export interface ExportFile {
  name: string;
  /** base64 */
  data: string;
  report: ExportReport;
}

// ---- Briefs (app/brief/facts.go) --------------------------------------------------------------

export interface BriefOptions {
  marking?: string;
  as_of?: string;
}

export interface BriefRef {
  id: string;
  title: string;
}

export interface BriefIndicator {
  name: string;
  unit: string;
  baseline?: number;
  target?: number;
  actual?: number;
  since?: string;
  as_of?: string;
  note?: string;
  value_label: string;
  target_label: string;
  period_label: string;
  commitment: BriefRef;
}

export interface BriefPartnership {
  id: string;
  title: string;
  type: string;
  type_label: string;
  roles: string[];
  role_label: string;
  status: string;
  status_label: string;
  period_label: string;
  others: string[];
  framework_items: string[];
  themes: string[];
  conflicted: boolean;
}

export interface BriefMeetingRef {
  id: string;
  title: string;
  date_label: string;
}

export interface BriefCommitment {
  id: string;
  title: string;
  side: 'by' | 'towards' | 'joint';
  type: string;
  type_label: string;
  status: string;
  status_label: string;
  due: string;
  due_label: string;
  overdue: boolean;
  due_soon: boolean;
  committed_by: string[];
  towards: string[];
  framework_items: string[];
  partnership?: BriefRef;
  source_meeting?: BriefMeetingRef;
  source_document?: string;
  indicators: BriefIndicator[];
  marking?: string;
  conflicted: boolean;
  conflict_fields: string[];
}

export interface BriefMeeting {
  id: string;
  title: string;
  series?: string;
  start: string;
  end?: string;
  date_label: string;
  venue?: string;
  organiser?: string;
  sessions: { title: string; time_label: string }[];
  conflicted: boolean;
}

export interface BriefTalkingPoints {
  intervention: BriefRef;
  meeting: BriefMeetingRef;
  session?: string;
  speaker?: string;
  on_behalf_of: string[];
  why: string;
  points: { n: number; text: string }[];
  conflicted: boolean;
}

export interface BriefConflict {
  record: BriefRef;
  kind: string;
  field: string;
  values: { value: string; author: string; at: string }[];
  commitment: boolean;
}

export interface BriefFacts {
  header: {
    country: string;
    iso_name: string;
    iso3: string;
    iso2: string;
    date: string;
    date_label: string;
    as_of: string;
    marking: string;
    item_markings: string[];
    generated_by: string;
    generated_at: string;
    parties: BriefRef[];
  };
  glance: {
    by_status: { status: string; label: string; count: number }[];
    total: number;
    overdue: number;
    due_soon: number;
    due_soon_days: number;
    indicators: BriefIndicator[];
    more_indicators: number;
  };
  partnerships: BriefPartnership[];
  commitments: { by: BriefCommitment[]; towards: BriefCommitment[]; joint: BriefCommitment[] };
  framework_items: { code: string; title: string }[];
  meetings: { recent: BriefMeeting[]; next: BriefMeeting[]; more_next: number; earlier_count: number };
  talking_points: BriefTalkingPoints[];
  conflicts: BriefConflict[];
  provenance: {
    data_as_of: string;
    data_as_of_label: string;
    state_hash: string;
    state_hash_short: string;
    records: number;
    operations: number;
    authors: { id: string; name: string; records: number }[];
  };
}

export interface PackRequest {
  countries?: string[];
  meeting?: string;
  options: BriefOptions;
}

export interface CountryChoice {
  alpha3: string;
  name: string;
  name_fr: string;
}

export interface PackJob {
  id: string;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  phase: 'assemble' | 'render';
  done: number;
  total: number;
  countries: string[];
  bytes?: number;
  path?: string;
  error?: { code: string; message: string; fields?: Record<string, string> };
}

export interface CountrySummary {
  alpha3: string;
  alpha2: string;
  name: string;
  name_fr: string;
  parties: number;
  partnerships: number;
  commitments: number;
  meetings: number;
  interventions: number;
}
