package service

import (
	"dossier/app/oplog"
	"dossier/app/trust"
)

// checkSystemChange is the store's rule for system records (store.Options.System): the only
// system records are trust statements, each written by its truster on the record reserved
// for that truster and subject. Deleting or restoring one, or writing it piecemeal, is refused.
func checkSystemChange(op *oplog.Op) error {
	_, err := trust.FromOp(op)
	return err
}
