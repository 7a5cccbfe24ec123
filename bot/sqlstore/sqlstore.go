// Package sqlstore implements bot.Store on SQL through mautrix's dbutil,
// with versioned upgrade files. SQLite (pure Go, modernc.org/sqlite) is the
// default; the queries stay portable so a PostgreSQL dialect can join.
package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"sync"
	"time"

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
	db   *dbutil.Database
	path string
	// txMu queues this process's transactions: waiting on a Go mutex is
	// fair and immediate, while SQLite's busy handler sleeps in steps of
	// up to 100 ms, which showed as p99 latency under load.
	txMu sync.Mutex
}

type inTxKey struct{}

var _ bot.Store = (*Store)(nil)

// OpenSQLite opens (creating it and its directory) the SQLite file at path,
// in WAL mode, and brings its schema up to date. path ":memory:" gives a
// private in-memory database. The file and its -wal and -shm are made the
// owner's alone (a warning on zerolog.Ctx(ctx) says so); a zero-length file
// is refused with ErrEmptyFile.
func OpenSQLite(ctx context.Context, path string) (*Store, error) {
	if path != ":memory:" {
		if err := prepareFile(ctx, path); err != nil {
			return nil, err
		}
	}
	return openSQLite(ctx, path)
}

func openSQLite(ctx context.Context, path string) (*Store, error) {
	dsn := "file::memory:"
	if path != ":memory:" {
		dsn = "file:" + (&url.URL{Path: path}).EscapedPath()
	}
	// synchronous(NORMAL) in WAL mode: a committed transaction survives the
	// process being killed (it is in the OS's cache); only a power cut can
	// lose the last commits.
	dsn += "?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_pragma=secure_delete(1)&_txlock=immediate"
	raw, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	// An in-memory database exists per connection: keep one. A file gets a
	// few, so that components sharing it (the Matrix crypto store) never
	// wait on each other's open transaction; writers still take turns
	// through SQLite's lock (immediate transactions, busy timeout).
	if path == ":memory:" {
		raw.SetMaxOpenConns(1)
	} else {
		raw.SetMaxOpenConns(4)
	}
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
	return &Store{db: db, path: path}, nil
}

// DB exposes the database, for components that keep their own tables in
// the same file (the Matrix crypto store).
func (s *Store) DB() *dbutil.Database { return s.db }

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Tx runs fn in one transaction.
func (s *Store) Tx(ctx context.Context, fn func(ctx context.Context) error) error {
	if ctx.Value(inTxKey{}) != nil {
		return fn(ctx) // nested: joins the outer transaction
	}
	s.txMu.Lock()
	defer s.txMu.Unlock()
	return s.db.DoTxn(context.WithValue(ctx, inTxKey{}, true), nil, fn)
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

const conversationColumns = `id, owner, platform, conv_key, sender_id, sender_phone, sender_name, network, bridged,
	first_seen, last_seen, state, turns, level, warnings, purged, stored_at`

func scanConversation(row dbutil.Scannable) (*bot.Conversation, error) {
	var c bot.Conversation
	var first, last, stored int64
	var level int
	err := row.Scan(&c.ID, &c.Owner, &c.Platform, &c.Key, &c.Sender.ID, &c.Sender.Phone, &c.Sender.DisplayName,
		&c.Sender.Network, &c.Sender.Bridged, &first, &last, &c.State, &c.Turns, &level, &c.Warnings, &c.Purged, &stored)
	if err != nil {
		return nil, notFound(err)
	}
	c.FirstSeen, c.LastSeen, c.StoredAt, c.Level = fromMS(first), fromMS(last), fromMS(stored), detectors.Level(level)
	return &c, nil
}

// Conversation looks one up by its natural key.
func (s *Store) Conversation(ctx context.Context, owner, platform, key string) (*bot.Conversation, error) {
	return scanConversation(s.db.QueryRow(ctx, `SELECT `+conversationColumns+` FROM conversation
		WHERE owner=$1 AND platform=$2 AND conv_key=$3`, owner, platform, key))
}

// ConversationByID looks one up by its ID.
func (s *Store) ConversationByID(ctx context.Context, id int64) (*bot.Conversation, error) {
	return scanConversation(s.db.QueryRow(ctx, `SELECT `+conversationColumns+` FROM conversation WHERE id=$1`, id))
}

// CountConversations counts an owner's conversations by state.
func (s *Store) CountConversations(ctx context.Context, owner string) (map[string]int, error) {
	rows, err := s.db.Query(ctx, `SELECT state, COUNT(*) FROM conversation WHERE owner=$1 GROUP BY state`, owner)
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

// SaveConversation inserts or updates.
func (s *Store) SaveConversation(ctx context.Context, c *bot.Conversation) error {
	if c.ID == 0 {
		return s.db.QueryRow(ctx, `INSERT INTO conversation (owner, platform, conv_key, sender_id, sender_phone,
			sender_name, network, bridged, first_seen, last_seen, state, turns, level, warnings, stored_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
			c.Owner, c.Platform, c.Key, c.Sender.ID, c.Sender.Phone, c.Sender.DisplayName, c.Sender.Network,
			c.Sender.Bridged, ms(c.FirstSeen), ms(c.LastSeen), c.State, c.Turns, int(c.Level), c.Warnings, ms(c.StoredAt)).Scan(&c.ID)
	}
	_, err := s.db.Exec(ctx, `UPDATE conversation SET sender_id=$2, sender_phone=$3, sender_name=$4, network=$5,
		bridged=$6, last_seen=$7, state=$8, turns=$9, level=$10, warnings=$11 WHERE id=$1`,
		c.ID, c.Sender.ID, c.Sender.Phone, c.Sender.DisplayName, c.Sender.Network, c.Sender.Bridged,
		ms(c.LastSeen), c.State, c.Turns, int(c.Level), c.Warnings)
	return err
}

// MarkEvent records an event ID; false means it was seen before.
func (s *Store) MarkEvent(ctx context.Context, convID int64, eventID string) (bool, error) {
	res, err := s.db.Exec(ctx, `INSERT INTO seen_event (conv_id, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, convID, eventID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// Turns returns the stored turns, oldest first, without redacted ones.
func (s *Store) Turns(ctx context.Context, convID int64) ([]bot.Turn, error) {
	rows, err := s.db.Query(ctx, `SELECT seq, event_id, from_owner, COALESCE(text, ''), media, at, redacted
		FROM turn WHERE conv_id=$1 ORDER BY seq`, convID)
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
	_, err := s.db.Exec(ctx, `INSERT INTO turn (conv_id, seq, event_id, from_owner, text, media, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, t.ConversationID, t.Seq, t.EventID, t.FromOwner, t.Text, t.Media, ms(t.At))
	return err
}

// EditTurn replaces a turn's text.
func (s *Store) EditTurn(ctx context.Context, convID int64, eventID, text, media string) (bool, error) {
	res, err := s.db.Exec(ctx, `UPDATE turn SET text=$3, media=CASE WHEN $4='' THEN media ELSE $4 END
		WHERE conv_id=$1 AND event_id=$2 AND NOT redacted`, convID, eventID, text, media)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// RedactTurn marks a turn deleted by the sender and drops its text.
func (s *Store) RedactTurn(ctx context.Context, convID int64, eventID string) (bool, error) {
	res, err := s.db.Exec(ctx, `UPDATE turn SET redacted=true, text=NULL WHERE conv_id=$1 AND event_id=$2`, convID, eventID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
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
		_, err := s.db.Exec(ctx, `INSERT INTO warning (id, ref, owner, conv_id, platform, sender, level, kind, escalation,
			score, reasons, notice, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
			w.ID, w.Ref, w.Owner, conv, w.Platform, string(sender), int(w.Level), w.Kind, w.Escalation, w.Score,
			string(reasons), w.Notice, ms(w.Created))
		if err != nil {
			return err
		}
		for _, t := range targets {
			if _, err := s.db.Exec(ctx, `INSERT INTO delivery (warning_id, target, state) VALUES ($1, $2, 'pending')`, w.ID, t); err != nil {
				return err
			}
		}
		return nil
	})
}

const warningColumns = `id, ref, owner, COALESCE(conv_id, 0), platform, sender, level, kind, escalation, score, reasons, notice, created_at`

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
	return scanWarning(s.db.QueryRow(ctx, `SELECT `+warningColumns+` FROM warning WHERE id=$1`, id))
}

// WarningByRef looks a warning up by the short reference the owner saw.
func (s *Store) WarningByRef(ctx context.Context, owner, ref string) (*bot.Warning, error) {
	return scanWarning(s.db.QueryRow(ctx, `SELECT `+warningColumns+` FROM warning WHERE owner=$1 AND ref=$2`, owner, ref))
}

// RecentWarnings returns an owner's newest warnings first.
func (s *Store) RecentWarnings(ctx context.Context, owner string, limit int) ([]bot.Warning, error) {
	rows, err := s.db.Query(ctx, `SELECT `+warningColumns+` FROM warning WHERE owner=$1 ORDER BY created_at DESC LIMIT $2`, owner, limit)
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
	return s.deliveries(ctx, `SELECT d.warning_id, '', d.target, d.attempts, d.next_try, d.last_error
		FROM delivery d JOIN warning w ON w.id = d.warning_id WHERE d.state='pending' ORDER BY w.created_at`)
}

// DueDeliveries lists a target's pending deliveries that are due.
func (s *Store) DueDeliveries(ctx context.Context, target string, now time.Time, limit int) ([]bot.Delivery, error) {
	return s.deliveries(ctx, `SELECT d.warning_id, '', d.target, d.attempts, d.next_try, d.last_error
		FROM delivery d JOIN warning w ON w.id = d.warning_id
		WHERE d.state='pending' AND d.target=$1 AND d.next_try <= $2 ORDER BY d.next_try, w.created_at LIMIT $3`,
		target, ms(now), limit)
}

// NextDeliveryTry is the earliest next try of a target's pending deliveries.
func (s *Store) NextDeliveryTry(ctx context.Context, target string) (time.Time, error) {
	var next sql.NullInt64
	err := s.db.QueryRow(ctx, `SELECT MIN(next_try) FROM delivery WHERE state='pending' AND target=$1`, target).Scan(&next)
	if err != nil || !next.Valid {
		return time.Time{}, err
	}
	return time.UnixMilli(next.Int64).UTC(), nil
}

// FailedDeliveries lists an owner's warnings that failed for good.
func (s *Store) FailedDeliveries(ctx context.Context, owner string, limit int) ([]bot.Delivery, error) {
	return s.deliveries(ctx, `SELECT d.warning_id, w.ref, d.target, d.attempts, d.next_try, d.last_error
		FROM delivery d JOIN warning w ON w.id = d.warning_id
		WHERE d.state='failed' AND w.owner=$1 AND w.notice='' ORDER BY w.created_at DESC LIMIT $2`, owner, limit)
}

func (s *Store) deliveries(ctx context.Context, query string, args ...any) ([]bot.Delivery, error) {
	rows, err := s.db.Query(ctx, query, args...)
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
	_, err := s.db.Exec(ctx, `UPDATE delivery SET state='failed', attempts=attempts+1, last_error=$3, next_try=$4
		WHERE warning_id=$1 AND target=$2`, warningID, target, reason, ms(at))
	return err
}

// MarkSent records a successful delivery.
func (s *Store) MarkSent(ctx context.Context, warningID, target string, at time.Time) error {
	_, err := s.db.Exec(ctx, `UPDATE delivery SET state='sent', sent_at=$3, attempts=attempts+1, last_error=''
		WHERE warning_id=$1 AND target=$2`, warningID, target, ms(at))
	return err
}

// MarkFailed records a failed attempt and when to try again.
func (s *Store) MarkFailed(ctx context.Context, warningID, target, reason string, next time.Time) error {
	_, err := s.db.Exec(ctx, `UPDATE delivery SET attempts=attempts+1, last_error=$3, next_try=$4
		WHERE warning_id=$1 AND target=$2`, warningID, target, reason, ms(next))
	return err
}

// Allowed tells whether the owner allowed this sender.
func (s *Store) Allowed(ctx context.Context, owner, platform, senderID string) (bool, error) {
	var n int
	err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM allowed_sender WHERE owner=$1 AND platform=$2 AND sender_id=$3`,
		owner, platform, senderID).Scan(&n)
	return n > 0, err
}

// Allow records a sender the owner knows.
func (s *Store) Allow(ctx context.Context, owner, platform, senderID string, at time.Time) error {
	_, err := s.db.Exec(ctx, `INSERT INTO allowed_sender (owner, platform, sender_id, added_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT DO NOTHING`, owner, platform, senderID, ms(at))
	if err != nil {
		return err
	}
	// Every conversation with that sender stops being watched.
	_, err = s.db.Exec(ctx, `UPDATE conversation SET state='known' WHERE owner=$1 AND platform=$2 AND sender_id=$3 AND state='watching'`,
		owner, platform, senderID)
	return err
}

// AddFeedback records what the owner said about a warning.
func (s *Store) AddFeedback(ctx context.Context, f bot.Feedback) error {
	_, err := s.db.Exec(ctx, `INSERT INTO feedback (owner, warning_id, kind, at) VALUES ($1, $2, $3, $4)
		ON CONFLICT DO NOTHING`, f.Owner, f.WarningID, f.Kind, ms(f.At))
	return err
}

// Cursor reads an adapter's saved position ("" when none).
func (s *Store) Cursor(ctx context.Context, owner, adapter, key string) (string, error) {
	var v string
	err := s.db.QueryRow(ctx, `SELECT value FROM cursor WHERE owner=$1 AND adapter=$2 AND name=$3`, owner, adapter, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// SetCursor saves an adapter's position.
func (s *Store) SetCursor(ctx context.Context, owner, adapter, key, value string) error {
	_, err := s.db.Exec(ctx, `INSERT INTO cursor (owner, adapter, name, value) VALUES ($1, $2, $3, $4)
		ON CONFLICT (owner, adapter, name) DO UPDATE SET value=excluded.value`, owner, adapter, key, value)
	return err
}

// DeleteCursor removes a saved position.
func (s *Store) DeleteCursor(ctx context.Context, owner, adapter, key string) error {
	_, err := s.db.Exec(ctx, `DELETE FROM cursor WHERE owner=$1 AND adapter=$2 AND name=$3`, owner, adapter, key)
	return err
}

// CursorsWithPrefix lists an adapter's saved values whose name starts
// with prefix, by name.
func (s *Store) CursorsWithPrefix(ctx context.Context, owner, adapter, prefix string) (map[string]string, error) {
	rows, err := s.db.Query(ctx, `SELECT name, value FROM cursor WHERE owner=$1 AND adapter=$2 AND substr(name, 1, length($3))=$3`, owner, adapter, prefix)
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

// purgeTime is the SQL time a conversation's retention runs from: when it
// was stored (the engine never records a first_seen later than that). Rows
// stored before stored_at existed go by first_seen.
const purgeTime = `COALESCE(NULLIF(stored_at, 0), first_seen)`

// purgeable holds for a conversation whose text is still stored and no
// warning of which waits to be delivered (it quotes the text).
const purgeable = `NOT purged AND NOT EXISTS (SELECT 1 FROM warning w JOIN delivery d ON d.warning_id = w.id
	WHERE w.conv_id = c.id AND d.state = 'pending')`

// NextPurge returns the earliest time that a purgeable conversation's
// retention runs from (zero when there is none).
func (s *Store) NextPurge(ctx context.Context) (time.Time, error) {
	var first sql.NullInt64
	err := s.db.QueryRow(ctx, `SELECT MIN(`+purgeTime+`) FROM conversation c WHERE `+purgeable).Scan(&first)
	if err != nil || !first.Valid {
		return time.Time{}, err
	}
	return fromMS(first.Int64), nil
}

// Purge drops stored text of conversations first seen before the cutoff:
// turn text, and the evidence quoted in their warnings.
func (s *Store) Purge(ctx context.Context, before time.Time) (int, error) {
	var n int
	err := s.Tx(ctx, func(ctx context.Context) error {
		rows, err := s.db.Query(ctx, `SELECT id FROM conversation c WHERE `+purgeTime+` < $1 AND `+purgeable, ms(before))
		if err != nil {
			return err
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		for _, id := range ids {
			if _, err := s.db.Exec(ctx, `UPDATE turn SET text=NULL WHERE conv_id=$1`, id); err != nil {
				return err
			}
			if err := s.stripEvidence(ctx, id); err != nil {
				return err
			}
			if _, err := s.db.Exec(ctx, `UPDATE conversation SET purged=true WHERE id=$1`, id); err != nil {
				return err
			}
		}
		n = len(ids)
		return nil
	})
	return n, err
}

func (s *Store) stripEvidence(ctx context.Context, convID int64) error {
	rows, err := s.db.Query(ctx, `SELECT id, reasons FROM warning WHERE conv_id=$1`, convID)
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
		if _, err := s.db.Exec(ctx, `UPDATE warning SET reasons=$2, sender='{}' WHERE id=$1`, u.id, u.reasons); err != nil {
			return err
		}
	}
	return nil
}

// Forget deletes everything stored about one owner.
func (s *Store) Forget(ctx context.Context, owner string) error {
	return s.Tx(ctx, func(ctx context.Context) error {
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
			if _, err := s.db.Exec(ctx, q, owner); err != nil {
				return fmt.Errorf("forget %s: %w", owner, err)
			}
		}
		return nil
	})
}

// Vacuum rewrites the file so deleted rows leave no trace on disk.
func (s *Store) Vacuum(ctx context.Context) error {
	if _, err := s.db.Exec(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		return err
	}
	_, err := s.db.Exec(ctx, `VACUUM`)
	return err
}
