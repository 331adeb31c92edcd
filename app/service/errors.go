// Package service holds the use cases that the CLI, the desktop window and browser mode
// share, one struct per area. Every error it returns is an *Error: a code the UI can act on,
// a message a delegate can read, and per-field messages for forms.
package service

import (
	"errors"
	"fmt"

	"dossier/app/domain"
	"dossier/app/identity"
	"dossier/app/store"
)

// Error codes.
const (
	CodeInvalid    = "invalid"     // bad input; Fields says which
	CodeNotFound   = "not_found"   // no such record
	CodeConflict   = "conflict"    // the change does not fit the record's state
	CodeNoIdentity = "no_identity" // run init first
	CodeLocked     = "locked"      // another process has the data directory
	CodeFailed     = "failed"      // anything else: the operation failed
)

// Error is the one error shape every caller receives.
type Error struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
	cause   error
}

func (e *Error) Error() string { return e.Message }
func (e *Error) Unwrap() error { return e.cause }

// Invalid builds an input error naming one field.
func Invalid(field, msg string) *Error {
	return &Error{Code: CodeInvalid, Message: field + ": " + msg, Fields: map[string]string{field: msg}}
}

// AsError converts any error into the typed shape.
func AsError(err error) *Error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	var ve *domain.ValidationError
	if errors.As(err, &ve) {
		return &Error{Code: CodeInvalid, Message: ve.Error(), Fields: ve.Fields, cause: err}
	}
	var be *store.BatchError
	if errors.As(err, &be) {
		out := &Error{Code: CodeInvalid, Message: be.Error(), Fields: map[string]string{}, cause: err}
		for _, de := range be.Errors {
			var dve *domain.ValidationError
			if errors.As(de.Err, &dve) {
				for f, m := range dve.Fields {
					out.Fields[fmt.Sprintf("%d.%s", de.Index, f)] = m
				}
			}
		}
		return out
	}
	var ie *identity.FieldError
	if errors.As(err, &ie) {
		return &Error{Code: CodeInvalid, Message: err.Error(), Fields: map[string]string{ie.Field: ie.Reason}, cause: err}
	}
	code := CodeFailed
	switch {
	case errors.Is(err, store.ErrNotFound):
		code = CodeNotFound
	case errors.Is(err, store.ErrConflict):
		code = CodeConflict
	case errors.Is(err, store.ErrNoAuthor), errors.Is(err, identity.ErrNoIdentity):
		code = CodeNoIdentity
	case errors.Is(err, store.ErrLocked):
		code = CodeLocked
	}
	return &Error{Code: code, Message: err.Error(), cause: err}
}
