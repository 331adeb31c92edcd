package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/dgraph-io/badger/v4/y"

	"dossier/app/admit"
	"dossier/app/oplog"
)

// A batch that failed for a reason of the disk or the file system is tried again at the
// next open; one that failed for its own content is set aside.
func TestTransientFailures(t *testing.T) {
	_, openErr := os.Open(filepath.Join(t.TempDir(), "missing", "000001.vlog"))
	_, decodeErr := oplog.Decode([]byte(`{"v":1}`))
	refusal := &admit.Error{Author: testAuthor, Seq: 1501, Kind: "meeting", Rule: admit.RuleKindChange, Reason: "a record never changes kind"}
	cases := []struct {
		name string
		err  error
		want bool
	}{
		{"disk full", syscall.ENOSPC, true},
		{"input/output error", syscall.EIO, true},
		{"disk full, wrapped", fmt.Errorf("apply staged batch: %w", syscall.ENOSPC), true},
		{"a write to a file", &os.PathError{Op: "write", Path: "db/000042.vlog", Err: syscall.EIO}, true},
		{"a file that cannot be opened", openErr, true},
		{"a path error, wrapped twice", fmt.Errorf("recover: %w", fmt.Errorf("vet: %w", &fs.PathError{Op: "sync", Path: "db", Err: syscall.EROFS})), true},
		{"a change that does not decode", decodeErr, false},
		{"a change refused by admit", refusal, false},
		{"a refusal, wrapped", fmt.Errorf("batch: %w", refusal), false},
		{"a corrupt staged value", errors.New("corrupt staged change in batch 0123456789abcdef"), false},
		{"a record kind mismatch", fmt.Errorf("%w: record x is a commitment", oplog.ErrKindMismatch), false},
		// A refusal quotes the values it refuses: words of a disk fault in a field value
		// must not make a hostile batch look like one, or it would block every open.
		{"a refusal quoting disk words", &admit.Error{Author: testAuthor, Seq: 2, Kind: "commitment", Rule: admit.RuleFields,
			Fields: map[string]string{"status": `"no space left on device" is not allowed: use one of proposed, agreed`}}, false},
	}
	if openErr == nil || decodeErr == nil {
		t.Fatalf("the errors to classify were not made: %v %v", openErr, decodeErr)
	}
	for _, c := range cases {
		if got := transient(c.err); got != c.want {
			t.Errorf("%s (%v): transient %v, want %v", c.name, c.err, got, c.want)
		}
	}
}

// Badger reports a failed write through y.Wrap, which (outside its debug mode) flattens the
// cause into text: a full disk during recovery must still be told from a bad batch, or a
// good batch is set aside because the disk was full.
func TestTransientDiskFaultsThroughBadger(t *testing.T) {
	cases := []struct {
		name string
		err  error
	}{
		{"disk full while writing requests", y.Wrap(y.Wrapf(syscall.ENOSPC, "while writing to memTable"), "writeRequests")},
		{"an I/O error on the value log", y.Wrap(&os.PathError{Op: "write", Path: "db/000001.vlog", Err: syscall.EIO}, "writeRequests")},
		{"this store's own disk-full refusal", &DiskFullError{Dir: "db", Need: 64 << 20, Free: 1 << 20}},
	}
	for _, c := range cases {
		if !transient(c.err) {
			t.Errorf("%s (%v): not transient, so recovery would set the batch aside", c.name, c.err)
		}
	}
}
