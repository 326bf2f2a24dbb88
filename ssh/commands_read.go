package ssh

import (
	"flag"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/text"
)

// The commands that read what a person sees in the app: a thread, the
// notifications, a profile, search.

// limitFlag adds --limit: 1 to MaxFeedLimit, DefaultFeedLimit by default.
func limitFlag(fs *flag.FlagSet, what string) *int {
	return fs.Int("limit", DefaultFeedLimit, "how many "+what+", 1 to "+strconv.Itoa(MaxFeedLimit))
}

// checkLimit refuses a --limit out of range.
func checkLimit(n int) error {
	if n < 1 || n > MaxFeedLimit {
		return cmdUsagef("--limit must be between 1 and %d", MaxFeedLimit)
	}
	return nil
}

// threadJSON is a post and its replies, oldest reply first.
type threadJSON struct {
	Post    postJSON   `json:"post"`
	Replies []postJSON `json:"replies"`
}

// thread prints a post (or the post a reply belongs to) and its newest
// replies, oldest first, as the app shows them.
func (r *cmdRunner) thread(c *cmdSpec, args []string) error {
	fs := r.flags(c)
	asJSON := jsonFlag(fs)
	limit := limitFlag(fs, "replies, the newest")
	args, err := r.parse(c, fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(args, 1); err != nil {
		return err
	}
	if err := checkLimit(*limit); err != nil {
		return err
	}
	id, err := parsePostID(args[0])
	if err != nil {
		return err
	}
	top, err := r.svc.Post(r.ctx, r.user.ID, id)
	if err != nil {
		return err
	}
	if top.ParentID != nil {
		if top, err = r.svc.Post(r.ctx, r.user.ID, *top.ParentID); err != nil {
			return err
		}
	}
	replies, err := r.svc.Thread(r.ctx, r.user.ID, top.ID, model.Page{Limit: *limit})
	if err != nil {
		return err
	}
	slices.Reverse(replies) // oldest first, as a conversation reads
	if *asJSON {
		out := threadJSON{Post: toPost(top), Replies: []postJSON{}}
		for _, p := range replies {
			out.Replies = append(out.Replies, toPost(p))
		}
		return r.printJSON(out)
	}
	var b strings.Builder
	r.writePost(&b, top)
	for _, p := range replies {
		b.WriteByte('\n')
		r.writePost(&b, p)
	}
	return r.print(b.String())
}

// noticeJSON is one notification.
type noticeJSON struct {
	ID        int64     `json:"id"`
	Kind      string    `json:"kind"` // post.like, post.reply, post.mention, post.wall, friend.request, friend.accepted
	Actor     *userJSON `json:"actor"`
	PostID    *int64    `json:"post_id"`   // the post concerned
	ThreadID  *int64    `json:"thread_id"` // the top-level post to open for it
	Excerpt   string    `json:"excerpt"`
	CreatedAt time.Time `json:"created_at"`
	Seen      bool      `json:"seen"`
	Read      bool      `json:"read"`
}

func toNotice(n model.Notification) noticeJSON {
	j := noticeJSON{ID: n.ID, Kind: string(n.Kind), Excerpt: n.Excerpt, CreatedAt: n.At.UTC(), Seen: n.Seen, Read: n.Read}
	if n.Actor.ID != 0 {
		a := toUser(n.Actor)
		j.Actor = &a
	}
	if n.PostID != 0 {
		j.PostID = &n.PostID
	}
	if n.ThreadID != 0 {
		j.ThreadID = &n.ThreadID
	}
	return j
}

// noticeVerbs say what a notification is about, after who.
var noticeVerbs = map[model.EventKind]string{
	model.EventLike: "liked your post", model.EventReply: "replied", model.EventMention: "mentioned you",
	model.EventWallPost: "wrote on your wall", model.EventFriendRequest: "wants to be your friend",
	model.EventFriendAccepted: "is your friend now",
}

// notifications prints the person's notifications, newest first, and
// with --mark-read marks them all read.
func (r *cmdRunner) notifications(c *cmdSpec, args []string) error {
	fs := r.flags(c)
	asJSON := jsonFlag(fs)
	limit := limitFlag(fs, "notifications")
	filter := fs.String("filter", string(model.NoticesAll), "all, mentions (and replies) or requests (and new friends)")
	markRead := fs.Bool("mark-read", false, "then mark every notification up to the newest listed read")
	args, err := r.parse(c, fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(args, 0); err != nil {
		return err
	}
	if err := checkLimit(*limit); err != nil {
		return err
	}
	if !slices.Contains(model.NoticeFilters, model.NoticeFilter(*filter)) {
		return cmdUsagef("--filter must be all, mentions or requests")
	}
	ns, err := r.svc.Notifications(r.ctx, r.user.ID, 0, *limit, model.NoticeFilter(*filter))
	if err != nil {
		return err
	}
	marked := 0
	if *markRead && len(ns) > 0 {
		if marked, err = r.svc.MarkAllNotificationsRead(r.ctx, r.user.ID, ns[0].ID); err != nil {
			return err
		}
	}
	if *asJSON {
		out := struct {
			Notifications []noticeJSON `json:"notifications"`
			MarkedRead    int          `json:"marked_read"`
		}{Notifications: []noticeJSON{}, MarkedRead: marked}
		for _, n := range ns {
			out.Notifications = append(out.Notifications, toNotice(n))
		}
		return r.printJSON(out)
	}
	var b strings.Builder
	for _, n := range ns {
		who := "someone"
		if n.Actor.ID != 0 {
			who = atName(n.Actor)
		}
		mark := " "
		if !n.Read {
			mark = "●"
		}
		fmt.Fprintf(&b, "%s %s %s", mark, who, noticeVerbs[n.Kind])
		if n.Excerpt != "" {
			fmt.Fprintf(&b, ": “%s”", text.CleanLine(n.Excerpt))
		}
		if n.ThreadID != 0 {
			fmt.Fprintf(&b, " · #%d", n.ThreadID)
		}
		fmt.Fprintf(&b, " · %s\n", agoText(n.At, r.now()))
	}
	if *markRead {
		fmt.Fprintf(&b, "marked %d read\n", marked)
	}
	return r.print(b.String())
}

// profileJSON is a person's profile as the viewer sees it.
type profileJSON struct {
	User          userJSON  `json:"user"`
	Bio           string    `json:"bio"`
	Location      string    `json:"location"`
	Website       string    `json:"website"`
	Avatar        string    `json:"avatar"`
	Joined        time.Time `json:"joined"`
	PostCount     int       `json:"post_count"`
	FriendCount   int       `json:"friend_count"`
	LikesReceived int       `json:"likes_received"`
	LikesGiven    int       `json:"likes_given"`
	Friendship    string    `json:"friendship"` // none, self, friends, outgoing (you asked), incoming (they asked)
	Blocked       bool      `json:"blocked"`    // you block them
	BlocksYou     bool      `json:"blocks_you"`
	Muted         bool      `json:"muted"`
}

// friendshipNames name the ways two people stand with each other.
var friendshipNames = map[model.FriendState]string{model.FriendNone: "none", model.FriendSelf: "self",
	model.FriendFriends: "friends", model.FriendOutgoing: "outgoing", model.FriendIncoming: "incoming"}

// profile prints a person's profile: who, their words, their counts, and
// how the viewer stands with them.
func (r *cmdRunner) profile(c *cmdSpec, args []string) error {
	u, asJSON, err := r.personArgs(c, args)
	if err != nil {
		return err
	}
	v, err := r.svc.Profile(r.ctx, r.user.ID, u.ID)
	if err != nil {
		return err
	}
	j := profileJSON{User: toUser(v.User.Summary()), Bio: v.Profile.Bio, Location: v.Profile.Location,
		Website: v.Profile.Website, Avatar: v.Profile.Avatar, Joined: v.User.DateJoined.UTC(),
		PostCount: v.PostCount, FriendCount: v.FriendCount, LikesReceived: v.LikesReceived, LikesGiven: v.LikesGiven,
		Friendship: friendshipNames[v.Friendship], Blocked: v.Blocking.Blocks, BlocksYou: v.Blocking.BlockedBy,
		Muted: v.Blocking.Mutes}
	if asJSON {
		return r.printJSON(j)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s · id %d\n", nameLine(v.User.Summary()), v.User.ID)
	if v.Profile.Bio != "" {
		for _, l := range strings.Split(text.Clean(v.Profile.Bio), "\n") {
			if l = strings.TrimRight(l, " "); l != "" {
				b.WriteString(l + "\n")
			}
		}
	}
	var place []string
	for _, s := range []string{v.Profile.Location, v.Profile.Website} {
		if s != "" {
			place = append(place, text.CleanLine(s))
		}
	}
	if len(place) > 0 {
		b.WriteString(strings.Join(place, " · ") + "\n")
	}
	fmt.Fprintf(&b, "joined %s · %d posts · %d friends · ♥ %d received\n", j.Joined.Format("2006-01-02"),
		v.PostCount, v.FriendCount, v.LikesReceived)
	var stand []string
	switch v.Friendship {
	case model.FriendFriends:
		stand = append(stand, "friends")
	case model.FriendOutgoing:
		stand = append(stand, "you asked to be friends")
	case model.FriendIncoming:
		stand = append(stand, "asks to be your friend")
	case model.FriendSelf:
		stand = append(stand, "you")
	}
	if v.Blocking.Blocks {
		stand = append(stand, "blocked by you")
	}
	if v.Blocking.BlockedBy {
		stand = append(stand, "blocks you")
	}
	if v.Blocking.Mutes {
		stand = append(stand, "muted by you")
	}
	if len(stand) > 0 {
		b.WriteString(strings.Join(stand, " · ") + "\n")
	}
	return r.print(b.String())
}

// search finds posts or people.
func (r *cmdRunner) search(c *cmdSpec, args []string) error {
	fs := r.flags(c)
	asJSON := jsonFlag(fs)
	limit := limitFlag(fs, "posts")
	args, err := r.parse(c, fs, args)
	if err != nil {
		return err
	}
	if len(args) == 0 || (args[0] != "posts" && args[0] != "people") {
		return cmdUsagef("say what to search: posts or people")
	}
	if err := checkLimit(*limit); err != nil {
		return err
	}
	q, err := r.textArg(args[1:])
	if err != nil {
		return err
	}
	if args[0] == "people" {
		people, err := r.svc.SearchUsers(r.ctx, r.user.ID, q)
		if err != nil {
			return err
		}
		if *asJSON {
			out := struct {
				People []userJSON `json:"people"`
			}{People: []userJSON{}}
			for _, u := range people {
				out.People = append(out.People, toUser(u))
			}
			return r.printJSON(out)
		}
		var b strings.Builder
		for _, u := range people {
			b.WriteString(nameLine(u) + "\n")
		}
		return r.print(b.String())
	}
	posts, err := r.svc.SearchPosts(r.ctx, r.user.ID, q, model.Page{Limit: *limit})
	if err != nil {
		return err
	}
	if *asJSON {
		out := struct {
			Posts []postJSON `json:"posts"`
		}{Posts: []postJSON{}}
		for _, p := range posts {
			out.Posts = append(out.Posts, toPost(p))
		}
		return r.printJSON(out)
	}
	var b strings.Builder
	for i, p := range posts {
		if i > 0 {
			b.WriteByte('\n')
		}
		r.writePost(&b, p)
	}
	return r.print(b.String())
}
