package tui

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/numeneon/numeneon/model"
)

// TestPostKeysCoverWhatIsDrawn: the drawings of a post are kept under
// postKey; a field of the post that a drawing shows but the key leaves out
// would keep the old drawing after the field changed. Each field of a post
// (and of the people it points to) is changed in turn: whenever a drawing
// changes, so must the key. A field added to model.Post is covered as it
// comes.
func TestPostKeysCoverWhatIsDrawn(t *testing.T) {
	e := newTestEnv(t)
	c := e.common(e.user("alice"), 120, 40, true)
	r := newRiver(c)
	r.setSize(120, 30)
	draws := map[string]func(p model.Post) []string{
		"a list's row": func(p model.Post) []string { return drawPost(c, p, 60, 4, nil) },
		"a thread's post": func(p model.Post) []string {
			body, tail := drawItem(c, threadItem{kind: threadPost, post: p}, 60, false, nil)
			return append(body, tail...)
		},
		"a thread's reply": func(p model.Post) []string {
			body, tail := drawItem(c, threadItem{kind: threadReply, depth: 2, post: p}, 60, false, nil)
			return append(body, tail...)
		},
		"a lane of the River": func(p model.Post) []string {
			return r.drawLanePost(p, p.Type, 0, 1, 40, func(s string) string { return s })
		},
	}
	bob := model.UserSummary{ID: 2, Username: "bob", FirstName: "Bob", LastName: "Marley"}
	one, two := int64(10), int64(11)
	full := model.Post{ID: 12, Author: bob, Target: &model.UserSummary{ID: 3, Username: "carol", FirstName: "Carol"},
		Type: model.Thoughts, Content: "Neon skies\nover the city", MediaURL: "https://example.com/a.png",
		ParentID: &one, ReplyToCommentID: &two, Mentioned: &model.UserSummary{ID: 4, Username: "dave"},
		CreatedAt: testNow.Add(-2 * time.Hour), UpdatedAt: testNow.Add(-time.Hour),
		LikesCount: 3, CommentCount: 2, SharesCount: 1, LikedByViewer: true}
	bare := model.Post{ID: 12, Author: bob, Type: model.Media, Content: "hello", CreatedAt: testNow.Add(-time.Minute)}

	checked := 0
	for _, base := range []model.Post{full, bare} {
		for _, v := range postVariants(base) {
			for what, draw := range draws {
				if slices.Equal(draw(base), draw(v.post)) {
					continue
				}
				checked++
				if postKeyOf(c, base) == postKeyOf(c, v.post) {
					t.Errorf("%s shows %s, but postKey does not change with it", what, v.field)
				}
			}
		}
	}
	if checked < 20 {
		t.Fatalf("only %d changes were drawn: the test no longer changes what the drawings show", checked)
	}
}

type postVariant struct {
	field string
	post  model.Post
}

// postVariants is base with one field changed at a time, through the
// pointers (set when nil, nil when set, their fields changed).
func postVariants(base model.Post) []postVariant {
	var out []postVariant
	var walk func(path string, get func(p *model.Post) reflect.Value)
	walk = func(path string, get func(p *model.Post) reflect.Value) {
		probe := base
		v := get(&probe)
		switch v.Kind() {
		case reflect.Struct:
			if v.Type() == reflect.TypeFor[time.Time]() {
				break
			}
			for i := range v.NumField() {
				i := i
				walk(path+"."+v.Type().Field(i).Name, func(p *model.Post) reflect.Value { return get(p).Field(i) })
			}
			return
		case reflect.Pointer:
			p := base
			f := get(&p)
			if f.IsNil() {
				f.Set(reflect.New(f.Type().Elem()))
				changeValue(f.Elem())
				out = append(out, postVariant{path + " (set)", p})
				return
			}
			f.Set(reflect.Zero(f.Type()))
			out = append(out, postVariant{path + " (unset)", p})
			// its fields, on a copy of what it points to
			walk(path, func(p *model.Post) reflect.Value {
				f := get(p)
				if !f.IsNil() && f.Elem().CanSet() {
					cp := reflect.New(f.Type().Elem())
					cp.Elem().Set(f.Elem())
					f.Set(cp)
				}
				return f.Elem()
			})
			return
		}
		p := base
		changeValue(get(&p))
		out = append(out, postVariant{path, p})
	}
	walk("Post", func(p *model.Post) reflect.Value { return reflect.ValueOf(p).Elem() })
	return out
}

// changeValue gives v another value of its kind.
func changeValue(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		if v.Type() == reflect.TypeFor[model.PostType]() {
			v.SetString(string(model.Milestones))
			return
		}
		v.SetString(v.String() + " more words")
	case reflect.Int, reflect.Int64:
		v.SetInt(v.Int() + 7)
	case reflect.Bool:
		v.SetBool(!v.Bool())
	case reflect.Struct:
		if t, ok := v.Interface().(time.Time); ok {
			v.Set(reflect.ValueOf(t.Add(-3 * time.Hour)))
			return
		}
		for i := range v.NumField() {
			changeValue(v.Field(i))
		}
	default:
		panic("postVariants does not know how to change a " + v.Kind().String())
	}
}
