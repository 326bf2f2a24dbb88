package model

import (
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
)

// Error codes. Every error the Service returns carries one, so that a caller
// (a TUI pane, an SSH command) can decide what to show without string matching.
const (
	EINTERNAL     = "internal"     // a bug or a failure of the database
	EINVALID      = "invalid"      // bad input; Field names the field at fault
	ENOTFOUND     = "not_found"    // no such row, or one the actor may not see
	EFORBIDDEN    = "forbidden"    // the actor may not do this
	ECONFLICT     = "conflict"     // the change clashes with what is there
	EUNAUTHORIZED = "unauthorized" // wrong login or password
	ELIMIT        = "limit"        // the actor goes faster than a person would: try again later
)

// Error is a domain error: a code, the field it concerns (for EINVALID), a
// message a person can read, and what caused it, if anything (a driver's
// error: for the log, never for the person).
type Error struct {
	Code    string
	Field   string
	Message string
	Err     error
}

// Error is the error for a log: the field, the message and the cause.
// People are shown ErrorMessage.
func (e *Error) Error() string {
	s := e.Message
	if e.Field != "" {
		s = e.Field + ": " + s
	}
	if e.Err != nil {
		s += " (" + e.Err.Error() + ")"
	}
	return s
}

// Unwrap is the cause.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns a domain error with the given code.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid returns an EINVALID error about one field.
func Invalid(field, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Message: fmt.Sprintf(format, args...)}
}

// Because returns e caused by err, which the log shows and the person
// does not.
func (e *Error) Because(err error) *Error {
	e.Err = err
	return e
}

// ErrorCode returns the code of a domain error, EINTERNAL for any other error
// and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	}
	return EINTERNAL
}

// ErrorField returns the field a domain error concerns, or "".
func ErrorField(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}

// InternalMessage is what a person is told of an internal error: its
// details belong in the log, not on their screen.
const InternalMessage = "Something went wrong on our side; please try again."

// ErrorMessage returns what to show a person: a domain error's message
// (without the field's name: a form shows the field's label, and a
// sentence reads without it), or InternalMessage for any other error.
func ErrorMessage(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Message
	}
	return InternalMessage
}

// Report logs err when it is internal, with what was being done and for
// whom (attrs), under a short random reference, and returns the error to
// show the person instead: its message gives the reference to quote to
// whoever runs numeneon, who finds the log line by it. Any other error is
// the person's to read; it is returned as it is and not logged.
func Report(log *slog.Logger, err error, attrs ...any) error {
	if ErrorCode(err) != EINTERNAL {
		return err
	}
	ref := rand.Text()[:8]
	log.Error("internal error", append([]any{"ref", ref, "err", err}, attrs...)...)
	return &Error{Code: EINTERNAL, Err: err, Message: fmt.Sprintf(
		"Something went wrong on our side (ref %s); please try again, and quote the ref to whoever runs numeneon if it goes on.", ref)}
}
