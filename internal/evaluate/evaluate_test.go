package evaluate

import (
	"context"
	"reflect"
	"runtime"
	"testing"
	"time"

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/detectors"
)

var policy = bot.Policy{Window: 14 * 24 * time.Hour, MaxMessages: 40, Retention: 7 * 24 * time.Hour, MinLevel: detectors.LevelCaution}

// Cases shared among engines give the outcomes of one engine feeding them
// in order: each case is a conversation of an owner of its own.
func TestRunInParallelMatchesOneByOne(t *testing.T) {
	cases, err := Load("../../detectors/testdata/own.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	run := func(procs int) ([]Outcome, Report) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		calls := 0
		outs, rep, err := Run(context.Background(), cases, detectors.DefaultConfig(), policy, func(done int) {
			calls++
			if done != calls {
				t.Errorf("progress %d after %d cases", done, calls)
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		if calls != len(cases) {
			t.Errorf("progress called %d times for %d cases", calls, len(cases))
		}
		return outs, rep
	}
	one, repOne := run(1)
	many, repMany := run(4)
	for i := range one {
		if one[i].WarnedAt != many[i].WarnedAt || one[i].Case != many[i].Case ||
			!reflect.DeepEqual(one[i].Verdict, many[i].Verdict) {
			t.Errorf("case %s: one engine %+v, four %+v", cases[i].ID, one[i], many[i])
		}
	}
	if repOne.Turns != repMany.Turns || repOne.Turns == 0 || *repOne.Recall != *repMany.Recall {
		t.Errorf("reports differ: %+v / %+v", repOne, repMany)
	}
}

// The real openers quoted in public reports (detectors/testdata/reports)
// load as cases to warn on, each with its source, and no text twice.
func TestReportsLoad(t *testing.T) {
	cases, err := Load("../../detectors/testdata/reports/dev.jsonl", "../../detectors/testdata/reports/test.jsonl",
		"../../detectors/testdata/reports/dev2.jsonl", "../../detectors/testdata/reports/test2.jsonl",
		"../../detectors/testdata/reports/dev3.jsonl", "../../detectors/testdata/reports/test3.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 157+83+42 {
		t.Fatalf("%d cases, want the 157, 83 and 42 collected", len(cases))
	}
	seen := map[string]string{}
	for _, c := range cases {
		if !c.Warn || c.WarnBy != 1 || c.Source == "" || len(c.Turns) != 1 {
			t.Errorf("%s: warn %v by %d, source %q, %d turns", c.ID, c.Warn, c.WarnBy, c.Source, len(c.Turns))
		}
		if id, dup := seen[c.Turns[0].Text]; dup {
			t.Errorf("%s repeats %s", c.ID, id)
		}
		seen[c.Turns[0].Text] = c.ID
	}
}

// Round forty-one is the training corpus's frames written afresh in eight
// languages, one variant of each item: openers, a few conversations, hard
// negatives (some from a service's sender ID, some after the owner wrote
// first) and everyday texts. Each has its source and an owner; a scam is
// due by a turn that exists and opens with the sender; no text repeats.
func TestRound41Loads(t *testing.T) {
	cases, err := Load("../../detectors/testdata/rounds/round41.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 1045 {
		t.Fatalf("%d cases, want the 1045 written", len(cases))
	}
	ids, texts := map[string]bool{}, map[string]string{}
	langs := map[string]int{}
	for _, c := range cases {
		if ids[c.ID] {
			t.Errorf("%s twice", c.ID)
		}
		ids[c.ID] = true
		langs[c.Lang]++
		if c.Source == "" || len(c.Owner.Names) == 0 || len(c.Turns) == 0 ||
			c.Warn && (c.WarnBy < 1 || c.WarnBy > len(c.Turns) || c.Turns[0].From != "sender") {
			t.Errorf("%s: warn %v by %d of %d turns, source %q, owner %v", c.ID, c.Warn, c.WarnBy, len(c.Turns), c.Source, c.Owner.Names)
		}
		last := c.Turns[len(c.Turns)-1].Text
		if id, dup := texts[last]; dup {
			t.Errorf("%s repeats %s", c.ID, id)
		}
		texts[last] = c.ID
	}
	if len(langs) != 8 {
		t.Errorf("languages %v, want eight", langs)
	}
}

// Rounds thirteen, fourteen, sixteen (b), eighteen (b) and thirty (b) are whole conversations: a stranger's
// opener, the owner's replies, and the scam's later turns (or a benign
// exchange); round twenty-one's are a stranger's messages that nobody
// answers. Each has its source, an owner and a sender's number; a scam
// is due by a turn that exists; only a benign one may start with the
// owner.
func TestConversationRoundLoads(t *testing.T) {
	cases, err := Load("../../detectors/testdata/rounds/round13.jsonl", "../../detectors/testdata/rounds/round14.jsonl",
		"../../detectors/testdata/rounds/round16b.jsonl", "../../detectors/testdata/rounds/round18b.jsonl",
		"../../detectors/testdata/rounds/round21a.jsonl", "../../detectors/testdata/rounds/round21b.jsonl",
		"../../detectors/testdata/rounds/round30b.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 147+162+90+90+100+84+104 {
		t.Fatalf("%d cases, want the 777 written", len(cases))
	}
	ids := map[string]bool{}
	multi := 0
	for _, c := range cases {
		if ids[c.ID] {
			t.Errorf("%s twice", c.ID)
		}
		ids[c.ID] = true
		if len(c.Turns) > 1 {
			multi++
		}
		if c.Source == "" || len(c.Owner.Names) == 0 || c.Sender.Phone == "" ||
			c.Warn && (c.WarnBy < 1 || c.WarnBy > len(c.Turns) || c.Turns[0].From != "sender") {
			t.Errorf("%s: warn %v by %d of %d turns, source %q, owner %v, sender %q", c.ID, c.Warn, c.WarnBy, len(c.Turns), c.Source, c.Owner.Names, c.Sender.Phone)
		}
	}
	if multi < len(cases)*9/10 {
		t.Errorf("only %d of %d cases are conversations", multi, len(cases))
	}
}

// The fresh rounds (detectors/testdata/rounds) load as openers (one
// message, or a few from the sender alone in round nine), each with its
// source and an owner, due by their first turn, and no text twice.
func TestRoundsLoad(t *testing.T) {
	cases, err := Load("../../detectors/testdata/rounds/round6.jsonl", "../../detectors/testdata/rounds/round7.jsonl",
		"../../detectors/testdata/rounds/round8.jsonl", "../../detectors/testdata/rounds/round9.jsonl",
		"../../detectors/testdata/rounds/round10.jsonl", "../../detectors/testdata/rounds/round11.jsonl",
		"../../detectors/testdata/rounds/round12.jsonl", "../../detectors/testdata/rounds/round15.jsonl",
		"../../detectors/testdata/rounds/round16a.jsonl", "../../detectors/testdata/rounds/round17a.jsonl",
		"../../detectors/testdata/rounds/round17b.jsonl", "../../detectors/testdata/rounds/round18a.jsonl",
		"../../detectors/testdata/rounds/round18c.jsonl", "../../detectors/testdata/rounds/round19a.jsonl",
		"../../detectors/testdata/rounds/round19b.jsonl", "../../detectors/testdata/rounds/round20.jsonl",
		"../../detectors/testdata/rounds/round22a.jsonl", "../../detectors/testdata/rounds/round22b.jsonl",
		"../../detectors/testdata/rounds/round23a.jsonl", "../../detectors/testdata/rounds/round23b.jsonl",
		"../../detectors/testdata/rounds/round24.jsonl", "../../detectors/testdata/rounds/round25.jsonl",
		"../../detectors/testdata/rounds/round26.jsonl", "../../detectors/testdata/rounds/round27.jsonl",
		"../../detectors/testdata/rounds/round28.jsonl", "../../detectors/testdata/rounds/round29.jsonl",
		"../../detectors/testdata/rounds/round30a.jsonl", "../../detectors/testdata/rounds/round31a.jsonl",
		"../../detectors/testdata/rounds/round31b.jsonl", "../../detectors/testdata/rounds/round31c.jsonl",
		"../../detectors/testdata/rounds/round32a.jsonl", "../../detectors/testdata/rounds/round32b.jsonl",
		"../../detectors/testdata/rounds/round32c.jsonl", "../../detectors/testdata/rounds/round32d.jsonl",
		"../../detectors/testdata/rounds/round32e.jsonl", "../../detectors/testdata/rounds/round33a.jsonl",
		"../../detectors/testdata/rounds/round33b.jsonl", "../../detectors/testdata/rounds/round33c.jsonl",
		"../../detectors/testdata/rounds/round34a.jsonl", "../../detectors/testdata/rounds/round34b.jsonl",
		"../../detectors/testdata/rounds/round34c.jsonl", "../../detectors/testdata/rounds/round35a.jsonl",
		"../../detectors/testdata/rounds/round35b.jsonl", "../../detectors/testdata/rounds/round35c.jsonl",
		"../../detectors/testdata/rounds/round36a.jsonl", "../../detectors/testdata/rounds/round36b.jsonl",
		"../../detectors/testdata/rounds/round36c.jsonl", "../../detectors/testdata/rounds/round37a.jsonl",
		"../../detectors/testdata/rounds/round37b.jsonl", "../../detectors/testdata/rounds/round37c.jsonl",
		"../../detectors/testdata/rounds/round38a.jsonl", "../../detectors/testdata/rounds/round38b.jsonl",
		"../../detectors/testdata/rounds/round39a.jsonl", "../../detectors/testdata/rounds/round39b.jsonl",
		"../../detectors/testdata/rounds/round39c.jsonl", "../../detectors/testdata/rounds/round40a.jsonl",
		"../../detectors/testdata/rounds/round40b.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 1992+240+150+192+160+150+130+39+66+105+34+26+150+162+660+840+729+559+299+587+414+3*104+104+154+102+156+104+90+90+135+119+159+160+119+80+79+119+119+116+120+180+179+119+120+99+100+99+120+119 {
		t.Fatalf("%d cases, want the 11256 written", len(cases))
	}
	seen := map[string]string{}
	for _, c := range cases {
		fromOwner := false
		for _, tu := range c.Turns {
			fromOwner = fromOwner || tu.From != "sender"
		}
		if c.Warn && c.WarnBy != 1 || c.Source == "" || len(c.Turns) == 0 || fromOwner || len(c.Owner.Names) == 0 {
			t.Errorf("%s: warn %v by %d, source %q, %d turns (owner's: %v), owner %v", c.ID, c.Warn, c.WarnBy, c.Source, len(c.Turns), fromOwner, c.Owner.Names)
		}
		if id, dup := seen[c.Turns[0].Text]; dup {
			t.Errorf("%s repeats %s", c.ID, id)
		}
		seen[c.Turns[0].Text] = c.ID
	}
}
