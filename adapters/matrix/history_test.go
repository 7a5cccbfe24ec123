package matrix_test

import (
	"strings"
	"testing"
	"time"
)

func TestHistoryIsQuietUnlessSummaryAsked(t *testing.T) {
	for _, days := range []int{0, 7} {
		t.Run(map[int]string{0: "default", 7: "history_days=7"}[days], func(t *testing.T) {
			w := newWorld(t)
			w.owner.poll(w.botID)
			// The conversation that made the owner install SilentGuard.
			p := w.portal("whatsapp_12025550143", "+1 202-555-0143 (WA)", "whatsapp", "dm")
			e1 := p.say(t, scamScript[0].text)
			benign := w.portal("whatsapp_12025550177", "+1 202-555-0177 (WA)", "whatsapp", "dm")
			// A carrier's notice that names the owner. (Unnamed, from a
			// foreign number, the same notice reaches caution since the
			// model learnt everyday texts of six more languages: the
			// model's 0.08 beside the plan and the foreign number.)
			e2 := benign.say(t, "Hi Laura, your parcel 1Z999 will be delivered today between 10:00 and 12:00. UPS")
			// Both must be history when SilentGuard first syncs: wait
			// until the owner's own sync shows them (a loaded homeserver
			// can lag, and then they would arrive as new).
			w.waitFor("the owner's sync to show both messages", 15*time.Second, func() bool {
				w.owner.poll(w.botID)
				return w.owner.saw(e1) && w.owner.saw(e2)
			})
			extra := ""
			if days > 0 {
				extra = "history_days = 7"
			}
			w.start(w.config(extra))
			if days == 0 {
				w.noMoreWarnings(0)
				for _, m := range w.owner.messages() {
					t.Errorf("history produced a message: %s", firstLine(m.body))
				}
				return
			}
			w.waitFor("the history summary", 30*time.Second, func() bool {
				w.owner.poll(w.botID)
				return len(w.owner.messages()) >= 1
			})
			w.settle()
			w.catchUp()
			msgs := w.owner.messages()
			if len(msgs) != 1 {
				t.Fatalf("want a single summary, got %d messages", len(msgs))
			}
			if !strings.Contains(msgs[0].body, "1 conversation") || !strings.Contains(msgs[0].body, "555-0143") {
				t.Errorf("summary does not list the scam conversation:\n%s", msgs[0].body)
			}
			if strings.Contains(msgs[0].body, "555-0177") {
				t.Errorf("summary lists the benign conversation:\n%s", msgs[0].body)
			}
		})
	}
}
