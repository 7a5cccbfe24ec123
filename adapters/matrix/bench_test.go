package matrix_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"
)

// BenchmarkWarningLatency measures, over 100 conversations on the local
// Dendrite, the time from a ghost's send of a scam opener to the bot's
// warning event as the owner's client sees it (long-polling sync).
// Run with -benchtime=1x.
func BenchmarkWarningLatency(b *testing.B) {
	const conversations = 100
	for range b.N {
		w := newWorld(b)
		w.logLevel = zerolog.WarnLevel
		w.owner.poll(w.botID)
		w.start(w.config(""))
		// The first warning creates the DM, which the owner joins.
		p := w.portal("whatsapp_12025550100", "+1 202-555-0100 (WA)", "whatsapp", "dm")
		p.say(b, scamScript[0].text)
		w.waitWarnings(1, 30*time.Second)
		lat := make([]time.Duration, 0, conversations)
		for i := range conversations {
			p := w.portal(fmt.Sprintf("whatsapp_1202555%04d", 1000+i), "+1 202-555-"+strconv.Itoa(1000+i)+" (WA)", "whatsapp", "dm")
			start := time.Now()
			p.say(b, scamScript[0].text)
			want := i + 2
			for len(w.owner.warnings()) < want {
				w.owner.longPoll(w.botID, 5*time.Second)
				if time.Since(start) > 30*time.Second {
					b.Fatalf("conversation %d: no warning", i)
				}
			}
			lat = append(lat, time.Since(start))
		}
		sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
		b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds())/1000, "p95-ms")
		w.stop()
	}
}

// BenchmarkRSSWatching1000Rooms has the real binary watch 1,000 portals
// (one opener each, judged and warned) and reports its resident set, read
// from /proc of that process alone. Run with -benchtime=1x.
func BenchmarkRSSWatching1000Rooms(b *testing.B) {
	const rooms = 1000
	for range b.N {
		w := newWorld(b)
		cfgPath := filepath.Join(w.dataDir, "silentguard.toml")
		if err := os.WriteFile(cfgPath, []byte(w.configText("", "")), 0o600); err != nil {
			b.Fatal(err)
		}
		p := w.runBinary(b, cfgPath)
		w.waitFor("the first sync", 30*time.Second, func() bool { return w.syncedOnce(b) })
		for i := range rooms {
			po := w.portal(fmt.Sprintf("whatsapp_1303555%04d", i), "+1 303-555-"+strconv.Itoa(1000+i)+" (WA)", "whatsapp", "dm")
			po.say(b, scamScript[0].text)
		}
		w.waitFor("all rooms judged", 5*time.Minute, func() bool {
			return dbCount(w.dataDir, `SELECT COUNT(*) FROM conversation WHERE owner='laura' AND state='watching'`) >= rooms
		})
		b.ReportMetric(procStatusMB(p.cmd.Process.Pid, "VmRSS:"), "rss-MB")
		b.ReportMetric(procStatusMB(p.cmd.Process.Pid, "VmHWM:"), "peak-rss-MB")
		p.stop(b)
	}
}

// procStatusMB reads one memory line (VmRSS, VmHWM) of a process, in MB.
func procStatusMB(pid int, field string) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return float64(kb) / 1024
		}
	}
	return 0
}

// longPoll waits up to timeout for new events, like a real client.
func (v *viewer) longPoll(from id.UserID, timeout time.Duration) {
	v.t.Helper()
	resp, err := v.cli.FullSyncRequest(context.Background(), mautrix.ReqSync{Since: v.since, Timeout: int(timeout.Milliseconds()), SetPresence: event.PresenceOffline})
	if err != nil {
		v.t.Fatalf("viewer sync: %v", err)
	}
	v.absorb(resp, from)
}
