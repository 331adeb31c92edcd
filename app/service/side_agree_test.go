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
		page, f := pageAndBrief(t, a, iso)
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

// The country page and the brief choose the same interventions for a country, for the same
// reason and with the same points (domain.CountryScope): a screen walk found Tunisia's page
// saying "No talking points recorded" beside a brief that printed eleven.
func TestCountryPageAndBriefAgreeOnTalkingPoints(t *testing.T) {
	a := sampleApp(t)
	recs := &service.Records{App: a}
	meeting, err := recs.List(service.Query{Kind: "meeting", Limit: 1})
	if err != nil || len(meeting.Items) == 0 {
		t.Fatalf("no meeting in the sample: %v", err)
	}
	tunCommitment, err := recs.Add("commitment", map[string]json.RawMessage{"title": raw("Tunisian coast guard training"),
		"status": raw("agreed"), "towards": raw([]string{service.DemoID("party/TUN")})})
	if err != nil {
		t.Fatal(err)
	}
	// One intervention for each way a country is concerned: spoken for it; named in a point
	// (in French, accents and case aside), tagged with the country, tagged with one of its
	// commitments; and one that names "Nigeria", which is not Niger.
	for _, iv := range []map[string]any{
		{"speaker": "EU delegate", "points": []string{"Funding for reception", "Cooperation with la TUNISIE on search and rescue"}},
		{"speaker": "UNHCR", "countries": []string{"TUN"}, "points": []string{"Asylum legislation", "Registration"}},
		{"speaker": "IOM", "commitments": []string{tunCommitment.ID}, "points": []string{"Training plan"}},
		{"speaker": "ECOWAS", "points": []string{"Free movement with Nigeria"}},
		// Countries named by a short form and by a display name (docs/brief.md, "Country names").
		{"speaker": "Frontex", "points": []string{"Readmission talks with Russia", "Retours vers la République arabe syrienne"}},
		{"speaker": "Tunisian delegation", "on_behalf_of": []string{service.DemoID("party/TUN")}, "points": []string{"Our priorities", "Labour mobility"}},
	} {
		fields := map[string]json.RawMessage{"meeting": raw(meeting.Items[0].ID)}
		for k, v := range iv {
			fields[k] = raw(v)
		}
		if _, err := recs.Add("intervention", fields); err != nil {
			t.Fatal(err)
		}
	}
	whys := map[string]int{}
	list, err := (&service.Country{App: a}).List()
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]int{}
	for _, c := range list {
		listed[c.Alpha3] = c.Interventions
	}
	if listed["RUS"] != 1 || listed["SYR"] != 1 {
		t.Errorf("the points naming Russia and Syria are counted %d and %d times", listed["RUS"], listed["SYR"])
	}
	for _, iso := range []string{"TUN", "LBY", "NER", "MAR", "NGA", "RUS", "SYR"} {
		page, f := pageAndBrief(t, a, iso)
		// The countries list counts by the same rule (the page shows at most 10).
		if n := len(page.TalkingPoints); n < 10 && listed[iso] != n {
			t.Errorf("%s: the countries list counts %d interventions, the country page shows %d", iso, listed[iso], n)
		}
		onPage := map[string]service.TalkingPointsView{}
		for _, tp := range page.TalkingPoints {
			onPage[tp.Intervention] = tp
		}
		for _, tp := range f.TalkingPoints {
			p, ok := onPage[tp.Intervention.ID]
			var numbers []int
			var texts []string
			for _, pt := range tp.Points {
				numbers, texts = append(numbers, pt.N), append(texts, pt.Text)
			}
			if !ok || p.Why != tp.Why || !slices.Equal(p.Numbers, numbers) || !slices.Equal(p.Points, texts) {
				t.Errorf("%s: the brief shows intervention %s (%s, points %v); the country page %+v", iso, tp.Intervention.ID, tp.Why, numbers, p)
			}
			whys[tp.Why]++
		}
		if len(page.TalkingPoints) < len(f.TalkingPoints) || len(page.TalkingPoints) < 5 && len(page.TalkingPoints) != len(f.TalkingPoints) {
			t.Errorf("%s: %d interventions on the country page, %d in the brief", iso, len(page.TalkingPoints), len(f.TalkingPoints))
		}
	}
	if whys["on_behalf"] == 0 || whys["mentions"] == 0 || whys["tagged"] < 2 {
		t.Fatalf("not every reason was compared: %v", whys)
	}
}

// pageAndBrief is a country's page and the facts of its brief, from one store.
func pageAndBrief(t *testing.T, a *service.App, iso string) (*service.CountryPage, *brief.Facts) {
	t.Helper()
	page, err := (&service.Country{App: a}).Get(iso)
	if err != nil {
		t.Fatal(err)
	}
	f, err := (&service.Brief{App: a}).Facts(iso, service.BriefOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return page, f
}
