package bot_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/internal/bottest"
)

// spyStore is a real store that counts the engine's calls and can step in
// while a conversation's turns are read (before the detectors run).
type spyStore struct {
	bot.Store
	mu      sync.Mutex
	calls   map[string]int
	onTurns func(convID int64)
}

func (s *spyStore) count(name string) {
	s.mu.Lock()
	s.calls[name]++
	s.mu.Unlock()
}

func (s *spyStore) reset() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.calls
	s.calls = map[string]int{}
	return c
}

func (s *spyStore) Tx(ctx context.Context, fn func(context.Context) error) error {
	s.count("Tx")
	return s.Store.Tx(ctx, fn)
}

func (s *spyStore) Conversation(ctx context.Context, owner, platform, key string) (*bot.Conversation, error) {
	s.count("Conversation")
	return s.Store.Conversation(ctx, owner, platform, key)
}

func (s *spyStore) Allowed(ctx context.Context, owner, platform, sender string) (bool, error) {
	s.count("Allowed")
	return s.Store.Allowed(ctx, owner, platform, sender)
}

func (s *spyStore) SaveConversation(ctx context.Context, c *bot.Conversation) error {
	s.count("SaveConversation")
	return s.Store.SaveConversation(ctx, c)
}

func (s *spyStore) MarkEvent(ctx context.Context, convID int64, id string) (bool, error) {
	s.count("MarkEvent")
	return s.Store.MarkEvent(ctx, convID, id)
}

func (s *spyStore) Turns(ctx context.Context, convID int64) ([]bot.Turn, error) {
	s.count("Turns")
	s.mu.Lock()
	hook := s.onTurns
	s.mu.Unlock()
	if hook != nil {
		hook(convID)
	}
	return s.Store.Turns(ctx, convID)
}

func (s *spyStore) AddTurn(ctx context.Context, t *bot.Turn) error {
	s.count("AddTurn")
	return s.Store.AddTurn(ctx, t)
}

func (s *spyStore) WarningByRef(ctx context.Context, owner, ref string) (*bot.Warning, error) {
	s.count("WarningByRef")
	return s.Store.WarningByRef(ctx, owner, ref)
}

func (s *spyStore) AddWarning(ctx context.Context, w *bot.Warning, targets []string) error {
	s.count("AddWarning")
	return s.Store.AddWarning(ctx, w, targets)
}

// spyOn puts a spy between the fixture's engine and its store.
func (f *fixture) spyOn(t *testing.T) *spyStore {
	t.Helper()
	spy := &spyStore{Store: f.store, calls: map[string]int{}}
	f.engine = bottest.New(t, bottest.Options{Store: spy, Now: func() time.Time { return f.now }})
	f.engine.AddOwner(&bot.Owner{ID: "laura", Names: []string{"Laura"}, Country: "IT", Languages: []string{"en"},
		Known: map[string]bool{}, Targets: []bot.Target{{Name: "rec", Notifier: f.rec}}})
	return spy
}

func stores(t *testing.T, test func(t *testing.T, f *fixture)) {
	t.Run("memory", func(t *testing.T) { test(t, newFixture(t, defaultPolicy)) })
	t.Run("sqlite", func(t *testing.T) { test(t, newFileFixture(t, defaultPolicy)) })
}

// The engine asks the store only what it does not know: a new
// conversation is not read back, a conversation it handled is not read
// again, one is written once per message, and nothing is inserted to be
// updated at once.
func TestStoreCallsPerMessage(t *testing.T) {
	stores(t, func(t *testing.T, f *fixture) {
		spy := f.spyOn(t)
		res := f.handle(t, msg("1", opener, false, t0))
		if res.Warning == nil {
			t.Fatal("no warning")
		}
		want := map[string]int{"Conversation": 1, "Allowed": 1, "Tx": 1, "SaveConversation": 1, "MarkEvent": 1, "AddTurn": 1,
			"WarningByRef": 1, "AddWarning": 1}
		if got := spy.reset(); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("a new conversation's first message: %v, want %v", got, want)
		}
		f.handle(t, msg("2", "ok thanks", false, t0.Add(time.Minute)))
		want = map[string]int{"Tx": 1, "SaveConversation": 1, "MarkEvent": 1, "AddTurn": 1}
		if got := spy.reset(); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("the next message: %v, want %v", got, want)
		}
		// Another engine (a restart) has to read it, once.
		spy = f.spyOn(t)
		f.handle(t, msg("3", "see you", false, t0.Add(2*time.Minute)))
		want = map[string]int{"Conversation": 1, "Turns": 1, "Tx": 1, "SaveConversation": 1, "MarkEvent": 1, "AddTurn": 1}
		if got := spy.reset(); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("a message of a conversation this engine has not seen: %v, want %v", got, want)
		}
	})
}

// A message whose conversation is slow to read and judge holds nothing
// that other conversations need: they are stored meanwhile. The next
// message of the slow conversation waits its turn, and both are stored in
// the order they came.
func TestSlowConversationHoldsOnlyItself(t *testing.T) {
	stores(t, func(t *testing.T, f *fixture) {
		slow := fromSender(msg("a1", "hello", false, t0), "+12025550101")
		f.handle(t, slow)
		spy := f.spyOn(t) // an engine that has to read the conversation
		var slowConv atomic.Int64
		c, err := f.store.Conversation(context.Background(), "laura", "sms", slow.ConversationKey)
		if err != nil {
			t.Fatal(err)
		}
		slowConv.Store(c.ID)
		reading, release := make(chan struct{}), make(chan struct{})
		var once sync.Once
		spy.onTurns = func(convID int64) {
			if convID == slowConv.Load() {
				once.Do(func() { close(reading); <-release })
			}
		}
		t.Cleanup(func() {
			select {
			case <-release:
			default:
				close(release)
			}
		})
		first := make(chan error, 1)
		go func() {
			_, err := f.engine.Handle(context.Background(), fromSender(msg("a2", opener, false, t0.Add(time.Minute)), "+12025550101"))
			first <- err
		}()
		<-reading
		second := make(chan error, 1)
		go func() {
			_, err := f.engine.Handle(context.Background(), fromSender(msg("a3", pivot, false, t0.Add(2*time.Minute)), "+12025550101"))
			second <- err
		}()
		// Another conversation goes through while a2 is held.
		done := make(chan struct{})
		go func() {
			f.handle(t, fromSender(msg("b1", opener, false, t0), "+12025550102"))
			close(done)
		}()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatal("another conversation waited for the slow one")
		}
		select {
		case err := <-second:
			t.Fatalf("a3 was handled before a2 (%v)", err)
		default:
		}
		close(release)
		for _, ch := range []chan error{first, second} {
			if err := <-ch; err != nil {
				t.Fatal(err)
			}
		}
		turns, _ := f.store.Turns(context.Background(), c.ID)
		var ids []string
		for _, tr := range turns {
			ids = append(ids, tr.EventID)
		}
		if fmt.Sprint(ids) != "[a1 a2 a3]" {
			t.Errorf("turns %v, want [a1 a2 a3]", ids)
		}
	})
}

// Many deliveries of one message at once store it once and warn once.
func TestConcurrentRedelivery(t *testing.T) {
	stores(t, func(t *testing.T, f *fixture) {
		var wg sync.WaitGroup
		var fresh, warned atomic.Int32
		for range 16 {
			wg.Go(func() {
				res, err := f.engine.Handle(context.Background(), msg("1", opener, false, t0))
				if err != nil {
					t.Error(err)
					return
				}
				if !res.Duplicate {
					fresh.Add(1)
				}
				if res.Warning != nil {
					warned.Add(1)
				}
			})
		}
		wg.Wait()
		if fresh.Load() != 1 || warned.Load() != 1 {
			t.Errorf("%d handled as new, %d warnings; want 1 and 1", fresh.Load(), warned.Load())
		}
		if turns := f.turns(t); len(turns) != 1 {
			t.Errorf("%d turns stored", len(turns))
		}
	})
}

// An !allow that lands while a message of that sender is being judged, or
// between two of its messages, wins: the message is judged again, as a
// known sender's, and warns no one. So does a purge: no text is stored
// after it.
func TestChangeWhileJudgingIsJudgedAgain(t *testing.T) {
	for _, tc := range []struct {
		name   string
		meddle func(f *fixture, w *bot.Warning)
		check  func(t *testing.T, f *fixture, res bot.Result)
	}{
		{"allow", func(f *fixture, w *bot.Warning) {
			if _, err := f.engine.Allow(context.Background(), "laura", w.Ref); err != nil {
				panic(err)
			}
		}, func(t *testing.T, f *fixture, res bot.Result) {
			if res.Watched || res.Warning != nil || res.State != bot.StateKnown {
				t.Errorf("a message of a sender allowed meanwhile: %+v, want known, no warning", res)
			}
		}},
		{"purge", func(f *fixture, _ *bot.Warning) {
			if n, err := f.store.Purge(context.Background(), t0.Add(time.Hour)); err != nil || n != 1 {
				panic(fmt.Sprint("purge: ", n, err))
			}
		}, func(t *testing.T, f *fixture, res bot.Result) {
			if res.Watched || res.Warning != nil {
				t.Errorf("a message of a conversation purged meanwhile: %+v, want not watched", res)
			}
			for _, tr := range f.turns(t) {
				if tr.Text != "" {
					t.Errorf("turn %s has text after the purge", tr.EventID)
				}
			}
		}},
	} {
		for _, when := range []string{"while judging", "between messages"} {
			t.Run(tc.name+" "+when, func(t *testing.T) {
				stores(t, func(t *testing.T, f *fixture) {
					spy := f.spyOn(t)
					first := f.handle(t, msg("1", opener, false, t0))
					if first.Warning == nil {
						t.Fatal("no warning")
					}
					if err := f.store.MarkSent(context.Background(), first.Warning.ID, "laura/rec", t0); err != nil {
						t.Fatal(err)
					}
					if when == "between messages" {
						tc.meddle(f, first.Warning) // the engine's copy is now stale
					} else {
						engine := f.engine
						spy = f.spyOn(t) // an engine that has to read the conversation
						var once sync.Once
						spy.onTurns = func(int64) { once.Do(func() { tc.meddle(&fixture{engine: engine, store: f.store}, first.Warning) }) }
					}
					tc.check(t, f, f.handle(t, msg("2", pivot, false, t0.Add(time.Minute))))
				})
			})
		}
	}
}
