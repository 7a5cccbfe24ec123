package evaluate

import (
	"context"
	"runtime"
	"testing"

	"github.com/silentguard/silentguard/detectors"
)

// BenchmarkRunUCIHam is eval's path on the ordinary texts of uci-sms-ham
// (4,518 single turns), on one core: turns/s is the figure of the
// performance issue divided by the cores eval uses.
func BenchmarkRunUCIHam(b *testing.B) {
	cases, err := Load("../../../shared/corpus/external/uci-sms-ham.jsonl")
	if err != nil {
		b.Skip("uci-sms-ham.jsonl is not beside the repository:", err)
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	turns := 0
	b.ReportAllocs()
	for b.Loop() {
		_, rep, err := Run(context.Background(), cases, detectors.DefaultConfig(), policy, nil)
		if err != nil {
			b.Fatal(err)
		}
		turns = rep.Turns
	}
	b.ReportMetric(float64(turns)*float64(b.N)/b.Elapsed().Seconds(), "turns/s")
}
