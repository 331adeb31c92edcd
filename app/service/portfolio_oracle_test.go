package service

import (
	"encoding/json"
	"fmt"
	"math/big"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"dossier/app/domain"
	"dossier/app/internal/portfolio"
	"dossier/app/store"
)

// The oracle reads the portfolio's sheets as a person would, without the store: it resolves
// the names the cells use with a table of its own, and computes from the cells what the
// totals, country pages and searches must say. The acceptance test compares the store's
// answers with it, so the expected counts and amounts come from the data, not from the code
// under test.

type oParty struct{ name, iso3, acronym string }

type oMoney struct {
	currency, state, amount string // amount as the store keeps it: the shortest decimal
	party                   string // the party's name, "" for none
}

type oValue struct {
	actual, asOf, party string
}

type oFigure struct {
	name   string
	values []oValue
}

type oCommitment struct {
	title, partnership string
	by, towards, items []string // party names; framework item codes
	themes             []string
	money              []oMoney
	figures            []oFigure
}

type oracle struct {
	t            *testing.T
	parties      map[string]oParty // by name
	keys         map[string]string // natural key -> party name
	itemWords    map[string][]string
	partnerships []string
	commitments  []*oCommitment
	meetings     []map[string]string
}

func cellsOf(s portfolio.Sheet) []map[string]string {
	var out []map[string]string
	for _, r := range s.Rows {
		m := map[string]string{}
		for i, h := range s.Header {
			m[h] = r[i]
		}
		out = append(out, m)
	}
	return out
}

func list(cell string) []string {
	var out []string
	for _, p := range strings.Split(cell, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func newOracle(t *testing.T, sheets []portfolio.Sheet) *oracle {
	t.Helper()
	o := &oracle{t: t, parties: map[string]oParty{}, keys: map[string]string{}, itemWords: map[string][]string{}}
	bySheet := map[string][]map[string]string{}
	for _, s := range sheets {
		bySheet[s.Kind] = cellsOf(s)
	}
	key := func(k, name string) {
		if prev, dup := o.keys[k]; dup && prev != name {
			t.Fatalf("oracle: %q names both %s and %s: the portfolio must name every party once", k, prev, name)
		}
		o.keys[k] = name
	}
	for _, p := range bySheet["party"] {
		pt := oParty{name: p["name"], iso3: p["iso3"], acronym: p["acronym"]}
		o.parties[pt.name] = pt
		key(pt.name, pt.name)
		if pt.acronym != "" {
			key(pt.acronym, pt.name)
		}
		if c, ok := domain.CountryByCode(pt.iso3); ok {
			key(pt.iso3, pt.name)
			key(c.Name, pt.name)
			key(c.NameFR, pt.name)
		}
	}
	for _, code := range domain.ReferenceItemCodes() {
		it, _ := domain.ReferenceItem(code)
		o.itemWords[code] = []string{code, it.Title, it.Framework}
	}
	for _, f := range bySheet["framework"] {
		var items []domain.FrameworkItem
		if err := json.Unmarshal([]byte(f["items"]), &items); err != nil {
			t.Fatal(err)
		}
		for _, it := range items {
			o.itemWords[it.Code] = []string{it.Code, it.Title, f["code"], f["title"]}
		}
	}
	for _, p := range bySheet["partnership"] {
		o.partnerships = append(o.partnerships, p["title"])
	}
	o.meetings = bySheet["meeting"]
	for _, c := range bySheet["commitment"] {
		cm := &oCommitment{title: c["title"], partnership: c["partnership"], themes: list(c["themes"]), items: list(c["framework_items"])}
		for _, p := range list(c["committed_by"]) {
			cm.by = append(cm.by, o.party(p))
		}
		for _, p := range list(c["towards"]) {
			cm.towards = append(cm.towards, o.party(p))
		}
		if c["funding"] != "" {
			var ms []portfolio.Money
			if err := json.Unmarshal([]byte(c["funding"]), &ms); err != nil {
				t.Fatal(err)
			}
			for _, m := range ms {
				cm.money = append(cm.money, oMoney{currency: m.Currency, state: m.State, amount: shortest(t, string(m.Amount)), party: o.partyOrNone(m.Country)})
			}
		}
		if c["indicators"] != "" {
			var fs []portfolio.Figure
			if err := json.Unmarshal([]byte(c["indicators"]), &fs); err != nil {
				t.Fatal(err)
			}
			for _, f := range fs {
				of := oFigure{name: f.Name}
				for _, v := range f.Values {
					of.values = append(of.values, oValue{actual: shortest(t, string(v.Actual)), asOf: v.AsOf, party: o.partyOrNone(v.Country)})
				}
				cm.figures = append(cm.figures, of)
			}
		}
		o.commitments = append(o.commitments, cm)
	}
	return o
}

// shortest writes a decimal as the store keeps a JSON number ("3250000.50" -> "3250000.5").
func shortest(t *testing.T, s string) string {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func (o *oracle) party(k string) string {
	k = strings.TrimSpace(k)
	if name, ok := o.keys[k]; ok {
		return name
	}
	if name, ok := o.keys[strings.ToUpper(k)]; ok && len(k) == 3 {
		return name
	}
	o.t.Fatalf("oracle: %q names no party of the portfolio", k)
	return ""
}

func (o *oracle) partyOrNone(k string) string {
	if strings.TrimSpace(k) == "" {
		return ""
	}
	return o.party(k)
}

// figureParties are the parties a commitment's amounts and values name.
func (c *oCommitment) figureParties() []string {
	var out []string
	for _, m := range c.money {
		out = append(out, m.party)
	}
	for _, f := range c.figures {
		for _, v := range f.values {
			out = append(out, v.party)
		}
	}
	return out
}

// countries: the ISO3 codes of the parties a commitment is by, towards, or has figures for
// (docs/model.md: money or figures recorded for a country make it one the commitment concerns).
func (o *oracle) countries(c *oCommitment) []string {
	var out []string
	for _, p := range slices.Concat(c.by, c.towards, c.figureParties()) {
		if iso := o.parties[p].iso3; iso != "" && !slices.Contains(out, iso) {
			out = append(out, iso)
		}
	}
	sort.Strings(out)
	return out
}

// scope is whose a figure for party p is on country iso's page: "mine", "shared" or "".
func (o *oracle) scope(c *oCommitment, p, iso string) string {
	switch {
	case p != "" && o.parties[p].iso3 == iso:
		return "mine"
	case p != "":
		return ""
	case len(o.countries(c)) <= 1:
		return "mine"
	}
	return "shared"
}

// oTotals adds amounts exactly, per currency and state, counting the commitments.
type oTotals map[[2]string]*struct {
	sum  *big.Rat
	from map[string]bool
}

func (ts oTotals) add(m oMoney, from string) {
	k := [2]string{m.currency, m.state}
	if ts[k] == nil {
		ts[k] = &struct {
			sum  *big.Rat
			from map[string]bool
		}{new(big.Rat), map[string]bool{}}
	}
	r, _ := new(big.Rat).SetString(m.amount)
	ts[k].sum.Add(ts[k].sum, r)
	ts[k].from[from] = true
}

// lines writes totals as "EUR committed 1234.5 from 3", sorted.
func (ts oTotals) lines() []string {
	out := []string{}
	for k, v := range ts {
		s := v.sum.FloatString(6)
		s = strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
		out = append(out, fmt.Sprintf("%s %s %s from %d", k[0], k[1], s, len(v.from)))
	}
	sort.Strings(out)
	return out
}

func totalLines(ts []domain.MoneyTotal) []string {
	out := []string{}
	for _, t := range ts {
		out = append(out, fmt.Sprintf("%s %s %s from %d", t.Currency, t.State, t.Amount, t.Commitments))
	}
	sort.Strings(out)
	return out
}

// totals of the commitments keep selects, all their entries.
func (o *oracle) totals(keep func(*oCommitment) bool) (oTotals, int, int) {
	ts := oTotals{}
	n, funded := 0, 0
	for _, c := range o.commitments {
		if !keep(c) {
			continue
		}
		n++
		if len(c.money) > 0 {
			funded++
		}
		for _, m := range c.money {
			ts.add(m, c.title)
		}
	}
	return ts, n, funded
}

// onPage says whether a commitment is listed on a country's page.
func (o *oracle) onPage(c *oCommitment, iso string) bool {
	return slices.ContainsFunc(slices.Concat(c.by, c.towards, c.figureParties()), func(p string) bool { return p != "" && o.parties[p].iso3 == iso })
}

// countryMoney is what a country page must total: the country's and the shared amounts.
func (o *oracle) countryMoney(iso string) (mine, shared oTotals, entries int) {
	mine, shared = oTotals{}, oTotals{}
	for _, c := range o.commitments {
		if !o.onPage(c, iso) {
			continue
		}
		for _, m := range c.money {
			switch o.scope(c, m.party, iso) {
			case "mine":
				mine.add(m, c.title)
				entries++
			case "shared":
				shared.add(m, c.title)
				entries++
			}
		}
	}
	return mine, shared, entries
}

// countryFigures is what a country page must show of each indicator: "commitment | name |
// actual@as_of, …" with " (shared)" when the values are for the countries together.
func (o *oracle) countryFigures(iso string) []string {
	out := []string{}
	for _, c := range o.commitments {
		if !o.onPage(c, iso) {
			continue
		}
		for _, f := range c.figures {
			var mine, shared []oValue
			for _, v := range f.values {
				switch o.scope(c, v.party, iso) {
				case "mine":
					mine = append(mine, v)
				case "shared":
					shared = append(shared, v)
				}
			}
			suffix := ""
			if len(mine) == 0 && len(shared) > 0 {
				mine, suffix = shared, " (shared)"
			}
			out = append(out, figureLine(c.title, f.name, mine, suffix))
		}
	}
	sort.Strings(out)
	return out
}

func figureLine(commitment, name string, vs []oValue, suffix string) string {
	sort.SliceStable(vs, func(i, j int) bool { return vs[i].asOf < vs[j].asOf })
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = v.actual + "@" + v.asOf
	}
	return commitment + " | " + name + " | " + strings.Join(parts, ", ") + suffix
}

func pageFigures(p *CountryPage) []string {
	out := []string{}
	for _, in := range p.Indicators {
		vs := make([]oValue, len(in.Values))
		for i, v := range in.Values {
			vs[i] = oValue{actual: strconv.FormatFloat(*v.Actual, 'f', -1, 64), asOf: v.AsOf}
		}
		suffix := ""
		if in.Shared {
			suffix = " (shared)"
		}
		out = append(out, figureLine(in.CommitmentTitle, in.Name, vs, suffix))
	}
	sort.Strings(out)
	return out
}

// words are what a commitment must be found by: its own text and amounts, and the labels of
// the parties, partnership, framework items and themes it refers to (docs/storage.md).
func (o *oracle) words(c *oCommitment) []string {
	parts := []string{c.title}
	for _, f := range c.figures {
		parts = append(parts, f.name)
	}
	for _, m := range c.money {
		whole, frac, _ := strings.Cut(m.amount, ".")
		var grouped strings.Builder
		for i, r := range whole {
			if i > 0 && (len(whole)-i)%3 == 0 {
				grouped.WriteByte(' ')
			}
			grouped.WriteRune(r)
		}
		parts = append(parts, m.amount, grouped.String()+" "+frac, m.currency)
	}
	for _, p := range slices.Concat(c.by, c.towards, c.figureParties()) {
		if p == "" {
			continue
		}
		pt := o.parties[p]
		parts = append(parts, pt.name, pt.acronym)
		if ctry, ok := domain.CountryByCode(pt.iso3); ok {
			parts = append(parts, pt.iso3, ctry.Name, ctry.NameFR)
		}
	}
	parts = append(parts, c.partnership)
	for _, it := range c.items {
		parts = append(parts, o.itemWords[strings.ToUpper(it)]...)
	}
	for _, th := range c.themes {
		parts = append(parts, domain.ThemeLabels(th)...)
	}
	return store.Words(strings.Join(parts, " "))
}

// search lists the titles of the commitments a text search must find: every word of the
// query begins a word the commitment is found by.
func (o *oracle) search(q string) []string {
	out := []string{}
	for _, c := range o.commitments {
		ws := o.words(c)
		if !slices.ContainsFunc(store.Words(q), func(qw string) bool {
			return !slices.ContainsFunc(ws, func(w string) bool { return strings.HasPrefix(w, qw) })
		}) {
			out = append(out, c.title)
		}
	}
	sort.Strings(out)
	return out
}
