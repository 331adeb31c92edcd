package oplog

import (
	"fmt"
	"sync"
	"time"
)

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

// HLC issues clock stamps that never go backwards and stay ahead of every stamp observed,
// so that an operation is always later than everything its author had seen.
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
	if wall > h.last.Wall {
		h.last = Clock{Wall: wall}
	} else {
		h.last.Logical++
	}
	return h.last
}

// Observe moves the clock past a stamp received from elsewhere.
func (h *HLC) Observe(c Clock) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if c.Compare(h.last) > 0 {
		h.last = c
	}
}
