package tui

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/tui/screen"
	"github.com/numeneon/numeneon/tui/theme"
	"github.com/numeneon/numeneon/tui/widget"
)

// The smallest terminal numeneon draws in; below it says how big it must be.
const (
	MinWidth  = 80
	MinHeight = 24
)

// chrome is the rows the frame takes: the tab bar, two rules, the help line.
const chrome = 4

// Options configures one session.
type Options struct {
	Service Service
	// Tokens keeps a local sign-in between runs; nil keeps none (SSH).
	Tokens TokenStore
	// User signs the session in at once (the demo, an SSH key).
	User *model.User
	// Username fills the welcome screen's username field.
	Username string
	// SignUp opens the welcome screen on the sign-up form: an SSH
	// newcomer, whose SSH user name is Username.
	SignUp bool
	// SSHKey is the public key (an authorized_keys line) the session came
	// with when it is registered to no one: signing up registers it, and
	// a person who logged in with a password is offered to.
	SSHKey string
	// Remote is a session over SSH: q asks before it ends the connection
	// (a local q asks only when something typed was not sent).
	Remote bool
	// Gate logs in and signs up on the welcome screen; nil is Service.
	Gate Gate
	// SignUps is how new accounts are taken: open (also ""), closed
	// (newcomers are told so; the log-in form still works) or invite
	// (the sign-up form asks for an invite code).
	SignUps model.SignUpMode
	// OnSignIn, when set, is told who signs in (the SSH server counts
	// sessions and presence by it), and may refuse (a *model.Error whose
	// message the welcome screen shows; the session stays signed out).
	// It runs in Update: it must be quick.
	OnSignIn func(model.User) error
	// OpenPost, when not 0, is the post whose thread opens once the
	// session is signed in (numeneon open LINK, ssh HOST open LINK).
	OpenPost int64
	// WebURL is the web app's address (--web-url): y copies a post's
	// address there, {id} in it standing for the post's number (else
	// /post/ID is added). "" copies numeneon:// addresses.
	WebURL string
	// Theme is "dark", "light", or "" to follow the terminal's background.
	Theme string
	// Now is the clock; nil is time.Now.
	Now func() time.Time
	// Logger gets the session's internal errors, with what the session
	// was doing and who was signed in; nil discards them.
	Logger *slog.Logger
}

// TokenStore keeps the token of a sign-in that lasts until log out.
type TokenStore interface {
	// Load returns the token, "" when there is none.
	Load() (string, error)
	Save(token string) error
	Delete() error
}

// App is the root model of one session: it owns the frame (tab bar,
// toasts, help line), the focus and the size, and routes messages to the
// panes. It draws through Frame, not through Bubble Tea's renderer.
type App struct {
	c    *Common
	opts Options

	welcome *welcome
	tabs    [tabCount]pane
	active  tab
	stack   []pane // views on top of the active tab, the last in front
	help    bool   // the help screen is open
	// helpTopic is what it shows: "" the keys, helpCommands the command
	// line's commands, else one command's name (cmdhelp.go).
	helpTopic string
	asking    bool // "Quit?" is asked on the bottom line (quit.go)
	cmdline   *cmdline
	toasts    toasts

	// The signed-in part of the session ends with signedIn's context.
	signedIn     context.Context
	signOut      context.CancelFunc
	token        string
	live         bool
	liveKnown    bool         // a first state of the stream arrived
	counts       model.Counts // the tab bar's badges
	themeFromEnv bool
	background   *bool              // whether the terminal's background is dark, once it said
	opened       [tabCount]bool     // the tabs loaded so far (openTab)
	events       <-chan model.Event // the live stream (stream.go)
	liveCh       <-chan bool        // its connection state
	offer        keyOffer           // the question about the session's SSH key
	keyDealt     bool               // the session's key was registered or offered
	savedDrafts  map[string]bool    // the keys of the drafts kept from earlier sessions
	tabHits      []hit              // where each tab is in the tab bar, for clicks
	farewell     string             // why the session was ended for the person (Farewell)
}

// New returns the root model of a session whose calls run under ctx.
func New(ctx context.Context, opts Options) *App {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	logger := opts.Logger
	if logger == nil {
		logger = discard()
	}
	c := &Common{Ctx: ctx, Svc: opts.Service, log: logger, Keys: theme.DefaultKeyMap(), Now: now,
		Styles: theme.New(opts.Theme != "light"), Width: MinWidth, Height: MinHeight, Drafts: map[string]Draft{},
		WebURL: opts.WebURL, ForgetHidden: opts.Remote}
	a := &App{c: c, opts: opts, themeFromEnv: opts.Theme == ""}
	a.welcome = a.newWelcome(opts.Username, opts.SignUp)
	return a
}

// Init signs in at once (a given user, or a remembered local sign-in) or
// shows the welcome screen.
func (a *App) Init() tea.Cmd {
	switch {
	case a.opts.User != nil:
		return emit(signedInMsg{user: *a.opts.User})
	case a.opts.Tokens != nil:
		return a.resume()
	}
	return a.welcome.Focus()
}

// resume signs in with the remembered token, if there is one and it still
// works.
func (a *App) resume() tea.Cmd {
	tokens, svc := a.opts.Tokens, a.c.Svc
	return call(a.c, nil, func(ctx context.Context) (resumedMsg, error) {
		token, err := tokens.Load()
		if err != nil || token == "" {
			return resumedMsg{}, err
		}
		u, err := svc.ResumeSession(ctx, token)
		if model.ErrorCode(err) == model.EUNAUTHORIZED {
			_ = tokens.Delete() // ended elsewhere, or another database's
			return resumedMsg{}, nil
		}
		return resumedMsg{user: u, token: token}, err
	}, func(r resumedMsg, err error) tea.Msg {
		r.err = err
		return r
	})
}

// resumedMsg is the outcome of resume: a user, or none (welcome).
type resumedMsg struct {
	user  model.User
	token string
	err   error
}

// Update routes a message: see the pane interface for who gets what.
func (a *App) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.c.Width, a.c.Height = msg.Width, msg.Height
		a.layout()
		return nil
	case tea.BackgroundColorMsg:
		dark := msg.IsDark()
		a.background = &dark
		if a.themeFromEnv {
			a.setTheme(dark)
		}
		return nil
	case tea.KeyPressMsg:
		return a.key(msg)
	case tea.MouseMsg:
		return a.mouse(msg)
	case tea.PasteMsg:
		if a.tooSmallNow() {
			return nil
		}
		return a.front().Update(msg)
	case answer:
		if p := a.open(msg.to); p != nil {
			return p.Update(msg.msg)
		}
		return nil // the pane that asked has closed
	case resumedMsg:
		if msg.err != nil {
			a.welcome.err = model.ErrorMessage(msg.err)
		}
		if msg.user.ID != 0 {
			a.token = msg.token
			return a.enter(msg.user, false)
		}
		return a.welcome.Focus()
	case signedInMsg:
		return a.enter(msg.user, msg.signedUp)
	case settingsLoadedMsg:
		a.applySettings(msg.settings)
		var warn tea.Cmd
		if msg.err != nil {
			warn = a.toast("Your settings could not be loaded, so this session uses the defaults: "+model.ErrorMessage(msg.err), true)
		}
		return tea.Batch(a.signIn(msg.user), a.sessionKey(msg.signedUp), warn)
	case keyAddedMsg:
		return a.keyAdded(msg)
	case draftsMsg:
		if msg.err != nil {
			return a.toast("Your drafts from before could not be loaded: "+model.ErrorMessage(msg.err), true)
		}
		a.restoreDrafts(msg)
		return nil
	case signedOutMsg:
		return a.signOutNow()
	case cmdNamesMsg, closeCmdlineMsg, cmdDoneMsg, themeMsg:
		cmd, _ := a.cmdlineUpdate(msg)
		return cmd
	case tokenMsg:
		a.token = msg.token
		if msg.err != nil {
			return a.toast("Signed in, but this sign-in will not be remembered: "+model.ErrorMessage(msg.err), true)
		}
		return nil
	}
	if a.c.User.ID == 0 {
		return nil
	}
	return a.signedInUpdate(msg)
}

// signedInUpdate handles what only a signed-in session gets.
func (a *App) signedInUpdate(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case subscribedMsg:
		a.events, a.liveCh = msg.ch, msg.live
		if code := model.ErrorCode(msg.err); code == model.EFORBIDDEN || code == model.EUNAUTHORIZED {
			return a.end(model.ErrorMessage(msg.err)) // the account was closed or is gone
		}
		if msg.err != nil {
			a.live = false
			return a.rearm(a.toast("Live updates are off: "+model.ErrorMessage(msg.err), true))
		}
		return a.waitStream()
	case rearmMsg:
		return a.waitStream()
	case eventMsg:
		if msg.ch != a.events {
			return nil // an ended subscription's
		}
		if msg.ev.Kind == model.EventAccountClosed {
			return a.end("Your account was deactivated by whoever runs numeneon, so you are signed out.")
		}
		return a.rearm(a.toastFor(msg.ev), a.countsAfter(msg.ev), a.broadcast(msg))
	case streamEndedMsg:
		if msg.ch != a.events {
			return nil
		}
		a.events, a.live = nil, false
		return a.waitStream()
	case liveEndedMsg:
		if msg.ch != a.liveCh {
			return nil
		}
		a.liveCh = nil
		return a.waitStream()
	case streamMsg:
		if msg.ch != a.liveCh {
			return nil
		}
		was, known := a.live, a.liveKnown
		a.live, a.liveKnown = msg.live, true
		if msg.live && !was && known {
			// Back after a cut: what was missed arrives through the
			// subscription; lists refresh to be sure.
			return a.rearm(a.broadcast(refreshMsg{}), a.loadCounts())
		}
		return a.waitStream()
	case countsMsg:
		if msg.err == nil {
			a.counts = msg.counts
		}
		return nil
	case toastMsg:
		return a.toast(msg.text, msg.isErr)
	case toastGoneMsg:
		if a.overlayOpen() {
			return a.toastTimer(msg.id) // not seen yet: its time starts again
		}
		a.toasts.remove(msg.id)
		return nil
	case statusShownMsg:
		return tea.Tick(statusTime, func(time.Time) tea.Msg { return statusGoneMsg(msg) })
	case statusGoneMsg:
		msg.expire()
		return nil
	case switchTabMsg:
		return a.switchTab(msg.tab)
	case backMsg:
		return a.back()
	case openPostMsg:
		return a.push(newPostView(a.c, msg.id))
	case openProfileMsg:
		if msg.userID == a.c.User.ID {
			return a.switchTab(tabProfile)
		}
		return a.push(newProfile(a.c, msg.userID))
	case openChatMsg:
		cmd := a.switchTab(tabChat)
		return tea.Batch(cmd, a.tabs[tabChat].Update(msg))
	case composeMsg:
		return a.push(newCompose(a.c, msg))
	case openNoticesMsg:
		return a.push(newNotices(a.c))
	case openBlocksMsg:
		return a.push(newBlocks(a.c))
	case shieldedMsg:
		return tea.Batch(a.toast(msg.text, false), a.broadcast(refreshMsg{}), a.loadCounts())
	case refreshMsg:
		return tea.Batch(a.broadcast(msg), a.loadCounts())
	case countsChangedMsg:
		return a.loadCounts()
	case replyToPostMsg:
		return a.front().Update(msg) // the post view just opened
	case settingChangedMsg:
		return a.settingChanged(msg)
	case settingSavedMsg:
		a.c.settingSaved(msg)
		return nil
	case showHelpMsg:
		a.help, a.helpTopic = true, msg.topic
		return nil
	}
	if isNews(msg) {
		return a.broadcast(msg)
	}
	return nil
}

// open is p when it is open (a tab opened once, a view on the stack, or
// the welcome screen before sign-in), else nil.
func (a *App) open(p pane) pane {
	if a.c.User.ID == 0 {
		if p == pane(a.welcome) {
			return p
		}
		return nil
	}
	for t, tp := range a.tabs {
		if a.opened[t] && tp == p {
			return p
		}
	}
	for _, sp := range a.stack {
		if sp == p {
			return p
		}
	}
	return nil
}

// broadcast hands news to every pane, in front or not.
func (a *App) broadcast(msg tea.Msg) tea.Cmd {
	var cmds []tea.Cmd
	for t, p := range a.tabs {
		if a.opened[t] {
			cmds = append(cmds, p.Update(msg))
		}
	}
	for _, p := range a.stack {
		cmds = append(cmds, p.Update(msg))
	}
	return tea.Batch(cmds...)
}

// front is the pane that gets the keys.
func (a *App) front() pane {
	switch {
	case a.c.User.ID == 0:
		return a.welcome
	case len(a.stack) > 0:
		return a.stack[len(a.stack)-1]
	}
	return a.tabs[a.active]
}

// key handles a key press: the app's own keys first, unless the pane in
// front is typing, then the pane's.
func (a *App) key(msg tea.KeyPressMsg) tea.Cmd {
	k := a.c.Keys
	switch {
	case key.Matches(msg, k.Quit):
		return tea.Quit
	case key.Matches(msg, k.Redraw):
		return emit(redrawMsg{})
	case a.tooSmallNow():
		return nil // nothing shows what a key would do: it is dropped
	case a.asking:
		return a.answerQuit(msg)
	case a.help:
		if key.Matches(msg, k.Help, k.Back) {
			a.help, a.helpTopic = false, ""
		}
		return nil
	case a.cmdline != nil:
		return a.cmdline.Update(msg)
	case a.c.User.ID == 0:
		return a.welcome.Update(msg)
	}
	typing := a.front().Typing()
	if a.offer.line != "" && !typing {
		if cmd, ok := a.offerKey(msg); ok {
			return cmd
		}
	}
	for i, b := range k.Tab {
		// While typing, only alt+1…4 switch panes.
		if key.Matches(msg, b) && (!typing || msg.Mod&tea.ModAlt != 0) {
			return a.switchTab(tab(i))
		}
	}
	if key.Matches(msg, k.Refresh) {
		return emit(refreshMsg{})
	}
	if key.Matches(msg, k.JumpUnread) {
		return a.jumpUnread()
	}
	if tt, ok := a.front().(tabTaker); ok && tt.TakesTab() && key.Matches(msg, k.NextTab) {
		return a.front().Update(msg)
	}
	if !typing {
		switch {
		case key.Matches(msg, k.NextTab) && len(a.stack) == 0:
			return a.switchTab((a.active + 1) % tabCount)
		case key.Matches(msg, k.PrevTab) && len(a.stack) == 0:
			return a.switchTab((a.active + tabCount - 1) % tabCount)
		case key.Matches(msg, k.Help):
			a.help = true
			return nil
		case key.Matches(msg, k.Command):
			a.cmdline = newCmdline(a.c)
			return a.cmdline.Focus()
		// Opened at once, not through a message: keys typed right after
		// n must reach the composer.
		case key.Matches(msg, k.Notices):
			return a.push(newNotices(a.c))
		case key.Matches(msg, k.NewPost):
			return a.push(newCompose(a.c, composeMsg{}))
		case key.Matches(msg, k.Back):
			if b, ok := a.front().(backer); ok && b.Back() {
				return nil
			}
			switch {
			case len(a.stack) > 0:
				return a.back()
			case msg.String() == "q":
				return a.quit()
			}
		}
	}
	return a.front().Update(msg)
}

// jumpUnread goes to the most important unread thing: the conversation
// unread the longest (the next one on each press), then the unseen
// notifications, then the friend requests.
func (a *App) jumpUnread() tea.Cmd {
	switch {
	case a.counts.Unread > 0:
		again := a.active == tabChat && len(a.stack) == 0
		cmd := a.switchTab(tabChat)
		return tea.Batch(cmd, a.tabs[tabChat].Update(jumpUnreadMsg{again: again}))
	case a.counts.Notices > 0:
		return emit(openNoticesMsg{})
	case a.counts.Requests > 0:
		cmd := a.switchTab(tabFriends)
		return tea.Batch(cmd, a.tabs[tabFriends].Update(showRequestsMsg{}))
	}
	return a.toast("Nothing unread.", false)
}

// openNoticesMsg opens the notifications list.
type openNoticesMsg struct{}

// redrawMsg asks the program to paint the whole screen again.
type redrawMsg struct{}

// tokenMsg is the outcome of remembering a new sign-in.
type tokenMsg struct {
	token string
	err   error
}

// enter signs u in, unless OnSignIn refuses: then the welcome screen
// says why, keeping what was typed. The sign-in goes on once u's
// settings are read (settings.go).
func (a *App) enter(u model.User, signedUp bool) tea.Cmd {
	if a.opts.OnSignIn != nil {
		if err := a.opts.OnSignIn(u); err != nil {
			return a.welcome.refused(err, u.Username)
		}
	}
	return a.loadSettings(u, signedUp)
}

// signIn starts the signed-in part of a session: the panes, the live
// stream, the badges.
func (a *App) signIn(u model.User) tea.Cmd {
	if a.signOut != nil {
		a.signOut()
	}
	a.signedIn, a.signOut = context.WithCancel(a.c.Ctx)
	a.c.User, a.live, a.liveKnown = u, false, false
	a.welcome = nil // made again at log out; a server holds many sessions
	a.tabs = [tabCount]pane{newFeed(a.c), newProfile(a.c, u.ID), newFriends(a.c), newChat(a.c)}
	a.active, a.stack, a.help, a.cmdline = tabFeed, nil, false, nil
	a.layout()
	a.events, a.liveCh = nil, nil
	a.opened = [tabCount]bool{}
	cmds := []tea.Cmd{a.subscribe(), a.loadCounts(), a.openTab(a.active), a.tabs[a.active].Focus()}
	if a.opts.Tokens != nil && a.token == "" {
		cmds = append(cmds, a.remember(u.ID))
	}
	cmds = append(cmds, a.loadDrafts())
	if id := a.opts.OpenPost; id != 0 {
		a.opts.OpenPost = 0 // once, not at each sign-in
		cmds = append(cmds, emit(openPostMsg{id: id}))
	}
	return tea.Batch(cmds...)
}

// remember starts a sign-in that lasts until log out and keeps its token.
func (a *App) remember(userID int64) tea.Cmd {
	tokens, svc := a.opts.Tokens, a.c.Svc
	return call(a.c, nil, func(ctx context.Context) (string, error) {
		token, err := svc.StartSession(ctx, userID)
		if err != nil {
			return "", err
		}
		return token, tokens.Save(token)
	}, func(token string, err error) tea.Msg { return tokenMsg{token: token, err: err} })
}

// signOutNow ends the sign-in (and forgets the remembered one) and shows
// the welcome screen.
func (a *App) signOutNow() tea.Cmd {
	if a.signOut != nil {
		a.signOut()
	}
	var cmd tea.Cmd
	if a.opts.Tokens != nil && a.token != "" {
		token, tokens, svc := a.token, a.opts.Tokens, a.c.Svc
		cmd = do(a.c, nil, func(ctx context.Context) error {
			if err := svc.EndSession(ctx, token); err != nil {
				return err
			}
			return tokens.Delete()
		}, func(err error) tea.Msg {
			if err != nil {
				return toastMsg{text: "Could not forget this sign-in: " + model.ErrorMessage(err), isErr: true}
			}
			return nil
		})
	}
	a.events, a.liveCh = nil, nil
	a.c.User, a.token, a.tabs, a.stack, a.counts = model.User{}, "", [tabCount]pane{}, nil, model.Counts{}
	a.welcome = a.newWelcome("", false)
	a.layout()
	return tea.Batch(cmd, a.welcome.Focus())
}

// switchTab shows a tab, closing what was on top of the old one.
func (a *App) switchTab(t tab) tea.Cmd {
	hidden := a.hide(a.front())
	a.stack = nil
	a.active = t
	return tea.Batch(hidden, a.openTab(t), a.tabs[t].Focus())
}

// hide blurs p, which goes behind another pane, and starts the while
// after which it may let go of what it holds.
func (a *App) hide(p pane) tea.Cmd {
	p.Blur()
	if h, ok := p.(hider); ok {
		return h.Hidden()
	}
	return nil
}

// openTab loads a tab the first time it comes to the front. Until then it
// holds nothing and hears of nothing: most sessions on a server never
// look at most tabs, and a tab loads what is current when it opens.
func (a *App) openTab(t tab) tea.Cmd {
	if a.opened[t] {
		return nil
	}
	a.opened[t] = true
	return a.tabs[t].Init()
}

// push puts a view in front.
func (a *App) push(p pane) tea.Cmd {
	hidden := a.hide(a.front())
	a.stack = append(a.stack, p)
	w, h := a.bodySize()
	p.SetSize(w, h)
	return tea.Batch(hidden, p.Init(), p.Focus())
}

// back closes the view in front.
func (a *App) back() tea.Cmd {
	if len(a.stack) == 0 {
		return nil
	}
	a.front().Blur()
	a.stack = a.stack[:len(a.stack)-1]
	return a.front().Focus()
}

// bodySize is the size a pane gets.
func (a *App) bodySize() (int, int) {
	return a.c.Width, max(a.c.Height-chrome, 1)
}

// layout gives every pane its size.
func (a *App) layout() {
	w, h := a.bodySize()
	if a.welcome != nil {
		a.welcome.SetSize(a.c.Width, a.c.Height)
	}
	for _, p := range a.tabs {
		if p != nil {
			p.SetSize(w, h)
		}
	}
	for _, p := range a.stack {
		p.SetSize(w, h)
	}
}

// setTheme rebuilds the styles for a dark or light background.
func (a *App) setTheme(dark bool) {
	if a.c.Styles.Dark == dark {
		return
	}
	*a.c.Styles = *theme.New(dark)
}

// Frame is what the terminal should show now.
func (a *App) Frame() screen.Frame {
	f := screen.Frame{Title: a.title(), Mouse: a.c.User.ID != 0 && !a.front().Typing()}
	switch {
	case a.tooSmallNow():
		f.Content = a.tooSmall()
	case a.c.User.ID == 0:
		f.Content = a.welcome.View()
	default:
		f.Content = a.view()
	}
	return f
}

// title is the terminal window's title: the unread count first.
func (a *App) title() string {
	if n := a.counts.Unread; n > 0 {
		return "(" + count(n) + ") numeneon"
	}
	return "numeneon"
}

// tooSmallNow reports whether the terminal is below the minimum: only
// the "too small" screen shows, and keys, pastes and clicks are dropped.
func (a *App) tooSmallNow() bool { return a.c.Width < MinWidth || a.c.Height < MinHeight }

// tooSmall is the whole screen when the terminal is below the minimum.
func (a *App) tooSmall() string {
	msg := "numeneon needs a terminal of at least " + count(MinWidth) + "×" + count(MinHeight) +
		";\nthis one is " + count(a.c.Width) + "×" + count(a.c.Height) + ". Make it larger, or press ctrl+c to quit."
	lines := widget.Wrap(msg, max(a.c.Width-2, 10))
	return lipgloss.Place(max(a.c.Width, 1), max(a.c.Height, 1), lipgloss.Center, lipgloss.Center,
		a.c.Styles.Error.Render(strings.Join(lines, "\n")))
}

// view draws the signed-in frame: tab bar, pane, help line, and what is
// drawn over them (toasts, the help screen, the command line).
func (a *App) view() string {
	s := a.c.Styles
	w, h := a.bodySize()
	rule := s.Rule.Render(strings.Repeat("─", w))
	body := a.front().View()
	if a.help {
		body = a.helpView(w, h)
	}
	bottom := a.helpLine(w)
	if a.offer.line != "" {
		bottom = a.offerKeyLine(w)
	}
	if a.asking {
		bottom = a.quitLine(w)
	}
	if a.cmdline != nil {
		bottom = a.cmdline.View()
	}
	base := strings.Join([]string{a.tabBar(w), rule, body, rule, bottom}, "\n")
	if a.overlayOpen() {
		return base // the toasts wait (toastGoneMsg) until it is closed
	}
	return a.toasts.over(base, s, w)
}

// end ends the session, not by the person's choice: its account was closed
// or is gone. why is shown once the terminal is given back (Farewell).
func (a *App) end(why string) tea.Cmd {
	a.farewell = why
	return tea.Quit
}

// Farewell is why the session ended when the person did not end it, ""
// when they did: what to tell them once the terminal is given back.
func (a *App) Farewell() string { return a.farewell }
