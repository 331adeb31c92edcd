package service

import (
	"encoding/json"
	"strings"
	"testing"

	"dossier/app/domain"
)

// totalsText writes totals compactly for comparison: "EUR committed 300 (1); XOF …".
func totalsText(ts []domain.MoneyTotal) string {
	var parts []string
	for _, m := range ts {
		s := m.Currency + " " + m.State + " " + string(m.Amount)
		if m.Commitments > 0 {
			s += " (" + string(rune('0'+m.Commitments)) + ")"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}

// adder adds records through the service, as a form would, and returns their ids.
func adder(t *testing.T, a *App) func(kind string, fields map[string]any) string {
	r := &Records{App: a}
	return func(kind string, fields map[string]any) string {
		t.Helper()
		f := map[string]json.RawMessage{}
		for k, v := range fields {
			b, _ := json.Marshal(v)
			f[k] = b
		}
		v, err := r.Add(kind, f)
		if err != nil {
			t.Fatalf("add %s: %v", kind, err)
		}
		return v.ID
	}
}

// A portfolio with money in three currencies, a regional envelope not split by country, and
// amounts split between countries (docs/model.md, "Totals").
func TestFundingTotals(t *testing.T) {
	a := testApp(t)
	r := &Records{App: a}
	add := adder(t, a)
	eu := add("party", map[string]any{"name": "European Union", "type": "regional_organisation"})
	iom := add("party", map[string]any{"name": "IOM", "type": "international_organisation"})
	lby := add("party", map[string]any{"name": "Libya", "type": "country", "iso3": "LBY"})
	ner := add("party", map[string]any{"name": "Niger", "type": "country", "iso3": "NER"})
	mli := add("party", map[string]any{"name": "Mali", "type": "country", "iso3": "MLI"})
	gmb := add("party", map[string]any{"name": "Gambia", "type": "country", "iso3": "GMB"})
	fund := add("partnership", map[string]any{"title": "EU Trust Fund for Africa", "type": "fund", "status": "active"})
	entry := func(amount float64, cur, state, country string) map[string]any {
		e := map[string]any{"amount": amount, "currency": cur, "state": state}
		if country != "" {
			e["country"] = country
		}
		return e
	}
	c1 := add("commitment", map[string]any{"title": "Libya programme", "status": "in_progress", "committed_by": []string{eu}, "towards": []string{lby, iom},
		"funding": []any{entry(100, "EUR", "committed", ""), entry(40.1, "EUR", "disbursed", ""), entry(50, "USD", "pledged", "")}})
	c2 := add("commitment", map[string]any{"title": "Sahel reintegration", "status": "in_progress", "committed_by": []string{eu}, "partnership": fund,
		"towards": []string{ner, mli, gmb},
		"funding": []any{entry(1000, "EUR", "pledged", ""), entry(300, "EUR", "committed", ner), entry(200, "EUR", "committed", mli),
			entry(1500000, "XOF", "committed", ner)},
		"indicators": []any{map[string]any{"name": "Returnees assisted", "unit": "people", "target": 100000, "values": []any{
			map[string]any{"actual": 81000, "as_of": "2020-11-13"},
			map[string]any{"actual": 30000, "as_of": "2020-11-13", "country": ner},
			map[string]any{"actual": 18000, "as_of": "2019-11-13", "country": ner},
			map[string]any{"actual": 12000, "as_of": "2020-11-13", "country": mli},
		}}}})
	c3 := add("commitment", map[string]any{"title": "Libya and Niger border", "status": "agreed", "committed_by": []string{eu}, "towards": []string{lby, ner},
		"funding": []any{entry(70, "USD", "pledged", lby), entry(30, "USD", "pledged", "")}})
	add("commitment", map[string]any{"title": "Dialogue only", "status": "agreed", "partnership": fund, "towards": []string{ner}})

	f := &Funding{App: a}
	for _, c := range []struct {
		q                   Query
		commitments, funded int
		want                string
	}{
		{Query{}, 4, 3, "EUR pledged 1000 (1); EUR committed 600 (2); EUR disbursed 40.1 (1); USD pledged 150 (2); XOF committed 1500000 (1)"},
		{Query{Partnership: fund}, 2, 1, "EUR pledged 1000 (1); EUR committed 500 (1); XOF committed 1500000 (1)"},
		{Query{Currency: "usd"}, 2, 2, "EUR committed 100 (1); EUR disbursed 40.1 (1); USD pledged 150 (2)"},
		{Query{HasFunding: true, Country: "MLI"}, 1, 1, "EUR pledged 1000 (1); EUR committed 500 (1); XOF committed 1500000 (1)"},
		{Query{Kind: "meeting", Limit: 1, Offset: 3}, 4, 3, "EUR pledged 1000 (1); EUR committed 600 (2); EUR disbursed 40.1 (1); USD pledged 150 (2); XOF committed 1500000 (1)"},
	} {
		v, err := f.Totals(c.q)
		if err != nil {
			t.Fatalf("%+v: %v", c.q, err)
		}
		if got := totalsText(v.Totals); got != c.want || v.Commitments != c.commitments || v.Funded != c.funded {
			t.Errorf("%+v: %d commitments, %d funded, %s\n want %d, %d, %s", c.q, v.Commitments, v.Funded, got, c.commitments, c.funded, c.want)
		}
	}
	if _, err := f.Totals(Query{Currency: "EURO"}); AsError(err).Fields["currency"] == "" {
		t.Errorf("unknown currency: %v", err)
	}

	// Country pages: each country's own money; a regional envelope and amounts given for no
	// country on a commitment with several countries are shared, never the country's.
	c := &Country{App: a}
	for _, cc := range []struct{ iso3, totals, shared string }{
		{"LBY", "EUR committed 100 (1); EUR disbursed 40.1 (1); USD pledged 120 (2)", "USD pledged 30 (1)"},
		{"NER", "EUR committed 300 (1); XOF committed 1500000 (1)", "EUR pledged 1000 (1); USD pledged 30 (1)"},
		{"MLI", "EUR committed 200 (1)", "EUR pledged 1000 (1)"},
		{"GMB", "", "EUR pledged 1000 (1)"},
	} {
		p, err := c.Get(cc.iso3)
		if err != nil {
			t.Fatal(err)
		}
		if got, shared := totalsText(p.Funding.Totals), totalsText(p.Funding.Shared); got != cc.totals || shared != cc.shared {
			t.Errorf("%s: totals %q shared %q\n want %q, %q", cc.iso3, got, shared, cc.totals, cc.shared)
		}
	}
	ner3, _ := c.Get("NER")
	if len(ner3.Funding.Entries) != 4 {
		t.Errorf("NER entries %+v", ner3.Funding.Entries)
	}
	for _, e := range ner3.Funding.Entries {
		if e.Shared != (e.Country == "") || (e.Commitment != c2 && e.Commitment != c3) {
			t.Errorf("NER entry %+v", e)
		}
	}
	// Indicator values by country: Niger sees its own series (latest 30,000), Gambia, which
	// has no figure of its own, the programme's total marked shared.
	find := func(p *CountryPage, name string) IndicatorView {
		for _, in := range p.Indicators {
			if in.Name == name {
				return in
			}
		}
		t.Fatalf("%s: no indicator %s", p.Country.Alpha3, name)
		return IndicatorView{}
	}
	if in := find(ner3, "Returnees assisted"); in.Shared || *in.Actual != 30000 || in.AsOf != "2020-11-13" || len(in.Values) != 2 || in.Values[0].AsOf != "2019-11-13" || *in.Target != 100000 {
		t.Errorf("NER indicator %+v", in)
	}
	gmbPage, _ := c.Get("GMB")
	if in := find(gmbPage, "Returnees assisted"); !in.Shared || *in.Actual != 81000 || len(in.Values) != 1 {
		t.Errorf("GMB indicator %+v", in)
	}
	mliPage, _ := c.Get("MLI")
	if in := find(mliPage, "Returnees assisted"); in.Shared || *in.Actual != 12000 {
		t.Errorf("MLI indicator %+v", in)
	}

	// Lists: the row carries the commitment's money; the filters are checked like the others.
	l, err := r.List(Query{Kind: "commitment", Currency: "xof"})
	if err != nil || l.Total != 1 || l.Items[0].ID != c2 || len(l.Items[0].Funding) != 3 {
		t.Fatalf("XOF list: %+v %v", l, err)
	}
	if l, _ := r.List(Query{Kind: "commitment", HasFunding: true}); l.Total != 3 {
		t.Errorf("has funding: %d", l.Total)
	}
	one, _ := r.List(Query{Kind: "commitment", Text: "Libya programme"})
	if b, _ := json.Marshal(one.Items[0].Funding); one.Items[0].ID != c1 ||
		string(b) != `[{"currency":"EUR","state":"committed","amount":100},{"currency":"EUR","state":"disbursed","amount":40.1},{"currency":"USD","state":"pledged","amount":50}]` {
		t.Errorf("row funding %s", b)
	}
	if _, err := r.List(Query{Kind: "commitment", Currency: "€"}); AsError(err).Code != CodeInvalid {
		t.Errorf("€ accepted: %v", err)
	}
	h, err := (&Home{App: a}).Summary()
	if err != nil || totalsText(h.Funding) != "EUR pledged 1000 (1); EUR committed 600 (2); EUR disbursed 40.1 (1); USD pledged 150 (2); XOF committed 1500000 (1)" {
		t.Errorf("home funding %s %v", totalsText(h.Funding), err)
	}

	// A bad amount is refused with the field's path; nothing is stored.
	_, err = r.Update(c1, map[string]json.RawMessage{"funding": json.RawMessage(`[{"amount":10.125,"currency":"EUR","state":"pledged"}]`)})
	if e := AsError(err); e.Code != CodeInvalid || !strings.Contains(e.Fields["funding[0].amount"], "more than 2 decimals") {
		t.Errorf("3 decimals in EUR: %+v", e)
	}
	if v, _ := f.Totals(Query{}); totalsText(v.Totals) != "EUR pledged 1000 (1); EUR committed 600 (2); EUR disbursed 40.1 (1); USD pledged 150 (2); XOF committed 1500000 (1)" {
		t.Errorf("a refused change moved the totals: %s", totalsText(v.Totals))
	}
}

// The sample data's Trust Fund envelope is shared, not Niger's; Niger's own amounts are.
func TestSampleFunding(t *testing.T) {
	a := openDemo(t)
	p, err := (&Country{App: a}).Get("NER")
	if err != nil {
		t.Fatal(err)
	}
	if got := totalsText(p.Funding.Totals); got != "EUR committed 40000000 (1); EUR disbursed 12000000 (1)" {
		t.Errorf("NER totals %s", got)
	}
	if got := totalsText(p.Funding.Shared); got != "EUR pledged 150000000 (1)" {
		t.Errorf("NER shared %s", got)
	}
	lby, _ := (&Country{App: a}).Get("LBY")
	if got := totalsText(lby.Funding.Totals); got != "EUR committed 90000000 (1); EUR disbursed 58000000 (1); USD committed 12500000 (1)" {
		t.Errorf("LBY totals %s", got)
	}
	v, err := (&Funding{App: a}).Totals(Query{Partnership: DemoID("partnership/eutf-africa")})
	if err != nil || totalsText(v.Totals) != "EUR pledged 150000000 (1); EUR committed 65000000 (1); EUR disbursed 12000000 (1); XOF committed 1500000000 (1)" {
		t.Errorf("EUTF totals %s %v", totalsText(v.Totals), err)
	}
	m, err := (&Records{App: a}).Get(DemoID("meeting/rabat-cadiz-2022"))
	if err != nil || string(m.Fields["start"]) != `"2022-12-13"` || string(m.Fields["partnership"]) != `"`+DemoID("partnership/rabat")+`"` {
		t.Errorf("date-only sample meeting %+v %v", m, err)
	}
	if l, _ := (&Records{App: a}).List(Query{Kind: "meeting", Partnership: DemoID("partnership/rabat")}); l.Total != 1 || l.Items[0].Date != "2022-12-13" {
		t.Errorf("the Rabat Process' meetings: %+v", l)
	}
}

func TestMeetingDatesAndTimeZones(t *testing.T) {
	a := testApp(t)
	r := &Records{App: a}
	add := func(fields map[string]string) (*RecordView, error) {
		f := map[string]json.RawMessage{"title": q("Senior officials' meeting")}
		for k, v := range fields {
			f[k] = q(v)
		}
		return r.Add("meeting", f)
	}
	v, err := add(map[string]string{"start": "2024-06-10", "end": "2024-06-12", "time_zone": "Africa/Nouakchott"})
	if err != nil || v.Title != "Senior officials' meeting" {
		t.Fatalf("all-day meeting: %v", err)
	}
	if l, _ := r.List(Query{Kind: "meeting", DateFrom: "2024-06-10", DateTo: "2024-06-10"}); l.Total != 1 || l.Items[0].Date != "2024-06-10" {
		t.Errorf("list date %+v", l)
	}
	_, err = add(map[string]string{"start": "2024-06-10", "end": "2024-06-12T17:00:00+02:00"})
	if e := AsError(err); e.Code != CodeInvalid || !strings.Contains(e.Fields["end"], "both as dates") {
		t.Errorf("mixed: %+v", e)
	}
	_, err = add(map[string]string{"start": "2024-06-10", "time_zone": "Geneva"})
	if e := AsError(err); !strings.Contains(e.Fields["time_zone"], "Europe/Zurich") {
		t.Errorf("Geneva: %+v", e)
	}
	m := &Meta{App: a}
	for query, zone := range map[string]string{"Geneva": "Europe/Zurich", "Tunis": "Africa/Tunis", "Nouakchott": "Africa/Nouakchott", "mauritanie": "Africa/Nouakchott"} {
		zs, err := m.TimeZones(query)
		if err != nil || len(zs) == 0 || zs[0].Zone != zone || !strings.HasPrefix(zs[0].Offset, "UTC+") && !strings.HasPrefix(zs[0].Offset, "UTC-") {
			t.Errorf("%s: %+v %v", query, zs, err)
		}
	}
	if zs, _ := m.TimeZones(""); len(zs) != maxTimeZones {
		t.Errorf("empty query: %d zones", len(zs))
	}
	if _, err := m.TimeZones(strings.Repeat("x", 201)); AsError(err).Code != CodeInvalid {
		t.Errorf("long query: %v", err)
	}
	s, _ := m.Schema()
	eur := false
	for _, c := range s.Currencies {
		eur = eur || c.Code == "EUR" && c.Decimals == 2
	}
	if !eur || len(s.Currencies) < 150 {
		t.Errorf("schema currencies: %d", len(s.Currencies))
	}
}

// A commitment that records money or a figure for a country, without naming it in towards,
// concerns that country: its page lists it towards the country and counts the money.
func TestFiguresForACountryMakeItConcerned(t *testing.T) {
	a := testApp(t)
	r := &Records{App: a}
	add := func(kind string, fields string) string {
		t.Helper()
		var f map[string]json.RawMessage
		if err := json.Unmarshal([]byte(fields), &f); err != nil {
			t.Fatal(err)
		}
		v, err := r.Add(kind, f)
		if err != nil {
			t.Fatalf("add %s: %v", kind, err)
		}
		return v.ID
	}
	mli := add("party", `{"name":"Mali","type":"country","iso3":"MLI"}`)
	sen := add("party", `{"name":"Senegal","type":"country","iso3":"SEN"}`)
	money := add("commitment", `{"title":"Envelope","status":"agreed","funding":[{"amount":7,"currency":"EUR","state":"committed","country":"`+mli+`"}]}`)
	figure := add("commitment", `{"title":"Figures","status":"agreed","indicators":[{"name":"Returns","unit":"people","values":[{"actual":3,"as_of":"2021-01-01","country":"`+sen+`"}]}]}`)
	p, err := (&Country{App: a}).Get("MLI")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Commitments.To) != 1 || p.Commitments.To[0].ID != money || totalsText(p.Funding.Totals) != "EUR committed 7 (1)" {
		t.Errorf("MLI: %+v %s", p.Commitments, totalsText(p.Funding.Totals))
	}
	s, _ := (&Country{App: a}).Get("SEN")
	if len(s.Commitments.To) != 1 || s.Commitments.To[0].ID != figure || len(s.Indicators) != 1 || *s.Indicators[0].Actual != 3 {
		t.Errorf("SEN: %+v %+v", s.Commitments, s.Indicators)
	}
	if l, _ := r.List(Query{Kind: "commitment", Country: "MLI"}); l.Total != 1 {
		t.Errorf("country filter: %d", l.Total)
	}
}

// A programme whose countries are named only in its funding split (towards left empty, or
// naming one country while the money also goes to another) concerns all of them: its
// unallocated envelope is shared between them, never counted once as each one's.
func TestFundingSplitNamesTheCountries(t *testing.T) {
	a := testApp(t)
	add := adder(t, a)
	eu := add("party", map[string]any{"name": "European Union", "type": "regional_organisation"})
	tun := add("party", map[string]any{"name": "Tunisia", "type": "country", "iso3": "TUN"})
	mar := add("party", map[string]any{"name": "Morocco", "type": "country", "iso3": "MAR"})
	mrt := add("party", map[string]any{"name": "Mauritania", "type": "country", "iso3": "MRT"})
	sen := add("party", map[string]any{"name": "Senegal", "type": "country", "iso3": "SEN"})
	entry := func(amount float64, state, country string) map[string]any {
		e := map[string]any{"amount": amount, "currency": "EUR", "state": state}
		if country != "" {
			e["country"] = country
		}
		return e
	}
	add("commitment", map[string]any{"title": "North Africa protection programme", "status": "in_progress", "committed_by": []string{eu},
		"funding": []any{entry(8, "committed", tun), entry(6, "committed", mar), entry(5, "pledged", "")}})
	add("commitment", map[string]any{"title": "Atlantic route rescue", "status": "in_progress", "committed_by": []string{eu}, "towards": []string{mrt},
		"funding":    []any{entry(3, "committed", sen), entry(2, "pledged", "")},
		"indicators": []any{map[string]any{"name": "Rescues", "unit": "people", "values": []any{map[string]any{"actual": 40, "as_of": "2025-01-01"}}}}})
	c := &Country{App: a}
	for _, cc := range []struct{ iso3, totals, shared string }{
		{"TUN", "EUR committed 8 (1)", "EUR pledged 5 (1)"},
		{"MAR", "EUR committed 6 (1)", "EUR pledged 5 (1)"},
		{"MRT", "", "EUR pledged 2 (1)"},
		{"SEN", "EUR committed 3 (1)", "EUR pledged 2 (1)"},
	} {
		p, err := c.Get(cc.iso3)
		if err != nil {
			t.Fatal(err)
		}
		if got, shared := totalsText(p.Funding.Totals), totalsText(p.Funding.Shared); got != cc.totals || shared != cc.shared {
			t.Errorf("%s: totals %q shared %q\n want %q, %q", cc.iso3, got, shared, cc.totals, cc.shared)
		}
		for _, in := range p.Indicators {
			if !in.Shared { // the rescues are the route's, for Mauritania and Senegal together
				t.Errorf("%s: %s is shown as the country's own figure", cc.iso3, in.Name)
			}
		}
	}
}
