package telegram

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// BenchmarkUpdateToWarning measures, on the local Bot API server, the time
// from a scam opener being queued as a business_message to the warning's
// sendMessage reaching the server: long poll, decode, core (SQLite,
// detectors, alert policy), delivery. 100 conversations per iteration.
func BenchmarkUpdateToWarning(b *testing.B) {
	api := newFakeAPI(b)
	h := start(b, api, filepath.Join(b.TempDir(), "sg.db"))
	h.handled(api.push("business_connection", businessConnection(connID, ownerUser, true)))
	arrived := make(chan time.Time, 1)
	api.mu.Lock()
	api.sentHook = func(c apiCall) {
		if strings.Contains(c.Params["text"], "/allow ") {
			arrived <- c.At
		}
	}
	api.mu.Unlock()
	var lat []time.Duration
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		for i := 0; i < 100; i++ {
			p := user(partnerUID+int64(n*100+i)+1, "Amy", "", "")
			t0 := time.Now()
			api.push("business_message", businessMessage(connID, 1, p, p, time.Now(), conversation[0].body))
			select {
			case at := <-arrived:
				lat = append(lat, at.Sub(t0))
			case <-time.After(10 * time.Second):
				b.Fatal("no warning")
			}
		}
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	q := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000 }
	b.ReportMetric(q(0.50), "p50-ms")
	b.ReportMetric(q(0.95), "p95-ms")
	b.ReportMetric(q(1), "max-ms")
}
