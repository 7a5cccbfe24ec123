package detectors

import "testing"

func TestMessageRequestHint(t *testing.T) {
	reg, err := New(DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	conv := func(req bool) *Conversation {
		return &Conversation{
			Turns:  []Turn{{Text: "Hi Marco, is the dinner still on for 8?"}},
			Sender: Sender{ID: "@signal_x:example.org", DisplayName: "Amy", Network: "signal", Bridged: true, MessageRequest: req},
			Owner:  Owner{Names: []string{"Laura"}, Country: "IT", Languages: []string{"it"}},
		}
	}
	has := func(v Verdict) bool {
		for _, r := range v.Reasons {
			if r.Code == CodeBareNumber && r.Evidence == "Amy" {
				return true
			}
		}
		return false
	}
	with, without := reg.Evaluate(conv(true)), reg.Evaluate(conv(false))
	if !has(with) || has(without) {
		t.Errorf("message request hint: with=%v without=%v", with.Reasons, without.Reasons)
	}
	if with.Score <= without.Score {
		t.Errorf("the hint did not add to the score: %.2f vs %.2f", with.Score, without.Score)
	}
	// On its own (a harmless text) it must stay quiet.
	c := conv(true)
	c.Turns = []Turn{{Text: "ok thanks"}}
	if v := reg.Evaluate(c); v.Level != LevelNone {
		t.Errorf("metadata alone reached %s", v.Level)
	}
}
