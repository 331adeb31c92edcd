package service_test

import (
	"encoding/json"
	"slices"
	"testing"

	"dossier/app/brief"
	"dossier/app/service"
)

// The country page and the brief put each commitment on the same side (by, towards, joint)
// for every country of the sample data: both use domain.CommitmentSide.
func TestCountryPageAndBriefAgreeOnSides(t *testing.T) {
	a := sampleApp(t)
	// The sample's commitments are all towards a country; these add one of each other side.
	tun, mar, eu := service.DemoID("party/TUN"), service.DemoID("party/MAR"), service.DemoID("party/EU")
	for _, c := range []struct {
		title       string
		by, towards []string
	}{
		{"Tunisia alone, towards the EU", []string{tun}, []string{eu}},
		{"Tunisia and the EU together", []string{tun, eu}, nil},
		{"Morocco, for Morocco and Tunisia", []string{mar}, []string{mar, tun}},
	} {
		if _, err := (&service.Records{App: a}).Add("commitment", map[string]json.RawMessage{"title": raw(c.title),
			"status": raw("agreed"), "committed_by": raw(c.by), "towards": raw(c.towards)}); err != nil {
			t.Fatal(err)
		}
	}
	parties, err := (&service.Records{App: a}).List(service.Query{Kind: "party", Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	countries := map[string]bool{}
	for _, p := range parties.Items {
		r, err := (&service.Records{App: a}).Get(p.ID)
		if err != nil {
			t.Fatal(err)
		}
		var iso string
		_ = json.Unmarshal(r.Fields["iso3"], &iso)
		if iso != "" {
			countries[iso] = true
		}
	}
	if len(countries) < 3 {
		t.Fatalf("the sample data names %d countries", len(countries))
	}
	ids := func(items []service.ItemView) []string {
		out := []string{}
		for _, it := range items {
			out = append(out, it.ID)
		}
		slices.Sort(out)
		return out
	}
	bids := func(items []brief.Commitment) []string {
		out := []string{}
		for _, it := range items {
			out = append(out, it.ID)
		}
		slices.Sort(out)
		return out
	}
	compared := map[string]int{}
	for iso := range countries {
		page, err := (&service.Country{App: a}).Get(iso)
		if err != nil {
			t.Fatal(err)
		}
		f, err := (&service.Brief{App: a}).Facts(iso, service.BriefOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, side := range []struct {
			name        string
			page, brief []string
		}{
			{"by", ids(page.Commitments.By), bids(f.Commitments.By)},
			{"towards", ids(page.Commitments.To), bids(f.Commitments.Towards)},
			{"joint", ids(page.Commitments.Joint), bids(f.Commitments.Joint)},
		} {
			if !slices.Equal(side.page, side.brief) {
				t.Errorf("%s %s: country page %v, brief %v", iso, side.name, side.page, side.brief)
			}
			compared[side.name] += len(side.page)
		}
	}
	if compared["by"] == 0 || compared["towards"] == 0 || compared["joint"] == 0 {
		t.Fatalf("a side has no commitment to compare: %v", compared)
	}
}
