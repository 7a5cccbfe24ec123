package sqlstore

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/silentguard/silentguard/bot"
)

// One process at a time holds a lease; when its connection dies (as with
// kill -9), the holder learns it has lost it and a waiting process takes
// it over at its next try.
func TestLeaseTakeover(t *testing.T) {
	ctx := context.Background()
	a, b := openPostgresPair(t)
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
// thawed, learns it from Check before it acts, however recent its last
// confirmation: Check confirms again on the spot instead of trusting it.
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

// Fencing: each acquisition takes a higher token, and a holder whose lease
// another process has taken since (a stale one: frozen, then thawed) has
// its delivery records refused, with ErrStaleLease, and learns it lost
// the lease; the new holder's go through.
func TestFencedDeliveryRefusesAStaleHolder(t *testing.T) {
	ctx := context.Background()
	a, b := openPostgresPair(t)
	conv := &bot.Conversation{Owner: "o", Platform: "sms", Key: "k", Sender: bot.Sender{ID: "+1k"}, FirstSeen: time.Now(), LastSeen: time.Now(), StoredAt: time.Now(), State: bot.StateWatching}
	if err := a.SaveConversation(ctx, conv); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"w1", "w2", "w3"} {
		if err := a.AddWarning(ctx, &bot.Warning{ID: id, Ref: "R" + id, Owner: "o", ConversationID: conv.ID, Created: time.Now()}, []string{"o/push"}); err != nil {
			t.Fatal(err)
		}
	}
	old, err := a.AcquireLease(ctx, "adapters", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer old.Release()
	a.FenceDelivery(old)
	if err := a.MarkSent(ctx, "w1", "o/push", time.Now()); err != nil {
		t.Fatalf("the holder's record: %v", err)
	}
	// The lock goes (the server dropped the connection) while the holder
	// does not yet know; another process takes the lease.
	old.mu.Lock()
	old.conn.PgConn().Conn().Close()
	old.mu.Unlock()
	cur, err := b.AcquireLease(ctx, "adapters", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer cur.Release()
	b.FenceDelivery(cur)
	if cur.Token() <= old.Token() {
		t.Fatalf("the new holder's token %d is not above the old one's %d", cur.Token(), old.Token())
	}
	for name, mark := range map[string]func() error{
		"MarkSent":          func() error { return a.MarkSent(ctx, "w2", "o/push", time.Now()) },
		"MarkFailed":        func() error { return a.MarkFailed(ctx, "w2", "o/push", "x", time.Now().Add(time.Hour)) },
		"MarkUndeliverable": func() error { return a.MarkUndeliverable(ctx, "w2", "o/push", "x", time.Now()) },
	} {
		if err := mark(); !errors.Is(err, ErrStaleLease) || !strings.Contains(err.Error(), "w2") {
			t.Errorf("%s by the stale holder: %v, want ErrStaleLease naming the warning", name, err)
		}
	}
	select {
	case <-old.Lost():
	default:
		t.Error("the stale holder was not told it lost the lease")
	}
	pending, err := b.PendingDeliveries(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(pending) != 2 || pending[0].Attempts != 0 || pending[1].Attempts != 0 {
		t.Fatalf("pending after the stale holder's refused records: %+v, want w2 and w3 untouched", pending)
	}
	if err := b.MarkSent(ctx, "w2", "o/push", time.Now()); err != nil {
		t.Errorf("the new holder's record: %v", err)
	}
	if err := b.MarkFailed(ctx, "w3", "o/push", "x", time.Now().Add(time.Hour)); err != nil {
		t.Errorf("the new holder's record: %v", err)
	}
}
