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
// number never seen before, as a burst of new senders does. Judging with
// a number E164 has read must cost far fewer extra allocations than
// judging with one nobody read, which is parsed: an analysis comes from a
// sync.Pool, which a garbage collection (or, under -race, chance) empties
// now and then, so a fixed margin over judging without a number is noise.
func TestSenderNumberParsedOnce(t *testing.T) {
	r := testRegistry(t)
	seq := &senderSeq // numbers never seen, even when the test runs again (-count)
	const (
		noNumber = iota
		readNumber
		unreadNumber
	)
	costOnce := func(mode int) float64 {
		return testing.AllocsPerRun(20, func() {
			*seq++
			e164, err := phone.E164(fmt.Sprintf("+39 320 %07d", *seq), "IT")
			if err != nil {
				t.Fatal(err)
			}
			c := chat(NetworkSMS, nil, "s: ok see you tomorrow then")
			c.Sender = Sender{Network: NetworkSMS}
			switch mode {
			case readNumber:
				c.Sender.Phone = e164
			case unreadNumber:
				c.Sender.Phone = fmt.Sprintf("+39321%07d", *seq)
			}
			r.Evaluate(c)
		})
	}
	// the fewest of a few measurements, each of 20 verdicts
	cost := func(mode int) float64 {
		least := math.Inf(1)
		for range 5 {
			least = min(least, costOnce(mode))
		}
		return least
	}
	without, read, unread := cost(noNumber), cost(readNumber), cost(unreadNumber)
	parse := unread - without
	if parse < 20 {
		t.Fatalf("judging with an unread number costs only %.0f allocations more than without one: the reference shows no parse", parse)
	}
	if extra := read - without; extra > parse/2 {
		t.Errorf("judging a sender by a number phone.E164 has read costs %.0f allocations more than without it (parsing one costs %.0f): it is parsed again", extra, parse)
	}
}

// senderSeq numbers the senders of TestSenderNumberParsedOnce.
var senderSeq int
