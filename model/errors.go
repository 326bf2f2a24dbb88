package model

import (
	"errors"
	"fmt"
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
	ELIMIT        = "limit"        // too many tries, or too much at once: try again later
)

// Error is a domain error: a code, the field it concerns (for EINVALID) and a
// message a person can read.
type Error struct {
	Code    string
	Field   string
	Message string
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s", e.Field, e.Message)
	}
	return e.Message
}

// Errorf returns a domain error with the given code.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid returns an EINVALID error about one field.
func Invalid(field, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Message: fmt.Sprintf(format, args...)}
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

// ErrorMessage returns what to show a person: a domain error's message, or a
// generic sentence for internal errors (whose details belong in the log).
func ErrorMessage(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Error()
	}
	return "Something went wrong on our side; please try again."
}
