package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/silentguard/silentguard/internal/pgtest"
	"github.com/silentguard/silentguard/internal/testwait"
)

// sharedRecorder is the world the instances talk to: a fake Bot API that
// records who polled getUpdates when (each instance has its own path
// prefix, /<instance>/bot<token>/<method>), and the owner's web hook that
// records which instance delivered which warning when.
type sharedRecorder struct {
	mu         sync.Mutex
	polls      []poll
	deliveries map[string][]delivery // warning ID -> deliveries
	updates    []json.RawMessage     // update i has update_id i+1
	open       map[string]int        // getUpdates calls being answered, by process
}

func newSharedRecorder() *sharedRecorder {
	return &sharedRecorder{deliveries: map[string][]delivery{}, open: map[string]int{}}
}

// ownerUID is the owner's Telegram user, who connected the bot to their
// business account ("bc1").
const ownerUID = 777

// pushOpener queues a business message from a new partner: a scam opener
// in one of the owner's chats.
func (r *sharedRecorder) pushOpener(partner int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	id := len(r.updates) + 1
	from := map[string]any{"id": partner, "is_bot": false, "first_name": "Amy"}
	msg := map[string]any{"message_id": id, "from": from, "chat": map[string]any{"id": partner, "type": "private", "first_name": "Amy"},
		"date": time.Now().Unix(), "business_connection_id": "bc1", "text": "Hi Marco, are we still on for coffee at the usual place at 5?"}
	b, _ := json.Marshal(map[string]any{"update_id": id, "business_message": msg})
	r.updates = append(r.updates, b)
}

type poll struct {
	inst       string
	start, end time.Time
}

type delivery struct {
	inst string
	at   time.Time
}

func (r *sharedRecorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	parts := strings.Split(strings.Trim(req.URL.Path, "/"), "/")
	if len(parts) == 2 && parts[0] == "hook" {
		at := time.Now() // received: the body may come later from a sender frozen while writing
		var m struct{ ID string }
		if err := json.NewDecoder(req.Body).Decode(&m); err != nil || m.ID == "" {
			http.Error(w, "bad warning", http.StatusBadRequest)
			return
		}
		r.mu.Lock()
		r.deliveries[m.ID] = append(r.deliveries[m.ID], delivery{parts[1], at})
		r.mu.Unlock()
		return
	}
	if len(parts) != 3 || !strings.HasPrefix(parts[1], "bot") {
		http.NotFound(w, req)
		return
	}
	inst, method := parts[0], parts[2]
	w.Header().Set("Content-Type", "application/json")
	switch method {
	case "getMe":
		fmt.Fprint(w, `{"ok":true,"result":{"id":4242,"is_bot":true,"first_name":"SilentGuard","username":"sg_test_bot","can_connect_to_business":true}}`)
	case "getBusinessConnection":
		fmt.Fprintf(w, `{"ok":true,"result":{"id":"bc1","user":{"id":%d,"is_bot":false,"first_name":"Laura"},"user_chat_id":%d,"date":%d,"is_enabled":true}}`,
			ownerUID, ownerUID, time.Now().Unix())
	case "getUpdates":
		// Reading the body also has net/http watch the connection, and
		// end the request's context when the poller dies.
		var params struct{ Offset int }
		_ = json.NewDecoder(req.Body).Decode(&params)
		p := poll{inst: inst, start: time.Now()}
		r.mu.Lock()
		r.open[inst]++
		var batch []json.RawMessage
		if params.Offset > 0 && params.Offset <= len(r.updates) {
			batch = r.updates[params.Offset-1:]
		} else if params.Offset == 0 {
			batch = r.updates
		}
		r.mu.Unlock()
		if len(batch) == 0 {
			select {
			case <-req.Context().Done(): // the poller died (or stopped)
			case <-time.After(200 * time.Millisecond):
			}
		}
		p.end = time.Now()
		r.mu.Lock()
		r.polls = append(r.polls, p)
		r.open[inst]--
		r.mu.Unlock()
		b, _ := json.Marshal(map[string]any{"ok": true, "result": append([]json.RawMessage{}, batch...)})
		w.Write(b)
	default:
		fmt.Fprint(w, `{"ok":true,"result":true}`)
	}
}

// firstPollAfter is when an instance other than skip first polled after t.
func (r *sharedRecorder) firstPollAfter(t time.Time, skip string) (poll, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var best poll
	found := false
	for _, p := range r.polls {
		if p.inst != skip && p.start.After(t) && (!found || p.start.Before(best.start)) {
			best, found = p, true
		}
	}
	return best, found
}

// instance is one of the silentguard processes sharing the database;
// each start is a new process, named <instance>.<start> in the fake's
// records (its config is written anew).
type instance struct {
	name   string
	env    *env
	config func(proc string) string
	starts int
	mu     sync.Mutex
	d      *daemon
	proc   string
}

// start runs a new process of the instance.
func (in *instance) start(t *testing.T, extraEnv ...string) {
	t.Helper()
	in.starts++
	proc := fmt.Sprintf("%s.%d", in.name, in.starts)
	if err := os.WriteFile(in.env.config, []byte(in.config(proc)), 0o600); err != nil {
		t.Fatal(err)
	}
	d := in.env.start(t, extraEnv...)
	in.mu.Lock()
	in.d, in.proc = d, proc
	in.mu.Unlock()
}

func (in *instance) daemon() *daemon {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.d
}

// leads tells whether the instance's current process holds the lease.
func (in *instance) leads() bool {
	d := in.daemon()
	return !d.died() && strings.Contains(d.logs(), `"message":"SilentGuard is running"`)
}

// Three instances of the real binary on one PostgreSQL, webhook load
// spread over them, and the holder of the adapters' lease killed with
// SIGKILL again and again (and started again): every acknowledged message
// is stored once, every warning decided is delivered (a duplicate only
// where a kill fell between a send and its record), the Telegram session
// is never held by two instances at once (from the fake Bot API's record
// of getUpdates), and a new holder takes over within 10 s.
func TestInstancesFailover(t *testing.T) {
	if testing.Short() {
		t.Skip("kills real processes")
	}
	for _, n := range []int{2, 3} {
		t.Run(fmt.Sprintf("%d instances", n), func(t *testing.T) { testFailover(t, n) })
	}
}

// cluster is n instances of the real binary on a new PostgreSQL
// database, with one fake Bot API that records them, once one of them
// holds the lease.
type cluster struct {
	uri, dbEnv string
	rec        *sharedRecorder
	insts      []*instance
}

func startCluster(t *testing.T, n int) *cluster {
	t.Helper()
	c := &cluster{uri: pgtest.URI(t), rec: newSharedRecorder()}
	fake := httptest.NewServer(c.rec)
	t.Cleanup(fake.Close)
	c.insts = newInstances(t, n, fake.URL)
	c.dbEnv = "SG_E2E_DATABASE_URI=" + c.uri
	for _, in := range c.insts {
		in.start(t, c.dbEnv)
	}
	testwait.For(t, "an instance to hold the lease", 20*time.Second, func() bool { return leader(c.insts) != nil })
	return c
}

func testFailover(t *testing.T, nInstances int) {
	c := startCluster(t, nInstances)
	uri, rec, insts, dbEnv := c.uri, c.rec, c.insts, c.dbEnv
	const kills = 5
	ld := startLoad(t, insts, 6)

	type kill struct {
		inst     string
		at       time.Time     // the SIGKILL
		dead     time.Time     // its exit seen: the fake may read a send written before it after the signal
		failover time.Duration // to the new holder's first getUpdates
		judged   time.Duration // to a Telegram message stored by the new holder
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, uri)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	count := func(q string) int {
		var n int
		if err := conn.QueryRow(ctx, q).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}
	var killed []kill
	for k := range kills {
		// Let load run under the current holder for a moment.
		ld.waitMore(t, 20+rand.IntN(40))
		old := leader(insts)
		if old == nil {
			t.Fatal("no instance holds the lease")
		}
		oldProc := old.proc
		at := time.Now()
		if err := old.daemon().cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		// A Telegram message arrives as the holder dies: only the next
		// one can take it.
		rec.pushOpener(int64(9000 + k))
		testwait.For(t, "the killed holder to exit", 10*time.Second, old.daemon().died)
		dead := time.Now()
		var taken poll
		testwait.For(t, fmt.Sprintf("kill %d: another instance to poll Telegram", k+1), 10*time.Second, func() bool {
			var ok bool
			taken, ok = rec.firstPollAfter(at, oldProc)
			return ok
		})
		var stored int64
		testwait.For(t, fmt.Sprintf("kill %d: the Telegram message judged by the new holder", k+1), 10*time.Second, func() bool {
			return conn.QueryRow(ctx, `SELECT stored_at FROM conversation WHERE platform='telegram' AND sender_id=$1`,
				fmt.Sprint("telegram:", 9000+k)).Scan(&stored) == nil
		})
		killed = append(killed, kill{oldProc, at, dead, taken.start.Sub(at), time.UnixMilli(stored).Sub(at)})
		old.start(t, dbEnv)
	}
	ld.stop()
	if t.Failed() {
		return
	}

	// Every warning the engine decided reaches the hook.
	testwait.For(t, "every warning delivered", 30*time.Second, func() bool {
		return count(`SELECT COUNT(*) FROM delivery WHERE state <> 'sent'`) == 0
	})
	for _, in := range insts {
		in.daemon().stop(t)
	}

	n := int(ld.acked.Load())
	if got := count(`SELECT COUNT(*) FROM turn JOIN conversation c ON c.id = turn.conv_id WHERE c.platform = 'webhook'`); got != n {
		t.Errorf("%d turns stored for %d acknowledged messages", got, n)
	}
	if got := count(`SELECT COUNT(*) FROM (SELECT conv_id, event_id FROM turn GROUP BY conv_id, event_id HAVING COUNT(*) > 1) d`); got != 0 {
		t.Errorf("%d messages stored more than once", got)
	}
	conversations := count(`SELECT COUNT(*) FROM conversation WHERE platform = 'webhook'`)
	if got := count(`SELECT COUNT(*) FROM conversation c JOIN warning w ON w.conv_id = c.id WHERE c.platform = 'telegram'`); got != kills {
		t.Errorf("%d warnings about the %d Telegram openers, want one each", got, kills)
	}
	if n%len(script) != 0 || conversations != n/len(script) {
		t.Errorf("%d conversations for %d messages", conversations, n)
	}
	// A warning and an escalation per conversation, decided once each.
	if got := count(`SELECT COUNT(*) FROM (SELECT conv_id FROM warning w JOIN conversation c ON c.id = w.conv_id WHERE c.platform = 'webhook'
		GROUP BY conv_id HAVING COUNT(*) = 2 AND SUM(CASE WHEN escalation THEN 1 ELSE 0 END) = 1) ok`); got != conversations {
		t.Errorf("%d of %d conversations have one warning and one escalation", got, conversations)
	}
	rows, err := conn.Query(ctx, `SELECT id FROM warning`)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	var killLog string
	for _, k := range killed {
		killLog += fmt.Sprintf("%s at %s, gone at %s; ", k.inst, k.at.Format(time.StampMilli), k.dead.Format(time.StampMilli))
	}
	dups := 0
	for _, id := range ids {
		ds := rec.deliveries[id]
		if len(ds) == 0 {
			t.Errorf("warning %s never delivered", id)
			continue
		}
		// A delivery again is allowed only as a resend of one whose
		// process was killed after that send (between the send and its
		// record): the first send received before the killed process was
		// seen gone, the resend after the kill, from another process.
		for i := 1; i < len(ds); i++ {
			dups++
			prev, again := ds[i-1], ds[i]
			if prev.inst == again.inst || !slices.ContainsFunc(killed, func(k kill) bool {
				return k.inst == prev.inst && !prev.at.After(k.dead) && again.at.After(k.at)
			}) {
				t.Errorf("warning %s delivered by %s at %s and again by %s at %s, with no kill of %s in between (kills: %s)",
					id, prev.inst, prev.at.Format(time.StampMilli), again.inst, again.at.Format(time.StampMilli), prev.inst, killLog)
			}
		}
	}
	if len(rec.deliveries) != len(ids) {
		t.Errorf("%d warnings delivered, %d stored", len(rec.deliveries), len(ids))
	}
	// The session was never held by two instances at once.
	rec.checkNoOverlapLocked(t)
	var times, judged []time.Duration
	for _, k := range killed {
		times, judged = append(times, k.failover), append(judged, k.judged)
		if k.judged > 10*time.Second {
			t.Errorf("kill of %s at %s: a message judged by the new holder after %v, want within 10 s", k.inst, k.at.Format(time.StampMilli), k.judged)
		}
	}
	slices.Sort(times)
	slices.Sort(judged)
	t.Logf("%d instances, %d kills of the holder: %d messages acknowledged and stored once, %d conversations, %d warnings delivered, %d duplicate deliveries; %d getUpdates calls, none overlapping; kill -> first getUpdates of the new holder: median %v, max %v; kill -> a Telegram message judged by it: median %v, max %v",
		nInstances, len(killed), n, conversations, len(ids), dups, len(rec.polls), times[len(times)/2].Round(time.Millisecond), times[len(times)-1].Round(time.Millisecond),
		judged[len(judged)/2].Round(time.Millisecond), judged[len(judged)-1].Round(time.Millisecond))
}

// polling tells whether process proc has a getUpdates call open.
func (r *sharedRecorder) polling(proc string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.open[proc] > 0
}

// checkNoOverlapLocked fails t if two processes polled getUpdates at the
// same time. r.mu is held.
func (r *sharedRecorder) checkNoOverlapLocked(t *testing.T) {
	t.Helper()
	for i, a := range r.polls {
		for _, b := range r.polls[i+1:] {
			if a.inst != b.inst && a.start.Before(b.end) && b.start.Before(a.end) {
				t.Errorf("%s polled %s–%s while %s polled %s–%s", a.inst, a.start.Format(time.StampMilli), a.end.Format(time.StampMilli),
					b.inst, b.start.Format(time.StampMilli), b.end.Format(time.StampMilli))
			}
		}
	}
}

// newInstances makes n instances of one config on the database that
// SG_E2E_DATABASE_URI names, talking to the fake at fakeURL.
func newInstances(t *testing.T, n int, fakeURL string) []*instance {
	insts := make([]*instance, n)
	for i := range insts {
		name := fmt.Sprintf("i%d", i+1)
		dir := t.TempDir()
		e := &env{dir: dir, config: filepath.Join(dir, "silentguard.toml")}
		insts[i] = &instance{name: name, env: e, config: func(proc string) string {
			return fmt.Sprintf(`data_dir = %q
[database]
type = "postgres"
uri = "env:SG_E2E_DATABASE_URI"
max_open_conns = 8
[log]
format = "json"
[delivery]
retry_min = "50ms"
retry_max = "500ms"
[http]
listen = "127.0.0.1:0"
[telegram]
enabled = true
token = "4242:AAEtest-token-of-the-failover-test"
api_url = "%s/%s"
poll_timeout = "1s"
[telegram.owners]
"777" = "laura"
[[owner]]
id = "laura"
names = ["Laura", "Laura Bianchi"]
country = "IT"
languages = ["en"]
  [[owner.notify]]
  type = "http"
  url = "%s/hook/%s"
`, filepath.Join(dir, "data"), fakeURL, proc, fakeURL, proc)
		}}
	}
	return insts
}

// leader is the instance whose current process holds the lease, if any.
func leader(insts []*instance) *instance {
	for _, in := range insts {
		if in.leads() {
			return in
		}
	}
	return nil
}

// load plays conversations through the webhook: each message is posted
// to a random instance until one acknowledges it.
type load struct {
	acked atomic.Int64
	done  chan struct{}
	wg    sync.WaitGroup
	// paused is held for writing while the load pauses; each message
	// holds it for reading until acknowledged.
	paused sync.RWMutex
}

// pause waits for the messages in flight to be acknowledged and posts no
// more until resume.
func (ld *load) pause() { ld.paused.Lock() }

func (ld *load) resume() { ld.paused.Unlock() }

// postClient gives up on an instance that does not answer (a frozen one).
var postClient = &http.Client{Timeout: 2 * time.Second}

func startLoad(t *testing.T, insts []*instance, workers int) *load {
	ld := &load{done: make(chan struct{})}
	var convs atomic.Int64
	for w := range workers {
		ld.wg.Go(func() {
			for c := 0; ; c++ {
				select {
				case <-ld.done:
					return
				default:
				}
				n := convs.Add(1)
				from := fmt.Sprintf("+1 202 555 %04d", 100+n)
				for i, s := range script {
					body, _ := json.Marshal(map[string]any{"owner": "laura", "from": from, "text": s.text,
						"id": fmt.Sprintf("w%d-c%d-m%d", w, c, i), "time": t0.Add(time.Duration(i) * time.Minute).Format(time.RFC3339),
						"from_owner": s.fromOwner})
					ld.paused.RLock()
					deadline := time.Now().Add(30 * time.Second)
					// After a refusal, the next try (at another random
					// instance) waits a little longer each time, so that
					// a dead instance is not hammered.
					backoff := 5 * time.Millisecond
					for {
						in := insts[rand.IntN(len(insts))]
						resp, err := postClient.Post("http://"+in.daemon().addr+"/v1/messages", "application/json", strings.NewReader(string(body)))
						code := 0
						if err == nil {
							code = resp.StatusCode
							resp.Body.Close()
						}
						if code == http.StatusAccepted {
							ld.acked.Add(1)
							break
						}
						if time.Now().After(deadline) {
							ld.paused.RUnlock()
							t.Errorf("message %d of %s never acknowledged: %d %v", i, from, code, err)
							return
						}
						time.Sleep(backoff) // a backoff of the load, not a wait for a state
						backoff = min(2*backoff, 500*time.Millisecond)
					}
					ld.paused.RUnlock()
				}
			}
		})
	}
	return ld
}

// waitMore waits until n more messages are acknowledged.
func (ld *load) waitMore(t *testing.T, n int) {
	t.Helper()
	target := ld.acked.Load() + int64(n)
	testwait.For(t, "messages to be acknowledged", 30*time.Second, func() bool { return ld.acked.Load() >= target })
}

// stop ends the load once the conversations under way are posted whole.
func (ld *load) stop() {
	close(ld.done)
	ld.wg.Wait()
}
