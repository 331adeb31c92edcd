// Package ahead runs a producer in a goroutine of its own, a bounded window ahead of its
// consumer: reading and decoding the next values overlaps with what the consumer does with
// this one, in order, and the consumer's first error stops the producer.
package ahead

import (
	"errors"
	"runtime/debug"
)

// ErrStopped is what emit returns once the consumer has stopped: the producer should return.
var ErrStopped = errors.New("the consumer stopped")

// Run calls produce in a new goroutine, and consume, in the caller's goroutine, with every
// value produce emits, in order. Values are handed over in batches of at most maxLen values
// or maxBytes (the sizes emit is given; a value of maxBytes or more is handed over at once,
// with those before it), and at most two batches wait: what is held ahead stays bounded. The
// first error of consume stops produce (emit returns ErrStopped) and is returned; otherwise
// produce's result is, once every value it emitted has been consumed.
func Run[T any](maxLen, maxBytes int, produce func(emit func(v T, size int) error) error, consume func(T) error) error {
	batches := make(chan []T, 2)
	done := make(chan struct{})
	produced := make(chan error, 1)
	go func() {
		defer close(batches)
		// A panic, or a memory fault reading a mapped file (which SetPanicOnFault makes a
		// panic), goes on in the caller's goroutine, where its recover (the store's guard,
		// the service's dispatcher) is: a recover covers only its own goroutine.
		defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
		defer func() {
			if r := recover(); r != nil {
				produced <- &producerPanic{r}
			}
		}()
		var batch []T
		bytes := 0
		send := func() error {
			select {
			case batches <- batch:
				batch, bytes = make([]T, 0, maxLen), 0
				return nil
			case <-done:
				return ErrStopped
			}
		}
		err := produce(func(v T, size int) error {
			if batch, bytes = append(batch, v), bytes+size; len(batch) < maxLen && bytes < maxBytes {
				return nil
			}
			return send()
		})
		// What was emitted before a failure is consumed first: the consumer may stop at one of
		// those values before the producer's fault is reached, as it would without a window.
		if len(batch) > 0 && err != ErrStopped {
			if serr := send(); serr != nil {
				err = serr
			}
		}
		produced <- err
	}()
	defer func() {
		close(done)
		for range batches { // the producer stops at its next hand-over
		}
	}()
	for batch := range batches {
		for _, v := range batch {
			if err := consume(v); err != nil {
				return err
			}
		}
	}
	err := <-produced
	if p, ok := err.(*producerPanic); ok {
		panic(p.value)
	}
	return err
}

// producerPanic carries the producer's panic to the caller's goroutine.
type producerPanic struct{ value any }

func (p *producerPanic) Error() string { return "the producer panicked" }
