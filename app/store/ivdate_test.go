package store

import (
	"strings"
	"testing"
)

// TestInterventionsSortByTheirMeetingsDate: an intervention has no date of its own; sorted by
// date, interventions go by their meeting's start (the date their list row shows), and follow
// the meeting when it moves. The big heap and the small one order alike.
func TestInterventionsSortByTheirMeetingsDate(t *testing.T) {
	s := openTest(t, t.TempDir())
	rabat := create(t, s, "meeting", map[string]any{"title": "Rabat", "start": "2024-03-05T09:00:00+01:00"})
	cadiz := create(t, s, "meeting", map[string]any{"title": "Cadiz", "start": "2022-12-13"})
	geneva := create(t, s, "meeting", map[string]any{"title": "Geneva", "start": "2020-11-12"})
	// Titles in the order "AU", "EEAS", "ZA": not the meetings' dates.
	create(t, s, "intervention", map[string]any{"meeting": cadiz, "speaker": "AU"})
	create(t, s, "intervention", map[string]any{"meeting": rabat, "speaker": "EEAS"})
	create(t, s, "intervention", map[string]any{"meeting": geneva, "speaker": "ZA"})
	order := func(sort string, limit int) string {
		var out []string
		for _, it := range s.Query(Query{Kind: "intervention", Sort: sort, Limit: limit}).Items {
			out = append(out, it.Parts.Speaker)
		}
		return strings.Join(out, " ")
	}
	for _, limit := range []int{10, MaxLimit} {
		if got := order("date", limit); got != "ZA AU EEAS" {
			t.Errorf("by date (limit %d): %s, want ZA AU EEAS (Geneva 2020, Cadiz 2022, Rabat 2024)", limit, got)
		}
		if got := order("-date", limit); got != "EEAS AU ZA" {
			t.Errorf("latest first (limit %d): %s, want EEAS AU ZA", limit, got)
		}
	}
	update(t, s, geneva, map[string]any{"start": "2025-01-20"})
	if got := order("date", 10); got != "AU EEAS ZA" {
		t.Errorf("after Geneva moved to 2025: %s, want AU EEAS ZA", got)
	}
}
