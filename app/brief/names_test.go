package brief

import (
	"strings"
	"testing"

	"dossier/app/domain"
)

// A brief names countries by their display names in both languages, whatever ISO name or
// other name of the country the party records are titled by, with the French article; a
// party's own title (not a name of its country) is printed as recorded (docs/brief.md,
// "Country names").
func TestBriefNamesCountriesByTheirDisplayNames(t *testing.T) {
	f := newFixture(t)
	rus := f.party("Russie, Fédération de", "country", "RUS", "") // the inverted ISO name, as a CSV file may hold
	pse := f.party("Palestine, State of", "country", "PSE", "")
	usa := f.party("United States of America", "country", "USA", "")
	syr := f.party("Syria", "country", "SYR", "")
	cg := f.party("Libyan Coast Guard", "country", "LBY", "")
	f.rec(domain.KindCommitment, map[string]any{"title": "Readmission talks", "status": "agreed",
		"committed_by": []string{rus}, "towards": []string{pse, usa}})
	f.rec(domain.KindCommitment, map[string]any{"title": "Return support", "status": "proposed",
		"committed_by": []string{syr, cg}, "towards": []string{rus}})
	f.rec(domain.KindPartnership, map[string]any{"title": "Eastern dialogue", "type": "regional_dialogue", "status": "active",
		"parties": []domain.PartyRole{role(rus, "member"), role(syr, "member")}})
	m := f.rec(domain.KindMeeting, map[string]any{"title": "Regional review", "start": "2020-11-12", "time_zone": "Europe/Zurich"})
	f.rec(domain.KindIntervention, map[string]any{"meeting": m, "speaker": "Delegate", "points": []string{"Talks with Russia on returns.", "Nothing else."}})

	b := mustAssemble(t, f.st, "RUS")
	if b.Header.Country != "Russie, Fédération de" || b.Header.ISOName != "Russian Federation" || b.Header.ArticleFR != "la" {
		t.Errorf("header %+v: the facts carry the recorded title and the country's English name", b.Header)
	}
	if len(b.TalkingPoints) != 1 || len(b.TalkingPoints[0].Points) != 1 || b.TalkingPoints[0].Points[0].Text != "Talks with Russia on returns." {
		t.Errorf("a point saying Russia: %+v", b.TalkingPoints)
	}
	for _, c := range []struct {
		l         Lang
		want, not []string
	}{
		{English, []string{"Russian Federation (RUS)", "Russian Federation takes part in 1 partnership", "By Russian Federation (1)",
			"State of Palestine, United States", "Syrian Arab Republic (member)", "Libyan Coast Guard, Syrian Arab Republic"},
			[]string{"Russie", "Palestine, State of", "United States of America", "Syria "}},
		{French, []string{"Fédération de Russie (RUS)", "La Fédération de Russie participe à 1 partenariat", "Pris par la Fédération de Russie (1)",
			"Envers la Fédération de Russie (1)", "l’État de Palestine et les États-Unis", "la République arabe syrienne (membre)",
			"« Libyan Coast Guard » et la République arabe syrienne"},
			[]string{"Russie, Fédération de", "Palestine, State of", "United States of America", "Syria "}},
	} {
		text := strings.ReplaceAll(flat(t, renderLang(t, b, c.l)), "\u00a0", " ")
		for _, s := range c.want {
			if !strings.Contains(text, s) {
				t.Errorf("%s brief lacks %q:\n%s", c.l, s, text)
			}
		}
		for _, s := range c.not {
			if strings.Contains(text, s) {
				t.Errorf("%s brief prints %q", c.l, s)
			}
		}
	}

	// A country party with a title of its own keeps it, with no article, quoted in a French
	// sentence as any party's own title is (docs/brief.md); the heading is a label and is not.
	// The line under it says which country it is.
	b = mustAssemble(t, f.st, "LBY")
	for l, want := range map[Lang][]string{
		English: {"Libyan Coast Guard (LBY)", "ISO 3166-1 LBY · LY · Libya", "Libyan Coast Guard takes part in"},
		French:  {"Libyan Coast Guard (LBY)", "ISO 3166-1 LBY · LY · Libye", "FICHE PAYS Libyan Coast Guard ISO", "« Libyan Coast Guard » participe à", "Aucune réunion de « Libyan Coast Guard » antérieure"},
	} {
		text := strings.ReplaceAll(flat(t, renderLang(t, b, l)), "\u00a0", " ")
		for _, s := range want {
			if !strings.Contains(text, s) {
				t.Errorf("%s Libya brief lacks %q:\n%s", l, s, text)
			}
		}
	}
}

// The map's legend names the country whole: a long display name wraps rather than being cut
// to its first line ("République" for the Democratic Republic of the Congo).
func TestMapLegendNamesTheCountryWhole(t *testing.T) {
	f := newFixture(t)
	f.party("Congo, The Democratic Republic of the", "country", "COD", "")
	b := mustAssemble(t, f.st, "COD")
	for l, want := range map[Lang]string{English: "Democratic Republic of the Congo Other countries", French: "République démocratique du Congo Autres pays"} {
		if text := flat(t, renderLang(t, b, l)); !strings.Contains(text, want) {
			t.Errorf("%s: the legend does not read %q:\n%s", l, want, text)
		}
	}
}
