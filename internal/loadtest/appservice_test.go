package main

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"maunium.net/go/mautrix/id"

	"github.com/silentguard/silentguard/adapters/matrix/appservice"
	"github.com/silentguard/silentguard/internal/e2e"
	"github.com/silentguard/silentguard/internal/testhomeserver"
)

// BenchmarkAppservice measures the appservice mode of the release binary:
// 10,000 local users, a few hundred of them protected, and a scripted
// stream of DM events (a stranger's DM to each user: the room's creation,
// the invite, one to four messages; a scam for every protected user)
// posted as transactions, one at a time and in order, as a homeserver
// sends them. The warnings go to a real Dendrite, through a proxy that
// notes when each is sent.
//
//	SILENTGUARD_DENDRITE_BIN=.cache/bin go test -tags goolm -run '^$' -bench Appservice -benchtime 1x ./internal/loadtest
//
// It reports events/s (transactions acknowledged), the warning latency
// from posting an opener's transaction to the warning's send (p50, p95),
// and the daemon's resident memory after the stream and at its peak.
func BenchmarkAppservice(b *testing.B) {
	const (
		users     = 10000
		protected = 300
		perTxn    = 50
	)
	dir := b.TempDir()
	var tags []string
	pprofAddr := ""
	if os.Getenv("SG_LOAD_PPROF") != "" { // a heap profile of the daemon after the stream
		tags, pprofAddr = []string{"pprof"}, os.Getenv("SG_LOAD_PPROF")
	}
	bin, err := e2e.Build(dir, true, tags...)
	if err != nil {
		b.Fatal(err)
	}
	asAddr, _ := e2e.FreeAddr()
	httpAddr, _ := e2e.FreeAddr()
	opts := appservice.Options{ID: "silentguard", Address: "http://" + asAddr, BotLocalpart: "silentguard",
		UsersRegex: `@.*:localhost`, ServerName: "localhost", ASToken: strings.Repeat("a", 64), HSToken: strings.Repeat("h", 64)}
	reg := filepath.Join(dir, "registration.yaml")
	if err := os.WriteFile(reg, []byte(appservice.RegistrationYAML(opts)), 0o600); err != nil {
		b.Fatal(err)
	}
	hs := testhomeserver.StartWith(b, testhomeserver.Options{AppServices: []string{reg}})
	px := newSendProxy(b, hs.URL)
	var ids []string
	for i := range protected {
		hs.User(b, fmt.Sprintf("u%05d", i*(users/protected)), fmt.Sprintf("User %d", i))
		ids = append(ids, fmt.Sprintf("%q", fmt.Sprintf("@u%05d:localhost", i*(users/protected))))
	}
	cfg := fmt.Sprintf(`data_dir = %q
[log]
format = "json"
level = "warn"
[http]
listen = %q
[matrix.appservice]
enabled = true
homeserver = %q
server_name = "localhost"
listen = %q
as_token = %q
hs_token = %q
country = "US"
users = [%s]
`, filepath.Join(dir, "data"), httpAddr, px.url, asAddr, opts.ASToken, opts.HSToken, strings.Join(ids, ", "))
	cfgPath := filepath.Join(dir, "silentguard.toml")
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		b.Fatal(err)
	}
	d, _, err := startDaemon(bin, cfgPath, httpAddr, "SILENTGUARD_PPROF="+pprofAddr)
	if err != nil {
		b.Fatal(err)
	}
	defer d.kill()
	post := func(txn string, events []map[string]any) {
		body, _ := json.Marshal(map[string]any{"events": events})
		for attempt := 0; ; attempt++ {
			req, _ := http.NewRequest(http.MethodPut, "http://"+asAddr+"/_matrix/app/v1/transactions/"+txn, bytes.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+opts.HSToken)
			resp, err := http.DefaultClient.Do(req)
			if err == nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					return
				}
			}
			if attempt > 100 {
				b.Fatalf("transaction %s: %v %v\n%s", txn, err, resp, d.logTail())
			}
			time.Sleep(20 * time.Millisecond) // the listener is starting, or the homeserver would retry
		}
	}
	post("warmup", nil)
	idle := d.memory()

	// Two waves: in the first, each protected user's first warning
	// creates their DM with the bot (as for users the config lists); in
	// the second, the DMs exist (as for users who wrote !protect).
	var waves []waveResult
	b.ResetTimer()
	for wave := range 2 {
		events, openers := asScript(users, protected, wave)
		posted := map[string]time.Time{} // protected user -> when their opener was posted
		start := time.Now()
		for i := 0; i < len(events); i += perTxn {
			batch := events[i:min(i+perTxn, len(events))]
			at := time.Now()
			for _, e := range batch {
				if u, ok := openers[e["event_id"].(string)]; ok {
					posted[u] = at
				}
			}
			post(fmt.Sprintf("w%d-txn%d", wave, i/perTxn), batch)
		}
		elapsed := time.Since(start)
		deadline := time.Now().Add(3 * time.Minute)
		var lat []time.Duration
		for time.Now().Before(deadline) {
			if lat = px.latencies(posted); len(lat) == protected {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		px.settle(time.Second) // escalations too, before the next wave
		slices.Sort(lat)
		if len(lat) < protected {
			b.Errorf("wave %d: %d of %d protected users warned\n%s", wave+1, len(lat), protected, d.logTail())
		}
		waves = append(waves, waveResult{events: len(events), elapsed: elapsed, lat: lat, mem: d.memory(), posted: posted})
	}
	b.StopTimer()
	time.Sleep(2 * time.Second) // idle: the daemon gives the burst's memory back after a second
	settled := d.memory()
	events, elapsed := 0, time.Duration(0)
	for _, w := range waves {
		events += w.events
		elapsed += w.elapsed
	}
	if pprofAddr != "" { // where the memory is: the runtime's figures, and the goroutines
		for _, path := range []string{"heap?debug=1", "goroutine?debug=1"} {
			resp, err := http.Get("http://" + pprofAddr + "/debug/pprof/" + path)
			if err != nil {
				b.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			text := string(body)
			if i := strings.Index(text, "# runtime.MemStats"); i >= 0 {
				text = text[i:]
			} else if len(text) > 200 {
				text = text[:200]
			}
			b.Logf("%s:\n%s", path, text)
		}
	}
	if err := d.stop(); err != nil {
		b.Error(err)
	}
	decidedLatencies(b, filepath.Join(dir, "data", "silentguard.db"), waves)
	evPerSec := float64(events) / elapsed.Seconds()
	b.ReportMetric(evPerSec, "events/s")
	b.ReportMetric(float64(quantile(waves[1].lat, 0.5).Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(quantile(waves[1].lat, 0.95).Microseconds())/1000, "p95-ms")
	b.ReportMetric(float64(quantile(waves[1].decided, 0.5).Microseconds())/1000, "stored-p50-ms")
	b.ReportMetric(float64(quantile(waves[1].decided, 0.95).Microseconds())/1000, "stored-p95-ms")
	b.ReportMetric(waves[1].mem.rss, "rss-MB")
	b.ReportMetric(settled.peak, "peak-MB")
	for i, w := range waves {
		b.Logf("wave %d: %d events (%d users, %d protected) in %s: %.0f events/s; %d warned: stored p50 %s p95 %s, sent p50 %s p95 %s; RSS after %s",
			i+1, w.events, users, protected, w.elapsed.Round(time.Millisecond), float64(w.events)/w.elapsed.Seconds(),
			len(w.lat), ms(quantile(w.decided, 0.5)), ms(quantile(w.decided, 0.95)), ms(quantile(w.lat, 0.5)), ms(quantile(w.lat, 0.95)), w.mem)
	}
	b.Logf("RSS idle before %s, idle after %s, peak %.1f MB", idle, settled, settled.peak)
}

// asScript is the stream: for each user a stranger's DM (its creation,
// the stranger's join, the invite with the stripped state a homeserver
// puts in it, then messages), the rooms' events interleaved at random.
// Protected users get a scam; openers maps each scam opener's event id to
// its user.
func asScript(users, protected, wave int) ([]map[string]any, map[string]string) {
	rng := rand.New(rand.NewPCG(7, uint64(wave)))
	var rooms [][]map[string]any
	openers := map[string]string{}
	now := time.Now().Add(-time.Hour).UnixMilli()
	for i := range users {
		uid := fmt.Sprintf("@u%05d:localhost", i)
		stranger := fmt.Sprintf("@whatsapp_1%d02555%04d:localhost", 2+wave, i)
		room := id.RoomID(fmt.Sprintf("!load%d-%05d:localhost", wave, i))
		ev := func(n int, typ string, sender string, stateKey *string, content map[string]any) map[string]any {
			e := map[string]any{"room_id": room, "event_id": fmt.Sprintf("$%s-%d", room[1:], n), "type": typ, "sender": sender,
				"origin_server_ts": now + int64(n)*1000, "content": content}
			if stateKey != nil {
				e["state_key"] = *stateKey
			}
			return e
		}
		str := func(s string) *string { return &s }
		create := ev(0, "m.room.create", stranger, str(""), map[string]any{"creator": stranger})
		join := ev(1, "m.room.member", stranger, str(stranger), map[string]any{"membership": "join", "displayname": "+1 202-555-" + fmt.Sprint(1000+i%9000)})
		invite := ev(2, "m.room.member", stranger, str(uid), map[string]any{"membership": "invite", "is_direct": true})
		invite["unsigned"] = map[string]any{"invite_room_state": []map[string]any{
			{"type": "m.room.create", "state_key": "", "sender": stranger, "content": create["content"]},
			{"type": "m.room.member", "state_key": stranger, "sender": stranger, "content": join["content"]},
		}}
		evts := []map[string]any{create, join, invite}
		var texts []string
		if i%(users/protected) == 0 && i/(users/protected) < protected {
			sc := scams[rng.IntN(len(scams))]
			texts = []string{sc[0], sc[2], sc[3]}
			openers[fmt.Sprintf("$%s-%d", room[1:], 3)] = uid
		} else {
			for range 1 + rng.IntN(4) {
				texts = append(texts, ordinary[rng.IntN(len(ordinary))])
			}
		}
		for j, t := range texts {
			evts = append(evts, ev(3+j, "m.room.message", stranger, nil, map[string]any{"msgtype": "m.text", "body": t}))
		}
		rooms = append(rooms, evts)
	}
	// Interleave: each step takes the next event of a random room.
	var out []map[string]any
	for len(rooms) > 0 {
		k := rng.IntN(len(rooms))
		out = append(out, rooms[k][0])
		if rooms[k] = rooms[k][1:]; len(rooms[k]) == 0 {
			rooms[k] = rooms[len(rooms)-1]
			rooms = rooms[:len(rooms)-1]
		}
	}
	return out, openers
}

// sendProxy stands between the daemon and the homeserver, and notes when
// the bot first writes to each user's DM.
type sendProxy struct {
	url    string
	mu     sync.Mutex
	roomOf map[string]string      // DM room -> user
	sends  map[string][]time.Time // user -> when the bot wrote to them
	last   time.Time              // the last send
}

func newSendProxy(b *testing.B, target string) *sendProxy {
	u, _ := url.Parse(target)
	p := &sendProxy{roomOf: map[string]string{}, sends: map[string][]time.Time{}}
	rp := httputil.NewSingleHostReverseProxy(u)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/createRoom") {
			body, _ := io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(body))
			var req struct{ Invite []string }
			_ = json.Unmarshal(body, &req)
			rec := &captured{ResponseWriter: w}
			rp.ServeHTTP(rec, r)
			var resp struct {
				RoomID string `json:"room_id"`
			}
			if json.Unmarshal(rec.body.Bytes(), &resp) == nil && len(req.Invite) == 1 {
				p.mu.Lock()
				p.roomOf[resp.RoomID] = req.Invite[0]
				p.mu.Unlock()
			}
			return
		}
		if r.Method == http.MethodPut && strings.Contains(r.URL.Path, "/send/m.room.message/sg-") {
			rid := strings.SplitN(strings.TrimPrefix(r.URL.Path, "/_matrix/client/v3/rooms/"), "/", 2)[0]
			at := time.Now()
			p.mu.Lock()
			if u, ok := p.roomOf[rid]; ok {
				p.sends[u] = append(p.sends[u], at)
			}
			p.last = at
			p.mu.Unlock()
		}
		rp.ServeHTTP(w, r)
	})
	srv := &http.Server{Handler: h}
	addr, _ := e2e.FreeAddr()
	ln, err := netListen(addr)
	if err != nil {
		b.Fatal(err)
	}
	go srv.Serve(ln)
	b.Cleanup(func() { srv.Close() })
	p.url = "http://" + addr
	return p
}

// latencies are, for each user in posted, the time from the post to the
// bot's first write to them after it.
func (p *sendProxy) latencies(posted map[string]time.Time) []time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []time.Duration
	for u, at := range posted {
		for _, sent := range p.sends[u] {
			if !sent.Before(at) {
				out = append(out, sent.Sub(at))
				break
			}
		}
	}
	return out
}

// settle waits until the bot has written nothing for quiet.
func (p *sendProxy) settle(quiet time.Duration) {
	for {
		p.mu.Lock()
		last := p.last
		p.mu.Unlock()
		if time.Since(last) >= quiet {
			return
		}
		time.Sleep(quiet / 10)
	}
}

// waveResult is one wave's figures.
type waveResult struct {
	events  int
	elapsed time.Duration
	lat     []time.Duration
	mem     mem
	posted  map[string]time.Time
	// decided: from posting an opener to its warning being stored.
	decided []time.Duration
}

// decidedLatencies reads when each wave's first warnings were stored.
func decidedLatencies(b *testing.B, dbPath string, waves []waveResult) {
	db, err := sql.Open("sqlite", "file:"+dbPath+"?mode=ro")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT c.conv_key, MIN(w.created_at) FROM warning w JOIN conversation c ON c.id = w.conv_id GROUP BY c.conv_key`)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var key string
		var at int64
		if err := rows.Scan(&key, &at); err != nil {
			b.Fatal(err)
		}
		var wave, i int
		if _, err := fmt.Sscanf(key, "!load%d-%d:localhost", &wave, &i); err != nil || wave >= len(waves) {
			continue
		}
		if p, ok := waves[wave].posted[fmt.Sprintf("@u%05d:localhost", i)]; ok {
			waves[wave].decided = append(waves[wave].decided, time.UnixMilli(at).Sub(p))
		}
	}
	for i := range waves {
		slices.Sort(waves[i].decided)
	}
}

// captured keeps a copy of a response's body.
type captured struct {
	http.ResponseWriter
	body bytes.Buffer
}

func (c *captured) Write(b []byte) (int, error) {
	c.body.Write(b)
	return c.ResponseWriter.Write(b)
}

func netListen(addr string) (net.Listener, error) { return net.Listen("tcp", addr) }
