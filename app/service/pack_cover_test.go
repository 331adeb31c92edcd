package service_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"dossier/app/service"
)

// coverText is the text of a PDF's first page.
func coverText(t *testing.T, pdf []byte) string {
	t.Helper()
	in := filepath.Join(t.TempDir(), "pack.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", "-f", "1", "-l", "1", in, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext (install poppler-utils): %v", err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

// A meeting pack's cover says when and where the meeting is, in the pack's language, the
// days written as the brief's meeting tables write them; both ways of making a pack (at once,
// and as a job for the screens) say it.
func TestMeetingPackCoverSaysWhenAndWhere(t *testing.T) {
	a := sampleApp(t)
	recs := &service.Records{App: a}
	b := &service.Brief{App: a}
	var participants []string
	parties, _ := recs.List(service.Query{Kind: "party", Limit: 1000})
	for _, p := range parties.Items {
		r, _ := recs.Get(p.ID)
		if iso := string(r.Fields["iso3"]); iso == `"LBY"` || iso == `"TUN"` {
			participants = append(participants, p.ID)
		}
	}
	add := func(fields map[string]any) string {
		f := map[string]json.RawMessage{"participants": raw(participants)}
		for k, v := range fields {
			f[k] = raw(v)
		}
		m, err := recs.Add("meeting", f)
		if err != nil {
			t.Fatal(err)
		}
		return m.ID
	}
	withVenue := add(map[string]any{"title": "Rabat Process thematic meeting", "start": "2022-12-13", "end": "2022-12-14", "venue": "Palais des Congrès, Rabat"})
	noVenue := add(map[string]any{"title": "Khartoum Process steering committee", "start": "2022-12-13T09:00:00+01:00", "end": "2022-12-13T17:00:00+01:00"})

	for _, c := range []struct {
		meeting, lang string
		want          []string
	}{
		{withVenue, "en", []string{"13–14 December 2022", "Palais des Congrès, Rabat"}},
		{withVenue, "fr", []string{"13–14 décembre 2022", "Palais des Congrès, Rabat"}},
		{noVenue, "en", []string{"13 December 2022"}},
		{noVenue, "fr", []string{"13 décembre 2022"}},
	} {
		req := service.PackRequest{Meeting: c.meeting, Options: service.BriefOptions{Language: c.lang, AsOf: "2022-12-01"}}
		pdf, err := b.Pack(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		j, err := b.StartPack(req)
		if err != nil {
			t.Fatal(err)
		}
		if done := waitPack(t, b, j.ID); done.State != service.JobDone {
			t.Fatalf("pack job: %+v", done)
		}
		job, err := b.PackResult(j.ID)
		if err != nil {
			t.Fatal(err)
		}
		for name, p := range map[string][]byte{"Pack": pdf, "StartPack": job} {
			cover := coverText(t, p)
			for _, w := range c.want {
				if !strings.Contains(cover, w) {
					t.Errorf("%s %s: the cover lacks %q: %s", name, c.lang, w, cover)
				}
			}
		}
	}
}
