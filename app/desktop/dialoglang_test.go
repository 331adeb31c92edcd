package desktop

import (
	"os"
	"path/filepath"
	"testing"
)

// The toolkit's dialogs take the language chosen in Settings; with none chosen the system's
// stays; after the start, the variable is only replaced, never made (see dialogLanguage).
func TestDialogLanguage(t *testing.T) {
	dir := t.TempDir()
	choose := func(settings string) {
		if err := os.WriteFile(filepath.Join(dir, "settings.json"), []byte(settings), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	lang := func() string {
		v, ok := os.LookupEnv("LANGUAGE")
		if !ok {
			return "(unset)"
		}
		return v
	}

	t.Setenv("LANGUAGE", "de:en")
	dialogLanguage(dir, true) // no settings.json: the system's
	if lang() != "de:en" {
		t.Errorf("nothing chosen: LANGUAGE = %q, want the system's de:en", lang())
	}
	choose(`{"language":"fr"}`)
	dialogLanguage(dir, false)
	if lang() != "fr" {
		t.Errorf("French chosen: LANGUAGE = %q, want fr", lang())
	}
	choose(`{"language":"en"}`) // switched in Settings: the next dialog follows
	dialogLanguage(dir, false)
	if lang() != "en" {
		t.Errorf("English chosen: LANGUAGE = %q, want en", lang())
	}
	choose(`{"language":"xx"}`) // not a language of the app: left as it is
	dialogLanguage(dir, false)
	if lang() != "en" {
		t.Errorf("unknown language: LANGUAGE = %q, want en kept", lang())
	}

	os.Unsetenv("LANGUAGE")
	choose(`{}`)
	dialogLanguage(dir, true) // made at the start, empty: gettext ignores it
	if lang() != "" {
		t.Errorf("nothing chosen, no LANGUAGE: %q, want it made empty", lang())
	}
	os.Unsetenv("LANGUAGE")
	choose(`{"language":"fr"}`)
	dialogLanguage(dir, false) // after the start, never made
	if lang() != "(unset)" {
		t.Errorf("after the start: LANGUAGE = %q, want it left unset", lang())
	}
}
