package service

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"dossier/app/brief"
	"dossier/app/domain"
)

// Brief is the use cases on country briefs: the facts for the screen, the PDF of one brief,
// and packs of several (a meeting's countries, or a list).
type Brief struct{ App *App }

// BriefOptions are what a person chooses about a brief.
type BriefOptions struct {
	Marking string `json:"marking,omitempty"` // default "For official use"
	AsOf    string `json:"as_of,omitempty"`   // YYYY-MM-DD; default today
	// Language of the PDF: "en" or "fr" (default: the language chosen in Settings, as the
	// screens send). The facts themselves carry codes and values, in no language.
	Language string `json:"language,omitempty"`
	// "Since the last meeting" starts at Since (YYYY-MM-DD, the start of that day in UTC) or
	// at the start of the meeting SinceMeeting (an id); by default at the start of the
	// country's last meeting before the brief's date.
	Since        string `json:"since,omitempty"`
	SinceMeeting string `json:"since_meeting,omitempty"`
}

// lang reads the PDF's language; none given is the UI's, from Settings.
func (b *Brief) lang(o BriefOptions) (brief.Lang, error) {
	if strings.TrimSpace(o.Language) == "" {
		p, err := (&Settings{App: b.App}).Prefs()
		if err != nil {
			return "", err
		}
		o.Language = p.Language
	}
	l, err := brief.ParseLang(o.Language)
	if err != nil {
		return l, Invalid("language", err.Error())
	}
	return l, nil
}

func (b *Brief) options(o BriefOptions) (brief.Options, error) {
	opt := brief.Options{Marking: strings.TrimSpace(o.Marking)}
	if o.AsOf != "" {
		if p, bad := domain.DateProblem(o.AsOf); bad {
			return opt, InvalidP("as_of", p)
		}
		t, _ := time.Parse(time.DateOnly, o.AsOf)
		opt.AsOf = t.Add(24*time.Hour - time.Second) // the end of that day
	}
	if o.Since != "" {
		if p, bad := domain.DateProblem(o.Since); bad {
			return opt, InvalidP("since", p)
		}
		opt.Since, _ = time.Parse(time.DateOnly, o.Since)
	}
	if o.Since != "" && o.SinceMeeting != "" {
		return opt, InvalidP("since", domain.P("since_both"))
	}
	opt.SinceMeeting = strings.TrimSpace(o.SinceMeeting)
	if b.App.Identity != nil {
		opt.GeneratedBy = b.App.Identity.Card().Name
	}
	return opt, nil
}

func briefError(err error) error {
	var ce *domain.CountryError
	if errors.As(err, &ce) {
		return &Error{Code: CodeInvalid, Message: ce.Error(), Fields: map[string]string{"country": ce.Problem.Text()},
			Problems: map[string]domain.Problem{"country": ce.Problem}, cause: err}
	}
	return AsError(err)
}

// Facts assembles one country's brief: exactly what the PDF prints.
func (b *Brief) Facts(country string, o BriefOptions) (*brief.Facts, error) {
	opt, err := b.options(o)
	if err != nil {
		return nil, err
	}
	f, err := brief.Assemble(b.App.Store, country, opt)
	if err != nil {
		return nil, briefError(err)
	}
	return f, nil
}

// PDF renders one country's brief and returns the file's bytes (browser mode downloads them).
func (b *Brief) PDF(country string, o BriefOptions) ([]byte, error) {
	l, err := b.lang(o)
	if err != nil {
		return nil, err
	}
	f, err := b.Facts(country, o)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := brief.RenderPDF(&buf, f, l); err != nil {
		return nil, AsError(err)
	}
	return buf.Bytes(), nil
}

// SavePDF writes one country's brief to a file (the desktop passes the path the person chose).
func (b *Brief) SavePDF(country string, o BriefOptions, path Path) error {
	if strings.TrimSpace(path) == "" {
		return InvalidP("path", domain.P("path_required"))
	}
	l, err := b.lang(o)
	if err != nil {
		return err
	}
	f, err := b.Facts(country, o)
	if err != nil {
		return err
	}
	if err := b.App.writeFileAt("path", path, 0o644, func(w io.Writer) error { return brief.RenderPDF(w, f, l) }); err != nil {
		return AsError(err)
	}
	return nil
}

// PackRequest picks the countries of a pack: a list, or a meeting's participants.
type PackRequest struct {
	Countries []string     `json:"countries,omitempty"`
	Meeting   string       `json:"meeting,omitempty"`
	Options   BriefOptions `json:"options"`
}

func (b *Brief) pack(ctx context.Context, req PackRequest, progress func(done, total int)) ([]*brief.Facts, brief.PackOptions, error) {
	po := brief.PackOptions{Progress: progress}
	l, err := b.lang(req.Options)
	if err != nil {
		return nil, po, err
	}
	po.Lang = l
	countries := req.Countries
	if req.Meeting != "" {
		codes, err := brief.MeetingCountries(b.App.Store, strings.ToLower(strings.TrimSpace(req.Meeting)), l)
		if err != nil {
			return nil, po, AsError(err)
		}
		if len(codes) == 0 {
			return nil, po, InvalidP("meeting", domain.P("meeting_no_country"))
		}
		countries = append(countries, codes...)
		po.Meeting = true
		if s, ok := b.App.Store.Summary(strings.ToLower(strings.TrimSpace(req.Meeting))); ok {
			po.Title, po.Subtitle = l.Text("Meeting pack"), s.Title
		}
		po.Days, po.Venue, _ = brief.MeetingCover(b.App.Store, strings.ToLower(strings.TrimSpace(req.Meeting)))
	}
	if len(countries) == 0 {
		return nil, po, InvalidP("countries", domain.P("countries_none"))
	}
	opt, err := b.options(req.Options)
	if err != nil {
		return nil, po, err
	}
	// A meeting's pack tells what changed since the previous meeting of its partnership or
	// series, unless asked otherwise.
	if req.Meeting != "" && opt.Since.IsZero() && opt.SinceMeeting == "" {
		if prev, ok := brief.PreviousMeeting(b.App.Store, strings.ToLower(strings.TrimSpace(req.Meeting))); ok {
			opt.SinceMeeting = prev
		}
	}
	briefs, err := brief.AssembleMany(ctx, b.App.Store, countries, opt, nil)
	if err != nil {
		return nil, po, briefError(err)
	}
	return briefs, po, nil
}

// Pack renders several briefs in one PDF with a cover and a table of contents.
func (b *Brief) Pack(ctx context.Context, req PackRequest) ([]byte, error) {
	briefs, po, err := b.pack(ctx, req, nil)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := brief.RenderPack(ctx, &buf, briefs, po); err != nil {
		return nil, AsError(err)
	}
	return buf.Bytes(), nil
}

// SavePack writes a pack to a file.
func (b *Brief) SavePack(ctx context.Context, req PackRequest, path Path) error {
	if strings.TrimSpace(path) == "" {
		return InvalidP("path", domain.P("path_required"))
	}
	briefs, po, err := b.pack(ctx, req, nil)
	if err != nil {
		return err
	}
	if err := b.App.writeFileAt("path", path, 0o644, func(w io.Writer) error { return brief.RenderPack(ctx, w, briefs, po) }); err != nil {
		return AsError(err)
	}
	return nil
}

// WriteEach writes one PDF per country into a directory, named ISO3.pdf; it returns the paths.
func (b *Brief) WriteEach(ctx context.Context, countries []string, o BriefOptions, dir Path) ([]Path, error) {
	l, err := b.lang(o)
	if err != nil {
		return nil, err
	}
	// Checked before the folder is made: a folder made inside the data directory would be
	// left there even when the briefs are refused.
	if err := b.App.outsideData("path", dir); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, AsError(err)
	}
	opt, err := b.options(o)
	if err != nil {
		return nil, err
	}
	briefs, err := brief.AssembleMany(ctx, b.App.Store, countries, opt, nil)
	if err != nil {
		return nil, briefError(err)
	}
	var paths []string
	for _, f := range briefs {
		p := filepath.Join(dir, f.Header.ISO3+".pdf")
		if err := b.App.writeFileAt("path", p, 0o644, func(w io.Writer) error { return brief.RenderPDF(w, f, l) }); err != nil {
			return paths, AsError(err)
		}
		paths = append(paths, p)
	}
	return paths, nil
}
