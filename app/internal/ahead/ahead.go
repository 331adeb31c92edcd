// Package ahead runs a producer in a goroutine of its own, a bounded window ahead of its
// consumer: reading and decoding the next values overlaps with what the consumer does with
// this one, in order, and the consumer's first error stops the producer.
package ahead

import "errors"

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
	return <-produced
}
