package service

import (
	"encoding/json"
	"slices"
	"testing"

	"dossier/app/domain"
)

// TestCharts counts the demo's commitments and two added ones, and checks the counts against
// what each commitment's own fields say (read through Records.Get, not the index).
func TestCharts(t *testing.T) {
	a := openDemo(t)
	r := &Records{App: a}
	add := func(fields map[string]json.RawMessage) {
		if _, err := r.Add("commitment", fields); err != nil {
			t.Fatal(err)
		}
	}
	add(map[string]json.RawMessage{"title": q("Due in March"), "status": q("agreed"), "due": q("2031-03-04"),
		"themes": json.RawMessage(`["human_rights"]`), "framework_items": json.RawMessage(`["GCM-7","JVAP-1"]`)})
	add(map[string]json.RawMessage{"title": q("Delivered in March"), "status": q("delivered"), "due": q("2031-03-20")})
	h := &Home{App: a}
	v, err := h.Charts("")
	if err != nil {
		t.Fatal(err)
	}
	list, err := r.List(Query{Kind: "commitment", Limit: 10000})
	if err != nil {
		t.Fatal(err)
	}
	status, theme, item, month := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	for _, it := range list.Items {
		rec, err := r.Get(it.ID)
		if err != nil {
			t.Fatal(err)
		}
		var f struct {
			Status string   `json:"status"`
			Due    string   `json:"due"`
			Themes []string `json:"themes"`
			Items  []string `json:"framework_items"`
		}
		b, _ := json.Marshal(rec.Fields)
		_ = json.Unmarshal(b, &f)
		status[f.Status]++
		for _, x := range f.Themes {
			theme[x]++
		}
		for _, x := range f.Items {
			if len(x) > 4 && x[:4] == "GCM-" {
				item[x]++
			}
		}
		if f.Due != "" && f.Status != "delivered" && f.Status != "withdrawn" {
			month[f.Due[:7]]++
		}
	}
	check := func(name string, got []Count, want map[string]int) {
		t.Helper()
		n := 0
		for _, c := range got {
			if c.N == 0 || want[c.Key] != c.N {
				t.Errorf("%s %s: %d, the records say %d", name, c.Key, c.N, want[c.Key])
			}
			n++
		}
		if n != len(want) {
			t.Errorf("%s: %d bars for %d keys: %+v / %+v", name, n, len(want), got, want)
		}
	}
	if v.Commitments != list.Total || v.Commitments < 10 {
		t.Fatalf("%d commitments counted, %d listed", v.Commitments, list.Total)
	}
	check("status", v.ByStatus, status)
	check("theme", v.ByTheme, theme)
	check("objective", v.ByObjective, item)
	check("month", v.DueByMonth, month)
	if last := v.DueByMonth[len(v.DueByMonth)-1]; last != (Count{"2031-03", 1}) {
		t.Errorf("the delivered commitment is not due: last month %+v", last)
	}
	for i := 1; i < len(v.DueByMonth); i++ {
		if v.DueByMonth[i-1].Key >= v.DueByMonth[i].Key {
			t.Errorf("months out of order: %+v", v.DueByMonth)
		}
	}
	order := func(name string, got []Count, keys []string) {
		t.Helper()
		at := -1
		for _, c := range got {
			i := slices.Index(keys, c.Key)
			if i <= at {
				t.Errorf("%s out of the list's order: %+v", name, got)
			}
			at = i
		}
	}
	var statuses, themes, gcm []string
	for _, o := range domain.CommitmentStatuses {
		statuses = append(statuses, o.Value)
	}
	for _, o := range domain.Themes {
		themes = append(themes, o.Value)
	}
	for _, it := range domain.GCMItems {
		gcm = append(gcm, it.Code)
	}
	order("status", v.ByStatus, statuses)
	order("theme", v.ByTheme, themes)
	order("objective", v.ByObjective, gcm)

	lby, err := h.Charts("lby")
	if err != nil {
		t.Fatal(err)
	}
	page, err := (&Country{App: a}).Get("LBY")
	if err != nil {
		t.Fatal(err)
	}
	if n := len(page.Commitments.By) + len(page.Commitments.To) + len(page.Commitments.Joint); lby.Commitments != n || n == 0 {
		t.Errorf("Libya: the charts count %d commitments, its page lists %d", lby.Commitments, n)
	}
	if _, err := h.Charts("LBA"); AsError(err).Fields["country"] == "" {
		t.Errorf("unknown code: %v", err)
	}
}

// TestCountryListFunding: the map's money for a country adds up the lists' totals of the
// commitments involving it, and the numeric code names its map shape.
func TestCountryListFunding(t *testing.T) {
	a := openDemo(t)
	list, err := (&Country{App: a}).List()
	if err != nil {
		t.Fatal(err)
	}
	for _, cs := range list {
		if cs.Alpha3 != "LBY" {
			continue
		}
		if cs.Numeric != "434" {
			t.Errorf("Libya's numeric code: %q", cs.Numeric)
		}
		ft, err := (&Funding{App: a}).Totals(Query{Country: "LBY"})
		if err != nil {
			t.Fatal(err)
		}
		if len(ft.Totals) == 0 || totalsText(cs.Funding) != totalsText(ft.Totals) || cs.Commitments != ft.Commitments {
			t.Errorf("Libya on the map: %d commitments %s; its commitments list: %d %s", cs.Commitments, totalsText(cs.Funding), ft.Commitments, totalsText(ft.Totals))
		}
		return
	}
	t.Fatal("Libya is not in the country list")
}
