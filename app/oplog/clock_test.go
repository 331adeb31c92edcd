package oplog

import (
	"sync"
	"testing"
	"time"
)

// fakeTime is a settable wall clock.
type fakeTime struct {
	mu sync.Mutex
	ms int64
}

func (f *fakeTime) now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return time.UnixMilli(f.ms)
}

func (f *fakeTime) set(ms int64) {
	f.mu.Lock()
	f.ms = ms
	f.mu.Unlock()
}

func TestClockCompare(t *testing.T) {
	cs := []Clock{{1, 0}, {1, 1}, {1, 4294967295}, {2, 0}, {2, 7}, {baseWall, 0}}
	for i, a := range cs {
		for j, b := range cs {
			want := 0
			if i < j {
				want = -1
			} else if i > j {
				want = 1
			}
			if got := a.Compare(b); got != want {
				t.Errorf("%v.Compare(%v) = %d, want %d", a, b, got, want)
			}
		}
	}
	c := Clock{Wall: baseWall + 123, Logical: 4}
	if got := c.String(); got != "2023-11-14T22:13:20.123Z+4" {
		t.Errorf("String() = %s", got)
	}
	if !c.Time().Equal(time.UnixMilli(baseWall+123)) || c.Time().Location() != time.UTC {
		t.Errorf("Time() = %v", c.Time())
	}
}

func TestHLCMonotonic(t *testing.T) {
	ft := &fakeTime{ms: baseWall}
	h := NewHLC(ft.now)
	var last Clock
	check := func(step string) Clock {
		t.Helper()
		c := h.Now()
		if c.Compare(last) <= 0 {
			t.Fatalf("%s: %v is not after %v", step, c, last)
		}
		last = c
		return c
	}
	if c := check("first"); c != (Clock{baseWall, 0}) {
		t.Errorf("first stamp %v", c)
	}
	// Same millisecond: the logical counter moves.
	if c := check("same ms"); c != (Clock{baseWall, 1}) {
		t.Errorf("same ms %v", c)
	}
	check("same ms again")
	// Wall clock moves forward: logical resets.
	ft.set(baseWall + 10)
	if c := check("forward"); c != (Clock{baseWall + 10, 0}) {
		t.Errorf("forward %v", c)
	}
	// Wall clock jumps back (NTP correction): stamps keep growing on the old wall time.
	ft.set(baseWall - 60_000)
	for i := 0; i < 5; i++ {
		if c := check("backwards"); c.Wall != baseWall+10 {
			t.Errorf("backwards %v", c)
		}
	}
	ft.set(baseWall + 11)
	if c := check("caught up"); c != (Clock{baseWall + 11, 0}) {
		t.Errorf("caught up %v", c)
	}
}

func TestHLCObserve(t *testing.T) {
	ft := &fakeTime{ms: baseWall}
	h := NewHLC(ft.now)
	mine := h.Now()
	// A peer whose clock runs an hour fast.
	peer := Clock{Wall: baseWall + 3_600_000, Logical: 7}
	h.Observe(peer)
	next := h.Now()
	if next.Compare(peer) <= 0 || next.Compare(mine) <= 0 {
		t.Fatalf("after observing %v, Now() = %v", peer, next)
	}
	if next != (Clock{peer.Wall, 8}) {
		t.Errorf("Now() = %v, want %v", next, Clock{peer.Wall, 8})
	}
	// Observing an older stamp changes nothing.
	h.Observe(Clock{Wall: baseWall - 1})
	h.Observe(peer)
	if c := h.Now(); c != (Clock{peer.Wall, 9}) {
		t.Errorf("after old observations Now() = %v", c)
	}
	// Observing a stamp in the same millisecond with a higher counter.
	h.Observe(Clock{Wall: peer.Wall, Logical: 100})
	if c := h.Now(); c != (Clock{peer.Wall, 101}) {
		t.Errorf("Now() = %v", c)
	}
	// Once the wall clock passes the peer, it is used again.
	ft.set(peer.Wall + 1)
	if c := h.Now(); c != (Clock{peer.Wall + 1, 0}) {
		t.Errorf("Now() = %v", c)
	}
}

func TestHLCSystemClockAndConcurrency(t *testing.T) {
	h := NewHLC(nil)
	before := time.Now().UnixMilli()
	c := h.Now()
	if c.Wall < before || c.Wall > time.Now().UnixMilli() {
		t.Errorf("system clock stamp %v", c)
	}
	var wg sync.WaitGroup
	stamps := make(chan Clock, 8*200)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				if i%50 == 0 {
					h.Observe(Clock{Wall: time.Now().UnixMilli(), Logical: uint32(i)})
				}
				stamps <- h.Now()
			}
		}()
	}
	wg.Wait()
	close(stamps)
	seen := map[Clock]bool{}
	for s := range stamps {
		if seen[s] {
			t.Fatalf("stamp %v issued twice", s)
		}
		seen[s] = true
	}
}
