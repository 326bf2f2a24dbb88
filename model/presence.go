package model

import (
	"context"
	"time"
)

// PresenceTTL is how long a session counts as online after its last
// heartbeat (RenewPresence, about every 20 seconds): the people of an instance
// that died go offline by themselves this long after.
const PresenceTTL = time.Minute

// MaxSessionID is the longest session id or instance name of presence.
const MaxSessionID = 64

// PresenceStore keeps who is online: one row per open session. Nothing
// about presence goes into the event stream; friends ask OnlineFriends.
type PresenceStore interface {
	// SetPresence records that session sessionID of userID on instance is
	// alive now (the store's clock), making the row or renewing it.
	SetPresence(ctx context.Context, userID int64, sessionID, instance string) error
	// RenewPresence renews, in one write, every session of instance.
	RenewPresence(ctx context.Context, instance string) error
	// DeletePresence forgets a session; one that is gone is no error.
	DeletePresence(ctx context.Context, sessionID string) error
	// OnlineFriends lists the ids of userID's friends who have a session
	// seen within ttl of the store's clock.
	OnlineFriends(ctx context.Context, userID int64, ttl time.Duration) ([]int64, error)
	// PrunePresence deletes the sessions last seen before before.
	PrunePresence(ctx context.Context, before time.Time) error
}

func validSessionID(field, label, id string) error {
	if err := validText(field, label, id); err != nil {
		return err
	}
	if id == "" || len(id) > MaxSessionID {
		return Invalid(field, "%s must have 1 to %d bytes.", label, MaxSessionID)
	}
	return nil
}

// SetOnline marks the actor online in one session (sessionID, unique to
// that session) of the server instance: at connect, then at every
// heartbeat. The session counts as online until PresenceTTL after the
// last call, or until SetOffline.
func (s *Service) SetOnline(ctx context.Context, actor int64, sessionID, instance string) error {
	if _, err := s.acting(ctx, actor); err != nil {
		return err
	}
	if err := validSessionID("session", "A session id", sessionID); err != nil {
		return err
	}
	if err := validText("instance", "An instance name", instance); err != nil {
		return err
	}
	if len(instance) > MaxSessionID {
		return Invalid("instance", "An instance name has at most %d bytes.", MaxSessionID)
	}
	return s.store.SetPresence(ctx, actor, sessionID, instance)
}

// RenewPresence is the heartbeat of a server instance: every session it
// marked online stays online for another PresenceTTL. One write for all
// of them, however many there are.
func (s *Service) RenewPresence(ctx context.Context, instance string) error {
	if err := validText("instance", "An instance name", instance); err != nil {
		return err
	}
	return s.store.RenewPresence(ctx, instance)
}

// SetOffline ends a session's presence (the session closed). A session
// that is not online is no error.
func (s *Service) SetOffline(ctx context.Context, sessionID string) error {
	if err := validSessionID("session", "A session id", sessionID); err != nil {
		return err
	}
	return s.store.DeletePresence(ctx, sessionID)
}

// OnlineFriends tells which of the actor's friends are online: those with
// a session seen within PresenceTTL. Friends who are offline are absent
// from the map.
func (s *Service) OnlineFriends(ctx context.Context, actor int64) (map[int64]bool, error) {
	if _, err := s.acting(ctx, actor); err != nil {
		return nil, err
	}
	ids, err := s.store.OnlineFriends(ctx, actor, PresenceTTL)
	if err != nil {
		return nil, err
	}
	online := make(map[int64]bool, len(ids))
	for _, id := range ids {
		online[id] = true
	}
	return online, nil
}

// PrunePresence deletes the sessions last seen before before: what
// crashed instances left behind. The server calls it now and then with
// a time PresenceTTL or more ago; it acts for no one.
func (s *Service) PrunePresence(ctx context.Context, before time.Time) error {
	return s.store.PrunePresence(ctx, before)
}
