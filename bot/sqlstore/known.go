package sqlstore

import (
	"context"
	"fmt"
	"sync"

	"github.com/bits-and-blooms/bloom/v3"
)

// knownConversations tells, on SQLite, which conversations are surely not
// stored, so that a message that opens a conversation (most of what a
// gateway posts) costs no read. Such a read is dear: another connection's
// commit has just emptied the reader's page cache, so it costs tens of
// microseconds, a tenth of a message's CPU under load.
//
// It is a Bloom filter of every conversation's key, filled from the file
// once at open (in the background; until then every lookup reads) and
// then by every insert, before the insert commits. The file's lock makes
// this process the file's only writer. A key that a purge or a
// rolled-back insert left behind costs a read, nothing else.
type knownConversations struct {
	mu    sync.Mutex
	ready bool
	// filters: each twice the size of the one before; the last takes
	// the keys added, until it holds its capacity (a scalable Bloom
	// filter: no key is ever read again to grow it).
	filters  []*bloom.BloomFilter
	capacity uint // of the last filter
	added    uint // to the last filter
	buf      []byte
}

// knownFalsePositives is each filter's rate of keys it wrongly holds (each
// such key costs the read the filter is there to save).
const knownFalsePositives = 0.005

// minKnownCapacity: a new or small database's filter holds this many keys
// before it grows (about 46 KB). A variable for the tests.
var minKnownCapacity uint = 1 << 15

func newKnownConversations(rows int64) *knownConversations {
	k := &knownConversations{}
	k.grow(max(uint(2*rows), minKnownCapacity))
	return k
}

func (k *knownConversations) grow(capacity uint) {
	k.filters = append(k.filters, bloom.NewWithEstimates(capacity, knownFalsePositives))
	k.capacity, k.added = capacity, 0
}

// key is the conversation's natural key as bytes, in k.buf (mu held).
func (k *knownConversations) key(owner, platform, conv string) []byte {
	k.buf = append(append(append(append(append(k.buf[:0], owner...), 0), platform...), 0), conv...)
	return k.buf
}

// add records a conversation as stored.
func (k *knownConversations) add(owner, platform, conv string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.addLocked(owner, platform, conv)
}

func (k *knownConversations) addLocked(owner, platform, conv string) {
	if k.added >= k.capacity {
		k.grow(2 * k.capacity)
	}
	k.filters[len(k.filters)-1].Add(k.key(owner, platform, conv))
	k.added++
}

// absent is true only when the conversation is surely not stored.
func (k *knownConversations) absent(owner, platform, conv string) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	if !k.ready {
		return false
	}
	key := k.key(owner, platform, conv)
	for _, f := range k.filters {
		if f.Test(key) {
			return false
		}
	}
	return true
}

// isReady tells whether the stored conversations are all loaded.
func (k *knownConversations) isReady() bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.ready
}

// knownLoad runs loadKnown until it is done or the store closes; a load
// that fails leaves every lookup reading.
func (s *Store) knownLoad() {
	defer close(s.knownDone)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		select {
		case <-s.quit:
			cancel()
		case <-ctx.Done():
		}
	}()
	if err := s.loadKnown(ctx); err != nil && ctx.Err() == nil {
		s.log.Warn().Err(err).Msg("Failed to load the conversations' keys: every new conversation is looked up")
	}
}

// knownBatch is how many keys the load adds per lock.
const knownBatch = 512

// load adds every stored conversation's key, then lets absent answer.
// The inserts that commit meanwhile add theirs themselves.
func (s *Store) loadKnown(ctx context.Context) error {
	rows, err := s.raw.QueryContext(ctx, `SELECT owner, platform, conv_key FROM conversation`)
	if err != nil {
		return fmt.Errorf("read conversation keys: %w", err)
	}
	defer rows.Close()
	type key struct{ owner, platform, conv string }
	batch := make([]key, 0, knownBatch)
	flush := func() {
		s.known.mu.Lock()
		for _, c := range batch {
			s.known.addLocked(c.owner, c.platform, c.conv)
		}
		s.known.mu.Unlock()
		batch = batch[:0]
	}
	for rows.Next() {
		var c key
		if err := rows.Scan(&c.owner, &c.platform, &c.conv); err != nil {
			return fmt.Errorf("read conversation keys: %w", err)
		}
		if batch = append(batch, c); len(batch) == knownBatch {
			flush()
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read conversation keys: %w", err)
	}
	flush()
	s.known.mu.Lock()
	s.known.ready = true
	s.known.mu.Unlock()
	return nil
}
