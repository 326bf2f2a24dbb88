package tui

import (
	"context"
	"sync"

	"github.com/numeneon/numeneon/model"
)

// countingService is the real Service with each call a session makes
// counted by method, for the tests that measure what a live event costs a
// session. It holds the Service rather than embedding it, so that a
// method added to Service and not counted here does not compile.
// Subscribe hands the test each event the session took from its stream.
type countingService struct {
	svc   Service
	taken chan model.Event // each event as the session takes it

	mu    sync.Mutex
	calls map[string]int
}

func newCountingService(svc Service) *countingService {
	return &countingService{svc: svc, taken: make(chan model.Event, 64), calls: map[string]int{}}
}

func (c *countingService) called(name string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls[name]++
}

// take returns the calls counted since the last take.
func (c *countingService) take() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	calls := c.calls
	c.calls = map[string]int{}
	return calls
}

func (c *countingService) Subscribe(a0 context.Context, a1, a2 int64) (<-chan model.Event, error) {
	c.called("Subscribe")
	in, err := c.svc.Subscribe(a0, a1, a2)
	if err != nil {
		return nil, err
	}
	out := make(chan model.Event)
	go func() {
		defer close(out)
		for ev := range in {
			select {
			case out <- ev:
			case <-a0.Done():
				return
			}
			c.taken <- ev
		}
	}()
	return out, nil
}

func (c *countingService) Login(a0 context.Context, a1, a2 string) (model.User, error) {
	c.called("Login")
	return c.svc.Login(a0, a1, a2)
}

func (c *countingService) SignUp(a0 context.Context, a1 model.SignUp) (model.User, error) {
	c.called("SignUp")
	return c.svc.SignUp(a0, a1)
}

func (c *countingService) StartSession(a0 context.Context, a1 int64) (string, error) {
	c.called("StartSession")
	return c.svc.StartSession(a0, a1)
}

func (c *countingService) ResumeSession(a0 context.Context, a1 string) (model.User, error) {
	c.called("ResumeSession")
	return c.svc.ResumeSession(a0, a1)
}

func (c *countingService) EndSession(a0 context.Context, a1 string) error {
	c.called("EndSession")
	return c.svc.EndSession(a0, a1)
}

func (c *countingService) User(a0 context.Context, a1, a2 int64) (model.User, error) {
	c.called("User")
	return c.svc.User(a0, a1, a2)
}

func (c *countingService) UserByUsername(a0 context.Context, a1 int64, a2 string) (model.User, error) {
	c.called("UserByUsername")
	return c.svc.UserByUsername(a0, a1, a2)
}

func (c *countingService) LastEventID(a0 context.Context) (int64, error) {
	c.called("LastEventID")
	return c.svc.LastEventID(a0)
}

func (c *countingService) WatchLive(a0 context.Context) <-chan bool {
	c.called("WatchLive")
	return c.svc.WatchLive(a0)
}

func (c *countingService) Profile(a0 context.Context, a1, a2 int64) (model.ProfileView, error) {
	c.called("Profile")
	return c.svc.Profile(a0, a1, a2)
}

func (c *countingService) UpdateProfile(a0 context.Context, a1 int64, a2 model.ProfileUpdate) error {
	c.called("UpdateProfile")
	return c.svc.UpdateProfile(a0, a1, a2)
}

func (c *countingService) SearchUsers(a0 context.Context, a1 int64, a2 string) ([]model.UserSummary, error) {
	c.called("SearchUsers")
	return c.svc.SearchUsers(a0, a1, a2)
}

func (c *countingService) CreatePost(a0 context.Context, a1 int64, a2 model.NewPost) (model.Post, error) {
	c.called("CreatePost")
	return c.svc.CreatePost(a0, a1, a2)
}

func (c *countingService) EditPost(a0 context.Context, a1, a2 int64, a3 model.PostUpdate) (model.Post, error) {
	c.called("EditPost")
	return c.svc.EditPost(a0, a1, a2, a3)
}

func (c *countingService) DeletePost(a0 context.Context, a1, a2 int64) error {
	c.called("DeletePost")
	return c.svc.DeletePost(a0, a1, a2)
}

func (c *countingService) Post(a0 context.Context, a1, a2 int64) (model.Post, error) {
	c.called("Post")
	return c.svc.Post(a0, a1, a2)
}

func (c *countingService) ToggleShare(a0 context.Context, a1, a2 int64) (bool, error) {
	c.called("ToggleShare")
	return c.svc.ToggleShare(a0, a1, a2)
}

func (c *countingService) ToggleLike(a0 context.Context, a1, a2 int64) (bool, error) {
	c.called("ToggleLike")
	return c.svc.ToggleLike(a0, a1, a2)
}

func (c *countingService) Likers(a0 context.Context, a1, a2 int64) ([]model.UserSummary, error) {
	c.called("Likers")
	return c.svc.Likers(a0, a1, a2)
}

func (c *countingService) Feed(a0 context.Context, a1 int64, a2 model.FeedScope, a3 model.Page) ([]model.Post, error) {
	c.called("Feed")
	return c.svc.Feed(a0, a1, a2, a3)
}

func (c *countingService) River(a0 context.Context, a1 int64, a2 model.FeedScope, a3 int, a4 *model.RiverCursor) ([]model.RiverRow, error) {
	c.called("River")
	return c.svc.River(a0, a1, a2, a3, a4)
}

func (c *countingService) UserPosts(a0 context.Context, a1, a2 int64, a3 model.Page) ([]model.Post, error) {
	c.called("UserPosts")
	return c.svc.UserPosts(a0, a1, a2, a3)
}

func (c *countingService) Thread(a0 context.Context, a1, a2 int64, a3 model.Page) ([]model.Post, error) {
	c.called("Thread")
	return c.svc.Thread(a0, a1, a2, a3)
}

func (c *countingService) SearchPosts(a0 context.Context, a1 int64, a2 string, a3 model.Page) ([]model.Post, error) {
	c.called("SearchPosts")
	return c.svc.SearchPosts(a0, a1, a2, a3)
}

func (c *countingService) SendFriendRequest(a0 context.Context, a1, a2 int64) (model.SendResult, error) {
	c.called("SendFriendRequest")
	return c.svc.SendFriendRequest(a0, a1, a2)
}

func (c *countingService) AcceptFriendRequest(a0 context.Context, a1, a2 int64) error {
	c.called("AcceptFriendRequest")
	return c.svc.AcceptFriendRequest(a0, a1, a2)
}

func (c *countingService) DeclineFriendRequest(a0 context.Context, a1, a2 int64) error {
	c.called("DeclineFriendRequest")
	return c.svc.DeclineFriendRequest(a0, a1, a2)
}

func (c *countingService) CancelFriendRequest(a0 context.Context, a1, a2 int64) error {
	c.called("CancelFriendRequest")
	return c.svc.CancelFriendRequest(a0, a1, a2)
}

func (c *countingService) Unfriend(a0 context.Context, a1, a2 int64) error {
	c.called("Unfriend")
	return c.svc.Unfriend(a0, a1, a2)
}

func (c *countingService) Friends(a0 context.Context, a1, a2 int64) ([]model.Friend, error) {
	c.called("Friends")
	return c.svc.Friends(a0, a1, a2)
}

func (c *countingService) FriendRequests(a0 context.Context, a1 int64, a2 bool) ([]model.FriendRequest, error) {
	c.called("FriendRequests")
	return c.svc.FriendRequests(a0, a1, a2)
}

func (c *countingService) FriendSuggestions(a0 context.Context, a1 int64, a2 int) ([]model.UserSummary, error) {
	c.called("FriendSuggestions")
	return c.svc.FriendSuggestions(a0, a1, a2)
}

func (c *countingService) Block(a0 context.Context, a1, a2 int64) error {
	c.called("Block")
	return c.svc.Block(a0, a1, a2)
}

func (c *countingService) Unblock(a0 context.Context, a1, a2 int64) error {
	c.called("Unblock")
	return c.svc.Unblock(a0, a1, a2)
}

func (c *countingService) Mute(a0 context.Context, a1, a2 int64) error {
	c.called("Mute")
	return c.svc.Mute(a0, a1, a2)
}

func (c *countingService) Unmute(a0 context.Context, a1, a2 int64) error {
	c.called("Unmute")
	return c.svc.Unmute(a0, a1, a2)
}

func (c *countingService) Blocks(a0 context.Context, a1 int64) ([]model.Block, error) {
	c.called("Blocks")
	return c.svc.Blocks(a0, a1)
}

func (c *countingService) SendMessage(a0 context.Context, a1, a2 int64, a3 string) (model.Message, error) {
	c.called("SendMessage")
	return c.svc.SendMessage(a0, a1, a2, a3)
}

func (c *countingService) Messages(a0 context.Context, a1, a2 int64, a3 model.Page) ([]model.Message, error) {
	c.called("Messages")
	return c.svc.Messages(a0, a1, a2, a3)
}

func (c *countingService) Conversations(a0 context.Context, a1 int64) ([]model.Conversation, error) {
	c.called("Conversations")
	return c.svc.Conversations(a0, a1)
}

func (c *countingService) MarkConversationRead(a0 context.Context, a1, a2 int64) (int, error) {
	c.called("MarkConversationRead")
	return c.svc.MarkConversationRead(a0, a1, a2)
}

func (c *countingService) Message(a0 context.Context, a1, a2 int64) (model.Message, error) {
	c.called("Message")
	return c.svc.Message(a0, a1, a2)
}

func (c *countingService) EditMessage(a0 context.Context, a1, a2 int64, a3 string) (model.Message, error) {
	c.called("EditMessage")
	return c.svc.EditMessage(a0, a1, a2, a3)
}

func (c *countingService) DeleteMessage(a0 context.Context, a1, a2 int64) error {
	c.called("DeleteMessage")
	return c.svc.DeleteMessage(a0, a1, a2)
}

func (c *countingService) SearchMessages(a0 context.Context, a1, a2 int64, a3 string) ([]model.Message, error) {
	c.called("SearchMessages")
	return c.svc.SearchMessages(a0, a1, a2, a3)
}

func (c *countingService) Notifications(a0 context.Context, a1, a2 int64, a3 int, a4 ...model.NoticeFilter) ([]model.Notification, error) {
	c.called("Notifications")
	return c.svc.Notifications(a0, a1, a2, a3, a4...)
}

func (c *countingService) MarkAllNotificationsRead(a0 context.Context, a1, a2 int64) (int, error) {
	c.called("MarkAllNotificationsRead")
	return c.svc.MarkAllNotificationsRead(a0, a1, a2)
}

func (c *countingService) MarkNotificationsSeen(a0 context.Context, a1, a2 int64) error {
	c.called("MarkNotificationsSeen")
	return c.svc.MarkNotificationsSeen(a0, a1, a2)
}

func (c *countingService) MarkNotificationRead(a0 context.Context, a1, a2 int64) error {
	c.called("MarkNotificationRead")
	return c.svc.MarkNotificationRead(a0, a1, a2)
}

func (c *countingService) AddSSHKey(a0 context.Context, a1 int64, a2 string) (model.SSHKey, error) {
	c.called("AddSSHKey")
	return c.svc.AddSSHKey(a0, a1, a2)
}

func (c *countingService) SSHKeys(a0 context.Context, a1 int64) ([]model.SSHKey, error) {
	c.called("SSHKeys")
	return c.svc.SSHKeys(a0, a1)
}

func (c *countingService) RemoveSSHKey(a0 context.Context, a1 int64, a2 string) error {
	c.called("RemoveSSHKey")
	return c.svc.RemoveSSHKey(a0, a1, a2)
}

func (c *countingService) OnlineFriends(a0 context.Context, a1 int64) (map[int64]bool, error) {
	c.called("OnlineFriends")
	return c.svc.OnlineFriends(a0, a1)
}

func (c *countingService) SaveDraft(a0 context.Context, a1 int64, a2 string, a3 model.Draft) error {
	c.called("SaveDraft")
	return c.svc.SaveDraft(a0, a1, a2, a3)
}

func (c *countingService) Drafts(a0 context.Context, a1 int64) (map[string]model.Draft, error) {
	c.called("Drafts")
	return c.svc.Drafts(a0, a1)
}

func (c *countingService) Settings(a0 context.Context, a1 int64) (model.Settings, error) {
	c.called("Settings")
	return c.svc.Settings(a0, a1)
}

func (c *countingService) SetSetting(a0 context.Context, a1 int64, a2, a3 string) error {
	c.called("SetSetting")
	return c.svc.SetSetting(a0, a1, a2, a3)
}

func (c *countingService) Counts(a0 context.Context, a1 int64) (model.Counts, error) {
	c.called("Counts")
	return c.svc.Counts(a0, a1)
}
