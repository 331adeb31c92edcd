package platform

import (
	"sync"
	"testing"
	"time"
)

// window plays Wails: Quit calls the close hook on another goroutine (as the Linux frontend
// does for runtime.Quit and for its signal handler), and a close the hook lets through is
// counted; events sent to the page are recorded.
type window struct {
	Platform
	c *Closer

	mu      sync.Mutex
	events  []string
	closed  int
	closing chan struct{} // receives once per close let through
}

func newWindow(wait time.Duration) (*window, *Closer) {
	c := NewCloser(wait)
	w := &window{c: c, closing: make(chan struct{}, 8)}
	c.Attach(w)
	return w, c
}

func (w *window) Emit(event string, _ ...any) {
	w.mu.Lock()
	w.events = append(w.events, event)
	w.mu.Unlock()
}

func (w *window) Quit() { go w.request() }

// request is a close request (the title bar's button, runtime.Quit, a signal): true if the
// window closed.
func (w *window) request() bool {
	if w.c.BeforeClose() {
		return false
	}
	w.mu.Lock()
	w.closed++
	w.mu.Unlock()
	w.closing <- struct{}{}
	return true
}

func (w *window) asked() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := 0
	for _, e := range w.events {
		if e == CloseEvent {
			n++
		}
	}
	return n
}

func (w *window) closes() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.closed
}

// waitClosed fails unless the window closes within d.
func (w *window) waitClosed(t *testing.T, d time.Duration, what string) {
	t.Helper()
	select {
	case <-w.closing:
	case <-time.After(d):
		t.Fatalf("%s: the window did not close within %v", what, d)
	}
}

// stillOpen fails if the window closes within d.
func (w *window) stillOpen(t *testing.T, d time.Duration, what string) {
	t.Helper()
	select {
	case <-w.closing:
		t.Fatalf("%s: the window closed", what)
	case <-time.After(d):
	}
}

// TestCloserClean: a close asks the page; a page without unsaved work answers so and the
// window closes at once.
func TestCloserClean(t *testing.T) {
	w, c := newWindow(time.Hour)
	if w.request() {
		t.Fatal("the close went through before the page was asked")
	}
	if w.asked() != 1 {
		t.Fatalf("events: %q", w.events)
	}
	c.Answer(false)
	w.waitClosed(t, 5*time.Second, "clean page")
	if w.closes() != 1 {
		t.Fatalf("closed %d times", w.closes())
	}
}

// TestCloserUnsaved: with unsaved work the window stays while the delegate is asked, however
// long (the page answered, so no timer runs); a second close asks again; choosing to close
// (Quit) closes it.
func TestCloserUnsaved(t *testing.T) {
	w, c := newWindow(50 * time.Millisecond)
	w.request()
	c.Answer(true)
	w.stillOpen(t, 300*time.Millisecond, "the delegate is being asked")
	if w.request() {
		t.Fatal("a second close went through while the delegate was asked")
	}
	if w.asked() != 2 {
		t.Fatalf("the second close did not ask the page: %q", w.events)
	}
	c.Answer(true)
	w.stillOpen(t, 300*time.Millisecond, "asked again")
	c.Quit() // the delegate chose Close Dossier
	w.waitClosed(t, 5*time.Second, "the delegate chose to close")
}

// TestCloserPageDead: a page that does not answer (dead, frozen, not loaded) does not hold
// the window: it closes once the wait is over.
func TestCloserPageDead(t *testing.T) {
	w, _ := newWindow(100 * time.Millisecond)
	start := time.Now()
	w.request()
	w.waitClosed(t, 5*time.Second, "no answer")
	if d := time.Since(start); d < 100*time.Millisecond {
		t.Fatalf("closed after %v, before the page's time was up", d)
	}
}

// TestCloserQuitting: a quit already decided goes through without asking the page, once; an
// answer nobody asked for changes nothing.
func TestCloserQuitting(t *testing.T) {
	w, c := newWindow(time.Hour)
	c.Answer(false)
	w.stillOpen(t, 100*time.Millisecond, "an answer nobody asked for")
	c.Quit()
	w.waitClosed(t, 5*time.Second, "decided quit")
	if w.asked() != 0 {
		t.Fatalf("the page was asked: %q", w.events)
	}
	if w.request() {
		t.Fatal("a second close went through after the first (GTK's loop is already ending)")
	}
	c.Quit()
	w.stillOpen(t, 100*time.Millisecond, "quit after the close went through")
	if w.closes() != 1 {
		t.Fatalf("closed %d times", w.closes())
	}
}

// TestCloserNoPage: before the window has started there is no page to ask: a close goes
// through.
func TestCloserNoPage(t *testing.T) {
	c := NewCloser(time.Hour)
	if c.BeforeClose() {
		t.Fatal("a close before the window started was prevented")
	}
}

// TestCloserSignal: Wails' signal handler and Dossier's (Quit) run in either order; a page
// with unsaved work never holds the close, and the window closes exactly once.
func TestCloserSignal(t *testing.T) {
	t.Run("Wails first", func(t *testing.T) {
		w, c := newWindow(time.Hour)
		w.request() // Wails' handler: prevented, the page is asked
		c.Answer(true)
		c.Quit() // Dossier's handler
		w.waitClosed(t, 5*time.Second, "signal after Wails' call")
		w.stillOpen(t, 100*time.Millisecond, "a second close")
	})
	t.Run("Dossier first", func(t *testing.T) {
		w, c := newWindow(time.Hour)
		w.request() // the delegate's close: asked
		c.Answer(true)
		c.Quit()    // Dossier's handler: asks Wails to quit again
		w.request() // Wails' handler, racing it: one of the two goes through
		w.waitClosed(t, 5*time.Second, "signal")
		w.stillOpen(t, 100*time.Millisecond, "a second close")
		if w.closes() != 1 {
			t.Fatalf("closed %d times", w.closes())
		}
	})
}
