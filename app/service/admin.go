package service

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
	return &CheckReport{OK: len(problems) == 0, Ops: ops, Authors: authors, StateHash: h, Problems: problems}, nil
}

// AsErrorOrNil is AsError that keeps a nil error nil as an `error`.
func AsErrorOrNil(err error) error {
	if err == nil {
		return nil
	}
	return AsError(err)
}
