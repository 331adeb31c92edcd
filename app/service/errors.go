// Package service holds the use cases that the CLI, the desktop window and browser mode
// share, one struct per area. Every error it returns is an *Error: a code the UI can act on,
// a message a delegate can read, and per-field messages for forms.
package service

import (
	"errors"
	"fmt"
	"sort"

	"dossier/app/domain"
	"dossier/app/identity"
	"dossier/app/internal/textcap"
	"dossier/app/store"
)

// Error codes.
const (
	CodeInvalid     = "invalid"      // bad input; Fields says which
	CodeNotFound    = "not_found"    // no such record
	CodeConflict    = "conflict"     // the change does not fit the record's state
	CodeNoIdentity  = "no_identity"  // run init first
	CodeLocked      = "locked"       // another process has the data directory
	CodeDiskFull    = "disk_full"    // too little free space: nothing was written; free some
	CodeDamaged     = "damaged"      // the stored data is damaged: restore a backup
	CodeNeedsUpdate = "needs_update" // written by a newer Dossier in a format this one does not read
	CodeFailed      = "failed"       // anything else: the operation failed
)

// Error is the one error shape every caller receives. Message and Fields are English (the
// CLI and logs print them); Problems carry, per field of Fields, the rule's code and values,
// which the UI words in the reader's language (docs/api.md, "Field problems"). A field
// without a problem is shown as its English words.
type Error struct {
	Code     string                    `json:"code"`
	Message  string                    `json:"message"`
	Fields   map[string]string         `json:"fields,omitempty"`
	Problems map[string]domain.Problem `json:"problems,omitempty"`
	cause    error
}

func (e *Error) Error() string { return e.Message }
func (e *Error) Unwrap() error { return e.cause }

// Invalid builds an input error naming one field, in English words alone.
func Invalid(field, msg string) *Error {
	return &Error{Code: CodeInvalid, Message: field + ": " + msg, Fields: map[string]string{field: msg}}
}

// InvalidP builds an input error naming one field, with its problem's code and values.
func InvalidP(field string, p domain.Problem) *Error {
	msg := p.Text()
	return &Error{Code: CodeInvalid, Message: field + ": " + msg, Fields: map[string]string{field: msg},
		Problems: map[string]domain.Problem{field: p}}
}

// refusedP builds a refusal (CodeRefused: the request is well formed, and what it asks is
// not allowed) about one field, with its problem's code and values, so the screens word it.
func refusedP(field string, p domain.Problem) *Error {
	e := InvalidP(field, p)
	e.Code, e.Message = CodeRefused, p.Text()
	return e
}

// invalidFields builds an input error from a validation error's fields, problems included.
func invalidFields(ve *domain.ValidationError, cause error) *Error {
	out := &Error{Code: CodeInvalid, Message: ve.Error(), Fields: ve.Fields, cause: cause}
	if len(ve.Problems) > 0 {
		out.Problems = ve.Problems
	}
	return out
}

// Bounds of an error that reaches the user (docs/storage.md, "Limits"). Messages are built
// from outside input (bundles, CSV files, API calls), and a refusal must never cost megabytes
// to send or show: 4 KiB is a screenful, and the lists inside messages are already cut after
// a few items (textcap.Join), so only a pathological message reaches this bound.
const (
	MaxMessage   = 4096 // bytes of Message
	MaxFields    = 50   // entries of Fields (a form has fewer fields than that)
	MaxFieldText = 512  // bytes of one field's message
	MaxFieldName = 128  // bytes of one field's name
)

// FieldsCut is the Fields key that says how many field messages were left out.
const FieldsCut = "…"

// AsError converts any error into the typed shape, cut to the bounds above. Every way out to
// the user (the CLI's report, the registry that browser mode and the window share, the web
// error encoder) goes through it, so this is the one place where messages are bounded.
func AsError(err error) *Error {
	return asError(err).bounded()
}

// bounded returns e itself when it is within the bounds, else a copy cut to them that wraps e.
func (e *Error) bounded() *Error {
	if e == nil {
		return nil
	}
	_, wasCut := e.Fields[FieldsCut]
	fits := len(e.Message) <= MaxMessage && (len(e.Fields) <= MaxFields || wasCut && len(e.Fields) == MaxFields+1)
	for k, v := range e.Fields {
		fits = fits && len(k) <= MaxFieldName && len(v) <= MaxFieldText
	}
	for k := range e.Problems {
		_, named := e.Fields[k]
		fits = fits && named // a problem always words a field of Fields (its params are bounded by domain.P)
	}
	if fits {
		return e
	}
	out := &Error{Code: e.Code, Message: textcap.Cut(e.Message, MaxMessage), cause: e} // the whole error stays reachable
	if e.Fields != nil {
		names := make([]string, 0, len(e.Fields))
		for k := range e.Fields {
			if k != FieldsCut {
				names = append(names, k)
			}
		}
		sort.Strings(names)
		out.Fields = make(map[string]string, min(len(names), MaxFields)+1)
		if wasCut { // already cut once (e.g. by CSVError): keep its count
			out.Fields[FieldsCut] = textcap.Cut(e.Fields[FieldsCut], MaxFieldText)
		}
		for i, k := range names {
			if i == MaxFields {
				out.Fields[FieldsCut] = fmt.Sprintf("and %d more", len(names)-MaxFields)
				break
			}
			out.Fields[textcap.Cut(k, MaxFieldName)] = textcap.Cut(e.Fields[k], MaxFieldText)
			if p, ok := e.Problems[k]; ok && len(k) <= MaxFieldName {
				if out.Problems == nil {
					out.Problems = map[string]domain.Problem{}
				}
				out.Problems[k] = p
			}
		}
	}
	return out
}

func asError(err error) *Error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	var ve *domain.ValidationError
	if errors.As(err, &ve) {
		return invalidFields(ve, err)
	}
	var be *store.BatchError
	if errors.As(err, &be) {
		out := &Error{Code: CodeInvalid, Message: be.Error(), Fields: map[string]string{}, cause: err}
		for _, de := range be.Errors {
			var dve *domain.ValidationError
			if errors.As(de.Err, &dve) {
				for f, m := range dve.Fields {
					out.Fields[fmt.Sprintf("%d.%s", de.Index, f)] = m
					if p, ok := dve.Problems[f]; ok {
						if out.Problems == nil {
							out.Problems = map[string]domain.Problem{}
						}
						out.Problems[fmt.Sprintf("%d.%s", de.Index, f)] = p
					}
				}
			}
		}
		return out
	}
	var ie *identity.FieldError
	if errors.As(err, &ie) {
		out := &Error{Code: CodeInvalid, Message: err.Error(), Fields: map[string]string{ie.Field: ie.Reason}, cause: err}
		if ie.Problem.Code != "" {
			out.Problems = map[string]domain.Problem{ie.Field: ie.Problem}
		}
		return out
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
	case errors.Is(err, store.ErrDiskFull):
		code = CodeDiskFull
	case errors.Is(err, store.ErrDamaged):
		code = CodeDamaged
	case errors.Is(err, store.ErrNewer):
		code = CodeNeedsUpdate
	}
	return &Error{Code: code, Message: err.Error(), cause: err}
}
