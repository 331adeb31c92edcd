//go:build linux

package service_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"dossier/app/bundle"
	"dossier/app/service"
)

// pipeOf makes a named pipe that offers data, then size-len(data) zero bytes, to whoever
// opens it, as `dossier import <(curl …)` reads one; it stops when the reader closes it.
func pipeOf(t *testing.T, data []byte, size int64) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "in.dossier")
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Fatal(err)
	}
	go func() {
		f, err := os.OpenFile(p, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		defer f.Close()
		if _, err := f.Write(data); err != nil {
			return
		}
		chunk := make([]byte, 64<<10)
		for left := size - int64(len(data)); left > 0; {
			n, err := f.Write(chunk[:min(int64(len(chunk)), left)])
			left -= int64(n)
			if err != nil { // the reader closed it
				return
			}
		}
	}()
	return p
}

// emptyDir fails the test unless dir holds nothing: the temporary copy of a stream is removed.
func emptyDir(t *testing.T, dir string) {
	t.Helper()
	if left, _ := os.ReadDir(dir); len(left) > 0 {
		t.Errorf("left in the temporary folder: %s", left[0].Name())
	}
}

// A bundle read from a pipe or a device (`dossier import <(…)`, `bundle inspect`) has no
// size to check first: it was read into memory, a buffer doubling to the limit, and 512 MiB
// and one byte peaked near 1.5 GB before they were refused. It is now copied to a temporary
// file, to one byte past the limit, and refused there; the child process that reads it must
// stay under 100 MiB (its own peak RSS), and leave nothing in the temporary folder.
func TestPipedBundlePastItsLimitInLittleMemory(t *testing.T) {
	limit := bundle.DefaultLimits().MaxFileBytes
	tmp := t.TempDir()
	pipe := pipeOf(t, nil, limit+1)
	cmd := childTest("TestPipedBundleChild", "DOSSIER_PIPE_CHILD="+pipe, "DOSSIER_PIPE_CHILD_DATA="+t.TempDir(), "TMPDIR="+tmp)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "problem "+bundle.ProblemLimit) {
		t.Fatalf("the child's import of %d bytes from a pipe: %v\n%s", limit+1, err, out)
	}
	mib := childPeakMiB(cmd, out)
	t.Logf("%d bytes from a pipe refused; peak RSS %.1f MiB", limit+1, mib)
	if mib >= 100 {
		t.Fatalf("refusing %d bytes from a pipe peaked at %.1f MiB of memory, the bound is 100 MiB", limit+1, mib)
	}
	emptyDir(t, tmp)
}

// TestPipedBundleChild is the child of TestPipedBundlePastItsLimitInLittleMemory; alone it
// does nothing.
func TestPipedBundleChild(t *testing.T) {
	pipe := os.Getenv("DOSSIER_PIPE_CHILD")
	if pipe == "" {
		t.Log("run by TestPipedBundlePastItsLimitInLittleMemory only: nothing to do")
		return
	}
	app, err := service.Open(os.Getenv("DOSSIER_PIPE_CHILD_DATA"))
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	rep, _ := (&service.Sync{App: app}).ImportFile(pipe)
	fmt.Printf("problem %s: %s\n", rep.Problem, rep.Message)
	printPeak()
}

// A valid bundle through a pipe is still imported, and inspected, from its temporary copy,
// which is removed after.
func TestPipedBundleImports(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	s, a, _, _ := office(t)
	a.addCommitment("Voluntary humanitarian returns")
	data, err := os.ReadFile(a.export(service.ExportOptions{}))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := s.sy.Inspect(pipeOf(t, data, int64(len(data))))
	if err != nil || rep.Status != service.StatusOK || rep.New == 0 {
		t.Fatalf("inspect through a pipe: %v %s %s", err, rep.Status, rep.Message)
	}
	emptyDir(t, tmp)
	rep = s.imp(pipeOf(t, data, int64(len(data))))
	if rep.Status != service.StatusImported || rep.Created != 1 {
		t.Fatalf("import through a pipe: %s %s", rep.Status, rep.Message)
	}
	emptyDir(t, tmp)
	// One byte past the limit is refused, and leaves nothing either.
	lim := bundle.DefaultLimits()
	lim.MaxFileBytes = int64(len(data))
	big := &service.Sync{App: s.app, Limits: &lim}
	rep, err = big.ImportFile(pipeOf(t, append(data, '\n'), int64(len(data))+1))
	if err == nil || rep.Problem != bundle.ProblemLimit {
		t.Fatalf("a byte past the limit through a pipe: %v %s", err, rep.Problem)
	}
	emptyDir(t, tmp)
}
