package store

import (
	"encoding/binary"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"dossier/app/oplog"
)

// u64Value reads a stored counter (8 bytes, big-endian), refusing a damaged value rather
// than panicking on it.
func u64Value(item *badger.Item, what string) (uint64, error) {
	v, err := item.ValueCopy(nil)
	if err != nil {
		return 0, fmt.Errorf("read %s: %w", what, err)
	}
	if len(v) < 8 {
		return 0, fmt.Errorf("the stored %s is damaged (%d bytes): run `dossier check`, or restore a backup", what, len(v))
	}
	return binary.BigEndian.Uint64(v), nil
}

// clockValue reads the stored highest clock (wall 8 bytes, logical 4 bytes).
func clockValue(item *badger.Item) (oplog.Clock, error) {
	v, err := item.ValueCopy(nil)
	if err != nil {
		return oplog.Clock{}, fmt.Errorf("read the stored clock: %w", err)
	}
	if len(v) != 12 {
		return oplog.Clock{}, fmt.Errorf("the stored clock is damaged (%d bytes): run `dossier check`", len(v))
	}
	return oplog.Clock{Wall: int64(binary.BigEndian.Uint64(v)), Logical: binary.BigEndian.Uint32(v[8:])}, nil
}
