package sqlstore

import (
	"context"
	"errors"
	"testing"
	"time"
)

// One process at a time holds a lease; when its connection dies (as with
// kill -9), the holder learns it has lost it and a waiting process takes
// it over at its next try.
func TestLeaseTakeover(t *testing.T) {
	ctx := context.Background()
	a := openPostgres(t)
	defer a.Close()
	b, err := OpenPostgres(ctx, a.pgcfg.ConnString(), PoolOptions{MaxOpenConns: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	held, err := a.AcquireLease(ctx, "adapters", nil)
	if err != nil {
		t.Fatal(err)
	}
	waiting := make(chan struct{})
	got := make(chan *Lease, 1)
	go func() {
		l, err := b.AcquireLease(ctx, "adapters", func() { close(waiting) })
		if err != nil {
			t.Error(err)
		}
		got <- l
	}()
	select {
	case <-waiting:
	case l := <-got:
		t.Fatalf("a second process took a held lease: %v", l)
	case <-time.After(10 * time.Second):
		t.Fatal("the second process neither waits nor holds")
	}
	// Another name is another lease.
	other, err := b.AcquireLease(ctx, "other", nil)
	if err != nil {
		t.Fatal(err)
	}
	other.Release()
	// The holder's connection dies.
	killed := time.Now()
	held.conn.PgConn().Conn().Close()
	select {
	case l := <-got:
		t.Logf("taken over %v after the connection died", time.Since(killed).Round(time.Millisecond))
		select {
		case <-held.Lost():
		case <-time.After(5 * time.Second):
			t.Error("the old holder was not told it lost the lease")
		}
		l.Release()
	case <-time.After(10 * time.Second):
		t.Fatal("no takeover within 10 s")
	}
}

// The lease's connection asks the server to probe it, so that a holder cut
// off by the network loses the lock within seconds, not TCP's two hours.
func TestLeaseConnectionIsProbed(t *testing.T) {
	ctx := context.Background()
	s := openPostgres(t)
	defer s.Close()
	l, err := s.AcquireLease(ctx, "probed", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Release()
	for name, want := range map[string]string{"tcp_keepalives_idle": "4", "tcp_keepalives_interval": "2",
		"tcp_keepalives_count": "3", "tcp_user_timeout": "10000"} {
		var got string
		if err := l.conn.QueryRow(ctx, "SHOW "+name).Scan(&got); err != nil || got != want {
			t.Errorf("%s = %q (%v), want %q", name, got, err, want)
		}
	}
}

// A holder frozen (SIGSTOP) while the server dropped its lock, then
// thawed, learns it from Check before it acts: its last confirmation is
// old, so Check confirms again on the spot instead of trusting it.
func TestLeaseCheckAfterAFreeze(t *testing.T) {
	ctx := context.Background()
	s := openPostgres(t)
	defer s.Close()
	l, err := s.AcquireLease(ctx, "frozen", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Release()
	if err := l.Check(ctx); err != nil {
		t.Fatalf("a held lease: %v", err)
	}
	// The freeze: no confirmation for a while, and meanwhile the server
	// drops the connection (an admin, or TCP's probes).
	l.mu.Lock()
	l.confirmed = l.confirmed.Add(-time.Minute)
	var n int
	// (The filter first, in a query of its own: in one WHERE the server may
	// call pg_terminate_backend on every row.)
	err = s.DB().RawDB.QueryRowContext(ctx, `WITH l AS MATERIALIZED (SELECT pid FROM pg_stat_activity
		WHERE application_name = 'silentguard lease frozen') SELECT COUNT(*) FROM l WHERE pg_terminate_backend(pid)`).Scan(&n)
	l.mu.Unlock()
	if err != nil || n != 1 {
		t.Fatalf("terminate the lease's connection: %d, %v", n, err)
	}
	if err := l.Check(ctx); !errors.Is(err, ErrLeaseLost) {
		t.Fatalf("Check after the freeze: %v, want ErrLeaseLost", err)
	}
	select {
	case <-l.Lost():
	default:
		t.Error("Lost is not closed")
	}
}
