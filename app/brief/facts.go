// Package brief assembles country briefs from the store and renders them.
//
// Assemble is the only place that decides what a brief contains: it reads the store once and
// returns Facts, a plain value that marshals to JSON for the on-screen brief and that the PDF
// renderer prints without looking at the store again. The screen brief and the printed brief
// therefore always say the same thing. docs/brief.md states the rules (who "takes part", what
// "joint" means, which talking points are chosen, what counts as overdue).
package brief

import (
	"time"

	"dossier/app/domain"
	"dossier/app/store"
)

// Facts is everything one country brief says, in display order. Facts carry codes and values,
// never words of one language: closed-list values as codes, dates as YYYY-MM-DD, numbers as
// numbers. The display end (the PDF in Lang, the Brief screen in the UI language) writes them
// with the same label tables (docs/brief.md).
type Facts struct {
	Header        Header          `json:"header"`
	Glance        Glance          `json:"glance"`
	Since         Since           `json:"since"`      // what changed since the last meeting (or a date)
	NextSteps     NextSteps       `json:"next_steps"` // what falls due; the next meetings are Meetings.Next
	Money         Money           `json:"money"`
	Partnerships  []Partnership   `json:"partnerships"`
	Commitments   Commitments     `json:"commitments"`
	Frameworks    []FrameworkItem `json:"framework_items"` // every framework item cited by the commitments, in reference order
	Meetings      Meetings        `json:"meetings"`
	TalkingPoints []TalkingPoints `json:"talking_points"`
	Contacts      []PartyContacts `json:"contacts"` // the contact points of the country's parties
	Conflicts     []Conflict      `json:"conflicts"`
	Provenance    Provenance      `json:"provenance"`
}

// Header identifies the brief.
type Header struct {
	Country      string    `json:"country"`       // the party record's name as recorded when there is one, else the English display name (domain.Country.Name)
	ISOName      string    `json:"iso_name"`      // the country's English display name (domain.Country.Name; the ISO 3166-1 short name unless that is inverted)
	ISO3         string    `json:"iso3"`          // e.g. LBY
	ISO2         string    `json:"iso2"`          // e.g. LY
	ArticleFR    string    `json:"article_fr"`    // the article of the French display name: "la", "le", "l’", "les" or "" (domain.ArticleFR)
	Date         string    `json:"date"`          // the brief's date, YYYY-MM-DD
	AsOf         time.Time `json:"as_of"`         // the instant the brief is "as of" (splits past and next meetings)
	Marking      string    `json:"marking"`       // printed at the top and bottom of every page
	ItemMarkings []string  `json:"item_markings"` // distinct markings carried by commitments in the brief
	GeneratedBy  string    `json:"generated_by"`
	GeneratedAt  time.Time `json:"generated_at"`
	Parties      []Ref     `json:"parties"` // the party records that stand for the country
}

// Ref names a record for display and for links in the on-screen brief.
type Ref struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// Parts name a record without a title of its own (an intervention): the screen and the
	// PDF compose its title in their language (Lang.recordTitle; docs/api.md, "Composed titles").
	Parts *store.TitleParts `json:"parts,omitempty"`
}

// recordRef is the Ref of a loaded record, named from its typed value (a deleted record,
// which has none, is read for it).
func recordRef(id string, l loaded) Ref {
	v := l.val
	if v == nil && l.rec != nil {
		v, _ = domain.Read(domain.Kind(l.rec.Kind), l.rec.Fields())
	}
	return Ref{ID: id, Title: store.TitleOf(v), Parts: store.PartsOf(v)}
}

// Glance is the at-a-glance box.
type Glance struct {
	ByStatus       []StatusCount `json:"by_status"` // every commitment status, in the closed-list order
	Total          int           `json:"total"`
	Overdue        int           `json:"overdue"`
	DueSoon        int           `json:"due_soon"`
	DueSoonDays    int           `json:"due_soon_days"`
	Indicators     []Indicator   `json:"indicators"`      // key indicators, latest first
	MoreIndicators int           `json:"more_indicators"` // indicators left out of the box (still in each commitment)
	// Funding is the money recorded for the country, per currency and state; SharedFunding
	// the money of commitments with other countries that is not split between them
	// (docs/model.md). Never converted between currencies.
	Funding       []domain.MoneyTotal `json:"funding"`
	SharedFunding []domain.MoneyTotal `json:"shared_funding"`
}

// StatusCount is the number of commitments in one status.
type StatusCount struct {
	Status string `json:"status"`
	Count  int    `json:"count"`
}

// Indicator is one measured value of a commitment.
type Indicator struct {
	Name     string   `json:"name"`
	Unit     string   `json:"unit"`
	Baseline *float64 `json:"baseline,omitempty"`
	Target   *float64 `json:"target,omitempty"`
	Actual   *float64 `json:"actual,omitempty"`
	Since    string   `json:"since,omitempty"`
	AsOf     string   `json:"as_of,omitempty"`
	Note     string   `json:"note,omitempty"`
	Source   string   `json:"source,omitempty"`
	// Shared: the value is for the commitment's countries together, not the country's own
	// (never a key indicator).
	Shared     bool `json:"shared,omitempty"`
	Commitment Ref  `json:"commitment"`
	// Status: the commitment's status code. A key figure says it, so that a target reads as a
	// pledge in its state and a withdrawn figure as withdrawn.
	Status string `json:"status,omitempty"`
}

// Funding is one amount of a commitment that is the country's, or shared with the
// commitment's other countries.
type Funding struct {
	domain.Funding
	Shared bool `json:"shared,omitempty"`
	// CountryName: the party the line is for (domain.Funding.Country), by its recorded name,
	// where the line's place does not say it: a side of an open conflict, a change of "Since
	// the last meeting" (a multi-country commitment's amounts differ by it). The display end
	// words it as the record page does, between the instrument and the date.
	CountryName string `json:"country_name,omitempty"`
}

// Partnership is a partnership or dialogue the country takes part in.
type Partnership struct {
	ID             string       `json:"id"`
	Title          string       `json:"title"`
	Type           string       `json:"type"`   // partnership_type code
	Roles          []string     `json:"roles"`  // the country's roles (party_role codes)
	Status         string       `json:"status"` // partnership_status code
	Summary        string       `json:"summary,omitempty"`
	Start          string       `json:"start,omitempty"`
	End            string       `json:"end,omitempty"`
	Others         []OtherParty `json:"others"` // the other parties, by name
	FrameworkItems []string     `json:"framework_items"`
	Themes         []string     `json:"themes"` // theme codes
	Conflicted     bool         `json:"conflicted"`
	// Documents are the files attached to the partnership (the MoU…), oldest first.
	Documents []Document `json:"documents"`
}

// Document is a file attached to a record, as a brief lists it.
type Document struct {
	Name string `json:"name"`
	Type string `json:"type"`
	Size int64  `json:"size"`
}

// OtherParty is another party of a partnership with its roles in it: "European Union (lead)".
type OtherParty struct {
	Name  string   `json:"name"`
	Roles []string `json:"roles"` // party_role codes
}

// Commitments are grouped by the country's side.
type Commitments struct {
	By      []Commitment `json:"by"`      // made by the country alone
	Towards []Commitment `json:"towards"` // made by others towards the country
	Joint   []Commitment `json:"joint"`   // made by the country together with others, or by and towards it
}

// All returns every commitment of the brief, by, towards, then joint.
func (c Commitments) All() []Commitment {
	out := make([]Commitment, 0, len(c.By)+len(c.Towards)+len(c.Joint))
	out = append(out, c.By...)
	out = append(out, c.Towards...)
	return append(out, c.Joint...)
}

// Side values of a commitment (domain.CommitmentSide decides them).
const (
	SideBy      = string(domain.SideBy)
	SideTowards = string(domain.SideTowards)
	SideJoint   = string(domain.SideJoint)
)

// Commitment is one commitment as the brief shows it.
type Commitment struct {
	ID             string      `json:"id"`
	Title          string      `json:"title"`
	Text           string      `json:"text,omitempty"` // the commitment's words, whole (the PDF cuts long ones and prints them in an annex)
	Side           string      `json:"side"`
	Type           string      `json:"type"`   // commitment_type code
	Status         string      `json:"status"` // commitment_status code
	Due            string      `json:"due"`    // YYYY-MM-DD, "" when undated
	Overdue        bool        `json:"overdue"`
	DueSoon        bool        `json:"due_soon"`
	CommittedBy    []string    `json:"committed_by"` // party names
	Towards        []string    `json:"towards"`
	FrameworkItems []string    `json:"framework_items"` // codes, e.g. GCM-21
	Partnership    *Ref        `json:"partnership,omitempty"`
	SourceMeeting  *MeetingRef `json:"source_meeting,omitempty"`
	SourceDocument string      `json:"source_document,omitempty"`
	Indicators     []Indicator `json:"indicators"`
	Funding        []Funding   `json:"funding"`
	Marking        string      `json:"marking,omitempty"`
	Conflicted     bool        `json:"conflicted"`
	ConflictFields []string    `json:"conflict_fields"`
}

// MeetingRef names a meeting with its days.
type MeetingRef struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Days
}

// Days are the first and last day of a meeting (YYYY-MM-DD) in its own time zone.
type Days struct {
	StartDay string `json:"start_day"`
	EndDay   string `json:"end_day"` // the same as StartDay for a one-day meeting
}

// FrameworkItem is a cited framework item with its title.
type FrameworkItem struct {
	Code  string `json:"code"`
	Title string `json:"title"`
}

// Meetings are split at the brief's instant.
type Meetings struct {
	Recent       []Meeting `json:"recent"`        // the last three, latest first
	Next         []Meeting `json:"next"`          // the next ones, soonest first
	MoreNext     int       `json:"more_next"`     // later meetings left out
	EarlierCount int       `json:"earlier_count"` // older meetings left out
}

// Meeting is a meeting the country takes part in.
type Meeting struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Series string `json:"series,omitempty"`
	Start  string `json:"start"`
	End    string `json:"end,omitempty"`
	Days
	Venue      string    `json:"venue,omitempty"`
	Organiser  string    `json:"organiser,omitempty"`
	Outcome    string    `json:"outcome,omitempty"`
	Sessions   []Session `json:"sessions"`
	Conflicted bool      `json:"conflicted"`
}

// Session is one session of a meeting with its time in the meeting's time zone.
type Session struct {
	Title string `json:"title"`
	Start string `json:"start,omitempty"` // local wall time in the meeting's zone, YYYY-MM-DDTHH:MM
	End   string `json:"end,omitempty"`
}

// TalkingPoints are the chosen points of one intervention.
type TalkingPoints struct {
	Intervention Ref        `json:"intervention"`
	Meeting      MeetingRef `json:"meeting"`
	Session      string     `json:"session,omitempty"`
	Speaker      string     `json:"speaker,omitempty"`
	OnBehalfOf   []string   `json:"on_behalf_of"`
	Why          string     `json:"why"` // on_behalf, mentions, tagged
	Points       []Point    `json:"points"`
	Conflicted   bool       `json:"conflicted"`
}

// Point is one talking point with its number in the intervention.
type Point struct {
	N    int    `json:"n"`
	Text string `json:"text"`
}

// Conflict is an open conflict on a record the brief uses.
type Conflict struct {
	Record     Ref             `json:"record"`
	Kind       string          `json:"kind"`
	Field      string          `json:"field"`
	Values     []ConflictValue `json:"values"` // the value shown in the brief first
	Commitment bool            `json:"commitment"`
}

// ConflictValue is one side of a conflict.
type ConflictValue struct {
	Value  string    `json:"value"` // a list field's: "" (its entries below) or "(empty)"
	Author string    `json:"author"`
	At     time.Time `json:"at"`
	// A list field's entries as the brief's own sections carry them, for the renderers to
	// word as those sections do (never JSON): funding lines, indicators (the latest value for
	// no country in particular, else the latest), sessions (in the meeting's time), talking
	// points and contacts as their text. The first conflictEntries of them; More counts the rest.
	// Funding and indicators list what differs from the other value(s) instead (Marks).
	Funding    []Funding   `json:"funding,omitempty"`
	Indicators []Indicator `json:"indicators,omitempty"`
	Sessions   []Session   `json:"sessions,omitempty"`
	Entries    []string    `json:"entries,omitempty"`
	More       int         `json:"more,omitempty"`
	// Marks: a funding or indicators value lists the entries that differ from the other
	// value(s), each marked (Marks[i] is Funding[i]'s or Indicators[i]'s), by the rule of the
	// Conflicts screen (domain.DiffEntries): its own entries added or changed, then the
	// others' it lacks, removed; the first conflictDiffEntries of them, More counting the
	// rest. Alike counts the entries every value holds alike, left out. Reordered: the values
	// hold the same entries in another order; the entries are then listed in order, unmarked.
	Marks     []ConflictMark `json:"marks,omitempty"`
	Alike     int            `json:"alike,omitempty"`
	Reordered bool           `json:"reordered,omitempty"`
}

// ConflictMark is what a listed entry is against the other value(s) of its conflict: added,
// removed (in another value, not this one) or changed, with the parts that differ (codes:
// amount, state, instrument, as_of, source; name, unit, baseline, target, since, values, note).
type ConflictMark struct {
	Mark  domain.EntryMark `json:"mark"`
	Parts []string         `json:"parts,omitempty"`
}

// Provenance says where the brief's facts come from.
type Provenance struct {
	DataAsOf       time.Time `json:"data_as_of"` // the latest change the store holds; zero for no data
	StateHash      string    `json:"state_hash"`
	StateHashShort string    `json:"state_hash_short"` // first 16 hex digits
	Records        int       `json:"records"`          // records the brief draws on
	Operations     uint64    `json:"operations"`       // operations the store holds
	Authors        []Author  `json:"authors"`
}

// Author is someone whose changes the brief contains.
type Author struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Records int    `json:"records"` // records in the brief carrying their changes
}

// Since lists what changed in the brief's records from an instant: by default the start of
// the country's last meeting before the brief's date.
type Since struct {
	From    string         `json:"from"`              // RFC 3339; "" when there is no earlier meeting and no date was asked for
	Meeting *MeetingRef    `json:"meeting,omitempty"` // the meeting From is the start of
	Changes []RecordChange `json:"changes"`           // latest first
	More    int            `json:"more"`              // older changes left out
}

// RecordChange is one change to a record of the brief, as its history records it.
type RecordChange struct {
	At     time.Time `json:"at"`
	Author string    `json:"author"`
	Record Ref       `json:"record"`
	Kind   string    `json:"kind"`
	// What: created, deleted, restored, status (Old → New codes), due (Old → New dates),
	// funding (the entries added or changed, in Funding, and those they replace or that were
	// removed, in FundingBefore), edited (the other Fields), conflict (on Fields).
	What    string    `json:"what"`
	Old     string    `json:"old,omitempty"`
	New     string    `json:"new,omitempty"`
	Funding []Funding `json:"funding,omitempty"` // never Shared here
	// FundingBefore are the entries of the value before that the change took out: an amount
	// changed from EUR 60,000,000 to 75,000,000 is told "changed: 60 → 75", never "added: 75",
	// which reads as money on top (docs/brief.md, "Since the last meeting").
	FundingBefore []Funding `json:"funding_before,omitempty"`
	Fields        []string  `json:"fields,omitempty"`
	// SameTime: on status, due and funding, the author had not seen another change of the
	// field made at the same time, so the value before it here is not one they changed: Old
	// is empty, and New, or Funding (every entry), is what they wrote, shown or not.
	SameTime bool `json:"same_time,omitempty"`
}

// NextSteps are the commitments that fall due: overdue ones and those due within the window.
type NextSteps struct {
	Overdue     []Step `json:"overdue"` // earliest first, at most ten
	DueSoon     []Step `json:"due_soon"`
	MoreOverdue int    `json:"more_overdue"` // left out (still in Commitments)
	MoreDueSoon int    `json:"more_due_soon"`
}

// Step is one commitment falling due.
type Step struct {
	Commitment Ref    `json:"commitment"`
	Due        string `json:"due"`
	Status     string `json:"status"`
	Side       string `json:"side"`
}

// Money splits the country's money (Glance.Funding) by side: promised by the country, towards
// it, jointly; and per partnership. Per currency and state, never converted.
type Money struct {
	From         []domain.MoneyTotal `json:"from"`
	Towards      []domain.MoneyTotal `json:"towards"`
	Joint        []domain.MoneyTotal `json:"joint"`
	Partnerships []PartnershipMoney  `json:"partnerships"` // the partnerships of the brief's commitments with money, in Partnerships order
}

// PartnershipMoney is the money of a partnership's commitments in the brief.
type PartnershipMoney struct {
	Partnership Ref                 `json:"partnership"`
	Totals      []domain.MoneyTotal `json:"totals"` // the country's
	Shared      []domain.MoneyTotal `json:"shared"` // shared with the commitments' other countries, not split
}

// PartyContacts are the contact points recorded on one of the country's parties.
type PartyContacts struct {
	Party    Ref              `json:"party"`
	Contacts []domain.Contact `json:"contacts"`
}
