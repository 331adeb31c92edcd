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
