package tui

import (
	"reflect"
	"sync"
	"unsafe"

	uv "github.com/charmbracelet/ultraviolet"
)

// Every session's input decoder (Ultraviolet's TerminalReader) builds a
// table of the escape sequences of its TERM's keys: 0.12 MB, the same in
// every session with that TERM, and only read once built. A server shares
// one table per TERM between its sessions; each decoder's own is garbage
// as soon as it is made. Ultraviolet keeps the table unexported and
// offers no way to give one, hence the reflection: a decoder whose fields
// are not (or no longer) what is expected keeps its own table, and
// TestDecodersShareTheirKeyTable says so.

// keyTables is the table of each TERM seen, TERM → map[string]uv.Key.
var keyTables sync.Map

// newTerminalReader is uv.NewTerminalReader with the process's table for
// term.
func newTerminalReader(in *undecoded, term string) *uv.TerminalReader {
	r := uv.NewTerminalReader(in, term)
	rv := reflect.ValueOf(r).Elem()
	own := keyTableField(rv)
	scanner := rv.FieldByName("eventScanner")
	if own == nil || !scanner.IsValid() || scanner.Kind() != reflect.Pointer || scanner.IsNil() {
		return r
	}
	scanned := keyTableField(scanner.Elem())
	if scanned == nil {
		return r
	}
	shared, _ := keyTables.LoadOrStore(term, *own)
	*own = shared.(map[string]uv.Key)
	*scanned = *own
	return r
}

// keyTableField is the field "table" of the struct v, when it is a table
// of keys; nil otherwise.
func keyTableField(v reflect.Value) *map[string]uv.Key {
	f := v.FieldByName("table")
	if !f.IsValid() || f.Type() != reflect.TypeFor[map[string]uv.Key]() {
		return nil
	}
	return (*map[string]uv.Key)(unsafe.Pointer(f.UnsafeAddr()))
}
