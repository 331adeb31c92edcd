package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strings"

	"github.com/dgraph-io/badger/v4"
)

// The apply log (docs/storage.md, "Apply entries by run"): since format 6 one `a` entry names
// a run of changes applied one after another, one author's in sequence, keyed by the apply
// index of its first change.

// runMark starts a run's value; an entry of format 5 or before starts with its author's first
// character, never 0x01.
const runMark = 0x01

// applyRun is a run of changes: the one at apply index first+i is author's change seq+i.
type applyRun struct {
	first  uint64
	author string
	seq    uint64
	n      uint64
	origin string
}

func (r applyRun) holds(i uint64) bool { return r.n > 0 && i >= r.first && i-r.first < r.n }

// at is the author and seq of the change at apply index i, which the run holds.
func (r applyRun) at(i uint64) (string, uint64) { return r.author, r.seq + (i - r.first) }

func (r applyRun) value() []byte {
	v := make([]byte, 0, 1+16+8+binary.MaxVarintLen64+len(r.origin))
	v = append(append(append(v, runMark), r.author...), u64(r.seq)...)
	return append(binary.AppendUvarint(v, r.n), r.origin...)
}

var errApplyEntry = errors.New("damaged apply entry")

// decodeApplyRun reads the `a` entry keyed by apply index first: a run, or one change as
// format 5 and before wrote it (author, seq, record id, origin).
func decodeApplyRun(first uint64, v []byte) (applyRun, error) {
	if len(v) > 0 && v[0] == runMark {
		if len(v) < 1+16+8+1 {
			return applyRun{}, fmt.Errorf("%w %d: %d bytes", errApplyEntry, first, len(v))
		}
		n, k := binary.Uvarint(v[25:])
		if k <= 0 || n == 0 || n-1 > ^uint64(0)-first {
			return applyRun{}, fmt.Errorf("%w %d: bad length", errApplyEntry, first)
		}
		return checkedRun(applyRun{first: first, author: string(v[1:17]), seq: binary.BigEndian.Uint64(v[17:25]), n: n, origin: string(v[25+k:])})
	}
	if len(v) < 16+8+36 {
		return applyRun{}, fmt.Errorf("%w %d: %d bytes", errApplyEntry, first, len(v))
	}
	return checkedRun(applyRun{first: first, author: string(v[:16]), seq: binary.BigEndian.Uint64(v[16:24]), n: 1, origin: string(v[60:])})
}

// checkedRun refuses a run whose changes are not numbered 1 and up.
func checkedRun(r applyRun) (applyRun, error) {
	if r.seq == 0 || r.n-1 > ^uint64(0)-r.seq {
		return applyRun{}, fmt.Errorf("%w %d: bad change number", errApplyEntry, r.first)
	}
	return r, nil
}

// applyReader finds the run that holds an apply index, seeking back to the last `a` key at or
// before it. It keeps the run it found, so the changes of one run cost one seek. Close it
// before another iterator is opened in a read-write transaction.
type applyReader struct {
	txn *badger.Txn
	it  *badger.Iterator
	run applyRun
}

func newApplyReader(txn *badger.Txn) *applyReader { return &applyReader{txn: txn} }

// at is the author, seq and origin of the change applied at index i.
func (r *applyReader) at(i uint64) (string, uint64, string, error) {
	if !r.run.holds(i) {
		if r.it == nil {
			r.it = r.txn.NewIterator(badger.IteratorOptions{Reverse: true, Prefix: []byte{pApply}})
		}
		r.it.Seek(applyKey(i))
		if !r.it.ValidForPrefix([]byte{pApply}) {
			return "", 0, "", fmt.Errorf("%w: no entry holds apply index %d", errApplyEntry, i)
		}
		item := r.it.Item()
		k := item.Key()
		if len(k) != 9 {
			return "", 0, "", fmt.Errorf("%w: key of %d bytes", errApplyEntry, len(k))
		}
		v, err := item.ValueCopy(nil)
		if err != nil {
			return "", 0, "", err
		}
		run, err := decodeApplyRun(binary.BigEndian.Uint64(k[1:]), v)
		if err != nil {
			return "", 0, "", err
		}
		if !run.holds(i) {
			return "", 0, "", fmt.Errorf("%w: no entry holds apply index %d", errApplyEntry, i)
		}
		r.run = run
	}
	author, seq := r.run.at(i)
	return author, seq, r.run.origin, nil
}

func (r *applyReader) close() {
	if r.it != nil {
		r.it.Close()
		r.it = nil
	}
}

// logApplied gives a change the next apply index and notes it in the open run, or ends that
// run (writing its entry with set) and opens another. endRun writes the open run.
func (st *txState) logApplied(author string, seq uint64, origin string, set func(k, v []byte) error) error {
	if origin == "" {
		origin = "local"
	}
	st.applyN++
	r := &st.run
	if r.n > 0 && r.author == author && seq == r.seq+r.n && st.applyN == r.first+r.n && r.origin == origin {
		r.n++
		return nil
	}
	if err := st.endRun(set); err != nil {
		return err
	}
	*r = applyRun{first: st.applyN, author: author, seq: seq, n: 1, origin: origin}
	return nil
}

func (st *txState) endRun(set func(k, v []byte) error) error {
	if st.run.n == 0 {
		return nil
	}
	err := set(applyKey(st.run.first), st.run.value())
	st.run = applyRun{}
	return err
}

// checkHistories holds the history entries (`y`) to the apply log: each names a change its
// record made, at an apply index the log holds, and every applied change has one.
func checkHistories(txn *badger.Txn, recordAt map[uint64]string) []string {
	var problems []string
	named := map[uint64]bool{}
	it := scan(txn, []byte{pHistory})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		id, first, err := historyEntry(it.Item().Key())
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		v, err := it.Item().ValueCopy(nil)
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		idxs, err := decodeHistory(id, first, v)
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		for _, i := range idxs {
			switch rec, ok := recordAt[i]; {
			case !ok:
				problems = append(problems, fmt.Sprintf("history of %s names apply index %d, which the apply log does not hold", id, i))
			case rec != id:
				problems = append(problems, fmt.Sprintf("history of %s names apply index %d, a change to %s", id, i, rec))
			case named[i]:
				problems = append(problems, fmt.Sprintf("history of %s names apply index %d twice", id, i))
			default:
				named[i] = true
			}
		}
	}
	if len(named) < len(recordAt) {
		problems = append(problems, fmt.Sprintf("%d applied changes are missing from their record's history", len(recordAt)-len(named)))
	}
	return problems
}

// A record's history entries (docs/storage.md, "History entries by record"): since format 6
// one `y` entry lists the apply indexes of a batch's changes to its record, from the one in
// its key, the others as uvarint steps in its value (empty: that one change, as every entry of
// format 5). historyMax bounds an entry, so the lists a pass holds stay small.
const historyMax = 256

// noteHistory notes that the change at apply index i changed record id; a full list is
// written at once.
func (st *txState) noteHistory(id string, i uint64, set func(k, v []byte) error) error {
	l := st.hist[id]
	if l == nil {
		// The key outlives the operation whose bytes id may share; assigning to the map
		// again would put id in its place, so the list is changed through its pointer.
		l = new([]uint64)
		st.hist[strings.Clone(id)] = l
	}
	*l = append(*l, i)
	if len(*l) < historyMax {
		return nil
	}
	return st.writeHistory(id, set)
}

// writeHistory writes the history entry of the changes noted for record id since the last.
func (st *txState) writeHistory(id string, set func(k, v []byte) error) error {
	p := st.hist[id]
	if p == nil {
		return nil
	}
	delete(st.hist, id)
	l := *p
	var v []byte
	for j := 1; j < len(l); j++ {
		v = binary.AppendUvarint(v, l[j]-l[j-1])
	}
	return set(historyKey(id, l[0]), v)
}

// writeHistories writes every history entry noted and not yet written.
func (st *txState) writeHistories(set func(k, v []byte) error) error {
	for id := range st.hist {
		if err := st.writeHistory(id, set); err != nil {
			return err
		}
	}
	return nil
}

var errHistoryEntry = errors.New("damaged history entry")

// decodeHistory reads a `y` entry of record id: the apply indexes it lists, from first.
func decodeHistory(id string, first uint64, v []byte) ([]uint64, error) {
	out := []uint64{first}
	for len(v) > 0 {
		d, k := binary.Uvarint(v)
		last := out[len(out)-1]
		if k <= 0 || d == 0 || d > ^uint64(0)-last {
			return nil, fmt.Errorf("%w of %s at apply index %d: bad step after %d", errHistoryEntry, id, first, last)
		}
		out, v = append(out, last+d), v[k:]
	}
	return out, nil
}

// historyEntry splits a `y` key into its record id and first apply index.
func historyEntry(k []byte) (string, uint64, error) {
	if len(k) < 1+1+8 || k[0] != pHistory || k[len(k)-9] != 0 {
		return "", 0, fmt.Errorf("%w: key %q", errHistoryEntry, k)
	}
	return string(k[1 : len(k)-9]), binary.BigEndian.Uint64(k[len(k)-8:]), nil
}
