package service

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"dossier/app/brief"
	"dossier/app/domain"
)

func openDemo(t *testing.T) *App {
	t.Helper()
	a, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	if _, err := a.Init("Amina Benali", "delegate", "EU"); err != nil {
		t.Fatal(err)
	}
	if _, err := (&Demo{App: a}).Load(); err != nil {
		t.Fatal(err)
	}
	return a
}

func TestMetaSchema(t *testing.T) {
	s, err := (&Meta{}).Schema()
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Kinds) != len(domain.Kinds) || s.Kinds[3].Kind != domain.KindCommitment || s.Kinds[3].Plural != "Commitments" {
		t.Fatalf("kinds: %+v", s.Kinds)
	}
	var due, status, committedBy *domain.Field
	for i, f := range s.Kinds[3].Fields {
		switch f.Name {
		case "due":
			due = &s.Kinds[3].Fields[i]
		case "status":
			status = &s.Kinds[3].Fields[i]
		case "committed_by":
			committedBy = &s.Kinds[3].Fields[i]
		}
	}
	if due == nil || due.Type != domain.TypeDate || status == nil || !status.Required || len(status.Options) != 6 ||
		committedBy == nil || committedBy.Type != domain.TypeSet || committedBy.Ref != domain.KindParty {
		t.Fatalf("commitment fields: due=%+v status=%+v committed_by=%+v", due, status, committedBy)
	}
	if len(s.Themes) != 13 || len(s.Frameworks) != 2 || len(s.Frameworks[0].Items) != 23 || len(s.Frameworks[1].Items) != 5 {
		t.Fatalf("themes %d, frameworks %+v", len(s.Themes), s.Frameworks)
	}
	found := false
	for _, c := range s.Countries {
		if c.Alpha3 == "CIV" {
			found = c.Name == "Côte d'Ivoire" && c.NameFR != ""
		}
	}
	if !found || len(s.Countries) < 240 {
		t.Fatalf("countries: %d, CIV found %v", len(s.Countries), found)
	}
	b, _ := json.Marshal(s)
	if len(b) > 200_000 {
		t.Fatalf("schema is %d bytes", len(b))
	}
}

func TestSettingsLanguage(t *testing.T) {
	dir := t.TempDir()
	a, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	s := &Settings{App: a}
	v, err := s.Get()
	if err != nil || v.Language != "en" || v.Identity != nil || v.DataDir != dir {
		t.Fatalf("defaults: %+v %v", v, err)
	}
	if _, err := s.SetLanguage("de"); AsError(err).Fields["language"] == "" {
		t.Fatalf("unknown language: %v", err)
	}
	// Keys written by a later version survive.
	if err := os.WriteFile(filepath.Join(dir, SettingsFile), []byte(`{"language":"en","theme":"dark"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if v, err = s.SetLanguage("FR"); err != nil || v.Language != "fr" {
		t.Fatalf("set fr: %+v %v", v, err)
	}
	data, _ := os.ReadFile(filepath.Join(dir, SettingsFile))
	var raw map[string]string
	if json.Unmarshal(data, &raw) != nil || raw["language"] != "fr" || raw["theme"] != "dark" {
		t.Fatalf("settings.json: %s", data)
	}
	if st, _ := os.Stat(filepath.Join(dir, SettingsFile)); st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v", st.Mode())
	}
	// A damaged file falls back to defaults rather than failing.
	_ = os.WriteFile(filepath.Join(dir, SettingsFile), []byte("{garbage"), 0o600)
	if v, err = s.Get(); err != nil || v.Language != "en" {
		t.Fatalf("damaged: %+v %v", v, err)
	}
	if v, err = s.Init("Amina Benali", "secretariat", "EU"); err != nil || v.Identity == nil || v.Identity.Role != "secretariat" {
		t.Fatalf("init: %+v %v", v, err)
	}
	if _, err := s.Init("Again", "delegate", ""); AsError(err).Code != CodeConflict {
		t.Fatalf("second init: %v", err)
	}
}

func TestHomeSummary(t *testing.T) {
	a := openDemo(t)
	r := &Records{App: a}
	add := func(title, status, due string) string {
		// "Changed" is kept to the millisecond, and records changed in the same one are
		// ordered by id: a millisecond apart, the order of the adds is the order of recency.
		time.Sleep(2 * time.Millisecond)
		v, err := r.Add("commitment", map[string]json.RawMessage{"title": q(title), "status": q(status), "due": q(due)})
		if err != nil {
			t.Fatal(err)
		}
		return v.ID
	}
	soon := add("Open a migrant resource centre", "agreed", "2026-02-10")
	soon75 := add("Due in 75 days, inside the briefs' window", "agreed", "2026-03-31")
	add("Delivered already", "delivered", "2026-02-11")
	late := add("Late report", "in_progress", "2025-12-01")
	stalled := add("Stalled talks", "stalled", "2027-01-01")
	h := &Home{App: a, Now: func() time.Time { return time.Date(2026, 1, 15, 9, 0, 0, 0, time.UTC) }}
	v, err := h.Summary()
	if err != nil {
		t.Fatal(err)
	}
	c := v.Counts[domain.KindCommitment]
	if v.Today != "2026-01-15" || c.Total != 15 || c.ByStatus["proposed"] != 6 || c.ByStatus["stalled"] != 1 || c.ByStatus["delivered"] != 1 {
		t.Fatalf("counts: %+v", v.Counts)
	}
	if v.Counts[domain.KindMeeting].Total != 2 || v.Counts[domain.KindParty].ByStatus["country"] == 0 {
		t.Fatalf("counts: %+v", v.Counts)
	}
	if v.SoonDays != brief.DefaultDueSoonDays {
		t.Errorf("home looks %d days ahead, the briefs %d", v.SoonDays, brief.DefaultDueSoonDays)
	}
	if len(v.DueSoon) != 2 || v.DueSoon[0].ID != soon || v.DueSoon[1].ID != soon75 || len(v.Overdue) != 1 || v.Overdue[0].ID != late ||
		len(v.Stalled) != 1 || v.Stalled[0].ID != stalled {
		t.Fatalf("due soon %+v overdue %+v stalled %+v", v.DueSoon, v.Overdue, v.Stalled)
	}
	mine := map[string]bool{soon: true, soon75: true, late: true, stalled: true}
	n := 0
	for _, it := range v.Recent[:4] {
		if mine[it.ID] {
			n++
		}
	}
	if len(v.Recent) != 15 || n != 3 || v.Conflicts != 0 {
		t.Fatalf("recent %d (%d of mine first), conflicts %d", len(v.Recent), n, v.Conflicts)
	}
}

func q(s string) json.RawMessage { b, _ := json.Marshal(s); return b }

func TestCountryPage(t *testing.T) {
	a := openDemo(t)
	p, err := (&Country{App: a}).Get("lby")
	if err != nil {
		t.Fatal(err)
	}
	if p.Country.Alpha3 != "LBY" || p.Country.NameFR == "" || len(p.Parties) != 1 {
		t.Fatalf("country %+v parties %+v", p.Country, p.Parties)
	}
	to := map[string]bool{}
	for _, c := range p.Commitments.To {
		to[c.ID] = true
	}
	if !to[DemoID("commitment/vhr-libya")] || !to[DemoID("commitment/border-coast-guards")] || len(p.Commitments.By) != 0 {
		t.Fatalf("commitments: %+v", p.Commitments)
	}
	if len(p.Indicators) != 1 || p.Indicators[0].Name != "Voluntary humanitarian returns" || *p.Indicators[0].Actual != 53000 {
		t.Fatalf("indicators: %+v", p.Indicators)
	}
	if len(p.TalkingPoints) != 1 || p.TalkingPoints[0].Date != "2020-11-12" || len(p.TalkingPoints[0].Points) == 0 {
		t.Fatalf("talking points: %+v", p.TalkingPoints)
	}
	tf := DemoID("partnership/au-eu-un-taskforce")
	hasTF := false
	for _, ps := range p.Partnerships {
		hasTF = hasTF || ps.ID == tf
	}
	if !hasTF {
		t.Fatalf("partnerships: %+v roles %+v", p.Partnerships, p.Roles)
	}
	if _, err := (&Country{App: a}).Get("LBA"); AsError(err).Problems["country"].Code != "country_unknown" {
		t.Fatalf("unknown code: %v", err)
	}
	// The page's address is typed by people too: the country is read as a brief reads it
	// (domain.ReadCountry), where only an alpha-3 code was ("tunisie" was "not an ISO 3166-1
	// alpha-3 country code"); the page names the country read.
	for _, typed := range []string{"tunisie", "Tunisia", "TN", " tun ", "Tunisie"} {
		if p, err := (&Country{App: a}).Get(typed); err != nil || p.Country.Alpha3 != "TUN" {
			t.Errorf("Get(%q): %v, %v", typed, p, err)
		}
	}
	// One that is none is refused as a brief refuses it, with the same problem and suggestion.
	for typed, code := range map[string]string{"Tunisiaa": "country_unknown", "Korea": "country_partial", "N/A": "country_blank", "NA": "country_ambiguous"} {
		_, err := (&Country{App: a}).Get(typed)
		_, berr := (&Brief{App: a}).Facts(typed, BriefOptions{})
		e, be := AsError(err), AsError(berr)
		if e == nil || e.Code != CodeInvalid || e.Problems["country"].Code != code || !reflect.DeepEqual(e.Problems, be.Problems) {
			t.Errorf("Get(%q): %+v, want %s as the brief's %+v", typed, e, code, be)
		}
	}
	// A country with no records is an empty page, not an error.
	if p, err = (&Country{App: a}).Get("ISL"); err != nil || len(p.Commitments.By)+len(p.Partnerships) != 0 {
		t.Fatalf("ISL: %+v %v", p, err)
	}
}

// A country page lists its party records as the record lists do, by the names shown in the
// screens' language: the party named "Germany" reads "Allemagne" in French and comes before
// "Bundesministerium des Innern", after it in English.
func TestCountryPagePartiesInTheReadersOrder(t *testing.T) {
	a := openDemo(t)
	r := &Records{App: a}
	raw := func(v any) json.RawMessage { b, _ := json.Marshal(v); return b }
	for _, name := range []string{"Germany", "Bundesministerium des Innern"} {
		if _, err := r.Add("party", map[string]json.RawMessage{"name": raw(name), "type": raw("country"), "iso3": raw("DEU")}); err != nil {
			t.Fatal(err)
		}
	}
	titles := func() string {
		p, err := (&Country{App: a}).Get("DEU")
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, it := range p.Parties {
			out = append(out, it.Title)
		}
		return strings.Join(out, ", ")
	}
	if got := titles(); got != "Bundesministerium des Innern, Germany" {
		t.Errorf("in English: %s", got)
	}
	if _, err := (&Settings{App: a}).SetLanguage("fr"); err != nil {
		t.Fatal(err)
	}
	if got := titles(); got != "Germany, Bundesministerium des Innern" {
		t.Errorf("in French: %s", got)
	}
}

func TestCountryList(t *testing.T) {
	a := openDemo(t)
	list, err := (&Country{App: a}).List()
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]CountrySummary{}
	for _, c := range list {
		by[c.Alpha3] = c
	}
	lby, ok := by["LBY"]
	if !ok || lby.Parties != 1 || lby.Commitments < 4 || lby.Partnerships < 1 || lby.Interventions != 1 || lby.NameFR == "" {
		t.Fatalf("LBY: %+v", lby)
	}
	if _, ok := by["ISL"]; ok {
		t.Fatal("a country without records is listed")
	}
	for i := 1; i < len(list); i++ {
		if list[i-1].Name > list[i].Name {
			t.Fatalf("not sorted by name: %s before %s", list[i-1].Name, list[i].Name)
		}
	}
	if len(list) > 30 {
		t.Fatalf("%d countries", len(list))
	}

	// In French, by the French names as the screens show them: Maroc before Mauritanie, Soudan
	// before Soudan du Sud, Égypte among the E's (in English Mauritania, Morocco, South Sudan, Sudan).
	if _, err := (&Settings{App: a}).SetLanguage("fr"); err != nil {
		t.Fatal(err)
	}
	list, err = (&Country{App: a}).List()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range list {
		names = append(names, c.NameFR)
	}
	want := []string{"Côte d’Ivoire", "Djibouti", "Égypte", "Érythrée", "Éthiopie", "Gambie", "Kenya", "Libye", "Mali", "Maroc",
		"Mauritanie", "Niger", "Nigeria", "Sénégal", "Somalie", "Soudan", "Soudan du Sud", "Tunisie"}
	if strings.Join(names, ", ") != strings.Join(want, ", ") {
		t.Errorf("in French:\n%s\nwant\n%s", strings.Join(names, ", "), strings.Join(want, ", "))
	}
}
