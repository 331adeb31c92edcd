package service

// Imports in the background, for the screens (docs/api.md, request 7): StartImport returns at
// once, ImportStatus says how far the bundle is (changes read, verified, applied), and
// CancelImport stops it up to its commit, leaving the store exactly as it was.

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
)

// ImportCount is how far one bundle's import is.
type ImportCount struct {
	Total     int64 `json:"total"`     // changes in the bundle (its header)
	Read      int64 `json:"read"`      // read, checked against what is held and kept aside
	Verified  int64 `json:"verified"`  // admitted (docs/trust.md, "Every change is checked")
	Applied   int64 `json:"applied"`   // applied after the commit
	Committed bool  `json:"committed"` // committed: it can no longer be cancelled
}

func (c *importCounters) count() ImportCount {
	n := ImportCount{Total: c.total.Load()}
	if p := c.progress.Load(); p != nil {
		n.Read, n.Verified, n.Applied, n.Committed = p.Staged.Load(), p.Verified.Load(), p.Applied.Load(), p.Committed.Load()
	}
	return n
}

// ImportJob is the state of a bundle imported in the background.
type ImportJob struct {
	ID    string `json:"id"`
	File  string `json:"file"`
	State string `json:"state"` // running, done (the report says imported, nothing new or refused), cancelled
	ImportCount
	Report *BundleReport `json:"report,omitempty"` // when done or cancelled

	counters *importCounters
	cancel   context.CancelFunc
	finished time.Time
}

// ImportKeep is how long a finished import's report is kept for ImportStatus.
const ImportKeep = 10 * time.Minute

var importJobs = struct {
	sync.Mutex
	m map[string]*ImportJob
}{m: map[string]*ImportJob{}}

func (j *ImportJob) snapshot() *ImportJob {
	c := *j
	c.ImportCount = j.counters.count()
	return &c
}

// StartImport starts importing a bundle given as bytes (an upload; base64 in JSON) and returns
// at once. Poll ImportStatus; CancelImport stops it before its commit.
func (s *Sync) StartImport(name string, data []byte) (*ImportJob, error) {
	return s.startImport(uploadName(name, "bundle.dossier"), func() ([]byte, *BundleReport, error) { return data, nil, nil })
}

// StartImportFile is StartImport for a file (the window's open dialog).
func (s *Sync) StartImportFile(path Path) (*ImportJob, error) {
	return s.startImport(path, func() ([]byte, *BundleReport, error) { return s.readBundle(path) })
}

func (s *Sync) startImport(name string, read func() ([]byte, *BundleReport, error)) (*ImportJob, error) {
	ctx, cancel := context.WithCancel(context.Background())
	j := &ImportJob{ID: uuid.NewString(), File: name, State: JobRunning, counters: &importCounters{}, cancel: cancel}
	importJobs.Lock()
	for id, old := range importJobs.m {
		if old.State != JobRunning && time.Since(old.finished) > ImportKeep {
			delete(importJobs.m, id)
		}
	}
	importJobs.m[j.ID] = j
	snap := j.snapshot()
	importJobs.Unlock()
	go func() {
		defer cancel()
		rep, err := s.importCtx(ctx, name, read, j.counters)
		if rep == nil {
			rep = &BundleReport{File: name, Status: StatusRefused, Authors: []AuthorReport{}}
			rep.Problem, rep.Message = ProblemFailed, AsError(err).Error()
		}
		importJobs.Lock()
		defer importJobs.Unlock()
		j.finished, j.Report, j.State = time.Now(), rep, JobDone
		if rep.Problem == ProblemCanceled {
			j.State = JobCancelled
		}
	}()
	return snap, nil
}

// importCtx is ImportFile/ImportData with a context that cancels it up to its commit.
func (s *Sync) importCtx(ctx context.Context, name string, read func() ([]byte, *BundleReport, error), c *importCounters) (*BundleReport, error) {
	if s.App.Identity == nil {
		return s.ImportData(name, nil)
	}
	data, rep, err := read()
	if err != nil {
		return rep, err
	}
	syncMu.Lock()
	defer syncMu.Unlock()
	if ctx.Err() != nil {
		rep := &BundleReport{File: name, Status: StatusRefused, Authors: []AuthorReport{}}
		return rep, s.refusal(rep, ProblemCanceled, "the import was canceled: nothing was imported")
	}
	return s.examineCtx(ctx, name, data, true, c)
}

func importJob(id string) (*ImportJob, error) {
	j, ok := importJobs.m[strings.TrimSpace(id)]
	if !ok {
		return nil, &Error{Code: CodeNotFound, Message: "no such import: it finished long ago, or Dossier restarted; see the changes held, or import the bundle again"}
	}
	return j, nil
}

// ImportStatus says how far an import is, and its report once finished.
func (s *Sync) ImportStatus(id string) (*ImportJob, error) {
	importJobs.Lock()
	defer importJobs.Unlock()
	j, err := importJob(id)
	if err != nil {
		return nil, err
	}
	return j.snapshot(), nil
}

// CancelImport stops an import that has not committed yet: nothing of it is kept, and the
// store is exactly as before. Once committed, the import finishes and the cancel is ignored
// (the answer says committed). Cancelling a finished import forgets it.
func (s *Sync) CancelImport(id string) (*ImportJob, error) {
	importJobs.Lock()
	defer importJobs.Unlock()
	j, err := importJob(id)
	if err != nil {
		return nil, err
	}
	if j.State == JobRunning {
		j.cancel()
	} else {
		delete(importJobs.m, j.ID)
	}
	return j.snapshot(), nil
}
