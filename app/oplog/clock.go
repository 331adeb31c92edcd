package oplog

import (
	"fmt"
	"math"
	"sync"
	"time"
)

// MaxClockAhead is how far ahead of this machine's clock a stamp may be. A change stamped
// further ahead is refused at import (a laptop whose date is wrong), and the local clock never
// follows a stamp beyond it: one bad clock must not win every later edit nor drag every
// replica's stamps into the future. A day covers wrong time zones and drift.
const MaxClockAhead = 24 * time.Hour

// MaxClockFollow is how far ahead of this machine's clock the local clock follows a stamp it
// has seen: half of MaxClockAhead, so that this machine's next changes are not refused by a
// third machine whose clock is a little behind.
const MaxClockFollow = MaxClockAhead / 2

// Clock is a hybrid logical clock stamp: wall milliseconds since the Unix epoch (UTC) and a
// counter that orders stamps taken within the same millisecond or behind a faster peer.
type Clock struct {
	Wall    int64  `json:"w"`
	Logical uint32 `json:"l"`
}

// Compare orders clocks: -1, 0 or +1.
func (c Clock) Compare(d Clock) int {
	switch {
	case c.Wall < d.Wall:
		return -1
	case c.Wall > d.Wall:
		return 1
	case c.Logical < d.Logical:
		return -1
	case c.Logical > d.Logical:
		return 1
	}
	return 0
}

// Time is the wall part as a time.
func (c Clock) Time() time.Time { return time.UnixMilli(c.Wall).UTC() }

func (c Clock) String() string {
	return fmt.Sprintf("%s+%d", c.Time().Format("2006-01-02T15:04:05.000Z"), c.Logical)
}

// HLC issues clock stamps that never go backwards and stay ahead of every stamp observed
// (up to MaxClockAhead), so that an operation is later than everything its author had seen.
type HLC struct {
	mu   sync.Mutex
	last Clock
	now  func() time.Time
}

// NewHLC starts a clock; now may be nil for the system clock.
func NewHLC(now func() time.Time) *HLC {
	if now == nil {
		now = time.Now
	}
	return &HLC{now: now}
}

// Now returns a fresh stamp greater than every stamp issued or observed.
func (h *HLC) Now() Clock {
	h.mu.Lock()
	defer h.mu.Unlock()
	wall := h.now().UnixMilli()
	switch {
	case wall > h.last.Wall:
		h.last = Clock{Wall: wall}
	case h.last.Logical == math.MaxUint32:
		// The counter is full: move to the next millisecond rather than wrap backwards.
		h.last = Clock{Wall: h.last.Wall + 1}
	default:
		h.last.Logical++
	}
	return h.last
}

// Observe moves the clock past a stamp received from elsewhere, but never further than
// MaxClockFollow beyond this machine's clock.
func (h *HLC) Observe(c Clock) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if limit := h.now().Add(MaxClockFollow).UnixMilli(); c.Wall > limit {
		c = Clock{Wall: limit}
	}
	if c.Compare(h.last) > 0 {
		h.last = c
	}
}
