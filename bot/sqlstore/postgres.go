package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/rs/zerolog"
	"go.mau.fi/util/dbutil"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// PoolOptions size the pool of connections to PostgreSQL. Zero values
// take database/sql's defaults.
type PoolOptions struct {
	MaxOpenConns    int
	MaxIdleConns    int
	ConnMaxLifetime time.Duration
}

// OpenPostgres connects to the PostgreSQL database that uri names (a
// postgres:// URI or libpq's key=value form) and brings its schema up to
// date. The URI may hold a password: it never appears in an error.
func OpenPostgres(ctx context.Context, uri string, pool PoolOptions) (*Store, error) {
	cfg, err := pgx.ParseConfig(uri)
	if err != nil {
		// pgconn's parse errors redact the password.
		return nil, fmt.Errorf("open database: %w", err)
	}
	name := fmt.Sprintf("%s on %s:%d", cfg.Database, cfg.Host, cfg.Port)
	raw := stdlib.OpenDB(*cfg.Copy())
	raw.SetMaxOpenConns(pool.MaxOpenConns)
	raw.SetMaxIdleConns(pool.MaxIdleConns)
	raw.SetConnMaxLifetime(pool.ConnMaxLifetime)
	if err := raw.PingContext(ctx); err != nil {
		raw.Close()
		return nil, fmt.Errorf("open database %s: %w", name, err)
	}
	db, err := dbutil.NewWithDB(raw, "postgres")
	if err != nil {
		raw.Close()
		return nil, fmt.Errorf("open database %s: %w", name, err)
	}
	db.Owner = "silentguard"
	db.VersionTable = VersionTable
	db.UpgradeTable = upgradeTable
	if err := db.Upgrade(ctx); err != nil {
		raw.Close()
		return nil, fmt.Errorf("upgrade database %s: %w", name, err)
	}
	s := &Store{db: db, raw: raw, dialect: dbutil.Postgres, path: name, pgcfg: cfg, log: *zerolog.Ctx(ctx)}
	if err := s.st.prepare(ctx, raw, s.q); err != nil {
		raw.Close()
		return nil, fmt.Errorf("open database %s: %w", name, err)
	}
	return s, nil
}

// pgRetries is how many times a transaction that PostgreSQL aborted for
// a deadlock or a serialization failure runs again before its error is
// returned.
const pgRetries = 3

// pgTx runs fn in a transaction of its own, at READ COMMITTED: the
// writes that must not race (a conversation's save, an event's mark)
// check versions or take keys with ON CONFLICT, so nothing needs a
// stricter level; a deadlock between two transactions is run again.
func (s *Store) pgTx(ctx context.Context, fn func(ctx context.Context) error) error {
	s.closeMu.RLock()
	closed := s.closed
	s.closeMu.RUnlock()
	if closed {
		return ErrClosed
	}
	for attempt := 0; ; attempt++ {
		err := s.pgTxOnce(ctx, fn)
		if attempt < pgRetries && retryable(err) {
			continue
		}
		return err
	}
}

func (s *Store) pgTxOnce(ctx context.Context, fn func(ctx context.Context) error) (err error) {
	tx, err := s.raw.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	b := &batch{tx: tx, stmts: make(map[*sql.Stmt]*sql.Stmt, 16)}
	defer func() {
		if p := recover(); p != nil {
			b.rollback()
			panic(p)
		}
	}()
	if err := fn(context.WithValue(ctx, batchKey{s}, b)); err != nil {
		b.rollback()
		return err
	}
	return b.commit()
}

// retryable tells whether PostgreSQL aborted a transaction that may
// succeed when run again.
func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01")
}

// isUniqueViolation tells whether an insert lost a race for a unique key.
func isUniqueViolation(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23505"
	}
	var se *sqlite.Error
	return errors.As(err, &se) && (se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY)
}
