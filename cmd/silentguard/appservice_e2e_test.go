package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/id"

	"github.com/silentguard/silentguard/internal/e2e"
	"github.com/silentguard/silentguard/internal/testhomeserver"
	"github.com/silentguard/silentguard/internal/testwait"
)

// The appservice mode end to end: the real binary writes its
// registration, a real Dendrite installs it, a user opts in, and a
// stranger's opener to them is warned about in their DM with the bot;
// the same to a user who did not opt in stores nothing. A restart, and a
// kill -9 right after a transaction's events are stored (before the
// homeserver's 200), lose and repeat nothing: every message is stored
// once, and every warning shows once.
func TestAppserviceEndToEnd(t *testing.T) {
	testhomeserver.Require(t)
	ctx := context.Background()
	dir := t.TempDir()
	asAddr, _ := e2e.FreeAddr()
	httpAddr, _ := e2e.FreeAddr()
	e := &env{dir: dir, config: filepath.Join(dir, "silentguard.toml")}
	dbPath := filepath.Join(dir, "data", "silentguard.db")
	writeConfig := func(homeserver string) {
		cfg := fmt.Sprintf(`data_dir = %q
[log]
format = "json"
[http]
listen = %q
[delivery]
retry_min = "50ms"
retry_max = "200ms"
[matrix.appservice]
enabled = true
homeserver = %q
server_name = "localhost"
listen = %q
`, filepath.Join(dir, "data"), httpAddr, homeserver, asAddr)
		if err := os.WriteFile(e.config, []byte(cfg), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	// The registration comes first: the homeserver reads it at start.
	writeConfig("http://127.0.0.1:9")
	reg := filepath.Join(dir, "silentguard-registration.yaml")
	if code, out, errOut := runBinary(t, nil, "matrix", "registration", "--config", e.config, "--out", reg); code != exitOK {
		t.Fatalf("registration: exit %d\n%s%s", code, out, errOut)
	}
	hs := testhomeserver.StartWith(t, testhomeserver.Options{AppServices: []string{reg}})
	writeConfig(hs.URL)
	d := e.start(t)

	botID := id.UserID("@silentguard:localhost")
	alice := hs.User(t, "alice", "Alice")
	bob := hs.User(t, "bob", "Bob")
	mallory := hs.User(t, "mallory", "Mallory")
	dmResp, err := alice.CreateRoom(ctx, &mautrix.ReqCreateRoom{Preset: "trusted_private_chat", IsDirect: true, Invite: []id.UserID{botID}})
	if err != nil {
		t.Fatal(err)
	}
	dm := dmResp.RoomID
	botSays := func(want string) func() bool {
		return func() bool {
			for _, m := range testhomeserver.MessagesFrom(t, alice, dm, botID) {
				if strings.Contains(m, want) {
					return true
				}
			}
			return false
		}
	}
	testwait.For(t, "the bot's hello", 30*time.Second, botSays("!protect"))
	testhomeserver.Say(t, alice, dm, "!protect")
	testwait.For(t, "the bot to confirm", 30*time.Second, botSays("You are protected"))

	toBob, err := mallory.CreateRoom(ctx, &mautrix.ReqCreateRoom{Preset: "trusted_private_chat", IsDirect: true, Invite: []id.UserID{bob.UserID}})
	if err != nil {
		t.Fatalf("mallory's DM with bob: %v", err)
	}
	testhomeserver.Say(t, mallory, toBob.RoomID, "Hi Marco, are we still on for coffee at the usual place at 5?")
	toAlice, err := mallory.CreateRoom(ctx, &mautrix.ReqCreateRoom{Preset: "trusted_private_chat", IsDirect: true, Invite: []id.UserID{alice.UserID}})
	if err != nil {
		t.Fatalf("mallory's DM with alice: %v", err)
	}
	testhomeserver.Say(t, mallory, toAlice.RoomID, "Hi Marco, are we still on for coffee at the usual place at 5?")
	warnings := func() int {
		n := 0
		for _, m := range testhomeserver.MessagesFrom(t, alice, dm, botID) {
			if strings.Contains(strings.ToLower(m), "reply") {
				n++
			}
		}
		return n
	}
	testwait.For(t, "a warning in alice's DM", 30*time.Second, func() bool { return warnings() == 1 })
	turns := func() int {
		n, _ := countRows(dbPath, `SELECT COALESCE(SUM(turns), 0) FROM conversation WHERE owner='@alice:localhost'`)
		return n
	}
	if dropped := metric(t, httpAddr, "silentguard_appservice_dropped_events_total"); dropped == 0 {
		t.Error("no event counted as dropped")
	}

	// A restart: alice is still protected.
	d.stop(t)
	d = e.startBinary(t, crashBinary(t), "SILENTGUARD_FAILPOINT=ingest.after-commit:1")
	testhomeserver.Say(t, mallory, toAlice.RoomID, "Sorry, is this not Marco? I'm Amy.")
	// Killed once the message is stored, before the homeserver's 200.
	testwait.For(t, "the failpoint to kill silentguard", 30*time.Second, d.died)
	if turns() != 2 {
		t.Fatalf("after the kill: %d turns stored, want 2", turns())
	}
	// While it is down: the homeserver keeps this for later.
	testhomeserver.Say(t, mallory, toAlice.RoomID, "My uncle is a crypto analyst, I made 30% last week on his trading platform. Add me on WhatsApp and I'll show you")
	d = e.start(t)
	testwait.For(t, "the homeserver's retries to be stored", 60*time.Second, func() bool { return turns() == 3 })
	// Every warning decided is delivered, and shows once.
	testwait.For(t, "every warning delivered", 30*time.Second, func() bool {
		n, err := countRows(dbPath, `SELECT COUNT(*) FROM delivery WHERE state='pending'`)
		return err == nil && n == 0
	})
	// Once !status is answered, everything before it was handled.
	testhomeserver.Say(t, alice, dm, "!status")
	testwait.For(t, "the status", 30*time.Second, botSays("atching"))
	d.stop(t)

	stored, err := countRows(dbPath, `SELECT COUNT(*) FROM warning WHERE owner='@alice:localhost'`)
	if err != nil {
		t.Fatal(err)
	}
	if got := warnings(); got != stored || stored < 1 {
		t.Errorf("%d warnings shown in the DM, %d stored", got, stored)
	}
	if n, _ := countRows(dbPath, `SELECT COUNT(*) FROM turn t JOIN conversation c ON c.id = t.conv_id WHERE c.owner='@alice:localhost'`); n != 3 {
		t.Errorf("%d turns stored for alice, want 3 (each message once)", n)
	}
	if n, _ := countRows(dbPath, `SELECT COUNT(*) FROM conversation WHERE owner='@bob:localhost'`); n != 0 {
		t.Errorf("%d conversations stored for bob, who did not opt in", n)
	}
	if strings.Contains(d.logs(), "coffee") || strings.Contains(d.logs(), "crypto analyst") {
		t.Error("message text in the logs")
	}
}

// metric reads one counter from the daemon's /metrics.
func metric(t *testing.T, addr, name string) float64 {
	t.Helper()
	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	m := regexp.MustCompile(`(?m)^` + name + ` (\S+)$`).FindSubmatch(b)
	if m == nil {
		t.Fatalf("no %s in /metrics:\n%s", name, b)
	}
	v, _ := strconv.ParseFloat(string(m[1]), 64)
	return v
}
