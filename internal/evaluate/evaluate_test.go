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
