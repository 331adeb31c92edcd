package brief

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"dossier/app/domain"
	"dossier/app/internal/collation"
	"dossier/app/oplog"
	"dossier/app/store"
)

// DefaultMarking is printed when Options.Marking is empty.
const DefaultMarking = "For official use"

// Limits on what a brief shows; the rest is counted, never silently dropped.
const (
	DefaultDueSoonDays   = domain.DueSoonDays // "due soon" window from the brief's date, as on Home
	recentMeetings       = 3                  // the last meetings shown
	nextMeetings         = 5                  // the next meetings shown
	keyIndicators        = 8                  // indicators in the at-a-glance box
	talkingInterventions = 5                  // interventions whose points are shown
	conflictValueRunes   = 300
	conflictEntries      = 3 // entries of a list value shown in Open conflicts, then "… and N more"
	conflictDiffEntries  = 8 // entries that differ, of a funding or indicators value, then "… and N more"
)

// Options configure a brief.
type Options struct {
	Marking     string    // default DefaultMarking
	AsOf        time.Time // the brief's date and instant; zero means now
	GeneratedBy string    // default: the store author's display name
	DueSoonDays int       // default DefaultDueSoonDays
	// Since and SinceMeeting choose where "Since the last meeting" starts: an instant, or
	// the start of a meeting (by id); by default the start of the country's last meeting
	// before AsOf.
	Since        time.Time
	SinceMeeting string
	Now          func() time.Time // clock for GeneratedAt; nil for time.Now
}

// Assemble returns the facts of one country's brief from the store.
func Assemble(st *store.Store, country string, opt Options) (*Facts, error) {
	return newAssembler(st).assemble(country, opt)
}

// AssembleMany assembles several briefs from one reading of the store's shared facts (state
// hash, interventions), in the order given, reporting progress after each; all of them come
// from the same state. An unknown country is refused, naming it, before any work is done.
func AssembleMany(ctx context.Context, st *store.Store, countries []string, opt Options, progress func(done, total int)) ([]*Facts, error) {
	for _, c := range countries {
		if _, err := domain.ReadCountry(c); err != nil {
			return nil, err
		}
	}
	a := newAssembler(st)
	for range 3 {
		if err := a.loadShared(); err != nil {
			return nil, err
		}
		start := a.vv
		out := make([]*Facts, 0, len(countries))
		for i, c := range countries {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			f, err := a.assemble(c, opt)
			if err != nil {
				return nil, err
			}
			out = append(out, f)
			if progress != nil {
				progress(i+1, len(countries))
			}
		}
		if vvEqual(start, a.vv) {
			return out, nil // every brief of the pack comes from one state
		}
	}
	return nil, ErrChanging
}

// MeetingCountries lists the countries taking part in a meeting (participants and organiser
// with an ISO code), ordered by their names in l ("Allemagne" before "Égypte" in French): the
// briefs of a meeting pack, in the order its contents list them.
func MeetingCountries(st *store.Store, meetingID string, l Lang) ([]string, error) {
	a := newAssembler(st)
	m, ok := a.meeting(meetingID)
	if !ok {
		return nil, fmt.Errorf("%w: meeting %s", store.ErrNotFound, meetingID)
	}
	seen := map[string]bool{}
	var codes []string
	for _, p := range append([]string{m.Organiser}, m.Participants...) {
		if s, ok := st.Summary(p); ok && s.ISO3 != "" && !seen[s.ISO3] {
			seen[s.ISO3] = true
			codes = append(codes, s.ISO3)
		}
	}
	collation.SortBy(string(l), codes, func(code string) string {
		c, _ := domain.CountryByCode(code)
		return c.NameIn(string(l))
	})
	return codes, nil
}

// MeetingCover is what a meeting pack's cover says of the meeting besides its title: its
// days (in its own time zone, as the brief's meeting tables give them) and its venue. ok is
// false when meetingID is no meeting.
func MeetingCover(st *store.Store, meetingID string) (days Days, venue string, ok bool) {
	m, ok := newAssembler(st).meeting(meetingID)
	if !ok {
		return Days{}, "", false
	}
	return MeetingDays(m), m.Venue, true
}

// PreviousMeeting finds the meeting before meetingID of the same partnership or, for a meeting
// with none, of the same series: a meeting pack tells what changed since then. ok is false
// when there is none.
func PreviousMeeting(st *store.Store, meetingID string) (string, bool) {
	a := newAssembler(st)
	m, ok := a.meeting(meetingID)
	if !ok || (m.Partnership == "" && m.Series == "") {
		return "", false
	}
	start := meetingStart(m)
	best, bestStart := "", time.Time{}
	for _, s := range a.queryAll(store.Query{Kind: string(domain.KindMeeting)}) {
		o, ok := a.meeting(s.ID)
		if !ok || s.ID == meetingID {
			continue
		}
		same := m.Partnership != "" && o.Partnership == m.Partnership || m.Partnership == "" && o.Series == m.Series
		if os := meetingStart(o); same && os.Before(start) && (best == "" || os.After(bestStart)) {
			best, bestStart = s.ID, os
		}
	}
	return best, best != ""
}

type loaded struct {
	rec *oplog.Record
	val any // typed domain record, nil when the record is missing, deleted or unreadable
}

// assembler caches what several briefs share.
type assembler struct {
	st    *store.Store
	cache map[string]loaded

	shared        bool
	vv            oplog.VV
	stateHash     string
	dataAsOf      time.Time
	ops           uint64
	interventions []string
	err           error
}

func newAssembler(st *store.Store) *assembler {
	return &assembler{st: st, cache: map[string]loaded{}}
}

func (a *assembler) load(id string) loaded {
	if l, ok := a.cache[id]; ok {
		return l
	}
	var l loaded
	if rec, err := a.st.Get(id); err == nil {
		l.rec = rec
		if !rec.Deleted() {
			l.val, _ = domain.Read(domain.Kind(rec.Kind), rec.Fields())
		}
	}
	a.cache[id] = l
	return l
}

func (a *assembler) meeting(id string) (*domain.Meeting, bool) {
	if id == "" {
		return nil, false
	}
	m, ok := a.load(id).val.(*domain.Meeting)
	return m, ok
}

func (a *assembler) queryAll(q store.Query) []store.Summary {
	q.Limit = math.MaxInt32
	return a.st.Query(q).Items
}

// partyTitle is a party's recorded title, "" for none (no party, or one this store lacks).
func (a *assembler) partyTitle(id string) string {
	if s, ok := a.st.Summary(id); ok && id != "" {
		return s.Title
	}
	return ""
}

func (a *assembler) partyName(id string) string {
	if s, ok := a.st.Summary(id); ok && s.Title != "" {
		return s.Title
	}
	return "(unknown party " + shortID(id) + ")"
}

// partyNames names the parties in the record's order: which name comes first depends on the
// language it is read in ("Egypt" before "Germany", "Allemagne" before "Égypte"), so the
// display end orders them (Lang.partiesIn, and the screen alike; docs/brief.md).
func (a *assembler) partyNames(ids []string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		out = append(out, a.partyName(id))
	}
	return out
}

// otherParties names the parties with their roles, in the record's order (as partyNames).
func (a *assembler) otherParties(ids []string, roles map[string][]string) []OtherParty {
	out := make([]OtherParty, 0, len(ids))
	for _, id := range ids {
		out = append(out, OtherParty{Name: a.partyName(id), Roles: roles[id]})
	}
	return out
}

func (a *assembler) loadShared() error {
	if a.shared {
		return a.err
	}
	a.shared = true
	a.vv = a.st.VV()
	a.stateHash, a.err = a.st.StateHash()
	var latest int64
	for _, deleted := range []bool{false, true} {
		if p := a.st.Query(store.Query{Sort: "-updated", Limit: 1, Deleted: deleted}); len(p.Items) > 0 && p.Items[0].Updated > latest {
			latest = p.Items[0].Updated
		}
	}
	if latest > 0 {
		a.dataAsOf = time.UnixMilli(latest).UTC()
	}
	for _, n := range a.vv {
		a.ops += n
	}
	for _, s := range a.queryAll(store.Query{Kind: string(domain.KindIntervention)}) {
		a.interventions = append(a.interventions, s.ID)
	}
	return a.err
}

// used collects the records a brief draws on, for conflicts and provenance.
type used struct {
	order []string
	seen  map[string]bool
}

func (u *used) add(id string) {
	if id != "" && !u.seen[id] {
		u.seen[id] = true
		u.order = append(u.order, id)
	}
}

// ErrChanging says the store kept changing while a brief was assembled.
var ErrChanging = errors.New("the data changed while the brief was being assembled (an import is probably running): try again when it has finished")

// assemble reads one brief. The store may change between its reads (an import in another
// window), so the version vector is compared before and after: a brief is only returned when
// every fact, the state hash included, comes from one state.
func (a *assembler) assemble(country string, opt Options) (*Facts, error) {
	c, err := domain.ReadCountry(country)
	if err != nil {
		return nil, err
	}
	if opt.SinceMeeting != "" {
		if _, ok := a.meeting(opt.SinceMeeting); !ok {
			return nil, fmt.Errorf("%w: --since-meeting names meeting %s, which is not in the store: give the id of a meeting", store.ErrNotFound, opt.SinceMeeting)
		}
	}
	for range 3 {
		if err := a.loadShared(); err != nil {
			return nil, fmt.Errorf("brief for %s: %w", c.Name, err)
		}
		f := a.assembleOnce(c, opt)
		if vvEqual(a.vv, a.st.VV()) {
			return f, nil
		}
		*a = *newAssembler(a.st) // start again from the new state
	}
	return nil, fmt.Errorf("brief for %s: %w", c.Name, ErrChanging)
}

func vvEqual(a, b oplog.VV) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// frameworkItems returns the cited items with their titles, reference items first in their order.
func (a *assembler) frameworkItems(cited map[string]bool) []FrameworkItem {
	out := []FrameworkItem{}
	for _, code := range domain.ReferenceItemCodes() {
		if cited[code] {
			it, _ := domain.ReferenceItem(code)
			out = append(out, FrameworkItem{Code: code, Title: it.Title})
			delete(cited, code)
		}
	}
	var rest []string
	for code := range cited {
		rest = append(rest, code)
	}
	sort.Strings(rest)
	for _, code := range rest {
		title := ""
		for _, s := range a.queryAll(store.Query{Kind: string(domain.KindFramework), FrameworkItem: code}) {
			if fw, ok := a.load(s.ID).val.(*domain.Framework); ok {
				for _, it := range fw.Items {
					if it.Code == code {
						title = it.Title
					}
				}
			}
		}
		out = append(out, FrameworkItem{Code: code, Title: title})
	}
	return out
}

// sortItems orders framework item codes as the reference lists do (GCM-2 before GCM-10).
func sortItems(codes []string) []string {
	rank := map[string]int{}
	for i, c := range domain.ReferenceItemCodes() {
		rank[c] = i + 1
	}
	out := append([]string(nil), codes...)
	sort.SliceStable(out, func(i, j int) bool {
		ri, rj := rank[out[i]], rank[out[j]]
		switch {
		case ri != 0 && rj != 0:
			return ri < rj
		case ri != 0 || rj != 0:
			return ri != 0
		}
		return out[i] < out[j]
	})
	return out
}

// indicator shows an indicator with the latest of its values that are the country's, or,
// when it has none, the latest of those for the commitment's countries together (Shared).
func indicator(in domain.Indicator, scope func(party string) domain.Scope, c Ref) Indicator {
	out := Indicator{Name: in.Name, Unit: in.Unit, Baseline: in.Baseline, Target: in.Target,
		Since: in.Since, Note: in.Note, Source: in.Source, Commitment: c}
	var own, shared *domain.IndicatorValue
	for _, v := range in.Series() {
		v := v
		switch scope(v.Country) {
		case domain.ScopeCountry:
			if own == nil || v.AsOf > own.AsOf {
				own = &v
			}
		case domain.ScopeShared:
			if shared == nil || v.AsOf > shared.AsOf {
				shared = &v
			}
		}
	}
	if own == nil && shared != nil {
		own, out.Shared = shared, true
	}
	if own != nil {
		out.Actual, out.AsOf = own.Actual, own.AsOf
	}
	return out
}

// countriesInvolved counts the countries of the parties a commitment is by, towards or has
// figures for (domain.Commitment.Involved).
func (a *assembler) countriesInvolved(cm *domain.Commitment) int {
	seen := map[string]bool{}
	for _, id := range cm.Involved() {
		if s, ok := a.st.Summary(id); ok && s.ISO3 != "" && !s.Deleted {
			seen[s.ISO3] = true
		}
	}
	return len(seen)
}

const withdrawn = "withdrawn"

// better: a's figure stands for its indicator rather than b's — a live commitment's before a
// withdrawn one's, a measured value before a bare target, then the later one.
func better(a, b Indicator) bool {
	if (a.Status == withdrawn) != (b.Status == withdrawn) {
		return b.Status == withdrawn
	}
	if (a.Actual != nil) != (b.Actual != nil) {
		return a.Actual != nil
	}
	return a.AsOf > b.AsOf
}

// latestIndicators keeps, per indicator name and unit, the value with the latest date (a
// measured value before a bare target), newest first, withdrawn commitments' figures last.
func latestIndicators(all []Indicator) ([]Indicator, int) {
	best := map[string]int{}
	var keys []string
	for i, in := range all {
		k := fold(in.Name) + "\x00" + fold(in.Unit)
		j, ok := best[k]
		if !ok {
			keys = append(keys, k)
			best[k] = i
		} else if better(in, all[j]) {
			best[k] = i
		}
	}
	out := make([]Indicator, 0, len(keys))
	for _, k := range keys {
		out = append(out, all[best[k]])
	}
	sort.SliceStable(out, func(i, j int) bool {
		wi, wj := out[i].Status == withdrawn, out[j].Status == withdrawn
		if wi != wj {
			return wj
		}
		if out[i].AsOf != out[j].AsOf {
			return out[i].AsOf > out[j].AsOf
		}
		return fold(out[i].Name) < fold(out[j].Name)
	})
	if len(out) > keyIndicators {
		return out[:keyIndicators], len(out) - keyIndicators
	}
	return out, 0
}

// talkingPoints chooses the latest interventions that concern the country and their points
// (domain.CountryScope, the rule the country page uses too).
func (a *assembler) talkingPoints(scope *domain.CountryScope, u *used) []TalkingPoints {
	type cand struct {
		tp    TalkingPoints
		start string
	}
	var cands []cand
	for _, id := range a.interventions {
		l := a.load(id)
		iv, ok := l.val.(*domain.Intervention)
		if !ok {
			continue
		}
		why, points := scope.Concern(iv)
		if why == "" {
			continue
		}
		tp := TalkingPoints{Intervention: recordRef(id, l), Why: why,
			Session: iv.Session, Speaker: iv.Speaker, OnBehalfOf: a.partyNames(iv.OnBehalfOf), Points: []Point{},
			Conflicted: len(l.rec.Conflicts()) > 0}
		for _, i := range points {
			tp.Points = append(tp.Points, Point{N: i + 1, Text: iv.Points[i]})
		}
		start := ""
		tp.Meeting = MeetingRef{ID: iv.Meeting, Title: "(deleted meeting)"}
		if m, ok := a.meeting(iv.Meeting); ok {
			tp.Meeting = MeetingRef{ID: iv.Meeting, Title: m.Title, Days: MeetingDays(m)}
			if t := meetingStart(m); !t.IsZero() {
				start = t.UTC().Format(time.RFC3339)
			}
		}
		cands = append(cands, cand{tp, start})
	}
	sort.SliceStable(cands, func(i, j int) bool {
		if cands[i].start != cands[j].start {
			return cands[i].start > cands[j].start
		}
		return cands[i].tp.Intervention.ID < cands[j].tp.Intervention.ID
	})
	out := []TalkingPoints{}
	for i := 0; i < len(cands) && i < talkingInterventions; i++ {
		out = append(out, cands[i].tp)
		u.add(cands[i].tp.Intervention.ID)
	}
	return out
}

// authors lists whoever wrote a value the brief's records currently hold, or created or last
// changed one of them.
func (a *assembler) authors(ids []string) []Author {
	count := map[string]int{}
	for _, id := range ids {
		rec := a.load(id).rec
		if rec == nil {
			continue
		}
		seen := map[string]bool{rec.Created.Author: true, rec.Updated.Author: true}
		for _, heads := range rec.Regs {
			for _, w := range heads {
				seen[w.Author] = true
			}
		}
		for _, elems := range rec.Sets {
			for _, heads := range elems {
				for _, w := range heads {
					seen[w.Author] = true
				}
			}
		}
		for au := range seen {
			if au != "" {
				count[au]++
			}
		}
	}
	out := []Author{}
	for au, n := range count {
		out = append(out, Author{ID: au, Name: a.st.Name(au), Records: n})
	}
	sort.Slice(out, func(i, j int) bool {
		if fi, fj := fold(out[i].Name), fold(out[j].Name); fi != fj {
			return fi < fj
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// conflictValue is side index of a conflict on record l: a list field's entries (a commitment's
// funding lines, with the title of the party each is for, and indicators, a meeting's
// sessions, an intervention's points, a party's contacts) as the record's section carries
// them, any other value as text (displayValue). Funding and indicators list what differs from
// the other values first, marked, and count the entries alike (domain.DiffEntries, the rule
// of the Conflicts screen), so that a difference in the fifth line is on paper too.
func conflictValue(l loaded, ref Ref, field string, values []json.RawMessage, index int, partyTitle func(id string) string) ConflictValue {
	raw := values[index]
	f, ok := domain.FieldOf(domain.Kind(l.rec.Kind), field)
	if !ok || f.Type != domain.TypeList {
		return ConflictValue{Value: displayValue(field, raw)}
	}
	var v ConflictValue
	n := 0
	// listed is which entries of which value to list: the first conflictEntries of this
	// one, or for funding and indicators (unless only their order differs) those that differ.
	listed := func(count int) (at []domain.EntryDiff) {
		if domain.IsDiffed(field) && !domain.OnlyOrderDiffers(field, values) {
			for _, d := range domain.DiffEntries(field, values, index) {
				switch {
				case d.Mark == domain.EntrySame:
					v.Alike++
				case len(at) < conflictDiffEntries:
					at = append(at, d)
					v.Marks = append(v.Marks, ConflictMark{Mark: d.Mark, Parts: d.Parts})
				default:
					v.More++
				}
			}
			n = len(at) + v.Alike + v.More
			return at
		}
		v.Reordered = domain.IsDiffed(field)
		for i := range min(count, conflictEntries) {
			at = append(at, domain.EntryDiff{Value: index, Entry: i})
		}
		n, v.More = count, max(0, count-conflictEntries)
		return at
	}
	switch field {
	case "funding":
		lists := make([][]domain.Funding, len(values))
		for i, r := range values {
			_ = json.Unmarshal(r, &lists[i])
		}
		for _, d := range listed(len(lists[index])) {
			if d.Entry < len(lists[d.Value]) {
				fe := lists[d.Value][d.Entry]
				// The line's party: a conflict row says nothing of whose money it is.
				v.Funding = append(v.Funding, Funding{Funding: fe, CountryName: partyTitle(fe.Country)})
			}
		}
	case "indicators":
		lists := make([][]domain.Indicator, len(values))
		for i, r := range values {
			_ = json.Unmarshal(r, &lists[i])
		}
		// As the record page heads an indicator: its latest value for no country in
		// particular, else its latest (frontend/src/lib/money.ts, headline).
		scope := func(party string) domain.Scope {
			if party == "" {
				return domain.ScopeCountry
			}
			return domain.ScopeShared
		}
		for _, d := range listed(len(lists[index])) {
			if d.Entry < len(lists[d.Value]) {
				ind := indicator(lists[d.Value][d.Entry], scope, ref)
				ind.Shared = false
				v.Indicators = append(v.Indicators, ind)
			}
		}
	case "sessions":
		var ss []domain.Session
		_ = json.Unmarshal(raw, &ss)
		m := domain.Meeting{}
		if cur, ok := l.val.(*domain.Meeting); ok {
			m = *cur // its time zone: sessions are written in the meeting's time
		}
		m.Sessions = ss[:min(len(ss), conflictEntries)]
		v.Sessions, n = sessions(&m), len(ss)
	case "contacts":
		var cs []domain.Contact
		_ = json.Unmarshal(raw, &cs)
		for _, c := range cs[:min(len(cs), conflictEntries)] {
			var parts []string
			for _, p := range []string{c.Name, c.Function, c.Email, c.Phone} {
				if !domain.IsBlank(p) {
					parts = append(parts, p)
				}
			}
			v.Entries = append(v.Entries, clip(strings.Join(parts, ", "), conflictValueRunes))
		}
		n = len(cs)
	default: // talking points, and any other list of texts
		var ps []string
		if json.Unmarshal(raw, &ps) != nil {
			return ConflictValue{Value: displayValue(field, raw)}
		}
		for _, p := range ps[:min(len(ps), conflictEntries)] {
			v.Entries = append(v.Entries, clip(p, conflictValueRunes))
		}
		n = len(ps)
	}
	if n == 0 {
		v.Value = "(empty)"
	}
	if !domain.IsDiffed(field) {
		v.More = max(0, n-conflictEntries)
	}
	return v
}

// displayValue turns a stored field value into text for the conflicts table.
func displayValue(field string, raw json.RawMessage) string {
	if field == "deleted" {
		if string(raw) == "true" {
			return "deleted"
		}
		return "restored"
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		if s == "" {
			return "(empty)"
		}
		return clip(s, conflictValueRunes)
	}
	return clip(string(raw), conflictValueRunes)
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func shortID(id string) string { return id[:min(8, len(id))] }

// fold compares names as sequences of words, case and accents ignored (domain.FoldWords).
var fold = domain.FoldWords

func sessions(m *domain.Meeting) []Session {
	loc := meetingLocation(m)
	out := []Session{}
	for _, s := range m.Sessions {
		out = append(out, Session{Title: s.Title, Start: localTime(s.Start, loc), End: localTime(s.End, loc)})
	}
	return out
}
