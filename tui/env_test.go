package tui

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/seed"
	"github.com/numeneon/numeneon/storage"
	"github.com/numeneon/numeneon/tui/theme"
	"github.com/numeneon/numeneon/tui/widget"
)

// The tests of the panes run the real Service on a SQLite file of their
// own, at a fixed moment, so that golden screens do not change from run to
// run.

// TestMain runs the tests in UTC, so that the dates golden screens show do
// not depend on the machine's time zone.
func TestMain(m *testing.M) {
	time.Local = time.UTC
	code := m.Run()
	if sample.path != "" {
		os.RemoveAll(filepath.Dir(sample.path))
	}
	os.Exit(code)
}

// testNow is the moment every test's clock shows.
var testNow = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

// testEnv is one test's database, Service and people.
type testEnv struct {
	t    testing.TB
	path string // the SQLite file
	ctx  context.Context
	db   *storage.DB
	svc  *model.Service
	op   *model.Operator
	logs *logBuffer // what the test's sessions logged
}

// logBuffer keeps log lines, written from any goroutine.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// newTestEnv opens an empty database whose clock stands at testNow.
func newTestEnv(t testing.TB) *testEnv {
	t.Helper()
	return openTestEnv(t, filepath.Join(t.TempDir(), "tui.db"))
}

// openTestEnv opens the database at path (a SQLite file, or a PostgreSQL
// URL) as a test's.
func openTestEnv(t testing.TB, path string) *testEnv {
	t.Helper()
	ctx := context.Background()
	db, err := storage.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	db.Now = func() time.Time { return testNow }
	h := model.WithHasher(model.Hasher{Iterations: 1000})
	clock := model.WithClock(func() time.Time { return testNow })
	return &testEnv{t: t, path: path, ctx: ctx, db: db, svc: model.NewService(db, h, clock), op: model.NewOperator(db, h, clock),
		logs: &logBuffer{}}
}

// newSampleEnv is newTestEnv with the demo's sample network in it: a copy
// of a file seeded once per test run, since seeding is the slow part.
func newSampleEnv(t testing.TB) *testEnv {
	t.Helper()
	sample.once.Do(func() { sample.path, sample.err = seedSample() })
	if sample.err != nil {
		t.Fatal(sample.err)
	}
	b, err := os.ReadFile(sample.path)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "tui.db")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return openTestEnv(t, path)
}

// sample is the seeded file newSampleEnv copies, made on first use.
var sample struct {
	once sync.Once
	path string
	err  error
}

// seedSample seeds the sample network into a file of its own and closes
// it, so that everything is in the file itself (not in its WAL).
func seedSample() (string, error) {
	dir, err := os.MkdirTemp("", "numeneon-tui-sample")
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, "sample.db")
	ctx := context.Background()
	db, err := storage.Open(ctx, path)
	if err != nil {
		return "", err
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		return "", err
	}
	db.Now = func() time.Time { return testNow }
	if _, err := seed.Run(ctx, db, seed.Options{Now: testNow, Hasher: model.Hasher{Iterations: 1000}}); err != nil {
		return "", err
	}
	_, err = db.SQL().ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	return path, err
}

// user signs up name, or finds them when they exist.
func (e *testEnv) user(name string) model.User {
	e.t.Helper()
	if u, err := e.op.UserByUsername(e.ctx, name); err == nil {
		return u
	}
	u, err := e.svc.SignUp(e.ctx, model.SignUp{Username: name, Email: name + "@example.com", Password: "correct horse"})
	if err != nil {
		e.t.Fatalf("sign up %s: %v", name, err)
	}
	return u
}

// common is a session of u at a size, in the dark or light theme.
func (e *testEnv) common(u model.User, w, h int, dark bool) *Common {
	return &Common{Ctx: e.ctx, Svc: e.svc, User: u, Styles: theme.New(dark), Keys: theme.DefaultKeyMap(),
		Width: w, Height: h, Now: func() time.Time { return testNow }, log: slog.New(slog.NewTextHandler(e.logs, nil))}
}

// outbound are the messages a pane sends to the root, which settle
// returns instead of feeding back to the pane.
var outbound = []tea.Msg{
	openPostMsg{}, openProfileMsg{}, openChatMsg{}, composeMsg{}, postChangedMsg{}, postDeletedMsg{},
	toastMsg{}, switchTabMsg{}, backMsg{}, refreshMsg{}, signedInMsg{}, signedOutMsg{}, openNoticesMsg{},
}

func isOutbound(msg tea.Msg) bool {
	for _, o := range outbound {
		if reflect.TypeOf(msg) == reflect.TypeOf(o) {
			return true
		}
	}
	return false
}

// settle runs cmd and every command that the messages it leads to make the
// pane return, feeding the pane its own messages, until nothing is left;
// it returns the messages meant for the root, in order. Tick commands (a
// toast's timer) are not run.
func settle(t testing.TB, p interface{ Update(tea.Msg) tea.Cmd }, cmd tea.Cmd) []tea.Msg {
	t.Helper()
	var out []tea.Msg
	queue := []tea.Cmd{cmd}
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 1000 {
			t.Fatal("settle: the pane never stops making commands")
		}
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		msg := c()
		switch m := msg.(type) {
		case nil:
		case tea.BatchMsg:
			queue = append(queue, m...)
		case answer:
			if _, isPane := p.(pane); !isPane {
				queue = append(queue, p.Update(m)) // a test's wrapper of a pane unwraps it
				continue
			}
			if m.to != p {
				t.Fatalf("settle: an answer for %T reached %T", m.to, p)
			}
			queue = append(queue, p.Update(m.msg))
		default:
			if isOutbound(m) {
				out = append(out, m)
			} else {
				queue = append(queue, p.Update(m))
			}
		}
	}
	return out
}

// send delivers msg to the pane and settles what follows.
func send(t testing.TB, p interface{ Update(tea.Msg) tea.Cmd }, msg tea.Msg) []tea.Msg {
	t.Helper()
	return settle(t, p, p.Update(msg))
}

// press is send of a key press, written as key.Matches reads it: "j",
// "enter", "ctrl+s", "space", "alt+enter".
func press(t testing.TB, p interface{ Update(tea.Msg) tea.Cmd }, keys ...string) []tea.Msg {
	t.Helper()
	var out []tea.Msg
	for _, k := range keys {
		out = append(out, send(t, p, keyPress(k))...)
	}
	return out
}

// keyPress is the tea.KeyPressMsg whose String() is k.
func keyPress(k string) tea.KeyPressMsg {
	named := map[string]rune{"enter": tea.KeyEnter, "esc": tea.KeyEscape, "tab": tea.KeyTab, "space": tea.KeySpace,
		"up": tea.KeyUp, "down": tea.KeyDown, "left": tea.KeyLeft, "right": tea.KeyRight, "backspace": tea.KeyBackspace,
		"pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown, "home": tea.KeyHome, "end": tea.KeyEnd}
	var mod tea.KeyMod
	for {
		switch {
		case len(k) > 5 && k[:5] == "ctrl+":
			mod |= tea.ModCtrl
			k = k[5:]
			continue
		case len(k) > 4 && k[:4] == "alt+":
			mod |= tea.ModAlt
			k = k[4:]
			continue
		case len(k) > 6 && k[:6] == "shift+":
			mod |= tea.ModShift
			k = k[6:]
			continue
		}
		break
	}
	if r, ok := named[k]; ok {
		msg := tea.KeyPressMsg{Code: r, Mod: mod}
		if r == tea.KeySpace {
			msg.Text = " "
		}
		return msg
	}
	r := []rune(k)[0]
	msg := tea.KeyPressMsg{Code: r, Mod: mod}
	if mod == 0 || mod == tea.ModShift {
		msg.Text = k
	}
	return msg
}

// typeText sends s as typed, one key per rune.
func typeText(t testing.TB, p interface{ Update(tea.Msg) tea.Cmd }, s string) []tea.Msg {
	t.Helper()
	var out []tea.Msg
	for _, r := range s {
		out = append(out, send(t, p, tea.KeyPressMsg{Code: r, Text: string(r)})...)
	}
	return out
}

// goldenSizes are the sizes every screen is checked at.
var goldenSizes = []struct {
	name string
	w, h int
}{{"80x24", 80, 24}, {"160x48", 160, 48}}

// goldenScreens checks what draw draws at each golden size, in both
// themes, against testdata/<test>/<size>-<theme>.golden (go test
// -update writes them). draw gets the session's Common.
func goldenScreens(t *testing.T, draw func(t *testing.T, c *Common) string, e *testEnv, u model.User) {
	for _, size := range goldenSizes {
		for _, dark := range []bool{true, false} {
			theme := "light"
			if dark {
				theme = "dark"
			}
			t.Run(size.name+"-"+theme, func(t *testing.T) {
				view := draw(t, e.common(u, size.w, size.h, dark))
				checkSize(t, view, size.w, size.h)
				golden.RequireEqual(t, view)
			})
		}
	}
}

// checkSize checks that a view is at most w cells wide and exactly h lines.
func checkSize(t testing.TB, view string, w, h int) {
	t.Helper()
	lines := splitLines(view)
	if len(lines) != h {
		t.Errorf("the view has %d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if n := widget.Width(l); n > w {
			t.Errorf("line %d is %d cells wide, more than %d: %q", i, n, w, l)
		}
	}
}

// framed is the whole screen of a session with p in front, drawn by the
// root's own frame (tab bar, rules, help line): p on tab t, or on top of
// it when over is true. The badges are at rest and the stream is live.
func framed(c *Common, t tab, p pane, over bool) string {
	a := &App{c: c, active: t, live: true, liveKnown: true}
	if over {
		a.stack = []pane{p}
	} else {
		a.tabs[t] = p
	}
	return a.view()
}
