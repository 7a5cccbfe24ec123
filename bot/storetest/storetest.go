// Package storetest is the contract of bot.Store: one suite that every
// implementation runs (the SQL store on SQLite, the memory store, and any
// later one), so that the engine may rely on exactly what it states.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/detectors"
)

// Open returns a new, empty store; the suite closes it.
type Open func(t *testing.T) bot.Store

// Run runs the whole contract on stores made by open.
func Run(t *testing.T, open Open) {
	for _, c := range []struct {
		name string
		f    func(t *testing.T, s bot.Store)
	}{
		{"Conversations", testConversations},
		{"ConversationKeyIsUnique", testConversationKeyIsUnique},
		{"StaleSaveConflicts", testStaleSaveConflicts},
		{"Times", testTimes},
		{"EventIdempotency", testEventIdempotency},
		{"ConcurrentRedelivery", testConcurrentRedelivery},
		{"ConcurrentFirstSave", testConcurrentFirstSave},
		{"GroupCommit", testGroupCommit},
		{"TxRollsBack", testTxRollsBack},
		{"TxNests", testTxNests},
		{"TxIsolation", testTxIsolation},
		{"Turns", testTurns},
		{"EditAndRedact", testEditAndRedact},
		{"Warnings", testWarnings},
		{"WarningRefIsUnique", testWarningRefIsUnique},
		{"DeliveryStates", testDeliveryStates},
		{"DueDeliveriesOrder", testDueDeliveriesOrder},
		{"ConcurrentMarks", testConcurrentMarks},
		{"AllowAndFeedback", testAllowAndFeedback},
		{"AllowEverywhere", testAllowEverywhere},
		{"Cursors", testCursors},
		{"Purge", testPurge},
		{"PurgeWaitsForDelivery", testPurgeWaitsForDelivery},
		{"Forget", testForget},
		{"Probe", testProbe},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() { s.Close() })
			c.f(t, s)
		})
	}
}

var (
	ctx = context.Background()
	t0  = time.Date(2026, 5, 7, 9, 12, 0, 0, time.UTC)
)

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func newConv(t *testing.T, s bot.Store, owner, key string) *bot.Conversation {
	t.Helper()
	c := &bot.Conversation{Owner: owner, Platform: "sms", Key: key,
		Sender:    bot.Sender{ID: "+1" + key, Phone: "+1" + key, DisplayName: "D " + key, Network: "sms", Bridged: true},
		FirstSeen: t0, LastSeen: t0, StoredAt: t0, State: bot.StateWatching}
	must(t, s.SaveConversation(ctx, c))
	if c.ID == 0 {
		t.Fatal("SaveConversation did not set the ID")
	}
	return c
}

func newWarning(t *testing.T, s bot.Store, c *bot.Conversation, id, ref string, created time.Time, targets ...string) *bot.Warning {
	t.Helper()
	w := warning(c, id, ref, created)
	must(t, s.AddWarning(ctx, w, targets))
	return w
}

func warning(c *bot.Conversation, id, ref string, created time.Time) *bot.Warning {
	return &bot.Warning{ID: id, Ref: ref, Owner: c.Owner, ConversationID: c.ID, Platform: c.Platform, Sender: c.Sender,
		Level: detectors.LevelWarning, Kind: "wrong-number", Score: 0.61, Created: created,
		Reasons: []detectors.Reason{{Code: "greets_other_name", Weight: 0.3, Turn: 0, Evidence: "Marco",
			Detail: "greets 'Marco'", Args: map[string]string{"name": "Marco"}}}}
}

func testConversations(t *testing.T, s bot.Store) {
	if _, err := s.Conversation(ctx, "o", "sms", "k"); !errors.Is(err, bot.ErrNotFound) {
		t.Fatalf("missing conversation: %v, want ErrNotFound", err)
	}
	if _, err := s.ConversationByID(ctx, 12345); !errors.Is(err, bot.ErrNotFound) {
		t.Fatalf("missing conversation by ID: %v, want ErrNotFound", err)
	}
	a := newConv(t, s, "o", "a")
	b := newConv(t, s, "o", "b")
	newConv(t, s, "p", "a")
	if a.ID == b.ID {
		t.Fatal("two conversations share an ID")
	}
	got, err := s.Conversation(ctx, "o", "sms", "a")
	must(t, err)
	if got.ID != a.ID || got.Sender != a.Sender || got.State != bot.StateWatching || !got.FirstSeen.Equal(t0) ||
		!got.StoredAt.Equal(t0) || got.Purged || got.TurnCount != 0 {
		t.Errorf("read back %+v, want %+v", got, a)
	}
	// What may change: the sender, the last time, the state, the counters.
	got.Sender.DisplayName, got.Sender.Phone = "Amy", "+15550001"
	got.LastSeen, got.State, got.TurnCount, got.Level, got.Warnings = t0.Add(time.Hour), bot.StateClosed, 3, detectors.LevelAlert, 2
	must(t, s.SaveConversation(ctx, got))
	again, err := s.ConversationByID(ctx, a.ID)
	must(t, err)
	if again.Sender != got.Sender || !again.LastSeen.Equal(got.LastSeen) || again.State != bot.StateClosed ||
		again.TurnCount != 3 || again.Level != detectors.LevelAlert || again.Warnings != 2 {
		t.Errorf("after update %+v, want %+v", again, got)
	}
	b.State = bot.StateKnown
	must(t, s.SaveConversation(ctx, b))
	counts, err := s.CountConversations(ctx, "o")
	must(t, err)
	if counts[bot.StateClosed] != 1 || counts[bot.StateKnown] != 1 || len(counts) != 2 {
		t.Errorf("counts %v", counts)
	}
}

func testConversationKeyIsUnique(t *testing.T, s bot.Store) {
	newConv(t, s, "o", "a")
	dup := &bot.Conversation{Owner: "o", Platform: "sms", Key: "a", Sender: bot.Sender{ID: "x"}, State: bot.StateWatching}
	if err := s.SaveConversation(ctx, dup); err == nil {
		t.Error("a second conversation with the same owner, platform and key was stored")
	}
}

// A conversation saved from a copy that another save (or Allow, or Purge)
// has overtaken is refused with ErrConflict, and the copy is not stored:
// the engine reads outside the write, so this is how it learns to judge
// again.
func testStaleSaveConflicts(t *testing.T, s bot.Store) {
	c := newConv(t, s, "o", "a")
	one, err := s.ConversationByID(ctx, c.ID)
	must(t, err)
	two := *one
	one.TurnCount = 1
	must(t, s.SaveConversation(ctx, one))
	two.TurnCount = 5
	if err := s.SaveConversation(ctx, &two); !errors.Is(err, bot.ErrConflict) {
		t.Fatalf("stale save: %v, want ErrConflict", err)
	}
	got, _ := s.ConversationByID(ctx, c.ID)
	if got.TurnCount != 1 {
		t.Errorf("the stale save changed the conversation: %+v", got)
	}
	// Saved again, the fresh copy goes on being current.
	got.TurnCount = 2
	must(t, s.SaveConversation(ctx, got))
	got.TurnCount = 3
	must(t, s.SaveConversation(ctx, got))

	// Allow and Purge overtake a copy read before them.
	before, _ := s.ConversationByID(ctx, c.ID)
	must(t, s.Allow(ctx, "o", "sms", c.Sender.ID, t0))
	if err := s.SaveConversation(ctx, before); !errors.Is(err, bot.ErrConflict) {
		t.Errorf("save of a copy read before Allow: %v, want ErrConflict", err)
	}
	before, _ = s.ConversationByID(ctx, c.ID)
	if n, err := s.Purge(ctx, t0.Add(time.Hour)); err != nil || n != 1 {
		t.Fatalf("purge: %d %v", n, err)
	}
	if err := s.SaveConversation(ctx, before); !errors.Is(err, bot.ErrConflict) {
		t.Errorf("save of a copy read before Purge: %v, want ErrConflict", err)
	}
	// A conversation that is gone (forgotten) is not found.
	must(t, s.Forget(ctx, "o"))
	if err := s.SaveConversation(ctx, before); !errors.Is(err, bot.ErrNotFound) {
		t.Errorf("save of a forgotten conversation: %v, want ErrNotFound", err)
	}
}

// Times are kept to the millisecond, in UTC; zero stays zero.
func testTimes(t *testing.T, s bot.Store) {
	rome := time.FixedZone("CEST", 2*3600)
	when := time.Date(2026, 5, 7, 11, 12, 13, 987654321, rome)
	c := &bot.Conversation{Owner: "o", Platform: "sms", Key: "k", Sender: bot.Sender{ID: "x"}, FirstSeen: when,
		LastSeen: when, State: bot.StateWatching}
	must(t, s.SaveConversation(ctx, c))
	must(t, s.AddTurn(ctx, &bot.Turn{ConversationID: c.ID, Seq: 0, EventID: "e", Text: "hi", At: when}))
	want := time.Date(2026, 5, 7, 9, 12, 13, 987000000, time.UTC)
	got, _ := s.ConversationByID(ctx, c.ID)
	turns, err := s.Turns(ctx, c.ID)
	must(t, err)
	if !got.FirstSeen.Equal(want) || got.FirstSeen.Location() != time.UTC || !got.StoredAt.IsZero() {
		t.Errorf("conversation times %v (%v), stored %v", got.FirstSeen, got.FirstSeen.Location(), got.StoredAt)
	}
	if !turns[0].At.Equal(want) || turns[0].At.Location() != time.UTC {
		t.Errorf("turn time %#v, want %#v", turns[0].At, want)
	}
}

func testEventIdempotency(t *testing.T, s bot.Store) {
	a := newConv(t, s, "o", "a")
	b := newConv(t, s, "o", "b")
	first, err1 := s.MarkEvent(ctx, a.ID, "e1")
	again, err2 := s.MarkEvent(ctx, a.ID, "e1")
	other, err3 := s.MarkEvent(ctx, b.ID, "e1")
	if err1 != nil || err2 != nil || err3 != nil || !first || again || !other {
		t.Errorf("MarkEvent: first %v %v, again %v %v, other conversation %v %v", first, err1, again, err2, other, err3)
	}
}

// Many deliveries of one event at once: exactly one is new, whether each
// runs in a transaction of its own or not.
func testConcurrentRedelivery(t *testing.T, s bot.Store) {
	c := newConv(t, s, "o", "a")
	var fresh atomic.Int32
	var wg sync.WaitGroup
	errs := make(chan error, 32)
	for i := range 32 {
		wg.Go(func() {
			mark := func(ctx context.Context) error {
				ok, err := s.MarkEvent(ctx, c.ID, "dup")
				if ok {
					fresh.Add(1)
				}
				return err
			}
			var err error
			if i%2 == 0 {
				err = s.Tx(ctx, mark)
			} else {
				err = mark(ctx)
			}
			if err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := fresh.Load(); n != 1 {
		t.Errorf("%d of 32 concurrent deliveries were new, want 1", n)
	}
}

// The first message of one conversation handled at once by several
// processes: one insert wins, the others get ErrConflict (and read the
// stored one again).
func testConcurrentFirstSave(t *testing.T, s bot.Store) {
	const n = 16
	var won atomic.Int32
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			c := &bot.Conversation{Owner: "o", Platform: "sms", Key: "same", Sender: bot.Sender{ID: fmt.Sprint(i)},
				FirstSeen: t0, LastSeen: t0, StoredAt: t0, State: bot.StateWatching}
			err := s.Tx(ctx, func(ctx context.Context) error {
				if err := s.SaveConversation(ctx, c); err != nil {
					return err
				}
				_, err := s.MarkEvent(ctx, c.ID, fmt.Sprint("e", i))
				return err
			})
			switch {
			case err == nil:
				won.Add(1)
			case !errors.Is(err, bot.ErrConflict):
				t.Errorf("a losing insert: %v, want ErrConflict", err)
			case c.ID != 0:
				t.Errorf("a losing insert kept ID %d", c.ID)
			}
		})
	}
	wg.Wait()
	if w := won.Load(); w != 1 {
		t.Errorf("%d of %d inserts of one key won, want 1", w, n)
	}
	if counts, _ := s.CountConversations(ctx, "o"); counts[bot.StateWatching] != 1 {
		t.Errorf("conversations stored: %v, want 1", counts)
	}
}

// Transactions that run at once (and that a store may commit together)
// are still each all or nothing: the failing ones take back only their
// own writes.
func testGroupCommit(t *testing.T, s bot.Store) {
	const n = 48
	boom := errors.New("boom")
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			err := s.Tx(ctx, func(ctx context.Context) error {
				if err := s.SetCursor(ctx, "o", "group", fmt.Sprint("k", i), "a"); err != nil {
					return err
				}
				if err := s.SetCursor(ctx, "o", "group", fmt.Sprint("l", i), "b"); err != nil {
					return err
				}
				if i%3 == 0 {
					return boom
				}
				return nil
			})
			if want := i%3 == 0; errors.Is(err, boom) != want || (!want && err != nil) {
				t.Errorf("transaction %d: %v", i, err)
			}
		})
	}
	wg.Wait()
	got, err := s.CursorsWithPrefix(ctx, "o", "group", "")
	must(t, err)
	for i := range n {
		_, k := got[fmt.Sprint("k", i)]
		_, l := got[fmt.Sprint("l", i)]
		if k != l || k != (i%3 != 0) {
			t.Errorf("transaction %d: its writes stored %v and %v, want %v", i, k, l, i%3 != 0)
		}
	}
}

// A transaction whose function fails stores nothing of it.
func testTxRollsBack(t *testing.T, s bot.Store) {
	kept := newConv(t, s, "o", "kept")
	boom := errors.New("boom")
	var c *bot.Conversation
	err := s.Tx(ctx, func(ctx context.Context) error {
		c = &bot.Conversation{Owner: "o", Platform: "sms", Key: "gone", Sender: bot.Sender{ID: "x"}, FirstSeen: t0, State: bot.StateWatching}
		if err := s.SaveConversation(ctx, c); err != nil {
			return err
		}
		if _, err := s.MarkEvent(ctx, kept.ID, "e1"); err != nil {
			return err
		}
		if err := s.AddTurn(ctx, &bot.Turn{ConversationID: kept.ID, EventID: "e1", Text: "hi", At: t0}); err != nil {
			return err
		}
		kept.TurnCount = 1
		if err := s.SaveConversation(ctx, kept); err != nil {
			return err
		}
		if err := s.AddWarning(ctx, warning(kept, "w1", "AAAA", t0), []string{"o/x"}); err != nil {
			return err
		}
		if err := s.SetCursor(ctx, "o", "a", "k", "v"); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Tx: %v, want the function's error", err)
	}
	if _, err := s.Conversation(ctx, "o", "sms", "gone"); !errors.Is(err, bot.ErrNotFound) {
		t.Errorf("a conversation of a failed transaction was stored (%v)", err)
	}
	if ok, _ := s.MarkEvent(ctx, kept.ID, "e1"); !ok {
		t.Error("an event of a failed transaction counts as seen")
	}
	if turns, _ := s.Turns(ctx, kept.ID); len(turns) != 0 {
		t.Errorf("turns of a failed transaction: %+v", turns)
	}
	if got, _ := s.ConversationByID(ctx, kept.ID); got.TurnCount != 0 {
		t.Errorf("an update of a failed transaction: %+v", got)
	}
	if _, err := s.Warning(ctx, "w1"); !errors.Is(err, bot.ErrNotFound) {
		t.Errorf("a warning of a failed transaction: %v", err)
	}
	if p, _ := s.PendingDeliveries(ctx); len(p) != 0 {
		t.Errorf("deliveries of a failed transaction: %+v", p)
	}
	if v, _ := s.Cursor(ctx, "o", "a", "k"); v != "" {
		t.Errorf("a cursor of a failed transaction: %q", v)
	}
}

// A Tx inside a Tx joins it: both commit, or neither.
func testTxNests(t *testing.T, s bot.Store) {
	boom := errors.New("boom")
	err := s.Tx(ctx, func(ctx context.Context) error {
		must(t, s.Tx(ctx, func(ctx context.Context) error { return s.SetCursor(ctx, "o", "a", "inner", "1") }))
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	if v, _ := s.Cursor(ctx, "o", "a", "inner"); v != "" {
		t.Errorf("the inner transaction committed without the outer: %q", v)
	}
	must(t, s.Tx(ctx, func(ctx context.Context) error {
		return s.Tx(ctx, func(ctx context.Context) error { return s.SetCursor(ctx, "o", "a", "inner", "2") })
	}))
	if v, _ := s.Cursor(ctx, "o", "a", "inner"); v != "2" {
		t.Errorf("nested commit: %q", v)
	}
}

// Transactions running at once each see their own writes, and all commit.
func testTxIsolation(t *testing.T, s bot.Store) {
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Go(func() {
			key := fmt.Sprint("k", i)
			err := s.Tx(ctx, func(ctx context.Context) error {
				c := &bot.Conversation{Owner: "o", Platform: "sms", Key: key, Sender: bot.Sender{ID: key}, FirstSeen: t0, State: bot.StateWatching}
				if err := s.SaveConversation(ctx, c); err != nil {
					return err
				}
				got, err := s.Conversation(ctx, "o", "sms", key)
				if err != nil || got.ID != c.ID {
					return fmt.Errorf("own write not visible: %v %v", got, err)
				}
				return s.AddTurn(ctx, &bot.Turn{ConversationID: c.ID, EventID: "e", Text: key, At: t0})
			})
			if err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	counts, err := s.CountConversations(ctx, "o")
	must(t, err)
	if counts[bot.StateWatching] != 16 {
		t.Errorf("%d of 16 conversations committed", counts[bot.StateWatching])
	}
}

func testTurns(t *testing.T, s bot.Store) {
	c := newConv(t, s, "o", "a")
	if turns, err := s.Turns(ctx, c.ID); err != nil || len(turns) != 0 {
		t.Fatalf("turns of a new conversation: %v %v", turns, err)
	}
	for _, seq := range []int{1, 0, 2} {
		must(t, s.AddTurn(ctx, &bot.Turn{ConversationID: c.ID, Seq: seq, EventID: fmt.Sprint("e", seq),
			FromOwner: seq == 1, Text: fmt.Sprint("text ", seq), Media: map[bool]string{true: "photo"}[seq == 2], At: t0.Add(time.Duration(seq) * time.Minute)}))
	}
	if err := s.AddTurn(ctx, &bot.Turn{ConversationID: c.ID, Seq: 1, EventID: "again", Text: "x", At: t0}); err == nil {
		t.Error("a second turn with the same sequence number was stored")
	}
	turns, err := s.Turns(ctx, c.ID)
	must(t, err)
	if len(turns) != 3 {
		t.Fatalf("%d turns", len(turns))
	}
	for i, tr := range turns {
		if tr.Seq != i || tr.EventID != fmt.Sprint("e", i) || tr.Text != fmt.Sprint("text ", i) || tr.FromOwner != (i == 1) ||
			tr.Media != map[bool]string{true: "photo"}[i == 2] || !tr.At.Equal(t0.Add(time.Duration(i)*time.Minute)) ||
			tr.Redacted || tr.ConversationID != c.ID {
			t.Errorf("turn %d: %+v", i, tr)
		}
	}
	// What a caller does with the slice does not reach the store.
	turns[0].Text = "changed"
	if again, _ := s.Turns(ctx, c.ID); again[0].Text != "text 0" {
		t.Error("the store shares its turns with the caller")
	}
}

func testEditAndRedact(t *testing.T, s bot.Store) {
	c := newConv(t, s, "o", "a")
	must(t, s.AddTurn(ctx, &bot.Turn{ConversationID: c.ID, Seq: 0, EventID: "e0", Text: "hello", Media: "photo", At: t0}))
	must(t, s.AddTurn(ctx, &bot.Turn{ConversationID: c.ID, Seq: 1, EventID: "e1", Text: "there", At: t0}))
	if ok, err := s.EditTurn(ctx, c.ID, "e0", "hello Marco", ""); err != nil || !ok {
		t.Fatalf("edit: %v %v", ok, err)
	}
	if ok, err := s.EditTurn(ctx, c.ID, "nope", "x", ""); err != nil || ok {
		t.Errorf("edit of an unknown event: %v %v", ok, err)
	}
	if ok, err := s.EditTurn(ctx, c.ID, "e1", "", "voice"); err != nil || !ok {
		t.Fatalf("edit media: %v %v", ok, err)
	}
	turns, _ := s.Turns(ctx, c.ID)
	if turns[0].Text != "hello Marco" || turns[0].Media != "photo" || turns[1].Media != "voice" || turns[1].Text != "" {
		t.Errorf("after edits: %+v", turns)
	}
	if ok, err := s.RedactTurn(ctx, c.ID, "e0"); err != nil || !ok {
		t.Fatalf("redact: %v %v", ok, err)
	}
	if ok, _ := s.RedactTurn(ctx, c.ID, "nope"); ok {
		t.Error("redaction of an unknown event")
	}
	if ok, _ := s.EditTurn(ctx, c.ID, "e0", "back", ""); ok {
		t.Error("a redacted turn was edited")
	}
	turns, _ = s.Turns(ctx, c.ID)
	if len(turns) != 2 || !turns[0].Redacted || turns[0].Text != "" || turns[1].Redacted {
		t.Errorf("after redaction (kept, marked, without text): %+v", turns)
	}
}

func testWarnings(t *testing.T, s bot.Store) {
	c := newConv(t, s, "o", "a")
	w := newWarning(t, s, c, "w1", "K7Q2", t0, "o/push", "o/mail")
	got, err := s.Warning(ctx, "w1")
	must(t, err)
	if got.Ref != "K7Q2" || got.Owner != "o" || got.ConversationID != c.ID || got.Sender != c.Sender ||
		got.Level != detectors.LevelWarning || got.Kind != w.Kind || got.Score != w.Score || !got.Created.Equal(t0) ||
		len(got.Reasons) != 1 || got.Reasons[0].Evidence != "Marco" || got.Reasons[0].Args["name"] != "Marco" {
		t.Errorf("read back %+v", got)
	}
	if byRef, err := s.WarningByRef(ctx, "o", "K7Q2"); err != nil || byRef.ID != "w1" {
		t.Errorf("by ref: %+v %v", byRef, err)
	}
	if _, err := s.WarningByRef(ctx, "other", "K7Q2"); !errors.Is(err, bot.ErrNotFound) {
		t.Errorf("another owner's ref: %v", err)
	}
	if _, err := s.Warning(ctx, "nope"); !errors.Is(err, bot.ErrNotFound) {
		t.Errorf("missing warning: %v", err)
	}
	notice := &bot.Warning{ID: "n1", Ref: "N111", Owner: "o", Notice: bot.NoticeProtectionStopped, Kind: "matrix", Created: t0.Add(time.Minute)}
	must(t, s.AddWarning(ctx, notice, []string{"o/push"}))
	newWarning(t, s, c, "w2", "K7Q3", t0.Add(2*time.Minute), "o/push")
	recent, err := s.RecentWarnings(ctx, "o", 2)
	must(t, err)
	if len(recent) != 2 || recent[0].ID != "w2" || recent[1].ID != "n1" || recent[1].Notice != bot.NoticeProtectionStopped || recent[1].ConversationID != 0 {
		t.Errorf("recent: %+v", recent)
	}
	pending, err := s.PendingDeliveries(ctx)
	must(t, err)
	if len(pending) != 4 || pending[0].WarningID != "w1" || pending[3].WarningID != "w2" {
		t.Errorf("pending, oldest first: %+v", pending)
	}
	for _, p := range pending {
		if p.Attempts != 0 || p.LastError != "" {
			t.Errorf("a new delivery: %+v", p)
		}
	}
}

func testWarningRefIsUnique(t *testing.T, s bot.Store) {
	c := newConv(t, s, "o", "a")
	newWarning(t, s, c, "w1", "AAAA", t0)
	if err := s.AddWarning(ctx, &bot.Warning{ID: "w2", Ref: "AAAA", Owner: "o", Created: t0}, nil); err == nil {
		t.Error("two warnings of one owner share a ref")
	}
	if err := s.AddWarning(ctx, &bot.Warning{ID: "w1", Ref: "BBBB", Owner: "o", Created: t0}, nil); err == nil {
		t.Error("two warnings share an ID")
	}
	must(t, s.AddWarning(ctx, &bot.Warning{ID: "w3", Ref: "AAAA", Owner: "p", Created: t0}, nil))
}

// pending → sent; pending → failed attempt (still pending) → sent;
// pending → undeliverable (set aside, listed as failed).
func testDeliveryStates(t *testing.T, s bot.Store) {
	c := newConv(t, s, "o", "a")
	newWarning(t, s, c, "w1", "AAAA", t0, "o/push")
	newWarning(t, s, c, "w2", "BBBB", t0.Add(time.Second), "o/push")
	newWarning(t, s, c, "w3", "CCCC", t0.Add(2*time.Second), "o/push")
	must(t, s.AddWarning(ctx, &bot.Warning{ID: "n1", Ref: "NNNN", Owner: "o", Notice: "x", Created: t0}, []string{"o/push"}))
	if next, err := s.NextDeliveryTry(ctx, "o/push"); err != nil || !next.Equal(time.UnixMilli(0)) {
		t.Errorf("next try with a delivery never tried: %v %v, want at once (the Unix epoch)", next, err)
	}
	if next, err := s.NextDeliveryTry(ctx, "o/none"); err != nil || !next.IsZero() {
		t.Errorf("next try of a target without deliveries: %v %v, want zero", next, err)
	}
	must(t, s.MarkSent(ctx, "w1", "o/push", t0))
	retry := t0.Add(time.Minute)
	must(t, s.MarkFailed(ctx, "w2", "o/push", "HTTP 503", retry))
	must(t, s.MarkUndeliverable(ctx, "w3", "o/push", "HTTP 400", t0))
	must(t, s.MarkUndeliverable(ctx, "n1", "o/push", "HTTP 400", t0))
	pending, _ := s.PendingDeliveries(ctx)
	if len(pending) != 1 || pending[0].WarningID != "w2" || pending[0].Attempts != 1 || pending[0].LastError != "HTTP 503" ||
		!pending[0].NextTry.Equal(retry) {
		t.Fatalf("pending after the marks: %+v", pending)
	}
	if next, _ := s.NextDeliveryTry(ctx, "o/push"); !next.Equal(retry) {
		t.Errorf("next try %v, want %v", next, retry)
	}
	if due, _ := s.DueDeliveries(ctx, "o/push", retry.Add(-time.Millisecond), 10); len(due) != 0 {
		t.Errorf("due before its next try: %+v", due)
	}
	if due, _ := s.DueDeliveries(ctx, "o/push", retry, 10); len(due) != 1 || due[0].WarningID != "w2" {
		t.Errorf("due at its next try: %+v", due)
	}
	failed, err := s.FailedDeliveries(ctx, "o", 10)
	must(t, err)
	if len(failed) != 1 || failed[0].WarningID != "w3" || failed[0].Ref != "CCCC" || failed[0].Target != "o/push" || failed[0].LastError != "HTTP 400" {
		t.Errorf("failed (warnings, not notices): %+v", failed)
	}
	must(t, s.MarkSent(ctx, "w2", "o/push", retry))
	if pending, _ := s.PendingDeliveries(ctx); len(pending) != 0 {
		t.Errorf("pending after all were settled: %+v", pending)
	}
	// A failure recorded late (by a process that lost the lease while its
	// send hung) does not undo a delivery another process made.
	must(t, s.MarkFailed(ctx, "w1", "o/push", "timeout", retry))
	must(t, s.MarkUndeliverable(ctx, "w2", "o/push", "HTTP 400", retry))
	if pending, _ := s.PendingDeliveries(ctx); len(pending) != 0 {
		t.Errorf("a late failure mark made a sent delivery pending: %+v", pending)
	}
	if failed, _ := s.FailedDeliveries(ctx, "o", 10); len(failed) != 1 || failed[0].WarningID != "w3" {
		t.Errorf("a late failure mark set a sent delivery aside: %+v", failed)
	}
	if next, _ := s.NextDeliveryTry(ctx, "o/push"); !next.IsZero() {
		t.Errorf("next try with nothing pending: %v", next)
	}
}

// Never tried first, then by next try, then oldest; only the target's,
// only what is due, at most limit.
func testDueDeliveriesOrder(t *testing.T, s bot.Store) {
	c := newConv(t, s, "o", "a")
	for i, id := range []string{"a", "b", "c", "d", "e"} {
		newWarning(t, s, c, id, "R00"+fmt.Sprint(i), t0.Add(time.Duration(i)*time.Second), "o/push", "o/mail")
	}
	must(t, s.MarkFailed(ctx, "a", "o/push", "x", t0.Add(2*time.Minute)))
	must(t, s.MarkFailed(ctx, "b", "o/push", "x", t0.Add(time.Minute)))
	must(t, s.MarkFailed(ctx, "c", "o/push", "x", t0.Add(time.Hour)))
	due, err := s.DueDeliveries(ctx, "o/push", t0.Add(10*time.Minute), 10)
	must(t, err)
	var ids []string
	for _, d := range due {
		ids = append(ids, d.WarningID)
		if d.Target != "o/push" {
			t.Errorf("another target's delivery: %+v", d)
		}
	}
	if !slices.Equal(ids, []string{"d", "e", "b", "a"}) {
		t.Errorf("due order %v, want [d e b a]", ids)
	}
	if due, _ := s.DueDeliveries(ctx, "o/push", t0.Add(10*time.Minute), 1); len(due) != 1 || due[0].WarningID != "d" {
		t.Errorf("limit 1: %+v", due)
	}
}

// Delivery marks from many goroutines, outside any transaction, all land.
func testConcurrentMarks(t *testing.T, s bot.Store) {
	c := newConv(t, s, "o", "a")
	const n = 64
	must(t, s.Tx(ctx, func(ctx context.Context) error {
		for i := range n {
			if err := s.AddWarning(ctx, warning(c, fmt.Sprint("w", i), fmt.Sprintf("R%03d", i), t0), []string{"o/push"}); err != nil {
				return err
			}
		}
		return nil
	}))
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			var err error
			switch i % 3 {
			case 0:
				err = s.MarkSent(ctx, fmt.Sprint("w", i), "o/push", t0)
			case 1:
				err = s.MarkFailed(ctx, fmt.Sprint("w", i), "o/push", "x", t0.Add(time.Hour))
			default:
				err = s.MarkUndeliverable(ctx, fmt.Sprint("w", i), "o/push", "x", t0)
			}
			if err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	pending, _ := s.PendingDeliveries(ctx)
	failed, _ := s.FailedDeliveries(ctx, "o", n)
	if len(pending) != (n+1)/3 || len(failed) != n/3 {
		t.Errorf("%d pending (want %d), %d failed (want %d)", len(pending), (n+1)/3, len(failed), n/3)
	}
}

func testAllowAndFeedback(t *testing.T, s bot.Store) {
	a := newConv(t, s, "o", "a")
	// Another conversation with the same sender, and one already closed.
	b := &bot.Conversation{Owner: "o", Platform: "sms", Key: "a2", Sender: a.Sender, FirstSeen: t0, StoredAt: t0, State: bot.StateWatching}
	must(t, s.SaveConversation(ctx, b))
	closed := &bot.Conversation{Owner: "o", Platform: "sms", Key: "a3", Sender: a.Sender, FirstSeen: t0, StoredAt: t0, State: bot.StateClosed}
	must(t, s.SaveConversation(ctx, closed))
	other := newConv(t, s, "o", "z")
	if ok, err := s.Allowed(ctx, "o", "sms", a.Sender.ID); err != nil || ok {
		t.Fatalf("allowed before Allow: %v %v", ok, err)
	}
	must(t, s.Allow(ctx, "o", "sms", a.Sender.ID, t0))
	must(t, s.Allow(ctx, "o", "sms", a.Sender.ID, t0)) // again: no error
	if ok, _ := s.Allowed(ctx, "o", "sms", a.Sender.ID); !ok {
		t.Error("not allowed after Allow")
	}
	if ok, _ := s.Allowed(ctx, "p", "sms", a.Sender.ID); ok {
		t.Error("allowed for another owner")
	}
	for _, c := range []struct {
		conv  *bot.Conversation
		state string
	}{{a, bot.StateKnown}, {b, bot.StateKnown}, {closed, bot.StateClosed}, {other, bot.StateWatching}} {
		got, _ := s.ConversationByID(ctx, c.conv.ID)
		if got.State != c.state {
			t.Errorf("conversation %s after Allow: %s, want %s", c.conv.Key, got.State, c.state)
		}
	}
	w := newWarning(t, s, a, "w1", "AAAA", t0)
	if got, err := s.Feedbacks(ctx, "o", w.ID); err != nil || len(got) != 0 {
		t.Fatalf("feedback before any: %+v %v", got, err)
	}
	f := bot.Feedback{Owner: "o", WarningID: w.ID, Kind: bot.FeedbackFalseAlarm, At: t0.Add(time.Second)}
	must(t, s.AddFeedback(ctx, f))
	again := f
	again.At = t0.Add(time.Hour)
	must(t, s.AddFeedback(ctx, again)) // again: no error, and no change
	must(t, s.AddFeedback(ctx, bot.Feedback{Owner: "o", WarningID: w.ID, Kind: bot.FeedbackAllow, At: t0.Add(2 * time.Second)}))
	got, err := s.Feedbacks(ctx, "o", w.ID)
	if err != nil || len(got) != 2 || got[0] != f || got[1].Kind != bot.FeedbackAllow {
		t.Errorf("feedback: %+v %v, want the false alarm (first time) then the allow", got, err)
	}
	if got, _ := s.Feedbacks(ctx, "p", w.ID); len(got) != 0 {
		t.Errorf("another owner's feedback: %+v", got)
	}
}

// An allow without a platform holds everywhere: by sender ID or by the
// phone number a bridged sender has, in conversations now and later.
func testAllowEverywhere(t *testing.T, s bot.Store) {
	bridged := &bot.Conversation{Owner: "o", Platform: "matrix", Key: "!r", FirstSeen: t0, StoredAt: t0, State: bot.StateWatching,
		Sender: bot.Sender{ID: "@whatsapp_393401234567:hs", Phone: "+393401234567"}}
	must(t, s.SaveConversation(ctx, bridged))
	sms := &bot.Conversation{Owner: "o", Platform: "webhook", Key: "+393401234567", FirstSeen: t0, StoredAt: t0, State: bot.StateWatching,
		Sender: bot.Sender{ID: "+393401234567", Phone: "+393401234567"}}
	must(t, s.SaveConversation(ctx, sms))
	other := &bot.Conversation{Owner: "p", Platform: "webhook", Key: "+393401234567", FirstSeen: t0, StoredAt: t0, State: bot.StateWatching,
		Sender: bot.Sender{ID: "+393401234567", Phone: "+393401234567"}}
	must(t, s.SaveConversation(ctx, other))
	must(t, s.Allow(ctx, "o", "", "+393401234567", t0))
	for _, c := range []struct {
		conv  *bot.Conversation
		state string
	}{{bridged, bot.StateKnown}, {sms, bot.StateKnown}, {other, bot.StateWatching}} {
		got, _ := s.ConversationByID(ctx, c.conv.ID)
		if got.State != c.state || (c.state == bot.StateKnown && got.Version == c.conv.Version) {
			t.Errorf("%s/%s after Allow everywhere: %s version %d, want %s (a new version)", c.conv.Owner, c.conv.Platform, got.State, got.Version, c.state)
		}
	}
	for _, platform := range []string{"webhook", "telegram", ""} {
		if ok, err := s.Allowed(ctx, "o", platform, "+393401234567"); err != nil || !ok {
			t.Errorf("Allowed on %q: %v %v, want true", platform, ok, err)
		}
	}
	if ok, _ := s.Allowed(ctx, "p", "webhook", "+393401234567"); ok {
		t.Error("allowed for another owner")
	}
	// One platform's allow does not hold everywhere.
	must(t, s.Allow(ctx, "o", "telegram", "telegram:42", t0))
	if ok, _ := s.Allowed(ctx, "o", "", "telegram:42"); ok {
		t.Error("a Telegram allow holds everywhere")
	}
}

func testCursors(t *testing.T, s bot.Store) {
	if v, err := s.Cursor(ctx, "o", "matrix", "since"); err != nil || v != "" {
		t.Fatalf("missing cursor: %q %v", v, err)
	}
	must(t, s.SetCursor(ctx, "o", "matrix", "since", "s1"))
	must(t, s.SetCursor(ctx, "o", "matrix", "since", "s2"))
	must(t, s.SetCursor(ctx, "o", "matrix", "pending:a", "1"))
	must(t, s.SetCursor(ctx, "o", "matrix", "pending:b", "2"))
	must(t, s.SetCursor(ctx, "o", "matrix", "pendin", "x"))
	must(t, s.SetCursor(ctx, "o", "matrix", "p%nding:c", "x"))
	must(t, s.SetCursor(ctx, "o", "telegram", "pending:c", "3"))
	must(t, s.SetCursor(ctx, "p", "matrix", "pending:d", "4"))
	if v, _ := s.Cursor(ctx, "o", "matrix", "since"); v != "s2" {
		t.Errorf("cursor %q, want the last set", v)
	}
	got, err := s.CursorsWithPrefix(ctx, "o", "matrix", "pending:")
	must(t, err)
	if len(got) != 2 || got["pending:a"] != "1" || got["pending:b"] != "2" {
		t.Errorf("with prefix: %v", got)
	}
	if got, _ := s.CursorsWithPrefix(ctx, "o", "matrix", "p%"); len(got) != 1 {
		t.Errorf("a prefix is matched literally: %v", got)
	}
	must(t, s.DeleteCursor(ctx, "o", "matrix", "since"))
	must(t, s.DeleteCursor(ctx, "o", "matrix", "since"))
	if v, _ := s.Cursor(ctx, "o", "matrix", "since"); v != "" {
		t.Errorf("deleted cursor: %q", v)
	}
}

func testPurge(t *testing.T, s bot.Store) {
	old := newConv(t, s, "o", "old")
	must(t, s.AddTurn(ctx, &bot.Turn{ConversationID: old.ID, EventID: "e0", Text: "Hi Marco", At: t0}))
	w := newWarning(t, s, old, "w1", "AAAA", t0, "o/push")
	must(t, s.MarkSent(ctx, w.ID, "o/push", t0))
	young := &bot.Conversation{Owner: "o", Platform: "sms", Key: "young", Sender: bot.Sender{ID: "y"},
		FirstSeen: t0, StoredAt: t0.Add(48 * time.Hour), State: bot.StateWatching}
	must(t, s.SaveConversation(ctx, young))
	must(t, s.AddTurn(ctx, &bot.Turn{ConversationID: young.ID, EventID: "e0", Text: "hello", At: t0}))
	// A row from before stored_at existed goes by its first message.
	legacy := &bot.Conversation{Owner: "o", Platform: "sms", Key: "legacy", Sender: bot.Sender{ID: "l"},
		FirstSeen: t0.Add(-time.Hour), State: bot.StateWatching}
	must(t, s.SaveConversation(ctx, legacy))

	if first, err := s.NextPurge(ctx); err != nil || !first.Equal(t0.Add(-time.Hour)) {
		t.Errorf("next purge %v %v, want the legacy row's first message", first, err)
	}
	n, err := s.Purge(ctx, t0.Add(24*time.Hour))
	if err != nil || n != 2 {
		t.Fatalf("purge: %d %v, want the old and the legacy conversation", n, err)
	}
	if first, _ := s.NextPurge(ctx); !first.Equal(young.StoredAt) {
		t.Errorf("next purge after the purge %v, want the young one's %v", first, young.StoredAt)
	}
	got, _ := s.ConversationByID(ctx, old.ID)
	turns, _ := s.Turns(ctx, old.ID)
	if !got.Purged || len(turns) != 1 || turns[0].Text != "" || turns[0].EventID != "e0" {
		t.Errorf("purged conversation %+v, turns %+v", got, turns)
	}
	pw, _ := s.Warning(ctx, w.ID)
	if pw.Sender != (bot.Sender{}) || len(pw.Reasons) != 1 || pw.Reasons[0].Evidence != "" || pw.Reasons[0].Detail != "" ||
		pw.Reasons[0].Args != nil || pw.Reasons[0].Code != "greets_other_name" {
		t.Errorf("purged warning keeps evidence: %+v", pw)
	}
	if turns, _ := s.Turns(ctx, young.ID); turns[0].Text != "hello" {
		t.Error("a young conversation was purged")
	}
	if n, _ := s.Purge(ctx, t0.Add(24*time.Hour)); n != 0 {
		t.Errorf("purged again: %d", n)
	}
}

// The text quoted by a warning waiting to be delivered is kept until it is
// sent (or set aside).
func testPurgeWaitsForDelivery(t *testing.T, s bot.Store) {
	c := newConv(t, s, "o", "a")
	w := newWarning(t, s, c, "w1", "AAAA", t0, "o/push")
	if first, _ := s.NextPurge(ctx); !first.IsZero() {
		t.Errorf("next purge %v while its warning waits", first)
	}
	if n, _ := s.Purge(ctx, t0.Add(time.Hour)); n != 0 {
		t.Fatalf("purged %d with a pending warning", n)
	}
	must(t, s.MarkUndeliverable(ctx, w.ID, "o/push", "gone", t0))
	if n, _ := s.Purge(ctx, t0.Add(time.Hour)); n != 1 {
		t.Errorf("purged %d after the warning was set aside", n)
	}
}

func testForget(t *testing.T, s bot.Store) {
	for _, owner := range []string{"o", "p"} {
		c := newConv(t, s, owner, "a")
		must(t, s.AddTurn(ctx, &bot.Turn{ConversationID: c.ID, EventID: "e0", Text: "hi", At: t0}))
		if _, err := s.MarkEvent(ctx, c.ID, "e0"); err != nil {
			t.Fatal(err)
		}
		newWarning(t, s, c, "w-"+owner, "AAAA", t0, owner+"/push")
		must(t, s.Allow(ctx, owner, "sms", "friend", t0))
		must(t, s.AddFeedback(ctx, bot.Feedback{Owner: owner, WarningID: "w-" + owner, Kind: bot.FeedbackAllow, At: t0}))
		must(t, s.SetCursor(ctx, owner, "matrix", "since", "s"))
	}
	must(t, s.Forget(ctx, "o"))
	if _, err := s.Conversation(ctx, "o", "sms", "a"); !errors.Is(err, bot.ErrNotFound) {
		t.Errorf("conversation after Forget: %v", err)
	}
	if _, err := s.Warning(ctx, "w-o"); !errors.Is(err, bot.ErrNotFound) {
		t.Errorf("warning after Forget: %v", err)
	}
	if ok, _ := s.Allowed(ctx, "o", "sms", "friend"); ok {
		t.Error("allowed sender after Forget")
	}
	if v, _ := s.Cursor(ctx, "o", "matrix", "since"); v != "" {
		t.Error("cursor after Forget")
	}
	if p, _ := s.PendingDeliveries(ctx); len(p) != 1 || p[0].WarningID != "w-p" {
		t.Errorf("pending after Forget: %+v", p)
	}
	// The other owner keeps everything, and the forgotten one can start
	// afresh (no event of theirs is remembered).
	c, err := s.Conversation(ctx, "p", "sms", "a")
	must(t, err)
	if turns, _ := s.Turns(ctx, c.ID); len(turns) != 1 {
		t.Error("the other owner's turns are gone")
	}
	if ok, _ := s.Allowed(ctx, "p", "sms", "friend"); !ok {
		t.Error("the other owner's allowed sender is gone")
	}
	again := newConv(t, s, "o", "a")
	if ok, _ := s.MarkEvent(ctx, again.ID, "e0"); !ok {
		t.Error("an event of the forgotten owner is remembered")
	}
}

func testProbe(t *testing.T, s bot.Store) {
	must(t, s.Probe(ctx))
	must(t, s.Probe(ctx))
	if got, _ := s.CursorsWithPrefix(ctx, "o", "silentguard", ""); len(got) != 0 {
		t.Errorf("the probe wrote into an owner's cursors: %v", got)
	}
}
