package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// briefPDF writes one brief with extra flags and returns its text per page (pdftotext -layout).
func briefPDF(t *testing.T, d, country, lang string, extra ...string) []string {
	t.Helper()
	out := filepath.Join(t.TempDir(), country+"-"+lang+".pdf")
	must(t, run(t, d, "", append([]string{"brief", "--country", country, "--lang", lang, "--as-of", "2026-06-01", "--out", out}, extra...)...))
	if dir := os.Getenv("BRIEF_DUMP"); dir != "" {
		data, _ := os.ReadFile(out)
		os.WriteFile(filepath.Join(dir, country+"-"+lang+".pdf"), data, 0o644)
	}
	return strings.Split(strings.TrimRight(pdfText(t, out), "\f"), "\f")
}

// flatPages joins the pages' words with single spaces, no-break spaces as spaces.
func flatPages(pages []string) string {
	return strings.ReplaceAll(strings.Join(strings.Fields(strings.Join(pages, " ")), " "), "\u00a0", " ")
}

func recordID(t *testing.T, d, kind, q string) string {
	t.Helper()
	var list struct{ Items []struct{ ID, Title string } }
	if err := json.Unmarshal([]byte(must(t, run(t, d, "", "record", "list", kind, "--q", q, "--json"))), &list); err != nil || len(list.Items) != 1 {
		t.Fatalf("record list %s --q %q: %v %+v", kind, q, err, list)
	}
	return list.Items[0].ID
}

// Issue 11's acceptance on the realistic portfolio: the briefs tell the story (commitment
// texts with their caveats, partnership summaries), the money per currency and state by side
// and per partnership, what changed since the last meeting (a status change and a new
// funding state made after the import), what falls due, and the contacts; the French brief
// says it in French with the country's article; no page ends with a heading.
func TestBriefStoryMoneyChangesContacts(t *testing.T) {
	d := portfolioDir(t)
	budget := recordID(t, d, "commitment", "EUR 150 million budget support to Tunisia")
	must(t, run(t, d, "", "record", "set", budget, "status=in_progress"))
	// A new funding state: what was there, and EUR 30 million more disbursed.
	var rec struct{ Fields map[string]json.RawMessage }
	json.Unmarshal([]byte(must(t, run(t, d, "", "record", "show", budget, "--json"))), &rec)
	var entries []map[string]any
	if err := json.Unmarshal(rec.Fields["funding"], &entries); err != nil || len(entries) != 2 {
		t.Fatalf("funding of the budget support: %s %v", rec.Fields["funding"], err)
	}
	entries = append(entries, map[string]any{"amount": 30000000, "currency": "EUR", "instrument": "budget_support", "state": "disbursed", "as_of": "2026-05-15", "country": entries[1]["country"]})
	fj, _ := json.Marshal(entries)
	funding := string(fj)
	must(t, run(t, d, "", "record", "set", budget, "funding="+funding))

	tun := flatPages(briefPDF(t, d, "TUN", "en"))
	for _, want := range []string{
		// The narrative, with its caveats.
		"Tunisia readmits only its own nationals", "Tunisia's president rejected the IMF conditions",
		"Memorandum of Understanding on a strategic and comprehensive partnership.",
		// A long text is cut in its row and printed whole in the annex.
		"(full text in the annex)", "Annex: full texts", "Any new tranche needs the joint committee's agreement.",
		// Money by side and per partnership, never converted.
		"4 Money", "By side", "Towards Tunisia", "Per partnership", "EUR 150,000,000", "USD 8,750,000",
		// Since the last meeting: the meeting it starts from, the status change, the new funding state, who.
		"2 Since the last meeting", "EU–Tunisia Migration Dialogue, Tunis 2025 (22 September 2025)",
		"Status: Agreed → In progress", "Funding added: EUR 30,000,000", "as of 15 May 2026",
		// Next steps: what falls due within 90 days of 1 June 2026, and the next meetings.
		"3 Next steps", "Falling due", "30 Jun 2026", "Next meetings",
		// Contacts recorded on the party.
		"9 Contacts", "Directorate of", "Sana Ben Ali", "migration.desk@example.tn", "+216 71 000 500",
	} {
		if !strings.Contains(tun, want) {
			t.Errorf("the Tunisia brief lacks %q", want)
		}
	}
	if strings.Contains(tun, "within the joint committee's agreement. (full text") {
		t.Error("the long text was not cut in its row")
	}

	// Egypt's billions are never broken in the narrow money columns.
	for _, lang := range []string{"en", "fr"} {
		egy := briefPDF(t, d, "EGY", lang)
		amount := map[string]string{"en": "EUR 4,207,000,000", "fr": "4 207 000 000 EUR"}[lang]
		if flat := flatPages(egy); strings.Count(flat, amount) < 2 {
			t.Errorf("the %s Egypt brief breaks %q (glance and money by side): %s", lang, amount, flat)
		}
	}

	tur := flatPages(briefPDF(t, d, "TUR", "en"))
	for _, want := range []string{"Returns to Türkiye from the Greek islands have been on hold since March 2020",
		"Returns to Türkiye under the EU–Turkey Statement have been on hold since March 2020"} {
		if !strings.Contains(tur, want) {
			t.Errorf("the Türkiye brief lacks %q", want)
		}
	}

	// A target with no value yet is a key figure, as a pledge in its commitment's state.
	mrtPledge := recordID(t, d, "commitment", "EUR 210 million for the EU–Mauritania partnership")
	var mrec struct{ Fields map[string]json.RawMessage }
	json.Unmarshal([]byte(must(t, run(t, d, "", "record", "show", mrtPledge, "--json"))), &mrec)
	var inds []map[string]any
	if err := json.Unmarshal(mrec.Fields["indicators"], &inds); err != nil || len(inds) == 0 {
		t.Fatalf("indicators of the Mauritania pledge: %s %v", mrec.Fields["indicators"], err)
	}
	inds = append(inds, map[string]any{"name": "Young Mauritanians trained for jobs", "unit": "people", "target": 12000})
	ij, _ := json.Marshal(inds)
	must(t, run(t, d, "", "record", "set", mrtPledge, "indicators="+string(ij)))
	for lang, want := range map[string][]string{"en": {"Young Mauritanians", "trained for jobs", "Agreed", "target 12,000", "people"},
		"fr": {"Young Mauritanians", "Convenu", "cible 12 000"}} {
		mrt := flatPages(briefPDF(t, d, "MRT", lang))
		key := map[string]string{"en": "Key indicators", "fr": "Indicateurs clés"}[lang]
		next := map[string]string{"en": "2 Since the last meeting", "fr": "2 Depuis la dernière réunion"}[lang]
		_, glance, _ := strings.Cut(mrt, key)
		glance, _, _ = strings.Cut(glance, next)
		for _, w := range want {
			if !strings.Contains(glance, w) {
				t.Errorf("the %s Mauritania brief's key indicators lack the pledge target's %q:\n%s", lang, w, glance)
			}
		}
		target := map[string]string{"en": "target 12,000", "fr": "cible 12 000"}[lang]
		if strings.Count(glance, target) != 1 {
			t.Errorf("the %s key indicators say %q %d times:\n%s", lang, target, strings.Count(glance, target), glance)
		}
	}

	// A multi-country total is not a key figure of a country: the 47,300 returns from Libya
	// are all the programme's countries together.
	ner := flatPages(briefPDF(t, d, "NER", "en"))
	_, glance, _ := strings.Cut(ner, "Key indicators")
	glance, _, _ = strings.Cut(glance, "2 Since the last meeting")
	if !strings.Contains(glance, "19,500 people") || strings.Contains(glance, "47,300") {
		t.Errorf("Niger's key indicators: %s", glance)
	}

	fr := flatPages(briefPDF(t, d, "TUN", "fr"))
	for _, want := range []string{"2 Depuis la dernière réunion", "3 Prochaines étapes", "4 Financements", "9 Contacts",
		"Envers la Tunisie", "La Tunisie participe à", "22 septembre 2025", "150 000 000 EUR",
		"Statut : Convenu → En cours", "Annexe : textes intégraux", "De la Tunisie", "Téléphone"} {
		if !strings.Contains(fr, want) {
			t.Errorf("the French Tunisia brief lacks %q", want)
		}
	}
	// The side headings take the article ("Envers la Tunisie (3)"), and so do the lists of
	// parties, ordered by their French names, a "de" contracted: "Envers l’Égypte, le Maroc et la
	// Tunisie" (the cell wraps after "le Maroc"), "au nom de la Tunisie", "Organisée par la
	// Tunisie"; once they were bare and by the English names ("Envers Égypte, Maroc, Tunisie").
	// The Contacts table's Party column is a label: the French name, no article.
	for _, want := range []string{"Envers l’Égypte, le Maroc", "au nom de la Tunisie", "Organisée par la Tunisie", "Téléphone Tunisie Directorate of"} {
		if !strings.Contains(fr, want) {
			t.Errorf("the French Tunisia brief lacks %q", want)
		}
	}
	for _, bad := range []string{"Envers Tunisie", "Envers Égypte", "Par Égypte", "Tunisie participe", "au nom de Tunisie", "Organisée par Tunisie"} {
		if strings.Contains(strings.ReplaceAll(fr, "La Tunisie participe", ""), bad) {
			t.Errorf("the French brief says %q", bad)
		}
	}
}

// No page of the four briefs the issue names ends with a heading: every section or
// subsection heading has what it introduces under it on its page (noOrphanHeadings).
func TestBriefPortfolioNoOrphanHeadings(t *testing.T) {
	d := portfolioDir(t)
	for _, c := range []string{"TUN", "EGY", "MRT", "TUR"} {
		for _, lang := range []string{"en", "fr"} {
			noOrphanHeadings(t, c+" "+lang, briefPDF(t, d, c, lang))
		}
	}
}

var (
	sectionHead = regexp.MustCompile(`^\s*(1[0-2]|[1-9])\s+\p{Lu}\S*( \S+)*\s*$`)
	dateLine    = regexp.MustCompile(`\d{4}\s*$`) // "12 February 2026" in a row is no heading
	subHead     = regexp.MustCompile(`^((By|Towards|Pris par|Envers) .*\(\d+\)|(Joint|Conjoints) \(\d+\)|(Recent meetings|Next meetings|Réunions récentes|Prochaines réunions|Falling due|Échéances|By side|Par côté|Per partnership|Par partenariat|Funding|Financement|Key indicators|Indicateurs clés|Framework items cited|Éléments de cadre cités)(\s{2,}|$))`)
	furniture   = regexp.MustCompile(`(Page \d+ (of|sur) \d+|^\s*FOR OFFICIAL USE\s*$|^\s*RÉSERVÉ À UN USAGE OFFICIEL\s*$|^\s*(Country brief|Fiche pays) · |^\s*Dossier · (state|état) )`)
)

// noOrphanHeadings reads a PDF's pages (pdftotext -layout) and fails on a page whose last
// heading has too little under it: when its part goes on to the next page, at least three
// lines (a table's header and two rows, a lead, a header and a row, or a paragraph's first
// lines); when its part ends on the page, at least one (the sentence saying it is empty).
func noOrphanHeadings(t *testing.T, name string, pages []string) {
	t.Helper()
	isSection := func(ln string) bool { return sectionHead.MatchString(ln) && !dateLine.MatchString(ln) }
	isHead := func(ln string) bool { return isSection(ln) || subHead.MatchString(strings.TrimSpace(ln)) }
	content := make([][]string, len(pages))
	for i, page := range pages {
		for _, ln := range strings.Split(page, "\n") {
			if strings.TrimSpace(ln) != "" && !furniture.MatchString(ln) {
				content[i] = append(content[i], ln)
			}
		}
	}
	for i, lines := range content {
		last := -1
		for j, ln := range lines {
			if isHead(ln) {
				last = j
			}
		}
		if last < 0 {
			continue
		}
		var next []string
		if i+1 < len(content) {
			next = content[i+1]
		}
		ends := len(next) == 0 || isSection(next[0]) || strings.TrimSpace(next[0]) == "COUNTRY BRIEF" || strings.TrimSpace(next[0]) == "FICHE PAYS" ||
			!isSection(lines[last]) && isHead(next[0])
		need := 3
		if ends {
			need = 1
		}
		if under := len(lines) - last - 1; under < need {
			t.Errorf("%s page %d ends with the heading %q and %d line(s) under it; the next page begins %q", name, i+1, strings.TrimSpace(lines[last]), under, strings.Join(next[:min(1, len(next))], ""))
		}
	}
}

// Issue 11's acceptance on the sample data, extended with a second meeting of Libya's task
// force, a commitment towards Libya with its text, funding and a target, and a status change
// after the meeting: by default the Libya brief's changes start at that meeting; the text,
// the amount, the target as a pledge and the changes are in the PDF, in English and French;
// no page of the brief, nor of a pack of every country of the sample, ends with a heading.
func TestBriefSampleDataSinceLastMeeting(t *testing.T) {
	d := initDir(t)
	must(t, run(t, d, "", "demo"))
	lby := recordID(t, d, "party", "Libya")
	eu := recordID(t, d, "party", "European Union")
	tf := recordID(t, d, "partnership", "AU-EU-UN Task Force")
	meeting, _ := json.Marshal(map[string]any{"title": "Task Force senior officials meeting", "partnership": tf,
		"start": "2026-01-20", "end": "2026-01-21", "time_zone": "Africa/Tripoli", "venue": "Tripoli", "participants": []string{lby, eu}})
	must(t, run(t, d, string(meeting), "record", "add", "meeting"))
	commitment, _ := json.Marshal(map[string]any{"title": "Search and rescue coordination centre in Tripoli", "status": "agreed",
		"text":         "The EU funds a coordination centre. Libya staffs it and reports on disembarkations every quarter.",
		"committed_by": []string{eu}, "towards": []string{lby}, "partnership": tf,
		"funding":    []map[string]any{{"amount": 12000000, "currency": "EUR", "instrument": "grant", "state": "pledged", "as_of": "2026-03-01"}},
		"indicators": []map[string]any{{"name": "Coast guard officers trained", "unit": "people", "target": 5000}}})
	must(t, run(t, d, string(commitment), "record", "add", "commitment"))
	must(t, run(t, d, "", "record", "set", recordID(t, d, "commitment", "Strengthening search and rescue capacities"), "status=in_progress"))

	for lang, want := range map[string][]string{
		"en": {"2 Since the last meeting", "since the start of Task Force senior officials meeting (20–21 January 2026)",
			"Status: Proposed → In progress", "Created", "A. Benali",
			"Libya staffs it and reports on disembarkations every quarter.", "EUR 12,000,000", "target 5,000"},
		"fr": {"2 Depuis la dernière réunion", "depuis le début de la réunion « Task Force senior officials meeting » (20–21 janvier 2026)",
			"Statut : Proposé → En cours", "Création", "A. Benali",
			"Libya staffs it and reports on disembarkations every quarter.", "12 000 000 EUR", "cible 5 000"},
	} {
		out := filepath.Join(t.TempDir(), "lby-"+lang+".pdf")
		must(t, run(t, d, "", "brief", "--country", "LBY", "--lang", lang, "--out", out))
		pages := strings.Split(strings.TrimRight(pdfText(t, out), "\f"), "\f")
		flat := flatPages(pages)
		for _, w := range want {
			if !strings.Contains(flat, w) {
				t.Errorf("the %s Libya brief lacks %q", lang, w)
			}
		}
		key := map[string]string{"en": "Key indicators", "fr": "Indicateurs clés"}[lang]
		_, glance, _ := strings.Cut(flat, key)
		if glance, _, _ = strings.Cut(glance, want[0]); !strings.Contains(glance, "Coast guard officers") {
			t.Errorf("the %s Libya brief's key indicators lack the target: %s", lang, glance)
		}
		noOrphanHeadings(t, "LBY "+lang, pages)
	}
	// --since-meeting names where the changes start; a meeting pack starts at the previous
	// meeting of the same partnership by default (not its own last meeting, the ministerial,
	// which is before the pack's date).
	senior := recordID(t, d, "meeting", "Task Force senior officials meeting")
	next, _ := json.Marshal(map[string]any{"title": "Task Force ministerial meeting", "partnership": tf,
		"start": "2027-02-10", "time_zone": "Africa/Tripoli", "venue": "Tripoli", "participants": []string{lby, eu}})
	must(t, run(t, d, string(next), "record", "add", "meeting"))
	ministerial := recordID(t, d, "meeting", "Task Force ministerial meeting")
	for _, args := range [][]string{{"--country", "LBY", "--since-meeting", senior}, {"--pack", "--meeting", ministerial, "--as-of", "2027-03-01"}} {
		out := filepath.Join(t.TempDir(), "since.pdf")
		must(t, run(t, d, "", append(append([]string{"brief", "--lang", "en"}, args...), "--out", out)...))
		if flat := flatPages(strings.Split(pdfText(t, out), "\f")); !strings.Contains(flat, "since the start of Task Force senior officials meeting (20–21 January 2026)") {
			t.Errorf("brief %v: the changes do not start at the senior officials meeting:\n%s", args, flat)
		}
	}
	countries := []string{"LBY", "TUN", "MAR", "EGY", "NER", "MLI", "SEN", "NGA", "CIV", "MRT", "GMB", "ETH", "ERI", "SDN", "SSD", "SOM", "DJI", "KEN"}
	for _, lang := range []string{"en", "fr"} {
		out := filepath.Join(t.TempDir(), "pack-"+lang+".pdf")
		must(t, run(t, d, "", "brief", "--pack", "--countries", strings.Join(countries, ","), "--lang", lang, "--since", "2020-01-01", "--out", out))
		noOrphanHeadings(t, "pack "+lang, strings.Split(strings.TrimRight(pdfText(t, out), "\f"), "\f"))
	}
}

// The brief command says which country it took the input for, by its display name and code,
// not the input in capitals ("Wrote the brief for RUSSIA").
func TestBriefSaysWhichCountry(t *testing.T) {
	d := initDir(t)
	for in, want := range map[string]string{
		"Russia":        "Russian Federation (RUS)",
		"rus":           "Russian Federation (RUS)",
		"Côte d’Ivoire": "Côte d'Ivoire (CIV)",
		"Birmanie":      "Myanmar (MMR)",
	} {
		out := filepath.Join(t.TempDir(), "b.pdf")
		got := must(t, run(t, d, "", "brief", "--country", in, "--lang", "fr", "--out", out))
		if w := "Wrote the brief for " + want + " to " + out + "."; got != w {
			t.Errorf("--country %s: %q, want %q", in, got, w)
		}
	}
}
