package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/internal/testwait"
)

func waitKnown(t *testing.T, s *Store) {
	t.Helper()
	testwait.For(t, "the conversations' keys loaded", 10*time.Second, s.known.isReady)
}

func countReads(s *Store) *atomic.Int64 {
	var reads atomic.Int64
	s.Observe(func(op string, _ time.Duration) {
		if op == OpRead {
			reads.Add(1)
		}
	})
	return &reads
}

func saveNew(t *testing.T, s *Store, owner, key string) *bot.Conversation {
	t.Helper()
	now := time.Now()
	c := &bot.Conversation{Owner: owner, Platform: "sms", Key: key, Sender: bot.Sender{ID: "x"},
		FirstSeen: now, LastSeen: now, StoredAt: now, State: bot.StateWatching}
	if err := s.SaveConversation(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	return c
}

// A message that opens a conversation costs no read; one of a stored
// conversation still finds it.
func TestNewConversationIsNotRead(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	waitKnown(t, s)
	saveNew(t, s, "o", "stored")
	reads := countReads(s)
	for i := range 100 {
		if c, err := s.Conversation(ctx, "o", "sms", fmt.Sprint("new", i)); !errors.Is(err, bot.ErrNotFound) {
			t.Fatalf("a conversation never stored: %v %v, want ErrNotFound", c, err)
		}
	}
	// A 0.5 % false-positive rate: a few of 100 may be read.
	if n := reads.Load(); n > 5 {
		t.Errorf("%d reads for 100 new conversations, want almost none", n)
	}
	if c, err := s.Conversation(ctx, "o", "sms", "stored"); err != nil || c.Key != "stored" {
		t.Fatalf("the stored conversation: %v %v", c, err)
	}
	if reads.Load() == 0 {
		t.Error("the stored conversation was not read")
	}
}

// Every stored conversation is found again: those in the file when it
// opens, those stored since, and past the filter's first capacity; a key
// differing only in where its parts split is not taken for another.
func TestKnownConversationsAreFound(t *testing.T) {
	was := minKnownCapacity
	t.Cleanup(func() { minKnownCapacity = was })
	minKnownCapacity = 1000
	s, path := openTest(t)
	ctx := context.Background()
	for i := range 300 {
		saveNew(t, s, "o", fmt.Sprint("before", i))
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err := OpenSQLite(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	waitKnown(t, s)
	s.known.mu.Lock()
	capacity := s.known.capacity
	s.known.mu.Unlock()
	n := int(capacity) + 100 // the filter grows once
	err = s.Tx(ctx, func(ctx context.Context) error {
		for i := range n {
			c := &bot.Conversation{Owner: "o", Platform: "sms", Key: fmt.Sprint("after", i), Sender: bot.Sender{ID: "x"},
				State: bot.StateWatching}
			if err := s.SaveConversation(ctx, c); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(s.known.filters); got != 2 {
		t.Errorf("%d filters after %d keys, want 2", got, n+300)
	}
	for _, k := range []string{"before0", "before299", "after0", fmt.Sprint("after", n-1)} {
		if c, err := s.Conversation(ctx, "o", "sms", k); err != nil || c.Key != k {
			t.Errorf("conversation %s: %v %v", k, c, err)
		}
	}
	missed := 0
	for i := range 300 {
		if _, err := s.Conversation(ctx, "o", "sms", fmt.Sprint("before", i)); err != nil {
			missed++
		}
	}
	for i := 0; i < n; i += 97 {
		if _, err := s.Conversation(ctx, "o", "sms", fmt.Sprint("after", i)); err != nil {
			missed++
		}
	}
	if missed > 0 {
		t.Errorf("%d stored conversations not found", missed)
	}
	// "o" "sms" "x" and "os" "ms" "x" are different conversations.
	if s.known.absent("o", "sms", "before0") || !s.known.absent("os", "ms", "before0") {
		t.Error("the key's parts run together")
	}
}

// Until the stored keys are loaded, every lookup reads.
func TestKnownBeforeLoadReads(t *testing.T) {
	k := newKnownConversations(10)
	k.add("o", "sms", "a")
	if k.absent("o", "sms", "b") {
		t.Error("a filter still loading answered absent")
	}
	k.ready = true
	if !k.absent("o", "sms", "b") || k.absent("o", "sms", "a") {
		t.Error("a loaded filter")
	}
}
