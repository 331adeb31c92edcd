package brief

import (
	"testing"

	"dossier/app/store"
)

func TestNestQuotes(t *testing.T) {
	nb := "\u00a0"
	for _, c := range []struct {
		lang     Lang
		in, want string
	}{
		{French, "« Intervention de «" + nb + "Amina Diallo" + nb + "» »", "« Intervention de “Amina Diallo” »"},
		{French, "« Intervention de « Amina Diallo » (session 2) »", "« Intervention de “Amina Diallo” (session 2) »"},
		{French, "de «" + nb + "EEAS" + nb + "»", "de «" + nb + "EEAS" + nb + "»"}, // one pair: unchanged
		{French, "« a » et « b »", "« a » et « b »"},                               // side by side, not nested
		{French, "« a « b « c » » »", "« a “b “c”” »"},                             // deeper: the inner pair again
		{French, "« a « b", "« a “b"},                                              // unclosed: the inner mark all the same
		{French, "» « a « b » »", "» « a “b” »"},                                   // a closing mark with nothing open stays
		{English, "“the “Rabat” process”", "“the ‘Rabat’ process”"},
		{English, "“Intervention by Amina Diallo”", "“Intervention by Amina Diallo”"},
		{English, "« a « b » »", "« a « b » »"}, // French marks in English text are data
	} {
		if got := c.lang.nest(c.in); got != c.want {
			t.Errorf("%v nest(%q) = %q, want %q", c.lang, c.in, got, c.want)
		}
	}
}

// A French sentence quoting an intervention's composed title: the speaker's quotes become the
// inner pair (the case the last notes carried: « Intervention de « Amina Diallo » »).
func TestQuotedInterventionTitleNests(t *testing.T) {
	title := French.recordTitle(Ref{Parts: &store.TitleParts{Speaker: "Amina Diallo"}})
	got := French.quote(title)
	if want := "«\u00a0Intervention de “Amina Diallo”\u00a0»"; got != want {
		t.Errorf("quote(%q) = %q, want %q", title, got, want)
	}
}

func FuzzNestQuotes(f *testing.F) {
	for _, s := range []string{"« a « b » »", "“a “b””", "«\u00a0»«", "»»««", "plain"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, p := range []quotePair{quotesFR, quotesEN} {
			out := p.nestQuotes(s)
			// Text other than marks and the spaces inside inner marks is kept, in order; an
			// outer mark is never nested, so a second pass changes nothing.
			if again := p.nestQuotes(out); again != out {
				t.Fatalf("not stable: %q → %q → %q", s, out, again)
			}
			if len(out) > len(s)+len(s)/2+8 {
				t.Fatalf("grew too much: %q → %q", s, out)
			}
		}
	})
}
