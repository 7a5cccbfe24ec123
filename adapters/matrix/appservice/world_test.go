package appservice

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/id"

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/internal/bottest"
	"github.com/silentguard/silentguard/internal/e2e"
	"github.com/silentguard/silentguard/internal/testhomeserver"
	"github.com/silentguard/silentguard/internal/testwait"
)

// request is one call the appservice made to the homeserver.
type request struct {
	Method, Path string
	Query        string
	Body         []byte
}

// recorder is the appservice's HTTP transport: it keeps every request.
type recorder struct {
	mu   sync.Mutex
	reqs []request
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		body, _ = io.ReadAll(req.Body)
		req.Body = io.NopCloser(bytes.NewReader(body))
	}
	r.mu.Lock()
	r.reqs = append(r.reqs, request{Method: req.Method, Path: req.URL.Path, Query: req.URL.RawQuery, Body: body})
	r.mu.Unlock()
	return http.DefaultTransport.RoundTrip(req)
}

func (r *recorder) requests() []request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]request(nil), r.reqs...)
}

// world is a real Dendrite with SilentGuard's registration installed, and
// the appservice on a real engine and SQLite file.
type world struct {
	t      *testing.T
	hs     *testhomeserver.Server
	opts   Options
	dbPath string
	eng    *bot.Engine
	svc    *Service
	rec    *recorder
	stop   func()
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func newWorld(t *testing.T) *world {
	t.Helper()
	addr, err := e2e.FreeAddr()
	if err != nil {
		t.Fatal(err)
	}
	opts := Options{ID: "silentguard", Address: "http://" + addr, Listen: addr, BotLocalpart: "silentguard",
		UsersRegex: `@.*:localhost`, ServerName: "localhost", ASToken: randomHex(32), HSToken: randomHex(32),
		Country: "US", Languages: []string{"en"}}
	text := RegistrationYAML(opts)
	reg := filepath.Join(t.TempDir(), "silentguard.yaml")
	if err := os.WriteFile(reg, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	hs := testhomeserver.StartWith(t, testhomeserver.Options{AppServices: []string{reg}})
	opts.Homeserver = hs.URL
	w := &world{t: t, hs: hs, opts: opts, dbPath: filepath.Join(t.TempDir(), "sg.db"), rec: &recorder{}}
	w.start()
	return w
}

// start runs the appservice (again) on the same database.
func (w *world) start() {
	w.t.Helper()
	w.eng = bottest.New(w.t, bottest.Options{Store: bottest.SQLite(w.t, w.dbPath)})
	ctx, cancel := context.WithCancel(context.Background())
	if err := w.eng.Start(ctx); err != nil {
		w.t.Fatal(err)
	}
	log := zerolog.Nop()
	if testing.Verbose() {
		log = zerolog.New(zerolog.NewTestWriter(w.t)).Level(zerolog.InfoLevel)
	}
	svc, err := New(w.opts, w.eng, &http.Client{Transport: w.rec, Timeout: 30 * time.Second}, log)
	if err != nil {
		w.t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- svc.Run(ctx) }()
	select {
	case <-svc.Ready():
	case err := <-done:
		w.t.Fatalf("appservice stopped: %v", err)
	}
	w.svc = svc
	stopped := false
	w.stop = func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		if err := <-done; err != nil {
			w.t.Errorf("appservice: %v", err)
		}
		w.eng.Wait()
	}
	w.t.Cleanup(w.stop)
}

func (w *world) botID() id.UserID { return id.NewUserID(w.opts.BotLocalpart, "localhost") }

// openBotDM has u open a DM with the bot, as a client's "start chat"
// does, and waits until the bot has joined it.
// protect has u open a DM with the bot and write !protect there, and
// waits for the bot's answer; it returns the DM.
func (w *world) protect(u *mautrix.Client) id.RoomID {
	w.t.Helper()
	dm := w.openBotDM(u)
	testhomeserver.Say(w.t, u, dm, "!protect")
	w.waitBotSaid(u, dm, "You are protected")
	return dm
}

func (w *world) openBotDM(u *mautrix.Client) id.RoomID {
	w.t.Helper()
	resp, err := u.CreateRoom(context.Background(), &mautrix.ReqCreateRoom{Preset: "trusted_private_chat", IsDirect: true,
		Invite: []id.UserID{w.botID()}})
	if err != nil {
		w.t.Fatal(err)
	}
	testwait.For(w.t, "the bot to join the DM", 30*time.Second, func() bool { return w.svc.isDM(resp.RoomID) })
	return resp.RoomID
}

// waitBotSaid waits until the bot has written a message containing want.
func (w *world) waitBotSaid(u *mautrix.Client, rid id.RoomID, want string) {
	w.t.Helper()
	testwait.For(w.t, "the bot to write "+want, 30*time.Second, func() bool {
		for _, m := range testhomeserver.MessagesFrom(w.t, u, rid, w.botID()) {
			if strings.Contains(m, want) {
				return true
			}
		}
		return false
	})
}

// strangerDM has a stranger open a native DM with u (an invite with
// is_direct) and write the scam's opener there.
func strangerDM(t testing.TB, stranger *mautrix.Client, to id.UserID) id.RoomID {
	t.Helper()
	resp, err := stranger.CreateRoom(context.Background(), &mautrix.ReqCreateRoom{Preset: "trusted_private_chat", IsDirect: true,
		Invite: []id.UserID{to}})
	if err != nil {
		t.Fatal(err)
	}
	return resp.RoomID
}

const opener = "Hi Marco, are we still on for coffee at the usual place at 5?"
