package tui

import (
	"context"
	"strings"
	"unicode"

	tea "charm.land/bubbletea/v2"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/tui/widget"
)

// mentions completes @names in a text field. Typing @ti lists the people
// it may mean, each as display name and @username: the people of the
// thread first (the one answered before the others), then friends, then
// whom SearchUsers finds, matched by the start of the username or of a
// word of the name. tab puts the first in the text, and each tab after
// the next (shift+tab the one before); enter or space takes the one in
// the text, esc closes the list keeping the text. The person taken last,
// while their @name is still in the text, is the post's MentionedUserID.
type mentions struct {
	c       *Common
	to      pane                // whose text this is: the answers go there
	people  []model.UserSummary // the thread's, the one answered first
	friends []model.UserSummary
	on      bool                // an @word is being typed
	q       string              // that word, without @
	closed  bool                // esc closed the list of this @word
	found   []model.UserSummary // what SearchUsers found for asked
	asked   string              // the query found answers
	cands   []model.UserSummary // the list tab cycles through, once it does
	sel     int                 // the candidate in the text
	chosen  *model.UserSummary
}

// maxSuggestions is how many names the completion offers at once.
const maxSuggestions = 8

// mentionFriendsMsg carries the friends to complete from.
type mentionFriendsMsg struct {
	friends []model.UserSummary
}

// mentionFoundMsg carries the people a search found for q.
type mentionFoundMsg struct {
	q     string
	users []model.UserSummary
}

// loadFriends reads the friends once, when the field opens.
func (m *mentions) loadFriends() tea.Cmd {
	if m.friends != nil {
		return nil
	}
	svc, user := m.c.Svc, m.c.User.ID
	return call(m.c, m.to, func(ctx context.Context) ([]model.Friend, error) { return svc.Friends(ctx, user, user) },
		func(fs []model.Friend, err error) tea.Msg {
			out := []model.UserSummary{}
			for _, f := range fs {
				out = append(out, f.User)
			}
			return mentionFriendsMsg{friends: out}
		})
}

// update takes the completion's messages; it reports whether msg was one.
func (m *mentions) update(msg tea.Msg) bool {
	switch msg := msg.(type) {
	case mentionFriendsMsg:
		m.friends = msg.friends
	case mentionFoundMsg:
		m.found, m.asked = msg.users, msg.q
	default:
		return false
	}
	return true
}

// typed looks at the word before the cursor after a change of the text:
// an @word asks SearchUsers for people beyond the thread and the friends.
func (m *mentions) typed(ta *widget.Textarea) tea.Cmd {
	was := m.q
	m.on, m.q = false, ""
	word, ok := wordBeforeCursor(ta)
	if !ok || !strings.HasPrefix(word, "@") || !validMentionWord(word[1:]) {
		m.closed = false
		return nil
	}
	m.on, m.q = true, word[1:]
	if m.q != was {
		m.closed = false
	}
	if len([]rune(m.q)) < model.MinSearch || m.q == m.asked {
		return nil
	}
	svc, user, q := m.c.Svc, m.c.User.ID, m.q
	return call(m.c, m.to, func(ctx context.Context) ([]model.UserSummary, error) { return svc.SearchUsers(ctx, user, q) },
		func(us []model.UserSummary, err error) tea.Msg {
			if err != nil {
				return nil // completion is a help: without it, the name is typed in full
			}
			return mentionFoundMsg{q: q, users: us}
		})
}

// suggestions are the people the @word may mean: the thread's first, then
// the friends, then whom the search found; never the writer.
func (m *mentions) suggestions() []model.UserSummary {
	var out []model.UserSummary
	seen := map[int64]bool{m.c.User.ID: true}
	add := func(us []model.UserSummary) {
		for _, u := range us {
			if !seen[u.ID] && len(out) < maxSuggestions && mentionMatches(u, m.q) {
				seen[u.ID] = true
				out = append(out, u)
			}
		}
	}
	add(m.people)
	add(m.friends)
	if m.asked != "" && strings.HasPrefix(strings.ToLower(m.q), strings.ToLower(m.asked)) {
		add(m.found)
	}
	return out
}

// mentionMatches reports whether q starts u's username or a word of their
// display name, ignoring case: @ti finds Tim Hopper whatever his username.
func mentionMatches(u model.UserSummary, q string) bool {
	q = strings.ToLower(q)
	if strings.HasPrefix(strings.ToLower(u.Username), q) {
		return true
	}
	for _, w := range strings.Fields(strings.ToLower(u.DisplayName())) {
		if strings.HasPrefix(w, q) {
			return true
		}
	}
	return false
}

// listing reports whether the list of candidates shows.
func (m *mentions) listing() bool {
	return m.cands != nil || m.on && !m.closed && len(m.suggestions()) > 0
}

// key handles the completion's keys in the field ta: tab and shift+tab
// put a candidate in the text, enter takes it, esc closes the list; it
// reports whether the key was the completion's. Any other key takes the
// candidate in the text and goes on to the field (a space after it).
func (m *mentions) key(msg tea.KeyPressMsg, ta *widget.Textarea) bool {
	if !m.listing() {
		return false
	}
	switch msg.String() {
	case "tab", "shift+tab":
		step := 1
		if msg.String() == "shift+tab" {
			step = -1
		}
		if m.cands == nil {
			m.cands, m.sel, step = m.suggestions(), 0, 0
		}
		m.put(ta, (m.sel+step+len(m.cands))%len(m.cands))
		return true
	case "esc":
		if m.cands != nil {
			m.take()
		}
		m.closed = true
		return true
	case "enter":
		if m.cands != nil {
			m.take()
			return true
		}
	default:
		if m.cands != nil {
			m.take()
		}
	}
	return false
}

// put replaces the @word before the cursor with candidate i's @username.
func (m *mentions) put(ta *widget.Textarea, i int) {
	word, _ := wordBeforeCursor(ta)
	for range []rune(strings.TrimPrefix(word, "@")) {
		ta.Update(tea.KeyPressMsg{Code: tea.KeyBackspace})
	}
	m.sel = i
	ta.InsertString(m.cands[i].Username)
}

// take makes the candidate in the text the one mentioned and closes the
// list.
func (m *mentions) take() {
	u := m.cands[m.sel]
	m.chosen, m.cands, m.on, m.q, m.closed = &u, nil, false, "", false
}

// mentioned is the person to record as mentioned in text: the one taken
// last, if their @name is still there.
func (m *mentions) mentioned(text string) *int64 {
	if m.chosen == nil || !strings.Contains(strings.ToLower(text), "@"+strings.ToLower(m.chosen.Username)) {
		return nil
	}
	return &m.chosen.ID
}

// hint is the completion's line under the field, w cells wide: the
// candidates, the one in the text marked; when they do not all fit, the
// list starts nearer the marked one.
func (m *mentions) hint(w int) string {
	if !m.listing() {
		return ""
	}
	s := m.c.Styles
	cands, sel := m.cands, m.sel
	lead := s.Key.Render("tab") + s.Muted.Render(" ")
	if cands == nil {
		cands, sel = m.suggestions(), -1
	} else {
		lead = s.Key.Render("enter") + s.Muted.Render(" take · ")
	}
	items := make([]string, len(cands))
	for i, u := range cands {
		st, hs := s.Author, s.Handle
		if i == sel {
			st, hs = s.Selected, s.Selected
		}
		items[i] = st.Render(name(u)) + hs.Render(" "+handle(u))
	}
	from := 0
	for from < sel && widget.Width(lead+strings.Join(items[from:sel+1], "  ")) > w {
		from++
	}
	out := lead
	if from > 0 {
		out += s.Muted.Render("… ")
	}
	return widget.Truncate(out+strings.Join(items[from:], s.Muted.Render("  ")), w)
}

// wordBeforeCursor is the run of non-space characters that ends at the
// cursor, and whether the cursor is at the end of one.
func wordBeforeCursor(ta *widget.Textarea) (string, bool) {
	lines := strings.Split(ta.Value(), "\n")
	if ta.Line() >= len(lines) {
		return "", false
	}
	runes := []rune(lines[ta.Line()])
	end := min(ta.Column(), len(runes))
	if end < len(runes) && !unicode.IsSpace(runes[end]) {
		return "", false // in the middle of a word
	}
	start := end
	for start > 0 && !unicode.IsSpace(runes[start-1]) {
		start--
	}
	return string(runes[start:end]), start < end
}

// validMentionWord reports whether w could start a username (letters,
// digits and @.+-_).
func validMentionWord(w string) bool {
	for _, r := range w {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune("@.+-_", r) {
			return false
		}
	}
	return true
}
