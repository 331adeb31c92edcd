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
  /** A commitment's money by currency and state (docs/model.md). */
  funding?: Amount[];
}

/** An amount in one currency at one state (totals are never converted between currencies). */
export interface Amount {
  currency: string;
  state: string;
  amount: number;
}

/** A total: amounts of one currency at one state, from how many commitments. */
export interface MoneyTotal extends Amount {
  commitments?: number;
}

export interface FundingTotals {
  commitments: number;
  funded: number;
  totals: MoneyTotal[];
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
  currency?: string;
  has_funding?: boolean;
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

export type FieldType = 'text' | 'longtext' | 'enum' | 'date' | 'datetime' | 'date_or_datetime' | 'ref' | 'list' | 'set' | 'number';

export interface Field {
  name: string;
  label: string;
  type: FieldType;
  required: boolean;
  ref?: Kind;
  options?: Option[];
  elem?: 'string' | 'party_role';
  /** The fields of each element of a list of objects (indicators, funding, sessions, items). */
  columns?: Field[];
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
  currencies: Currency[];
}

export interface Currency {
  code: string;
  name: string;
  name_fr: string;
  decimals: number;
}

/** One zone found by Meta.TimeZones. */
export interface TimeZone {
  zone: string;
  city: string;
  countries: string[];
  matched?: string;
  offset: string;
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

export interface HomeView {
  today: string;
  counts: Record<Kind, { total: number; by_status: Record<string, number> }>;
  due_soon: ItemView[];
  overdue: ItemView[];
  stalled: ItemView[];
  recent: ItemView[];
  conflicts: number;
  funding?: MoneyTotal[];
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
  since?: string;
  note?: string;
  source?: string;
  /** The country's values, oldest first (or the shared ones when it has none). */
  values: IndicatorValue[];
  /** The values are for the commitment's countries together, not the country's own. */
  shared?: boolean;
}

export interface FundingEntry extends Funding {
  commitment: string;
  commitment_title: string;
  shared?: boolean;
}

export interface CountryFunding {
  totals: MoneyTotal[];
  shared: MoneyTotal[];
  entries: FundingEntry[];
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
  funding: CountryFunding;
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
  /** The single value of earlier versions: one more value of the series, for no country. */
  actual?: number;
  as_of?: string;
  values?: IndicatorValue[];
  since?: string;
  source?: string;
  note?: string;
}

export interface IndicatorValue {
  actual: number;
  as_of: string;
  /** Party id (usually a country party) the value is for. */
  country?: string;
  note?: string;
}

export interface Funding {
  amount: number;
  currency: string;
  instrument?: string;
  state: string;
  as_of?: string;
  country?: string;
  source?: string;
}

export interface Session {
  title: string;
  start?: string;
  end?: string;
}
