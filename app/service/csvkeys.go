package service

import (
	"encoding/json"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/google/uuid"
	"golang.org/x/text/unicode/norm"

	"dossier/app/domain"
	"dossier/app/internal/textcap"
)

// Natural keys: what a CSV cell may write instead of a record's id (docs/csv.md,
// "References"). They come from the schema by field name, so a new kind with a title, name
// or code is referred to by it without changes here.
var keyFields = []struct{ field, via string }{
	{"iso3", "ISO3 code"},
	{"name", "name"},
	{"title", "title"},
	{"acronym", "acronym"},
	{"code", "code"},
}

type naturalKey struct{ text, via string }

// naturalKeys lists the keys of one record from its field values (text fields only).
func naturalKeys(k domain.Kind, val func(field string) string) []naturalKey {
	var out []naturalKey
	for _, kf := range keyFields {
		if _, ok := domain.FieldOf(k, kf.field); !ok {
			continue
		}
		v := normKey(val(kf.field))
		if v == "" {
			continue
		}
		if kf.field == "iso3" {
			v = strings.ToUpper(v)
			out = append(out, naturalKey{v, kf.via})
			if c, ok := domain.CountryByCode(v); ok {
				out = append(out, naturalKey{c.Name, "country name"}, naturalKey{c.NameFR, "French country name"})
				// The ISO names files written before hold, and the short forms. Not the formal
				// names: "Kingdom of Morocco" would become a key of every Moroccan party, and a
				// party titled so could no longer be named by its title.
				for _, n := range c.SearchNames()[1:] {
					if n != c.NameFR {
						out = append(out, naturalKey{n, "country name"})
					}
				}
			}
			continue
		}
		out = append(out, naturalKey{v, kf.via})
	}
	return out
}

// keyWays lists, for a message, the ways records of a kind can be named, as codes each
// language words ("id, iso3, country_names, name, acronym"; domain "keys").
func keyWays(k domain.Kind) string {
	ways := []string{"id"}
	for _, kf := range keyFields {
		if _, ok := domain.FieldOf(k, kf.field); ok {
			ways = append(ways, kf.field)
			if kf.field == "iso3" {
				ways = append(ways, "country_names")
			}
		}
	}
	return strings.Join(ways, ", ")
}

// normKey is the form in which keys are compared: exact, but with surrounding spaces
// removed and in Unicode NFC (macOS and some Excel versions write accents decomposed).
func normKey(s string) string { return norm.NFC.String(strings.TrimSpace(s)) }

// foldKey is the loose form used only to suggest candidates, never to accept a match:
// letters and digits alone, without case or accents ("Cote d Ivoire" ~ "Côte d'Ivoire").
func foldKey(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isID says whether a cell holds a record id rather than a natural key.
func isID(s string) bool {
	_, err := uuid.Parse(s)
	return err == nil && len(s) == 36
}

// keyed is one record that references may name: held in the store, or a row of the import.
type keyed struct {
	id    string
	label string // its title or name
	row   int    // 0 when held, else its row in the import
	file  string // the row's file, when the import has several
	keys  []naturalKey
}

// candidate is the record as a message names it: its label, ISO3 code, and id or row.
func (c keyed) candidate() domain.Candidate {
	out := domain.Candidate{Label: c.label, Row: c.row, File: c.file}
	if c.row == 0 {
		out.ID = c.id
	}
	for _, k := range c.keys {
		if k.via == "ISO3 code" {
			out.ISO3 = k.text
			break
		}
	}
	return out
}

// keyIndex resolves references written as ids or natural keys. The records of a kind are
// loaded on the first natural key of that kind, so an import that uses only ids reads none.
type keyIndex struct {
	load   func(k domain.Kind) []keyed // records held, except those the import itself writes
	rows   map[domain.Kind][]keyed     // records the import writes, with their new values
	kinds  map[domain.Kind]*kindKeys
	items  func() map[string]string // framework item codes known, with where they come from
	codes  map[string]string
	loaded bool
	done   map[[2]string]resolved // (kind, text): a file names the same few records often
	scans  int                    // searches for near names so far (each reads every key of a kind)
	// refused rows of the import, and their keys by kind (built on the first name that
	// resolves to nothing held or written): a name of a refused row says that row's number.
	refused     []refusedRow
	refusedKeys map[domain.Kind]map[string]refusedRow
	refusedIDs  map[string]refusedRow // the ids refused rows give, of no record held or written
}

// maxScans bounds the searches for near names in one import: a file of 100,000 rows that all
// name unknown records must not cost 100,000 passes over the store's records. Past it,
// unknown names are still refused, with exact-but-for-case suggestions only.
const maxScans = 200

type kindKeys struct {
	all    []keyed
	exact  map[string][]int // normalised key -> indexes into all
	iso    map[string][]int // upper-case ISO3 -> indexes
	folded map[string][]int // foldKey(key) -> indexes, for suggestions
	pos    map[string]int   // id -> index
}

func (ix *keyIndex) kind(k domain.Kind) *kindKeys {
	if kk, ok := ix.kinds[k]; ok {
		return kk
	}
	kk := &kindKeys{exact: map[string][]int{}, iso: map[string][]int{}, folded: map[string][]int{}, pos: map[string]int{}}
	var recs []keyed
	if ix.load != nil {
		recs = ix.load(k)
	}
	kk.all = append(recs, ix.rows[k]...)
	for i, r := range kk.all {
		kk.pos[r.id] = i
		seen := map[string]bool{}
		for _, key := range r.keys {
			m := kk.exact
			if key.via == "ISO3 code" {
				m = kk.iso
			}
			if !seen[key.via+"\x00"+key.text] {
				seen[key.via+"\x00"+key.text] = true
				m[key.text] = append(m[key.text], i)
			}
			if fk := foldKey(key.text); !seen["\x00"+fk] {
				seen["\x00"+fk] = true
				kk.folded[fk] = append(kk.folded[fk], i)
			}
		}
	}
	if ix.kinds == nil {
		ix.kinds = map[domain.Kind]*kindKeys{}
	}
	ix.kinds[k] = kk
	return kk
}

// resolved is what a name resolves to: a record id, or the problem that names the candidates.
type resolved struct {
	id      string
	problem *domain.Problem
}

// resolve returns the id a cell's text names as a record of kind k, or a problem naming the
// candidates (nil when resolved).
func (ix *keyIndex) resolve(k domain.Kind, text string) (string, *domain.Problem) {
	t := normKey(text)
	if id := strings.ToLower(t); isID(id) {
		// The id of a row refused before it could be named says that row, as its title does.
		if rr, ok := ix.refusedIDs[id]; ok && (rr.kind == k || rr.kind == "") {
			p := refusedRowProblem(rr, k, t)
			return "", &p
		}
		return id, nil
	}
	memo := [2]string{string(k), t}
	if r, ok := ix.done[memo]; ok {
		return r.id, r.problem
	}
	id, p := ix.lookup(k, t)
	if ix.done == nil {
		ix.done = map[[2]string]resolved{}
	}
	ix.done[memo] = resolved{id, p}
	return id, p
}

func (ix *keyIndex) lookup(k domain.Kind, t string) (string, *domain.Problem) {
	kk := ix.kind(k)
	var hits []int
	seen := map[string]bool{}
	for _, i := range append(append([]int(nil), kk.exact[t]...), kk.iso[strings.ToUpper(t)]...) {
		if !seen[kk.all[i].id] {
			seen[kk.all[i].id] = true
			hits = append(hits, i)
		}
	}
	if len(hits) == 1 {
		return kk.all[hits[0]].id, nil
	}
	if len(hits) > 1 {
		p := domain.P("csv_ref_ambiguous", domain.CandidateParams([]string{"value", t, "kind", string(k)}, kk.list(hits))...)
		return "", &p
	}
	if rr, ok := ix.refusedNamed(k, t); ok {
		p := refusedRowProblem(rr, k, t)
		return "", &p
	}
	near := kk.folded[foldKey(t)]
	if len(near) == 0 && ix.scans < maxScans {
		ix.scans++
		near = kk.near(t)
	}
	if len(near) > 0 {
		p := domain.P("csv_ref_near", domain.CandidateParams([]string{"value", t, "kind", string(k), "keys", keyWays(k)}, kk.list(near))...)
		return "", &p
	}
	p := domain.P("csv_ref_unknown", "value", t, "kind", string(k), "keys", keyWays(k))
	return "", &p
}

// refusedRowProblem is the problem of a reference t, to a record of kind k, that names the
// refused row rr: that row is the one to fix.
func refusedRowProblem(rr refusedRow, k domain.Kind, t string) domain.Problem {
	if rr.file != "" {
		return domain.P("csv_ref_refused_row_file", "value", t, "kind", string(k), "file", rr.file, "row", strconv.Itoa(rr.row))
	}
	return domain.P("csv_ref_refused_row", "value", t, "kind", string(k), "row", strconv.Itoa(rr.row))
}

// refusedNamed finds the first refused row of kind k (or of a kind not known) that the name
// t names by the same keys as a row that was not refused.
func (ix *keyIndex) refusedNamed(k domain.Kind, t string) (refusedRow, bool) {
	if len(ix.refused) == 0 {
		return refusedRow{}, false
	}
	keys, ok := ix.refusedKeys[k]
	if !ok {
		keys = map[string]refusedRow{}
		for _, rr := range ix.refused {
			if rr.kind != k && rr.kind != "" {
				continue
			}
			for _, nk := range naturalKeys(k, rr.value) {
				key := nk.text
				if nk.via == "ISO3 code" {
					key = "\x00" + key
				}
				if _, seen := keys[key]; !seen {
					keys[key] = rr
				}
			}
		}
		if ix.refusedKeys == nil {
			ix.refusedKeys = map[domain.Kind]map[string]refusedRow{}
		}
		ix.refusedKeys[k] = keys
	}
	if rr, ok := keys[t]; ok {
		return rr, true
	}
	rr, ok := keys["\x00"+strings.ToUpper(t)]
	return rr, ok
}

// list gives the records at idx as a message names them, by label, then id or row.
func (kk *kindKeys) list(idx []int) []domain.Candidate {
	out := make([]domain.Candidate, len(idx))
	for i, j := range idx {
		out[i] = kk.all[j].candidate()
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Label != b.Label {
			return a.Label < b.Label
		}
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Row != b.Row {
			return a.Row < b.Row
		}
		return a.ID < b.ID
	})
	return out
}

// near finds records with a key that contains t, or is contained in it, loosely (folded,
// at least 4 letters): "Europe" finds "European Union"; or that differs from it by a typo or
// two (one letter in 5, two in more): "Tunisa" finds "Tunisia", "Turkiey" "Türkiye".
func (kk *kindKeys) near(t string) []int {
	ft := foldKey(t)
	n := len([]rune(ft))
	if n < 4 {
		return nil
	}
	typos := 1
	if n >= 6 {
		typos = 2
	}
	var out []int
	for fk, idx := range kk.folded {
		if strings.Contains(fk, ft) || len([]rune(fk)) >= 4 && strings.Contains(ft, fk) || n >= 5 && withinEdits(ft, fk, typos) {
			out = append(out, idx...)
		}
	}
	sort.Ints(out)
	return slices.Compact(out)
}

// withinEdits reports whether a becomes b with at most k letters inserted, deleted or
// replaced (Levenshtein distance, rows cut off once past k).
func withinEdits(a, b string, k int) bool {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > k || -d > k {
		return false
	}
	prev, cur := make([]int, len(rb)+1), make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			best = min(best, cur[j])
		}
		if best > k {
			return false
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)] <= k
}

// names reports whether text is one of the keys (or the label) of the record with this id,
// for cross-checking a name column against its id column. known is false when the id is
// neither held nor in the import.
func (ix *keyIndex) names(k domain.Kind, id, text string) (ok, known bool, label string) {
	kk := ix.kind(k)
	t := normKey(text)
	i, held := kk.pos[id]
	if !held {
		return false, false, ""
	}
	r := kk.all[i]
	if r.label == t {
		return true, true, r.label
	}
	for _, key := range r.keys {
		if key.text == t || key.via == "ISO3 code" && key.text == strings.ToUpper(t) {
			return true, true, r.label
		}
	}
	return false, true, r.label
}

// item resolves a framework item code: exact, else the one code that differs only in case;
// else a problem listing the codes it could be.
func (ix *keyIndex) item(text string) (string, *domain.Problem) {
	if !ix.loaded {
		ix.codes = ix.items()
		ix.loaded = true
	}
	t := normKey(text)
	if _, ok := ix.codes[t]; ok {
		return t, nil
	}
	var same, prefix []string
	framework := func(code string) string { f, _, _ := strings.Cut(code, "-"); return foldKey(f) }
	fw := framework(t)
	for code := range ix.codes {
		if strings.EqualFold(code, t) {
			same = append(same, code)
		} else if fw != "" && framework(code) == fw {
			prefix = append(prefix, code)
		}
	}
	if len(same) == 1 {
		return same[0], nil
	}
	if len(same) > 1 {
		sort.Strings(same)
		codes, _ := fitList(same, len(same)) // codes alike but for case: a few at most
		p := domain.P("csv_item_ambiguous", "value", t, "codes", codes)
		return "", &p
	}
	if len(prefix) > 0 {
		sortCodes(prefix)
		f, _, _ := strings.Cut(prefix[0], "-")
		items, more := fitList(prefix, 30)
		p := domain.P("csv_item_unknown_in", "value", t, "framework", f, "items", items, "more", strconv.Itoa(more))
		return "", &p
	}
	var fws []string
	have := map[string]bool{}
	for code := range ix.codes {
		if p, _, _ := strings.Cut(code, "-"); !have[p] {
			have[p] = true
			fws = append(fws, p)
		}
	}
	sort.Strings(fws)
	known, more := fitList(fws, textcap.Items)
	p := domain.P("csv_item_unknown", "value", t, "frameworks", known, "more", strconv.Itoa(more))
	return "", &p
}

// fitList joins at most max codes with ", ", as many as fit in one problem parameter
// (domain.MaxParam), and says how many it left out.
func fitList(codes []string, max int) (string, int) {
	n, size := 0, 0
	for n < len(codes) && n < max && size+len(codes[n])+2 <= domain.MaxParam {
		size += len(codes[n]) + 2
		n++
	}
	return strings.Join(codes[:n], ", "), len(codes) - n
}

// sortCodes orders codes as people number them: GCM-2 before GCM-10.
func sortCodes(codes []string) {
	sort.Slice(codes, func(i, j int) bool {
		a, b := codes[i], codes[j]
		ai, bi := strings.LastIndex(a, "-"), strings.LastIndex(b, "-")
		if ai >= 0 && bi >= 0 && a[:ai] == b[:bi] && len(a) != len(b) {
			return len(a) < len(b)
		}
		return a < b
	})
}

// resolveValue rewrites the references inside one field's value (as ParseValue made it)
// from natural keys to ids. It returns the new value, the problems (one per element), the
// ids it names and the framework item codes it names.
func (ix *keyIndex) resolveValue(f domain.Field, raw json.RawMessage) (json.RawMessage, []domain.Problem, []string, []string) {
	var problems []domain.Problem
	var ids, codes []string
	one := func(text string) string {
		if f.Elem == "framework_item" {
			code, p := ix.item(text)
			if p != nil {
				problems = append(problems, *p)
				return text
			}
			codes = append(codes, code)
			return code
		}
		id, p := ix.resolve(f.Ref, text)
		if p != nil {
			problems = append(problems, *p)
			return text
		}
		ids = append(ids, id)
		return id
	}
	switch {
	case f.Type == domain.TypeRef:
		var s string
		if json.Unmarshal(raw, &s) != nil || strings.TrimSpace(s) == "" {
			return raw, nil, nil, nil
		}
		out, _ := json.Marshal(one(s))
		return out, problems, ids, codes
	case f.Type == domain.TypeSet && f.Elem == "party_role":
		var prs []map[string]any
		if json.Unmarshal(raw, &prs) != nil {
			return raw, nil, nil, nil // validation names the shape
		}
		for _, pr := range prs {
			if p, ok := pr["party"].(string); ok && strings.TrimSpace(p) != "" {
				pr["party"] = one(p)
			}
		}
		out, _ := json.Marshal(prs)
		return out, problems, ids, codes
	case f.Type == domain.TypeSet && (f.Ref != "" || f.Elem == "framework_item"):
		var elems []any
		if json.Unmarshal(raw, &elems) != nil {
			return raw, nil, nil, nil
		}
		for i, e := range elems {
			if s, ok := e.(string); ok && strings.TrimSpace(s) != "" {
				elems[i] = one(s)
			}
		}
		out, _ := json.Marshal(elems)
		return out, problems, ids, codes
	case f.Type == domain.TypeList && listHoldsRefs(f.Columns):
		out := mapListRefs(f.Columns, raw, "", func(where string, col domain.Field, text string) string {
			id, p := ix.resolve(col.Ref, text)
			if p != nil {
				problems = append(problems, inList(*p, where+col.Name))
				return text
			}
			ids = append(ids, id)
			return id
		})
		return out, problems, ids, nil
	}
	return raw, nil, nil, nil
}

// refersTo says whether a field's values can be written as natural keys and have a name
// column beside them: references and sets of references or framework items.
func refersTo(f domain.Field) bool {
	return f.Type == domain.TypeRef || f.Type == domain.TypeSet && (f.Ref != "" || f.Elem == "framework_item")
}

// holdsRefs says whether natural keys are resolved in a field: a reference field, or a list
// whose elements hold references (a funding entry's or an indicator value's country).
func holdsRefs(f domain.Field) bool {
	return refersTo(f) || f.Type == domain.TypeList && listHoldsRefs(f.Columns)
}

// inList is a problem found inside a list cell, with where ("1.values.3.country", domain.EntryPath).
func inList(p domain.Problem, where string) domain.Problem {
	return p.With("at", where) // a copy: the index keeps the problem of a name for every cell that writes it
}
