package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"runtime"
	"sync/atomic"
	"time"

	"go.mau.fi/util/dbutil"
)

// ErrClosed is returned for a write asked of a closed store.
var ErrClosed = errors.New("the database is closed")

// maxBatch bounds how many transactions share one commit.
const maxBatch = 256

// checkpointEvery is how often the WAL is copied back into the database
// file, away from any request (SQLite's own checkpoint runs inside the
// commit that crosses its threshold); nothing is done while nothing is
// committed. Under full load a quarter of a second is 25 MB of WAL. A
// variable for the tests.
var checkpointEvery = 250 * time.Millisecond

// walRestartFrames: once the WAL holds this many frames (pages, 16 MB),
// the writer finishes the checkpoint itself between two commits, so that
// the next commit writes the WAL from its start again. SQLite only starts
// it over once every frame is copied, and under a steady stream of
// commits the background checkpoint never copies the last ones: the WAL
// grew to 749 MB in a 30,000-message load test (now 62-79 MB), and
// every write slowed down with it. A variable for the tests.
var walRestartFrames = 4096

// Request states: waiting in the queue, taken by the writer, abandoned by
// its caller before the writer took it.
const (
	reqWaiting int32 = iota
	reqTaken
	reqAbandoned
)

// txRequest is one Tx waiting for the writer.
type txRequest struct {
	ctx      context.Context
	fn       func(ctx context.Context) error
	state    atomic.Int32
	done     chan error // buffered: the writer never waits for the caller
	panicked any
}

// batch is the transaction that a group of requests shares.
type batch struct {
	tx    *sql.Tx
	stmts map[*sql.Stmt]*sql.Stmt
	undo  []func()
}

type batchKey struct{ s *Store }

// stmt is st bound to the batch's transaction (prepared on the writer's
// connection once; bound once per batch).
func (b *batch) stmt(st *sql.Stmt) *sql.Stmt {
	if ts, ok := b.stmts[st]; ok {
		return ts
	}
	ts := b.tx.Stmt(st)
	b.stmts[st] = ts
	return ts
}

func (s *Store) batchOf(ctx context.Context) *batch {
	b, _ := ctx.Value(batchKey{s}).(*batch)
	return b
}

// Tx runs fn in a transaction: on PostgreSQL a transaction of its own (see
// pgTx); on SQLite one of the store's one writer. Transactions that
// wait together share one commit (each in a savepoint of its own, so that
// one failing takes only its own writes back); Tx returns once the commit
// that holds fn's writes is done. A ctx that ends before the writer starts
// fn leaves nothing stored and returns its error; once started, fn runs to
// its commit whatever ctx does, and Tx reports that commit. fn must use
// the ctx it is given for every call to the store.
func (s *Store) Tx(ctx context.Context, fn func(ctx context.Context) error) error {
	if s.batchOf(ctx) != nil {
		return fn(ctx) // nested: joins the outer transaction
	}
	defer s.observed(OpWrite, time.Now())
	if s.dialect == dbutil.Postgres {
		return s.pgTx(ctx, fn)
	}
	r := &txRequest{ctx: ctx, fn: fn, done: make(chan error, 1)}
	if err := s.enqueue(r); err != nil {
		return err
	}
	select {
	case err := <-r.done:
		return r.result(err)
	case <-ctx.Done():
		if r.state.CompareAndSwap(reqWaiting, reqAbandoned) {
			return ctx.Err()
		}
		return r.result(<-r.done)
	}
}

func (r *txRequest) result(err error) error {
	if r.panicked != nil {
		panic(r.panicked)
	}
	return err
}

func (s *Store) enqueue(r *txRequest) error {
	s.closeMu.RLock()
	defer s.closeMu.RUnlock()
	if s.closed {
		return ErrClosed
	}
	select {
	case s.requests <- r:
		return nil
	case <-r.ctx.Done():
		return r.ctx.Err()
	}
}

// writeLoop is the one writer: it takes every request waiting (up to
// maxBatch) and commits them together, until the queue is closed.
func (s *Store) writeLoop() {
	defer close(s.writerDone)
	reqs := make([]*txRequest, 0, maxBatch)
	for {
		var r *txRequest
		select {
		case req, ok := <-s.requests:
			if !ok {
				return
			}
			r = req
		case <-s.cutWAL:
			s.cutBackWAL()
			continue
		}
		reqs = append(reqs[:0], r)
		// Let the handlers that are about to ask join this commit: at
		// a few thousand messages a second, a commit alone each costs
		// more than the wait.
		runtime.Gosched()
	gather:
		for len(reqs) < maxBatch {
			select {
			case r, ok := <-s.requests:
				if !ok {
					break gather
				}
				reqs = append(reqs, r)
			default:
				break gather
			}
		}
		s.commit(reqs)
		if s.walFull.Swap(false) {
			s.finishCheckpoint()
		}
	}
}

// cutBackWAL empties the WAL file once the store is idle (asked by the
// checkpoint loop): a burst may have left it at up to 64 MB, and its old
// frames hold the text of messages that the purge has since deleted from
// the database. It waits at most walCutWait for readers; the loop asks
// again at its next tick if they kept it.
func (s *Store) cutBackWAL() {
	ctx := context.Background()
	if _, err := s.wconn.ExecContext(ctx, fmt.Sprintf("PRAGMA busy_timeout(%d)", walCutWait.Milliseconds())); err != nil {
		s.log.Warn().Err(err).Msg("Failed to cut back the database's write-ahead log")
		return
	}
	defer s.wconn.ExecContext(ctx, fmt.Sprintf("PRAGMA busy_timeout(%d)", busyTimeout.Milliseconds()))
	if _, err := s.wconn.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		s.log.Warn().Err(err).Msg("Failed to cut back the database's write-ahead log")
	}
}

// walCutWait bounds how long cutBackWAL waits for readers; walKeepBytes
// is the WAL file size an idle store leaves as it is.
const (
	walCutWait   = 100 * time.Millisecond
	walKeepBytes = 4 << 20
)

// finishCheckpoint copies, on the writer's connection and between its
// transactions, what the background checkpoint left in the WAL: the
// frames of the commits since (it copied the rest). With nothing written
// meanwhile, the next commit starts the WAL over.
func (s *Store) finishCheckpoint() {
	if _, err := s.wconn.ExecContext(context.Background(), `PRAGMA wal_checkpoint(PASSIVE)`); err != nil {
		s.log.Warn().Err(err).Msg("Failed to checkpoint the database's write-ahead log")
	}
}

// commit runs the requests in one transaction and tells each the outcome.
func (s *Store) commit(reqs []*txRequest) {
	live := make([]*txRequest, 0, len(reqs))
	for _, r := range reqs {
		if r.state.CompareAndSwap(reqWaiting, reqTaken) {
			live = append(live, r)
		}
	}
	if len(live) == 0 {
		return
	}
	errs := make([]error, len(live))
	err := s.runBatch(live, errs)
	if s.noneAllowed.pending.Swap(false) {
		s.noneAllowed.clear() // the allow-list's write is over: see noneAllowed
	}
	if err != nil {
		for i := range errs {
			if errs[i] == nil {
				errs[i] = err
			}
		}
	} else {
		s.commits.Add(1)
		s.batches.Add(1)
	}
	for i, r := range live {
		r.done <- errs[i]
	}
}

// runBatch runs each request, recording its own error in errs; it returns
// an error when nothing at all was committed. Requests run together in one
// transaction; if one fails, all are taken back and run again, each in a
// savepoint of its own, so that the failing one takes back only its own
// writes. (Savepoints cost two statements per request, and requests
// seldom fail.)
func (s *Store) runBatch(live []*txRequest, errs []error) error {
	if len(live) > 1 {
		if err, ok := s.runTogether(live, errs); ok {
			return err
		}
		clear(errs)
	}
	return s.runApart(live, errs)
}

// runTogether runs the requests without savepoints; ok is false (and
// nothing is stored) when one of them failed.
func (s *Store) runTogether(live []*txRequest, errs []error) (err error, ok bool) {
	b, err := s.begin()
	if err != nil {
		return err, true
	}
	for i, r := range live {
		if errs[i] = s.run(b, r); errs[i] != nil {
			b.rollback()
			return nil, false
		}
	}
	return b.commit(), true
}

// runApart runs each request in a savepoint of its own (alone, it needs
// none: it commits or rolls back whole).
func (s *Store) runApart(live []*txRequest, errs []error) error {
	b, err := s.begin()
	if err != nil {
		return err
	}
	if len(live) == 1 {
		if errs[0] = s.run(b, live[0]); errs[0] != nil {
			b.rollback()
			return nil
		}
		return b.commit()
	}
	for i, r := range live {
		if _, err := b.stmt(s.st.savepoint).Exec(); err != nil {
			b.rollback()
			return fmt.Errorf("savepoint: %w", err)
		}
		mark := len(b.undo)
		if errs[i] = s.run(b, r); errs[i] != nil {
			// An error SQLite answered by rolling the whole transaction
			// back leaves no savepoint: then nothing commits, and the
			// statements that follow must not run outside a transaction.
			if _, err := b.stmt(s.st.rollbackTo).Exec(); err != nil {
				b.rollback()
				return fmt.Errorf("roll back to savepoint: %w (after %w)", err, errs[i])
			}
			b.undoTo(mark)
		}
		if _, err := b.stmt(s.st.release).Exec(); err != nil {
			b.rollback()
			return fmt.Errorf("release savepoint: %w", err)
		}
	}
	return b.commit()
}

func (s *Store) begin() (*batch, error) {
	tx, err := s.wconn.BeginTx(context.Background(), nil)
	if err != nil {
		return nil, fmt.Errorf("begin transaction: %w", err)
	}
	return &batch{tx: tx, stmts: make(map[*sql.Stmt]*sql.Stmt, 16)}, nil
}

// commit commits the batch; if that fails, what it changed in the
// callers' values is taken back too.
func (b *batch) commit() error {
	if err := b.tx.Commit(); err != nil {
		b.undoTo(0)
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// rollback takes everything back, in the database and in the callers'
// values.
func (b *batch) rollback() {
	_ = b.tx.Rollback()
	b.undoTo(0)
}

// onUndo records how to take back a change the store made to a caller's
// value (an ID, a version) should the write not commit.
func (b *batch) onUndo(f func()) { b.undo = append(b.undo, f) }

// undoTo runs, newest first, the undos recorded after the first n.
func (b *batch) undoTo(n int) {
	for i := len(b.undo) - 1; i >= n; i-- {
		b.undo[i]()
	}
	b.undo = b.undo[:n]
}

// run calls a request's fn inside the batch; the caller's cancellation
// does not reach the statements (an interrupted statement would roll back
// everyone's transaction). A panic is handed back to the caller.
func (s *Store) run(b *batch, r *txRequest) (err error) {
	defer func() {
		if p := recover(); p != nil {
			r.panicked = p
			err = fmt.Errorf("panic in transaction: %v", p)
		}
	}()
	return r.fn(context.WithValue(context.WithoutCancel(r.ctx), batchKey{s}, b))
}

// checkpointLoop copies the WAL back into the database file every
// checkpointEvery when something was committed, without blocking the
// writer (PASSIVE), until the store closes; when the WAL has grown past
// walRestartFrames, it asks the writer to finish the copy.
func (s *Store) checkpointLoop() {
	defer close(s.checkpointDone)
	t := time.NewTicker(checkpointEvery)
	defer t.Stop()
	written := false // since the WAL file was last found small
	for {
		select {
		case <-s.quit:
			return
		case <-t.C:
		}
		if s.commits.Swap(0) != 0 {
			s.checkpointRound()
			written = true
			continue
		}
		// A tick without commits: the store is idle. A WAL file a burst
		// left large is cut back (by the writer: nothing waits on
		// SQLite's lock).
		if written {
			if fi, err := os.Stat(s.path + "-wal"); err != nil || fi.Size() <= walKeepBytes {
				written = false
			} else {
				select {
				case s.cutWAL <- struct{}{}:
				default:
				}
			}
		}
	}
}

// checkpointRound is one checkpoint of the loop's. A WAL past
// walRestartFrames is copied again, while commits keep coming, until a
// copy finds only a short tail (walTailFrames) new since the one before:
// the writer, which stops for its own copy, then has only that tail left.
func (s *Store) checkpointRound() {
	copiedBefore := -1
	for range maxCopies {
		var busy, frames, copied int
		if err := s.raw.QueryRow(`PRAGMA wal_checkpoint(PASSIVE)`).Scan(&busy, &frames, &copied); err != nil {
			s.log.Warn().Err(err).Msg("Failed to checkpoint the database's write-ahead log")
			return
		}
		if frames < walRestartFrames {
			return
		}
		// Even with every frame copied, a commit since may keep the WAL
		// from starting over: frames counts the WAL as it was.
		if copiedBefore >= 0 && frames-copiedBefore <= walTailFrames {
			break
		}
		copiedBefore = copied
	}
	s.walFull.Store(true)
}

// maxCopies bounds the copies of one checkpoint round; walTailFrames is
// the tail short enough for the writer to copy (1 MB).
const (
	maxCopies     = 4
	walTailFrames = 256
)
