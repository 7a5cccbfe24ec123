package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/internal/testwait"
)

func openTest(t *testing.T) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sg.db")
	s, err := OpenSQLite(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

// gate is released once, by the test or at its cleanup (so that Close
// does not wait for ever on a test that failed).
type gate struct {
	C    chan struct{}
	once sync.Once
}

func (g *gate) release() { g.once.Do(func() { close(g.C) }) }

// holdWriter gives a gate to hold a transaction in the writer, and a
// channel for that transaction to say it is running.
func holdWriter(t *testing.T, s *Store) (*gate, chan struct{}) {
	g := &gate{C: make(chan struct{})}
	t.Cleanup(g.release)
	return g, make(chan struct{})
}

// Transactions that wait while another commits share the next commit, and
// each Tx returns only once that commit is done: a separate connection
// sees every write the moment its Tx returns. One that fails takes back
// only its own writes.
func TestGroupCommit(t *testing.T) {
	s, path := openTest(t)
	ctx := context.Background()
	c := &bot.Conversation{Owner: "o", Platform: "sms", Key: "k", Sender: bot.Sender{ID: "x"}, State: bot.StateWatching}
	if err := s.SaveConversation(ctx, c); err != nil {
		t.Fatal(err)
	}
	other, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	seen := func(id string) bool {
		var n int
		if err := other.QueryRow(`SELECT COUNT(*) FROM seen_event WHERE event_id=?`, id).Scan(&n); err != nil {
			t.Error(err)
		}
		return n == 1
	}

	release, started := holdWriter(t, s)
	held := make(chan error, 1)
	go func() {
		held <- s.Tx(ctx, func(ctx context.Context) error {
			close(started)
			<-release.C // the writer is busy: the others queue up
			_, err := s.MarkEvent(ctx, c.ID, "first")
			return err
		})
	}()
	<-started
	const n = 40
	before := s.batches.Load()
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			id := fmt.Sprint("e", i)
			own := &bot.Conversation{Owner: "o", Platform: "sms", Key: id, Sender: bot.Sender{ID: "x"}, State: bot.StateWatching}
			errs[i] = s.Tx(ctx, func(ctx context.Context) error {
				if _, err := s.MarkEvent(ctx, c.ID, id); err != nil {
					return err
				}
				if i == 7 {
					return errors.New("this one fails")
				}
				if i%5 == 0 {
					// Inserted, then updated: the ID and version the
					// caller keeps are those committed, even when the
					// batch had to run again.
					if err := s.SaveConversation(ctx, own); err != nil {
						return err
					}
					own.TurnCount = 1
					return s.SaveConversation(ctx, own)
				}
				return nil
			})
			if i%5 == 0 && errs[i] == nil {
				got, err := s.ConversationByID(ctx, own.ID)
				if err != nil || got.Key != id || got.Version != own.Version || own.Version != 1 || got.TurnCount != 1 {
					t.Errorf("Tx %d: conversation %+v (%v), the caller's ID %d version %d", i, got, err, own.ID, own.Version)
				}
			}
			if errs[i] == nil && !seen(id) {
				t.Errorf("Tx %d returned before its commit", i)
			}
		})
	}
	testwait.For(t, "all transactions to queue", 10*time.Second, func() bool { return len(s.requests) == n })
	release.release()
	wg.Wait()
	if err := <-held; err != nil {
		t.Fatal(err)
	}
	if got := s.batches.Load() - before; got != 2 {
		t.Errorf("%d commits for 1 + %d transactions that waited together, want 2", got, n)
	}
	for i, err := range errs {
		if (err != nil) != (i == 7) {
			t.Errorf("Tx %d: %v", i, err)
		}
		if seen(fmt.Sprint("e", i)) == (i == 7) {
			t.Errorf("Tx %d: stored %v", i, !seen(fmt.Sprint("e", i)))
		}
	}
}

// A caller that gives up before the writer takes its transaction gets its
// context's error, and nothing of it is stored.
func TestTxAbandonedBeforeItRuns(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	release, started := holdWriter(t, s)
	go s.Tx(ctx, func(context.Context) error { close(started); <-release.C; return nil })
	<-started
	gone, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- s.SetCursor(gone, "o", "a", "k", "v") }()
	testwait.For(t, "the write to queue", 10*time.Second, func() bool { return len(s.requests) == 1 })
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("abandoned write: %v", err)
	}
	release.release()
	if err := s.SetCursor(ctx, "o", "a", "other", "v"); err != nil {
		t.Fatal(err)
	}
	if v, _ := s.Cursor(ctx, "o", "a", "k"); v != "" {
		t.Error("an abandoned write was stored")
	}
}

// No commit checkpoints the WAL (SQLite's automatic checkpoint would run
// inside the commit that crosses 1,000 pages); the checkpoint loop does,
// soon after.
func TestCheckpointInTheBackground(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	var auto int
	if err := s.wconn.QueryRowContext(ctx, `PRAGMA wal_autocheckpoint`).Scan(&auto); err != nil || auto != 0 {
		t.Fatalf("the writer's automatic checkpoint: %d %v, want 0 (off)", auto, err)
	}
	big := string(make([]byte, 3000))
	for i := range 20 {
		if err := s.SetCursor(ctx, "o", "a", fmt.Sprint(i), big); err != nil {
			t.Fatal(err)
		}
	}
	testwait.For(t, "the WAL checkpointed", 10*time.Second, func() bool {
		var busy, log, done int
		// A passive checkpoint of our own only reports when there is
		// nothing left to copy.
		if err := s.raw.QueryRow(`PRAGMA wal_checkpoint(PASSIVE)`).Scan(&busy, &log, &done); err != nil {
			t.Fatal(err)
		}
		return s.commits.Load() == 0 && log == done
	})
}

// Under a steady stream of commits the WAL still starts over. SQLite
// rewinds the WAL only for a write that begins when every frame is copied;
// the background checkpoint copies what was committed when it began, and
// under load a commit always lands meanwhile: the WAL grew by 100 MB a
// second. Here one does, in a transaction held open across the
// checkpoint.
func TestWALStartsOverUnderSteadyWrites(t *testing.T) {
	every, frames := checkpointEvery, walRestartFrames
	t.Cleanup(func() { checkpointEvery, walRestartFrames = every, frames }) // after the store's Close
	checkpointEvery, walRestartFrames = time.Hour, 64                       // the test runs the checkpoint
	s, _ := openTest(t)
	ctx := context.Background()
	big := string(make([]byte, 3000)) // a page of its own
	for i := range 100 {
		if err := s.SetCursor(ctx, "o", "a", fmt.Sprint(i), big); err != nil {
			t.Fatal(err)
		}
	}
	release, started := holdWriter(t, s)
	held := make(chan error, 1)
	go func() {
		held <- s.Tx(ctx, func(ctx context.Context) error {
			close(started)
			<-release.C
			return s.SetCursor(ctx, "o", "a", "held", big)
		})
	}()
	<-started
	s.checkpointRound() // copies the 100 commits
	if !s.walFull.Load() {
		t.Fatalf("a WAL of 100 commits and more did not ask the writer to finish the checkpoint (bound %d frames)", walRestartFrames)
	}
	release.release()
	if err := <-held; err != nil {
		t.Fatal(err)
	}
	if err := s.SetCursor(ctx, "o", "a", "next", big); err != nil {
		t.Fatal(err)
	}
	var busy, log, done int
	if err := s.raw.QueryRow(`PRAGMA wal_checkpoint(PASSIVE)`).Scan(&busy, &log, &done); err != nil {
		t.Fatal(err)
	}
	if log > 10 {
		t.Errorf("the WAL holds %d frames after the commit that followed the checkpoint; want it started over (a few)", log)
	}
}

// Once the store is idle, a WAL file a burst left large is emptied: its
// old frames hold text the purge has deleted from the database.
func TestWALCutBackWhenIdle(t *testing.T) {
	every := checkpointEvery
	t.Cleanup(func() { checkpointEvery = every }) // after the store's Close
	checkpointEvery = 10 * time.Millisecond
	s, path := openTest(t)
	ctx := context.Background()
	big := string(make([]byte, 3000)) // a page of its own
	err := s.Tx(ctx, func(ctx context.Context) error {
		for i := range 2000 { // 8 MB of WAL in one commit
			if err := s.SetCursor(ctx, "o", "a", fmt.Sprint(i), big); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	walSize := func() int64 {
		fi, err := os.Stat(path + "-wal")
		if err != nil {
			return 0
		}
		return fi.Size()
	}
	if n := walSize(); n <= walKeepBytes {
		t.Fatalf("the WAL holds %d bytes after the burst, want more than %d for this test", n, walKeepBytes)
	}
	testwait.For(t, "the WAL cut back", 10*time.Second, func() bool { return walSize() <= walKeepBytes })
	if v, err := s.Cursor(ctx, "o", "a", "1999"); err != nil || v != big {
		t.Fatalf("after the cut: %d bytes, %v", len(v), err)
	}
}

// A purge of many conversations leaves the writer to others between
// chunks, instead of holding it for the whole sweep.
func TestPurgeInChunks(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	stored := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	n := 2*purgeChunk + 10
	err := s.Tx(ctx, func(ctx context.Context) error {
		for i := range n {
			c := &bot.Conversation{Owner: "o", Platform: "sms", Key: fmt.Sprint(i), Sender: bot.Sender{ID: "x"},
				FirstSeen: stored, StoredAt: stored, State: bot.StateClosed}
			if err := s.SaveConversation(ctx, c); err != nil {
				return err
			}
			if err := s.AddTurn(ctx, &bot.Turn{ConversationID: c.ID, EventID: "e", Text: "hello", At: stored}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	before := s.batches.Load()
	if got, err := s.Purge(ctx, stored.AddDate(0, 1, 0)); err != nil || got != n {
		t.Fatalf("purged %d (%v), want %d", got, err, n)
	}
	if commits := s.batches.Load() - before; commits != 3 {
		t.Errorf("%d commits for %d conversations, want 3 (chunks of %d)", commits, n, purgeChunk)
	}
}
