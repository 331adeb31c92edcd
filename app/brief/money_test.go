package brief

import (
	"bytes"
	"strings"
	"testing"

	"dossier/app/domain"
)

// A regional programme's all-country figures are shared in every country's brief, never a
// key figure; each country's own amounts and values are its own (docs/model.md). All-day
// meetings print their days and outcome.
func TestBriefFundingAndSeriesByCountry(t *testing.T) {
	f := newFixture(t)
	eu := f.party("European Union", "regional_organisation", "", "EU")
	ner := f.party("Niger", "country", "NER", "")
	mli := f.party("Mali", "country", "MLI", "")
	lby := f.party("Libya", "country", "LBY", "")
	f.rec(domain.KindCommitment, map[string]any{"title": "Sahel reintegration", "status": "in_progress", "committed_by": []string{eu},
		"towards": []string{ner, mli},
		"funding": []map[string]any{
			{"amount": 150000000, "currency": "EUR", "instrument": "trust_fund_contribution", "state": "pledged", "as_of": "2016-12-13"},
			{"amount": 40000000, "currency": "EUR", "state": "committed", "country": ner},
			{"amount": 25000000, "currency": "EUR", "state": "committed", "country": mli},
			{"amount": 1234.125, "currency": "TND", "state": "disbursed", "country": ner},
		},
		"indicators": []map[string]any{{"name": "Returnees assisted", "unit": "people", "target": 100000, "values": []map[string]any{
			{"actual": 81000, "as_of": "2020-11-13"},
			{"actual": 30000, "as_of": "2020-11-13", "country": ner},
			{"actual": 18000, "as_of": "2019-11-13", "country": ner},
		}}}})
	f.rec(domain.KindCommitment, map[string]any{"title": "Libya programme", "status": "agreed", "committed_by": []string{eu}, "towards": []string{lby},
		"funding":    []map[string]any{{"amount": 90000000, "currency": "EUR", "state": "committed"}, {"amount": 12500000, "currency": "USD", "state": "committed"}},
		"indicators": []map[string]any{{"name": "VHR", "unit": "people", "actual": 53000, "as_of": "2020-11-13"}}})
	f.rec(domain.KindMeeting, map[string]any{"title": "Ministerial conference", "start": "2020-12-13", "end": "2020-12-14",
		"time_zone": "Pacific/Kiritimati", "participants": []string{ner}, "outcome": "Declaration adopted"})
	f.rec(domain.KindMeeting, map[string]any{"title": "Earlier one-day meeting", "start": "2020-10-01", "participants": []string{ner}})

	text := func(ms []domain.MoneyTotal) string {
		var p []string
		for _, m := range ms {
			p = append(p, m.Currency+" "+m.State+" "+string(m.Amount))
		}
		return strings.Join(p, "; ")
	}
	b := mustAssemble(t, f.st, "NER")
	if got := text(b.Glance.Funding); got != "EUR committed 40000000; TND disbursed 1234.125" {
		t.Errorf("NER funding %s", got)
	}
	if got := text(b.Glance.SharedFunding); got != "EUR pledged 150000000" {
		t.Errorf("NER shared funding %s", got)
	}
	if len(b.Glance.Indicators) != 1 || English.indicatorValue(b.Glance.Indicators[0]) != "30,000 people" || b.Glance.Indicators[0].Shared {
		t.Errorf("NER key indicators %+v", b.Glance.Indicators)
	}
	c := b.Commitments.Towards[0]
	var labels []string
	for _, fu := range c.Funding {
		labels = append(labels, English.funding(fu))
	}
	if got := strings.ReplaceAll(strings.Join(labels, " | "), "\u00a0", "~"); got != "EUR~150,000,000 pledged · trust-fund contribution · as~of~13~Dec~2016 | EUR~40,000,000 committed | TND~1,234.125 disbursed" {
		t.Errorf("NER funding lines %q", got)
	}
	if !c.Funding[0].Shared || c.Funding[1].Shared {
		t.Errorf("shared flags %+v", c.Funding)
	}
	// Issue 11 item 2: the multi-country amount is the commitment's whole amount, worded so.
	for _, tc := range []struct {
		l    Lang
		want string
	}{
		{English, "part of a multi-country commitment of EUR~150,000,000 · pledged · trust-fund contribution · as~of~13~Dec~2016"},
		{French, "partie d’un engagement multi-pays de 150~000~000~EUR · annoncé · contribution à un fonds fiduciaire · au~13~déc.~2016"},
	} {
		if got := strings.ReplaceAll(tc.l.sharedFunding(c.Funding[0].Funding), "\u00a0", "~"); got != tc.want {
			t.Errorf("shared funding line:\n got %q\nwant %q", got, tc.want)
		}
	}
	if got := English.sharedFunding(domain.Funding{Currency: "EUR", State: "pledged"}); got != "pledged · part of a multi-country commitment" {
		t.Errorf("shared funding without an amount %q", got)
	}
	if len(b.Meetings.Next) != 1 || English.days(b.Meetings.Next[0].StartDay, b.Meetings.Next[0].EndDay) != "13–14 December 2020" || b.Meetings.Next[0].Outcome != "Declaration adopted" {
		t.Errorf("next meetings %+v", b.Meetings.Next)
	}
	if len(b.Meetings.Recent) != 1 || English.days(b.Meetings.Recent[0].StartDay, b.Meetings.Recent[0].EndDay) != "1 October 2020" {
		t.Errorf("recent meetings %+v", b.Meetings.Recent)
	}

	// Mali has no value of its own: the programme's total is shown as shared, and is not a key figure.
	m := mustAssemble(t, f.st, "MLI")
	if len(m.Glance.Indicators) != 0 {
		t.Errorf("MLI key indicators %+v", m.Glance.Indicators)
	}
	if in := m.Commitments.Towards[0].Indicators[0]; !in.Shared || English.indicatorValue(in) != "81,000 people" {
		t.Errorf("MLI indicator %+v", in)
	}
	if got := text(m.Glance.Funding); got != "EUR committed 25000000" {
		t.Errorf("MLI funding %s", got)
	}

	// The old single actual of a one-country commitment is still the country's key figure.
	l := mustAssemble(t, f.st, "LBY")
	if len(l.Glance.Indicators) != 1 || English.indicatorValue(l.Glance.Indicators[0]) != "53,000 people" || text(l.Glance.SharedFunding) != "" {
		t.Errorf("LBY %+v %s", l.Glance.Indicators, text(l.Glance.SharedFunding))
	}

	pdf := flat(t, renderPDF(t, b))
	for _, s := range []string{"Funding", "EUR 40,000,000", "part of a multi-country commitment of EUR 150,000,000 · pledged", "Part of multi-country commitments", "TND 1,234.125",
		"13–14 December 2020", "Outcome: Declaration adopted", "30,000 people"} {
		if !strings.Contains(pdf, s) {
			t.Errorf("PDF lacks %q", s)
		}
	}
	if strings.Contains(pdf, "not split") {
		t.Error("PDF still words multi-country amounts as shared, not split")
	}
	var fr bytes.Buffer
	if err := RenderPDF(&fr, b, French); err != nil {
		t.Fatal(err)
	}
	if pdf := flat(t, fr.Bytes()); !strings.Contains(pdf, "partie d’un engagement multi-pays de 150 000 000 EUR · annoncé") || !strings.Contains(pdf, "Partie d’engagements multi-pays") {
		t.Errorf("French PDF lacks the multi-country wording:\n%s", pdf)
	}
}

// Key figures (issue 11): a target with no value yet is a pledge in its commitment's state; a
// withdrawn commitment's figure is marked withdrawn and comes after the live ones, and a live
// commitment's figure stands for its indicator rather than a withdrawn one's.
func TestKeyFiguresPledgesAndWithdrawn(t *testing.T) {
	f := libyaFixture(t)
	ptr := func(v float64) *float64 { return &v }
	f.rec(domain.KindCommitment, map[string]any{"title": "Coast guard equipment", "status": "withdrawn",
		"committed_by": []string{f.eu}, "towards": []string{f.lby},
		"indicators": []domain.Indicator{{Name: "Boats delivered", Unit: "boats", Actual: ptr(4), AsOf: "2030-01-01"},
			{Name: "Grant withdrawn", Unit: "EUR", Actual: ptr(60000000), AsOf: "2030-01-01"}}})
	f.rec(domain.KindCommitment, map[string]any{"title": "Reception centres", "status": "agreed",
		"committed_by": []string{f.eu}, "towards": []string{f.lby},
		"indicators": []domain.Indicator{{Name: "Boats delivered", Unit: "boats", Target: ptr(10)},
			{Name: "Places in reception centres", Unit: "places", Target: ptr(1200)}}})
	facts, err := Assemble(f.st, "LBY", testOptions())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, in := range facts.Glance.Indicators {
		got = append(got, in.Name+"/"+in.Status+"/"+English.keyValue(in))
	}
	joined := strings.ReplaceAll(strings.Join(got, "\n"), "\u00a0", " ")
	for _, want := range []string{"Places in reception centres/agreed/target 1,200 places", "Boats delivered/agreed/target 10 boats",
		"Grant withdrawn/withdrawn/EUR 60,000,000"} {
		if !strings.Contains(joined, want) {
			t.Errorf("key figures lack %q:\n%s", want, joined)
		}
	}
	if last := got[len(got)-1]; !strings.Contains(last, "/withdrawn/") {
		t.Errorf("the withdrawn figure is not last:\n%s", joined)
	}
	pdf := flat(t, renderLang(t, facts, English))
	if !strings.Contains(pdf, "Withdrawn") || !strings.Contains(pdf, "target 1,200 places") {
		t.Errorf("the PDF's key indicators lack the status or the pledge:\n%s", pdf)
	}
}

// A commitment with an amount for the country and a multi-country amount in the same currency
// and state is one commitment in the Funding table's last column, as on the country page
// (found walking the product, 3 December 2026: Côte d'Ivoire's brief said 2 commitments for
// its one regional programme).
func TestFundingTableCountsACommitmentOnce(t *testing.T) {
	f := newFixture(t)
	eu := f.party("European Union", "regional_organisation", "", "EU")
	sen := f.party("Senegal", "country", "SEN", "")
	civ := f.party("Côte d'Ivoire", "country", "CIV", "")
	f.rec(domain.KindCommitment, map[string]any{"title": "Regional reintegration", "status": "in_progress", "committed_by": []string{eu},
		"funding": []map[string]any{
			{"amount": 8000000, "currency": "EUR", "state": "committed", "country": sen},
			{"amount": 6000000, "currency": "EUR", "state": "committed", "country": civ},
			{"amount": 5000000, "currency": "EUR", "state": "committed"},
		}})
	b := mustAssemble(t, f.st, "CIV")
	rows := fundingRows(b.Glance.Funding, b.Glance.SharedFunding, b.Commitments.All(), English)
	if len(rows) != 1 || rows[0][0] != "EUR" || rows[0][2] == "" || rows[0][3] == "" || rows[0][4] != "1" {
		t.Errorf("Funding table rows %q, want one EUR committed row of 1 commitment with both amounts", rows)
	}
}
