package service

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"dossier/app/domain"
	"dossier/app/internal/collation"
	"dossier/app/oplog"
	"dossier/app/store"
)

// Records is the use cases on records: add, change, delete, restore, show, list, history,
// conflicts and their resolution.
type Records struct{ App *App }

// Stamp says who did something and when.
type Stamp struct {
	Author     string `json:"author"`
	AuthorName string `json:"author_name"`
	At         string `json:"at"`
}

// ConflictValue is one side of a conflict.
type ConflictValue struct {
	Value      json.RawMessage `json:"value"`
	Author     string          `json:"author"`
	AuthorName string          `json:"author_name"`
	At         string          `json:"at"`
	Winning    bool            `json:"winning"`
	// Edited: on "deleted", a change made without knowing of the deletion; keeping it
	// restores the record with the change (docs/storage.md, "Delete against edit").
	Edited bool `json:"edited,omitempty"`
	// Diff is a funding or indicators value entry by entry, each marked against the other
	// value(s), then the entries of theirs it lacks (domain.DiffEntries; docs/model.md,
	// "Conflicts on a list field"): codes, for the screen to word. Absent on other fields.
	Diff []domain.EntryDiff `json:"diff,omitempty"`
}

// ConflictView is a field with concurrent values nobody has settled.
type ConflictView struct {
	Record string            `json:"record"`
	Kind   string            `json:"kind"`
	Title  string            `json:"title"`
	Parts  *store.TitleParts `json:"parts,omitempty"` // what a record without a title is named by
	Field  string            `json:"field"`
	Values []ConflictValue   `json:"values"`
	// Base is the value the concurrent edits started from: what the field held here just
	// before the first of them arrived (value null: it was empty). Absent on "deleted" and
	// when the history cannot say.
	Base *ConflictBase `json:"base,omitempty"`
	// Names are the titles of the records the values refer to, by id (a funding entry's
	// country, a party): a value that lost names records the record's own Names may not.
	Names map[string]string `json:"names,omitempty"`
	// Reordered: the values of a funding or indicators conflict hold the same entries alike,
	// in another order (domain.OnlyOrderDiffers): the card says so and shows them in order.
	Reordered bool `json:"reordered,omitempty"`
}

// ConflictBase is the value a conflict's concurrent edits started from.
type ConflictBase struct {
	Value json.RawMessage `json:"value"`
}

// RecordView is a record as every caller sees it.
type RecordView struct {
	ID        string                     `json:"id"`
	Kind      string                     `json:"kind"`
	Title     string                     `json:"title"`
	Parts     *store.TitleParts          `json:"parts,omitempty"` // what a record without a title is named by (docs/api.md, "Composed titles")
	Deleted   bool                       `json:"deleted"`
	Fields    map[string]json.RawMessage `json:"fields"`
	Names     map[string]string          `json:"names"` // the titles of the records its fields refer to, by id
	Conflicts []ConflictView             `json:"conflicts"`
	// Problems are today's rules the record as held breaks, by field path: left by two
	// changes made at the same time that each passed alone (one party given two roles, a
	// start and an end moved apart), or by a value stored before a rule. The next save of the
	// whole record is refused until they are mended (docs/model.md, "One party, two roles").
	Problems map[string]domain.Problem `json:"problems,omitempty"`
	Created  Stamp                     `json:"created"`
	Updated  Stamp                     `json:"updated"`
}

// ItemView is one row of a list.
type ItemView struct {
	ID    string `json:"id"`
	Kind  string `json:"kind"`
	Title string `json:"title"`
	// Parts name a record that has no title of its own (an intervention); the UI composes
	// its title from them in the reader's language (docs/api.md, "Composed titles").
	Parts  *store.TitleParts `json:"parts,omitempty"`
	Status string            `json:"status,omitempty"`
	Date   string            `json:"date,omitempty"`
	// EndDay is a meeting's last day in its own time zone (the country page; Date is then its
	// first day there): the screen writes the span as the brief does ("5–6 March 2024",
	// brief.MeetingDays; docs/brief.md, "Meetings").
	EndDay    string `json:"end_day,omitempty"`
	Updated   string `json:"updated"`
	Conflicts int    `json:"conflicts,omitempty"`
	// Breaks: the record breaks a rule as held (RecordView.problems): the lists mark it.
	Breaks  bool `json:"breaks,omitempty"`
	Deleted bool `json:"deleted,omitempty"`
	// Funding is a commitment's money by currency and state (docs/model.md).
	Funding []Amount `json:"funding,omitempty"`
	// What a list can show as columns (List only; docs/api.md): the parties the record
	// involves, the countries it concerns (its own, named, or its parties'), its partnership,
	// and the titles of those records.
	Parties     []string `json:"parties,omitempty"`
	Countries   []string `json:"countries,omitempty"`
	Partnership string   `json:"partnership,omitempty"`
	// Meeting is an intervention's meeting (its title in Names; Date is then the meeting's
	// start date, by which a list sorted by date orders it: docs/api.md, "List date of
	// interventions").
	Meeting string            `json:"meeting,omitempty"`
	Names   map[string]string `json:"names,omitempty"`
}

// ListView is one page of a list with the total count.
type ListView struct {
	Total int        `json:"total"`
	Items []ItemView `json:"items"`
	// Country is the ISO 3166-1 alpha-3 code of the country the list is filtered by, as the
	// query's country was read ("tunisie" in an address is TUN), for the picker to show it.
	Country string `json:"country,omitempty"`
}

func at(c oplog.Clock) string { return c.Time().Format("2006-01-02T15:04:05Z") }

func (r *Records) view(rec *oplog.Record) *RecordView {
	st := r.App.Store
	fields := rec.Fields()
	typed, _ := domain.Read(domain.Kind(rec.Kind), fields)
	v := &RecordView{ID: rec.ID, Kind: rec.Kind, Title: store.TitleOf(typed),
		Parts: store.PartsOf(typed), Deleted: rec.Deleted(),
		Fields: fields, Names: r.refNames(domain.Kind(rec.Kind), fields), Conflicts: []ConflictView{},
		Created: Stamp{rec.Created.Author, st.Name(rec.Created.Author), at(rec.Created.Clock)},
		Updated: Stamp{rec.Updated.Author, st.Name(rec.Updated.Author), at(rec.Updated.Clock)}}
	for _, c := range rec.Conflicts() {
		cv := ConflictView{Record: rec.ID, Kind: rec.Kind, Title: v.Title, Parts: v.Parts, Field: c.Field}
		for i, w := range c.Values {
			cv.Values = append(cv.Values, ConflictValue{Value: w.Value, Author: w.Author, AuthorName: st.Name(w.Author), At: at(w.Clock), Winning: i == 0,
				Edited: c.Field == "deleted" && rec.Edited(w)})
			for id, name := range r.refNames(domain.Kind(rec.Kind), map[string]json.RawMessage{c.Field: w.Value}) {
				if cv.Names == nil {
					cv.Names = map[string]string{}
				}
				cv.Names[id] = name
			}
		}
		markEntries(&cv, c)
		v.Conflicts = append(v.Conflicts, cv)
	}
	if len(v.Conflicts) > 0 {
		r.conflictBases(rec, v.Conflicts)
	}
	v.Problems = store.RuleProblems(rec)
	return v
}

// markEntries marks the entries of each value of a conflict on a list field that is diffed.
func markEntries(cv *ConflictView, c oplog.Conflict) {
	if !domain.IsDiffed(c.Field) {
		return
	}
	values := make([]json.RawMessage, len(c.Values))
	for i, w := range c.Values {
		values[i] = w.Value
	}
	for i := range cv.Values {
		cv.Values[i].Diff = domain.DiffEntries(c.Field, values, i)
	}
	cv.Reordered = domain.OnlyOrderDiffers(c.Field, values)
}

// conflictBases fills in the value each conflict's edits started from, from the record's
// history: the field's value just before the first of the concurrent writes was applied here.
// A history that cannot be read leaves the bases out (the card then shows none).
func (r *Records) conflictBases(rec *oplog.Record, cs []ConflictView) {
	hist, err := r.App.Store.History(rec.ID)
	if err != nil {
		return
	}
	for i := range cs {
		c := &cs[i]
		if c.Field == "deleted" {
			continue
		}
		heads := map[opID]bool{}
		for _, w := range rec.Heads(c.Field) {
			heads[opID{w.Author, w.Seq}] = true
		}
		c.Base = firstBase(hist, c.Field, heads)
	}
}

// opID names one operation.
type opID struct {
	author string
	seq    uint64
}

// firstBase is the old value of field in the first history entry written by one of heads.
func firstBase(hist []store.Entry, field string, heads map[opID]bool) *ConflictBase {
	for _, e := range hist {
		if !heads[opID{e.Author, e.Seq}] {
			continue
		}
		for _, ch := range e.Changes {
			if ch.Field == field && ch.Wrote == nil {
				v := ch.Old
				if v == nil {
					v = json.RawMessage("null")
				}
				return &ConflictBase{Value: v}
			}
		}
		return nil // it changed nothing visible: the start is not known from here
	}
	return nil
}

// refNames names the records a record's reference fields point to, so that every caller can
// show a name beside an id. An id the store does not hold is left out.
func (r *Records) refNames(k domain.Kind, fields map[string]json.RawMessage) map[string]string {
	names := map[string]string{}
	for _, f := range domain.Schema(k) {
		if ListHoldsRefs(f) { // a funding entry's or an indicator value's country
			MapListRefs(f, fields[f.Name], func(id string) string {
				if s, ok := r.App.Store.Summary(id); ok {
					names[id] = s.Title
				}
				return id
			})
			continue
		}
		if f.Ref == "" {
			continue
		}
		for _, id := range RefIDs(f, fields[f.Name]) {
			if s, ok := r.App.Store.Summary(id); ok {
				names[id] = s.Title
			}
		}
	}
	return names
}

// RefIDs returns the ids a reference field's value holds: one id, a set of ids, or a set of
// party roles.
func RefIDs(f domain.Field, raw json.RawMessage) []string {
	if f.Ref == "" || len(raw) == 0 {
		return nil
	}
	var ids []string
	switch {
	case f.Elem == "party_role":
		var prs []domain.PartyRole
		_ = json.Unmarshal(raw, &prs)
		for _, pr := range prs {
			ids = append(ids, pr.Party)
		}
	case f.Type == domain.TypeSet:
		_ = json.Unmarshal(raw, &ids)
	default:
		var id string
		if json.Unmarshal(raw, &id) == nil && id != "" {
			ids = []string{id}
		}
	}
	return ids
}

func itemView(s store.Summary) ItemView {
	return ItemView{ID: s.ID, Kind: s.Kind, Title: s.Title, Parts: s.Parts, Status: s.Status, Date: s.Date,
		Updated: time.UnixMilli(s.Updated).UTC().Format("2006-01-02T15:04:05Z"), Conflicts: s.Conflicts, Breaks: s.Breaks,
		Deleted: s.Deleted, Funding: amounts(s)}
}

func (r *Records) save(drafts ...store.Draft) error {
	_, err := r.App.Store.Save("", drafts...)
	return err
}

// Get returns one record with its open conflicts.
func (r *Records) Get(id string) (*RecordView, error) {
	rec, err := r.App.Store.Get(strings.ToLower(strings.TrimSpace(id)))
	if err != nil {
		return nil, AsError(err)
	}
	return r.view(rec), nil
}

// Add creates a record of a kind from its field values and returns it.
func (r *Records) Add(kind string, fields map[string]json.RawMessage) (*RecordView, error) {
	id, err := uuid.NewV7()
	if err != nil {
		return nil, AsError(err)
	}
	return r.AddWithID(kind, id.String(), fields)
}

// AddWithID creates a record with a chosen id (sample data uses fixed ids, so that loading
// it twice changes nothing).
func (r *Records) AddWithID(kind, id string, fields map[string]json.RawMessage) (*RecordView, error) {
	d, err := createDraft(kind, id, fields)
	if err != nil {
		return nil, err
	}
	if err := r.save(d); err != nil {
		return nil, AsError(err)
	}
	return r.Get(id)
}

func createDraft(kind, id string, fields map[string]json.RawMessage) (store.Draft, error) {
	k, ok := domain.ParseKind(kind)
	if !ok {
		return store.Draft{}, Invalid("kind", fmt.Sprintf("%q is not a record kind: use party, framework, partnership, commitment, meeting or intervention", kind))
	}
	if _, err := uuid.Parse(id); err != nil || strings.ToLower(id) != id || len(id) != 36 {
		return store.Draft{}, Invalid("id", fmt.Sprintf("%q is not a lower-case UUID", id))
	}
	d := store.Draft{Type: oplog.OpCreate, Kind: kind, Record: id, Set: map[string]json.RawMessage{}, Add: map[string][]json.RawMessage{}}
	for name, raw := range fields {
		f, known := domain.FieldOf(k, name)
		if isEmpty(raw) {
			continue
		}
		if known && f.Type == domain.TypeSet {
			elems, err := setElems(k, f, raw)
			if err != nil {
				return store.Draft{}, err
			}
			if len(elems) > 0 {
				d.Add[name] = elems
			}
			continue
		}
		c, err := oplog.Canon(raw)
		if err != nil {
			return store.Draft{}, Invalid(name, err.Error())
		}
		d.Set[name] = c
	}
	if len(d.Set)+len(d.Add) == 0 {
		// Name every required field at once, as a partly filled form is told: a form sent
		// empty must not learn its required fields one submit at a time.
		ve := &domain.ValidationError{Kind: k}
		for _, f := range domain.Schema(k) {
			if f.Required {
				ve.Set(f.Name, domain.P("required"))
			}
		}
		if len(ve.Fields) == 0 {
			return store.Draft{}, Invalid("fields", "a "+kind+" needs at least one field")
		}
		return store.Draft{}, invalidFields(ve, nil)
	}
	return d, nil
}

func isEmpty(raw json.RawMessage) bool {
	t := string(bytes.TrimSpace(raw))
	return t == "" || t == "null" || t == `""` || t == "[]"
}

func setElems(k domain.Kind, f domain.Field, raw json.RawMessage) ([]json.RawMessage, error) {
	var elems []json.RawMessage
	if err := json.Unmarshal(raw, &elems); err != nil {
		return nil, &Error{Code: CodeInvalid, Message: fmt.Sprintf("%s: must be a list", f.Name),
			Fields: map[string]string{f.Name: "must be a list of values, e.g. [\"a\", \"b\"]"}}
	}
	out := make([]json.RawMessage, 0, len(elems))
	for _, e := range elems {
		c, err := oplog.Canon(e)
		if err != nil {
			return nil, Invalid(f.Name, err.Error())
		}
		out = append(out, c)
	}
	return out, nil
}

// Check judges what Add (id empty) or Update (id given) would store, with the same errors,
// and stores nothing: a form that found problems of its own asks for the others too, so
// that one save names every problem rather than one round of them at a time.
func (r *Records) Check(kind, id string, fields map[string]json.RawMessage) error {
	var d store.Draft
	if id == "" {
		nid, err := uuid.NewV7()
		if err != nil {
			return AsError(err)
		}
		if d, err = createDraft(kind, nid.String(), fields); err != nil {
			return err
		}
	} else {
		ud, err := r.updateDraft(id, fields, oplog.OpUpdate)
		if err != nil || ud == nil {
			return err
		}
		d = *ud
	}
	return AsErrorOrNil(r.App.Store.Validate(d))
}

// Update sets field values of a record. Set-valued fields given whole are changed by adding
// what is new and removing what is gone, so concurrent additions by others survive.
func (r *Records) Update(id string, values map[string]json.RawMessage) (*RecordView, error) {
	d, err := r.updateDraft(id, values, oplog.OpUpdate)
	if err != nil {
		return nil, err
	}
	if d != nil {
		if err := r.save(*d); err != nil {
			return nil, AsError(err)
		}
	}
	return r.Get(id)
}

func (r *Records) updateDraft(id string, values map[string]json.RawMessage, typ oplog.OpType) (*store.Draft, error) {
	id, rec, err := r.editable(id)
	if err != nil {
		return nil, err
	}
	k := domain.Kind(rec.Kind)
	d := &store.Draft{Type: typ, Kind: rec.Kind, Record: id, Set: map[string]json.RawMessage{},
		Add: map[string][]json.RawMessage{}, Remove: map[string][]json.RawMessage{}}
	for name, raw := range values {
		f, known := domain.FieldOf(k, name)
		if !known {
			return nil, Invalid(name, fmt.Sprintf("is not a field of %s", k))
		}
		if f.Type == domain.TypeSet {
			want := []json.RawMessage{}
			if !isEmpty(raw) {
				if want, err = setElems(k, f, raw); err != nil {
					return nil, err
				}
			}
			var have []json.RawMessage
			_ = json.Unmarshal(rec.Value(name), &have)
			add, remove := diff(have, want)
			if len(add) > 0 {
				d.Add[name] = add
			}
			if len(remove) > 0 {
				d.Remove[name] = remove
			}
			continue
		}
		if isEmpty(raw) {
			raw = json.RawMessage(`""`)
			if f.Type == domain.TypeList {
				raw = json.RawMessage(`[]`)
			}
		}
		c, err := oplog.Canon(raw)
		if err != nil {
			return nil, Invalid(name, err.Error())
		}
		cur := rec.Value(name)
		if bytes.Equal(cur, c) && (typ != oplog.OpResolve) && len(rec.Heads(name)) < 2 {
			continue
		}
		if cur == nil && (string(c) == `""` || string(c) == `[]`) {
			continue
		}
		d.Set[name] = c
	}
	if len(d.Set)+len(d.Add)+len(d.Remove) == 0 {
		return nil, nil
	}
	return d, nil
}

func diff(have, want []json.RawMessage) (add, remove []json.RawMessage) {
	h, w := map[string]bool{}, map[string]bool{}
	for _, e := range have {
		h[string(e)] = true
	}
	for _, e := range want {
		w[string(e)] = true
		if !h[string(e)] {
			add = append(add, e)
		}
	}
	for _, e := range have {
		if !w[string(e)] {
			remove = append(remove, e)
		}
	}
	return add, remove
}

// AddTo adds one element to a set-valued field.
func (r *Records) AddTo(id, field string, value json.RawMessage) (*RecordView, error) {
	return r.changeSet(id, field, value, true)
}

// RemoveFrom removes one element from a set-valued field.
func (r *Records) RemoveFrom(id, field string, value json.RawMessage) (*RecordView, error) {
	return r.changeSet(id, field, value, false)
}

func (r *Records) changeSet(id, field string, value json.RawMessage, add bool) (*RecordView, error) {
	id, rec, err := r.editable(id)
	if err != nil {
		return nil, err
	}
	f, ok := domain.FieldOf(domain.Kind(rec.Kind), field)
	if !ok || f.Type != domain.TypeSet {
		return nil, Invalid(field, fmt.Sprintf("is not a set-valued field of %s (those are: %s)", rec.Kind, strings.Join(setFields(domain.Kind(rec.Kind)), ", ")))
	}
	c, err := oplog.Canon(value)
	if err != nil {
		return nil, Invalid(field, err.Error())
	}
	d := store.Draft{Type: oplog.OpUpdate, Kind: rec.Kind, Record: id}
	if add {
		d.Add = map[string][]json.RawMessage{field: {c}}
	} else {
		var have []json.RawMessage
		_ = json.Unmarshal(rec.Value(field), &have)
		found := false
		for _, h := range have {
			found = found || bytes.Equal(h, c)
		}
		if !found {
			return nil, Invalid(field, fmt.Sprintf("does not contain %s", c))
		}
		d.Remove = map[string][]json.RawMessage{field: {c}}
	}
	if err := r.save(d); err != nil {
		return nil, AsError(err)
	}
	return r.Get(id)
}

func setFields(k domain.Kind) []string {
	var out []string
	for _, f := range domain.Schema(k) {
		if f.Type == domain.TypeSet {
			out = append(out, f.Name)
		}
	}
	return out
}

// editable reads a record a person may change: system records (trust statements) are
// changed only through trust and revocation.
func (r *Records) editable(id string) (string, *oplog.Record, error) {
	id = strings.ToLower(strings.TrimSpace(id))
	rec, err := r.App.Store.Get(id)
	if err != nil {
		return id, nil, AsError(err)
	}
	if strings.HasPrefix(rec.Kind, "sys_") {
		return id, nil, Invalid("id", fmt.Sprintf("%s is a record Dossier keeps for itself (a trust statement): change trust with `dossier trust add` or `dossier trust revoke`, or on the Identity & trust screen", id))
	}
	return id, rec, nil
}

// Delete tombstones a record; it stays restorable and its history is kept.
func (r *Records) Delete(id string) (*RecordView, error) {
	return r.tombstone(id, oplog.OpDelete)
}

// Restore lifts a tombstone.
func (r *Records) Restore(id string) (*RecordView, error) {
	return r.tombstone(id, oplog.OpRestore)
}

func (r *Records) tombstone(id string, typ oplog.OpType) (*RecordView, error) {
	id, rec, err := r.editable(id)
	if err != nil {
		return nil, err
	}
	if err := r.save(store.Draft{Type: typ, Kind: rec.Kind, Record: id}); err != nil {
		return nil, AsError(err)
	}
	return r.Get(id)
}

// Query selects records for List: the wire's own type, so that what a caller may ask for is
// decided here. It converts to store.Query field by field (Go refuses the conversion when
// the two differ, so a field added to the store's query is added here on purpose).
type Query struct {
	Kind          string `json:"kind,omitempty"`
	Country       string `json:"country,omitempty"` // ISO3, or a name as a brief reads it: the record involves a party of that country, or names it
	Party         string `json:"party,omitempty"`
	Status        string `json:"status,omitempty"`
	Theme         string `json:"theme,omitempty"`
	FrameworkItem string `json:"framework_item,omitempty"`
	Partnership   string `json:"partnership,omitempty"`
	Meeting       string `json:"meeting,omitempty"`
	Commitment    string `json:"commitment,omitempty"`  // interventions that mention this commitment
	Currency      string `json:"currency,omitempty"`    // commitments with funding in this ISO 4217 currency
	HasFunding    bool   `json:"has_funding,omitempty"` // commitments with funding recorded
	DateFrom      string `json:"date_from,omitempty"`   // inclusive YYYY-MM-DD on the list date (due, start; an intervention's meeting's start)
	DateTo        string `json:"date_to,omitempty"`
	Text          string `json:"q,omitempty"`          // words: title, text, points, party names…
	Deleted       bool   `json:"deleted,omitempty"`    // list deleted records instead of live ones
	Conflicted    bool   `json:"conflicted,omitempty"` // only records with open conflicts
	Breaking      bool   `json:"breaking,omitempty"`   // only records that break a rule as held (RecordView.problems)
	Sort          string `json:"sort,omitempty"`       // title (default), date, -date, updated, -updated, status, relevance (the best matches of q first, then by title)
	Lang          string `json:"lang,omitempty"`       // the language titles sort in; "": the screens' (Settings)
	Offset        int    `json:"offset,omitempty"`     // 0..10,000,000
	Limit         int    `json:"limit,omitempty"`      // 1..10,000; 0: 50
}

// List returns one page of records matching the query. Every filter value is checked: one
// that cannot match anything (a status the kind does not have, an id of no such record) is
// refused naming its field, rather than answering "0 of 0". Titles sort in q.Lang, by
// default the language of the screens (Settings).
func (r *Records) List(query Query) (*ListView, error) {
	q, err := r.checkQuery(store.Query(query))
	if err != nil {
		return nil, err
	}
	st := r.App.Store
	page := st.Query(q)
	// An intervention's countries are those the country page counts it for (domain.Concerns),
	// which reads its points: only the rows of this page are read (docs/brief.md, "Talking
	// points").
	var ivs []string
	for _, s := range page.Items {
		if s.Kind == string(domain.KindIntervention) {
			ivs = append(ivs, s.ID)
		}
	}
	var ivCountries map[string][]string
	if len(ivs) > 0 {
		if ivCountries, err = st.InterventionCountries(ivs); err != nil {
			return nil, AsError(err)
		}
	}
	out := &ListView{Total: page.Total, Items: make([]ItemView, 0, len(page.Items)), Country: q.Country}
	for _, s := range page.Items {
		out.Items = append(out.Items, r.listItem(s, ivCountries))
	}
	return out, nil
}

// listItem is itemView with the list's reference columns, looked up in the index: a page
// costs a few map reads per row, no record read. An intervention's countries come from ivCountries.
func (r *Records) listItem(s store.Summary, ivCountries map[string][]string) ItemView {
	v := itemView(s)
	st := r.App.Store
	names := map[string]string{}
	countries := []string{}
	addCountry := func(c string) {
		if c != "" && !slices.Contains(countries, c) {
			countries = append(countries, c)
		}
	}
	intervention := s.Kind == string(domain.KindIntervention)
	if intervention {
		countries = append(countries, ivCountries[s.ID]...)
	} else {
		addCountry(s.ISO3)
		for _, c := range s.Countries {
			addCountry(c)
		}
	}
	for _, id := range s.Parties {
		if slices.Contains(v.Parties, id) {
			continue
		}
		v.Parties = append(v.Parties, id)
		if p, ok := st.Summary(id); ok {
			names[id] = p.Title
			if !intervention {
				addCountry(p.ISO3)
			}
		}
	}
	if s.Partnership != "" {
		v.Partnership = s.Partnership
		if p, ok := st.Summary(s.Partnership); ok {
			names[s.Partnership] = p.Title
		}
	}
	// An intervention has no date of its own: its row shows its meeting and the meeting's
	// start (the index's list date, none for a deleted meeting), so that two interventions by
	// the same speaker can be told apart.
	if intervention && s.Meeting != "" {
		v.Meeting = s.Meeting
		if m, ok := st.Summary(s.Meeting); ok {
			names[s.Meeting] = m.Title
		}
		v.Date = st.ListDate(s.ID)
	}
	if len(countries) > 0 {
		v.Countries = countries
	}
	if len(names) > 0 {
		v.Names = names
	}
	return v
}

// collator orders titles in the language of the screens.
func (r *Records) collator() (*collation.Collator, error) {
	p, err := (&Settings{App: r.App}).Prefs()
	if err != nil {
		return nil, err
	}
	return collation.Get(p.Language), nil
}

// Sorts lists the orders a list can have. Relevance ranks the matches of a text query
// (store.SortRelevance); without one it is the title order.
var Sorts = []string{"title", "date", "-date", "updated", "-updated", "status", store.SortRelevance}

// checkFilterApplies refuses a filter on a field the kind does not have (themes of meetings,
// money of parties): it would list nothing, as an unknown value would, without saying why.
func checkFilterApplies(q store.Query) error {
	k, ok := domain.ParseKind(q.Kind)
	if !ok {
		return nil // no kind: the filter applies to the kinds that have the field
	}
	has := func(field string) bool { _, ok := domain.FieldOf(k, field); return ok }
	for _, f := range []struct {
		name, field, what string
		set               bool
	}{
		{"theme", "themes", "themes", q.Theme != ""},
		{"framework_item", "framework_items", "framework items", q.FrameworkItem != "" && k != domain.KindFramework},
		{"currency", "funding", "funding", q.Currency != ""},
		{"has_funding", "funding", "funding", q.HasFunding},
	} {
		if !f.set || has(f.field) {
			continue
		}
		var kinds []string
		for _, o := range domain.Kinds {
			if _, ok := domain.FieldOf(o, f.field); ok {
				kinds = append(kinds, string(o))
			}
		}
		return InvalidP(f.name, domain.P("filter_not_applicable", "kind", string(k), "field", f.field, "kinds", strings.Join(kinds, ", ")))
	}
	return nil
}

// MaxQueryText is the longest text query, in characters: a search is a few words, and every
// word is matched against the index under its lock, which saves wait for.
const MaxQueryText = 500

func (r *Records) checkQuery(q store.Query) (store.Query, error) {
	if q.Kind != "" {
		if _, ok := domain.ParseKind(q.Kind); !ok {
			return q, InvalidP("kind", domain.P("not_a_kind", "value", q.Kind, "kinds", kindNames()))
		}
	}
	if q.Country != "" {
		// Read as a brief reads its country (a code or a name: "Tunisie", "Côte d’Ivoire"),
		// so that `record list --country` takes what `brief --country` takes.
		c, err := domain.ReadCountry(q.Country)
		if err != nil {
			return q, briefError(err)
		}
		q.Country = c.Alpha3
	}
	if q.Currency != "" {
		c, err := checkCurrency(q.Currency)
		if err != nil {
			return q, err
		}
		q.Currency = c
	}
	if n := utf8.RuneCountInString(q.Text); n > MaxQueryText {
		return q, InvalidP("q", domain.P("text_too_long", "length", strconv.Itoa(n), "max", strconv.Itoa(MaxQueryText)))
	}
	if q.Limit < 0 || q.Limit > store.MaxLimit { // 0: the default page
		return q, InvalidP("limit", domain.P("out_of_range", "value", strconv.Itoa(q.Limit), "min", "1", "max", strconv.Itoa(store.MaxLimit)))
	}
	if q.Offset < 0 || q.Offset > store.MaxOffset {
		return q, InvalidP("offset", domain.P("out_of_range", "value", strconv.Itoa(q.Offset), "min", "0", "max", strconv.Itoa(store.MaxOffset)))
	}
	for name, v := range map[string]string{"date_from": q.DateFrom, "date_to": q.DateTo} {
		if p, bad := domain.DateProblem(v); v != "" && bad {
			return q, InvalidP(name, p)
		}
	}
	if q.Theme != "" && domain.Label(domain.Themes, q.Theme) == q.Theme {
		return q, InvalidP("theme", enumProblem(q.Theme, "theme", domain.Themes))
	}
	if q.Status != "" {
		if err := checkStatus(domain.Kind(q.Kind), q.Status); err != nil {
			return q, err
		}
	}
	if err := checkFilterApplies(q); err != nil {
		return q, err
	}
	if q.FrameworkItem != "" {
		if _, shipped := domain.ReferenceItem(q.FrameworkItem); !shipped && !r.App.Store.FrameworkItemExists(q.FrameworkItem) {
			return q, InvalidP("framework_item", domain.P("framework_item", "value", q.FrameworkItem))
		}
	}
	for _, ref := range []struct {
		field string
		id    *string
		kind  domain.Kind
	}{{"party", &q.Party, domain.KindParty}, {"partnership", &q.Partnership, domain.KindPartnership},
		{"meeting", &q.Meeting, domain.KindMeeting}, {"commitment", &q.Commitment, domain.KindCommitment}} {
		if *ref.id == "" {
			continue
		}
		*ref.id = strings.ToLower(strings.TrimSpace(*ref.id))
		if s, ok := r.App.Store.Summary(*ref.id); !ok || s.Kind != string(ref.kind) {
			return q, InvalidP(ref.field, domain.P("reference_missing", "id", *ref.id, "kind", string(ref.kind)))
		}
	}
	if q.Sort != "" && !slices.Contains(Sorts, q.Sort) {
		return q, InvalidP("sort", domain.P("unknown_order", "value", q.Sort, "allowed", strings.Join(Sorts, ", ")))
	}
	if q.Lang == "" {
		p, err := (&Settings{App: r.App}).Prefs()
		if err != nil {
			return q, err
		}
		q.Lang = p.Language
	} else if q.Lang = strings.ToLower(strings.TrimSpace(q.Lang)); !validLanguage(q.Lang) {
		return q, InvalidP("lang", domain.P("not_available", "value", q.Lang, "allowed", strings.Join(Languages, ", ")))
	}
	return q, nil
}

// checkStatus accepts a status the kind has (statusLists; a party's status is its type), or
// one that some kind has when the list is of every kind. A refusal names the values to pick
// from, with their option list for the screens to label them.
func checkStatus(k domain.Kind, status string) error {
	if k != "" {
		opts, has := statusLists[k]
		switch {
		case !has:
			return InvalidP("status", domain.P("status_filter_none", "kind", string(k)))
		case domain.Label(opts, status) != status:
			return nil
		case k == domain.KindParty:
			return InvalidP("status", enumProblem(status, "party_type", opts, "kind", string(k)))
		}
		return InvalidP("status", enumProblem(status, string(k)+"_status", opts, "kind", string(k)))
	}
	for _, opts := range statusLists {
		if domain.Label(opts, status) != status {
			return nil
		}
	}
	return InvalidP("status", domain.P("status_filter_any", "value", status,
		"party", optionValues(domain.PartyTypes), "partnership", optionValues(domain.PartnershipStatuses),
		"commitment", optionValues(domain.CommitmentStatuses)))
}

// enumProblem refuses value as none of opts (the option list named list): "status_filter"
// or "party_type_filter" for a list's status filter, else "enum". The allowed values are
// whole, as domain's enum problem has them: a cut list would hide the values to use.
func enumProblem(value, list string, opts []domain.Option, kv ...string) domain.Problem {
	code := "enum"
	switch {
	case list == "party_type":
		code = "party_type_filter"
	case strings.HasSuffix(list, "_status"):
		code = "status_filter"
	}
	p := domain.P(code, append([]string{"value", value, "list", list}, kv...)...)
	p.Params["allowed"] = optionValues(opts)
	return p
}

// History lists every change of a record: when, who, which field, from what to what, and
// the bundle that brought it; people are named by the roster (historyView).
func (r *Records) History(id string) ([]HistoryEntry, error) {
	id = strings.ToLower(strings.TrimSpace(id))
	h, err := r.App.Store.History(id)
	if err != nil {
		return nil, AsError(err)
	}
	rec, err := r.App.Store.Get(id)
	if err == nil {
		schemaOrder(domain.Kind(rec.Kind), h)
	}
	view, verr := (&Sync{App: r.App}).historyView(h)
	if verr != nil || err != nil {
		return view, verr
	}
	for i := range view {
		view[i].RefNames = r.changeRefNames(domain.Kind(rec.Kind), view[i].Changes)
	}
	return view, nil
}

// changeRefNames names the records a history entry's values refer to: before, after, and
// the sides of a conflict it settled.
func (r *Records) changeRefNames(k domain.Kind, changes []oplog.Change) map[string]string {
	var names map[string]string
	for _, ch := range changes {
		vals := []json.RawMessage{ch.Old, ch.New, ch.Wrote}
		for _, sd := range ch.Settled {
			vals = append(vals, sd.Value)
		}
		for _, v := range vals {
			if len(v) == 0 {
				continue
			}
			for id, n := range r.refNames(k, map[string]json.RawMessage{ch.Field: v}) {
				if names == nil {
					names = map[string]string{}
				}
				names[id] = n
			}
		}
	}
	return names
}

// historyOf is History for a record whose kind is known, naming people from nm: the audit
// file reads every record's history with one roster.
func (r *Records) historyOf(id string, k domain.Kind, nm *historyNames) ([]HistoryEntry, error) {
	h, err := r.App.Store.History(id)
	if err != nil {
		return nil, AsError(err)
	}
	schemaOrder(k, h)
	return nm.view(h), nil
}

// schemaOrder puts each entry's changes in the order of the kind's fields, as forms and the
// record page show them: "deleted" first, then the schema's fields, then any other by name.
func schemaOrder(k domain.Kind, hist []store.Entry) {
	for _, e := range hist {
		schemaSort(k, e.Changes)
	}
}

// schemaSort puts one change's fields in schemaOrder's order (the import preview's too).
func schemaSort(k domain.Kind, changes []oplog.Change) {
	rank := map[string]int{"deleted": -1}
	for i, f := range domain.Schema(k) {
		rank[f.Name] = i
	}
	pos := func(f string) int {
		if n, ok := rank[f]; ok {
			return n
		}
		return len(rank)
	}
	sort.SliceStable(changes, func(i, j int) bool {
		pi, pj := pos(changes[i].Field), pos(changes[j].Field)
		return pi < pj || pi == pj && changes[i].Field < changes[j].Field
	})
}

// listCap is how many records Conflicts and Breaking read at most (of each of live and deleted
// for Conflicts): a page is built in memory and sent whole. A variable for the tests.
var listCap = store.MaxLimit

// ConflictList is the open conflicts the Conflicts screen lists, and how many records that is
// of all those with open conflicts: the dashboard counts them all (Home.Summary, by the same
// queries), so a list cut at listCap says "10,000 of 12,345 records shown" instead of
// disagreeing with it silently.
type ConflictList struct {
	Items   []ConflictView `json:"items"`
	Records int            `json:"records"` // the records whose conflicts are listed
	Total   int            `json:"total"`   // every record with open conflicts, as the dashboard counts them
}

// Conflicts lists every open conflict, those of at most listCap live and listCap deleted records.
func (r *Records) Conflicts() (ConflictList, error) {
	page := r.App.Store.Query(store.Query{Conflicted: true, Limit: listCap})
	deleted := r.App.Store.Query(store.Query{Conflicted: true, Deleted: true, Limit: listCap})
	out := []ConflictView{}
	list := ConflictList{Records: len(page.Items) + len(deleted.Items), Total: page.Total + deleted.Total}
	for _, s := range append(page.Items, deleted.Items...) {
		rec, err := r.App.Store.Get(s.ID)
		if err != nil {
			return ConflictList{}, AsError(err)
		}
		out = append(out, r.view(rec).Conflicts...)
	}
	if err := sortByTitle(r, out, func(c ConflictView) (string, *store.TitleParts) { return c.Title, c.Parts }); err != nil {
		return ConflictList{}, err
	}
	list.Items = out
	return list, nil
}

// sortByTitle orders the Conflicts screen's lists by their records' titles, in the
// collation of titles everywhere.
func sortByTitle[T any](r *Records, items []T, title func(T) (string, *store.TitleParts)) error {
	col, err := r.collator()
	if err != nil {
		return err
	}
	defer col.Release()
	sort.SliceStable(items, func(i, j int) bool {
		ti, pi := title(items[i])
		tj, pj := title(items[j])
		return col.Compare(store.EnglishTitle(ti, pi), store.EnglishTitle(tj, pj)) < 0
	})
	return nil
}

// BreakingList is the records that break a rule as the Conflicts screen lists them, at most
// listCap read, and how many there are (the dashboard's count), as ConflictList.
type BreakingList struct {
	Items   []BreakingView `json:"items"`
	Records int            `json:"records"` // the records read for the list
	Total   int            `json:"total"`   // every record that breaks a rule, as the dashboard counts them
}

// BreakingView is a record that breaks a rule as held, as the Conflicts screen lists it.
type BreakingView struct {
	Record string            `json:"record"`
	Kind   string            `json:"kind"`
	Title  string            `json:"title"`
	Parts  *store.TitleParts `json:"parts,omitempty"` // what a record without a title is named by
	// Problems are the rules it breaks, by field path, as on its page (RecordView.problems).
	Problems map[string]domain.Problem `json:"problems"`
	Names    map[string]string         `json:"names"` // the titles of the records its fields refer to, by id
}

// Breaking lists the live records that break a rule as held (docs/model.md, "One party, two
// roles"), by title as the conflicts are. The index's flag finds them: only these records
// are read.
func (r *Records) Breaking() (BreakingList, error) {
	out := []BreakingView{}
	page := r.App.Store.Query(store.Query{Breaking: true, Limit: listCap})
	list := BreakingList{Records: len(page.Items), Total: page.Total}
	for _, s := range page.Items {
		rec, err := r.App.Store.Get(s.ID)
		if err != nil {
			return BreakingList{}, AsError(err)
		}
		// What the page shows of it, without the rest of its view (its conflicts' bases read
		// its history).
		problems := store.RuleProblems(rec)
		if problems == nil {
			continue
		}
		k, fields := domain.Kind(rec.Kind), rec.Fields()
		out = append(out, BreakingView{Record: rec.ID, Kind: rec.Kind, Title: store.Title(k, fields), Parts: store.Parts(k, fields),
			Problems: problems, Names: r.refNames(k, fields)})
	}
	if err := sortByTitle(r, out, func(b BreakingView) (string, *store.TitleParts) { return b.Title, b.Parts }); err != nil {
		return BreakingList{}, err
	}
	list.Items = out
	return list, nil
}

// UndoResolve undoes the last resolution of a field: a new resolve operation (never a rewrite
// of the old one) that gives the field back the value that was winning before it. The
// conflict itself cannot come back, since the new operation has seen every side; a second
// UndoResolve redoes. Nothing is written when the resolution kept the winning value.
func (r *Records) UndoResolve(id, field string) (*RecordView, error) {
	id, rec, err := r.editable(id)
	if err != nil {
		return nil, err
	}
	if field == "deleted" {
		return nil, InvalidP("field", domain.P("resolve_deletion_undo"))
	}
	if len(rec.Heads(field)) > 1 {
		return nil, InvalidP("field", domain.P("conflict_still_open", "id", id, "field", field))
	}
	hist, err := r.App.Store.History(id)
	if err != nil {
		return nil, AsError(err)
	}
	prev, found := lastResolution(hist, field)
	if !found {
		return nil, InvalidP("field", domain.P("nothing_to_undo", "id", id, "field", field))
	}
	if prev == nil {
		return nil, InvalidP("field", domain.P("no_value_before", "id", id, "field", field))
	}
	if bytes.Equal(prev, rec.Value(field)) {
		return r.Get(id)
	}
	d, err := r.updateDraft(id, map[string]json.RawMessage{field: prev}, oplog.OpResolve)
	if err != nil {
		return nil, err
	}
	if err := r.save(*d); err != nil {
		return nil, AsError(err)
	}
	return r.Get(id)
}

// lastResolution finds the last change of field in a record's history and, when it was a
// resolution, the value that was winning just before it.
func lastResolution(hist []store.Entry, field string) (json.RawMessage, bool) {
	for i := len(hist) - 1; i >= 0; i-- {
		for _, c := range hist[i].Changes {
			if c.Field == field && c.Wrote == nil { // a change that lost shows nothing new
				return c.Old, hist[i].Type == oplog.OpResolve
			}
		}
	}
	return nil, false
}

// Resolve settles a conflict on a field, either by picking one author's value or by giving a
// new value. The resolution is an ordinary operation that has seen every side.
func (r *Records) Resolve(id, field, pickAuthor string, value json.RawMessage) (*RecordView, error) {
	id, rec, err := r.editable(id)
	if err != nil {
		return nil, err
	}
	heads := rec.Heads(field)
	if len(heads) < 2 {
		return nil, InvalidP("field", domain.P("no_conflict", "id", id, "field", field))
	}
	if (pickAuthor == "") == (value == nil) {
		return nil, InvalidP("value", domain.P("pick_or_value"))
	}
	if pickAuthor != "" {
		pickAuthor = strings.ToUpper(pickAuthor)
		for _, h := range heads {
			if h.Author == pickAuthor {
				value = h.Value
			}
		}
		if value == nil {
			return nil, InvalidP("pick", domain.P("not_in_conflict", "value", pickAuthor))
		}
	}
	if field == "deleted" {
		typ := oplog.OpRestore
		if string(value) == "true" {
			typ = oplog.OpDelete
		}
		if err := r.save(store.Draft{Type: typ, Kind: rec.Kind, Record: id}); err != nil {
			return nil, AsError(err)
		}
		return r.Get(id)
	}
	d, err := r.updateDraft(id, map[string]json.RawMessage{field: value}, oplog.OpResolve)
	if err != nil {
		return nil, err
	}
	if err := r.save(*d); err != nil {
		return nil, AsError(err)
	}
	return r.Get(id)
}
