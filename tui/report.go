package tui

import (
	"log/slog"
	"runtime"
	"strings"

	"github.com/numeneon/numeneon/model"
)

// report logs err when it is internal (model.Report), with the code that
// asked for the call (op, a program counter) and who was signed in then,
// and returns the error the person sees. An error of a session that is
// over is no one's to see or log.
func (c *Common) report(op uintptr, user model.User, err error) error {
	if c.Ctx.Err() != nil {
		return err
	}
	return model.Report(c.log, err, "op", opName(op), "account", user.Username, "account_id", user.ID)
}

// caller is the program counter of the function that called the function
// that calls caller.
func caller() uintptr {
	var pcs [1]uintptr
	runtime.Callers(3, pcs[:])
	return pcs[0]
}

// opName is the name of the function at pc without its module's path:
// "tui.(*chat).send".
func opName(pc uintptr) string {
	frame, _ := runtime.CallersFrames([]uintptr{pc}).Next()
	name := frame.Function
	if i := strings.LastIndex(name, "/"); i >= 0 {
		name = name[i+1:]
	}
	return name
}

// discard is the logger of a session given none.
func discard() *slog.Logger { return slog.New(slog.DiscardHandler) }
