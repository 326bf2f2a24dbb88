package ssh

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/text"
)

// Feed limits: --limit is 1..MaxFeedLimit, DefaultFeedLimit by default.
const (
	DefaultFeedLimit = 20
	MaxFeedLimit     = 100
)

// feed prints the home feed (or everyone's), newest first.
func (r *cmdRunner) feed(c *cmdSpec, args []string) error {
	fs := r.flags(c)
	asJSON := jsonFlag(fs)
	limit := fs.Int("limit", DefaultFeedLimit, "how many posts, 1 to "+strconv.Itoa(MaxFeedLimit))
	everyone := fs.Bool("everyone", false, "everyone's posts, not only yours and your friends'")
	args, err := r.parse(c, fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(args, 0); err != nil {
		return err
	}
	if *limit < 1 || *limit > MaxFeedLimit {
		return cmdUsagef("--limit must be between 1 and %d", MaxFeedLimit)
	}
	scope := model.FeedHome
	if *everyone {
		scope = model.FeedEveryone
	}
	posts, err := r.svc.Feed(r.ctx, r.user.ID, scope, model.Page{Limit: *limit})
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

// writePost writes one post as a block of plain text: a header line
// (#ID @author · 3m ago · type), the content without blank lines (so that
// a blank line always separates two posts), the media URL, and the counts.
func (r *cmdRunner) writePost(b *strings.Builder, p model.Post) {
	if p.SharedBy != nil {
		fmt.Fprintf(b, "⇄ %s shared · %s\n", atName(*p.SharedBy), agoText(p.SharedAt, r.now()))
	}
	fmt.Fprintf(b, "#%d %s · %s · %s", p.ID, atName(p.Author), agoText(p.CreatedAt, r.now()), text.CleanLine(string(p.Type)))
	if p.Target != nil {
		fmt.Fprintf(b, " · on %s's wall", atName(*p.Target))
	}
	if p.ParentID != nil {
		fmt.Fprintf(b, " · reply to #%d", *p.ParentID)
	}
	b.WriteByte('\n')
	for _, l := range strings.Split(text.Clean(p.Content), "\n") {
		if l = strings.TrimRight(l, " "); l != "" {
			b.WriteString(l + "\n")
		}
	}
	if p.MediaURL != "" {
		b.WriteString("media: " + text.CleanLine(p.MediaURL) + "\n")
	}
	fmt.Fprintf(b, "♡ %d ↩ %d", p.LikesCount, p.CommentCount)
	if p.SharesCount > 0 {
		fmt.Fprintf(b, " ⇄ %d", p.SharesCount)
	}
	if p.LikedByViewer {
		b.WriteString(" · liked by you")
	}
	if p.SharedByViewer {
		b.WriteString(" · shared by you")
	}
	b.WriteByte('\n')
}

// post publishes a post.
func (r *cmdRunner) post(c *cmdSpec, args []string) error {
	fs := r.flags(c)
	asJSON := jsonFlag(fs)
	typ := fs.String("type", string(model.Thoughts), "thoughts, media or milestones")
	media := fs.String("media", "", "the URL of a picture or video (a media post needs one)")
	args, err := r.parse(c, fs, args)
	if err != nil {
		return err
	}
	if !model.PostType(*typ).Valid() {
		return cmdUsagef("--type must be thoughts, media or milestones")
	}
	content, err := r.textArg(args)
	if err != nil {
		return err
	}
	p, err := r.svc.CreatePost(r.ctx, r.user.ID, model.NewPost{Type: model.PostType(*typ), Content: content, MediaURL: *media})
	if err != nil {
		return err
	}
	if *asJSON {
		return r.printJSON(toPost(p))
	}
	return r.print(fmt.Sprintf("posted #%d\n", p.ID))
}

// reply answers a post or a reply; the Service files a reply to a reply
// under the thread's top post and remembers which reply it answers.
func (r *cmdRunner) reply(c *cmdSpec, args []string) error {
	fs := r.flags(c)
	asJSON := jsonFlag(fs)
	args, err := r.parse(c, fs, args)
	if err != nil {
		return err
	}
	if len(args) == 0 {
		return cmdUsagef("missing ID")
	}
	to, err := parsePostID(args[0])
	if err != nil {
		return err
	}
	content, err := r.textArg(args[1:])
	if err != nil {
		return err
	}
	p, err := r.svc.CreatePost(r.ctx, r.user.ID, model.NewPost{Type: model.Thoughts, Content: content, ParentID: &to})
	if err != nil {
		return err
	}
	if *asJSON {
		return r.printJSON(toPost(p))
	}
	return r.print(fmt.Sprintf("replied #%d to #%d\n", p.ID, to))
}

func (r *cmdRunner) like(c *cmdSpec, args []string) error   { return r.setLike(c, args, true) }
func (r *cmdRunner) unlike(c *cmdSpec, args []string) error { return r.setLike(c, args, false) }

// setLike likes or unlikes a post; doing it twice changes nothing.
func (r *cmdRunner) setLike(c *cmdSpec, args []string, like bool) error {
	id, asJSON, err := r.oneID(c, args, parsePostID)
	if err != nil {
		return err
	}
	verb := "liked"
	if like {
		err = r.svc.Like(r.ctx, r.user.ID, id)
	} else {
		verb = "unliked"
		err = r.svc.Unlike(r.ctx, r.user.ID, id)
	}
	if err != nil {
		return err
	}
	if asJSON {
		return r.printJSON(likeJSON{PostID: id, Liked: like})
	}
	return r.print(fmt.Sprintf("%s #%d\n", verb, id))
}

func (r *cmdRunner) share(c *cmdSpec, args []string) error   { return r.setShare(c, args, true) }
func (r *cmdRunner) unshare(c *cmdSpec, args []string) error { return r.setShare(c, args, false) }

// setShare shares or unshares a post; doing it twice changes nothing.
func (r *cmdRunner) setShare(c *cmdSpec, args []string, share bool) error {
	id, asJSON, err := r.oneID(c, args, parsePostID)
	if err != nil {
		return err
	}
	verb := "shared"
	if share {
		err = r.svc.SharePost(r.ctx, r.user.ID, id)
	} else {
		verb = "unshared"
		err = r.svc.UnsharePost(r.ctx, r.user.ID, id)
	}
	if err != nil {
		return err
	}
	if !asJSON {
		return r.print(fmt.Sprintf("%s #%d\n", verb, id))
	}
	p, err := r.svc.Post(r.ctx, r.user.ID, id)
	if err != nil {
		return err
	}
	return r.printJSON(shareJSON{PostID: id, Shared: p.SharedByViewer, SharesCount: p.SharesCount})
}
