package bot_test

import (
	"reflect"
	"testing"

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/detectors"
)

// Judge (a forwarded message) and Handle (a live one) hand the detectors
// the same sender: every field the adapter set survives, the
// message-request flag included, so both judge alike.
func TestJudgeSeesTheWholeSender(t *testing.T) {
	f := newFixture(t, defaultPolicy)
	m := msg("1", "Hi Marco, is the dinner still on for 8?", false, t0)
	m.Sender = bot.Sender{ID: "@signal_x:example.org", DisplayName: "Amy", Network: "signal", Bridged: true, MessageRequest: true}
	live := f.handle(t, m).Verdict
	judged, err := f.engine.Judge("laura", m.Sender, []detectors.Turn{{Text: m.Text, At: m.At}})
	if err != nil {
		t.Fatal(err)
	}
	hint := func(v detectors.Verdict) bool {
		for _, r := range v.Reasons {
			if r.Code == detectors.CodeBareNumber && r.Evidence == "Amy" {
				return true
			}
		}
		return false
	}
	if !hint(live) || !hint(judged) {
		t.Errorf("the message-request hint is lost: handled %v, judged %v", live.Reasons, judged.Reasons)
	}
	if live.Score != judged.Score || !reflect.DeepEqual(live.Reasons, judged.Reasons) {
		t.Errorf("Judge and Handle disagree: %.3f %v vs %.3f %v", judged.Score, judged.Reasons, live.Score, live.Reasons)
	}
}
