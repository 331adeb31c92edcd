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
