package store

import (
	"encoding/json"
	"testing"

	"dossier/app/domain"
)

// An intervention's title is composed here in English, in one fixed pattern, because it is
// kept in the index (search, sort, the CLI). The screens word it in the reader's language
// from that pattern (frontend/src/lib/state.svelte.ts, recordTitle, tested in state.test.ts):
// a change here must change both (docs/api.md, "Requests from the frontend", 5).
func TestInterventionTitlePattern(t *testing.T) {
	f := func(m map[string]string) map[string]json.RawMessage {
		out := map[string]json.RawMessage{}
		for k, v := range m {
			out[k], _ = json.Marshal(v)
		}
		return out
	}
	cases := []struct {
		fields map[string]string
		want   string
	}{
		{map[string]string{"speaker": "EEAS and European Commission services", "session": "Roundtable 4"}, "Intervention by EEAS and European Commission services (Roundtable 4)"},
		{map[string]string{"speaker": "A. Benali"}, "Intervention by A. Benali"},
		{map[string]string{"session": "Opening"}, "Intervention (Opening)"},
		{map[string]string{}, "Intervention"},
	}
	for _, c := range cases {
		if got := Title(domain.KindIntervention, f(c.fields)); got != c.want {
			t.Errorf("%v: %q, want %q", c.fields, got, c.want)
		}
	}
}
