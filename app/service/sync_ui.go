package service

// Sync methods for the screens (docs/api.md, "Sync"): a refused bundle is a report the screen
// shows rather than an error, and browser mode moves bundles and cards as bytes (uploads and
// downloads) instead of paths. Everything is decided by the methods in sync.go and
// sync_trust.go; these only adapt their inputs and outputs.

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"dossier/app/bundle"
	"dossier/app/domain"
	"dossier/app/identity"
)

// ImportFileReport imports one bundle file, all or nothing, and returns its report, also when
// the bundle is refused (Status "refused", Problem and Message say why and what to do). The
// screen imports several files by calling it once per file: it shows progress between files
// and can stop between them.
func (s *Sync) ImportFileReport(path Path) (*BundleReport, error) {
	rep, err := s.ImportFile(path)
	return reportOrError(rep, err)
}

// ImportDataReport is ImportFileReport for a bundle given as bytes (an upload in browser
// mode; base64 in JSON). name is the file name shown in the report.
func (s *Sync) ImportDataReport(name string, data []byte) (*BundleReport, error) {
	rep, err := s.ImportData(uploadName(name, "bundle.dossier"), data)
	return reportOrError(rep, err)
}

// InspectData verifies a bundle given as bytes and says what importing it would do, without
// importing (Inspect for uploads).
func (s *Sync) InspectData(name string, data []byte) (*BundleReport, error) {
	name = uploadName(name, "bundle.dossier")
	if lim := s.limits(); int64(len(data)) > lim.MaxFileBytes {
		rep := &BundleReport{File: name, Status: StatusRefused, FileBytes: int64(len(data)), Authors: []AuthorReport{}}
		_ = s.refusal(rep, bundle.ProblemLimit, fmt.Sprintf("the bundle exceeds a limit: the file is %d bytes, the limit is %d bytes: ask the sender to export fewer changes at a time", len(data), lim.MaxFileBytes))
		return rep, nil
	}
	syncMu.Lock()
	defer syncMu.Unlock()
	rep, _ := s.examine(name, data, false)
	return rep, nil
}

func reportOrError(rep *BundleReport, err error) (*BundleReport, error) {
	if rep == nil {
		if err == nil {
			err = &Error{Code: CodeFailed, Message: "the import gave no report"}
		}
		return nil, AsError(err)
	}
	return rep, nil
}

// uploadName keeps only the base name of an uploaded file ("" → fallback).
func uploadName(name, fallback string) string {
	name = strings.TrimSpace(strings.ReplaceAll(name, `\`, "/"))
	if name == "" {
		return fallback
	}
	if b := filepath.Base(name); b != "." && b != "/" {
		return b
	}
	return fallback
}

// ExportFile is a bundle made for a download.
type ExportFile struct {
	Name   string       `json:"name"` // the file name to save it under
	Data   []byte       `json:"data"` // the bundle (base64 in JSON); empty when Report.Nothing
	Report ExportReport `json:"report"`
}

// ExportDataOptions say what ExportData puts in a bundle and for whom: ExportOptions without
// a path.
type ExportDataOptions struct {
	Name     string   `json:"name"`      // the file name to suggest for the download
	To       []string `json:"to"`        // recipients: key ids of trusted cards
	All      bool     `json:"all"`       // everything held, not only what the recipients lack
	SignOnly bool     `json:"sign_only"` // with To: do not encrypt
	// LeaveOutFiles: attachments over a limit are left out (listed) instead of refusing.
	LeaveOutFiles bool `json:"leave_out_files"`
}

// ExportData exports like Export but returns the bundle's bytes instead of writing a file the
// person chose (browser mode downloads them). Recipients are key ids only: a browser names
// no file on this computer. What the bundle contains counts as sent, exactly as with Export.
func (s *Sync) ExportData(o ExportDataOptions) (*ExportFile, error) {
	// The browser saves it in its own folder, where the person cannot pick a shorter name.
	name := FitName(uploadName(o.Name, "changes.dossier"))
	dir, err := os.MkdirTemp("", "dossier-export-")
	if err != nil {
		return nil, AsError(err)
	}
	defer os.RemoveAll(dir)
	opt := ExportOptions{Out: filepath.Join(dir, name), To: o.To, All: o.All, SignOnly: o.SignOnly, LeaveOutFiles: o.LeaveOutFiles}
	rep, err := s.export(opt, false)
	if err != nil {
		return nil, scrubPath(err, opt.Out, name, dir)
	}
	if rep.Nothing {
		return &ExportFile{Name: name, Report: *rep}, nil // no data: nothing to download
	}
	data, err := os.ReadFile(opt.Out)
	if err != nil {
		return nil, AsError(err)
	}
	rep.File = name
	return &ExportFile{Name: name, Data: data, Report: *rep}, nil
}

// CardFile is this installation's identity card, for a download.
type CardFile struct {
	Name string   `json:"name"` // e.g. "amina-benali.card"
	Text string   `json:"text"` // the card file's exact text
	Card CardView `json:"card"`
}

// CardData returns this installation's identity card (WriteCard for downloads).
func (s *Sync) CardData() (*CardFile, error) {
	if s.App.Identity == nil {
		return nil, AsError(identity.ErrNoIdentity)
	}
	c := s.App.Identity.Card()
	v := s.cardView(c, nil)
	v.Trust = TrustSelf
	return &CardFile{Name: CardFileName(c.Name), Text: string(identity.EncodeCard(c)), Card: *v}, nil
}

// CardFileName is the file name suggested for someone's identity card.
func CardFileName(name string) string {
	return FitName(fileSlug(name, "identity") + ".card")
}

// fileSlug makes a person's name safe as part of a file name: letters and digits (any
// script), dashes between words (as the frontend's slug).
func fileSlug(name, fallback string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		switch {
		case unicode.IsLetter(r), unicode.IsDigit(r):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		default:
			dash = true
		}
	}
	if b.Len() == 0 {
		return fallback
	}
	return b.String()
}

// ReadCardData reads an uploaded identity card and says what this installation thinks of it,
// changing nothing (ReadCard for uploads): the screen shows the name, role and fingerprint
// and asks for the comparison before TrustCardData.
func (s *Sync) ReadCardData(name, text string) (*CardView, error) {
	return s.withCardFile(name, text, s.ReadCard)
}

// TrustCardData trusts an uploaded identity card (TrustCard for uploads).
func (s *Sync) TrustCardData(name, text string, accept TrustAccept) (*CardView, error) {
	return s.withCardFile(name, text, func(path string) (*CardView, error) { return s.TrustCard(path, accept) })
}

// withCardFile writes an uploaded card to a private temporary file named like the upload and
// runs fn on it, so uploads are checked by exactly the code that checks card files; messages
// name the upload, not the temporary file.
func (s *Sync) withCardFile(name, text string, fn func(path string) (*CardView, error)) (*CardView, error) {
	name = uploadName(name, "card.json")
	if len(text) > identity.MaxCardSize {
		return nil, cardTooBig(name, int64(len(text)))
	}
	dir, err := os.MkdirTemp("", "dossier-card-")
	if err != nil {
		return nil, AsError(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		return nil, AsError(err)
	}
	v, err := fn(path)
	if err != nil {
		return nil, scrubPath(err, path, name, dir)
	}
	return v, nil
}

// scrubPath replaces a temporary path by the name the person knows in an error's messages
// and in its problems' values. tempDir, when not "", is the folder Dossier made for the file
// (an upload, a download): it is no folder the person knows either, so a value that names it
// is worded as the system's temporary folder it was made in (its disk is the one that was
// full), and a path cut short inside the name (P cuts long values) loses it too.
func scrubPath(err error, path, name, tempDir string) error {
	e := AsError(err)
	scrub := func(s string) string {
		s = strings.ReplaceAll(s, path, name)
		if tempDir != "" {
			s = strings.ReplaceAll(s, tempDir+string(filepath.Separator), "")
			s = strings.ReplaceAll(s, tempDir, filepath.Dir(tempDir))
		}
		return s
	}
	out := *e
	out.Message = scrub(e.Message)
	if len(e.Fields) > 0 {
		out.Fields = map[string]string{}
		for k, v := range e.Fields {
			out.Fields[k] = scrub(v)
		}
	}
	if len(e.Problems) > 0 { // the screens word problems from their values, not from Fields
		out.Problems = make(map[string]domain.Problem, len(e.Problems))
		for k, p := range e.Problems {
			q := domain.Problem{Code: p.Code}
			if len(p.Params) > 0 {
				q.Params = make(map[string]string, len(p.Params))
				for pk, pv := range p.Params {
					q.Params[pk] = scrub(pv)
				}
			}
			out.Problems[k] = q
		}
	}
	return &out
}
