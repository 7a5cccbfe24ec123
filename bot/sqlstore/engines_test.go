package sqlstore_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/bot/sqlstore"
	"github.com/silentguard/silentguard/internal/bottest"
	"github.com/silentguard/silentguard/internal/pgtest"
)

var script = []struct {
	text      string
	fromOwner bool
}{
	{"Hi Marco, are we still on for coffee at the usual place at 5?", false},
	{"Sorry, wrong number", true},
	{"Oh sorry! Nice to meet you anyway, I'm Amy. Where are you from?", false},
	{"My uncle is a crypto analyst, I made 30% last week on his trading platform. Add me on WhatsApp and I'll show you", false},
}

// Two engines (two instances) on one PostgreSQL, each message of many
// conversations handled by both at once, as a gateway that posts to two
// instances or a redelivery after a failover would: each message is
// stored once, by exactly one of them, and each conversation is warned
// once and escalated once, whichever engine's cached copy was stale.
func TestTwoEnginesOnePostgres(t *testing.T) {
	ctx := context.Background()
	uri := pgtest.URI(t)
	owner := func() *bot.Owner {
		return &bot.Owner{ID: "laura", Names: []string{"Laura"}, Country: "IT", Languages: []string{"en"}, Known: map[string]bool{}}
	}
	var engines [2]*bot.Engine
	var stores [2]*sqlstore.Store
	for i := range engines {
		s, err := sqlstore.OpenPostgres(ctx, uri, sqlstore.PoolOptions{MaxOpenConns: 8, MaxIdleConns: 8})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		stores[i] = s
		engines[i] = bottest.New(t, bottest.Options{Store: s})
		engines[i].AddOwner(owner())
	}
	const convs = 24
	t0 := time.Now().Add(-time.Hour).UTC()
	var wg sync.WaitGroup
	for c := range convs {
		wg.Go(func() {
			from := fmt.Sprintf("+1202555%04d", 100+c)
			for i, s := range script {
				m := bot.Message{Platform: "sms", Owner: "laura", ConversationKey: from, Text: s.text, FromOwner: s.fromOwner,
					Sender: bot.Sender{ID: from, Phone: from, Network: "sms"}, At: t0.Add(time.Duration(i) * time.Minute), EventID: fmt.Sprint("m", i)}
				var res [2]bot.Result
				var errs [2]error
				var both sync.WaitGroup
				for e := range engines {
					both.Go(func() { res[e], errs[e] = engines[e].Handle(ctx, m) })
				}
				both.Wait()
				if errs[0] != nil || errs[1] != nil {
					t.Errorf("conversation %d, message %d: %v, %v", c, i, errs[0], errs[1])
					return
				}
				if res[0].Duplicate == res[1].Duplicate {
					t.Errorf("conversation %d, message %d: duplicate %v and %v, want exactly one new", c, i, res[0].Duplicate, res[1].Duplicate)
				}
			}
		})
	}
	wg.Wait()
	count := func(q string) int {
		var n int
		if err := stores[0].DB().QueryRow(ctx, q).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}
	if n := count(`SELECT COUNT(*) FROM conversation`); n != convs {
		t.Errorf("%d conversations, want %d", n, convs)
	}
	if n := count(`SELECT COUNT(*) FROM turn`); n != convs*len(script) {
		t.Errorf("%d turns, want %d", n, convs*len(script))
	}
	if n := count(`SELECT COUNT(*) FROM (SELECT conv_id FROM warning GROUP BY conv_id
		HAVING COUNT(*) = 2 AND SUM(CASE WHEN escalation THEN 1 ELSE 0 END) = 1) ok`); n != convs {
		t.Errorf("%d of %d conversations warned once and escalated once", n, convs)
	}
}
