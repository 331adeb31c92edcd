package domain

import (
	"os"
	"regexp"
	"testing"
)

// The French theme labels search uses are the ones the French screens show.
func TestThemeLabelsFRMatchTheFrenchScreens(t *testing.T) {
	src, err := os.ReadFile("../../frontend/src/lib/i18n/fr.ts")
	if err != nil {
		t.Fatalf("the French translations are part of the repository: %v", err)
	}
	screen := map[string]string{}
	for _, m := range regexp.MustCompile(`'opt\.theme\.([a-z_]+)': '([^']*)'`).FindAllStringSubmatch(string(src), -1) {
		screen[m[1]] = m[2]
	}
	for _, o := range Themes {
		labels := ThemeLabels(o.Value)
		if len(labels) != 2 || labels[0] != o.Label || labels[1] == "" {
			t.Errorf("%s: labels %q", o.Value, labels)
			continue
		}
		if screen[o.Value] != labels[1] {
			t.Errorf("%s: search knows %q, the French screen shows %q", o.Value, labels[1], screen[o.Value])
		}
	}
	if len(themeLabelsFR) != len(Themes) {
		t.Errorf("%d French labels for %d themes", len(themeLabelsFR), len(Themes))
	}
	if ThemeLabels("fishing") != nil {
		t.Error("an unknown theme has labels")
	}
}

// Every value of the lists a brief prints has a French label, the one the French screens show.
func TestOptionLabelsFRMatchTheFrenchScreens(t *testing.T) {
	src, err := os.ReadFile("../../frontend/src/lib/i18n/fr.ts")
	if err != nil {
		t.Fatalf("the French translations are part of the repository: %v", err)
	}
	lists := map[string][]Option{"partnership_type": PartnershipTypes, "party_role": PartyRoles,
		"partnership_status": PartnershipStatuses, "commitment_type": CommitmentTypes, "commitment_status": CommitmentStatuses,
		"funding_state": FundingStates, "funding_instrument": FundingInstruments, "theme": Themes}
	for list, opts := range lists {
		for _, o := range opts {
			m := regexp.MustCompile(`'opt\.` + list + `\.` + o.Value + `': '([^']*)'`).FindStringSubmatch(string(src))
			if m == nil || LabelFR(list, o.Value) != m[1] {
				t.Errorf("%s.%s: the brief says %q, the French screen %v", list, o.Value, LabelFR(list, o.Value), m)
			}
		}
	}
	for _, k := range Kinds {
		m := regexp.MustCompile(`'kind\.` + string(k) + `': '([^']*)'`).FindStringSubmatch(string(src))
		if m == nil || LabelFR("kind", string(k)) != m[1] {
			t.Errorf("kind %s: the brief says %q, the French screen %v", k, LabelFR("kind", string(k)), m)
		}
	}
	if LabelFR("commitment_status", "fishing") != "" || LabelFR("nonsense", "agreed") != "" {
		t.Error("an unknown value has a French label")
	}
}

// The brief names a field as the screens do, in both languages.
func TestFieldLabelsMatchTheScreens(t *testing.T) {
	for _, lang := range []string{"en", "fr"} {
		src, err := os.ReadFile("../../frontend/src/lib/i18n/" + lang + ".ts")
		if err != nil {
			t.Fatalf("the translations are part of the repository: %v", err)
		}
		screen := map[string]string{}
		for _, m := range regexp.MustCompile(`(?m)^  'field\.([a-z_.]+)': '([^']*)',`).FindAllStringSubmatch(string(src), -1) {
			screen[m[1]] = m[2]
		}
		if len(screen) < 40 || len(screen) != len(fieldLabels[lang]) {
			t.Errorf("%s: %d field labels on the screens, %d in the brief", lang, len(screen), len(fieldLabels[lang]))
		}
		for k, v := range screen {
			if fieldLabels[lang][k] != v {
				t.Errorf("%s field.%s: the brief says %q, the screen %q", lang, k, fieldLabels[lang][k], v)
			}
		}
	}
	for _, c := range []struct{ lang, kind, name, want string }{
		{"fr", "commitment", "title", "Intitulé"},
		{"en", "commitment", "due", "Due date"},
		{"en", "meeting", "partnership", "Partnership or process"},
		{"fr", "commitment", "no_such_field", "no_such_field"},
	} {
		if got := FieldLabel(c.lang, Kind(c.kind), c.name); got != c.want {
			t.Errorf("FieldLabel(%s, %s, %s) = %q, want %q", c.lang, c.kind, c.name, got, c.want)
		}
	}
}
