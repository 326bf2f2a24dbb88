package storage

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/numeneon/numeneon/model"
)

const userColumns = `u.id, u.username, u.email, u.first_name, u.last_name,
	u.is_active, u.is_staff, u.is_superuser, u.date_joined, u.last_login`

func scanUser(row scanner) (model.User, error) {
	var (
		u         model.User
		joined    dbTime
		lastLogin dbTime
	)
	err := row.Scan(&u.ID, &u.Username, &u.Email, &u.FirstName, &u.LastName,
		&u.IsActive, &u.IsStaff, &u.IsSuperuser, &joined, &lastLogin)
	u.DateJoined = joined.t
	if !lastLogin.t.IsZero() {
		t := lastLogin.t
		u.LastLogin = &t
	}
	return u, err
}

// CreateUser inserts a user and their profile in one transaction, and
// the keys of their username (usernames.go).
func (s *DB) CreateUser(ctx context.Context, u *model.User, hash string) error {
	if err := s.CatchUpUsernames(ctx); err != nil {
		return err
	}
	return nameClash(s.write(ctx, func(t *tx) error { return createUser(ctx, t, u, hash) }))
}

// createUser inserts a user, the keys of their username and their profile
// unless the username (or one it looks like), or the e-mail address
// whatever its case, is taken. The queue of usernames made elsewhere must
// have been caught up first (CatchUpUsernames): it is again here, in the
// transaction, but in one write.
func createUser(ctx context.Context, t *tx, u *model.User, hash string) error {
	var n int
	if err := t.QueryRowContext(ctx, `SELECT COUNT(*) FROM auth_user WHERE username = $1`, u.Username).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return &model.Error{Code: model.ECONFLICT, Field: "username", Message: "That username is taken."}
	}
	email := strings.ToLower(u.Email)
	if err := t.lockKey(ctx, "numeneon.email:"+email); err != nil {
		return err
	}
	if err := t.QueryRowContext(ctx, `SELECT COUNT(*) FROM auth_user u WHERE `+t.d.emailIs("$1"), email).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return &model.Error{Code: model.ECONFLICT, Field: "email", Message: "That email already has an account."}
	}
	err := t.QueryRowContext(ctx, `INSERT INTO auth_user
		(password, last_login, is_superuser, username, first_name, last_name, email, is_staff, is_active, date_joined)
		VALUES ($1, NULL, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		hash, u.IsSuperuser, u.Username, u.FirstName, u.LastName, u.Email, u.IsStaff, u.IsActive, t.ts()).Scan(&u.ID)
	if err != nil {
		return err
	}
	u.DateJoined = t.now
	if err := claimUsername(ctx, t, u.ID, u.Username); err != nil {
		return err
	}
	if err := emailIsUsername(ctx, t, u.ID, u.Email); err != nil {
		return err
	}
	return ensureProfile(ctx, t, u.ID)
}

// nameClash says which field a unique clash of createUser was about: a
// concurrent sign-up took the name between the check and the insert.
func nameClash(err error) error {
	if model.ErrorCode(err) == model.ECONFLICT && model.ErrorField(err) == "" {
		return &model.Error{Code: model.ECONFLICT, Field: "username", Message: "That username is taken."}
	}
	return err
}

// ensureProfile creates the user's profile row unless it exists, as the
// web backend's post_save signal does.
func ensureProfile(ctx context.Context, t *tx, userID int64) error {
	_, err := t.ExecContext(ctx, `INSERT INTO users_profile
		(avatar, bio, location, website, created_at, updated_at, user_id)
		SELECT '', '', '', '', $1, $1, $2
		WHERE NOT EXISTS (SELECT 1 FROM users_profile WHERE user_id = $2)`, t.ts(), userID)
	return err
}

// User returns a user by id.
func (s *DB) User(ctx context.Context, id int64) (model.User, error) {
	u, err := scanUser(s.db.QueryRowContext(ctx, `SELECT `+userColumns+` FROM auth_user u WHERE u.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return u, notFound("User")
	}
	return u, mapError(err)
}

// UserByUsername returns a user by exact username.
func (s *DB) UserByUsername(ctx context.Context, username string) (model.User, error) {
	u, err := scanUser(s.db.QueryRowContext(ctx, `SELECT `+userColumns+` FROM auth_user u WHERE u.username = $1`, username))
	if errors.Is(err, sql.ErrNoRows) {
		return u, model.Errorf(model.ENOTFOUND, "There is no user %q.", username)
	}
	return u, mapError(err)
}

// UserByLogin finds a user by e-mail, when login has an @ (an address
// belongs to its owner, even where someone's username is the same
// address), else by username.
func (s *DB) UserByLogin(ctx context.Context, login string) (model.User, string, error) {
	type by struct{ where, value string }
	ways := []by{{`u.username = $1`, login}}
	if strings.Contains(login, "@") {
		ways = append([]by{{s.d.emailIs("$1") + ` AND u.email <> ''`, strings.ToLower(login)}}, ways...)
	}
	for _, by := range ways {
		var hash string
		row := s.db.QueryRowContext(ctx, `SELECT `+userColumns+`, u.password FROM auth_user u WHERE `+by.where+` ORDER BY u.id LIMIT 1`, by.value)
		u, err := scanUser(scanAlso{row, &hash})
		if err == nil {
			return u, hash, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return u, "", mapError(err)
		}
	}
	return model.User{}, "", notFound("User")
}

// scanAlso appends destinations to a row's Scan.
type scanAlso struct {
	row   scanner
	extra *string
}

func (s scanAlso) Scan(dest ...any) error { return s.row.Scan(append(dest, s.extra)...) }

// PasswordHash returns a user's password hash.
func (s *DB) PasswordHash(ctx context.Context, userID int64) (string, error) {
	var hash string
	err := s.db.QueryRowContext(ctx, `SELECT password FROM auth_user WHERE id = $1`, userID).Scan(&hash)
	if errors.Is(err, sql.ErrNoRows) {
		return "", notFound("User")
	}
	return hash, mapError(err)
}

// SetPassword replaces a password hash.
func (s *DB) SetPassword(ctx context.Context, userID int64, hash string) error {
	return s.write(ctx, func(t *tx) error {
		return expectOne(t.ExecContext(ctx, `UPDATE auth_user SET password = $1 WHERE id = $2`, hash, userID))
	})
}

// SetLastLogin records a login time.
func (s *DB) SetLastLogin(ctx context.Context, userID int64, at time.Time) error {
	return s.write(ctx, func(t *tx) error {
		_, err := t.ExecContext(ctx, `UPDATE auth_user SET last_login = $1 WHERE id = $2`, s.d.time(at), userID)
		return err
	})
}

// Users lists users by id.
func (s *DB) Users(ctx context.Context, afterID int64, limit int) ([]model.User, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+userColumns+` FROM auth_user u WHERE u.id > $1 ORDER BY u.id LIMIT $2`, afterID, limit)
	if err != nil {
		return nil, mapError(err)
	}
	return collect(rows, scanUser)
}

const summaryColumns = `u.id, u.username, u.first_name, u.last_name`

func scanSummary(row scanner) (model.UserSummary, error) {
	var u model.UserSummary
	err := row.Scan(&u.ID, &u.Username, &u.FirstName, &u.LastName)
	return u, err
}

// SearchUsers finds users by username, first or last name; usernames that
// start with q come first. Whoever blocks the viewer, or is blocked by
// them, is left out.
func (s *DB) SearchUsers(ctx context.Context, viewerID int64, q string, limit int) ([]model.UserSummary, error) {
	prefix := strings.TrimPrefix(likePattern(q), "%")
	like := s.d.lowerLike
	rows, err := s.db.QueryContext(ctx, `SELECT `+summaryColumns+` FROM auth_user u
		WHERE u.id <> $1 AND u.is_active AND u.id NOT IN (`+blockedWith("$1")+`)
		  AND (`+like("u.username", "$2")+` OR `+like("u.first_name", "$2")+` OR `+like("u.last_name", "$2")+`)
		ORDER BY CASE WHEN `+like("u.username", "$3")+` THEN 0 ELSE 1 END, u.username
		LIMIT $4`, viewerID, likePattern(q), prefix, limit)
	if err != nil {
		return nil, mapError(err)
	}
	return collect(rows, scanSummary)
}

// Profile returns a user's profile, or an empty one when its row is missing.
func (s *DB) Profile(ctx context.Context, userID int64) (model.Profile, error) {
	p := model.Profile{UserID: userID}
	var created, updated dbTime
	err := s.db.QueryRowContext(ctx, `SELECT id, bio, avatar, location, website, created_at, updated_at
		FROM users_profile WHERE user_id = $1`, userID).
		Scan(&p.ID, &p.Bio, &p.Avatar, &p.Location, &p.Website, &created, &updated)
	p.CreatedAt, p.UpdatedAt = created.t, updated.t
	if errors.Is(err, sql.ErrNoRows) {
		_, err = s.User(ctx, userID)
		return p, err
	}
	return p, mapError(err)
}

// UpdateProfile applies upd to the profile (made if missing) and the names
// to auth_user.
func (s *DB) UpdateProfile(ctx context.Context, userID int64, upd model.ProfileUpdate) error {
	return s.write(ctx, func(t *tx) error {
		if err := ensureProfile(ctx, t, userID); err != nil {
			return err
		}
		if err := updateColumns(ctx, t, "auth_user", "id", userID, []column{
			{"first_name", upd.FirstName}, {"last_name", upd.LastName},
		}, false); err != nil {
			return err
		}
		// The profile row is always touched (updated_at), names or not, so
		// that friends hear of the change.
		return updateColumns(ctx, t, "users_profile", "user_id", userID, []column{
			{"bio", upd.Bio}, {"avatar", upd.Avatar}, {"location", upd.Location}, {"website", upd.Website},
		}, true)
	})
}

// column is one optional change of an UPDATE.
type column struct {
	name  string
	value *string
}

// updateColumns sets the columns whose value is given (and updated_at when
// stamp is true) on the row where key = id.
func updateColumns(ctx context.Context, t *tx, table, key string, id int64, cols []column, stamp bool) error {
	var (
		sets []string
		args []any
	)
	for _, c := range cols {
		if c.value != nil {
			args = append(args, *c.value)
			sets = append(sets, c.name+" = $"+strconv.Itoa(len(args)))
		}
	}
	if len(sets) == 0 && !stamp {
		return nil
	}
	if stamp {
		args = append(args, t.ts())
		sets = append(sets, "updated_at = $"+strconv.Itoa(len(args)))
	}
	args = append(args, id)
	return expectOne(t.ExecContext(ctx, `UPDATE `+table+` SET `+strings.Join(sets, ", ")+` WHERE `+key+` = $`+strconv.Itoa(len(args)), args...))
}

// ProfileStats counts a user's posts, friends and likes and their posts per
// day since the given time.
func (s *DB) ProfileStats(ctx context.Context, userID int64, since time.Time) (model.ProfileView, error) {
	var v model.ProfileView
	err := s.db.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM posts_post WHERE author_id = $1 AND parent_id IS NULL),
		(SELECT COUNT(*) FROM friends_friendship WHERE user_id = $1),
		(SELECT COALESCE(SUM(likes_count), 0) FROM posts_post WHERE author_id = $1),
		(SELECT COUNT(*) FROM posts_like WHERE user_id = $1)`, userID).
		Scan(&v.PostCount, &v.FriendCount, &v.LikesReceived, &v.LikesGiven)
	if err != nil {
		return v, mapError(err)
	}
	day := s.d.day("created_at")
	rows, err := s.db.QueryContext(ctx, `SELECT `+day+`, COUNT(*) FROM posts_post
		WHERE author_id = $1 AND created_at >= $2 GROUP BY `+day+` ORDER BY 1`, userID, s.d.time(since))
	if err != nil {
		return v, mapError(err)
	}
	v.Activity, err = collect(rows, func(r scanner) (model.DayCount, error) {
		var (
			d  dbTime
			dc model.DayCount
		)
		err := r.Scan(&d, &dc.Count)
		dc.Day = d.t
		return dc, err
	})
	return v, err
}
