package sqlstore

import (
	"context"
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
