package service

import (
	"dossier/app/files"
	"fmt"

	"dossier/app/store"
)

// Backup and Restore are in backup.go.

// Admin is the use cases on the data directory as a whole.
type Admin struct{ App *App }

// StateHash is the digest of every materialised record.
func (a *Admin) StateHash() (string, error) {
	h, err := a.App.Store.StateHash()
	return h, AsErrorOrNil(err)
}

// CheckReport is the result of recomputing everything from the log.
type CheckReport struct {
	OK        bool     `json:"ok"`
	Ops       uint64   `json:"ops"`
	Authors   int      `json:"authors"`
	StateHash string   `json:"state_hash"`
	Problems  []string `json:"problems"`
	// SetAside are interrupted imports that could not be finished at open (docs/storage.md).
	SetAside []SetAsideView `json:"set_aside"`
	// FilesReclaimed are the attachments' bytes no record refers to any more, removed by
	// this check (docs/storage.md, "Files").
	FilesReclaimed files.Swept `json:"files_reclaimed"`
}

// SetAsideView is one import set aside at open, in words. Bundle and From name the bundle and
// its exporter from the roster when the origin was a bundle.
type SetAsideView struct {
	store.SetAside
	Bundle  string    `json:"bundle,omitempty"`
	From    *PeerView `json:"from,omitempty"`
	Message string    `json:"message"`
}

// SetAsides lists the imports set aside at open, each with a sentence saying what to do.
func (a *Admin) SetAsides() ([]SetAsideView, error) {
	sas, err := a.App.Store.SetAsides()
	if err != nil {
		return nil, AsError(err)
	}
	out := []SetAsideView{}
	if len(sas) == 0 {
		return out, nil
	}
	ts, err := loadTrust(a.App)
	if err != nil {
		return nil, AsError(err)
	}
	sy := &Sync{App: a.App}
	for _, sa := range sas {
		origin := sa.Origin
		var from *PeerView
		id, exporter, isBundle := bundleOrigin(sa.Origin)
		if isBundle {
			p := sy.trustedPeer(exporter, ts)
			from = &p
			origin = "bundle " + id + " from " + peerWords(p)
		}
		applied := "none of it was applied"
		if sa.Applied > 0 {
			applied = fmt.Sprintf("%d of its changes had been applied before", sa.Applied)
		}
		out = append(out, SetAsideView{SetAside: sa, Bundle: id, From: from, Message: fmt.Sprintf("an interrupted import (%s, %d changes) could not be finished and was set aside on %s: %s; %s; ask the sender for a corrected bundle",
			origin, sa.Changes, sa.At.Format("2 January 2006 15:04 MST"), sa.Reason, applied)})
	}
	return out, nil
}

// Check recomputes every record from the log and compares.
func (a *Admin) Check() (*CheckReport, error) {
	problems, err := a.App.Store.Check()
	if err != nil {
		return nil, AsError(err)
	}
	h, err := a.App.Store.StateHash()
	if err != nil {
		return nil, AsError(err)
	}
	ops, authors := a.App.Store.Counts()
	if problems == nil {
		problems = []string{}
	}
	sas, err := a.SetAsides()
	if err != nil {
		return nil, err
	}
	for _, sa := range sas {
		if sa.Applied > 0 && sa.Applied < sa.Changes {
			problems = append(problems, "part of an import is held: "+sa.Message)
		}
	}
	problems = append(problems, (&Files{App: a.App}).checkHeld()...)
	var swept files.Swept
	if !a.App.Store.ReadOnly() {
		if swept, err = (&Files{App: a.App}).Sweep(); err != nil {
			problems = append(problems, "the files of attachments could not be swept: "+err.Error())
		}
	}
	return &CheckReport{OK: len(problems) == 0, Ops: ops, Authors: authors, StateHash: h, Problems: problems, SetAside: sas, FilesReclaimed: swept}, nil
}

// AsErrorOrNil is AsError that keeps a nil error nil as an `error`.
func AsErrorOrNil(err error) error {
	if err == nil {
		return nil
	}
	return AsError(err)
}
