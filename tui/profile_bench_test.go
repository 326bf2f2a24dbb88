package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/tui/theme"
)

// BenchmarkProfileView draws a profile whose list holds 1,000 long posts
// (what twenty pages of scrolling bring): only the posts in sight are
// drawn, so a frame costs the same as with a page. It was 230 ms when
// every post was drawn at every frame.
func BenchmarkProfileView(b *testing.B) {
	c := &Common{Styles: theme.New(true), Keys: theme.DefaultKeyMap(), Now: func() time.Time { return testNow }, User: model.User{ID: 1}}
	p := newProfile(c, 2).(*profile)
	p.SetSize(160, 44)
	for i := range 1000 {
		p.posts = append(p.posts, model.Post{ID: int64(i), Author: model.UserSummary{Username: "bob"},
			Type: model.Thoughts, Content: strings.Repeat("word ", 60), CreatedAt: testNow})
	}
	p.sel.SetLen(len(p.posts))
	p.sel.To(500)
	p.follow()
	for b.Loop() {
		p.View()
	}
}
