// Shapes of docs/api.md: the generated contract (generated/types.ts, from the Go services),
// with string fields narrowed where the frontend relies on their closed list. Shapes of
// record field values (PartyRole, Indicator, Session) are the frontend's: the wire carries
// fields as JSON values.

import type * as W from './generated/types';
import type { PeerView } from './syncTypes';

export type { Kind } from './generated/types';
import type { Kind } from './generated/types';

export const KINDS: readonly Kind[] = ['party', 'framework', 'partnership', 'commitment', 'meeting', 'intervention'];

export type Stamp = W.Stamp;
export type ConflictValue = W.ServiceConflictValue;
export type EntryDiff = W.EntryDiff;
export type ConflictView = Omit<W.ConflictView, 'kind'> & { kind: Kind };
export type BreakingView = Omit<W.BreakingView, 'kind'> & { kind: Kind };
export type ConflictList = Omit<W.ConflictList, 'items'> & { items: ConflictView[] };
export type BreakingList = Omit<W.BreakingList, 'items'> & { items: BreakingView[] };
export type RecordView = Omit<W.RecordView, 'kind' | 'conflicts'> & { kind: Kind; conflicts: ConflictView[] };
export type ItemView = Omit<W.ItemView, 'kind'> & { kind: Kind };
export type ListView = Omit<W.ListView, 'items'> & { items: ItemView[] };
export type Change = W.Change;
export type HistoryEntry = Omit<W.HistoryEntry, 'from'> & { from?: PeerView };

export type SortKey = 'title' | 'date' | '-date' | 'updated' | '-updated' | 'status' | 'relevance';
export type Query = Omit<W.Query, 'kind' | 'sort'> & { kind?: Kind; sort?: SortKey };

export type Option = W.Option;
export type FieldType = W.FieldType;
export type Field = Omit<W.Field, 'elem'> & { elem?: 'string' | 'party_role' };
export type KindSchema = Omit<W.KindSchema, 'fields'> & { fields: Field[] };
export type FrameworkItem = W.DomainFrameworkItem;
export type Country = W.CountryView;
export type Schema = Omit<W.SchemaView, 'kinds'> & { kinds: KindSchema[] };

export type IdentityView = W.IdentityView;
export type SettingsView = Omit<W.SettingsView, 'language'> & { language: 'en' | 'fr' };

export type KindCount = W.KindCount;
export type HomeView = Omit<W.HomeView, 'counts' | 'due_soon' | 'overdue' | 'stalled' | 'recent'> & {
  counts: Record<Kind, KindCount>;
  due_soon: ItemView[];
  overdue: ItemView[];
  stalled: ItemView[];
  recent: ItemView[];
};
/** An interrupted import that could not be finished when the store opened. */
export type SetAsideView = W.SetAsideView;
export type TalkingPoints = W.TalkingPointsView;
export type CountryIndicator = W.IndicatorView;
export type CountryView = Omit<W.CountryPage, 'parties' | 'partnerships' | 'commitments' | 'meetings'> & {
  parties: ItemView[];
  partnerships: ItemView[];
  commitments: { by: ItemView[]; to: ItemView[]; joint: ItemView[] };
  meetings: ItemView[];
};

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

/** One value of an indicator's series; `country` is a party id (usually a country party). */
export type IndicatorValue = W.IndicatorValue;

/** One amount of a commitment's `funding` field (docs/model.md). */
export interface Funding {
  amount: number;
  currency: string;
  instrument?: string;
  state: string;
  as_of?: string;
  country?: string;
  source?: string;
}

/** An amount in one currency at one state (totals are never converted between currencies). */
export type Amount = W.Amount;
/** A total: amounts of one currency at one state, from how many commitments. */
export type MoneyTotal = W.MoneyTotal;
export type FundingTotals = W.FundingTotalsView;
export type FundingEntry = W.FundingEntryView;
export type CountryFunding = W.CountryFundingView;
/** One zone found by Meta.TimeZones. */
export type TimeZone = W.TimeZoneView;
/** This build (Settings.About; `dossier version --json`). */
export type AboutView = W.Info;

export interface Session {
  title: string;
  start?: string;
  end?: string;
}
