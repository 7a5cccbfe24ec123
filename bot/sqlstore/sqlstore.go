// Package sqlstore implements bot.Store on SQLite (pure Go,
// modernc.org/sqlite) and on PostgreSQL (pgx), with one set of queries and
// versioned upgrade files run by mautrix's dbutil (the few lines where the
// dialects differ carry dbutil's "-- only:" markers). Every statement is
// prepared once. On SQLite every write goes through one writer, which
// commits the transactions that wait together as one (group commit), and
// the WAL is checkpointed in the background; PostgreSQL runs transactions
// side by side on a pool of connections (see postgres.go).
package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/rs/zerolog"
	"go.mau.fi/util/dbutil"
	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/detectors"
)

//go:embed upgrades/*.sql
var upgrades embed.FS

// VersionTable is where dbutil records the schema version.
const VersionTable = "silentguard_version"

var upgradeTable = dbutil.BuildUpgradeTable().WithFSPath(upgrades, "upgrades").Finish()

// Store is the SQL implementation of bot.Store.
type Store struct {
	db      *dbutil.Database
	raw     *sql.DB
	dialect dbutil.Dialect
	// path names the database in errors: the SQLite file, or PostgreSQL's
	// database and host (never its URI, which may hold a password).
	path string
	// pgcfg is PostgreSQL's connection config (nil on SQLite), for the
	// leases' connections of their own.
	pgcfg *pgx.ConnConfig
	// fence is the lease the delivery records are fenced by (see
	// FenceDelivery); nil: unfenced.
	fence atomic.Pointer[Lease]
	// tempDir holds a ":memory:" database; Close removes it.
	tempDir string
	log     zerolog.Logger
	st      statements

	// wconn is the writer's own connection: its statements stay prepared
	// on it, and nothing else waits for SQLite's write lock in this
	// process (the Matrix crypto store aside, which writes rarely).
	wconn          *sql.Conn
	requests       chan *txRequest
	closeMu        sync.RWMutex
	closed         bool
	quit           chan struct{}
	writerDone     chan struct{}
	checkpointDone chan struct{}
	knownDone      chan struct{}
	cutWAL         chan struct{} // the checkpoint loop asks the writer to empty the WAL file
	commits        atomic.Int64  // since the last checkpoint
	walFull        atomic.Bool   // the writer is to finish a checkpoint (see walRestartFrames)
	batches        atomic.Int64  // committed, in all

	// observe is told how long each write and read took (see Observe).
	observe func(op string, d time.Duration)

	// noneAllowed remembers, on SQLite, the owners who allowed no sender
	// at all (most), so that a new conversation's check reads nothing
	// (see Allowed).
	noneAllowed noneAllowed

	// known tells, on SQLite, the conversations that are surely not
	// stored (see knownConversations); nil on PostgreSQL.
	known *knownConversations
}

// noneAllowed: owners known to have no allowed sender. Only this
// process writes the file, and every write to the allow-list clears the
// set twice: when it runs, and once its transaction is over (before its
// caller hears back). A reader puts an owner in only if no such clearing
// happened while it read (gen), so a read that saw the list before a
// write committed cannot outlive the write.
type noneAllowed struct {
	mu      sync.Mutex
	gen     uint64
	owners  map[string]bool
	pending atomic.Bool // the running batch wrote to the allow-list
}

func (n *noneAllowed) clear() {
	n.mu.Lock()
	n.gen++
	clear(n.owners)
	n.mu.Unlock()
}

// has tells whether owner is known to have allowed no one, and the
// generation to give add.
func (n *noneAllowed) has(owner string) (bool, uint64) {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.owners[owner], n.gen
}

func (n *noneAllowed) add(owner string, gen uint64) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.gen == gen {
		if n.owners == nil {
			n.owners = map[string]bool{}
		}
		n.owners[owner] = true
	}
}

// Store operations told to Observe's function.
const (
	OpWrite = "write" // a transaction, from the request to its commit
	OpRead  = "read"  // a query outside a transaction
)

// Observe has fn told the duration of every write transaction (from the
// request to its commit, as its caller waits, group commit included) and
// of every read outside one. Call it before the store is shared.
func (s *Store) Observe(fn func(op string, d time.Duration)) { s.observe = fn }

// observed tells the observer, if any, how long op took since start.
func (s *Store) observed(op string, start time.Time) {
	if s.observe != nil {
		s.observe(op, time.Since(start))
	}
}

var _ bot.Store = (*Store)(nil)

// OpenSQLite opens (creating it and its directory) the SQLite file at path,
// in WAL mode, and brings its schema up to date. path ":memory:" gives a
// private database in a temporary directory that Close removes. The file
// and its -wal and -shm are made the owner's alone (a warning on
// zerolog.Ctx(ctx) says so); a zero-length file is refused with
// ErrEmptyFile.
func OpenSQLite(ctx context.Context, path string) (*Store, error) {
	if path == ":memory:" {
		// A file, not SQLite's in-memory database: that one exists per
		// connection, and the writer holds a connection of its own.
		dir, err := os.MkdirTemp("", "silentguard-")
		if err != nil {
			return nil, fmt.Errorf("open database: %w", err)
		}
		s, err := openSQLite(ctx, filepath.Join(dir, "silentguard.db"))
		if err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
		s.tempDir = dir
		return s, nil
	}
	if err := prepareFile(ctx, path); err != nil {
		return nil, err
	}
	return openSQLite(ctx, path)
}

// Connections: the writer's, and readers (this store's reads and the
// Matrix crypto store). Idle ones are kept, so that their prepared
// statements are too.
const maxConns = 4

// Page caches: a reader's is dropped whenever another connection commits
// (SQLite's WAL mode), so it keeps little; the writer's holds the pages
// every message touches.
const (
	readerCacheKB = 256
	writerCacheKB = 2048
)

// busyTimeout is how long a connection waits for SQLite's lock (another
// process, the Matrix crypto store's writes).
const busyTimeout = 10 * time.Second

func openSQLite(ctx context.Context, path string) (*Store, error) {
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath()
	// synchronous(NORMAL) in WAL mode: a committed transaction survives the
	// process being killed (it is in the OS's cache); only a power cut can
	// lose the last commits. wal_autocheckpoint(0): the checkpoint loop
	// does it, outside the commits. journal_size_limit: a WAL that
	// starts over is cut back to 64 MB; cutting it back further (SQLite's
	// usual few MB) took 30-40 ms inside a commit under load, and the WAL
	// stays below 64 MB anyway (see walRestartFrames). Once the store is
	// idle the writer empties it (cutBackWAL).
	dsn += "?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(1)&_pragma=busy_timeout(" +
		fmt.Sprint(busyTimeout.Milliseconds()) + ")" +
		"&_pragma=secure_delete(1)&_pragma=wal_autocheckpoint(0)&_pragma=journal_size_limit(67108864)" +
		"&_pragma=cache_size(-" + fmt.Sprint(readerCacheKB) + ")&_txlock=immediate"
	raw, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	raw.SetMaxOpenConns(maxConns)
	raw.SetMaxIdleConns(maxConns)
	db, err := dbutil.NewWithDB(raw, "sqlite")
	if err != nil {
		raw.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	db.Owner = "silentguard"
	db.VersionTable = VersionTable
	db.UpgradeTable = upgradeTable
	if err := db.Upgrade(ctx); err != nil {
		raw.Close()
		return nil, fmt.Errorf("upgrade database %s: %w", path, err)
	}
	s := &Store{db: db, raw: raw, dialect: dbutil.SQLite, path: path, log: *zerolog.Ctx(ctx),
		requests: make(chan *txRequest, maxBatch), quit: make(chan struct{}),
		writerDone: make(chan struct{}), checkpointDone: make(chan struct{}), knownDone: make(chan struct{}),
		cutWAL: make(chan struct{}, 1)}
	if err := s.st.prepare(ctx, raw, s.q); err != nil {
		raw.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	if s.wconn, err = raw.Conn(ctx); err == nil {
		_, err = s.wconn.ExecContext(ctx, fmt.Sprintf("PRAGMA cache_size(-%d)", writerCacheKB))
	}
	if err != nil {
		s.st.close()
		raw.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	var lastID int64
	if err := raw.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM conversation`).Scan(&lastID); err != nil {
		s.wconn.Close()
		s.st.close()
		raw.Close()
		return nil, fmt.Errorf("open database %s: read conversation count: %w", path, err)
	}
	s.known = newKnownConversations(lastID)
	go s.writeLoop()
	go s.checkpointLoop()
	go s.knownLoad()
	return s, nil
}

// q is a query in the store's dialect: the queries are written with
// PostgreSQL's $1 placeholders.
func (s *Store) q(query string) string {
	if s.dialect == dbutil.SQLite {
		return sqliteParams(query)
	}
	return query
}

// Dialect tells which database this is.
func (s *Store) Dialect() dbutil.Dialect { return s.dialect }

// DB exposes the database, for components that keep their own tables in
// the same file (the Matrix crypto store).
func (s *Store) DB() *dbutil.Database { return s.db }

// Close lets the writer finish what waits for it, then closes the
// database (which checkpoints SQLite's WAL into the file).
func (s *Store) Close() error {
	s.closeMu.Lock()
	if s.closed {
		s.closeMu.Unlock()
		return nil
	}
	s.closed = true
	if s.requests != nil {
		close(s.requests)
		close(s.quit)
	}
	s.closeMu.Unlock()
	if s.requests != nil {
		<-s.writerDone
		<-s.checkpointDone
		<-s.knownDone
	}
	s.st.close()
	if s.wconn != nil {
		s.wconn.Close()
	}
	err := s.raw.Close()
	if s.tempDir != "" {
		os.RemoveAll(s.tempDir)
	}
	return err
}

// exec runs a write: in ctx's transaction, or in a transaction of its own.
func (s *Store) exec(ctx context.Context, st *sql.Stmt, args ...any) (sql.Result, error) {
	var res sql.Result
	err := s.Tx(ctx, func(ctx context.Context) error {
		var err error
		res, err = s.batchOf(ctx).stmt(st).ExecContext(ctx, args...)
		return err
	})
	return res, err
}

// affected runs a write and tells how many rows it changed.
func (s *Store) affected(ctx context.Context, st *sql.Stmt, args ...any) (int64, error) {
	res, err := s.exec(ctx, st, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// reader is where a read runs: ctx's transaction, or the pool.
func (s *Store) reader(ctx context.Context, st *sql.Stmt) *sql.Stmt {
	if b := s.batchOf(ctx); b != nil {
		return b.stmt(st)
	}
	return st
}

func (s *Store) queryRow(ctx context.Context, st *sql.Stmt, args ...any) *sql.Row {
	if s.batchOf(ctx) == nil {
		defer s.observed(OpRead, time.Now())
	}
	return s.reader(ctx, st).QueryRowContext(s.readCtx(ctx), args...)
}

func (s *Store) query(ctx context.Context, st *sql.Stmt, args ...any) (*sql.Rows, error) {
	if s.batchOf(ctx) == nil {
		defer s.observed(OpRead, time.Now())
	}
	return s.reader(ctx, st).QueryContext(s.readCtx(ctx), args...)
}

// readCtx is the context a read runs with. On SQLite, a context that can
// end costs the driver a goroutine per statement, to interrupt it: about
// as much as one of these reads (a lookup by key or index, microseconds),
// which is not worth interrupting. A ctx that has ended already still
// fails the read. PostgreSQL keeps ctx: the network can hang.
func (s *Store) readCtx(ctx context.Context) context.Context {
	if s.dialect != dbutil.SQLite || ctx.Done() == nil || ctx.Err() != nil {
		return ctx
	}
	return context.WithoutCancel(ctx)
}

func ms(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func fromMS(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v).UTC()
}

func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return bot.ErrNotFound
	}
	return err
}

func scanConversation(row dbutil.Scannable) (*bot.Conversation, error) {
	var c bot.Conversation
	var first, last, stored int64
	var level int
	err := row.Scan(&c.ID, &c.Owner, &c.Platform, &c.Key, &c.Sender.ID, &c.Sender.Phone, &c.Sender.DisplayName,
		&c.Sender.Network, &c.Sender.Bridged, &first, &last, &c.State, &c.TurnCount, &level, &c.Warnings, &c.Purged, &stored, &c.Version)
	if err != nil {
		return nil, notFound(err)
	}
	c.FirstSeen, c.LastSeen, c.StoredAt, c.Level = fromMS(first), fromMS(last), fromMS(stored), detectors.Level(level)
	return &c, nil
}

// Conversation looks one up by its natural key.
func (s *Store) Conversation(ctx context.Context, owner, platform, key string) (*bot.Conversation, error) {
	if s.known != nil && s.known.absent(owner, platform, key) {
		if err := ctx.Err(); err != nil {
			return nil, err // as a read would
		}
		return nil, bot.ErrNotFound
	}
	return scanConversation(s.queryRow(ctx, s.st.conversation, owner, platform, key))
}

// ConversationByID looks one up by its ID.
func (s *Store) ConversationByID(ctx context.Context, id int64) (*bot.Conversation, error) {
	return scanConversation(s.queryRow(ctx, s.st.conversationByID, id))
}

// CountConversations counts an owner's conversations by state.
func (s *Store) CountConversations(ctx context.Context, owner string) (map[string]int, error) {
	rows, err := s.query(ctx, s.st.countByState, owner)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var state string
		var n int
		if err := rows.Scan(&state, &n); err != nil {
			return nil, err
		}
		out[state] = n
	}
	return out, rows.Err()
}

// SaveConversation inserts, or updates the copy that was read last.
func (s *Store) SaveConversation(ctx context.Context, c *bot.Conversation) error {
	return s.Tx(ctx, func(ctx context.Context) error {
		b := s.batchOf(ctx)
		id, version := c.ID, c.Version
		b.onUndo(func() { c.ID, c.Version = id, version })
		if c.ID == 0 {
			if s.known != nil {
				s.known.add(c.Owner, c.Platform, c.Key) // before any reader can see it
			}
			st := b.stmt(s.st.insertConv)
			args := []any{c.Owner, c.Platform, c.Key, c.Sender.ID, c.Sender.Phone, c.Sender.DisplayName, c.Sender.Network,
				c.Sender.Bridged, ms(c.FirstSeen), ms(c.LastSeen), c.State, c.TurnCount, int(c.Level), c.Warnings, ms(c.StoredAt)}
			var err error
			if s.dialect == dbutil.SQLite {
				// SQLite tells the new row's ID: no result set to set up,
				// read and close, as RETURNING needs.
				var res sql.Result
				if res, err = st.ExecContext(ctx, args...); err == nil {
					c.ID, err = res.LastInsertId()
				}
			} else {
				err = st.QueryRowContext(ctx, args...).Scan(&c.ID)
			}
			c.Version = 0
			if isUniqueViolation(err) {
				// Another instance stored it first (PostgreSQL): read it.
				return fmt.Errorf("insert conversation: %w (%w)", bot.ErrConflict, err)
			}
			return err
		}
		res, err := b.stmt(s.st.updateConv).ExecContext(ctx, c.ID, c.Sender.ID, c.Sender.Phone, c.Sender.DisplayName,
			c.Sender.Network, c.Sender.Bridged, ms(c.LastSeen), c.State, c.TurnCount, int(c.Level), c.Warnings, c.Version)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 1 {
			if err == nil {
				c.Version++
			}
			return err
		}
		var n int
		if err := b.stmt(s.st.conversationIsSet).QueryRowContext(ctx, c.ID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("conversation %d: %w", c.ID, bot.ErrNotFound)
		}
		return fmt.Errorf("conversation %d: %w", c.ID, bot.ErrConflict)
	})
}

// MarkEvent records an event ID; false means it was seen before.
func (s *Store) MarkEvent(ctx context.Context, convID int64, eventID string) (bool, error) {
	n, err := s.affected(ctx, s.st.markEvent, convID, eventID)
	return n == 1, err
}

// Turns returns the stored turns by sequence; redacted ones are marked.
func (s *Store) Turns(ctx context.Context, convID int64) ([]bot.Turn, error) {
	rows, err := s.query(ctx, s.st.turns, convID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []bot.Turn
	for rows.Next() {
		t := bot.Turn{ConversationID: convID}
		var at int64
		if err := rows.Scan(&t.Seq, &t.EventID, &t.FromOwner, &t.Text, &t.Media, &at, &t.Redacted); err != nil {
			return nil, err
		}
		t.At = fromMS(at)
		out = append(out, t)
	}
	return out, rows.Err()
}

// AddTurn appends a turn.
func (s *Store) AddTurn(ctx context.Context, t *bot.Turn) error {
	_, err := s.exec(ctx, s.st.addTurn, t.ConversationID, t.Seq, t.EventID, t.FromOwner, t.Text, t.Media, ms(t.At))
	return err
}

// EditTurn replaces a turn's text.
func (s *Store) EditTurn(ctx context.Context, convID int64, eventID, text, media string) (bool, error) {
	n, err := s.affected(ctx, s.st.editTurn, convID, eventID, text, media)
	return n > 0, err
}

// RedactTurn marks a turn deleted by the sender and drops its text.
func (s *Store) RedactTurn(ctx context.Context, convID int64, eventID string) (bool, error) {
	n, err := s.affected(ctx, s.st.redactTurn, convID, eventID)
	return n > 0, err
}

// AddWarning stores a warning with a pending delivery per target.
func (s *Store) AddWarning(ctx context.Context, w *bot.Warning, targets []string) error {
	reasons, err := json.Marshal(w.Reasons)
	if err != nil {
		return err
	}
	sender, err := json.Marshal(w.Sender)
	if err != nil {
		return err
	}
	var conv any
	if w.ConversationID != 0 {
		conv = w.ConversationID
	}
	return s.Tx(ctx, func(ctx context.Context) error {
		b := s.batchOf(ctx)
		_, err := b.stmt(s.st.addWarning).ExecContext(ctx, w.ID, w.Ref, w.Owner, conv, w.Platform, string(sender), int(w.Level),
			w.Kind, w.Escalation, w.Score, string(reasons), w.Notice, ms(w.Created))
		if err != nil {
			return err
		}
		for _, t := range targets {
			if _, err := b.stmt(s.st.addDelivery).ExecContext(ctx, w.ID, t, ms(w.Created)); err != nil {
				return err
			}
		}
		return nil
	})
}

func scanWarning(row dbutil.Scannable) (*bot.Warning, error) {
	var w bot.Warning
	var level int
	var sender, reasons string
	var created int64
	err := row.Scan(&w.ID, &w.Ref, &w.Owner, &w.ConversationID, &w.Platform, &sender, &level, &w.Kind,
		&w.Escalation, &w.Score, &reasons, &w.Notice, &created)
	if err != nil {
		return nil, notFound(err)
	}
	w.Level, w.Created = detectors.Level(level), fromMS(created)
	if err := json.Unmarshal([]byte(sender), &w.Sender); err != nil {
		return nil, fmt.Errorf("warning %s: sender: %w", w.ID, err)
	}
	if err := json.Unmarshal([]byte(reasons), &w.Reasons); err != nil {
		return nil, fmt.Errorf("warning %s: reasons: %w", w.ID, err)
	}
	return &w, nil
}

// Warning looks a warning up by ID.
func (s *Store) Warning(ctx context.Context, id string) (*bot.Warning, error) {
	return scanWarning(s.queryRow(ctx, s.st.warning, id))
}

// WarningByRef looks a warning up by the short reference the owner saw.
func (s *Store) WarningByRef(ctx context.Context, owner, ref string) (*bot.Warning, error) {
	return scanWarning(s.queryRow(ctx, s.st.warningByRef, owner, ref))
}

// RecentWarnings returns an owner's newest warnings first.
func (s *Store) RecentWarnings(ctx context.Context, owner string, limit int) ([]bot.Warning, error) {
	rows, err := s.query(ctx, s.st.recentWarnings, owner, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []bot.Warning
	for rows.Next() {
		w, err := scanWarning(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *w)
	}
	return out, rows.Err()
}

// PendingDeliveries lists deliveries not yet sent, oldest first.
func (s *Store) PendingDeliveries(ctx context.Context) ([]bot.Delivery, error) {
	return s.deliveries(ctx, s.st.pending)
}

// DueDeliveries lists a target's pending deliveries that are due.
func (s *Store) DueDeliveries(ctx context.Context, target string, now time.Time, limit int) ([]bot.Delivery, error) {
	return s.deliveries(ctx, s.st.due, target, ms(now), limit)
}

// NextDeliveryTry is the earliest next try of a target's pending deliveries.
func (s *Store) NextDeliveryTry(ctx context.Context, target string) (time.Time, error) {
	var next sql.NullInt64
	err := s.queryRow(ctx, s.st.nextTry, target).Scan(&next)
	if err != nil || !next.Valid {
		return time.Time{}, err
	}
	return time.UnixMilli(next.Int64).UTC(), nil
}

// FailedDeliveries lists an owner's warnings that failed for good.
func (s *Store) FailedDeliveries(ctx context.Context, owner string, limit int) ([]bot.Delivery, error) {
	return s.deliveries(ctx, s.st.failed, owner, limit)
}

func (s *Store) deliveries(ctx context.Context, st *sql.Stmt, args ...any) ([]bot.Delivery, error) {
	rows, err := s.query(ctx, st, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []bot.Delivery
	for rows.Next() {
		var d bot.Delivery
		var next int64
		if err := rows.Scan(&d.WarningID, &d.Ref, &d.Target, &d.Attempts, &next, &d.LastError); err != nil {
			return nil, err
		}
		d.NextTry = fromMS(next)
		out = append(out, d)
	}
	return out, rows.Err()
}

// MarkUndeliverable records that a delivery failed for good.
func (s *Store) MarkUndeliverable(ctx context.Context, warningID, target, reason string, at time.Time) error {
	return s.mark(ctx, "undeliverable", warningID, target, s.st.markUndelivered, qMarkUndelivered, warningID, target, reason, ms(at))
}

// MarkSent records a successful delivery.
func (s *Store) MarkSent(ctx context.Context, warningID, target string, at time.Time) error {
	return s.mark(ctx, "sent", warningID, target, s.st.markSent, qMarkSent, warningID, target, ms(at))
}

// MarkFailed records a failed attempt and when to try again.
func (s *Store) MarkFailed(ctx context.Context, warningID, target, reason string, next time.Time) error {
	return s.mark(ctx, "failed", warningID, target, s.st.markFailed, qMarkFailed, warningID, target, reason, ms(next))
}

// Allowed tells whether the owner allowed this sender on this platform,
// or on every platform (platform "").
func (s *Store) Allowed(ctx context.Context, owner, platform, senderID string) (bool, error) {
	// On SQLite, outside a write, an owner who allowed no one costs one
	// read, not one per new conversation. (PostgreSQL may be written by
	// other instances.)
	cached := s.dialect == dbutil.SQLite && s.batchOf(ctx) == nil
	if cached {
		none, gen := s.noneAllowed.has(owner)
		if none {
			return false, nil
		}
		var any int
		if err := s.queryRow(ctx, s.st.anyAllowed, owner).Scan(&any); err != nil {
			return false, err
		}
		if any == 0 {
			s.noneAllowed.add(owner, gen)
			return false, nil
		}
	}
	var n int
	err := s.queryRow(ctx, s.st.allowed, owner, platform, senderID).Scan(&n)
	return n > 0, err
}

// Allow records a sender the owner knows; every conversation watched with
// them stops being watched. Platform "" allows them everywhere: by sender
// ID or phone number, on every platform.
func (s *Store) Allow(ctx context.Context, owner, platform, senderID string, at time.Time) error {
	return s.Tx(ctx, func(ctx context.Context) error {
		s.noneAllowed.pending.Store(true)
		s.noneAllowed.clear()
		if _, err := s.exec(ctx, s.st.allow, owner, platform, senderID, ms(at)); err != nil {
			return err
		}
		_, err := s.exec(ctx, s.st.allowConvs, owner, platform, senderID)
		return err
	})
}

// AddFeedback records what the owner said about a warning.
func (s *Store) AddFeedback(ctx context.Context, f bot.Feedback) error {
	_, err := s.exec(ctx, s.st.addFeedback, f.Owner, f.WarningID, f.Kind, ms(f.At))
	return err
}

// Feedbacks lists what the owner said about a warning, oldest first.
func (s *Store) Feedbacks(ctx context.Context, owner, warningID string) ([]bot.Feedback, error) {
	rows, err := s.query(ctx, s.st.feedbacks, owner, warningID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []bot.Feedback
	for rows.Next() {
		f := bot.Feedback{Owner: owner, WarningID: warningID}
		var at int64
		if err := rows.Scan(&f.Kind, &at); err != nil {
			return nil, err
		}
		f.At = fromMS(at)
		out = append(out, f)
	}
	return out, rows.Err()
}

// Secret returns the secret stored as name, made of n random bytes the
// first time it is asked for: every process that opens this database gets
// the same one, and a backup keeps it.
func (s *Store) Secret(ctx context.Context, name string, n int) ([]byte, error) {
	fresh := make([]byte, n)
	if _, err := rand.Read(fresh); err != nil {
		return nil, fmt.Errorf("secret %s: %w", name, err)
	}
	err := s.Tx(ctx, func(ctx context.Context) error {
		_, err := s.batchOf(ctx).tx.ExecContext(ctx, s.q(`INSERT INTO secret (name, value, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`),
			name, fresh, ms(time.Now()))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("secret %s: %w", name, err)
	}
	var v []byte
	if err := s.raw.QueryRowContext(ctx, s.q(`SELECT value FROM secret WHERE name=$1`), name).Scan(&v); err != nil {
		return nil, fmt.Errorf("secret %s: %w", name, err)
	}
	return v, nil
}

// Cursor reads an adapter's saved position ("" when none).
func (s *Store) Cursor(ctx context.Context, owner, adapter, key string) (string, error) {
	var v string
	err := s.queryRow(ctx, s.st.cursor, owner, adapter, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// SetCursor saves an adapter's position.
func (s *Store) SetCursor(ctx context.Context, owner, adapter, key, value string) error {
	_, err := s.exec(ctx, s.st.setCursor, owner, adapter, key, value)
	return err
}

// DeleteCursor removes a saved position.
func (s *Store) DeleteCursor(ctx context.Context, owner, adapter, key string) error {
	_, err := s.exec(ctx, s.st.deleteCursor, owner, adapter, key)
	return err
}

// CursorsWithPrefix lists an adapter's saved values whose name starts
// with prefix, by name.
func (s *Store) CursorsWithPrefix(ctx context.Context, owner, adapter, prefix string) (map[string]string, error) {
	rows, err := s.query(ctx, s.st.cursorPrefix, owner, adapter, prefix)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		out[k] = v
	}
	return out, rows.Err()
}

// NextPurge returns the earliest time that a purgeable conversation's
// retention runs from (zero when there is none).
func (s *Store) NextPurge(ctx context.Context) (time.Time, error) {
	var first sql.NullInt64
	err := s.queryRow(ctx, s.st.nextPurge).Scan(&first)
	if err != nil || !first.Valid {
		return time.Time{}, err
	}
	return fromMS(first.Int64), nil
}

// purgeChunk is how many conversations one transaction of a purge takes:
// the writer serves messages between chunks.
const purgeChunk = 64

// Purge drops stored text of conversations whose retention runs from
// before the cutoff: turn text, and the evidence quoted in their warnings.
// Each conversation is purged whole, in transactions of purgeChunk.
func (s *Store) Purge(ctx context.Context, before time.Time) (int, error) {
	total := 0
	for {
		var n int
		err := s.Tx(ctx, func(ctx context.Context) error {
			ids, err := s.ids(ctx, s.st.purgeCandidates, ms(before), purgeChunk)
			if err != nil {
				return err
			}
			for _, id := range ids {
				if _, err := s.exec(ctx, s.st.purgeTurns, id); err != nil {
					return err
				}
				if err := s.stripEvidence(ctx, id); err != nil {
					return err
				}
				if _, err := s.exec(ctx, s.st.purgeConv, id); err != nil {
					return err
				}
			}
			n = len(ids)
			return nil
		})
		total += n
		if err != nil || n < purgeChunk {
			return total, err
		}
	}
}

func (s *Store) ids(ctx context.Context, st *sql.Stmt, args ...any) ([]int64, error) {
	rows, err := s.query(ctx, st, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

func (s *Store) stripEvidence(ctx context.Context, convID int64) error {
	rows, err := s.query(ctx, s.st.convWarnings, convID)
	if err != nil {
		return err
	}
	type upd struct{ id, reasons string }
	var todo []upd
	for rows.Next() {
		var id, raw string
		if err := rows.Scan(&id, &raw); err != nil {
			rows.Close()
			return err
		}
		var rs []detectors.Reason
		if err := json.Unmarshal([]byte(raw), &rs); err != nil {
			rs = nil
		}
		for i := range rs {
			rs[i].Evidence, rs[i].Detail, rs[i].Args = "", "", nil
		}
		b, _ := json.Marshal(rs)
		todo = append(todo, upd{id, string(b)})
	}
	rows.Close()
	for _, u := range todo {
		if _, err := s.exec(ctx, s.st.stripWarning, u.id, u.reasons); err != nil {
			return err
		}
	}
	return nil
}

// Forget deletes everything stored about one owner.
func (s *Store) Forget(ctx context.Context, owner string) error {
	return s.Tx(ctx, func(ctx context.Context) error {
		tx := s.batchOf(ctx).tx
		for _, q := range []string{
			`DELETE FROM delivery WHERE warning_id IN (SELECT id FROM warning WHERE owner=$1)`,
			`DELETE FROM warning WHERE owner=$1`,
			`DELETE FROM seen_event WHERE conv_id IN (SELECT id FROM conversation WHERE owner=$1)`,
			`DELETE FROM turn WHERE conv_id IN (SELECT id FROM conversation WHERE owner=$1)`,
			`DELETE FROM conversation WHERE owner=$1`,
			`DELETE FROM allowed_sender WHERE owner=$1`,
			`DELETE FROM feedback WHERE owner=$1`,
			`DELETE FROM cursor WHERE owner=$1`,
		} {
			if _, err := tx.ExecContext(ctx, s.q(q), owner); err != nil {
				return fmt.Errorf("forget %s: %w", owner, err)
			}
		}
		return nil
	})
}

// Vacuum rewrites the file so deleted rows leave no trace on disk. On
// PostgreSQL it runs VACUUM on the database (outside a transaction, as
// VACUUM must): the deleted rows' space becomes reusable at once, without
// locking out the other instances; their bytes stay in the files until
// the server reuses that space, and in its WAL and backups until those
// roll over (VACUUM FULL, which rewrites the tables, would lock them).
func (s *Store) Vacuum(ctx context.Context) error {
	if s.dialect != dbutil.SQLite {
		if _, err := s.raw.ExecContext(ctx, `VACUUM`); err != nil {
			return fmt.Errorf("VACUUM on %s: %w", s.path, err)
		}
		return nil
	}
	if _, err := s.raw.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		return err
	}
	_, err := s.raw.ExecContext(ctx, `VACUUM`)
	return err
}
