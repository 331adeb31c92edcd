package service

import (
	"bytes"
	"container/heap"
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"dossier/app/admit"
	"dossier/app/domain"
	"dossier/app/oplog"
	"dossier/app/store"
)

// The second half of an import: ids, references and order, then the changes to store.

// assignIDs checks the ids given, finds the records they update, and gives new rows an id
// (so that other rows can refer to them by natural key before anything is stored).
func (im *csvImport) assignIDs() {
	im.byID = map[string]*csvRow{}
	for _, r := range im.rows {
		if r.id == "" {
			r.id, r.noID = newID(), true
		} else if !isID(r.id) {
			im.failCode(r, "id", domain.P("csv_id_invalid", "value", r.id))
			continue
		} else if admit.Reserved(r.id) { // Dossier's own records (trust statements): no row may create or change one
			im.failCode(r, "id", domain.P("csv_id_reserved", "value", r.id))
			continue
		}
		if prev, dup := im.byID[r.id]; dup {
			if im.multi {
				im.failCode(r, "id", domain.P("csv_id_twice_file", "file", prev.file, "row", strconv.Itoa(prev.row)))
			} else {
				im.failCode(r, "id", domain.P("csv_id_twice", "row", strconv.Itoa(prev.row)))
			}
			continue
		}
		im.byID[r.id] = r
		rec, err := im.c.App.Store.Get(r.id)
		if err != nil {
			continue // a new record with a chosen id
		}
		switch {
		case rec.Kind != string(r.kind) && strings.HasPrefix(rec.Kind, "sys_"):
			// A record Dossier keeps itself (a trust statement) has no kind a reader knows.
			im.failCode(r, "id", domain.P("csv_id_system", "system", rec.Kind, "kind", string(r.kind)))
		case rec.Kind != string(r.kind):
			im.failCode(r, "id", domain.P("csv_id_other_kind", "is", rec.Kind, "kind", string(r.kind)))
		case rec.Deleted():
			title := store.EnglishTitle(store.Title(r.kind, rec.Fields()), store.Parts(r.kind, rec.Fields()))
			im.failCode(r, "id", domain.P("csv_id_deleted", "kind", string(r.kind), "title", title, "id", r.id))
		default:
			r.exists, r.held = true, rec.Fields()
		}
	}
	im.ix = &keyIndex{load: im.heldKeys, rows: map[domain.Kind][]keyed{}, items: im.itemCodes}
	for _, r := range im.rows {
		if im.byID[r.id] != r {
			rr := refusedRow{row: r.row, kind: r.kind, cells: r.cells}
			if im.multi {
				rr.file = r.file
			}
			im.refused = append(im.refused, rr)
			continue
		}
		val := r.value
		label := ""
		for _, f := range []string{"title", "name", "code"} {
			if label == "" {
				label = normKey(val(f))
			}
		}
		k := keyed{id: r.id, label: label, row: r.row, keys: naturalKeys(r.kind, val)}
		if im.multi {
			k.file = r.file
		}
		im.ix.rows[r.kind] = append(im.ix.rows[r.kind], k)
	}
	im.ix.refused = im.refused
	im.ix.refusedIDs = im.refusedIDs()
	im.refuseHeldParties()
}

// refusedIDs lists the ids written in refused rows that name no record otherwise: not one a
// row of the import writes, nor one held (a reference to it is that record, whatever the row
// that gives it), nor one Dossier keeps for itself. A reference by such an id names the
// refused row (docs/csv.md, "References"). Only rows whose kind cell was refused are left:
// a row refused for its id has an id that is held, written twice or no id.
func (im *csvImport) refusedIDs() map[string]refusedRow {
	var ids map[string]refusedRow
	for _, rr := range im.refused {
		id := strings.ToLower(normKey(rr.value("id")))
		if !isID(id) || admit.Reserved(id) || im.byID[id] != nil {
			continue
		}
		if _, seen := ids[id]; seen {
			continue
		}
		if _, err := im.c.App.Store.Get(id); err == nil {
			continue
		}
		if ids == nil {
			ids = map[string]refusedRow{}
		}
		ids[id] = rr
	}
	return ids
}

// refuseHeldParties refuses a party row without an id whose name and ISO3 code are those of
// a party already held: the same file imported twice. Imported, it would make a second
// Morocco, and every later "Morocco" or "MAR" in a file could be either (docs/csv.md,
// "Importing a file again").
func (im *csvImport) refuseHeldParties() {
	var held map[string]keyed // folded name + ISO3 -> a held party
	for _, r := range im.rows {
		if r.kind != domain.KindParty || !r.noID || im.byID[r.id] != r {
			continue
		}
		if held == nil {
			held = map[string]keyed{}
			for _, k := range im.ix.kind(domain.KindParty).all {
				for _, nk := range k.keys {
					if k.row == 0 && nk.via == "name" { // the name as stored, not as shown
						held[partyKey(nk.text, k.candidate().ISO3)] = k
					}
				}
			}
		}
		name := normKey(r.value("name"))
		if h, ok := held[partyKey(name, strings.ToUpper(normKey(r.value("iso3"))))]; ok && name != "" {
			im.failCode(r, "name", domain.P("csv_party_held", "name", h.label, "id", h.id))
		}
	}
}

func partyKey(name, iso3 string) string { return foldKey(name) + "\x00" + iso3 }

// value is a text field as the import leaves it: the row's cell, else the held value.
func (r *csvRow) value(field string) string {
	if t, ok := r.cells[field]; ok {
		return t
	}
	var s string
	_ = json.Unmarshal(r.held[field], &s)
	return s
}

// heldKeys lists the live records of a kind that the import does not itself write.
func (im *csvImport) heldKeys(k domain.Kind) []keyed {
	return liveKeys(im.c.App.Store, k, func(id string) bool { _, mine := im.byID[id]; return mine })
}

// liveKeys lists the natural keys of the live records of a kind, except those skip names.
func liveKeys(st *store.Store, k domain.Kind, skip func(id string) bool) []keyed {
	var out []keyed
	for off := 0; ; {
		page := st.Query(store.Query{Kind: string(k), Offset: off, Limit: store.MaxLimit})
		for _, s := range page.Items {
			if skip(s.ID) {
				continue
			}
			rec, err := st.Get(s.ID)
			if err != nil {
				continue
			}
			fields := rec.Fields()
			val := func(f string) string {
				var v string
				_ = json.Unmarshal(fields[f], &v)
				return v
			}
			out = append(out, keyed{id: s.ID, label: s.Title, keys: naturalKeys(k, val)})
		}
		off += len(page.Items)
		if len(page.Items) == 0 || off >= page.Total {
			return out
		}
	}
}

// itemCodes lists the framework item codes an import may use: the shipped ones, those of
// held frameworks, and those of framework rows in the import.
func (im *csvImport) itemCodes() map[string]string {
	codes := map[string]string{}
	for _, c := range domain.ReferenceItemCodes() {
		codes[c] = ""
	}
	add := func(raw json.RawMessage) {
		var items []domain.FrameworkItem
		_ = json.Unmarshal(raw, &items)
		for _, it := range items {
			if it.Code != "" {
				codes[it.Code] = ""
			}
		}
	}
	st := im.c.App.Store
	page := st.Query(store.Query{Kind: string(domain.KindFramework), Limit: store.MaxLimit})
	for _, s := range page.Items {
		if _, mine := im.byID[s.ID]; mine {
			continue
		}
		if rec, err := st.Get(s.ID); err == nil {
			add(rec.Value("items"))
		}
	}
	for _, r := range im.rows {
		if r.kind == domain.KindFramework {
			add(im.rowItems(r))
		}
	}
	return codes
}

func (im *csvImport) rowItems(r *csvRow) json.RawMessage {
	if t, ok := r.cells["items"]; ok {
		v, err := ParseValue(r.kind, "items", t)
		if err != nil {
			return nil
		}
		return v
	}
	return r.held["items"]
}

// resolveAll turns every row's cells into field values, with references resolved to ids.
func (im *csvImport) resolveAll() {
	itemRows := map[string][]*csvRow{} // framework item code -> framework rows that define it
	for _, r := range im.rows {
		if r.kind == domain.KindFramework {
			var items []domain.FrameworkItem
			_ = json.Unmarshal(im.rowItems(r), &items)
			for _, it := range items {
				itemRows[it.Code] = append(itemRows[it.Code], r)
			}
		}
	}
	for _, r := range im.rows {
		if im.byID[r.id] != r {
			continue
		}
		r.fields = map[string]json.RawMessage{}
		for _, f := range domain.Schema(r.kind) {
			v, ok := im.fieldValue(r, f)
			if !ok {
				continue
			}
			ids, codes := refElems(f, v)
			for _, id := range ids {
				if dep := im.byID[id]; dep != nil && dep != r && !dep.exists {
					r.deps = append(r.deps, dep)
				}
			}
			for _, code := range codes {
				r.deps = append(r.deps, itemRows[code]...)
			}
			r.fields[f.Name] = v
		}
	}
}

// fieldValue reads one field of a row from its column and, for references, its name
// column. ok is false when the row has neither column, or when a cell was refused.
func (im *csvImport) fieldValue(r *csvRow, f domain.Field) (json.RawMessage, bool) {
	text, has := r.cells[f.Name]
	nc := nameColumn(r.kind, f)
	names, hasNames := r.cells[nc]
	if !has && !hasNames {
		return nil, false
	}
	parse := func(col, text string) (json.RawMessage, bool) {
		v, err := ParseValue(r.kind, f.Name, text)
		if err != nil {
			im.parseError(r, col, f.Name, err)
			return nil, false
		}
		if f.Format() == "iso3" {
			var problems []domain.Problem
			if v, problems = countryCodes(v); len(problems) > 0 {
				for _, p := range problems {
					im.failCode(r, col, p)
				}
				return nil, false
			}
		}
		if !holdsRefs(f) {
			return v, true
		}
		typed := v
		v, problems, _, _ := im.ix.resolveValue(f, v)
		r.noteTyped(f, typed, v)
		for _, p := range problems {
			im.failCode(r, col, p)
		}
		return v, len(problems) == 0
	}
	switch {
	case strings.TrimSpace(text) != "":
		v, ok := parse(f.Name, text)
		if ok && hasNames && strings.TrimSpace(names) != "" {
			ok = im.crossCheck(r, f, nc, v, names)
		}
		return v, ok
	case hasNames && strings.TrimSpace(names) != "":
		return parse(nc, names)
	case has && r.kept[f.Name] && f.FreeText():
		b, _ := json.Marshal(text) // blanks written in quotes: kept (docs/csv.md, "Blank cells")
		return b, true
	}
	v, err := ParseValue(r.kind, f.Name, "") // both empty: the field is cleared
	return v, err == nil
}

// countryCodes reads the countries of a country field's value (a party's ISO3 code, an
// intervention's set of them) as every country written in a file is read, with
// domain.ReadCountry (a code alpha-3 or alpha-2 in any case, a name in English or French),
// and writes them as their alpha-3 codes; a text that is no country, or that is ambiguous, is
// refused with the reader's problem, which names it. Elements that are no text are left for
// validation.
func countryCodes(v json.RawMessage) (json.RawMessage, []domain.Problem) {
	var one string
	if json.Unmarshal(v, &one) == nil {
		if one == "" {
			return v, nil
		}
		c, err := domain.ReadCountry(one)
		if ce := (*domain.CountryError)(nil); errors.As(err, &ce) {
			return v, []domain.Problem{ce.Problem}
		}
		out, _ := json.Marshal(c.Alpha3)
		return out, nil
	}
	var elems []json.RawMessage // elements that are no text stay as written, for validation
	if json.Unmarshal(v, &elems) != nil {
		return v, nil
	}
	var problems []domain.Problem
	for i, e := range elems {
		var s string
		if len(e) == 0 || e[0] != '"' || json.Unmarshal(e, &s) != nil { // null too
			continue
		}
		c, err := domain.ReadCountry(s)
		if ce := (*domain.CountryError)(nil); errors.As(err, &ce) {
			problems = append(problems, ce.Problem)
		} else {
			elems[i], _ = json.Marshal(c.Alpha3)
		}
	}
	out, err := json.Marshal(elems)
	if err != nil || len(problems) > 0 {
		return v, problems
	}
	return out, nil
}

// noteTyped remembers the text each reference of a cell was written as, so that a problem
// the validator finds later (on ids) quotes the cell as the reader wrote it. A text written
// twice for one id (TUN; Tunisia) leaves the later one: the validator names the repeat.
func (r *csvRow) noteTyped(f domain.Field, typed, resolved json.RawMessage) {
	texts, _ := refParts(f, typed)
	ids, _ := refParts(f, resolved)
	for i, id := range ids {
		if i < len(texts) && texts[i] != id {
			if r.typed == nil {
				r.typed = map[string]string{}
			}
			r.typed[id] = texts[i]
		}
	}
}

// asTyped is a problem whose quoted value is an id this row resolved from a text, with that
// text instead ("TUN" is listed twice, not its id).
func (r *csvRow) asTyped(p domain.Problem) (domain.Problem, bool) {
	text, ok := r.typed[p.Params["value"]]
	if !ok {
		return p, false
	}
	return p.With("value", text), true
}

// parseError reports a cell ParseValue refused, with its problem when it has one.
func (im *csvImport) parseError(r *csvRow, col, field string, err error) {
	e := AsError(err)
	msg := e.Fields[field]
	if msg == "" {
		msg = e.Message
	}
	var p *domain.Problem
	if pr, ok := e.Problems[field]; ok {
		p = &pr
	}
	im.failP(r, col, msg, p)
}

// crossCheck: a name column written next to an id column must name the same records, in
// the same order (as exports write them). A name that differs means someone changed one
// column and not the other; guessing which would silently change a reference.
func (im *csvImport) crossCheck(r *csvRow, f domain.Field, nc string, v json.RawMessage, namesText string) bool {
	nv, err := ParseValue(r.kind, f.Name, namesText)
	if err != nil {
		im.parseError(r, nc, f.Name, err)
		return false
	}
	ids, roles := refParts(f, v)
	names, nameRoles := refParts(f, nv)
	mismatch := func(code string, kv ...string) bool {
		im.failCode(r, nc, domain.P(code, append(kv, "field", f.Name, "column", nc)...))
		return false
	}
	if len(ids) != len(names) {
		return mismatch("csv_names_count", "count", strconv.Itoa(len(names)), "ids", strconv.Itoa(len(ids)))
	}
	for i, id := range ids {
		name := names[i]
		if isID(strings.ToLower(normKey(name))) {
			if strings.ToLower(normKey(name)) != id {
				return mismatch("csv_names_id", "value", name, "id", id)
			}
			continue
		}
		ok, known, label := im.ix.names(f.Ref, id, name)
		if !known {
			continue // the id itself is refused by validation
		}
		if !ok {
			return mismatch("csv_names_other", "value", normKey(name), "id", id, "label", label)
		}
		if roles != nil && roles[i] != nameRoles[i] {
			return mismatch("csv_names_role", "value", normKey(name), "role", nameRoles[i], "field_role", roles[i])
		}
	}
	return true
}

// refParts lists the references in a field value in order (and the roles, for party roles).
func refParts(f domain.Field, v json.RawMessage) (refs, roles []string) {
	switch {
	case f.Type == domain.TypeRef:
		var s string
		if json.Unmarshal(v, &s) == nil && s != "" {
			refs = []string{s}
		}
	case f.Elem == "party_role":
		var prs []struct{ Party, Role string }
		_ = json.Unmarshal(v, &prs)
		for _, pr := range prs {
			refs, roles = append(refs, pr.Party), append(roles, strings.TrimSpace(pr.Role))
		}
	case f.Type == domain.TypeSet:
		_ = json.Unmarshal(v, &refs)
	}
	return refs, roles
}

// refElems lists the record ids and framework item codes a resolved value names.
func refElems(f domain.Field, v json.RawMessage) (ids, codes []string) {
	if f.Type == domain.TypeList && listHoldsRefs(f.Columns) {
		mapListRefs(f.Columns, v, "", func(_ string, _ domain.Field, text string) string {
			ids = append(ids, text)
			return text
		})
		return ids, nil
	}
	if !refersTo(f) {
		return nil, nil
	}
	refs, _ := refParts(f, v)
	if f.Elem == "framework_item" {
		return nil, refs
	}
	return refs, nil
}

// precheck runs when the import is already refused: it puts each row's other fields through
// the domain validator (the one Store.Save applies), so that the report lists their problems
// too, not only after the first ones are fixed. Reference fields are left out (they are
// resolved above); lists that hold references are checked once theirs resolved (they hold
// ids then). Nothing here admits a row: only Store.Save does.
func (im *csvImport) precheck() {
	for _, r := range im.rows {
		if im.byID[r.id] != r || r.failed[""] || r.fields == nil {
			continue
		}
		fields := map[string]json.RawMessage{}
		for name, v := range r.fields {
			f, _ := domain.FieldOf(r.kind, name)
			if !refersTo(f) && !r.failed[name] && !r.failed[nameColumn(r.kind, f)] {
				fields[name] = v
			}
		}
		if err := domain.ValidateFields(r.kind, fields, nil); err != nil {
			im.cellErrors(r, err)
		}
	}
}

// order sorts the rows so that each comes after the rows it refers to (Kahn's algorithm);
// among rows free to go, by kind (party, framework, partnership, meeting, commitment,
// intervention), then in file order. Rows that refer to each other in a circle are refused.
func (im *csvImport) order() []*csvRow {
	var rows []*csvRow
	pos := map[*csvRow]int{}
	for _, r := range im.rows {
		if im.byID[r.id] == r {
			pos[r] = len(rows)
			rows = append(rows, r)
		}
	}
	waiting := make([]int, len(rows))
	next := make([][]int, len(rows))
	for i, r := range rows {
		seen := map[*csvRow]bool{}
		for _, d := range r.deps {
			if !seen[d] {
				seen[d] = true
				waiting[i]++
				next[pos[d]] = append(next[pos[d]], i)
			}
		}
	}
	ready := &rowQueue{less: func(a, b int) bool {
		if ra, rb := kindRank(rows[a].kind), kindRank(rows[b].kind); ra != rb {
			return ra < rb
		}
		return a < b
	}}
	for i := range rows {
		if waiting[i] == 0 {
			ready.items = append(ready.items, i)
		}
	}
	heap.Init(ready)
	var out []int
	for ready.Len() > 0 {
		i := heap.Pop(ready).(int)
		out = append(out, i)
		for _, j := range next[i] {
			if waiting[j]--; waiting[j] == 0 {
				heap.Push(ready, j)
			}
		}
	}
	if len(out) < len(rows) {
		// One file (the screen's case): the row numbers, which each language words; several:
		// the files and rows, as the command line names them.
		var circle []string
		code, sep := "csv_cycle", ", "
		if im.multi {
			code, sep = "csv_cycle_files", "; "
		}
		for i, w := range waiting {
			if w > 0 {
				where := strconv.Itoa(rows[i].row)
				if im.multi {
					where = rows[i].where(true)
				}
				circle = append(circle, where)
			}
		}
		for i, w := range waiting {
			if w > 0 {
				im.failCode(rows[i], "", domain.P(code, "rows", strings.Join(circle, sep)))
			}
		}
		return nil
	}
	ordered := make([]*csvRow, len(out))
	for i, j := range out {
		ordered[i] = rows[j]
	}
	return ordered
}

// rowQueue holds the rows free to be stored, the first by kind and file order on top.
type rowQueue struct {
	items []int
	less  func(a, b int) bool
}

func (q *rowQueue) Len() int           { return len(q.items) }
func (q *rowQueue) Less(i, j int) bool { return q.less(q.items[i], q.items[j]) }
func (q *rowQueue) Swap(i, j int)      { q.items[i], q.items[j] = q.items[j], q.items[i] }
func (q *rowQueue) Push(x any)         { q.items = append(q.items, x.(int)) }
func (q *rowQueue) Pop() any {
	x := q.items[len(q.items)-1]
	q.items = q.items[:len(q.items)-1]
	return x
}

// drafts turns the ordered rows into the changes Store.Save checks and stores.
func (im *csvImport) drafts(order []*csvRow) ([]store.Draft, []*csvRow) {
	var drafts []store.Draft
	var rowOf []*csvRow
	recs := &Records{App: im.c.App}
	for _, r := range order {
		if r.exists {
			d, err := recs.updateDraft(r.id, r.fields, oplog.OpUpdate)
			if err != nil {
				im.cellErrors(r, err)
				continue
			}
			if d != nil {
				// Both checks run, so that the report names every refused cell at once; they
				// read the record once between them (a 10,000-row sheet reads 10,000).
				if rec, err := im.c.App.Store.Get(r.id); err == nil {
					conflicted := im.conflictedCells(r, d, rec)
					if stale := im.staleCells(r, d, rec); conflicted || stale {
						continue
					}
				}
			}
			if d == nil || len(d.Set)+len(d.Add)+len(d.Remove) == 0 {
				im.rep.Unchanged++
				continue
			}
			drafts, rowOf = append(drafts, *d), append(rowOf, r)
			im.rep.Updated++
			continue
		}
		d, err := createDraft(string(r.kind), r.id, r.fields)
		if err != nil {
			im.cellErrors(r, err)
			continue
		}
		drafts, rowOf = append(drafts, d), append(rowOf, r)
		im.rep.Created++
	}
	return drafts, rowOf
}

// conflictedCells keeps a sheet from settling a conflict, which an update that had seen every
// value would do (docs/storage.md, "History"): a cell that repeats the value the field shows
// is no decision and is left out of the change, and the conflict stays open; a cell with
// another value is refused, for the conflict to be settled where both values are shown
// (docs/csv.md, "A file older than a change"). It reports whether the row was refused.
func (im *csvImport) conflictedCells(r *csvRow, d *store.Draft, rec *oplog.Record) bool {
	st := im.c.App.Store
	refused := false
	for _, name := range slices.Sorted(maps.Keys(d.Set)) {
		heads := rec.Heads(name)
		if !oplog.Disagree(heads) {
			continue
		}
		shown, err := oplog.Canon(rec.Value(name))
		if err == nil && bytes.Equal(shown, d.Set[name]) {
			delete(d.Set, name)
			continue
		}
		var who []string
		for _, h := range heads {
			if n := st.Name(h.Author); !slices.Contains(who, n) {
				who = append(who, n)
			}
		}
		im.failCode(r, name, domain.P("csv_field_in_conflict", "by", strings.Join(who, ", ")))
		refused = true
	}
	return refused
}

// staleCells refuses the cells of an update row that would give a field back a value it showed
// before the last change another installation made to it: the file was written before that
// change arrived (an export, a bundle imported, the sheet imported again), and storing it
// would undo the change without a word (docs/csv.md, "A file older than a change"). A change
// made here since does not hide the other's: the value it wrote may hold the other's (a list
// edited whole, a set), and the sheet is older than both. A value the field never held is an
// edit and goes through; so does a field whose last change this installation made, which its
// own user may set back, but with a warning (csv_sets_back_own_change): a sheet exported
// before that change sets it back as silently as one from before another's. A set (diffed by
// updateDraft) is compared whole: the set the row asks for against the sets the field held.
func (im *csvImport) staleCells(r *csvRow, d *store.Draft, rec *oplog.Record) bool {
	st := im.c.App.Store
	me := st.Author()
	var hist []store.Entry
	var err error
	history := func() bool {
		if hist == nil {
			hist, err = st.History(r.id)
		}
		return err == nil
	}
	// check refuses the cell, or warns of it, by the last change of the field and the values
	// the field showed before it; set is the value the cell writes (for a set, the whole set).
	check := func(name string, set json.RawMessage, same func(json.RawMessage) bool) bool {
		if last := lastChange(hist, name, func(a string) bool { return a != me }); last >= 0 && heldBefore(hist, last, name, same) {
			e := hist[last]
			im.failCode(r, name, domain.P("csv_stale_value", "by", e.AuthorName, "as_of", e.Clock.Time().UTC().Format(time.DateOnly)))
			return true
		}
		if last := lastChange(hist, name, func(string) bool { return true }); last >= 0 && hist[last].Author == me && heldBefore(hist, last, name, same) {
			im.warnCode(r, name, domain.P("csv_sets_back_own_change", "kind", string(r.kind), "field", name,
				"value", im.cellText(r.kind, name, rec.Value(name)), "set", im.cellText(r.kind, name, set),
				"as_of", hist[last].Clock.Time().UTC().Format(time.DateOnly)))
		}
		return false
	}
	stale := false
	for _, name := range slices.Sorted(maps.Keys(d.Set)) {
		// Heads that disagree are a conflict (conflictedCells); alike, the value is one.
		if heads := rec.Heads(name); len(heads) == 0 || oplog.Disagree(heads) {
			continue
		}
		if !history() {
			return stale
		}
		stale = check(name, d.Set[name], sameValue(d.Set[name])) || stale
	}
	// A set is diffed against what it holds now, so a sheet from before another's addition
	// would remove it.
	sets := map[string]bool{}
	for name := range d.Add {
		sets[name] = true
	}
	for name := range d.Remove {
		sets[name] = true
	}
	for _, name := range slices.Sorted(maps.Keys(sets)) {
		if !history() {
			return stale
		}
		var have []json.RawMessage
		_ = json.Unmarshal(rec.Value(name), &have)
		elems := append(slices.DeleteFunc(have, func(e json.RawMessage) bool {
			return slices.ContainsFunc(d.Remove[name], func(x json.RawMessage) bool { return bytes.Equal(x, e) })
		}), d.Add[name]...)
		want := setKey(elems)
		set, _ := json.Marshal(elems)
		stale = check(name, set, func(v json.RawMessage) bool { return setKeyOf(v) == want }) || stale
	}
	return stale
}

// cellText is a value as a cell of the field writes it, references by their names (as an
// export writes a name column), for a warning's words.
func (im *csvImport) cellText(k domain.Kind, field string, raw json.RawMessage) string {
	f, ok := domain.FieldOf(k, field)
	if !ok {
		return string(raw)
	}
	if refs, _ := refParts(f, raw); len(refs) > 0 {
		return im.c.names(f, raw)
	}
	return FormatValue(f, raw)
}

// setKey is a set's elements in one order, to compare two sets whatever their order.
func setKey(elems []json.RawMessage) string {
	keys := make([]string, 0, len(elems))
	for _, e := range elems {
		c, err := oplog.Canon(e)
		if err != nil {
			c = e
		}
		keys = append(keys, string(c))
	}
	slices.Sort(keys)
	return strings.Join(keys, "\x00")
}

// setKeyOf is setKey of a set's JSON value (empty: no elements).
func setKeyOf(raw json.RawMessage) string {
	var elems []json.RawMessage
	_ = json.Unmarshal(raw, &elems)
	return setKey(elems)
}

// createdOld says that an entry created its record, so that its old values (empty) are none a
// sheet held: a sheet holding the record's row is younger than its creation, and may clear
// what another installation wrote there.
func createdOld(e store.Entry) bool { return e.Type == oplog.OpCreate }

// oneBatch says that two entries next to each other in a record's history were applied here
// in one batch: they came in the same bundle (a bundle's id is its own, and a bundle is
// imported whole or not at all). The record was shown, and a sheet exported, only as the
// batch left it. Local saves, restores and sample data count change by change, as before.
func oneBatch(a, b store.Entry) bool {
	return a.Origin == b.Origin && strings.HasPrefix(a.Origin, "bundle ")
}

// lastChange is the index in hist of the last change to field made by an author who
// counts (another installation than this one: the stale check), or -1.
func lastChange(hist []store.Entry, field string, counts func(author string) bool) int {
	last := -1
	for i, e := range hist {
		if counts(e.Author) && slices.ContainsFunc(e.Changes, func(c oplog.Change) bool { return c.Field == field }) {
			last = i
		}
	}
	return last
}

// heldBefore says whether field showed a value that is the one asked for (same) here before
// hist[last], the last change of it made elsewhere, by the record's history: the value it
// held before the batch of hist[last] (unless that batch made the record: createdOld), and
// what every earlier batch left it holding (Wrote counts too: only a field of one value has
// it; a set is compared by setKeyOf). A value held only between two changes of one batch
// (a bundle that made a record and changed it) was never shown here, so no sheet exported
// here holds it (docs/csv.md, "A file older than a change").
func heldBefore(hist []store.Entry, last int, field string, same func(json.RawMessage) bool) bool {
	changes := func(e store.Entry) bool {
		return slices.ContainsFunc(e.Changes, func(c oplog.Change) bool { return c.Field == field })
	}
	made := false    // the batch of entry i made the record
	changed := false // an entry of that batch before i changed field
	for i, e := range hist[:last+1] {
		first := i == 0 || !oneBatch(hist[i-1], e)
		if first {
			made, changed = false, false
		}
		made = made || createdOld(e)
		// The first change of the field in its batch found the value shown before it. Known
		// as the history is read, not by looking back: a bundle of thousands of changes to
		// one field made the check quadratic (TestHeldBeforeIsLinearInALongBundle).
		firstOfField := !changed
		changed = changed || changes(e)
		for _, c := range e.Changes {
			if c.Field != field {
				continue
			}
			// The last one left the value shown after it (for a batch before last's).
			lastOfField := i < last
			for j := i + 1; lastOfField && j <= last && oneBatch(hist[j-1], hist[j]); j++ {
				lastOfField = !changes(hist[j])
			}
			if firstOfField && !made && same(c.Old) || lastOfField && same(c.New) || i < last && len(c.Wrote) > 0 && same(c.Wrote) {
				return true
			}
		}
	}
	return false
}

// sameValue is heldBefore's test for a field of one value v (canonical JSON; empty as "" or
// []).
func sameValue(v json.RawMessage) func(json.RawMessage) bool {
	return func(old json.RawMessage) bool {
		if isEmpty(old) || isEmpty(v) {
			return isEmpty(old) && isEmpty(v)
		}
		c, err := oplog.Canon(old)
		return err == nil && bytes.Equal(c, v)
	}
}

// cellErrors reports a refused row by the fields the validator named.
func (im *csvImport) cellErrors(r *csvRow, err error) {
	var ve *domain.ValidationError
	var fields map[string]string
	var problems map[string]domain.Problem
	if errors.As(err, &ve) {
		fields, problems = ve.Fields, ve.Problems
	} else {
		fields, problems = AsError(err).Fields, AsError(err).Problems
	}
	if len(fields) == 0 {
		im.fail(r, "", AsError(err).Message)
		return
	}
	names := make([]string, 0, len(fields))
	for f := range fields {
		names = append(names, f)
	}
	sort.Strings(names)
	for _, f := range names {
		var p *domain.Problem
		msg := fields[f]
		if pr, ok := problems[f]; ok {
			if q, ok := r.asTyped(pr); ok {
				pr, msg = q, q.Text()
			}
			p = &pr
		}
		// The validator names a list's entry by its path ("indicators[0].unit"); the file's
		// reader knows the column ("indicators") and, beside it, the entry ("entry 1, unit").
		// A set has no order (it is stored sorted, so "themes[1]" need not be the second
		// value typed): its column alone is named, and the message quotes the value.
		col, at := domain.FieldPlace(f)
		if fd, ok := domain.FieldOf(r.kind, col); ok && fd.Type == domain.TypeSet {
			at = ""
		}
		im.failAt(r, col, at, msg, p)
	}
}
