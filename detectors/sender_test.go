package detectors

import (
	"fmt"
	"math"
	"testing"

	"github.com/silentguard/silentguard/internal/phone"
)

// A sender's number that the webhook has read (phone.E164) is not parsed
// again to judge the conversation: under load, parsing numbers twice was a
// tenth of the daemon's CPU and a sixth of its garbage. Each run reads a
// number never seen before, as a burst of new senders does; judging with
// it must cost no more allocations than judging without it.
func TestSenderNumberParsedOnce(t *testing.T) {
	r := testRegistry(t)
	seq := 0
	costOnce := func(withPhone bool) float64 {
		return testing.AllocsPerRun(20, func() {
			seq++
			e164, err := phone.E164(fmt.Sprintf("+39 320 555 %04d", seq), "IT")
			if err != nil {
				t.Fatal(err)
			}
			c := chat(NetworkSMS, nil, "s: ok see you tomorrow then")
			c.Sender = Sender{Network: NetworkSMS}
			if withPhone {
				c.Sender.Phone = e164
			}
			r.Evaluate(c)
		})
	}
	// The fewest of a few measurements: an analysis comes from a
	// sync.Pool, which a garbage collection (or, under -race, chance)
	// empties now and then, and each miss costs the same few allocations
	// with or without a number.
	cost := func(withPhone bool) float64 {
		least := math.Inf(1)
		for range 5 {
			least = min(least, costOnce(withPhone))
		}
		return least
	}
	without := cost(false)
	with := cost(true)
	if with > without+5 {
		t.Errorf("judging a sender by a number phone.E164 has read costs %.0f allocations more than without it: it is parsed again", with-without)
	}
}
