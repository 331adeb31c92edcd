package service_test

import (
	"bytes"
	"errors"
	"testing"

	"dossier/app/service"
)

// The PDF comes in the language asked for; the facts are the same in both.
func TestBriefLanguage(t *testing.T) {
	a := sampleApp(t)
	b := &service.Brief{App: a}
	en, err := b.PDF("TUN", service.BriefOptions{AsOf: "2020-11-20"})
	if err != nil {
		t.Fatal(err)
	}
	fr, err := b.PDF("TUN", service.BriefOptions{AsOf: "2020-11-20", Language: "fr"})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(fr, []byte("%PDF-")) || bytes.Equal(en, fr) {
		t.Fatal("the French PDF is not a PDF, or is the English one")
	}
	_, err = b.PDF("TUN", service.BriefOptions{Language: "de"})
	var se *service.Error
	if !errors.As(err, &se) || se.Code != service.CodeInvalid || se.Fields["language"] == "" {
		t.Fatalf("an unknown language: %v", err)
	}
	if _, err := b.StartPack(service.PackRequest{Countries: []string{"TUN"}, Options: service.BriefOptions{Language: "xx"}}); err == nil {
		t.Fatal("a pack in an unknown language was started")
	}
	// No language given: the one chosen in Settings.
	if _, err := (&service.Settings{App: a}).SetLanguage("fr"); err != nil {
		t.Fatal(err)
	}
	// A PDF carries the second it was made: the two are made back to back, and made again
	// when a second passed between them (on a loaded machine it does, now and then).
	same := false
	for try := 0; try < 3 && !same; try++ {
		fr, err := b.PDF("TUN", service.BriefOptions{AsOf: "2020-11-20", Language: "fr"})
		if err != nil {
			t.Fatal(err)
		}
		dflt, err := b.PDF("TUN", service.BriefOptions{AsOf: "2020-11-20"})
		if err != nil {
			t.Fatal(err)
		}
		same = bytes.Equal(dflt, fr)
	}
	if !same {
		t.Fatal("with French chosen in Settings, a brief with no language is not the French one")
	}
}
