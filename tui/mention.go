package tui

import (
	"context"
	"strings"
	"unicode"

	tea "charm.land/bubbletea/v2"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/tui/widget"
)

// mentions completes @names in a text field: typing @ab offers the
// friends whose username starts with ab, then the people SearchUsers
// finds; tab takes the first. The person taken last, while their @name is
// still in the text, is the post's MentionedUserID.
type mentions struct {
	c       *Common
	to      pane // whose text this is: the answers go there
	friends []model.UserSummary
	on      bool                // an @word is being typed
	q       string              // that word, without @
	found   []model.UserSummary // what SearchUsers found for asked
	asked   string              // the query found answers
	chosen  *model.UserSummary
}

// maxSuggestions is how many names the completion offers at once.
const maxSuggestions = 5

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
// an @word asks SearchUsers for people beyond the friends.
func (m *mentions) typed(ta *widget.Textarea) tea.Cmd {
	m.on, m.q = false, ""
	word, ok := wordBeforeCursor(ta)
	if !ok || !strings.HasPrefix(word, "@") || !validMentionWord(word[1:]) {
		return nil
	}
	m.on, m.q = true, word[1:]
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

// suggestions are the people whose username starts with the @word: the
// friends first, then whom the search found.
func (m *mentions) suggestions() []model.UserSummary {
	var out []model.UserSummary
	seen := map[int64]bool{}
	q := strings.ToLower(m.q)
	add := func(us []model.UserSummary) {
		for _, u := range us {
			if !seen[u.ID] && len(out) < maxSuggestions && strings.HasPrefix(strings.ToLower(u.Username), q) {
				seen[u.ID] = true
				out = append(out, u)
			}
		}
	}
	add(m.friends)
	if m.asked != "" && strings.HasPrefix(q, strings.ToLower(m.asked)) {
		add(m.found)
	}
	return out
}

// complete replaces the @word before the cursor with the first
// suggestion's @username, and reports whether there was one.
func (m *mentions) complete(ta *widget.Textarea) bool {
	sug := m.suggestions()
	if !m.on || len(sug) == 0 {
		return false
	}
	for range []rune(m.q) {
		ta.Update(tea.KeyPressMsg{Code: tea.KeyBackspace})
	}
	u := sug[0]
	ta.InsertString(u.Username + " ")
	m.chosen, m.on, m.q = &u, false, ""
	return true
}

// mentioned is the person to record as mentioned in text: the one taken
// last, if their @name is still there.
func (m *mentions) mentioned(text string) *int64 {
	if m.chosen == nil || !strings.Contains(strings.ToLower(text), "@"+strings.ToLower(m.chosen.Username)) {
		return nil
	}
	return &m.chosen.ID
}

// hint is the completion's line under the field: the names it offers.
func (m *mentions) hint() string {
	s := m.c.Styles
	sug := m.suggestions()
	if !m.on || len(sug) == 0 {
		return ""
	}
	out := s.Key.Render("tab") + s.Muted.Render(" ")
	for i, u := range sug {
		st := s.Muted
		if i == 0 {
			st = s.Title
		}
		out += st.Render(handle(u)) + " "
	}
	return out
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
