package detectors

import (
	"reflect"
	"strings"
	"testing"
)

// The buffers of a judged turn are reused by the next one: a verdict made
// after judging other texts, long and short, in any order, is the verdict
// made first.
func TestVerdictsDoNotShareBuffers(t *testing.T) {
	r := testRegistry(t)
	convs := []*Conversation{
		chat("sms", nil, "s: Hi Marco, are we still on for coffee at the usual place at 5? see you there 😊"),
		chat("whatsapp", nil, "s: Mum my phone fell in the toilet 😭 this is my new number, text me on whatsapp"),
		chat("sms", nil, "s: ok"),
		chat("sms", nil, "s: "+strings.Repeat("Hello Amanda, is the house on Elm street still available? ", 40)),
		chat("sms", nil, "s: Sorry, wrong number", "o: no problem", "s: Nice to meet you anyway! I'm Amy, where are you from? My uncle made 30% on a crypto platform"),
	}
	var long []string // more turns than an analysis is kept for
	for i := range maxPooledTurns + 1 {
		long = append(long, []string{"s: hey, are you free tonight?", "o: who is this?"}[i%2])
	}
	convs = append(convs, chat("sms", nil, long...))
	first := make([]Verdict, len(convs))
	for i, c := range convs {
		first[i] = r.Evaluate(c)
	}
	for round := range 3 {
		for k := range convs {
			i := (k*(round+2) + round) % len(convs)
			if got := r.Evaluate(convs[i]); !reflect.DeepEqual(got, first[i]) {
				t.Fatalf("round %d, conversation %d: %+v, first %+v", round, i, got, first[i])
			}
		}
	}
}
