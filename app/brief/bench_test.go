package brief

import (
	"context"
	"io"
	"testing"

	"dossier/app/domain"
	"dossier/app/store"
)

// countryFixture gives each country a party, a partnership with the EU, a past and a next
// meeting with sessions, an intervention that names it, and n commitments in all three
// directions with an indicator each.
func countryFixture(tb testing.TB, f *fixture, codes []string, n int) {
	tb.Helper()
	eu := f.party("European Union", "eu_institution", "", "EU")
	for _, code := range codes {
		c, _ := domain.CountryByCode(code)
		p := f.party(c.Name, "country", code, "")
		ps := f.rec(domain.KindPartnership, map[string]any{"title": "EU–" + c.Name + " migration dialogue", "type": "bilateral",
			"status": "active", "start": "2016-06-01", "parties": []domain.PartyRole{role(eu, "lead"), role(p, "member")},
			"themes": []string{"border_management", "legal_migration_mobility"}})
		past := f.rec(domain.KindMeeting, map[string]any{"title": "Senior officials meeting with " + c.Name,
			"start": "2020-10-05T10:00:00+02:00", "end": "2020-10-06T13:00:00+02:00", "participants": []string{eu, p},
			"sessions": []domain.Session{{Title: "Session 1", Start: "2020-10-05T10:00:00+02:00", End: "2020-10-05T12:30:00+02:00"},
				{Title: "Session 2", Start: "2020-10-05T14:00:00+02:00", End: "2020-10-05T17:30:00+02:00"}}})
		f.rec(domain.KindMeeting, map[string]any{"title": "Technical meeting with " + c.Name, "start": "2021-03-01T10:00:00+01:00",
			"participants": []string{eu, p}})
		f.rec(domain.KindIntervention, map[string]any{"meeting": past, "on_behalf_of": []string{eu}, "speaker": "EEAS",
			"points": []string{"Cooperation with " + c.Name + " on return and reintegration has progressed.", "Other remarks."}})
		var ds []store.Draft
		for i := 0; i < n; i++ {
			fields := map[string]any{"title": c.Name + " commitment " + seq3(i), "status": domain.CommitmentStatuses[i%6].Value,
				"type": "capacity_building", "due": "2021-0" + itoa(1+i%9) + "-15", "partnership": ps, "source_meeting": past,
				"framework_items": []string{"GCM-" + itoa(1+i%23), "JVAP-" + itoa(1+i%5)},
				"indicators":      []domain.Indicator{{Name: "People trained " + itoa(i%7), Unit: "people", Actual: fp(float64(100 * i)), Target: fp(50000), AsOf: "2020-09-30"}}}
			switch i % 3 {
			case 0:
				fields["committed_by"], fields["towards"] = []string{p}, []string{eu}
			case 1:
				fields["committed_by"], fields["towards"] = []string{eu}, []string{p}
			default:
				fields["committed_by"] = []string{p, eu}
			}
			ds = append(ds, draft(tb, domain.KindCommitment, fields))
		}
		f.recs(ds)
	}
}

// BenchmarkBrief500 assembles and renders the brief of a country with 500 commitments.
func BenchmarkBrief500(b *testing.B) {
	f := newFixture(b)
	countryFixture(b, f, []string{"LBY"}, 500)
	b.Run("assemble", func(b *testing.B) {
		for b.Loop() {
			if _, err := Assemble(f.st, "LBY", testOptions()); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.N*500)/b.Elapsed().Seconds(), "commitments/s")
	})
	facts := mustAssemble(b, f.st, "LBY")
	b.Run("render", func(b *testing.B) {
		pages := 0
		for b.Loop() {
			n, err := renderBrief(io.Discard, facts, English)
			if err != nil {
				b.Fatal(err)
			}
			pages += n
		}
		b.ReportMetric(float64(pages)/b.Elapsed().Seconds(), "pages/s")
		b.ReportMetric(float64(pages/b.N), "pages")
	})
}

// BenchmarkPack50 renders a pack of 50 country briefs with a cover and contents.
func BenchmarkPack50(b *testing.B) {
	f := newFixture(b)
	var codes []string
	for _, c := range domain.Countries()[:50] {
		codes = append(codes, c.Alpha3)
	}
	countryFixture(b, f, codes, 12)
	b.Run("assemble", func(b *testing.B) {
		for b.Loop() {
			if _, err := AssembleMany(context.Background(), f.st, codes, testOptions(), nil); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.N*50)/b.Elapsed().Seconds(), "briefs/s")
	})
	briefs, err := AssembleMany(context.Background(), f.st, codes, testOptions(), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("render", func(b *testing.B) {
		pages := 0
		for b.Loop() {
			n, err := renderPack(context.Background(), io.Discard, briefs, PackOptions{Title: "Fifty countries"})
			if err != nil {
				b.Fatal(err)
			}
			pages += n
		}
		b.ReportMetric(float64(pages)/b.Elapsed().Seconds(), "pages/s")
		b.ReportMetric(float64(pages/b.N), "pages")
	})
}
