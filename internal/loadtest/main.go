// Command loadtest measures the real silentguard binary: it builds the
// release binary (or takes one), starts it with a config of its own
// (SQLite in a temporary directory, an HTTP notifier it serves itself),
// posts a scripted mix from several clients at once to the generic
// webhook, and prints throughput, latency of acknowledged posts, how fast
// the warnings reach the notifier, start-up time and memory.
//
//	go run ./internal/loadtest [-bin PATH] [-runs 3] [-messages 8000] [-clients 8]
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/silentguard/silentguard/internal/config"
	"github.com/silentguard/silentguard/internal/e2e"
)

type options struct {
	bin         string
	runs        int
	messages    int
	clients     int
	scamShare   float64
	watched     int
	notifyDelay time.Duration
	settle      time.Duration
	postgres    bool
}

// result is one run's figures.
type result struct {
	start                      time.Duration
	idle, burst, watchedMem    mem
	peakRSS                    float64
	watched                    int
	msgs, failed               int
	burstDuration              time.Duration
	msgPerSec                  float64
	p50, p99, p999             time.Duration
	cpuPerMsg, clientCPUPerMsg time.Duration
	machineShare               float64 // of all CPUs, daemon and posters together
	expected, byEnd, within2s  int
	delivered, unexpected      int
	dupWarnings                int
	walPeak, walIdle           float64 // MB: the WAL file's largest during the burst, and once idle after it
	warnPerSec                 float64
	drain                      time.Duration // from the burst's end to the last delivery
}

func main() {
	var o options
	flag.StringVar(&o.bin, "bin", "", "silentguard binary to measure (default: build the release binary)")
	flag.IntVar(&o.runs, "runs", 3, "runs (figures: median and spread)")
	flag.IntVar(&o.messages, "messages", 8000, "messages in the burst")
	flag.IntVar(&o.clients, "clients", 8, "concurrent posters")
	flag.Float64Var(&o.scamShare, "scam", 0.25, "share of conversations that are scams (four turns, two warnings)")
	flag.IntVar(&o.watched, "watched", 10000, "watched conversations for the memory figure (0: skip)")
	flag.DurationVar(&o.notifyDelay, "notify-delay", 0, "time the notifier takes per warning")
	flag.DurationVar(&o.settle, "settle", 2*time.Second, "idle time before reading the memory")
	flag.BoolVar(&o.postgres, "postgres", false, "store in a new PostgreSQL database per run, on the server PGHOST, PGPORT and PGUSER name")
	flag.Parse()
	if err := run(o, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

func run(o options, w io.Writer) error {
	tmp, err := os.MkdirTemp("", "sg-load-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if o.bin == "" {
		fmt.Fprintln(w, "building: CGO_ENABLED=0 go build -tags goolm -ldflags='-s -w' ./cmd/silentguard")
		if o.bin, err = e2e.Build(tmp, true); err != nil {
			return err
		}
	}
	if st, err := os.Stat(o.bin); err == nil {
		fmt.Fprintf(w, "binary %s, %.1f MB\n", o.bin, float64(st.Size())/(1<<20))
	}
	var results []result
	for i := range o.runs {
		r, err := runOnce(o, tmp, uint64(i+1))
		if err != nil {
			return fmt.Errorf("run %d: %w", i+1, err)
		}
		results = append(results, r)
		fmt.Fprintf(w, "run %d: %s\n", i+1, r.line())
	}
	printSummary(w, o, results)
	return nil
}

func runOnce(o options, tmp string, seed uint64) (result, error) {
	var r result
	dir, err := os.MkdirTemp(tmp, "run-")
	if err != nil {
		return r, err
	}
	snk, err := newSink(o.notifyDelay)
	if err != nil {
		return r, err
	}
	defer snk.close()
	addr, err := e2e.FreeAddr()
	if err != nil {
		return r, err
	}
	var env []string
	dbSection := ""
	if o.postgres {
		uri, drop, err := createDatabase()
		if err != nil {
			return r, err
		}
		defer drop()
		env = append(env, "SG_LOAD_DATABASE_URI="+uri)
		dbSection = "[database]\ntype = \"postgres\"\nuri = \"env:SG_LOAD_DATABASE_URI\"\n"
		os.Setenv("SG_LOAD_DATABASE_URI", uri) // for config.Load below
	}
	cfgPath, err := writeConfig(dir, addr, snk.url, dbSection)
	if err != nil {
		return r, err
	}
	cfg, err := config.Load(cfgPath)
	if err != nil {
		return r, err
	}
	sc := newScript(seed, o.messages, o.scamShare, 0, false)
	if err := sc.computeExpectations(cfg); err != nil {
		return r, err
	}
	d, start, err := startDaemon(o.bin, cfgPath, addr, env...)
	if err != nil {
		return r, err
	}
	defer d.kill()
	r.start = start
	time.Sleep(o.settle)
	r.idle = d.memory()

	p := newPoster(addr, o.clients)
	reqs := p.requests(sc.streams(seed, o.clients))
	wal := filepath.Join(dir, "data", "silentguard.db-wal") // SQLite's; absent on PostgreSQL
	walWatch := watchSize(wal)
	cpu0, own0 := d.cpu(), ownCPU()
	b := p.postAll(reqs)
	cpu, own := d.cpu()-cpu0, ownCPU()-own0
	r.walPeak = walWatch.stop()
	r.machineShare = (cpu + own).Seconds() / b.end.Sub(b.start).Seconds() / float64(runtime.NumCPU())
	r.msgs, r.failed = len(b.latencies), b.failed
	r.burstDuration = b.end.Sub(b.start)
	r.msgPerSec = float64(r.msgs) / r.burstDuration.Seconds()
	r.p50, r.p99, r.p999 = quantile(b.latencies, .5), quantile(b.latencies, .99), quantile(b.latencies, .999)
	if r.msgs > 0 {
		r.cpuPerMsg = cpu / time.Duration(r.msgs)
		r.clientCPUPerMsg = own / time.Duration(r.msgs)
	}
	r.expected = sc.expect
	// Wait for every expected warning (or 30 s), then count.
	deadline := time.Now().Add(30 * time.Second)
	for snk.distinct() < sc.expect && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	arr := snk.arrivals()
	var last time.Time
	for _, t := range arr {
		if !t.After(b.end) {
			r.byEnd++
		}
		if !t.After(b.end.Add(2 * time.Second)) {
			r.within2s++
		}
		if t.After(last) {
			last = t
		}
	}
	r.delivered = len(arr)
	r.unexpected = max(0, r.delivered-sc.expect)
	r.dupWarnings, _ = snk.copies()
	if r.delivered > 0 {
		r.drain = max(0, last.Sub(b.end))
		r.warnPerSec = float64(r.delivered) / last.Sub(b.start).Seconds()
	}
	r.burst = d.memory()
	r.peakRSS = r.burst.peak
	time.Sleep(o.settle) // idle: the daemon empties a large WAL
	r.walIdle = fileMB(wal)

	if o.watched > len(sc.convs) {
		// Top up to o.watched watched conversations: one ordinary
		// message each, from new numbers.
		extra := newScript(seed+1000, o.watched-len(sc.convs), 0, len(sc.convs), true)
		eb := p.postAll(p.requests(extra.streams(seed, o.clients)))
		if eb.failed > 0 {
			return r, fmt.Errorf("%d top-up messages not acknowledged", eb.failed)
		}
		time.Sleep(o.settle)
		r.watchedMem = d.memory()
		r.peakRSS = r.watchedMem.peak
		r.watched = len(sc.convs) + len(extra.convs)
	}
	if err := d.stop(); err != nil {
		return r, err
	}
	return r, nil
}

// sizeWatch samples a file's size every 10 ms, keeping the largest.
type sizeWatch struct {
	mu      sync.Mutex
	peak    float64
	samples int
	done    chan struct{}
	stopped chan struct{}
}

func watchSize(path string) *sizeWatch {
	w := &sizeWatch{done: make(chan struct{}), stopped: make(chan struct{})}
	go func() {
		defer close(w.stopped)
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			size := fileMB(path)
			w.mu.Lock()
			w.peak, w.samples = max(w.peak, size), w.samples+1
			w.mu.Unlock()
			select {
			case <-w.done:
				return
			case <-t.C:
			}
		}
	}()
	return w
}

// count is how many samples were taken so far.
func (w *sizeWatch) count() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.samples
}

// stop ends the watch and gives the largest size seen, in MB.
func (w *sizeWatch) stop() float64 {
	close(w.done)
	<-w.stopped
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.peak
}

// fileMB is a file's size in MB, 0 if it is not there.
func fileMB(path string) float64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return float64(fi.Size()) / (1 << 20)
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }

func (r result) line() string {
	s := fmt.Sprintf("start %s, idle RSS %s | %d msgs in %s: %.0f msg/s, p50 %s p99 %s p999 %s, %d not acknowledged, CPU per message %d µs daemon + %d µs posters (%.0f%% of the machine) | warnings: %d expected, %d by the burst's end, %d within 2 s, %d in all (%.0f/s, last %s after the end), %d sent twice | RSS after the burst %s",
		ms(r.start), r.idle, r.msgs, r.burstDuration.Round(time.Millisecond), r.msgPerSec, ms(r.p50), ms(r.p99), ms(r.p999), r.failed,
		r.cpuPerMsg.Microseconds(), r.clientCPUPerMsg.Microseconds(), 100*r.machineShare, r.expected, r.byEnd, r.within2s, r.delivered, r.warnPerSec, r.drain.Round(time.Millisecond), r.dupWarnings, r.burst)
	if r.watched > 0 {
		s += fmt.Sprintf(", with %d watched conversations %s (peak %.1f MB)", r.watched, r.watchedMem, r.peakRSS)
	}
	return s
}

// printSummary prints the median of each figure and its spread.
func printSummary(w io.Writer, o options, rs []result) {
	fmt.Fprintf(w, "\n%d runs, %d messages from %d clients (%.0f%% scam conversations), notifier delay %s: median [min–max]\n",
		len(rs), o.messages, o.clients, 100*o.scamShare, o.notifyDelay)
	row := func(name string, f func(result) float64, unit string) {
		vs := make([]float64, len(rs))
		for i, r := range rs {
			vs[i] = f(r)
		}
		slices.Sort(vs)
		fmt.Fprintf(w, "  %-42s %9.1f %-6s [%.1f–%.1f]\n", name, vs[len(vs)/2], unit, vs[0], vs[len(vs)-1])
	}
	msf := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	row("cold start to a healthy /healthz", func(r result) float64 { return msf(r.start) }, "ms")
	row("RSS idle", func(r result) float64 { return r.idle.rss }, "MB")
	row("  of which the binary's mapped code and data", func(r result) float64 { return r.idle.file }, "MB")
	row("throughput (acknowledged)", func(r result) float64 { return r.msgPerSec }, "msg/s")
	row("latency p50", func(r result) float64 { return msf(r.p50) }, "ms")
	row("latency p99", func(r result) float64 { return msf(r.p99) }, "ms")
	row("latency p99.9", func(r result) float64 { return msf(r.p999) }, "ms")
	row("daemon CPU per message", func(r result) float64 { return float64(r.cpuPerMsg.Microseconds()) }, "µs")
	row("posters' CPU per message", func(r result) float64 { return float64(r.clientCPUPerMsg.Microseconds()) }, "µs")
	row("warnings expected", func(r result) float64 { return float64(r.expected) }, "")
	row("warnings delivered by the burst's end", func(r result) float64 { return float64(r.byEnd) }, "")
	row("warnings delivered within 2 s of the end", func(r result) float64 { return float64(r.within2s) }, "")
	row("warnings delivered per second", func(r result) float64 { return r.warnPerSec }, "/s")
	row("last warning after the burst's end", func(r result) float64 { return msf(r.drain) }, "ms")
	row("RSS right after the burst", func(r result) float64 { return r.burst.rss }, "MB")
	if !o.postgres {
		row("SQLite WAL file, largest during the burst", func(r result) float64 { return r.walPeak }, "MB")
		row("SQLite WAL file, once idle after it", func(r result) float64 { return r.walIdle }, "MB")
	}
	if rs[0].watched > 0 {
		row(fmt.Sprintf("RSS with %d watched conversations", rs[0].watched), func(r result) float64 { return r.watchedMem.rss }, "MB")
		row("  of which the binary's mapped code and data", func(r result) float64 { return r.watchedMem.file }, "MB")
		row("RSS peak", func(r result) float64 { return r.peakRSS }, "MB")
	}
	var notes []string
	for i, r := range rs {
		if r.failed > 0 {
			notes = append(notes, fmt.Sprintf("run %d: %d posts not acknowledged", i+1, r.failed))
		}
		if r.delivered < r.expected {
			notes = append(notes, fmt.Sprintf("run %d: %d of %d warnings never arrived", i+1, r.expected-r.delivered, r.expected))
		}
		if r.unexpected > 0 {
			notes = append(notes, fmt.Sprintf("run %d: %d warnings the script does not call for", i+1, r.unexpected))
		}
		if r.dupWarnings > 0 {
			notes = append(notes, fmt.Sprintf("run %d: %d warnings sent twice", i+1, r.dupWarnings))
		}
	}
	if len(notes) > 0 {
		fmt.Fprintln(w, "  !! "+strings.Join(notes, "; "))
	}
}
