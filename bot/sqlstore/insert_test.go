package sqlstore

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/silentguard/silentguard/bot"
)

// Storing a new conversation costs about as much as updating one: SQLite
// tells the new row's ID without a result set to read (the RETURNING
// clause made each insert a query, with its rows to set up and close:
// 30 allocations more than an update, where the insert's extra values and
// the building of the test's conversation take about 12).
func TestInsertConversationCostsAboutAnUpdate(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	now := time.Now()
	n := 0
	conv := func() *bot.Conversation {
		n++
		return &bot.Conversation{Owner: "o", Platform: "sms", Key: "k" + strconv.Itoa(n), Sender: bot.Sender{ID: "x"},
			FirstSeen: now, LastSeen: now, StoredAt: now, State: bot.StateWatching}
	}
	save := func(c *bot.Conversation) {
		if err := s.SaveConversation(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	existing := conv()
	save(existing)
	update := testing.AllocsPerRun(50, func() { existing.TurnCount++; save(existing) })
	var last *bot.Conversation
	insert := testing.AllocsPerRun(50, func() { last = conv(); save(last) })
	if insert > update+20 {
		t.Errorf("inserting a conversation costs %.0f allocations, updating one %.0f", insert, update)
	}
	if got, err := s.Conversation(ctx, "o", "sms", last.Key); err != nil || got.ID != last.ID {
		t.Errorf("the new conversation reads back as %+v, %v; want ID %d", got, err, last.ID)
	}
}
