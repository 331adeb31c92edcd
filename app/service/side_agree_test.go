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
	compared := 0
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
			compared += len(side.page)
		}
	}
	if compared == 0 {
		t.Fatal("no commitment compared")
	}
}
