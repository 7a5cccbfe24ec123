package bot

import (
	"slices"
	"strings"
	"sync"
	"time"
)

// cachedConversations bounds the conversation cache (about 1.2 KB each
// with four turns): the conversations of a busy moment, not every one. A
// household fills a fraction of it; in the load test's burst (3,800
// conversations at once) 4,096 gave 4,770 msg/s and 61 MB with 10,000
// watched, 1,024 gave 4,420 msg/s and 56 MB.
const cachedConversations = 4096

// convCache keeps the conversations the engine handled last, as it stored
// them, so that the next message of one needs no read: the engine wrote
// what it would read. A copy that another write overtook (an !allow, a
// purge, another process) is refused by the store (ErrConflict), dropped
// and read again.
type convCache struct {
	mu   sync.Mutex
	m    map[string]*cachedConv
	byID map[int64]*cachedConv
}

type cachedConv struct {
	conv Conversation
	// turns are the stored turns, when known (they are read only for a
	// conversation being watched).
	turns      []Turn
	turnsKnown bool
}

func newConvCache() *convCache {
	return &convCache{m: make(map[string]*cachedConv), byID: make(map[int64]*cachedConv)}
}

// get returns copies of a cached conversation and its turns.
func (c *convCache) get(key string) (*Conversation, []Turn, bool, bool) {
	c.mu.Lock()
	defer c.mu.Unlock() // put reuses entries: copy them under the lock
	e, ok := c.m[key]
	if !ok {
		return nil, nil, false, false
	}
	conv := e.conv
	return &conv, slices.Clone(e.turns), e.turnsKnown, true
}

// put caches copies; when full, an entry chosen at random makes room.
// The entries, and their turns' arrays, are reused rather than made anew
// with each message: made among a burst's garbage, new ones would each
// keep a page of it in use once the burst is over.
func (c *convCache) put(key string, conv *Conversation, turns []Turn, turnsKnown bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[key]
	switch {
	case ok:
		delete(c.byID, e.conv.ID)
	case len(c.m) >= cachedConversations:
		for k, old := range c.m {
			c.dropLocked(k)
			e = old
			break
		}
	default:
		e = &cachedConv{}
	}
	e.conv, e.turnsKnown = *conv, turnsKnown
	e.turns = append(e.turns[:0], turns...)
	for i := range e.turns {
		e.turns[i].ConversationID = conv.ID // a new one's was not known yet
	}
	key = e.pack(key)
	c.m[key] = e
	c.byID[conv.ID] = e
}

func (c *convCache) drop(key string) {
	c.mu.Lock()
	c.dropLocked(key)
	c.mu.Unlock()
}

func (c *convCache) dropLocked(key string) {
	if e, ok := c.m[key]; ok {
		delete(c.byID, e.conv.ID)
		delete(c.m, key)
	}
}

// clear empties the cache and lets its memory go.
func (c *convCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m, c.byID = make(map[string]*cachedConv), make(map[int64]*cachedConv)
}

func (c *convCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.m)
}

// storedAt is when a cached conversation was stored.
func (c *convCache) storedAt(id int64) (time.Time, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.byID[id]
	if !ok {
		return time.Time{}, false
	}
	return e.conv.StoredAt, true
}

// pack copies the entry's strings (and key) into one allocation and
// returns the key's copy. Otherwise an entry would keep a dozen small
// strings alive, decoded from the request that brought it and scattered
// over the heap among that request's garbage: a few thousand entries
// would pin many mostly empty pages of it after a burst of messages.
func (e *cachedConv) pack(key string) string {
	c := &e.conv
	var buf [24]*string
	fields := append(buf[:0], &c.Owner, &c.Platform, &c.Key, &c.Sender.ID, &c.Sender.Phone,
		&c.Sender.DisplayName, (*string)(&c.Sender.Network), &c.State)
	for i := range e.turns {
		t := &e.turns[i]
		fields = append(fields, &t.EventID, &t.Text, &t.Media)
	}
	n := len(key)
	for _, f := range fields {
		n += len(*f)
	}
	var b strings.Builder
	b.Grow(n)
	b.WriteString(key)
	for _, f := range fields {
		b.WriteString(*f)
	}
	all := b.String()
	key, all = all[:len(key)], all[len(key):]
	for _, f := range fields {
		l := len(*f)
		*f, all = all[:l], all[l:]
	}
	return key
}
