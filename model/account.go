package model

import "context"

// AccountExists reports whether a username names an account, active or
// not, for a server that must choose between asking for a password and
// offering sign-up before anyone is signed in. It tells no more than
// sign-up's "That username is taken." does.
func (s *Service) AccountExists(ctx context.Context, username string) (bool, error) {
	name, err := lookupName(username)
	if err != nil {
		return false, nil // not a name anyone can have
	}
	_, err = s.store.UserByUsername(ctx, name)
	switch ErrorCode(err) {
	case "":
		return true, nil
	case ENOTFOUND:
		return false, nil
	}
	return false, err
}
