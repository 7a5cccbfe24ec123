package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/internal/config"
)

func benchConfig(tb testing.TB, listen string) *config.Config {
	dir := tb.TempDir()
	data := fmt.Sprintf(`data_dir = %q
[http]
listen = %q
[[owner]]
id = "laura"
names = ["Laura"]
country = "IT"
languages = ["en"]
  [[owner.notify]]
  type = "console"
  path = %q
`, filepath.Join(dir, "data"), listen, filepath.Join(dir, "warnings.txt"))
	cfg, err := config.Parse("bench.toml", []byte(data), true)
	if err != nil {
		tb.Fatal(err)
	}
	return cfg
}

var benchTurns = []struct {
	text      string
	fromOwner bool
}{
	{"Hi Marco, are we still on for coffee at the usual place at 5?", false},
	{"Sorry, wrong number", true},
	{"Oh sorry! Nice to meet you anyway, I'm Amy. Where are you from?", false},
	{"My uncle is a crypto analyst, I made 30% last week on his trading platform. Add me on WhatsApp", false},
}

// BenchmarkWebhookPipeline measures webhook → store (SQLite file, WAL,
// survives kill -9) → detectors → alert policy → console notifier, with
// 8 concurrent posters over real HTTP. Each op is one message; every
// conversation has four turns, so a quarter of the messages open one.
func BenchmarkWebhookPipeline(b *testing.B) {
	cfg := benchConfig(b, "127.0.0.1:0")
	ctx, cancel := context.WithCancel(context.Background())
	ready := readyLog{addr: make(chan string, 1)}
	a, err := Open(ctx, cfg, zerolog.New(ready).Level(zerolog.InfoLevel), io.Discard)
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	var addr string
	select {
	case addr = <-ready.addr:
	case err := <-done:
		b.Fatalf("run: %v", err)
	case <-time.After(10 * time.Second):
		b.Fatal("the listener is not ready after 10 s")
	}
	url := "http://" + addr + "/v1/messages"

	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	var seq atomic.Int64
	var mu sync.Mutex
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	start := time.Now()
	b.SetParallelism(4) // 4 × GOMAXPROCS(2) = 8 posters
	b.RunParallel(func(pb *testing.PB) {
		local := make([]time.Duration, 0, 1024)
		for pb.Next() {
			n := seq.Add(1) - 1
			conv, turn := n/int64(len(benchTurns)), n%int64(len(benchTurns))
			body, _ := json.Marshal(map[string]any{
				"owner": "laura", "from": "+1202555" + fmt.Sprintf("%04d", conv%10000), "conversation": "c" + strconv.FormatInt(conv, 10),
				"text": benchTurns[turn].text, "from_owner": benchTurns[turn].fromOwner, "id": strconv.FormatInt(n, 10),
			})
			t := time.Now()
			resp, err := client.Post(url, "application/json", bytes.NewReader(body))
			if err != nil {
				b.Error(err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusAccepted {
				b.Errorf("status %d", resp.StatusCode)
				return
			}
			local = append(local, time.Since(t))
		}
		mu.Lock()
		lat = append(lat, local...)
		mu.Unlock()
	})
	elapsed := time.Since(start)
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	if len(lat) > 0 {
		b.ReportMetric(float64(len(lat))/elapsed.Seconds(), "msg/s")
		b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	}
	cancel()
	<-done
}

// readyLog is the app's log, read only for the "HTTP listener ready" line,
// whose address it hands over.
type readyLog struct{ addr chan string }

func (w readyLog) Write(p []byte) (int, error) {
	if bytes.Contains(p, []byte(`"HTTP listener ready"`)) {
		var ev struct{ Listen string }
		if json.Unmarshal(p, &ev) == nil {
			select {
			case w.addr <- ev.Listen:
			default:
			}
		}
	}
	return len(p), nil
}

// BenchmarkRSS10kConversations stores 10,000 watched conversations (an
// opener each, judged and warned) and reports the process's resident set.
func BenchmarkRSS10kConversations(b *testing.B) {
	for range b.N {
		cfg := benchConfig(b, "")
		a, err := Open(context.Background(), cfg, zerolog.Nop(), io.Discard)
		if err != nil {
			b.Fatal(err)
		}
		ctx := context.Background()
		for i := range 10000 {
			_, err := a.Engine.Handle(ctx, bot.Message{Platform: "sms", Owner: "laura", ConversationKey: "c" + strconv.Itoa(i),
				Sender: bot.Sender{ID: "s" + strconv.Itoa(i), Network: "sms"}, Text: benchTurns[0].text, EventID: "1"})
			if err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(rssMB(), "rss-MB")
		a.Close()
	}
}

func rssMB() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return float64(kb) / 1024
		}
	}
	return 0
}
