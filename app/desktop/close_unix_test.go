//go:build unix

package desktop

import (
	"syscall"
	"testing"
	"time"

	"dossier/app/desktop/platform"
)

// TestWatchSignals: a SIGTERM while the page holds a close (unsaved work, the delegate being
// asked) quits the window anyway, as a logout must.
func TestWatchSignals(t *testing.T) {
	c := platform.NewCloser(time.Hour)
	q := &quitter{quit: make(chan struct{}, 4)}
	c.Attach(q)
	stop := watchSignals(c)
	defer stop()
	if !c.BeforeClose() {
		t.Fatal("the close was not held for the page")
	}
	c.Answer(true)
	if err := syscall.Kill(syscall.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-q.quit:
	case <-time.After(5 * time.Second):
		t.Fatal("SIGTERM did not quit the window")
	}
	if c.BeforeClose() {
		t.Fatal("the close after SIGTERM was prevented")
	}
}
