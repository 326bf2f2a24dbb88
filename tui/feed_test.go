package tui

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/numeneon/numeneon/model"
)

// openFeed is alice's feed (or u's) at 80x24, loaded and focused.
// openFeed is u's feed at 80×24, as someone who chose the River (at 80
// the Column opens by default: TestFeedNarrowOpensTheColumn).
func openFeed(t *testing.T, e *testEnv, u model.User) *feed {
	t.Helper()
	p, _ := open(t, e, u, 80, 24, func(c *Common) pane {
		c.Settings = model.Settings{model.SettingView: "river"}
		return newFeed(c)
	})
	return p.(*feed)
}

func TestFeedRiverShowsAuthorsNewestFirst(t *testing.T) {
	e := newSampleEnv(t)
	alice := e.user("alice")
	f := openFeed(t, e, alice)
	want, err := e.svc.River(e.ctx, alice.ID, model.FeedHome, riverPageSize, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.river.rows) != len(want) || len(want) == 0 {
		t.Fatalf("the River has %d rows, the Service %d", len(f.river.rows), len(want))
	}
	for i := range want {
		if f.river.rows[i].Author.ID != want[i].Author.ID {
			t.Fatalf("row %d is %s, want %s", i, f.river.rows[i].Author.Username, want[i].Author.Username)
		}
	}
	first := want[0]
	mustShow(t, f, "River", "Home", name(first.Author), "💭 Thoughts", "📷 Media", "🏆 Milestones")
	if p, ok := f.selected(); !ok || p.ID != first.Thoughts[0].ID {
		t.Errorf("the selection is %+v, want the first row's newest thought", p)
	}
}

func TestFeedRiverMovesBetweenLanesRowsAndPosts(t *testing.T) {
	e := newSampleEnv(t)
	f := openFeed(t, e, e.user("alice"))
	rows := f.river.rows
	press(t, f, "l")
	if p, _ := f.selected(); p.ID != rows[0].Media[0].ID {
		t.Fatalf("l should select the media lane's newest post")
	}
	if len(rows[0].Media) > 1 {
		press(t, f, "]")
		if p, _ := f.selected(); p.ID != rows[0].Media[1].ID {
			t.Errorf("] should show the lane's next older post")
		}
		mustShow(t, f, "2/"+strings.TrimSpace(count(len(rows[0].Media))))
		press(t, f, "[")
		if p, _ := f.selected(); p.ID != rows[0].Media[0].ID {
			t.Errorf("[ should come back to the newer post")
		}
	}
	press(t, f, "j", "l")
	if p, _ := f.selected(); p.ID != rows[1].Milestones[0].ID {
		t.Errorf("j then l should select the second row's milestones")
	}
	press(t, f, "h", "h", "h")
	out := press(t, f, "enter")
	if got := find[openPostMsg](out); len(got) != 1 || got[0].id != rows[1].Thoughts[0].ID {
		t.Errorf("enter sent %v, want the second row's newest thought opened", out)
	}
	if got := find[openProfileMsg](press(t, f, "u")); len(got) != 1 || got[0].userID != rows[1].Author.ID {
		t.Errorf("u should open the row's author")
	}
}

func TestFeedRiverCollapsedLaneReopensWithANewPost(t *testing.T) {
	e := newSampleEnv(t)
	alice, bob := e.user("alice"), e.user("bob")
	f := openFeed(t, e, alice)
	row := f.river.rowOf(bob.ID)
	if row < 0 {
		t.Fatal("bob has no row in alice's River")
	}
	for f.river.cur.Index() < row {
		press(t, f, "j")
	}
	press(t, f, "l", "space")
	if !f.river.collapsed() {
		t.Fatal("space should collapse the media lane")
	}
	if _, ok := f.selected(); ok {
		t.Error("a collapsed lane has no selected post")
	}
	mustShow(t, f, "▸📷")
	before := f.river.rows[0].Author.ID

	p := e.post(bob, model.NewPost{Type: model.Media, Content: "fresh shot", MediaURL: "https://img.example/fresh.jpg"})
	send(t, f, newPostEvent(alice, p))
	if f.river.collapsed() {
		t.Error("a new post should reopen its collapsed lane")
	}
	if got, _ := f.selected(); got.ID != p.ID {
		t.Errorf("the reopened lane shows post %d, want the new one %d", got.ID, p.ID)
	}
	if f.river.rows[0].Author.ID != before || f.river.cur.Index() != row {
		t.Error("a friend's new post must not move the rows or the selection")
	}
	mustShow(t, f, "▲ 1 new post")
}

func TestFeedNewPostsWaitBehindTheMarker(t *testing.T) {
	e := newSampleEnv(t)
	alice, carol := e.user("alice"), e.user("carol")
	f := openFeed(t, e, alice)
	press(t, f, "v")
	press(t, f, "j", "j")
	sel, _ := f.selected()
	p := e.post(carol, model.NewPost{Content: "something new from carol"})
	send(t, f, newPostEvent(alice, p))
	send(t, f, newPostEvent(alice, e.post(carol, model.NewPost{Content: "and more"})))
	if got, _ := f.selected(); got.ID != sel.ID || f.list.index(p.ID) >= 0 {
		t.Fatal("others' new posts must not show or move the selection before the reader asks")
	}
	mustShow(t, f, "▲ 2 new posts")
	press(t, f, "g")
	mustNotShow(t, f, "new posts")
	if f.list.posts[0].Content != "and more" || f.list.posts[1].ID != p.ID {
		t.Errorf("g should load the new posts at the top, got %q first", f.list.posts[0].Content)
	}

	// The marker is a row above the first post: k reaches it, enter loads.
	send(t, f, newPostEvent(alice, e.post(carol, model.NewPost{Content: "third"})))
	press(t, f, "g") // to the top, which loads
	send(t, f, newPostEvent(alice, e.post(carol, model.NewPost{Content: "fourth"})))
	press(t, f, "k")
	if !f.onMarker {
		t.Fatal("k on the first post should select the marker")
	}
	press(t, f, "enter")
	if f.list.posts[0].Content != "fourth" || f.fresh != 0 {
		t.Error("enter on the marker should load the new posts")
	}
}

func TestFeedOwnNewPostShowsAtOnce(t *testing.T) {
	e := newSampleEnv(t)
	alice := e.user("alice")
	f := openFeed(t, e, alice)
	p := e.post(alice, model.NewPost{Type: model.Milestones, Content: "my own news"})
	send(t, f, newPostEvent(alice, p))
	if f.fresh != 0 {
		t.Error("one's own post is no news for the marker")
	}
	if f.river.rows[0].Author.ID != alice.ID {
		t.Fatal("one's own new post should bring one's row to the top at once")
	}
	if got, _ := f.selected(); got.ID != p.ID {
		t.Error("a reader at the top should see their new post selected")
	}
	mustShow(t, f, "my own news")
	press(t, f, "v")
	if f.list.posts[0].ID != p.ID {
		t.Error("the column, loaded after the post, should start with it")
	}

	// Further down, a new post of one's own goes in above without moving
	// the selection.
	press(t, f, "j", "j", "j")
	sel, _ := f.selected()
	q := e.post(alice, model.NewPost{Content: "another of mine"})
	send(t, f, newPostEvent(alice, q))
	if f.list.posts[0].ID != q.ID {
		t.Error("the column should have the new post first")
	}
	if got, _ := f.selected(); got.ID != sel.ID {
		t.Error("the selection should stay on the post the reader was on")
	}
}

func TestFeedColumnPagesThroughTheWholeFeed(t *testing.T) {
	e := newSampleEnv(t)
	alice := e.user("alice")
	f := openFeed(t, e, alice)
	press(t, f, "v")
	mustShow(t, f, "Column")
	for range 400 {
		if f.list.done && f.list.cur.Index() == len(f.list.posts)-1 {
			break
		}
		press(t, f, "ctrl+d")
	}
	var want []model.Post
	page := model.Page{Limit: model.MaxPageSize}
	for {
		ps, err := e.svc.Feed(e.ctx, alice.ID, model.FeedHome, page)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, ps...)
		if len(ps) < page.Limit {
			break
		}
		page.Before = ps[len(ps)-1].Cursor()
	}
	if len(want) <= listPageSize {
		t.Fatalf("the sample feed has only %d posts: the test needs several pages", len(want))
	}
	if len(f.list.posts) != len(want) {
		t.Fatalf("the column holds %d posts, the feed has %d", len(f.list.posts), len(want))
	}
	for i := range want {
		if f.list.posts[i].ID != want[i].ID {
			t.Fatalf("post %d is %d, want %d (newest first, no repeats)", i, f.list.posts[i].ID, want[i].ID)
		}
	}
}

func TestFeedRiverPagesByKeyset(t *testing.T) {
	e := newSampleEnv(t)
	alice := e.user("alice")
	f := openFeed(t, e, alice)
	press(t, f, "s") // everyone: more authors than a page
	for range 200 {
		if f.river.done && f.river.cur.Index() == len(f.river.rows)-1 {
			break
		}
		press(t, f, "j")
	}
	seen := map[int64]bool{}
	for i, r := range f.river.rows {
		if seen[r.Author.ID] {
			t.Fatalf("%s has two rows", r.Author.Username)
		}
		seen[r.Author.ID] = true
		if i > 0 && r.LatestAt.After(f.river.rows[i-1].LatestAt) {
			t.Fatalf("row %d is newer than the one above it", i)
		}
	}
	if len(f.river.rows) <= riverPageSize {
		t.Errorf("only %d rows: the River did not page", len(f.river.rows))
	}
}

func TestFeedScopeTogglesHomeAndEveryone(t *testing.T) {
	e := newSampleEnv(t)
	alice, mallory := e.user("alice"), e.user("mallory")
	f := openFeed(t, e, alice)
	press(t, f, "v")
	if slices.ContainsFunc(f.list.posts, func(p model.Post) bool { return p.Author.ID == mallory.ID }) {
		t.Fatal("mallory is no friend of alice: her posts are not in the home feed")
	}
	e.post(mallory, model.NewPost{Content: "hello everyone, from mallory"})
	press(t, f, "s")
	if f.scope != model.FeedEveryone {
		t.Fatal("s should switch to everyone")
	}
	if len(f.list.posts) == 0 || f.list.posts[0].Author.ID != mallory.ID {
		t.Error("everyone's feed should start with mallory's new post")
	}
	mustShow(t, f, "hello everyone, from mallory")
	press(t, f, "v")
	if f.river.rows[0].Author.ID != mallory.ID {
		t.Error("the River, loaded for everyone, should start with mallory")
	}
}

func TestFeedLikeAndShareInPlace(t *testing.T) {
	e := newSampleEnv(t)
	alice := e.user("alice")
	f := openFeed(t, e, alice)
	press(t, f, "v")
	press(t, f, "j")
	p, _ := f.selected()
	out := press(t, f, "f")
	after := e.reread(alice, p.ID)
	if !after.LikedByViewer || after.LikesCount != p.LikesCount+1 {
		t.Fatalf("f should like the post: %+v", after)
	}
	if got, _ := f.selected(); !got.LikedByViewer || got.LikesCount != after.LikesCount {
		t.Error("the liked post should change in place")
	}
	if ch := find[postChangedMsg](out); len(ch) != 1 || ch[0].post.ID != p.ID {
		t.Error("f should tell the other panes")
	}
	mustShow(t, f, "♥ "+count(after.LikesCount))
	press(t, f, "f")
	if e.reread(alice, p.ID).LikedByViewer {
		t.Error("f again should take the like back")
	}

	out = press(t, f, "b")
	if got := e.reread(alice, p.ID); got.SharesCount != p.SharesCount+1 || !got.SharedByViewer {
		t.Errorf("b: %d shares (shared by alice: %v), want %d", got.SharesCount, got.SharedByViewer, p.SharesCount+1)
	}
	if got, _ := f.selected(); !got.SharedByViewer {
		t.Error("the shared post should say so in place")
	}
	if len(find[toastMsg](out)) != 1 {
		t.Error("a share says so")
	}
	// One share per person: b again takes it back, never a second share.
	out = press(t, f, "b")
	if got := e.reread(alice, p.ID); got.SharesCount != p.SharesCount || got.SharedByViewer {
		t.Errorf("b again: %d shares (shared by alice: %v), want %d", got.SharesCount, got.SharedByViewer, p.SharesCount)
	}
	if ts := find[toastMsg](out); len(ts) != 1 || !strings.Contains(ts[0].text, "Took back") {
		t.Errorf("an unshare says so: %v", ts)
	}
}

// TestFeedShowsFriendsShares: a post a friend shared comes into the home
// Column at the top, under a line saying who shared it.
func TestFeedShowsFriendsShares(t *testing.T) {
	e := newSampleEnv(t)
	alice, zoe := e.user("alice"), e.user("zoe")
	friends, err := e.svc.Friends(e.ctx, alice.ID, alice.ID)
	if err != nil || len(friends) == 0 {
		t.Fatalf("alice's friends: %v, %v", friends, err)
	}
	friend := friends[0].User
	p := e.post(zoe, model.NewPost{Content: "zoe's words, shared along"})
	if err := e.svc.SharePost(e.ctx, friend.ID, p.ID); err != nil {
		t.Fatal(err)
	}
	f := openFeed(t, e, alice)
	press(t, f, "v")
	if got, _ := f.selected(); got.ID != p.ID || got.SharedBy == nil || got.SharedBy.ID != friend.ID {
		t.Fatalf("the Column starts with %d shared by %+v, want zoe's %d shared by %s", got.ID, got.SharedBy, p.ID, friend.Username)
	}
	mustShow(t, f, "⇄ "+name(friend)+" shared", "zoe's words, shared along")
}

func TestFeedReplyOpensThePostReadyToReply(t *testing.T) {
	e := newSampleEnv(t)
	f := openFeed(t, e, e.user("alice"))
	p, _ := f.selected()
	msgs := unroll(f.Update(keyPress("r")))
	if len(msgs) != 2 || msgs[0] != (openPostMsg{id: p.ID}) || msgs[1] != (replyToPostMsg{id: p.ID}) {
		t.Errorf("r sent %v, want the post opened, then its reply field", msgs)
	}
	var clip []tea.Msg
	for _, m := range unroll(f.Update(keyPress("y"))) {
		if _, ok := m.(toastMsg); !ok {
			clip = append(clip, m)
		}
	}
	if len(clip) != 1 || !strings.Contains(fmt.Sprint(clip[0]), "numeneon://post/") {
		t.Errorf("y should copy the post's link, sent %v", clip)
	}
}

func TestFeedSearch(t *testing.T) {
	e := newSampleEnv(t)
	f := openFeed(t, e, e.user("alice"))
	press(t, f, "/")
	if !f.Typing() {
		t.Fatal("/ should focus the search field")
	}
	typeText(t, f, "k")
	press(t, f, "enter")
	mustShow(t, f, "Type at least 2 characters")
	mustNotShow(t, f, "query")
	if !f.Typing() {
		t.Error("a refused search keeps the field focused")
	}
	typeText(t, f, "eyboard")
	press(t, f, "enter")
	if f.Typing() || len(f.search.list.posts) == 0 {
		t.Fatal("enter should search and move to the results")
	}
	for _, p := range f.search.list.posts {
		if !strings.Contains(strings.ToLower(p.Content), "keyboard") {
			t.Errorf("result %q does not match", p.Content)
		}
	}
	mustShow(t, f, "match “keyboard”")
	out := press(t, f, "enter")
	if got := find[openPostMsg](out); len(got) != 1 || got[0].id != f.search.list.posts[0].ID {
		t.Error("enter on a result opens it")
	}
	// esc (or q) on the results is the root's: it asks the pane to go back.
	if !f.Back() || f.search != nil {
		t.Fatal("esc should leave the search")
	}
	mustShow(t, f, "River")
}

func TestFeedErrorsShowInPlace(t *testing.T) {
	e := newSampleEnv(t)
	f := openFeed(t, e, e.user("alice"))
	e.db.Close()
	press(t, f, "f")
	mustShow(t, f, "Could not like the post")
	send(t, f, refreshMsg{})
	mustShow(t, f, "Could not load the feed", "ctrl+r to try again")
}

func TestFeedEmptySaysWhatToDo(t *testing.T) {
	e := newTestEnv(t)
	f := openFeed(t, e, e.user("zed"))
	mustShow(t, f, "Your feed is empty.", "n to write your first post; 3 to find friends")
	press(t, f, "v")
	mustShow(t, f, "n to write your first post")
}

func TestFeedLoadingShowsLoading(t *testing.T) {
	e := newSampleEnv(t)
	c := e.common(e.user("alice"), 80, 24, true)
	f := newFeed(c)
	f.SetSize(80, 20)
	f.Init() // not run: the page has not come
	mustShow(t, f, "Loading…")
}

func TestFeedLiveLikeChangesTheCount(t *testing.T) {
	e := newSampleEnv(t)
	alice, bob := e.user("alice"), e.user("bob")
	mine := e.post(alice, model.NewPost{Content: "like me"})
	f := openFeed(t, e, alice)
	press(t, f, "v")
	i := f.list.index(mine.ID)
	if err := e.svc.Like(e.ctx, bob.ID, mine.ID); err != nil {
		t.Fatal(err)
	}
	send(t, f, eventMsg{ev: model.Event{UserID: alice.ID, Kind: model.EventLike, ActorID: bob.ID, PostID: mine.ID}})
	if got := f.list.posts[i].LikesCount; got != mine.LikesCount+1 {
		t.Errorf("a live like should count at once: %d, want %d", got, mine.LikesCount+1)
	}
	r := e.post(bob, model.NewPost{Content: "a reply", ParentID: &mine.ID})
	send(t, f, eventMsg{ev: model.Event{UserID: alice.ID, Kind: model.EventReply, ActorID: bob.ID, PostID: r.ID}})
	if got := f.list.posts[i].CommentCount; got != mine.CommentCount+1 {
		t.Errorf("a live reply should count at once: %d, want %d", got, mine.CommentCount+1)
	}
}

func TestFeedMouse(t *testing.T) {
	e := newSampleEnv(t)
	f := openFeed(t, e, e.user("alice"))
	press(t, f, "v")
	second := f.list.posts[1]
	// The second post starts under the first and its blank line.
	send(t, f, tea.MouseClickMsg{Y: feedHead + f.list.height(0), Button: tea.MouseLeft})
	if got, _ := f.selected(); got.ID != second.ID {
		t.Fatalf("a click should select the second post")
	}
	out := send(t, f, tea.MouseClickMsg{Y: feedHead + f.list.height(0), Button: tea.MouseLeft})
	if got := find[openPostMsg](out); len(got) != 1 || got[0].id != second.ID {
		t.Error("a second click should open it")
	}
	send(t, f, tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	if f.list.cur.Index() != 2 {
		t.Error("the wheel should move the selection")
	}
}

func TestFeedEveryViewFitsItsSize(t *testing.T) {
	e := newSampleEnv(t)
	for _, size := range goldenSizes {
		p, c := open(t, e, e.user("alice"), size.w, size.h, newFeed)
		h := c.Height - chrome
		checkSize(t, p.View(), size.w, h)
		press(t, p, "l", "space", "l", "space", "l", "space")
		checkSize(t, p.View(), size.w, h)
		press(t, p, "v")
		checkSize(t, p.View(), size.w, h)
		press(t, p, "/")
		typeText(t, p, "neon")
		press(t, p, "enter")
		checkSize(t, p.View(), size.w, h)
	}
}

// feedChosen is newFeed for someone who chose a view (river or column).
func feedChosen(view string) func(c *Common) pane {
	return func(c *Common) pane {
		c.Settings = model.Settings{model.SettingView: view}
		return newFeed(c)
	}
}

func TestFeedGoldenRiver(t *testing.T) {
	e := newSampleEnv(t)
	paneGolden(t, e, e.user("alice"), false, feedChosen("river"), func(t *testing.T, p pane) {
		press(t, p, "j", "l", "]", "l", "space")
	})
}

func TestFeedGoldenColumn(t *testing.T) {
	e := newSampleEnv(t)
	alice := e.user("alice")
	paneGolden(t, e, alice, false, feedChosen("river"), func(t *testing.T, p pane) {
		press(t, p, "v", "j")
		if sel, _ := p.(*feed).selected(); !sel.LikedByViewer {
			press(t, p, "f") // liked in every golden, whichever runs first
		}
		// A friend's new post (an event only: nothing is written).
		send(t, p, newPostEvent(alice, model.Post{ID: -1, Author: model.UserSummary{ID: -2}}))
	})
}

// TestFeedGoldenEmpty: someone who chose nothing gets the Column at 80
// columns and the River at 160.
func TestFeedGoldenEmpty(t *testing.T) {
	e := newTestEnv(t)
	paneGolden(t, e, e.user("zed"), false, newFeed, nil)
}

// evilText is a post that tries to set the title, clear the screen, move
// the cursor and ring the bell.
const evilText = "\x1b]0;pwned\x07bold\x1b[2J move\x1b[10;10H\r\nend\x07"

// drawsNoControls fails if a view holds what evilText tried.
func drawsNoControls(t *testing.T, where, view string) {
	t.Helper()
	for _, bad := range []string{"\x1b]0;", "\x1b[2J", "\x1b[10;10H", "\r", "\x07"} {
		if strings.Contains(view, bad) {
			t.Errorf("%s draws %q from a post", where, bad)
		}
	}
}

func TestFeedDrawsTypedTextSafely(t *testing.T) {
	e := newSampleEnv(t)
	alice := e.user("alice")
	e.post(alice, model.NewPost{Content: evilText})
	f := openFeed(t, e, alice)
	drawsNoControls(t, "the River", f.View())
	press(t, f, "v")
	drawsNoControls(t, "the column", f.View())
	mustShow(t, f, "bold move")
}

// multiLinePost is a post of several short lines, a blank one between
// (which a list leaves out), and more lines than a list row holds.
const multiLinePost = "Packing list:\n- terminal\n- coffee\n\n- a second terminal\n- line five\n- line six\n- line seven\n- line eight\n- line nine"

// rowOf is the line of the screen that shows text.
func rowOf(t *testing.T, screen, text string) string {
	t.Helper()
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, text) {
			return l
		}
	}
	t.Fatalf("%q is not on the screen:\n%s", text, screen)
	return ""
}

// TestListsKeepLineBreaks: the Column and a profile's list show a post's
// first lines as its author broke them, then "…", not one flattened line.
func TestListsKeepLineBreaks(t *testing.T) {
	e := newSampleEnv(t)
	alice := e.user("alice")
	e.post(alice, model.NewPost{Content: multiLinePost})
	f := openFeed(t, e, alice)
	press(t, f, "v")
	screen := shown(f)
	if l := rowOf(t, screen, "Packing list:"); strings.Contains(l, "terminal") {
		t.Errorf("the Column flattens the post: %q", l)
	}
	if l := rowOf(t, screen, "- coffee"); strings.Contains(l, "second") {
		t.Errorf("the Column joins two lines: %q", l)
	}
	if l := rowOf(t, screen, "- line eight"); !strings.HasSuffix(strings.TrimRight(l, " "), "- line eight …") {
		t.Errorf("the Column should cut the post after %d lines with …: %q", listMaxLines, l)
	}
	if strings.Contains(screen, "line nine") {
		t.Errorf("the Column shows more than %d lines of a post", listMaxLines)
	}
	// The profile at 80×24 leaves its list two lines of the post.
	screen = shown(openProfile(t, e, alice, alice, 80, 24))
	if l := rowOf(t, screen, "Packing list:"); strings.Contains(l, "terminal") {
		t.Errorf("the profile flattens the post: %q", l)
	}
	if l := rowOf(t, screen, "- terminal"); !strings.HasSuffix(strings.TrimRight(l, " "), "- terminal …") {
		t.Errorf("the profile should cut the post with …: %q", l)
	}
}

func TestFeedGoldenMultiLine(t *testing.T) {
	e := newSampleEnv(t)
	alice := e.user("alice")
	e.post(alice, model.NewPost{Content: multiLinePost})
	paneGolden(t, e, alice, false, feedChosen("river"), func(t *testing.T, p pane) { press(t, p, "v") })
}

// TestFeedHiddenForgetsAndComesBack: a Feed hidden for a while lets go of
// its posts, and shown again loads them and shows the same screen; one
// shown again before the while ends keeps them, and so does one whose
// reader went down it.
func TestFeedHiddenForgetsAndComesBack(t *testing.T) {
	e := newSampleEnv(t)
	f := openFeed(t, e, e.user("alice"))
	if f.Hidden() != nil {
		t.Error("a local session's Feed lets go of its posts")
	}
	f.c.ForgetHidden = true // as a server's sessions do
	before := f.View()
	f.Blur()
	if f.Hidden() == nil {
		t.Fatal("a hidden Feed starts no while")
	}
	f.Update(forgetMsg{f.shown}) // what Hidden's command says after forgetAfter
	if len(f.river.rows) != 0 || len(f.list.posts) != 0 {
		t.Fatalf("a Feed hidden for a while holds %d River rows and %d posts", len(f.river.rows), len(f.list.posts))
	}
	settle(t, f, f.Focus())
	if got := f.View(); got != before {
		t.Errorf("the Feed shown again shows\n%s\nwant\n%s", got, before)
	}

	f.Blur()
	settle(t, f, f.Focus())
	late := forgetMsg{f.shown - 1} // the first absence's, come after the return
	f.Blur()
	f.Update(late)
	if len(f.river.rows) == 0 {
		t.Error("a Feed shown again before the while ended let go of its posts")
	}

	settle(t, f, f.Focus())
	f.Update(tea.KeyPressMsg{Code: 'j', Text: "j"})
	f.Blur()
	f.Update(forgetMsg{f.shown})
	if len(f.river.rows) == 0 {
		t.Error("a Feed whose reader went down it let go of its posts")
	}
}
