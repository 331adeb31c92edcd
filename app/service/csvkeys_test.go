package service

import (
	"encoding/json"
	"strings"
	"testing"

	"dossier/app/domain"
)

// rec is a record held (row 0) or a row of the import (in file, when the import has several).
func rec(k domain.Kind, id, file string, row int, fields map[string]string) keyed {
	label := fields["title"] + fields["name"]
	return keyed{id: id, label: label, row: row, file: file, keys: naturalKeys(k, func(f string) string { return fields[f] })}
}

// words is a problem's English words, "" for none.
func words(p *domain.Problem) string {
	if p == nil {
		return ""
	}
	return p.Text()
}

// testIndex: a secretariat's store (held) and an import that adds to it (rows).
func testIndex() *keyIndex {
	held := map[domain.Kind][]keyed{
		domain.KindParty: {
			rec(domain.KindParty, "01900000-0000-7000-8000-000000000001", "", 0, map[string]string{"name": "Tunisia", "iso3": "TUN"}),
			rec(domain.KindParty, "01900000-0000-7000-8000-000000000002", "", 0, map[string]string{"name": "European Union", "acronym": "EU"}),
			rec(domain.KindParty, "01900000-0000-7000-8000-000000000003", "", 0, map[string]string{"name": "Türkiye", "iso3": "TUR"}),
			rec(domain.KindParty, "01900000-0000-7000-8000-000000000004", "", 0, map[string]string{"name": "International Organization for Migration", "acronym": "IOM"}),
			// Two parties for Morocco, as two delegations each created one.
			rec(domain.KindParty, "01900000-0000-7000-8000-000000000005", "", 0, map[string]string{"name": "Morocco", "iso3": "MAR"}),
			rec(domain.KindParty, "01900000-0000-7000-8000-000000000006", "", 0, map[string]string{"name": "Kingdom of Morocco", "iso3": "MAR"}),
			rec(domain.KindParty, "01900000-0000-7000-8000-000000000007", "", 0, map[string]string{"name": "Russian Federation", "iso3": "RUS"}),
			rec(domain.KindParty, "01900000-0000-7000-8000-000000000008", "", 0, map[string]string{"name": "Palestine, State of", "iso3": "PSE"}),
		},
		domain.KindPartnership: {
			rec(domain.KindPartnership, "01900000-0000-7000-8000-000000000010", "", 0, map[string]string{"title": "EU–Tunisia MoU"}),
			rec(domain.KindPartnership, "01900000-0000-7000-8000-000000000011", "", 0, map[string]string{"title": "Rabat Process"}),
		},
	}
	loads := map[domain.Kind]int{}
	ix := &keyIndex{
		load: func(k domain.Kind) []keyed { loads[k]++; return held[k] },
		rows: map[domain.Kind][]keyed{
			domain.KindParty: {rec(domain.KindParty, "01900000-0000-7000-8000-000000000020", "parties.csv", 2, map[string]string{"name": "Côte d'Ivoire", "iso3": "civ"})},
			domain.KindPartnership: {
				rec(domain.KindPartnership, "01900000-0000-7000-8000-000000000021", "", 5, map[string]string{"title": "Rabat Process"}),
				rec(domain.KindPartnership, "01900000-0000-7000-8000-000000000022", "", 6, map[string]string{"title": "Khartoum Process"}),
			},
		},
		items: func() map[string]string {
			codes := map[string]string{"EUTF-1": "", "EUTF-2": ""}
			for _, c := range domain.ReferenceItemCodes() {
				codes[c] = ""
			}
			return codes
		},
	}
	return ix
}

func TestResolveNaturalKeys(t *testing.T) {
	const (
		tun = "01900000-0000-7000-8000-000000000001"
		eu  = "01900000-0000-7000-8000-000000000002"
		tur = "01900000-0000-7000-8000-000000000003"
		civ = "01900000-0000-7000-8000-000000000020"
		rus = "01900000-0000-7000-8000-000000000007"
		pse = "01900000-0000-7000-8000-000000000008"
	)
	cases := []struct {
		kind domain.Kind
		text string
		id   string   // when resolved
		msg  []string // fragments of the refusal
	}{
		{domain.KindParty, "TUN", tun, nil},
		{domain.KindParty, "tun", tun, nil},
		{domain.KindParty, " Tunisia ", tun, nil},
		{domain.KindParty, "Tunisie", tun, nil}, // French country name
		{domain.KindParty, "Turquie", tur, nil}, // the ISO list says Türkiye in French too; people write Turquie
		{domain.KindParty, "Turkey", tur, nil},  // and Turkey in English (domain's short names)
		{domain.KindParty, "Türkiye", tur, nil},
		// Every name of the party's country: display names, inverted ISO names, short forms.
		{domain.KindParty, "Fédération de Russie", rus, nil},
		{domain.KindParty, "Russie, Fédération de", rus, nil},
		{domain.KindParty, "Russia", rus, nil},
		{domain.KindParty, "State of Palestine", pse, nil},
		{domain.KindParty, "État de Palestine", pse, nil},
		{domain.KindParty, "Palestine, État de", pse, nil},
		{domain.KindParty, "Palestine", pse, nil},
		{domain.KindParty, "Tu\u0308rkiye", tur, nil}, // decomposed, as macOS writes it
		{domain.KindParty, "EU", eu, nil},
		{domain.KindParty, "European Union", eu, nil},
		{domain.KindParty, "Côte d'Ivoire", civ, nil}, // a row of the same import
		{domain.KindParty, "CIV", civ, nil},
		{domain.KindParty, "01900000-0000-7000-8000-00000000000A", "01900000-0000-7000-8000-00000000000a", nil}, // ids pass through
		{domain.KindPartnership, "EU–Tunisia MoU", "01900000-0000-7000-8000-000000000010", nil},
		{domain.KindPartnership, "Khartoum Process", "01900000-0000-7000-8000-000000000022", nil},

		{domain.KindParty, "MAR", "", []string{`"MAR" could be any of 2 party records`, "Morocco (ISO3 MAR, id 01900000-0000-7000-8000-000000000005)", "Kingdom of Morocco (ISO3 MAR", "write the id"}},
		{domain.KindPartnership, "Rabat Process", "", []string{"could be any of 2", "Rabat Process (id 01900000-0000-7000-8000-000000000011)", "Rabat Process (row 5 of this import)"}},
		{domain.KindParty, "Turkiey", "", []string{`"Turkiey" names no party`, "did you mean Türkiye (ISO3 TUR", "ISO3 code"}},
		{domain.KindParty, "Tunisa", "", []string{`"Tunisa" names no party`, "did you mean Tunisia (ISO3 TUN"}},
		{domain.KindParty, "Moroco", "", []string{"did you mean", "Morocco (ISO3 MAR, id 01900000-0000-7000-8000-000000000005)"}},
		{domain.KindPartnership, "Kartoum Proces", "", []string{"did you mean Khartoum Process"}},
		{domain.KindParty, "Cote d Ivoire", "", []string{"did you mean Côte d'Ivoire (ISO3 CIV, parties.csv, row 2 of this import)", "exactly"}},
		{domain.KindParty, "european union", "", []string{"did you mean European Union"}},
		{domain.KindParty, "Europe", "", []string{"did you mean European Union"}},
		{domain.KindPartnership, "EU-Tunisia MoU", "", []string{"did you mean EU–Tunisia MoU"}},
		{domain.KindPartnership, "Atlantis", "", []string{`"Atlantis" names no partnership: give its id or title`}},
	}
	ix := testIndex()
	for _, c := range cases {
		id, p := ix.resolve(c.kind, c.text)
		msg := words(p)
		if c.msg == nil {
			if id != c.id || msg != "" {
				t.Errorf("%s %q: got %q %q, want %s", c.kind, c.text, id, msg, c.id)
			}
			continue
		}
		if id != "" {
			t.Errorf("%s %q: resolved to %s, want a refusal", c.kind, c.text, id)
		}
		for _, want := range c.msg {
			if !strings.Contains(msg, want) {
				t.Errorf("%s %q: %q lacks %q", c.kind, c.text, msg, want)
			}
		}
	}
}

func TestResolveFrameworkItems(t *testing.T) {
	ix := testIndex()
	for text, want := range map[string]string{"GCM-7": "GCM-7", "gcm-7": "GCM-7", " JVAP-3 ": "JVAP-3", "eutf-2": "EUTF-2"} {
		if got, p := ix.item(text); got != want || p != nil {
			t.Errorf("%q: %q %q", text, got, words(p))
		}
	}
	for text, want := range map[string]string{
		"GCM-24": "the items of GCM are GCM-1, GCM-2", "EUTF-9": "the items of EUTF are EUTF-1, EUTF-2",
		"XYZ-1": "frameworks known: EUTF, GCM, JVAP",
	} {
		if got, p := ix.item(text); got != "" || !strings.Contains(words(p), want) {
			t.Errorf("%q: %q %q, want %q", text, got, words(p), want)
		}
	}
}

func TestResolveValueShapes(t *testing.T) {
	ix := testIndex()
	field := func(k domain.Kind, name string) domain.Field { f, _ := domain.FieldOf(k, name); return f }
	cases := []struct {
		f        domain.Field
		in, want string
		problems int
	}{
		{field(domain.KindCommitment, "partnership"), `"Khartoum Process"`, `"01900000-0000-7000-8000-000000000022"`, 0},
		{field(domain.KindCommitment, "towards"), `["TUN","Türkiye"]`, `["01900000-0000-7000-8000-000000000001","01900000-0000-7000-8000-000000000003"]`, 0},
		{field(domain.KindPartnership, "parties"), `[{"party":"EU","role":"lead"}]`, `[{"party":"01900000-0000-7000-8000-000000000002","role":"lead"}]`, 0},
		{field(domain.KindCommitment, "framework_items"), `["gcm-7"]`, `["GCM-7"]`, 0},
		{field(domain.KindCommitment, "towards"), `["Atlantis","Narnia"]`, `["Atlantis","Narnia"]`, 2},
		{field(domain.KindCommitment, "themes"), `["trafficking"]`, `["trafficking"]`, 0},    // not a reference
		{field(domain.KindCommitment, "towards"), `{"not":"a list"}`, `{"not":"a list"}`, 0}, // left to validation
	}
	for _, c := range cases {
		got, problems, _, _ := ix.resolveValue(c.f, json.RawMessage(c.in))
		if string(got) != c.want || len(problems) != c.problems {
			t.Errorf("%s %s: got %s %v, want %s and %d problems", c.f.Name, c.in, got, problems, c.want, c.problems)
		}
	}
}

// TestResolveLoadsLazily: an import that writes only ids reads no held records.
func TestResolveLoadsLazily(t *testing.T) {
	loaded := 0
	ix := &keyIndex{load: func(domain.Kind) []keyed { loaded++; return nil }}
	if id, _ := ix.resolve(domain.KindParty, "01900000-0000-7000-8000-000000000001"); id == "" || loaded != 0 {
		t.Fatalf("an id loaded %d kinds", loaded)
	}
	ix.resolve(domain.KindParty, "Tunisia")
	ix.resolve(domain.KindParty, "Morocco")
	if loaded != 1 {
		t.Fatalf("loaded the parties %d times", loaded)
	}
}

func FuzzResolve(f *testing.F) {
	for _, s := range []string{"TUN", "tun", "Tunisie", "MAR", "Rabat Process", "Cote d Ivoire", "Europe", "",
		"01900000-0000-7000-8000-000000000001", "GCM-7", "gcm-99", "\uFFFD", "ÉÉ", strings.Repeat("x", 300)} {
		f.Add(s)
	}
	known := map[string]bool{}
	for _, rs := range testIndex().rows {
		for _, r := range rs {
			known[r.id] = true
		}
	}
	f.Fuzz(func(t *testing.T, text string) {
		ix := testIndex()
		for _, k := range []domain.Kind{domain.KindParty, domain.KindPartnership, domain.KindMeeting} {
			id, p := ix.resolve(k, text)
			msg := words(p)
			if (id == "") == (msg == "") {
				t.Fatalf("%s %q: id %q and message %q", k, text, id, msg)
			}
			if id != "" && !isID(id) {
				t.Fatalf("%s %q: resolved to %q, not an id", k, text, id)
			}
			if len(msg) > 4*MaxFieldText+len(text)*4 {
				t.Fatalf("%s %q: a message of %d bytes", k, text, len(msg))
			}
			if again, _ := ix.resolve(k, text); again != id {
				t.Fatalf("%s %q: resolved twice differently", k, text)
			}
		}
		code, p := ix.item(text)
		msg := words(p)
		if (code == "") == (msg == "") {
			t.Fatalf("item %q: %q %q", text, code, msg)
		}
		if code != "" && !strings.EqualFold(code, normKey(text)) {
			t.Fatalf("item %q resolved to %q", text, code)
		}
	})
}

func TestWithinEdits(t *testing.T) {
	for _, c := range []struct {
		a, b string
		k    int
		want bool
	}{
		{"tunisa", "tunisia", 1, true}, {"turkey", "turkiye", 2, true}, {"turkey", "turkiye", 1, false},
		{"", "", 0, true}, {"abc", "abc", 0, true}, {"abc", "abd", 0, false}, {"kitten", "sitting", 3, true},
		{"kitten", "sitting", 2, false}, {"côte", "cote", 1, true}, {"a", "abcd", 2, false},
	} {
		if got := withinEdits(c.a, c.b, c.k); got != c.want {
			t.Errorf("withinEdits(%q, %q, %d) = %v", c.a, c.b, c.k, got)
		}
		if got := withinEdits(c.b, c.a, c.k); got != c.want {
			t.Errorf("withinEdits(%q, %q, %d) = %v (reversed)", c.b, c.a, c.k, got)
		}
	}
}
