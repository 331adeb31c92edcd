// Shapes of docs/api.md.

import type { PeerView } from './syncTypes';

export type Kind = 'party' | 'framework' | 'partnership' | 'commitment' | 'meeting' | 'intervention';

export const KINDS: readonly Kind[] = ['party', 'framework', 'partnership', 'commitment', 'meeting', 'intervention'];

export interface Stamp {
  author: string;
  author_name: string;
  at: string;
}

export interface ConflictValue {
  value: unknown;
  author: string;
  author_name: string;
  at: string;
  winning: boolean;
}

export interface ConflictView {
  record: string;
  kind: Kind;
  title: string;
  field: string;
  values: ConflictValue[];
}

export interface RecordView {
  id: string;
  kind: Kind;
  title: string;
  deleted: boolean;
  fields: Record<string, unknown>;
  conflicts: ConflictView[];
  created: Stamp;
  updated: Stamp;
}

export interface ItemView {
  id: string;
  kind: Kind;
  title: string;
  status?: string;
  date?: string;
  updated: string;
  conflicts?: number;
  deleted?: boolean;
}

export interface ListView {
  total: number;
  items: ItemView[];
}

export interface Change {
  field: string;
  old: unknown;
  new: unknown;
}

export interface HistoryEntry {
  author: string;
  author_name: string;
  seq: number;
  at: string;
  clock: unknown;
  type: string;
  /** "local", "backup …", or "bundle <id> from <name> (<role>)". */
  origin: string;
  changes: Change[];
  /** The author's role on the card trusted for them (author_name is that card's name too). */
  author_role?: string;
  /** The bundle that brought the change, and its exporter as the roster knows them. */
  bundle?: string;
  from?: PeerView;
}

export type SortKey = 'title' | 'date' | '-date' | 'updated' | '-updated' | 'status';

export interface Query {
  kind?: Kind;
  country?: string;
  party?: string;
  status?: string;
  theme?: string;
  framework_item?: string;
  partnership?: string;
  meeting?: string;
  date_from?: string;
  date_to?: string;
  q?: string;
  deleted?: boolean;
  conflicted?: boolean;
  sort?: SortKey;
  offset?: number;
  limit?: number;
}

export interface Option {
  value: string;
  label: string;
}

export type FieldType = 'text' | 'longtext' | 'enum' | 'date' | 'datetime' | 'ref' | 'list' | 'set';

export interface Field {
  name: string;
  label: string;
  type: FieldType;
  required: boolean;
  ref?: Kind;
  options?: Option[];
  elem?: 'string' | 'party_role';
}

export interface KindSchema {
  kind: Kind;
  label: string;
  plural: string;
  fields: Field[];
}

export interface FrameworkItem {
  code: string;
  number: number;
  title: string;
  framework: string;
}

export interface Country {
  alpha3: string;
  alpha2: string;
  name: string;
  name_fr: string;
}

export interface Schema {
  kinds: KindSchema[];
  themes: Option[];
  frameworks: { code: string; title: string; items: FrameworkItem[] }[];
  countries: Country[];
}

export interface IdentityView {
  name: string;
  role: string;
  delegation: string;
  key_id: string;
  fingerprint: string;
  created_at: string;
  data_dir: string;
}

export interface SettingsView {
  language: 'en' | 'fr';
  data_dir: string;
  identity: IdentityView | null;
}

/** This build (Settings.About; `dossier version --json`). */
export interface AboutView {
  version: string;
  commit: string;
  date: string;
  modified: boolean;
  made_by: string;
  go: string;
  platform: string;
  store_format: number;
  bundle_format: number;
  bundle_formats_read: number[];
  bundle_formats_written: number[];
  backup_format: number;
  card_format: number;
}

export interface HomeView {
  today: string;
  counts: Record<Kind, { total: number; by_status: Record<string, number> }>;
  due_soon: ItemView[];
  overdue: ItemView[];
  stalled: ItemView[];
  recent: ItemView[];
  conflicts: number;
  set_aside?: SetAsideView[];
  read_only?: boolean;
}

/** An interrupted import that could not be finished when the store opened. */
export interface SetAsideView {
  batch: string;
  at: string;
  origin: string;
  changes: number;
  applied: number;
  reason: string;
  message: string;
}

export interface TalkingPoints {
  intervention: string;
  meeting: string;
  meeting_title: string;
  date: string;
  speaker: string;
  session: string;
  points: string[];
}

export interface CountryIndicator {
  commitment: string;
  commitment_title: string;
  name: string;
  unit?: string;
  baseline?: number;
  target?: number;
  actual?: number;
  as_of?: string;
}

export interface CountryView {
  country: Country;
  parties: ItemView[];
  partnerships: ItemView[];
  roles: Record<string, string>;
  commitments: { by: ItemView[]; to: ItemView[]; joint: ItemView[] };
  meetings: ItemView[];
  talking_points: TalkingPoints[];
  indicators: CountryIndicator[];
  conflicts: number;
}

export interface PartyRole {
  party: string;
  role: string;
}

export interface Indicator {
  name: string;
  unit?: string;
  baseline?: number;
  target?: number;
  actual?: number;
  as_of?: string;
  since?: string;
  note?: string;
}

export interface Session {
  title: string;
  start?: string;
  end?: string;
}
