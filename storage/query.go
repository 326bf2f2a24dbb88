package storage

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"github.com/numeneon/numeneon/model"
)

// scanner is a row to scan: *sql.Row, *sql.Rows, or a wrapper of either.
type scanner interface {
	Scan(dest ...any) error
}

// queryRower is the pool or a transaction, for reads that run in either.
type queryRower interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// collect scans every row with scan and closes rows.
func collect[T any](rows *sql.Rows, scan func(scanner) (T, error)) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, mapError(err)
		}
		out = append(out, v)
	}
	return out, mapError(rows.Err())
}

// scanInt64 scans a row of one integer.
func scanInt64(r scanner) (int64, error) {
	var v int64
	err := r.Scan(&v)
	return v, err
}

// affected returns how many rows a statement changed.
func affected(res sql.Result, err error) (int64, error) {
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// expectOne turns an UPDATE or DELETE that touched no row into ENOTFOUND.
func expectOne(res sql.Result, err error) error {
	if n, err := affected(res, err); err != nil {
		return err
	} else if n == 0 {
		return notFound("It was")
	}
	return nil
}

// notFound returns ENOTFOUND with a message about what is missing.
func notFound(what string) error {
	return model.Errorf(model.ENOTFOUND, "%s not found.", what)
}

// args collects query arguments; add returns the placeholder of the value
// it appends.
type args []any

func (a *args) add(v any) string {
	*a = append(*a, v)
	return "$" + strconv.Itoa(len(*a))
}

// placeholders returns "$from, $from+1, …" for n values.
func placeholders(from, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('$')
		b.WriteString(strconv.Itoa(from + i))
	}
	return b.String()
}

// likePattern makes a case-insensitive "contains" pattern for LIKE … ESCAPE '\'.
func likePattern(q string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(strings.ToLower(q)) + "%"
}
