package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// Lease is a named role that one process at a time holds: on PostgreSQL a
// session advisory lock on a connection of its own, which the server
// drops the moment that connection ends (the process killed, the network
// gone), so that a waiting process takes over within a poll. On SQLite the
// database file's lock already makes the process the only one, and the
// lease is held at once.
type Lease struct {
	conn *pgx.Conn // nil on SQLite
	// name, and token: the lease row's token this acquisition set (one
	// more than the last holder's); 0 on SQLite.
	name  string
	token int64
	lost  chan struct{}
	once  sync.Once
	stop  chan struct{}
	done  chan struct{}

	mu sync.Mutex // serialises the use of conn
	// confirmed is when the last successful ping began: the lock was
	// held then.
	confirmed time.Time
}

// Lease timings: how often a waiting process tries, and how often the
// holder checks that its connection (hence the lock) is still there.
const (
	LeaseRetry = 500 * time.Millisecond
	leaseCheck = 500 * time.Millisecond
)

// AcquireLease waits until this process holds the lease name, or ctx
// ends. waiting is called once if another process holds it now.
func (s *Store) AcquireLease(ctx context.Context, name string, waiting func()) (*Lease, error) {
	l := &Lease{name: name, lost: make(chan struct{}), stop: make(chan struct{}), done: make(chan struct{})}
	if s.pgcfg == nil {
		close(l.done)
		return l, nil
	}
	h := fnv.New64a()
	h.Write([]byte("silentguard lease " + name))
	key := int64(h.Sum64())
	told := false
	holder := "silentguard lease " + name + fmt.Sprintf(" pid %d", os.Getpid())
	if host, err := os.Hostname(); err == nil {
		holder += " on " + host
	}
	cfg := s.pgcfg.Copy()
	// Named, so that an admin sees which connection holds the lease.
	cfg.RuntimeParams["application_name"] = "silentguard lease " + name
	// The server drops the lock when it sees the connection gone. A killed
	// process closes it at once; a holder cut off by the network is seen
	// gone by these probes within about 10 s (by default TCP takes two
	// hours). The holder, which pings every leaseCheck, stops well before.
	cfg.RuntimeParams["tcp_keepalives_idle"] = "4"
	cfg.RuntimeParams["tcp_keepalives_interval"] = "2"
	cfg.RuntimeParams["tcp_keepalives_count"] = "3"
	cfg.RuntimeParams["tcp_user_timeout"] = "10000"
	for {
		conn, err := pgx.ConnectConfig(ctx, cfg)
		if err == nil {
			var got bool
			if err = conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1)`, key).Scan(&got); err == nil && got {
				// The fencing token: one more than the last holder's,
				// taken while holding the lock.
				err = conn.QueryRow(ctx, `INSERT INTO lease (name, token, holder, acquired_at) VALUES ($1, 1, $2, $3)
					ON CONFLICT (name) DO UPDATE SET token = lease.token + 1, holder = excluded.holder, acquired_at = excluded.acquired_at
					RETURNING token`, name, holder, time.Now().UnixMilli()).Scan(&l.token)
				if err == nil {
					l.conn, l.confirmed = conn, time.Now()
					go l.watch()
					return l, nil
				}
				err = fmt.Errorf("take the fencing token of lease %s: %w", name, err)
			}
			conn.Close(context.WithoutCancel(ctx))
		}
		if err != nil && ctx.Err() == nil {
			s.log.Warn().Err(err).Str("lease", name).Msg("Failed to try the lease; trying again")
		}
		if !told && err == nil && waiting != nil {
			waiting()
			told = true
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("lease %s: %w", name, ctx.Err())
		case <-time.After(LeaseRetry):
		}
	}
}

// watch checks the lock's connection until Release; if it fails, the
// lease is lost: another process may hold it by now.
func (l *Lease) watch() {
	defer close(l.done)
	t := time.NewTicker(leaseCheck)
	defer t.Stop()
	for {
		select {
		case <-l.stop:
			return
		case <-l.lost:
			return
		case <-t.C:
		}
		if l.confirm(time.Now()) != nil {
			return
		}
	}
}

// confirm pings the lock's connection, unless a ping that began after
// asked has succeeded meanwhile; when that fails the lease is lost.
func (l *Lease) confirm(asked time.Time) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	select {
	case <-l.lost:
		return ErrLeaseLost
	default:
	}
	if l.confirmed.After(asked) {
		return nil
	}
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	err := l.conn.Ping(ctx)
	cancel()
	if err != nil {
		l.once.Do(func() { close(l.lost) })
		l.conn.Close(context.Background())
		return fmt.Errorf("%w: %w", ErrLeaseLost, err)
	}
	l.confirmed = start
	return nil
}

// Check tells whether the lease is still held, before an act that only
// its holder may do (a poll of a session, a send): it confirms the lock
// on the spot, with a ping on the lock's connection that began after the
// call (acts that ask together share one); ErrLeaseLost (and Lost closed)
// when it is gone. A process frozen and thawed after another took over
// learns it here, before acting, not at the watch's next tick. What is
// left is a freeze between the ping and the act itself. On SQLite it is
// always nil.
func (l *Lease) Check(ctx context.Context) error {
	if l == nil || l.conn == nil {
		return nil
	}
	asked := time.Now()
	select {
	case <-l.lost:
		return ErrLeaseLost
	default:
	}
	l.mu.Lock()
	shared := l.confirmed.After(asked)
	l.mu.Unlock()
	if shared {
		return nil
	}
	return l.confirm(asked)
}

// Token is the fencing token of this acquisition (0 on SQLite).
func (l *Lease) Token() int64 { return l.token }

// lose marks the lease lost (another holder's token was found).
func (l *Lease) lose() { l.once.Do(func() { close(l.lost) }) }

// Lost is closed when the lease is lost: its holder must stop what it
// holds the lease for, at once.
func (l *Lease) Lost() <-chan struct{} { return l.lost }

// ErrLeaseLost is the error of a process whose lease is lost.
var ErrLeaseLost = errors.New("the lease was lost (the connection to PostgreSQL that holds it broke)")

// Release gives the lease up.
func (l *Lease) Release() {
	if l.conn == nil {
		return
	}
	select {
	case <-l.stop:
	default:
		close(l.stop)
	}
	<-l.done
	l.mu.Lock()
	defer l.mu.Unlock()
	l.conn.Close(context.Background())
}

// ErrStaleLease refuses a delivery record of a holder whose lease another
// process has taken since (a higher token in the lease row).
var ErrStaleLease = errors.New("refused: another instance holds the lease now")

// FenceDelivery makes the delivery records (MarkSent, MarkFailed,
// MarkUndeliverable) on PostgreSQL conditional on l: each is one statement
// that writes only while the lease row still holds l's token, and locks
// that row (FOR SHARE) for the statement alone, so that a new holder's
// token, taken after it, orders after it, and a frozen process holds
// nothing. A refused one fails with ErrStaleLease and marks l lost. On
// SQLite (the file's lock makes one process) it does nothing.
func (s *Store) FenceDelivery(l *Lease) {
	if s.pgcfg == nil || l == nil || l.conn == nil {
		return
	}
	s.fence.Store(l)
}

// mark runs a delivery record: update, with its n parameters args, as it
// is; fenced, once FenceDelivery was called.
func (s *Store) mark(ctx context.Context, what, warningID, target string, st *sql.Stmt, update string, args ...any) error {
	l := s.fence.Load()
	if l == nil {
		_, err := s.exec(ctx, st, args...)
		return err
	}
	defer s.observed(OpWrite, time.Now())
	n := len(args)
	q := fmt.Sprintf(`WITH f AS (SELECT 1 FROM lease WHERE name = $%d AND token = $%d FOR SHARE),
		u AS (%s AND EXISTS (SELECT 1 FROM f) RETURNING 1)
		SELECT COUNT(*) FROM f`, n+1, n+2, update)
	var held int
	if err := s.raw.QueryRowContext(ctx, q, append(args, l.name, l.token)...).Scan(&held); err != nil {
		return fmt.Errorf("mark warning %s %s for %s: %w", warningID, what, target, err)
	}
	if held == 0 {
		l.lose()
		var token int64
		_ = s.raw.QueryRowContext(ctx, `SELECT token FROM lease WHERE name = $1`, l.name).Scan(&token)
		return fmt.Errorf("mark warning %s %s for %s: %w (lease %s is at token %d, this holder's is %d)",
			warningID, what, target, ErrStaleLease, l.name, token, l.token)
	}
	return nil
}
