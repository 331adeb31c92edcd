package store

import (
	"errors"
	"runtime/debug"
	"sync/atomic"

	"github.com/dgraph-io/badger/v4"
)

// writeBehind is a Badger WriteBatch fed from a goroutine of its own. A WriteBatch makes the
// caller of Set wait, each time a transaction fills, until Badger has written and synced it
// (the next transaction's read timestamp waits for that commit), so a caller that derives
// what it writes (records, summaries) stood idle for every sync. Behind a goroutine, the
// caller goes on deriving while Badger writes. The writes keep their order: one goroutine
// sets them, in the order given.
//
// Set takes ownership of the key and value: neither may change afterwards. Flush or Cancel
// ends it; after either it takes no more writes.
type writeBehind struct {
	wb     *badger.WriteBatch
	buf    []keyValue
	bytes  int
	ch     chan []keyValue
	done   chan error
	failed atomic.Value // the first error of the writing goroutine
	cancel atomic.Bool
	ended  bool
}

var errWriteBehindEnded = errors.New("write after the end of a batch")

type keyValue struct{ k, v []byte }

// writeBehindChunk is how many bytes the caller hands over at a time, and writeBehindQueue
// how many such chunks may wait: together they bound what is held (about 1 MiB) beyond the
// WriteBatch's own transaction.
const (
	writeBehindChunk = 128 << 10
	writeBehindQueue = 6
)

func newWriteBehind(db *badger.DB) *writeBehind {
	w := &writeBehind{wb: db.NewWriteBatch(), ch: make(chan []keyValue, writeBehindQueue), done: make(chan error, 1)}
	go w.run()
	return w
}

func (w *writeBehind) run() {
	var err error
	for chunk := range w.ch { // drained to the end, so that the caller never waits on a writer that stopped
		if err == nil && !w.cancel.Load() {
			if err = w.write(chunk); err != nil {
				w.failed.Store(err)
			}
		}
	}
	w.done <- err
}

// write sets a chunk. A panic in Badger, or a memory fault (SetPanicOnFault), is the batch's
// error, as guard makes it in the caller's goroutine: a recover covers only its own.
func (w *writeBehind) write(chunk []keyValue) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = &panicError{value: r}
		}
	}()
	for _, e := range chunk {
		if err := w.wb.Set(e.k, e.v); err != nil {
			return err
		}
	}
	return nil
}

func (w *writeBehind) err() error {
	err, _ := w.failed.Load().(error)
	return err
}

// Set queues a write, and returns the writer's first error, if any, as soon as it is known.
func (w *writeBehind) Set(k, v []byte) error {
	if w.ended {
		return errWriteBehindEnded
	}
	w.buf = append(w.buf, keyValue{k: k, v: v})
	w.bytes += len(k) + len(v) + 16
	if w.bytes >= writeBehindChunk {
		w.ch <- w.buf
		w.buf, w.bytes = make([]keyValue, 0, len(w.buf)), 0
	}
	return w.err()
}

// stop hands over what is left and waits for the writing goroutine.
func (w *writeBehind) stop() error {
	if w.ended {
		return errWriteBehindEnded
	}
	w.ended = true
	if len(w.buf) > 0 {
		w.ch <- w.buf
		w.buf = nil
	}
	close(w.ch)
	return <-w.done
}

// Flush writes everything queued and waits until Badger holds it.
func (w *writeBehind) Flush() error {
	if err := w.stop(); err != nil {
		if err != errWriteBehindEnded {
			w.wb.Cancel()
		}
		return err
	}
	if err := w.wb.Flush(); err != nil {
		w.wb.Cancel() // a failed Flush leaves Badger's transaction open, holding old versions
		return err
	}
	return nil
}

// Cancel drops what is queued and not yet written; what was written stays (as with a
// WriteBatch). Safe to call after Flush.
func (w *writeBehind) Cancel() {
	if w.ended {
		return
	}
	w.buf = nil
	w.cancel.Store(true)
	_ = w.stop()
	w.wb.Cancel()
}
