package service

// Brief methods for the screens (docs/api.md, "Brief"): the countries of a meeting, and
// meeting packs made in the background so that the screen shows progress and can cancel, the
// same way in the window and in browser mode (the screen polls PackStatus).

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"dossier/app/brief"
	"dossier/app/domain"
)

// CountryChoice names a country for a picker.
type CountryChoice struct {
	Alpha3 string `json:"alpha3"`
	Name   string `json:"name"`
	NameFr string `json:"name_fr"`
}

// MeetingCountries lists the countries taking part in a meeting (participants and organiser
// with an ISO code), by name in the screens' language: the briefs its pack holds unless the
// person changes the list.
func (b *Brief) MeetingCountries(meeting string) ([]CountryChoice, error) {
	id := strings.ToLower(strings.TrimSpace(meeting))
	l, err := b.lang(BriefOptions{})
	if err != nil {
		return nil, err
	}
	codes, err := brief.MeetingCountries(b.App.Store, id, l)
	if err != nil {
		return nil, AsError(err)
	}
	out := []CountryChoice{}
	for _, c := range codes {
		if co, ok := domain.CountryByCode(c); ok {
			out = append(out, CountryChoice{Alpha3: co.Alpha3, Name: co.Name, NameFr: co.NameFR})
		}
	}
	return out, nil
}

// Pack job states.
const (
	JobRunning   = "running"
	JobDone      = "done"
	JobFailed    = "failed"
	JobCancelled = "cancelled"
)

// PackJob is the state of a pack being made.
type PackJob struct {
	ID        string   `json:"id"`
	State     string   `json:"state"` // running, done, failed, cancelled
	Phase     string   `json:"phase"` // assemble (reading the records), render (writing the PDF)
	Done      int      `json:"done"`  // steps done: one per brief assembled, one per brief rendered
	Total     int      `json:"total"`
	Countries []string `json:"countries"`
	Bytes     int64    `json:"bytes,omitempty"` // size of the PDF when done
	Path      string   `json:"path,omitempty"`  // where it was saved (window), "" when kept for PackResult
	Error     *Error   `json:"error,omitempty"`

	cancel   context.CancelFunc
	data     []byte
	finished time.Time
}

// packJobs are the packs being made or waiting to be collected, by id, in this process.
var packJobs = struct {
	sync.Mutex
	m map[string]*PackJob
}{m: map[string]*PackJob{}}

// PackKeep is how long a finished pack waits for PackResult before it is dropped.
var PackKeep = 10 * time.Minute

func (j *PackJob) snapshot() *PackJob {
	c := *j
	c.Countries = append([]string{}, j.Countries...)
	c.cancel, c.data = nil, nil
	return &c
}

// plan resolves what a pack request asks for: the countries given (in that order, each once)
// or, when none is given, the meeting's; the meeting, if any, titles the pack.
func (b *Brief) plan(req PackRequest) ([]string, brief.PackOptions, brief.Options, error) {
	var po brief.PackOptions
	l, err := b.lang(req.Options)
	if err != nil {
		return nil, po, brief.Options{}, err
	}
	po.Lang = l
	meeting := strings.ToLower(strings.TrimSpace(req.Meeting))
	var countries []string
	seen := map[string]bool{}
	add := func(c string) error {
		co, err := domain.ReadCountry(c)
		if err != nil {
			return briefError(err)
		}
		if !seen[co.Alpha3] {
			seen[co.Alpha3] = true
			countries = append(countries, co.Alpha3)
		}
		return nil
	}
	for _, c := range req.Countries {
		if err := add(c); err != nil {
			return nil, po, brief.Options{}, err
		}
	}
	if meeting != "" {
		s, ok := b.App.Store.Summary(meeting)
		if !ok || s.Kind != "meeting" {
			return nil, po, brief.Options{}, &Error{Code: CodeNotFound, Message: "no such meeting: " + req.Meeting}
		}
		po.Title, po.Subtitle = l.Text("Meeting pack"), s.Title
		po.Days, po.Venue, _ = brief.MeetingCover(b.App.Store, meeting)
		if len(countries) == 0 {
			codes, err := brief.MeetingCountries(b.App.Store, meeting, l)
			if err != nil {
				return nil, po, brief.Options{}, AsError(err)
			}
			for _, c := range codes {
				_ = add(c)
			}
			if len(countries) == 0 {
				return nil, po, brief.Options{}, InvalidP("meeting", domain.P("meeting_no_country"))
			}
		}
	}
	if len(countries) == 0 {
		return nil, po, brief.Options{}, InvalidP("countries", domain.P("countries_none"))
	}
	opt, err := b.options(req.Options)
	if err != nil {
		return nil, po, opt, err
	}
	return countries, po, opt, nil
}

// StartPack starts making a pack of briefs (req as for Pack; countries given replace the
// meeting's) and returns at once; the PDF is kept for PackResult (browser mode downloads it).
// Poll PackStatus; CancelPack stops it.
func (b *Brief) StartPack(req PackRequest) (*PackJob, error) {
	return b.startPack(req, "")
}

// StartSavePack is StartPack writing the PDF to path (the window's save dialog) instead of
// keeping it.
func (b *Brief) StartSavePack(req PackRequest, path Path) (*PackJob, error) {
	if strings.TrimSpace(path) == "" {
		return nil, InvalidP("path", domain.P("path_required"))
	}
	// Refused at once, in the dialog, rather than when the pack is done (writeFileAt checks
	// it again then).
	if err := b.App.outsideData("path", path); err != nil {
		return nil, err
	}
	return b.startPack(req, path)
}

func (b *Brief) startPack(req PackRequest, path Path) (*PackJob, error) {
	countries, po, opt, err := b.plan(req)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	j := &PackJob{ID: uuid.NewString(), State: JobRunning, Phase: "assemble", Total: 2 * len(countries),
		Countries: countries, Path: strings.TrimSpace(path), cancel: cancel}
	packJobs.Lock()
	for id, old := range packJobs.m {
		if old.State != JobRunning && time.Since(old.finished) > PackKeep {
			delete(packJobs.m, id)
		}
	}
	packJobs.m[j.ID] = j
	snap := j.snapshot()
	packJobs.Unlock()

	step := func(phase string, base int) func(done, total int) {
		return func(done, _ int) {
			packJobs.Lock()
			j.Phase, j.Done = phase, base+done
			packJobs.Unlock()
		}
	}
	st := b.App.Store
	go func() {
		defer cancel()
		var data []byte
		var size int64
		briefs, err := brief.AssembleMany(ctx, st, countries, opt, step("assemble", 0))
		if err == nil {
			po.Progress = step("render", len(countries))
			packJobs.Lock()
			j.Phase = "render"
			packJobs.Unlock()
			if j.Path != "" {
				err = b.App.writeFileAt("path", j.Path, 0o644, func(w io.Writer) error {
					cw := &countingWriter{w: w}
					e := brief.RenderPack(ctx, cw, briefs, po)
					size = cw.n
					return e
				})
			} else {
				var buf bytes.Buffer
				err = brief.RenderPack(ctx, &buf, briefs, po)
				data, size = buf.Bytes(), int64(buf.Len())
			}
		}
		packJobs.Lock()
		defer packJobs.Unlock()
		j.finished = time.Now()
		switch {
		case err == nil:
			j.State, j.Done, j.Bytes = JobDone, j.Total, size
			if j.Path == "" {
				j.data = data
			}
		case errors.Is(err, context.Canceled):
			j.State = JobCancelled
		default:
			j.State, j.Error = JobFailed, AsError(briefError(err))
		}
	}()
	return snap, nil
}

func packJob(id string) (*PackJob, error) {
	j, ok := packJobs.m[strings.TrimSpace(id)]
	if !ok {
		return nil, &Error{Code: CodeNotFound, Message: "no such pack: it was collected, cancelled long ago, or Dossier restarted; make it again"}
	}
	return j, nil
}

// PackStatus says how far a pack is.
func (b *Brief) PackStatus(id string) (*PackJob, error) {
	packJobs.Lock()
	defer packJobs.Unlock()
	j, err := packJob(id)
	if err != nil {
		return nil, err
	}
	return j.snapshot(), nil
}

// CancelPack stops a pack being made (a file being written is left as it was). Cancelling a
// finished pack drops it.
func (b *Brief) CancelPack(id string) (*PackJob, error) {
	packJobs.Lock()
	defer packJobs.Unlock()
	j, err := packJob(id)
	if err != nil {
		return nil, err
	}
	if j.State == JobRunning {
		j.cancel()
	} else {
		delete(packJobs.m, j.ID)
	}
	return j.snapshot(), nil
}

// PackResult returns a finished pack's PDF (base64 in JSON) and forgets it.
func (b *Brief) PackResult(id string) ([]byte, error) {
	packJobs.Lock()
	defer packJobs.Unlock()
	j, err := packJob(id)
	if err != nil {
		return nil, err
	}
	switch j.State {
	case JobRunning:
		return nil, &Error{Code: CodeConflict, Message: "the pack is not finished yet"}
	case JobFailed:
		return nil, j.Error
	case JobCancelled:
		return nil, &Error{Code: CodeConflict, Message: "the pack was cancelled"}
	}
	if j.Path != "" {
		return nil, &Error{Code: CodeConflict, Message: "the pack was saved to " + j.Path}
	}
	delete(packJobs.m, j.ID)
	return j.data, nil
}
