package main

import (
	"database/sql"
	"math/rand/v2"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"github.com/silentguard/silentguard/internal/config"
	"github.com/silentguard/silentguard/internal/e2e"
)

// The release binary, killed (SIGKILL) at random moments at least ten
// times while several gateways post a scripted mix and warnings go out:
// every message it acknowledged is stored, every warning the script calls
// for is stored once and reaches the notifier, and a warning reaches it
// twice only when a kill fell between its send and its record.
func TestKillUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the real binary about a dozen times")
	}
	const (
		posters  = 6
		messages = 3600
		minKills = 10
	)
	dir := t.TempDir()
	bin, err := e2e.Build(dir, true)
	if err != nil {
		t.Fatal(err)
	}
	snk, err := newSink(0)
	if err != nil {
		t.Fatal(err)
	}
	defer snk.close()
	addr, err := e2e.FreeAddr()
	if err != nil {
		t.Fatal(err)
	}
	cfgPath, err := writeConfig(dir, addr, snk.url, "")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	sc := newScript(7, messages, 0.3, 0, false)
	if err := sc.computeExpectations(cfg); err != nil {
		t.Fatal(err)
	}

	var (
		mu    sync.Mutex
		d     *daemon
		kills int
		// whilePosting counts the kills that fell while messages were
		// being posted (the others, while warnings went out).
		whilePosting int
		acked        = map[string]bool{}
	)
	start := func() {
		t.Helper()
		nd, _, err := startDaemon(bin, cfgPath, addr)
		if err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		d = nd
		mu.Unlock()
	}
	start()
	defer func() { mu.Lock(); d.kill(); mu.Unlock() }()

	// Gateways post each message until it is acknowledged (202), at a
	// pace of their own, each conversation in order.
	p := newPoster(addr, posters)
	var posting sync.WaitGroup
	var refused atomic.Int32
	for i, stream := range sc.streams(7, posters) {
		posting.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(i), 3))
			for _, m := range stream {
				for {
					ok, status, err := p.post(m.body)
					if ok {
						mu.Lock()
						acked[m.id] = true
						mu.Unlock()
						break
					}
					if err == nil && status < 500 {
						refused.Add(1)
						t.Errorf("message %s refused: %d", m.id, status)
						break
					}
					time.Sleep(5 * time.Millisecond) // killed, restarting: retry
				}
				time.Sleep(time.Duration(rng.IntN(3000)) * time.Microsecond)
			}
		})
	}
	postingDone := make(chan struct{})
	go func() { posting.Wait(); close(postingDone) }()

	// Kill at random moments (while posting, and then while the
	// warnings go out) until there were enough kills and the posting
	// is over.
	rng := rand.New(rand.NewPCG(11, 12))
	for {
		time.Sleep(time.Duration(50+rng.IntN(250)) * time.Millisecond)
		select {
		case <-postingDone:
			if kills >= minKills {
				goto done
			}
		default:
		}
		select {
		case <-postingDone:
		default:
			whilePosting++
		}
		mu.Lock()
		d.kill()
		mu.Unlock()
		kills++
		snk.nextEra()
		start()
	}
done:
	if refused.Load() > 0 {
		t.FailNow()
	}
	deadline := time.Now().Add(60 * time.Second)
	for snk.distinct() < sc.expect && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	mu.Lock()
	if err := d.stop(); err != nil {
		t.Fatal(err)
	}
	mu.Unlock()

	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "data", "silentguard.db")+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	// Every acknowledged message is stored.
	stored := map[string]bool{}
	rows, err := db.Query(`SELECT s.event_id FROM seen_event s JOIN conversation c ON c.id = s.conv_id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		stored[id] = true
	}
	rows.Close()
	missing := 0
	for id := range acked {
		if !stored[id] {
			missing++
			if missing <= 5 {
				t.Errorf("acknowledged message %s is not stored", id)
			}
		}
	}

	// Every warning the script calls for is stored once, and reached the
	// notifier; nothing else did.
	perConv := map[string]int{}
	ids := map[string]bool{}
	rows, err = db.Query(`SELECT w.id, c.conv_key FROM warning w JOIN conversation c ON c.id = w.conv_id WHERE w.notice = ''`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id, key string
		if err := rows.Scan(&id, &key); err != nil {
			t.Fatal(err)
		}
		perConv[key]++
		ids[id] = true
	}
	rows.Close()
	for _, c := range sc.convs {
		if perConv[c.key] != c.expect {
			t.Errorf("conversation %s: %d warnings stored, the script calls for %d", c.key, perConv[c.key], c.expect)
		}
	}
	snk.mu.Lock()
	received := map[string][]int{}
	for id, eras := range snk.eras {
		received[id] = eras
	}
	snk.mu.Unlock()
	lost := 0
	for id := range ids {
		if len(received[id]) == 0 {
			lost++
			if lost <= 5 {
				t.Errorf("warning %s never reached the notifier", id)
			}
		}
	}
	for id := range received {
		if !ids[id] {
			t.Errorf("the notifier got warning %s, which is not stored", id)
		}
	}
	// A second copy is explained by a kill between the send and its
	// record: the copies came in different runs of the daemon.
	dupWarnings, copies := 0, 0
	for id, eras := range received {
		if len(eras) < 2 {
			continue
		}
		dupWarnings++
		copies += len(eras) - 1
		seen := map[int]bool{}
		for _, e := range eras {
			if seen[e] {
				t.Errorf("warning %s sent twice by one run of the daemon (runs %v)", id, eras)
			}
			seen[e] = true
		}
	}
	var pending int
	if err := db.QueryRow(`SELECT COUNT(*) FROM delivery WHERE state <> 'sent'`).Scan(&pending); err != nil || pending != 0 {
		t.Errorf("%d deliveries not sent after a clean stop (%v)", pending, err)
	}
	if whilePosting < minKills/2 {
		t.Errorf("only %d of %d kills fell while messages were posted", whilePosting, kills)
	}
	t.Logf("%d kills (%d while posting); %d of %d messages acknowledged, %d of them missing; %d warnings expected, %d stored, %d received; %d sent twice (%d extra copies), each across a kill",
		kills, whilePosting, len(acked), sc.messages, missing, sc.expect, len(ids), len(received), dupWarnings, copies)
	if len(acked) != sc.messages {
		t.Errorf("%d of %d messages acknowledged", len(acked), sc.messages)
	}
}
