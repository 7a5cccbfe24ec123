package bot

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"
	"unsafe"
	"weak"

	"github.com/silentguard/silentguard/internal/testwait"
)

// A cached conversation keeps copies of its strings, not the message
// they were cut from: otherwise each entry would keep a request's whole
// decoded body (and its page of garbage) alive.
func TestConvCacheKeepsOnlyItsStrings(t *testing.T) {
	c := newConvCache()
	body := strings.Repeat("x", 64<<10) + "Hi Marco, see you at 5?+12025550143"
	text, phone := body[64<<10:64<<10+23], body[len(body)-12:]
	gone := weak.Make(unsafe.StringData(body))
	conv := &Conversation{ID: 1, Key: "k", Sender: Sender{Phone: phone}}
	c.put("k", conv, []Turn{{Text: text}}, true)
	body, text, phone, conv = "", "", "", nil
	testwait.For(t, "the message's body collected", 5*time.Second, func() bool {
		runtime.GC()
		return gone.Value() == nil
	})
	got, turns, _, ok := c.get("k")
	if !ok || got.Sender.Phone != "+12025550143" || len(turns) != 1 || turns[0].Text != "Hi Marco, see you at 5?" {
		t.Fatalf("cached %+v %+v %v", got, turns, ok)
	}
}

// Once the cache is full, caching one more conversation reuses an
// entry: the only allocation is the copy of its strings.
func TestConvCacheReusesEntries(t *testing.T) {
	c := newConvCache()
	turns := []Turn{{Text: "Hi Marco, see you at 5?"}}
	for i := range cachedConversations {
		c.put(fmt.Sprint("k", i), &Conversation{ID: int64(i + 1)}, turns, true)
	}
	conv := &Conversation{ID: 1 << 40}
	if n := testing.AllocsPerRun(100, func() {
		conv.ID++
		c.put("new", conv, turns, true)
	}); n > 1 {
		t.Errorf("%.0f allocations to cache a conversation, want 1", n)
	}
}
