package oplog

import (
	"math"
	"testing"
	"time"
)

// A full counter moves the clock to the next millisecond: it never wraps backwards, even
// while the wall clock stands still or goes back.
func TestHLCFullCounterMovesToTheNextMillisecond(t *testing.T) {
	ft := &fakeTime{ms: baseWall}
	h := NewHLC(ft.now)
	h.Observe(Clock{Wall: baseWall, Logical: math.MaxUint32 - 1})
	steps := []Clock{
		{baseWall, math.MaxUint32},
		{baseWall + 1, 0}, // full: next millisecond
		{baseWall + 1, 1},
	}
	for i, want := range steps {
		if got := h.Now(); got != want {
			t.Fatalf("stamp %d: %v, want %v", i, got, want)
		}
	}
	// A peer's stamp with a full counter, and the wall clock going back an hour.
	h.Observe(Clock{Wall: baseWall + 5, Logical: math.MaxUint32})
	ft.set(baseWall - 3_600_000)
	last := Clock{Wall: baseWall + 5, Logical: math.MaxUint32}
	for i := 0; i < 3; i++ {
		got := h.Now()
		if got.Compare(last) <= 0 {
			t.Fatalf("after %v came %v", last, got)
		}
		last = got
	}
	if last != (Clock{baseWall + 6, 2}) {
		t.Errorf("last stamp %v, want %v", last, Clock{baseWall + 6, 2})
	}
}

// A stamp from a laptop whose date is wrong drags the clock no further than the bound.
func TestHLCObserveIsBounded(t *testing.T) {
	bound := MaxClockFollow.Milliseconds()
	for _, far := range []Clock{
		{Wall: time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli(), Logical: 7},
		{Wall: math.MaxInt64, Logical: math.MaxUint32},
		{Wall: baseWall + bound + 1},
	} {
		ft := &fakeTime{ms: baseWall}
		h := NewHLC(ft.now)
		h.Observe(far)
		c := h.Now()
		if c != (Clock{baseWall + bound, 1}) {
			t.Errorf("after observing %v: %v, want the bound %v", far, c, Clock{baseWall + bound, 1})
		}
		// Observing it again and again does not push further.
		for i := 0; i < 1000; i++ {
			h.Observe(far)
			c = h.Now()
		}
		if c.Wall != baseWall+bound {
			t.Errorf("after observing %v a thousand times: %v", far, c)
		}
		// The bound moves with this machine's clock: an hour later the clock follows the
		// stamp an hour further, or to the stamp itself once it is within the bound.
		ft.set(baseWall + 3_600_000)
		h.Observe(far)
		want := Clock{baseWall + 3_600_000 + bound, 1}
		if far.Wall < want.Wall {
			want = Clock{far.Wall, far.Logical + 1}
		}
		if c := h.Now(); c != want {
			t.Errorf("an hour later, after observing %v: %v, want %v", far, c, want)
		}
	}
}

// A stamp at the bound itself is followed exactly, its counter included.
func TestHLCObserveAtTheBound(t *testing.T) {
	ft := &fakeTime{ms: baseWall}
	h := NewHLC(ft.now)
	at := Clock{Wall: baseWall + MaxClockFollow.Milliseconds(), Logical: 41}
	h.Observe(at)
	if c := h.Now(); c != (Clock{at.Wall, 42}) {
		t.Errorf("Now() = %v, want %v", c, Clock{at.Wall, 42})
	}
	// Beyond the bound, with a higher counter: clamped to the bound's millisecond, which the
	// clock has already passed.
	h.Observe(Clock{Wall: at.Wall + 1, Logical: 1000})
	if c := h.Now(); c != (Clock{at.Wall, 43}) {
		t.Errorf("Now() = %v, want %v", c, Clock{at.Wall, 43})
	}
}

// A peer a few minutes ahead is followed, so that a change is later than what its author saw;
// older and negative stamps change nothing.
func TestHLCObserveFollowsANormalLaterStamp(t *testing.T) {
	ft := &fakeTime{ms: baseWall}
	h := NewHLC(ft.now)
	peer := Clock{Wall: baseWall + 4*60_000, Logical: 3}
	h.Observe(peer)
	if c := h.Now(); c != (Clock{peer.Wall, 4}) {
		t.Fatalf("Now() = %v, want %v", c, Clock{peer.Wall, 4})
	}
	h.Observe(Clock{Wall: math.MinInt64})
	h.Observe(Clock{Wall: baseWall - 1, Logical: math.MaxUint32})
	if c := h.Now(); c != (Clock{peer.Wall, 5}) {
		t.Errorf("after older stamps Now() = %v", c)
	}
}
