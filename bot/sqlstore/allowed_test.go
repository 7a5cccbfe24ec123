package sqlstore

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// An owner who allowed no one costs one read of the allow-list, not one
// per new conversation; an allowed sender is seen at once, and a write
// that is taken back leaves nothing behind.
func TestAllowedRemembersOwnersWhoAllowedNoOne(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	var reads atomic.Int32
	s.Observe(func(op string, _ time.Duration) {
		if op == OpRead {
			reads.Add(1)
		}
	})
	allowed := func(owner, sender string) bool {
		t.Helper()
		ok, err := s.Allowed(ctx, owner, "sms", sender)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if allowed("o", "a") {
		t.Fatal("a is allowed on an empty list")
	}
	before := reads.Load()
	for i := range 5 {
		if allowed("o", "s"+strconv.Itoa(i)) {
			t.Fatal("allowed on an empty list")
		}
	}
	if n := reads.Load() - before; n != 0 {
		t.Errorf("%d reads for five new senders of an owner who allowed no one, want 0", n)
	}
	if err := s.Allow(ctx, "o", "sms", "a", time.Now()); err != nil {
		t.Fatal(err)
	}
	if !allowed("o", "a") || allowed("o", "b") {
		t.Error("after Allow: a must be allowed, b not")
	}
	// An allow taken back with its transaction.
	allowed("p", "x") // p is known to have allowed no one
	boom := errors.New("boom")
	err := s.Tx(ctx, func(ctx context.Context) error {
		if err := s.Allow(ctx, "p", "sms", "x", time.Now()); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) || allowed("p", "x") {
		t.Errorf("a rolled-back allow: %v, allowed %v", err, allowed("p", "x"))
	}
}

// Checks that run while an allow commits never keep "allowed no one"
// once the allow has returned.
func TestAllowedSeesAnAllowThatRacedIt(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	for i := range 100 {
		owner := "o" + strconv.Itoa(i)
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for range 2 {
			wg.Go(func() {
				for {
					select {
					case <-stop:
						return
					default:
					}
					if _, err := s.Allowed(ctx, owner, "sms", "x"); err != nil {
						t.Error(err)
						return
					}
				}
			})
		}
		if err := s.Allow(ctx, owner, "sms", "x", time.Now()); err != nil {
			t.Fatal(err)
		}
		ok, err := s.Allowed(ctx, owner, "sms", "x")
		close(stop)
		wg.Wait()
		if err != nil || !ok {
			t.Fatalf("round %d: allowed %v, %v right after Allow returned", i, ok, err)
		}
	}
}
