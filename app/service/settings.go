package service

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"dossier/app/domain"
	"dossier/app/internal/atomicfile"
	"dossier/app/version"
)

// Settings is the preferences of this installation (kept in the data directory as
// settings.json) and its identity.
type Settings struct{ App *App }

// Languages the UI is translated into.
var Languages = []string{"en", "fr"}

// SettingsFile is the name of the preferences file in the data directory.
const SettingsFile = "settings.json"

// Prefs is what settings.json holds. Unknown keys written by later versions are kept.
type Prefs struct {
	Language string `json:"language"`
}

// SettingsView is what the settings page shows.
type SettingsView struct {
	Language string        `json:"language"`
	DataDir  string        `json:"data_dir"`
	Identity *IdentityView `json:"identity"`
}

func (s *Settings) path() string { return filepath.Join(s.App.DataDir, SettingsFile) }

// readRaw returns settings.json as a JSON object (empty if the file does not exist).
func (s *Settings) readRaw() (map[string]json.RawMessage, error) {
	raw := map[string]json.RawMessage{}
	data, err := os.ReadFile(s.path())
	if errors.Is(err, os.ErrNotExist) {
		return raw, nil
	}
	if err != nil {
		return nil, AsError(fmt.Errorf("read settings: %w", err))
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		// A damaged preferences file must not stop the app: start again from defaults.
		return map[string]json.RawMessage{}, nil
	}
	return raw, nil
}

// Prefs reads the preferences, with defaults for what is missing or unknown.
func (s *Settings) Prefs() (Prefs, error) {
	raw, err := s.readRaw()
	if err != nil {
		return Prefs{}, err
	}
	p := Prefs{Language: "en"}
	if lang, ok := chosenLanguage(raw); ok {
		p.Language = lang
	}
	return p, nil
}

// chosenLanguage is the language settings.json (raw) names, if it is one of Languages.
func chosenLanguage(raw map[string]json.RawMessage) (string, bool) {
	var lang string
	if json.Unmarshal(raw["language"], &lang) != nil || !validLanguage(lang) {
		return "", false
	}
	return lang, true
}

// ChosenLanguage is the language chosen in Settings for the data directory dir, if one was:
// read before the store opens (the window's own dialogs take it, docs/platforms.md).
func ChosenLanguage(dir string) (string, bool) {
	raw, err := (&Settings{App: &App{DataDir: dir}}).readRaw()
	if err != nil {
		return "", false
	}
	return chosenLanguage(raw)
}

func validLanguage(l string) bool {
	for _, x := range Languages {
		if x == l {
			return true
		}
	}
	return false
}

// Get returns the preferences, the data directory and the identity (null before init).
func (s *Settings) Get() (*SettingsView, error) {
	p, err := s.Prefs()
	if err != nil {
		return nil, err
	}
	v := &SettingsView{Language: p.Language, DataDir: s.App.DataDir}
	if s.App.Identity != nil {
		if v.Identity, err = s.App.IdentityView(); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// SetLanguage changes the UI language and saves it atomically.
func (s *Settings) SetLanguage(lang string) (*SettingsView, error) {
	lang = strings.ToLower(strings.TrimSpace(lang))
	if !validLanguage(lang) {
		return nil, InvalidP("language", domain.P("not_available", "value", lang, "allowed", strings.Join(Languages, ", ")))
	}
	raw, err := s.readRaw()
	if err != nil {
		return nil, err
	}
	raw["language"], _ = json.Marshal(lang)
	data, err := json.MarshalIndent(raw, "", "  ")
	if err != nil {
		return nil, AsError(err)
	}
	err = atomicfile.Write(s.path(), 0o600, func(w io.Writer) error {
		_, err := w.Write(append(data, '\n'))
		return err
	})
	if err != nil {
		return nil, AsError(fmt.Errorf("save settings: %w", err))
	}
	return s.Get()
}

// About describes this build: version, commit and date, and the formats it reads and
// writes (the About section of Settings; `dossier version`).
func (s *Settings) About() (version.Info, error) { return version.Get(), nil }

// Init creates this installation's identity (the first-run screen).
func (s *Settings) Init(name, role, delegation string) (*SettingsView, error) {
	if s.App.Identity != nil {
		return nil, &Error{Code: CodeConflict, Message: "this installation already has an identity (" + s.App.Identity.Card().Name + ")"}
	}
	if _, err := s.App.Init(name, role, delegation); err != nil {
		return nil, err
	}
	return s.Get()
}

// FileLimits bound attachments: PerFile is the largest file that can be attached or carried
// in a bundle (settings.json "attachment_max_bytes", 25 MB by default), PerBundle the most
// bytes of files one bundle carries ("bundle_files_max_bytes", 200 MB by default).
type FileLimits struct {
	PerFile   int64 `json:"per_file"`
	PerBundle int64 `json:"per_bundle"`
	// Max is the largest value either limit takes, so that a screen can check its input first.
	Max int64 `json:"max"`
}

// DefaultFileLimits are the limits when settings.json does not set them.
var DefaultFileLimits = FileLimits{PerFile: 25 << 20, PerBundle: 200 << 20}

// maxFileLimit keeps any setting within what a bundle can hold (docs/bundle-format.md).
const maxFileLimit = 400 << 20

// FileLimits reads the limits on attachments.
func (s *Settings) FileLimits() (FileLimits, error) {
	raw, err := s.readRaw()
	if err != nil {
		return FileLimits{}, err
	}
	l := DefaultFileLimits
	l.Max = maxFileLimit
	for key, dst := range map[string]*int64{"attachment_max_bytes": &l.PerFile, "bundle_files_max_bytes": &l.PerBundle} {
		var n int64
		if json.Unmarshal(raw[key], &n) == nil && n > 0 && n <= maxFileLimit {
			*dst = n
		}
	}
	return l, nil
}

// SetFileLimits changes the limits on attachments (bytes; 0 keeps one as it is).
func (s *Settings) SetFileLimits(perFile, perBundle int64) (FileLimits, error) {
	for field, n := range map[string]int64{"per_file": perFile, "per_bundle": perBundle} {
		if n < 0 || n > maxFileLimit {
			return FileLimits{}, InvalidP(field, domain.P("file_limit_range", "value", sizeText(n), "max", sizeText(maxFileLimit)))
		}
	}
	raw, err := s.readRaw()
	if err != nil {
		return FileLimits{}, err
	}
	if perFile > 0 {
		raw["attachment_max_bytes"], _ = json.Marshal(perFile)
	}
	if perBundle > 0 {
		raw["bundle_files_max_bytes"], _ = json.Marshal(perBundle)
	}
	data, err := json.MarshalIndent(raw, "", "  ")
	if err != nil {
		return FileLimits{}, AsError(err)
	}
	if err := atomicfile.WriteBytes(s.path(), append(data, '\n'), 0o600); err != nil {
		return FileLimits{}, AsError(fmt.Errorf("save settings: %w", err))
	}
	return s.FileLimits()
}
