package platform

import (
	"sync"
	"time"
)

// CloseEvent is the event the window's page gets when the window is asked to close; it
// answers with Platform.Closing (docs/platforms.md, "Closing the window with unsaved work").
const CloseEvent = "dossier:close"

// CloseWait is how long a close waits for the page's answer before it goes through anyway.
const CloseWait = time.Second

// Closer decides whether a request to close the window goes through. Wails calls one hook for
// the close button, runtime.Quit and its own SIGTERM/SIGINT handling, so every rule lives here:
// a decided quit goes through, anything else asks the page and never waits for it.
type Closer struct {
	wait time.Duration

	mu       sync.Mutex
	p        Platform    // nil until the window has started: no page to ask
	quitting bool        // the close is decided: the delegate chose it, a signal, no answer
	through  bool        // one close went through: GTK's loop is ending
	asking   bool        // the page was asked and has not answered
	round    int         // which question the timer belongs to
	timer    *time.Timer // closes the window if the page does not answer
}

// NewCloser returns a Closer whose question waits `wait` for the page's answer.
func NewCloser(wait time.Duration) *Closer { return &Closer{wait: wait} }

// Attach gives the Closer the window (from the startup hook).
func (c *Closer) Attach(p Platform) {
	c.mu.Lock()
	c.p = p
	c.mu.Unlock()
}

// BeforeClose is Wails' OnBeforeClose: true prevents the close. It never blocks.
func (c *Closer) BeforeClose() (prevent bool) {
	c.mu.Lock()
	if c.through {
		// A second call while the first close ends the loop: quitting an ending loop crashed.
		c.mu.Unlock()
		return true
	}
	if c.quitting || c.p == nil {
		c.through = true
		c.stop()
		c.mu.Unlock()
		return false
	}
	c.stop()
	c.asking = true
	c.round++
	r := c.round
	c.timer = time.AfterFunc(c.wait, func() { c.expire(r) })
	p := c.p
	c.mu.Unlock()
	p.Emit(CloseEvent)
	return true
}

// expire closes the window when the page did not answer in time (dead, frozen, not loaded).
func (c *Closer) expire(round int) {
	c.mu.Lock()
	late := c.asking && c.round == round // not answered, nor asked again since
	c.mu.Unlock()
	if late {
		c.Quit()
	}
}

// Answer is the page's answer to CloseEvent: without unsaved work the window closes; with
// some, the page asks the delegate, and the close waits for Quit. An answer nobody asked
// for changes nothing.
func (c *Closer) Answer(unsaved bool) {
	c.mu.Lock()
	asked := c.asking
	c.stop()
	c.mu.Unlock()
	if asked && !unsaved {
		c.Quit()
	}
}

// Quit closes the window past the question: the delegate chose to, a signal came, or the
// page did not answer.
func (c *Closer) Quit() {
	c.mu.Lock()
	c.quitting = true
	c.stop()
	p, through := c.p, c.through
	c.mu.Unlock()
	if p != nil && !through {
		p.Quit()
	}
}

// stop forgets the pending question (c.mu held).
func (c *Closer) stop() {
	c.asking = false
	if c.timer != nil {
		c.timer.Stop()
		c.timer = nil
	}
}
