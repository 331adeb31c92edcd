package store

import (
	"encoding/binary"
	"math/bits"
	"slices"
	"sort"
	"strings"
	"sync"

	"dossier/app/domain"
	"dossier/app/internal/collation"
)

// index is the in-memory query index over record summaries: filters scan compact slots,
// text words go through an inverted index with a sorted dictionary for prefix search.
type index struct {
	mu       sync.RWMutex
	puts     uint64     // summaries stored so far: what was derived from the index is stale when it moves
	slots    []slot     // the summaries, compact; their words live in wordIDs
	wordIDs  [][]uint32 // per slot: the ids of its words
	byID     map[string]int
	wordID   map[string]uint32 // word -> id
	wordOf   []string          // id -> word
	postings [][]int32         // word id -> slots that had it (may be stale; re-checked)
	strs     map[string]string // interned short strings (kinds, statuses, dates, party ids…)
	dict     []string          // sorted words; rebuilt when dirty
	dirty    bool
	pending  [][]byte // per slot: words loaded at open, still encoded (summary.go), not yet in the inverted index
	// Postings are exact for a slot indexed once; a slot indexed again (its record changed)
	// may have stale ones, and so may every referrer once a label was replaced. Only those
	// candidates of a text query need their words checked again.
	reindexed   []bool
	labelsStale bool
	// attrs packs, per slot, what nearly every list filters on (kind, status, deleted, system
	// kind) into 4 bytes: a query over 100k records reads 400 KB rather than 17 MB of slots.
	attrs    []uint32
	codes    map[string]uint32 // kind or status -> code, from 1; 0 is ""
	npending int               // slots with pending words; 0 once the text index is complete
	partyISO map[string]string // party id -> ISO3, for country filters
	items    map[string]int    // framework item code -> live framework records defining it

	// References: a record is also found by the labels of what it refers to: its parties'
	// names, its partnership's title, its framework items' codes and titles, its themes' and
	// countries' names. The join is made here, when a query runs, so that renaming a party
	// changes what its commitments are found by without rewriting them, and so that words
	// shared by many records (a theme's label) are kept once (docs/storage.md, "The query index").
	ents     []entity
	entOf    map[entKey]int32
	entPost  map[uint32][]int32 // word id -> entities a label gave it (may be stale; re-checked)
	labelled map[int32][]int32  // slot -> entities its labels name

	// named keeps, per slot, what an intervention's points name (Store.InterventionCountries,
	// ivnamed.go): reading them is the costly part of the country page's rule.
	named ivNamed
}

// entKey names what records refer to.
type entKey struct {
	kind byte // refRecord, refItem, refTheme or refCountry
	key  string
}

const (
	refRecord  = 'r' // a party or partnership, by id
	refItem    = 'i' // a framework item, by code
	refTheme   = 't' // a theme, by value
	refCountry = 'c' // a country, by ISO 3166-1 alpha-3 code
)

// entity is one thing records refer to: what labels it, and who refers to it.
type entity struct {
	srcs  []entSrc // the labels naming it: records' (a framework item may be defined by several) and the binary's
	refBy []int32  // slots that referred to it (may be stale; re-checked)
}

type entSrc struct {
	slot  int32 // the record that gave the label; shipped for labels from the binary's lists
	words []uint32
}

const shipped = -1

// slot is what the index keeps of a summary: what every query filters and sorts on inline,
// the attributes few records have behind one pointer. 168 bytes rather than a Summary's 400:
// at 100k records that is 23 MB less held while idle, and less to copy as the index grows
// at open (docs/storage.md, "The query index").
type slot struct {
	ID, Title, Kind, Status, Date, Partnership string
	Updated                                    int64
	Conflicts                                  int32
	Deleted                                    bool
	Breaks                                     bool // in the padding after Deleted: the slot stays 168 bytes
	Parties, Themes                            []string
	x                                          *slotExtra // nil when all of it is empty
}

type slotExtra struct {
	ISO3, Meeting                          string
	Countries, Items, Commitments, Funding []string
	Parts                                  *TitleParts
	sortTitle                              string // for a record named by Parts (sortTitle)
}

var (
	noExtra   slotExtra
	emptySlot slot
)

func (s *slot) extra() *slotExtra {
	if s.x == nil {
		return &noExtra
	}
	return s.x
}

func newSlot(s *Summary) slot {
	sl := slot{ID: s.ID, Title: s.Title, Kind: s.Kind, Status: s.Status, Date: s.Date, Partnership: s.Partnership,
		Updated: s.Updated, Conflicts: int32(min(s.Conflicts, 1<<31-1)), Deleted: s.Deleted, Breaks: s.Breaks, Parties: s.Parties, Themes: s.Themes}
	if s.ISO3 != "" || s.Meeting != "" || s.Parts != nil || len(s.Countries)+len(s.Items)+len(s.Commitments)+len(s.Funding) > 0 {
		sl.x = &slotExtra{ISO3: s.ISO3, Meeting: s.Meeting, Countries: s.Countries, Items: s.Items, Commitments: s.Commitments, Funding: s.Funding}
		if s.Parts != nil {
			sl.x.Parts, sl.x.sortTitle = s.Parts, sortTitle(s.Title, s.Parts)
		}
	}
	return sl
}

// summary gives the slot back as the Summary it was made from, without its words and labels.
func (s *slot) summary() Summary {
	x := s.extra()
	return Summary{ID: s.ID, Kind: s.Kind, Deleted: s.Deleted, Title: s.Title, Parts: x.Parts, Status: s.Status, Date: s.Date, Updated: s.Updated,
		ISO3: x.ISO3, Parties: s.Parties, Countries: x.Countries, Themes: s.Themes, Items: x.Items, Partnership: s.Partnership,
		Meeting: x.Meeting, Commitments: x.Commitments, Funding: x.Funding, Conflicts: int(s.Conflicts), Breaks: s.Breaks}
}

// refSet is what a summary or a slot refers to (refs).
type refSet struct {
	kind, partnership                 string
	parties, items, themes, countries []string
}

func (s *Summary) refSet() refSet {
	return refSet{s.Kind, s.Partnership, s.Parties, s.Items, s.Themes, s.Countries}
}

func (s *slot) refSet() refSet {
	x := s.extra()
	return refSet{s.Kind, s.Partnership, s.Parties, x.Items, s.Themes, x.Countries}
}

func newIndex() *index {
	ix := &index{byID: map[string]int{}, wordID: map[string]uint32{}, strs: map[string]string{}, partyISO: map[string]string{}, items: map[string]int{},
		entOf: map[entKey]int32{}, entPost: map[uint32][]int32{}, labelled: map[int32][]int32{}}
	ix.shippedLabels()
	return ix
}

// shippedLabels gives the themes, countries and reference framework items their labels
// from the lists in the binary, in English and French where the binary has both.
func (ix *index) shippedLabels() {
	for _, o := range domain.Themes {
		ix.addLabel(shipped, entKey{refTheme, o.Value}, wordsOf(domain.ThemeLabels(o.Value)...))
	}
	for _, c := range domain.Countries() {
		ix.addLabel(shipped, entKey{refCountry, c.Alpha3}, wordsOf(append([]string{c.Alpha3}, c.SearchNames()...)...))
	}
	for _, code := range domain.ReferenceItemCodes() {
		it, _ := domain.ReferenceItem(code)
		ix.addLabel(shipped, entKey{refItem, code}, wordsOf(code, it.Title, it.Framework))
	}
}

func (ix *index) intern(v string) string {
	if v == "" {
		return ""
	}
	if c, ok := ix.strs[v]; ok {
		return c
	}
	v = strings.Clone(v)
	ix.strs[v] = v
	return v
}

func (ix *index) internAll(vs []string) []string {
	for i, v := range vs {
		vs[i] = ix.intern(v)
	}
	return slices.Clip(vs)
}

// putCount is how many summaries the index has stored: it moves with every change of a record.
func (ix *index) putCount() uint64 {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.puts
}

func (ix *index) put(s Summary) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.putLocked(s, false)
}

// putLocked stores a summary. With deferWords (loading at open) its words and references
// wait in pending until buildPending indexes them, so the first list does not wait for the
// text index. Labels are indexed at once: few records have them.
func (ix *index) putLocked(s Summary, deferWords bool) {
	ix.puts++
	slot, ok := ix.byID[s.ID]
	if !ok {
		slot = len(ix.slots)
		ix.slots = append(ix.slots, emptySlot)
		ix.wordIDs = append(ix.wordIDs, nil)
		ix.pending = append(ix.pending, nil)
		ix.reindexed = append(ix.reindexed, false)
		ix.attrs = append(ix.attrs, 0)
		ix.byID[s.ID] = slot
	}
	oldRefs := ix.slots[slot].refSet()
	old := &oldRefs // its references are indexed unless it is new or pending
	if ix.pending[slot] != nil {
		ix.pending[slot] = nil
		ix.npending--
		old = nil
	}
	if !ok {
		old = nil
	}
	if old != nil {
		ix.reindexed[slot] = true // its earlier postings stay behind
	}
	if deferWords {
		ix.pending[slot] = s.wordsEnc
		if ix.pending[slot] == nil {
			ix.pending[slot] = appendWordList(nil, s.Words)
		}
		ix.wordIDs[slot] = nil
		ix.npending++
	} else {
		ix.indexWords(int32(slot), s.Words)
		ix.indexRefs(int32(slot), old, s.refSet())
	}
	ix.setLabels(int32(slot), s.Kind, s.Labels)
	s.Words, s.Labels, s.wordsEnc = nil, nil, nil
	s.Kind, s.Status, s.Date, s.ISO3 = ix.intern(s.Kind), ix.intern(s.Status), ix.intern(s.Date), ix.intern(s.ISO3)
	s.Partnership, s.Meeting = ix.intern(s.Partnership), ix.intern(s.Meeting)
	s.Parties, s.Countries, s.Themes, s.Items = ix.internAll(s.Parties), ix.internAll(s.Countries), ix.internAll(s.Themes), ix.internAll(s.Items)
	s.Commitments, s.Funding = ix.internAll(s.Commitments), slices.Clip(s.Funding)
	sl := newSlot(&s)
	ix.named.forget(slot, &ix.slots[slot], &sl)
	ix.countItems(&ix.slots[slot], -1)
	ix.countItems(&sl, +1)
	ix.slots[slot] = sl
	ix.attrs[slot] = ix.attrsOf(&sl)
	if s.Kind == "party" {
		if s.ISO3 != "" && !s.Deleted {
			ix.partyISO[s.ID] = s.ISO3
		} else {
			delete(ix.partyISO, s.ID)
		}
	}
}

// Packed attributes (index.attrs): kind code, status code, flags.
const (
	codeMany     = 0xff // the 255th distinct value and after share a code: compare the strings
	attrDeleted  = 1 << 16
	attrSystem   = 1 << 17
	codeNotFound = 0x100 // a query value no record has (not a code any slot holds)
)

func (ix *index) code(v string) uint32 {
	if v == "" {
		return 0
	}
	if c, ok := ix.codes[v]; ok {
		return c
	}
	if len(ix.codes) >= codeMany-1 {
		return codeMany
	}
	if ix.codes == nil {
		ix.codes = map[string]uint32{}
	}
	c := uint32(len(ix.codes) + 1)
	ix.codes[v] = c
	return c
}

func (ix *index) attrsOf(s *slot) uint32 {
	a := ix.code(s.Kind) | ix.code(s.Status)<<8
	if s.Deleted {
		a |= attrDeleted
	}
	if strings.HasPrefix(s.Kind, "sys_") {
		a |= attrSystem
	}
	return a
}

// queryCode is the code a query value must have; codeMany when the strings must be compared.
func (ix *index) queryCode(v string) uint32 {
	if v == "" {
		return 0
	}
	if c, ok := ix.codes[v]; ok {
		return c
	}
	if len(ix.codes) >= codeMany-1 {
		return codeMany
	}
	return codeNotFound
}

// countItems adds or removes the framework items a live framework record defines.
func (ix *index) countItems(s *slot, delta int) {
	if s.Kind != "framework" || s.Deleted {
		return
	}
	for _, code := range s.extra().Items {
		if ix.items[code] += delta; ix.items[code] <= 0 {
			delete(ix.items, code)
		}
	}
}

// hasFrameworkItem reports whether a live framework record defines the item code.
func (ix *index) hasFrameworkItem(code string) bool {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.items[code] > 0
}

// word returns the id of a word, adding it to the dictionary if it is new.
func (ix *index) word(w string) uint32 {
	id, seen := ix.wordID[w]
	if !seen {
		ix.dirty = true
		id = uint32(len(ix.wordOf))
		w = strings.Clone(w) // must not pin the decoded summary's buffer
		ix.wordID[w] = id
		ix.wordOf = append(ix.wordOf, w)
		ix.postings = append(ix.postings, nil)
	}
	return id
}

// indexWords puts a slot's words into the inverted index.
func (ix *index) indexWords(slot int32, words []string) {
	ids := make([]uint32, len(words))
	for i, w := range words {
		id := ix.word(w)
		ids[i] = id
		if p := ix.postings[id]; len(p) == 0 || p[len(p)-1] != slot {
			ix.postings[id] = append(p, slot)
		}
	}
	ix.wordIDs[slot] = ids
}

// indexEncodedWords is indexWords for a list still encoded: a word already in the
// dictionary costs no string (100k records' words are loaded this way after each open).
func (ix *index) indexEncodedWords(slot int32, enc []byte) {
	n, _ := binary.Uvarint(enc) // the count comes first; checked when decoded
	ids := make([]uint32, 0, min(n, uint64(len(enc))))
	eachWord(enc, func(w []byte) bool {
		id, seen := ix.wordID[string(w)]
		if !seen {
			id = ix.word(string(w))
		}
		ids = append(ids, id)
		if p := ix.postings[id]; len(p) == 0 || p[len(p)-1] != slot {
			ix.postings[id] = append(p, slot)
		}
		return true
	})
	ix.wordIDs[slot] = ids
}

// refs calls fn with what a summary refers to, until fn returns true.
func refs(s refSet, fn func(entKey) bool) bool {
	for _, p := range s.parties {
		if fn(entKey{refRecord, p}) {
			return true
		}
	}
	if s.partnership != "" && fn(entKey{refRecord, s.partnership}) {
		return true
	}
	if s.kind != string(domain.KindFramework) { // a framework's items are its own, not references
		for _, code := range s.items {
			if fn(entKey{refItem, code}) {
				return true
			}
		}
	}
	for _, th := range s.themes {
		if fn(entKey{refTheme, th}) {
			return true
		}
	}
	for _, c := range s.countries {
		if fn(entKey{refCountry, c}) {
			return true
		}
	}
	return false
}

func (ix *index) entity(k entKey) int32 {
	e, ok := ix.entOf[k]
	if !ok {
		e = int32(len(ix.ents))
		ix.ents = append(ix.ents, entity{})
		k.key = ix.intern(k.key)
		ix.entOf[k] = e
	}
	return e
}

// indexRefs notes the slot as referring to what s refers to and old (its previous summary,
// nil when its references were never indexed) did not.
func (ix *index) indexRefs(slot int32, old *refSet, s refSet) {
	refs(s, func(k entKey) bool {
		if old != nil && refs(*old, func(o entKey) bool { return o == k }) {
			return false
		}
		e := ix.entity(k)
		ix.ents[e].refBy = append(ix.ents[e].refBy, slot)
		return false
	})
}

// setLabels replaces what the slot lends to the records that refer to it.
func (ix *index) setLabels(slot int32, kind string, labels []Label) {
	for _, e := range ix.labelled[slot] {
		ix.labelsStale = true // the label's words keep their postings to it
		ix.ents[e].srcs = slices.DeleteFunc(ix.ents[e].srcs, func(src entSrc) bool { return src.slot == slot })
	}
	delete(ix.labelled, slot)
	if len(labels) == 0 {
		return
	}
	k := byte(refRecord)
	if kind == string(domain.KindFramework) {
		k = refItem
	}
	named := make([]int32, 0, len(labels))
	for _, l := range labels {
		named = append(named, ix.addLabel(slot, entKey{k, l.Key}, l.Words))
	}
	ix.labelled[slot] = named
}

func (ix *index) addLabel(slot int32, k entKey, words []string) int32 {
	e := ix.entity(k)
	ids := make([]uint32, len(words))
	for i, w := range words {
		ids[i] = ix.word(w)
		if p := ix.entPost[ids[i]]; len(p) == 0 || p[len(p)-1] != e {
			ix.entPost[ids[i]] = append(p, e)
		}
	}
	ix.ents[e].srcs = append(ix.ents[e].srcs, entSrc{slot: slot, words: ids})
	return e
}

// buildPending indexes the words loaded at open, a few thousand records per hold of the
// lock, so that saves and queries interleave with it.
func (ix *index) buildPending() {
	for start := 0; ; start += 4096 {
		ix.mu.Lock()
		if start >= len(ix.pending) || ix.npending == 0 {
			if start > 0 {
				ix.trimPostings()
			}
			ix.mu.Unlock()
			return
		}
		for slot := start; slot < min(start+4096, len(ix.pending)); slot++ {
			if w := ix.pending[slot]; w != nil {
				ix.indexEncodedWords(int32(slot), w)
				ix.indexRefs(int32(slot), nil, ix.slots[slot].refSet())
				ix.pending[slot] = nil
				ix.npending--
			}
		}
		ix.mu.Unlock()
	}
}

// trimPostings gives back what growing the posting lists by appends left spare (a quarter
// of them on average), once the words loaded at open are indexed.
func (ix *index) trimPostings() {
	for id, p := range ix.postings {
		if cap(p)-len(p) > len(p)/8 {
			ix.postings[id] = append(make([]int32, 0, len(p)), p...)
		}
	}
}

// reserve makes room for n records before loading them.
func (ix *index) reserve(n int) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.slots = slices.Grow(ix.slots, n)
	ix.wordIDs = slices.Grow(ix.wordIDs, n)
	ix.pending = slices.Grow(ix.pending, n)
	ix.reindexed = slices.Grow(ix.reindexed, n)
	ix.attrs = slices.Grow(ix.attrs, n)
}

// compact drops the spare capacity that loading by appends leaves behind.
func (ix *index) compact() {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.slots = slices.Clip(append([]slot(nil), ix.slots...))
	ix.wordIDs = slices.Clip(append([][]uint32(nil), ix.wordIDs...))
	ix.pending = slices.Clip(append([][]byte(nil), ix.pending...))
	ix.reindexed = slices.Clip(append([]bool(nil), ix.reindexed...))
	ix.attrs = slices.Clip(append([]uint32(nil), ix.attrs...))
}

// has says whether a record is indexed. Every record held is (its summary is written with
// it, and learned when its transaction commits), so a record the index lacks is not held:
// a create need not look for it on disk.
func (ix *index) has(id string) bool {
	ix.mu.RLock()
	_, ok := ix.byID[id]
	ix.mu.RUnlock()
	return ok
}

func (ix *index) get(id string) (Summary, bool) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if slot, ok := ix.byID[id]; ok {
		return ix.slots[slot].summary(), true
	}
	return Summary{}, false
}

// breaks is the flag of the record id as indexed (Summary.Breaks), without copying its
// summary; false when the index does not hold it.
func (ix *index) breaks(id string) bool {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if slot, ok := ix.byID[id]; ok {
		return ix.slots[slot].Breaks
	}
	return false
}

// listDateOf is listDate of the record id; "" when the index does not hold it.
func (ix *index) listDateOf(id string) string {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if slot, ok := ix.byID[id]; ok {
		return ix.listDate(int32(slot))
	}
	return ""
}

// Query selects records. Empty fields do not filter.
type Query struct {
	Kind          string `json:"kind"`
	Country       string `json:"country,omitempty"` // ISO3: the record involves a party of that country, or names it
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
	Text          string `json:"q,omitempty"`
	Deleted       bool   `json:"deleted,omitempty"`    // list deleted records instead of live ones
	Conflicted    bool   `json:"conflicted,omitempty"` // only records with open conflicts
	Breaking      bool   `json:"breaking,omitempty"`   // only records that break a rule as held (Summary.Breaks)
	Sort          string `json:"sort,omitempty"`       // title (default), date, -date, updated, -updated, status, relevance (SortRelevance)
	Lang          string `json:"lang,omitempty"`       // the language whose collation orders titles (BCP 47, e.g. "fr"); empty: root order
	Offset        int    `json:"offset,omitempty"`
	Limit         int    `json:"limit,omitempty"`
}

// Bounds of a page (docs/storage.md, "Limits"). The service refuses a query outside them
// with a field error; the index clamps to them, so no query can make it panic.
const (
	DefaultLimit = 50         // rows when the query gives no limit
	MaxLimit     = 10000      // rows in one page: a page is built in memory and sent whole
	MaxOffset    = 10_000_000 // rows skipped: far more records than a store holds, and small enough that offset+limit cannot overflow
)

// Page is one page of query results with the total count.
type Page struct {
	Total int       `json:"total"`
	Items []Summary `json:"items"`
}

func (ix *index) query(q Query) Page { return ix.run(q, nil, nil) }

// each calls fn with every record q matches, in no order, under the index's read lock.
func (ix *index) each(q Query, fn func(Summary)) { ix.run(q, fn, nil) }

// run answers a query with a page, or with each set calls it for every match instead.
// concerns, when not nil, decides whether an intervention concerns q.Country (the country
// page's rule, which reads its points: Store.concerning); an intervention it does not hold is
// judged by the index's test, its tags and parties.
func (ix *index) run(q Query, each func(Summary), concerns map[string]bool) Page {
	words := QueryWords(q.Text)
	// A query of symbols only ("—", "***", an emoji) has no word to look for, and the index
	// holds only words: it matches nothing rather than everything (docs/storage.md, "What a
	// record is found by"). Blanks only are no query, as an empty search field.
	if len(words) == 0 && strings.TrimSpace(q.Text) != "" {
		return Page{Items: []Summary{}}
	}
	if len(words) > 0 {
		ix.sortDictionary()
		if afterDictionarySort != nil {
			afterDictionarySort()
		}
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()

	var candidates []uint64 // a bitset over slots
	// The dictionary was sorted before the read lock: words indexed since (the end of the
	// build at open, a save) are not in it, and candidates from it would miss their records.
	// Then, and while the index is being built, every slot is scanned instead.
	if len(words) > 0 && ix.npending == 0 && !ix.dirty {
		candidates = ix.textCandidates(words)
	}
	exact := candidates != nil && !ix.labelsStale
	// Most lists filter on kind, status and text only: those are decided from the packed
	// attributes and exact postings without reading the slot.
	qKind, qStatus := ix.queryCode(q.Kind), ix.queryCode(q.Status)
	packedOnly := q.Commitment == "" && !q.Conflicted && !q.Breaking && !q.HasFunding && q.Currency == "" && q.Theme == "" &&
		q.FrameworkItem == "" && q.Party == "" && q.Partnership == "" && q.Meeting == "" && q.DateFrom == "" &&
		q.DateTo == "" && q.Country == "" && qKind != codeMany && qStatus != codeMany
	countryParties := map[string]bool{}
	if q.Country != "" {
		for id, iso := range ix.partyISO {
			if iso == q.Country {
				countryParties[id] = true
			}
		}
	}
	match := func(slot int32) bool {
		a := ix.attrs[slot]
		switch {
		case q.Kind != "" && qKind != codeMany && a&0xff != qKind:
			return false
		case q.Status != "" && qStatus != codeMany && a>>8&0xff != qStatus:
			return false
		case (a&attrDeleted != 0) != q.Deleted:
			return false
		case q.Kind == "" && a&attrSystem != 0:
			return false // system records (trust statements) are not listed with the user's records
		case packedOnly && (len(words) == 0 || exact && !ix.reindexed[slot]):
			return true
		}
		s := &ix.slots[slot]
		x := s.extra()
		if (q.Kind != "" && s.Kind != q.Kind) || s.Deleted != q.Deleted {
			return false
		}
		if q.Kind == "" && strings.HasPrefix(s.Kind, "sys_") {
			return false // system records (trust statements) are not listed with the user's records
		}
		if q.Commitment != "" && !slices.Contains(x.Commitments, q.Commitment) {
			return false
		}
		if q.Conflicted && s.Conflicts == 0 {
			return false
		}
		if q.Breaking && !s.Breaks {
			return false
		}
		if q.HasFunding && len(x.Funding) == 0 {
			return false
		}
		if q.Currency != "" && !slices.ContainsFunc(x.Funding, func(f string) bool { return strings.HasPrefix(f, q.Currency+" ") }) {
			return false
		}
		if q.Status != "" && s.Status != q.Status {
			return false
		}
		if q.Theme != "" && !slices.Contains(s.Themes, q.Theme) {
			return false
		}
		if q.FrameworkItem != "" && !slices.Contains(x.Items, q.FrameworkItem) {
			return false
		}
		if q.Party != "" && !slices.Contains(s.Parties, q.Party) && s.ID != q.Party {
			return false
		}
		if q.Partnership != "" && s.Partnership != q.Partnership && s.ID != q.Partnership {
			return false
		}
		if q.Meeting != "" && x.Meeting != q.Meeting && s.ID != q.Meeting {
			return false
		}
		if q.DateFrom != "" || q.DateTo != "" {
			// Undated records (no due date, an intervention without a meeting) match no range.
			d := ix.listDate(slot)
			if d == "" || (q.DateFrom != "" && d < q.DateFrom) || (q.DateTo != "" && d > q.DateTo) {
				return false
			}
		}
		if q.Country != "" && !ix.concernsCountry(q.Country, s, x, countryParties, concerns) {
			return false
		}
		if exact && !ix.reindexed[slot] {
			return true // a candidate of exact postings has every word
		}
		for _, w := range words {
			if !ix.hasPrefixWord(slot, w) && !ix.refHasPrefixWord(s.refSet(), w) {
				return false
			}
		}
		return true
	}
	scan := func(visit func(int32)) {
		if candidates != nil {
			for j, word := range candidates {
				for word != 0 {
					visit(int32(j*64 + bits.TrailingZeros64(word)))
					word &= word - 1
				}
			}
			return
		}
		for i := range ix.slots {
			visit(int32(i))
		}
	}
	if each != nil {
		scan(func(slot int32) {
			if match(slot) {
				each(ix.slots[slot].summary())
			}
		})
		return Page{}
	}
	col := collation.Get(q.Lang)
	defer col.Release()
	less := ix.order(q.Sort, col, q.Lang)
	// Relevance: each match's tier is found once, as it matches, then compared as a number
	// before the title (docs/storage.md, "Relevance"). Without words it is the title order.
	var tiers []uint8
	var ph phrase
	if q.Sort == SortRelevance && len(words) > 0 {
		if ph = newPhrase(q.Text); len(ph.words) > 0 {
			tiers = make([]uint8, len(ix.slots))
			byTitle := less
			less = func(a, b int32) bool {
				if tiers[a] != tiers[b] {
					return tiers[a] < tiers[b]
				}
				return byTitle(a, b)
			}
		}
	}
	shown := shownLang(q.Lang)
	offset, limit := q.Offset, q.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	// Only the page is needed when it is near the start: the first offset+limit are kept on
	// a heap as records match, rather than every match collected and sorted.
	want := max(0, min(offset, MaxOffset)) + limit
	var top *topHeap
	if want <= 1024 {
		top = newTopHeap(want, less)
	}
	var hits []int32
	total := 0
	visit := func(slot int32) {
		if match(slot) {
			total++
			if tiers != nil {
				tiers[slot] = uint8(ix.rank(&ph, slot, shown))
			}
			if top != nil {
				top.push(slot)
			} else {
				hits = append(hits, slot)
			}
		}
	}
	scan(visit)
	if top != nil {
		hits = top.sorted()
	} else {
		sort.Slice(hits, func(i, j int) bool { return less(hits[i], hits[j]) })
	}
	offset = max(0, min(offset, total)) // the service refuses what is out of range; never panic here
	end := offset + min(limit, total-offset)
	page := Page{Total: total, Items: []Summary{}}
	if offset < end {
		for _, slot := range hits[offset:end] {
			page.Items = append(page.Items, ix.slots[slot].summary())
		}
	}
	return page
}

// concernsCountry is the country filter: an intervention concerns the country by the country
// page's rule when concerns has judged it; any other record when it is the country's party,
// names the country or involves one of the country's parties.
func (ix *index) concernsCountry(code string, s *slot, x *slotExtra, countryParties map[string]bool, concerns map[string]bool) bool {
	if s.Kind == string(domain.KindIntervention) {
		if c, judged := concerns[s.ID]; judged {
			return c
		}
	}
	if x.ISO3 == code || slices.Contains(x.Countries, code) {
		return true
	}
	return slices.ContainsFunc(s.Parties, func(p string) bool { return countryParties[p] })
}

// afterDictionarySort, set by tests, runs between a search's sort of the dictionary and its
// read of the index, where other writers may run.
var afterDictionarySort func()

// sortDictionary brings the sorted word list up to date before a text search: only searches
// need it, so saves that add words do not pay for sorting.
func (ix *index) sortDictionary() {
	ix.mu.RLock()
	dirty := ix.dirty
	ix.mu.RUnlock()
	if !dirty {
		return
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.dirty {
		ix.dict = append(ix.dict[:0], ix.wordOf...)
		sort.Strings(ix.dict)
		ix.dirty = false
	}
}

// textCandidates returns slots having, for every query word, a word with that prefix, their
// own or in the label of something they refer to. Sets
// are bitsets over slots: a union or an intersection over 100k records is a few thousand
// machine words.
func (ix *index) textCandidates(words []string) []uint64 {
	n := (len(ix.slots) + 63) / 64
	var result []uint64
	set := make([]uint64, n)
	for wi, w := range words {
		clear(set)
		i := sort.SearchStrings(ix.dict, w)
		for ; i < len(ix.dict) && strings.HasPrefix(ix.dict[i], w); i++ {
			id := ix.wordID[ix.dict[i]]
			for _, slot := range ix.postings[id] {
				set[slot>>6] |= 1 << (uint(slot) & 63)
			}
			for _, e := range ix.entPost[id] { // records referring to what a label with the word names
				for _, slot := range ix.ents[e].refBy {
					set[slot>>6] |= 1 << (uint(slot) & 63)
				}
			}
		}
		if wi == 0 {
			result, set = set, make([]uint64, n)
		} else {
			for j := range result {
				result[j] &= set[j]
			}
		}
	}
	return result
}

// hasPrefixWord re-checks a candidate: postings of changed records can be stale.
func (ix *index) hasPrefixWord(slot int32, w string) bool {
	found := false
	eachWord(ix.pending[slot], func(pw []byte) bool {
		found = len(pw) >= len(w) && string(pw[:len(w)]) == w
		return !found
	})
	if found {
		return true
	}
	for _, id := range ix.wordIDs[slot] {
		if strings.HasPrefix(ix.wordOf[id], w) {
			return true
		}
	}
	return false
}

// refHasPrefixWord says whether a label of something the record refers to has a word with
// the prefix: the query-time half of the join (see index).
func (ix *index) refHasPrefixWord(s refSet, w string) bool {
	return refs(s, func(k entKey) bool {
		e, ok := ix.entOf[k]
		if !ok {
			return false
		}
		for _, src := range ix.ents[e].srcs {
			for _, id := range src.words {
				if strings.HasPrefix(ix.wordOf[id], w) {
					return true
				}
			}
		}
		return false
	})
}

// listDate is the date a record's list row shows, sorts by and is filtered by (date_from,
// date_to): its own (due, start). An intervention has none: it goes by its meeting's start,
// the date its row shows (service.Records.listItem), joined here rather than kept in its
// summary (which depends on the record alone), so that a meeting moved moves its
// interventions. None ("") without a meeting, or when the meeting is deleted (as the country
// page shows it): undated, as a commitment without a due date.
// Called under the read lock.
func (ix *index) listDate(i int32) string {
	s := &ix.slots[i]
	if x := s.x; x != nil && x.Meeting != "" && s.Kind == string(domain.KindIntervention) {
		if j, ok := ix.byID[x.Meeting]; ok && !ix.slots[j].Deleted {
			return ix.slots[j].Date
		}
	}
	return s.Date
}

// shownLang is the language of the screens whose names a query in lang sorts by.
func shownLang(lang string) string {
	if lang == "fr" || strings.HasPrefix(lang, "fr-") {
		return "fr"
	}
	return "en"
}

// titleKey is what a record sorts by in a list sorted by title, the title shown in the
// language of the screens shown.
func (ix *index) titleKey(i int32, shown string) string {
	s := ix.slots
	if x := s[i].x; x != nil && x.Parts != nil {
		return x.sortTitle
	}
	if s[i].Kind == string(domain.KindParty) {
		// A party titled by one of a country's names is shown by the country's display
		// name in the language (the screens' countryPartyName): it sorts by what is shown.
		if c, ok := domain.CountryByName(s[i].Title); ok {
			return c.NameIn(shown)
		}
	}
	return s[i].Title
}

// rank is the relevance tier of a record for the query p (rankTitle), by the title shown.
// A party that stands for a country ranks by its own title and the country's names in
// both languages of the screens as well, so that "Morocco" and "Maroc" both rank it first
// in either language. A party whose names (its label: name, acronym, country's names) hold
// every word ranks as a title holding them, so that "IOM" finds the organisation before the
// records that merely refer to it; the label is a set of words, so no phrase is told there.
func (ix *index) rank(p *phrase, slot int32, shown string) int {
	key := ix.titleKey(slot, shown)
	tier := p.rankTitle(key)
	s := &ix.slots[slot]
	if tier == tierTitleBegins || s.Kind != string(domain.KindParty) {
		return tier
	}
	if c, ok := domain.CountryByName(s.Title); ok {
		for _, name := range []string{s.Title, c.NameIn("en"), c.NameIn("fr")} {
			if name != key {
				tier = min(tier, p.rankTitle(name))
			}
		}
	}
	if tier > tierTitleWords && ix.ownLabelHolds(p, slot) {
		tier = tierTitleWords
	}
	return tier
}

// ownLabelHolds says whether a label the record lends to others holds every word of p.
func (ix *index) ownLabelHolds(p *phrase, slot int32) bool {
	for _, e := range ix.labelled[slot] {
		for _, src := range ix.ents[e].srcs {
			if src.slot != slot {
				continue
			}
			all := true
			for i := 0; i < len(p.search) && all; i++ {
				all = slices.ContainsFunc(src.words, func(id uint32) bool { return strings.HasPrefix(ix.wordOf[id], p.search[i]) })
			}
			if all {
				return true
			}
		}
	}
	return false
}

func (ix *index) order(by string, col *collation.Collator, lang string) func(a, b int32) bool {
	s := ix.slots
	shown := shownLang(lang)
	key := func(i int32) string { return ix.titleKey(i, shown) }
	title := func(a, b int32) bool {
		if c := col.Compare(key(a), key(b)); c != 0 {
			return c < 0
		}
		return s[a].ID < s[b].ID
	}
	date := ix.listDate
	switch by {
	case "date":
		return func(a, b int32) bool {
			da, db := date(a), date(b)
			if da != db {
				if da == "" || db == "" {
					return db == "" // undated last
				}
				return da < db
			}
			return title(a, b)
		}
	case "-date":
		return func(a, b int32) bool {
			if da, db := date(a), date(b); da != db {
				return da > db
			}
			return title(a, b)
		}
	case "updated":
		return func(a, b int32) bool {
			if s[a].Updated != s[b].Updated {
				return s[a].Updated < s[b].Updated
			}
			return s[a].ID < s[b].ID
		}
	case "-updated":
		return func(a, b int32) bool {
			if s[a].Updated != s[b].Updated {
				return s[a].Updated > s[b].Updated
			}
			return s[a].ID < s[b].ID
		}
	case "status":
		return func(a, b int32) bool {
			if s[a].Status != s[b].Status {
				return s[a].Status < s[b].Status
			}
			return title(a, b)
		}
	}
	return title
}

// topHeap keeps the k smallest of the elements pushed, in O(n log k): a max-heap by less.
type topHeap struct {
	h    []int32
	k    int
	less func(a, b int32) bool
}

func newTopHeap(k int, less func(a, b int32) bool) *topHeap {
	return &topHeap{h: make([]int32, 0, min(k, 64)), k: k, less: less}
}

func (t *topHeap) push(x int32) {
	h, less := t.h, t.less
	up := func(i int) {
		for i > 0 {
			p := (i - 1) / 2
			if !less(h[p], h[i]) {
				break
			}
			h[p], h[i] = h[i], h[p]
			i = p
		}
	}
	down := func(i int) {
		for {
			l, r, m := 2*i+1, 2*i+2, i
			if l < len(h) && less(h[m], h[l]) {
				m = l
			}
			if r < len(h) && less(h[m], h[r]) {
				m = r
			}
			if m == i {
				return
			}
			h[m], h[i] = h[i], h[m]
			i = m
		}
	}
	switch {
	case len(h) < t.k:
		h = append(h, x)
		t.h = h
		up(len(h) - 1)
	case t.k > 0 && less(x, h[0]):
		h[0] = x
		down(0)
	}
}

// sorted returns the kept elements, smallest first.
func (t *topHeap) sorted() []int32 {
	sort.Slice(t.h, func(i, j int) bool { return t.less(t.h[i], t.h[j]) })
	return t.h
}
