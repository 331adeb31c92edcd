package ahead

import (
	"errors"
	"fmt"
	"testing"
)

// Every value arrives, in order, whatever the batch bounds; a value as large as the byte
// bound is handed over at once.
func TestRunHandsOverInOrder(t *testing.T) {
	for _, c := range []struct{ n, maxLen, maxBytes int }{{0, 4, 100}, {1, 4, 100}, {1000, 7, 1 << 20}, {1000, 1000, 10}, {333, 1, 1}} {
		var got []int
		err := Run(c.maxLen, c.maxBytes, func(emit func(int, int) error) error {
			for i := range c.n {
				if err := emit(i, 3); err != nil {
					return err
				}
			}
			return nil
		}, func(v int) error { got = append(got, v); return nil })
		if err != nil || len(got) != c.n {
			t.Fatalf("%+v: %d values, %v", c, len(got), err)
		}
		for i, v := range got {
			if v != i {
				t.Fatalf("%+v: value %d is %d", c, i, v)
			}
		}
	}
}

// The consumer's error stops the producer, which sees ErrStopped, and is what Run returns;
// the producer's error comes after every value emitted before it.
func TestRunStops(t *testing.T) {
	stop := errors.New("enough")
	var producerSaw error
	n := 0
	err := Run(8, 1<<20, func(emit func(int, int) error) error {
		for i := 0; ; i++ {
			if err := emit(i, 1); err != nil {
				producerSaw = err
				return err
			}
		}
	}, func(v int) error {
		if n++; n == 100 {
			return stop
		}
		return nil
	})
	if err != stop || n != 100 || producerSaw != ErrStopped {
		t.Fatalf("Run returned %v after %d values; the producer saw %v", err, n, producerSaw)
	}
	broken := fmt.Errorf("value 50 does not decode")
	// fiftyThenBroken emits 0 to 49, then fails.
	fiftyThenBroken := func(emit func(int, int) error) error {
		for i := range 50 {
			if err := emit(i, 1); err != nil {
				return err
			}
		}
		return broken
	}
	n = 0
	err = Run(8, 1<<20, fiftyThenBroken, func(int) error { n++; return nil })
	if err != broken || n != 50 {
		t.Fatalf("Run returned %v after %d values, want the producer's error after all 50", err, n)
	}
	// A consumer that stops at a value emitted before the producer's fault wins.
	n = 0
	err = Run(64, 1<<20, fiftyThenBroken, func(v int) error {
		if n++; v == 40 {
			return stop
		}
		return nil
	})
	if err != stop || n != 41 {
		t.Fatalf("Run returned %v after %d values, want the consumer's error at value 40", err, n)
	}
}

// A panic in the producer goes on in the caller's goroutine, where its recover is.
func TestRunCarriesAPanicToTheCaller(t *testing.T) {
	got := func() (r any) {
		defer func() { r = recover() }()
		_ = Run(8, 1<<10, func(emit func(int, int) error) error {
			if err := emit(1, 1); err != nil {
				return err
			}
			panic("a decoder's bug on hostile input")
		}, func(int) error { return nil })
		return nil
	}()
	if got != "a decoder's bug on hostile input" {
		t.Fatalf("the caller recovered %v", got)
	}
}
