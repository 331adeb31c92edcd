package store

import (
	"slices"
	"sort"
	"strings"
	"sync"
)

// index is the in-memory query index over record summaries: filters scan compact slots,
// text words go through an inverted index with a sorted dictionary for prefix search.
type index struct {
	mu       sync.RWMutex
	slots    []Summary
	byID     map[string]int
	postings map[string][]int32 // word -> slots that had it (may be stale; re-checked)
	dict     []string           // sorted words; rebuilt when dirty
	dirty    bool
	partyISO map[string]string // party id -> ISO3, for country filters
}

func newIndex() *index {
	return &index{byID: map[string]int{}, postings: map[string][]int32{}, partyISO: map[string]string{}}
}

func (ix *index) put(s Summary) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	slot, ok := ix.byID[s.ID]
	if !ok {
		slot = len(ix.slots)
		ix.slots = append(ix.slots, Summary{})
		ix.byID[s.ID] = slot
	}
	ix.slots[slot] = s
	for _, w := range s.Words {
		p := ix.postings[w]
		if len(p) == 0 {
			ix.dirty = true
		}
		if len(p) == 0 || p[len(p)-1] != int32(slot) {
			ix.postings[w] = append(p, int32(slot))
		}
	}
	if s.Kind == "party" {
		if s.ISO3 != "" && !s.Deleted {
			ix.partyISO[s.ID] = s.ISO3
		} else {
			delete(ix.partyISO, s.ID)
		}
	}
}

func (ix *index) get(id string) (Summary, bool) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if slot, ok := ix.byID[id]; ok {
		return ix.slots[slot], true
	}
	return Summary{}, false
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
	DateFrom      string `json:"date_from,omitempty"` // inclusive YYYY-MM-DD on the list date (due, start)
	DateTo        string `json:"date_to,omitempty"`
	Text          string `json:"q,omitempty"`
	Deleted       bool   `json:"deleted,omitempty"`    // list deleted records instead of live ones
	Conflicted    bool   `json:"conflicted,omitempty"` // only records with open conflicts
	Sort          string `json:"sort,omitempty"`       // title (default), date, -date, updated, -updated, status
	Offset        int    `json:"offset,omitempty"`
	Limit         int    `json:"limit,omitempty"`
}

// Page is one page of query results with the total count.
type Page struct {
	Total int       `json:"total"`
	Items []Summary `json:"items"`
}

func (ix *index) query(q Query) Page {
	ix.mu.Lock()
	if ix.dirty {
		ix.dict = ix.dict[:0]
		for w := range ix.postings {
			ix.dict = append(ix.dict, w)
		}
		sort.Strings(ix.dict)
		ix.dirty = false
	}
	ix.mu.Unlock()
	ix.mu.RLock()
	defer ix.mu.RUnlock()

	var candidates []int32
	words := Words(q.Text)
	if len(words) > 0 {
		candidates = ix.textCandidates(words)
	}
	countryParties := map[string]bool{}
	if q.Country != "" {
		for id, iso := range ix.partyISO {
			if iso == q.Country {
				countryParties[id] = true
			}
		}
	}
	match := func(s *Summary) bool {
		if (q.Kind != "" && s.Kind != q.Kind) || s.Deleted != q.Deleted {
			return false
		}
		if q.Conflicted && s.Conflicts == 0 {
			return false
		}
		if q.Status != "" && s.Status != q.Status {
			return false
		}
		if q.Theme != "" && !slices.Contains(s.Themes, q.Theme) {
			return false
		}
		if q.FrameworkItem != "" && !slices.Contains(s.Items, q.FrameworkItem) {
			return false
		}
		if q.Party != "" && !slices.Contains(s.Parties, q.Party) && s.ID != q.Party {
			return false
		}
		if q.Partnership != "" && s.Partnership != q.Partnership && s.ID != q.Partnership {
			return false
		}
		if q.Meeting != "" && s.Meeting != q.Meeting && s.ID != q.Meeting {
			return false
		}
		if q.DateFrom != "" && (s.Date == "" || s.Date < q.DateFrom) {
			return false
		}
		if q.DateTo != "" && (s.Date == "" || s.Date > q.DateTo) {
			return false
		}
		if q.Country != "" && s.ISO3 != q.Country && !slices.Contains(s.Countries, q.Country) {
			found := false
			for _, p := range s.Parties {
				if countryParties[p] {
					found = true
					break
				}
			}
			if !found {
				return false
			}
		}
		for _, w := range words {
			if !hasPrefixWord(s.Words, w) {
				return false
			}
		}
		return true
	}
	var hits []int32
	if candidates != nil || len(words) > 0 {
		for _, slot := range candidates {
			if match(&ix.slots[slot]) {
				hits = append(hits, slot)
			}
		}
	} else {
		for i := range ix.slots {
			if match(&ix.slots[i]) {
				hits = append(hits, int32(i))
			}
		}
	}
	total := len(hits)
	less := ix.order(q.Sort)
	limit := q.Limit
	if limit <= 0 {
		limit = 50
	}
	end := min(q.Offset+limit, total)
	if end < total && end <= 1024 {
		// Only the page is needed: select the first `end` by partial selection sort on a heap.
		hits = topK(hits, end, less)
	} else {
		sort.Slice(hits, func(i, j int) bool { return less(hits[i], hits[j]) })
	}
	page := Page{Total: total, Items: []Summary{}}
	if q.Offset < end {
		for _, slot := range hits[q.Offset:end] {
			page.Items = append(page.Items, ix.slots[slot])
		}
	}
	return page
}

// textCandidates returns slots having, for every query word, a word with that prefix.
func (ix *index) textCandidates(words []string) []int32 {
	var result map[int32]bool
	for _, w := range words {
		set := map[int32]bool{}
		i := sort.SearchStrings(ix.dict, w)
		for ; i < len(ix.dict) && strings.HasPrefix(ix.dict[i], w); i++ {
			for _, slot := range ix.postings[ix.dict[i]] {
				if result == nil || result[slot] {
					set[slot] = true
				}
			}
		}
		result = set
		if len(result) == 0 {
			return []int32{}
		}
	}
	out := make([]int32, 0, len(result))
	for slot := range result {
		out = append(out, slot)
	}
	return out
}

func hasPrefixWord(sorted []string, w string) bool {
	i := sort.SearchStrings(sorted, w)
	return i < len(sorted) && strings.HasPrefix(sorted[i], w)
}

func (ix *index) order(by string) func(a, b int32) bool {
	s := ix.slots
	title := func(a, b int32) bool {
		ta, tb := strings.ToLower(s[a].Title), strings.ToLower(s[b].Title)
		if ta != tb {
			return ta < tb
		}
		return s[a].ID < s[b].ID
	}
	switch by {
	case "date":
		return func(a, b int32) bool {
			da, db := s[a].Date, s[b].Date
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
			if s[a].Date != s[b].Date {
				return s[a].Date > s[b].Date
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

// topK returns the k smallest elements in order, in O(n log k).
func topK(xs []int32, k int, less func(a, b int32) bool) []int32 {
	h := make([]int32, 0, k) // max-heap by less
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
	for _, x := range xs {
		if len(h) < k {
			h = append(h, x)
			up(len(h) - 1)
		} else if less(x, h[0]) {
			h[0] = x
			down(0)
		}
	}
	sort.Slice(h, func(i, j int) bool { return less(h[i], h[j]) })
	return h
}
