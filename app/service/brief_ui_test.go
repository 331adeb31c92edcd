package service_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dossier/app/service"
)

func sampleApp(t *testing.T) *service.App {
	t.Helper()
	a, err := service.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	if _, err := a.Init("Amina Benali", "delegate", "EU"); err != nil {
		t.Fatal(err)
	}
	if _, err := (&service.Demo{App: a}).Load(); err != nil {
		t.Fatal(err)
	}
	return a
}

func waitPack(t *testing.T, b *service.Brief, id string) *service.PackJob {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		j, err := b.PackStatus(id)
		if err != nil {
			t.Fatal(err)
		}
		if j.State != service.JobRunning {
			return j
		}
		if time.Now().After(deadline) {
			t.Fatalf("pack still running: %+v", j)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestBriefUIMeetingPack(t *testing.T) {
	a := sampleApp(t)
	b := &service.Brief{App: a}
	meetings, err := (&service.Records{App: a}).List(service.Query{Kind: "meeting", Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if meetings.Total == 0 {
		t.Fatal("no sample meeting")
	}
	meeting := service.DemoID("meeting/unece-2020") // the seed's meeting, where organisations spoke
	if cs, err := b.MeetingCountries(meeting); err != nil || len(cs) != 0 {
		t.Fatalf("the sample meeting's participants are organisations: %v %+v", err, cs)
	}
	if _, err := b.StartPack(service.PackRequest{Meeting: meeting}); err == nil {
		t.Fatal("a pack of no country was started")
	}
	// Libya and Tunisia take part.
	parties, _ := (&service.Records{App: a}).List(service.Query{Kind: "party", Limit: 1000})
	for _, p := range parties.Items {
		r, _ := (&service.Records{App: a}).Get(p.ID)
		if iso := string(r.Fields["iso3"]); iso == `"LBY"` || iso == `"TUN"` {
			if _, err := (&service.Records{App: a}).AddTo(meeting, "participants", raw(p.ID)); err != nil {
				t.Fatal(err)
			}
		}
	}
	countries, err := b.MeetingCountries(meeting)
	if err != nil || len(countries) != 2 || countries[0].Alpha3 != "LBY" || countries[0].Name != "Libya" || countries[0].NameFr == "" {
		t.Fatalf("meeting countries: %v %+v", err, countries)
	}
	if _, err := b.MeetingCountries("00000000-0000-0000-0000-000000000000"); err == nil {
		t.Fatal("an unknown meeting has countries")
	}

	// The meeting's countries, kept in memory for a download.
	j, err := b.StartPack(service.PackRequest{Meeting: meeting})
	if err != nil {
		t.Fatal(err)
	}
	if j.State != service.JobRunning || j.Total != 2*len(countries) || len(j.Countries) != len(countries) {
		t.Fatalf("started: %+v", j)
	}
	done := waitPack(t, b, j.ID)
	if done.State != service.JobDone || done.Done != done.Total || done.Bytes == 0 || done.Path != "" {
		t.Fatalf("finished: %+v", done)
	}
	pdf, err := b.PackResult(j.ID)
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) || int64(len(pdf)) != done.Bytes {
		t.Fatalf("result: %v, %d bytes", err, len(pdf))
	}
	if _, err := b.PackResult(j.ID); err == nil {
		t.Fatal("a collected pack can be collected again")
	}

	// Countries chosen by the person replace the meeting's, each once, in order; saved to a file.
	path := filepath.Join(t.TempDir(), "pack.pdf")
	j, err = b.StartSavePack(service.PackRequest{Meeting: meeting, Countries: []string{"lby", "LBY", "TUN"}}, path)
	if err != nil {
		t.Fatal(err)
	}
	if len(j.Countries) != 2 || j.Countries[0] != "LBY" || j.Countries[1] != "TUN" {
		t.Fatalf("countries: %v", j.Countries)
	}
	done = waitPack(t, b, j.ID)
	info, err := os.Stat(path)
	if done.State != service.JobDone || err != nil || info.Size() != done.Bytes {
		t.Fatalf("saved: %+v %v", done, err)
	}
	if _, err := b.PackResult(j.ID); err == nil {
		t.Fatal("a saved pack has a result to download")
	}

	// Refusals before any work.
	if _, err := b.StartPack(service.PackRequest{Countries: []string{"Atlantis"}}); err == nil {
		t.Fatal("unknown country accepted")
	}
	if _, err := b.StartPack(service.PackRequest{}); err == nil {
		t.Fatal("empty pack accepted")
	}
	_, err = b.StartPack(service.PackRequest{Countries: []string{"LBY"}, Options: service.BriefOptions{AsOf: "13/11/2020"}})
	if se := service.AsError(err); se == nil || se.Problems["as_of"].Code != "date_day_first" || se.Problems["as_of"].Params["date"] != "2020-11-13" {
		t.Fatalf("a date typed day first: %v, want date_day_first with 2020-11-13", err)
	}
	if _, err := b.PackStatus("nope"); err == nil {
		t.Fatal("status of no pack")
	}

	// Cancelling: the pack stops (or had already finished), and nothing is left to collect.
	many := []string{"LBY", "TUN", "MAR", "DZA", "EGY", "NER", "MLI", "SEN", "NGA", "ETH", "ERI", "SDN", "TCD", "GMB", "GIN", "CIV"}
	j, err = b.StartPack(service.PackRequest{Countries: many})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.CancelPack(j.ID); err != nil {
		t.Fatal(err)
	}
	end := waitPack(t, b, j.ID)
	switch end.State {
	case service.JobCancelled:
		if _, err := b.PackResult(j.ID); err == nil {
			t.Fatal("a cancelled pack has a result")
		}
	case service.JobDone:
	default:
		t.Fatalf("after cancel: %+v", end)
	}
	if _, err := b.CancelPack(j.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := b.PackStatus(j.ID); err == nil {
		t.Fatal("a finished pack is still there after cancel")
	}
}

// A meeting's countries are listed by their names in the screens' language: a French reader
// finds Maroc before Mauritanie and Soudan before Soudan du Sud, an English one Mauritania
// before Morocco and South Sudan before Sudan.
func TestMeetingCountriesInTheReadersOrder(t *testing.T) {
	a := sampleApp(t)
	b := &service.Brief{App: a}
	meeting := service.DemoID("meeting/unece-2020")
	parties, _ := (&service.Records{App: a}).List(service.Query{Kind: "party", Limit: 1000})
	for _, p := range parties.Items {
		r, _ := (&service.Records{App: a}).Get(p.ID)
		switch string(r.Fields["iso3"]) {
		case `"MAR"`, `"MRT"`, `"SDN"`, `"SSD"`:
			if _, err := (&service.Records{App: a}).AddTo(meeting, "participants", raw(p.ID)); err != nil {
				t.Fatal(err)
			}
		}
	}
	codes := func() string {
		cs, err := b.MeetingCountries(meeting)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, c := range cs {
			out = append(out, c.Alpha3)
		}
		return strings.Join(out, " ")
	}
	if got := codes(); got != "MRT MAR SSD SDN" {
		t.Errorf("in English: %s", got)
	}
	if _, err := (&service.Settings{App: a}).SetLanguage("fr"); err != nil {
		t.Fatal(err)
	}
	if got := codes(); got != "MAR MRT SDN SSD" {
		t.Errorf("in French: %s", got)
	}
}
