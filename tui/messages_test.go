package tui

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/numeneon/numeneon/model"
)

// TestOneWayForEveryMessage checks the rule of msgs.go on the package's
// source: every message type declared here is news, the root's, or a
// pane's answer, and each takes only its way. A pane's message made by
// emit or a tick goes to the root, which gives it to no pane: that is
// the forgotten address this test catches (answers are made by call and
// do, which address them).
func TestOneWayForEveryMessage(t *testing.T) {
	fset := token.NewFileSet()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	declared := map[string]bool{}
	newsTypes := map[string]bool{}
	handledBy := map[string]map[string]bool{}  // type -> "root" / "pane"
	passedOn := map[string]bool{}              // the root hands it to a pane
	unaddressed := map[string]token.Position{} // made where no one addresses it
	answered := map[string]token.Position{}    // made as a pane's answer
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if ts, ok := n.(*ast.TypeSpec); ok && strings.HasSuffix(ts.Name.Name, "Msg") {
				declared[ts.Name.Name] = true
			}
			return true
		})
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok {
				if gd, ok := d.(*ast.GenDecl); ok {
					for _, sp := range gd.Specs {
						if vs, ok := sp.(*ast.ValueSpec); ok && len(vs.Names) == 1 && vs.Names[0].Name == "news" {
							ast.Inspect(vs, func(n ast.Node) bool {
								if ix, ok := n.(*ast.IndexExpr); ok {
									if id, ok := ix.Index.(*ast.Ident); ok {
										newsTypes[id.Name] = true
									}
								}
								return true
							})
						}
					}
				}
				continue
			}
			side := "pane"
			if fn.Recv == nil {
				side = "func"
			} else if r := recvType(fn); r == "App" || r == "drawn" {
				side = "root"
			}
			ast.Inspect(fn, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.TypeSwitchStmt:
					for _, cl := range n.Body.List {
						cc := cl.(*ast.CaseClause)
						for _, e := range cc.List {
							if id, ok := e.(*ast.Ident); ok && strings.HasSuffix(id.Name, "Msg") {
								handled(handledBy, id.Name, side)
								if side == "root" && handsOn(cc.Body) {
									passedOn[id.Name] = true
								}
							}
						}
					}
				case *ast.TypeAssertExpr:
					if id, ok := n.Type.(*ast.Ident); ok && strings.HasSuffix(id.Name, "Msg") {
						handled(handledBy, id.Name, side)
					}
				case *ast.CallExpr:
					if id, ok := n.Fun.(*ast.Ident); ok && (id.Name == "call" || id.Name == "do") && len(n.Args) == 4 {
						if to, ok := n.Args[1].(*ast.Ident); !ok || to.Name != "nil" {
							ast.Inspect(n.Args[3], func(m ast.Node) bool {
								if cl, ok := m.(*ast.CompositeLit); ok {
									if id, ok := cl.Type.(*ast.Ident); ok {
										answered[id.Name] = fset.Position(cl.Pos())
									}
								}
								return true
							})
						}
					}
					if isUnaddressing(n.Fun) {
						ast.Inspect(n, func(m ast.Node) bool {
							if cl, ok := m.(*ast.CompositeLit); ok {
								if id, ok := cl.Type.(*ast.Ident); ok {
									unaddressed[id.Name] = fset.Position(cl.Pos())
								}
							}
							return true
						})
					}
				}
				return true
			})
		}
	}
	if len(declared) < 20 || len(newsTypes) == 0 {
		t.Fatalf("found %d message types and %d news types: the test no longer reads the package", len(declared), len(newsTypes))
	}
	for typ := range declared {
		by := handledBy[typ]
		switch {
		case newsTypes[typ]:
			if !by["pane"] {
				t.Errorf("%s is news but no pane takes it", typ)
			}
		case len(by) == 0:
			t.Errorf("%s is handled nowhere", typ)
		case by["root"] && by["pane"] && !passedOn[typ]:
			t.Errorf("%s is handled by the root and by panes, but is not news and the root does not hand it on: it reaches only the root", typ)
		case by["root"]:
			// the root's, handed on to the one pane it concerns
			if pos, ok := answered[typ]; ok && !by["pane"] {
				t.Errorf("%s is the root's, but %s makes it as a pane's answer, which the root gives to that pane: ask with call or do for nil", typ, pos)
			}
		default:
			if pos, ok := unaddressed[typ]; ok {
				t.Errorf("%s is a pane's, but %s makes it with emit or a tick, which no pane gets: make it with call or do", typ, pos)
			}
		}
	}
}

func handled(by map[string]map[string]bool, typ, side string) {
	if by[typ] == nil {
		by[typ] = map[string]bool{}
	}
	by[typ][side] = true
}

// handsOn reports whether a case of the root hands its message to a pane
// (… .Update(msg)).
func handsOn(body []ast.Stmt) bool {
	found := false
	for _, st := range body {
		ast.Inspect(st, func(n ast.Node) bool {
			if c, ok := n.(*ast.CallExpr); ok && len(c.Args) == 1 {
				if sel, ok := c.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Update" {
					if id, ok := c.Args[0].(*ast.Ident); ok && id.Name == "msg" {
						found = true
					}
				}
			}
			return true
		})
	}
	return found
}

// recvType is the type of fn's receiver, without its star.
func recvType(fn *ast.FuncDecl) string {
	e := fn.Recv.List[0].Type
	if st, ok := e.(*ast.StarExpr); ok {
		e = st.X
	}
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// isUnaddressing reports whether a call makes a message that goes to the
// root: emit, and Bubble Tea's timers.
func isUnaddressing(fun ast.Expr) bool {
	switch f := fun.(type) {
	case *ast.Ident:
		return f.Name == "emit"
	case *ast.SelectorExpr:
		if x, ok := f.X.(*ast.Ident); ok && x.Name == "tea" {
			return f.Sel.Name == "Tick" || f.Sel.Name == "Every"
		}
	}
	return false
}

// TestAnswersReachOnlyTheirPane: two profiles on the stack each get their
// own answers, and the answer of a profile closed before it came reaches
// no one (the one under it is not changed by it).
func TestAnswersReachOnlyTheirPane(t *testing.T) {
	e := newSampleEnv(t)
	alice, bob, carol := e.user("alice"), e.user("bob"), e.user("carol")
	a := New(e.ctx, Options{Service: e.svc})
	a.c.User = alice
	a.tabs = [tabCount]pane{newFeed(a.c), newProfile(a.c, alice.ID), newFriends(a.c), newChat(a.c)}
	a.c.Width, a.c.Height = 120, 40
	a.layout()

	var pending []tea.Cmd
	run := func(cmd tea.Cmd) { // every command, to the end, its messages through the root
		pending = append(pending, cmd)
		for steps := 0; len(pending) > 0; steps++ {
			if steps > 1000 {
				t.Fatal("the root never stops making commands")
			}
			c := pending[0]
			pending = pending[1:]
			if c == nil {
				continue
			}
			switch m := c().(type) {
			case nil:
			case tea.BatchMsg:
				pending = append(pending, m...)
			default:
				pending = append(pending, a.Update(m))
			}
		}
	}
	run(a.Update(openProfileMsg{userID: bob.ID}))
	run(a.Update(openProfileMsg{userID: carol.ID}))
	if len(a.stack) != 2 {
		t.Fatalf("%d views on the stack, want bob's and carol's profiles", len(a.stack))
	}
	for i, want := range []model.User{bob, carol} {
		p := a.stack[i].(*profile)
		if p.view.User.ID != want.ID {
			t.Errorf("profile %d of the stack shows %q, want %q", i, p.view.User.Username, want.Username)
		}
	}

	// dave's profile opens, and closes before its answer comes.
	dave := e.user("dave")
	open := a.Update(openProfileMsg{userID: dave.ID})
	a.Update(backMsg{})
	run(open)
	if p := a.stack[1].(*profile); p.view.User.ID != carol.ID {
		t.Errorf("carol's profile shows %q after the answer of a closed profile came", p.view.User.Username)
	}
}
