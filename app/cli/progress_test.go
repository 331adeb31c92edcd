package cli

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"

	"dossier/app/service"
)

func TestProgressText(t *testing.T) {
	for _, tc := range []struct {
		c    service.ImportCount
		want string
	}{
		{service.ImportCount{}, "b.dossier: checking the file…"},
		{service.ImportCount{Total: 200, Read: 50, Verified: 40}, "b.dossier: 50 of 200 changes read and checked (25%), 40 verified"},
		{service.ImportCount{Total: 200, Read: 180, Verified: 180, Applied: 90, Committed: true}, "b.dossier: applying 90 of 180 new changes (50%)"},
	} {
		if got := progressText("b.dossier", tc.c); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.c, got, tc.want)
		}
	}
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// A short import draws nothing; a long one draws the line, and Stop clears it.
func TestProgressLineOnlyAfterASecond(t *testing.T) {
	var w lockedBuffer
	p := &progressLine{w: &w}
	count := func() service.ImportCount { return service.ImportCount{Total: 10, Read: 5} }
	p.Watch("/tmp/short.dossier", count)
	p.Stop()
	if w.String() != "" {
		t.Fatalf("a short import drew %q", w.String())
	}
	p.Watch("/tmp/long.dossier", count)
	time.Sleep(progressDelay + 300*time.Millisecond)
	p.Stop()
	out := w.String()
	if !strings.Contains(out, "long.dossier: 5 of 10 changes read") || !strings.HasSuffix(out, "\r\033[K") {
		t.Fatalf("the line drawn: %q", out)
	}
	if isTerminal(&w) {
		t.Fatal("a buffer is not a terminal")
	}
}
