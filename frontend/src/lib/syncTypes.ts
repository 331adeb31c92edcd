// Shapes of the Sync and Brief services (docs/api.md, "Sync" and "Brief"): the generated
// contract (generated/types.ts), with string fields narrowed where the screens rely on their
// closed list.

import type * as W from './generated/types';

export type TrustState = 'self' | 'trusted' | 'revoked' | 'unknown' | 'conflict';

export type PeerView = Omit<W.PeerView, 'trust'> & { trust?: TrustState };

/** One difference between a card and the card trusted for the same key. */
export type CardChange = Omit<W.CardChange, 'field'> & { field: 'role' | 'name' | 'delegation' };

export type CardView = Omit<W.CardView, 'trust' | 'changes'> & {
  trust: TrustState;
  /** How this card differs from the card already trusted for its key (docs/trust.md, "Changed cards"). */
  changes?: CardChange[];
};

/** What the person confirmed, beyond the fingerprint, for a changed card. */
export type TrustAccept = W.TrustAccept;

export type CardFile = Omit<W.CardFile, 'card'> & { card: CardView };

export type AuthorReport = Omit<W.AuthorReport, 'trust'> & { trust?: TrustState };
export type OpView = W.OpView;
export type ForkView = W.ForkView;

export type BundleStatus = 'imported' | 'nothing_new' | 'refused' | 'ok';

export type BundleReport = Omit<W.BundleReport, 'status' | 'recipients' | 'exporter' | 'authors'> & {
  status: BundleStatus;
  recipients?: PeerView[];
  exporter?: PeerView;
  authors: AuthorReport[];
};

export type ExportOptions = W.ExportOptions;
export type ExportDataOptions = W.ExportDataOptions;
export type ExportReport = Omit<W.ExportReport, 'recipients' | 'authors' | 'withheld'> & {
  recipients: PeerView[];
  authors: AuthorReport[];
  withheld?: AuthorReport[];
};
export type ExportFile = Omit<W.ExportFile, 'report'> & { report: ExportReport };

// ---- Briefs (app/brief/facts.go) --------------------------------------------------------------

export type BriefOptions = W.BriefOptions;
export type BriefRef = W.Ref;
export type BriefIndicator = W.Indicator;
/** One amount of a commitment in a brief (docs/model.md). */
export type BriefFunding = W.Funding;
export type BriefPartnership = W.Partnership;
export type BriefMeetingRef = W.MeetingRef;
export type BriefCommitment = Omit<W.Commitment, 'side'> & { side: 'by' | 'towards' | 'joint' };
export type BriefMeeting = W.Meeting;
export type BriefTalkingPoints = W.TalkingPoints;
export type BriefConflict = W.Conflict;
export type BriefConflictValue = W.BriefConflictValue;
export type BriefFacts = Omit<W.Facts, 'commitments'> & {
  commitments: { by: BriefCommitment[]; towards: BriefCommitment[]; joint: BriefCommitment[] };
};

export type PackRequest = W.PackRequest;
export type CountryChoice = W.CountryChoice;
export type PackJob = Omit<W.PackJob, 'state' | 'phase'> & {
  state: 'running' | 'done' | 'failed' | 'cancelled';
  phase: 'assemble' | 'render';
};
export type CountrySummary = W.CountrySummary;

/** The file the desktop window was opened with (a double click on a bundle or a card). */
export type LaunchFile = Omit<W.LaunchFile, 'kind'> & { kind: 'bundle' | 'card' };

/** A bundle imported in the background (Sync.StartImport): how far it is, and its report once finished. */
export type ImportJob = Omit<W.ImportJob, 'state' | 'report'> & {
  state: 'running' | 'done' | 'cancelled';
  report?: BundleReport;
};
