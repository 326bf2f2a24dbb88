package storage

import (
	"context"
	"database/sql"
	"errors"

	"github.com/numeneon/numeneon/model"
)

// An invite lets someone in while it has uses left and has not expired
// ($2 is the time now).
const liveInvite = `code_hash = $1 AND used < uses AND (expires_at IS NULL OR expires_at > $2)`

// CheckSignUp answers what SignUpUser would about a ticket, without a write.
func (s *DB) CheckSignUp(ctx context.Context, t model.SignUpTicket) error {
	if t.InviteHash != "" {
		var n int
		err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM numeneon_invite WHERE `+liveInvite,
			t.InviteHash, s.d.time(s.now())).Scan(&n)
		if err != nil {
			return mapError(err)
		}
		if n == 0 {
			return model.ErrBadInvite()
		}
	}
	return mapError(checkSource(ctx, s.db, s.d, t))
}

// checkSource refuses a sign-up from an address whose block (its source)
// made its limit of accounts since the ticket's Since.
func checkSource(ctx context.Context, q queryRower, d dialect, t model.SignUpTicket) error {
	if t.Limit <= 0 {
		return nil
	}
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM numeneon_signup WHERE source = $1 AND created_at > $2`,
		model.AddressBlock(t.Address), d.time(t.Since)).Scan(&n)
	if err != nil {
		return err
	}
	if n >= t.Limit {
		return model.ErrTooManySignUps(t.Limit)
	}
	return nil
}

// SignUpUser makes the account of a sign-up: the source's count checked
// under a lock of that source (on Postgres; SQLite's write transactions
// run one at a time), one use of the invite taken, the user and profile
// inserted and the sign-up recorded, all in one transaction.
func (s *DB) SignUpUser(ctx context.Context, u *model.User, hash string, ticket model.SignUpTicket) error {
	if err := s.CatchUpUsernames(ctx); err != nil {
		return err
	}
	return nameClash(s.write(ctx, func(t *tx) error {
		if ticket.Limit > 0 {
			if err := t.lockKey(ctx, "numeneon_signup:"+model.AddressBlock(ticket.Address)); err != nil {
				return err
			}
			if err := checkSource(ctx, t, t.d, ticket); err != nil {
				return err
			}
		}
		var invite *int64
		if ticket.InviteHash != "" {
			// Postgres makes a racing UPDATE of the same row wait and then
			// look at the row again, so the last use goes to one sign-up.
			err := t.QueryRowContext(ctx, `UPDATE numeneon_invite SET used = used + 1 WHERE `+liveInvite+` RETURNING id`,
				ticket.InviteHash, t.ts()).Scan(&invite)
			if errors.Is(err, sql.ErrNoRows) {
				return model.ErrBadInvite()
			}
			if err != nil {
				return err
			}
		}
		if err := createUser(ctx, t, u, hash); err != nil {
			return err
		}
		_, err := t.ExecContext(ctx, `INSERT INTO numeneon_signup (user_id, address, source, invite_id, created_at)
			VALUES ($1, $2, $3, $4, $5)`, u.ID, ticket.Address, model.AddressBlock(ticket.Address), invite, t.ts())
		return err
	}))
}

const inviteColumns = `id, hint, uses, used, expires_at, created_at`

func scanInvite(r scanner) (model.Invite, error) {
	var (
		inv              model.Invite
		expires, created dbTime
	)
	err := r.Scan(&inv.ID, &inv.Hint, &inv.Uses, &inv.Used, &expires, &created)
	if !expires.t.IsZero() {
		inv.ExpiresAt = &expires.t
	}
	inv.CreatedAt = created.t
	return inv, err
}

// CreateInvite stores an invite by the hash of its code.
func (s *DB) CreateInvite(ctx context.Context, inv *model.Invite, codeHash string) error {
	return s.write(ctx, func(t *tx) error {
		var expires any
		if inv.ExpiresAt != nil {
			expires = t.d.time(*inv.ExpiresAt)
		}
		inv.CreatedAt, inv.Used = t.now, 0
		return t.QueryRowContext(ctx, `INSERT INTO numeneon_invite (code_hash, hint, uses, used, expires_at, created_at)
			VALUES ($1, $2, $3, 0, $4, $5) RETURNING id`, codeHash, inv.Hint, inv.Uses, expires, t.ts()).Scan(&inv.ID)
	})
}

// Invites lists every invite, oldest first.
func (s *DB) Invites(ctx context.Context) ([]model.Invite, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+inviteColumns+` FROM numeneon_invite ORDER BY id`)
	if err != nil {
		return nil, mapError(err)
	}
	return collect(rows, scanInvite)
}

// DeleteInvite revokes an invite.
func (s *DB) DeleteInvite(ctx context.Context, id int64) error {
	err := s.write(ctx, func(t *tx) error {
		return expectOne(t.ExecContext(ctx, `DELETE FROM numeneon_invite WHERE id = $1`, id))
	})
	if model.ErrorCode(err) == model.ENOTFOUND {
		return model.Errorf(model.ENOTFOUND, "There is no invite %d.", id)
	}
	return err
}
