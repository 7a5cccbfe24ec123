package matrix_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"
	_ "modernc.org/sqlite"

	"github.com/silentguard/silentguard/internal/app"
	"github.com/silentguard/silentguard/internal/config"
	"github.com/silentguard/silentguard/internal/testhomeserver"
)

// world is a homeserver with an owner, a bot account, a simulated
// WhatsApp bridge and SilentGuard.
type world struct {
	t        testing.TB
	hs       *testhomeserver.Server
	owner    *viewer // the owner's own client, as the test drives it
	ownerPW  string
	botID    id.UserID
	botToken string
	bridge   *mautrix.Client
	dataDir  string
	// pgURI, when set, is the PostgreSQL database SilentGuard stores in
	// (else SQLite in dataDir).
	pgURI    string
	cancel   context.CancelFunc
	done     chan struct{}
	app      *app.App
	logLevel zerolog.Level
	logBuf   syncBuffer
	// marker is the portal of settle's marker messages, and notes the
	// owner's room of their own for catchUp's; both made on first use.
	marker *portal
	notes  id.RoomID
}

// syncBuffer keeps SilentGuard's log for assertions.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func readLog(t testing.TB, w *world) string {
	w.logBuf.mu.Lock()
	defer w.logBuf.mu.Unlock()
	return w.logBuf.b.String()
}

func newWorld(t testing.TB) *world {
	t.Helper()
	hs := testhomeserver.Start(t)
	ownerCli, pw := hs.UserWithPassword(t, "laura", "Laura Bianchi")
	botCli := hs.User(t, "silentguard", "SilentGuard")
	w := &world{t: t, hs: hs, ownerPW: pw, botID: botCli.UserID, botToken: botCli.AccessToken,
		bridge: hs.User(t, "whatsappbot", "WhatsApp bridge bot"), dataDir: t.TempDir(), logLevel: zerolog.InfoLevel}
	w.owner = newViewer(t, ownerCli)
	return w
}

// configFor writes SilentGuard's config: the owner's account is read
// with a password login (device "SilentGuard"), warnings come from the
// bot, extra is appended to the owner.
func (w *world) config(extraOwner string) *config.Config { return w.configFull("", extraOwner) }

// configWithMatrix adds settings to the [matrix] table (encryption).
func (w *world) configWithMatrix(matrix string) *config.Config { return w.configFull(matrix, "") }

func (w *world) configFull(matrix, extraOwner string) *config.Config {
	cfg, err := config.Parse("matrix-test.toml", []byte(w.configText(matrix, extraOwner)), true)
	if err != nil {
		w.t.Fatal(err)
	}
	return cfg
}

// configText is SilentGuard's config file for this world.
func (w *world) configText(matrix, extraOwner string) string {
	database := ""
	if w.pgURI != "" {
		database = fmt.Sprintf("[database]\ntype = \"postgres\"\nuri = %q\n", w.pgURI)
	}
	return fmt.Sprintf(`data_dir = %q
`+database+`[log]
level = "debug"
[delivery]
retry_min = "100ms"
retry_max = "1s"
[http]
listen = ""
[matrix]
%s
[[matrix.bot]]
homeserver = %q
user_id = %q
access_token = %q
[[owner]]
id = "laura"
names = ["Laura", "Laura Bianchi"]
country = "IT"
languages = ["en"]
allow = ["+39 333 123 4567", "@mamma:localhost"]
[owner.matrix]
homeserver = %q
user_id = "@laura:localhost"
password = %q
%s
  [[owner.notify]]
  type = "matrix"
  quote = "full"
`, w.dataDir, matrix, w.hs.URL, w.botID, w.botToken, w.hs.URL, w.ownerPW, extraOwner)
}

// start runs SilentGuard in this process until stop.
func (w *world) start(cfg *config.Config) {
	w.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	log := zerolog.New(zerolog.MultiLevelWriter(zerolog.NewTestWriter(w.t), &w.logBuf)).Level(w.logLevel)
	a, err := app.Open(ctx, cfg, log, io.Discard)
	if err != nil {
		w.t.Fatal(err)
	}
	w.app, w.cancel, w.done = a, cancel, make(chan struct{})
	go func() {
		if err := a.Run(ctx); err != nil {
			w.t.Errorf("run: %v", err)
		}
		a.Close()
		close(w.done)
	}()
	// Let the first sync (history, never warned) finish.
	w.waitFor("SilentGuard's first sync", 20*time.Second, func() bool {
		v, _ := a.Store.Cursor(context.Background(), "laura", "matrix", "since")
		return v != ""
	})
	w.t.Cleanup(w.stop)
}

func (w *world) stop() {
	if w.cancel != nil {
		w.cancel()
		<-w.done
		w.cancel = nil
	}
}

// count runs a COUNT query (with ? for its one argument) on the world's
// database.
func (w *world) count(query string, args ...any) int {
	w.t.Helper()
	if w.pgURI == "" {
		return dbCount(w.dataDir, query, args...)
	}
	var n int
	if err := w.app.Store.DB().QueryRow(context.Background(), strings.Replace(query, "?", "$1", 1), args...).Scan(&n); err != nil {
		w.t.Fatalf("%s: %v", query, err)
	}
	return n
}

// waitSeen waits until SilentGuard has handled an event: the core records
// the ID of every event of a conversation it stores, watched or not.
func (w *world) waitSeen(evt id.EventID) {
	w.t.Helper()
	w.waitFor("SilentGuard to handle "+string(evt), 30*time.Second, func() bool {
		return w.count(`SELECT COUNT(*) FROM seen_event WHERE event_id=?`, string(evt)) > 0
	})
}

// settle returns once SilentGuard (in this process or the binary) has
// handled every event sent before the call and delivered every warning
// that came of them. A marker message is sent after the first is handled,
// so it comes in a later sync batch: once it is handled, the batch of the
// first, and everything sent before it, has been handled in full.
func (w *world) settle() {
	w.t.Helper()
	if w.marker == nil {
		w.marker = w.portal("signal_00000000-0000-4000-8000-00000000beef", "Marker", "signal", "dm")
	}
	for range 2 {
		w.waitSeen(w.marker.say(w.t, "ok"))
	}
	w.waitFor("no pending delivery", 30*time.Second, func() bool {
		return w.count(`SELECT COUNT(*) FROM delivery WHERE state='pending'`) == 0
	})
}

// catchUp returns once the owner's client has seen every event sent before
// the call: the owner writes a marker in a room of their own and syncs
// until it comes back, in a sync that joined no new room (the messages of
// a room joined in a sync come in the next one).
func (w *world) catchUp() {
	w.t.Helper()
	ctx := context.Background()
	if w.notes == "" {
		resp, err := w.owner.cli.CreateRoom(ctx, &mautrix.ReqCreateRoom{Preset: "private_chat", Name: "notes"})
		if err != nil {
			w.t.Fatal(err)
		}
		w.notes = resp.RoomID
	}
	resp, err := w.owner.cli.SendText(ctx, w.notes, "marker")
	if err != nil {
		w.t.Fatal(err)
	}
	w.waitFor("the owner's client to see its marker", 30*time.Second, func() bool {
		joinedBefore := w.owner.joinedCount()
		w.owner.poll(w.botID)
		return w.owner.saw(resp.EventID) && w.owner.joinedCount() == joinedBefore
	})
}

func (w *world) waitFor(what string, timeout time.Duration, ok func() bool) {
	w.t.Helper()
	deadline := time.Now().Add(timeout)
	for !ok() {
		if time.Now().After(deadline) {
			w.t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// portal is a simulated bridgev2 DM portal: the bridge bot creates it with
// the bridge state, the ghost joins, and the owner joins as double
// puppeting does.
type portal struct {
	room  id.RoomID
	ghost *mautrix.Client
	// ownerJoin is the owner's join, made by the test: the only event the
	// owner's account may have sent there besides what the test wrote.
	ownerJoin id.EventID
}

// joinAsOwner joins the owner to a room, as double puppeting does, and
// returns the join's event ID.
func (w *world) joinAsOwner(room id.RoomID) id.EventID {
	w.t.Helper()
	ctx := context.Background()
	if _, err := w.owner.cli.JoinRoomByID(ctx, room); err != nil {
		w.t.Fatal(err)
	}
	state, err := w.owner.cli.State(ctx, room)
	if err != nil {
		w.t.Fatal(err)
	}
	join := state[event.StateMember][string(w.owner.cli.UserID)]
	if join == nil || join.ID == "" {
		w.t.Fatal("the owner's join is not in the room state")
	}
	return join.ID
}

func (w *world) portal(ghostLocal, ghostName, protocol string, roomType string) *portal {
	w.t.Helper()
	ctx := context.Background()
	ghost := w.hs.User(w.t, ghostLocal, ghostName)
	bridgeState := map[string]any{
		"bridgebot": w.bridge.UserID, "creator": w.bridge.UserID,
		"protocol":             map[string]any{"id": protocol, "displayname": protocol},
		"channel":              map[string]any{"id": ghostLocal},
		"com.beeper.room_type": "dm", "com.beeper.room_type.v2": roomType,
	}
	sk := "localhost/" + protocol
	resp, err := w.bridge.CreateRoom(ctx, &mautrix.ReqCreateRoom{
		Preset: "private_chat", IsDirect: true, Invite: []id.UserID{ghost.UserID, w.owner.cli.UserID},
		InitialState: []*event.Event{
			{Type: event.StateBridge, StateKey: &sk, Content: event.Content{Raw: bridgeState}},
			{Type: event.StateHalfShotBridge, StateKey: &sk, Content: event.Content{Raw: bridgeState}},
		},
	})
	if err != nil {
		w.t.Fatal(err)
	}
	if _, err := ghost.JoinRoomByID(ctx, resp.RoomID); err != nil {
		w.t.Fatal(err)
	}
	return &portal{room: resp.RoomID, ghost: ghost, ownerJoin: w.joinAsOwner(resp.RoomID)}
}

func (p *portal) say(t testing.TB, text string) id.EventID {
	t.Helper()
	resp, err := p.ghost.SendText(context.Background(), p.room, text)
	if err != nil {
		t.Fatal(err)
	}
	return resp.EventID
}

// viewer is a client that syncs with presence offline (so it never marks
// anyone online itself) and keeps what it sees.
type viewer struct {
	t     testing.TB
	cli   *mautrix.Client
	mu    sync.Mutex
	since string
	// bot messages seen in rooms the viewer joined, in order
	botMsgs []seenMsg
	joined  map[id.RoomID]bool
	// seen are the IDs of all timeline events the viewer got.
	seen map[id.EventID]bool
	// e2ee, when set, makes the viewer an encryption device (an Element
	// that can read the encrypted warning DM).
	e2ee decrypter
	// undecrypted are the bot's encrypted events whose room key has not
	// come yet: a server may deliver the key's to-device message in a
	// later sync than the event, and a client tries again when it does.
	undecrypted []pendingEvent
}

type pendingEvent struct {
	evt   *event.Event
	first time.Time
}

// keyWait is how long an encrypted event may wait for its room key.
const keyWait = 30 * time.Second

// decrypter is a test client's olm device (see e2ee_test.go).
type decrypter interface {
	absorb(resp *mautrix.RespSync, since string)
	decrypt(evt *event.Event) (*event.Event, error)
}

type seenMsg struct {
	id        id.EventID
	room      id.RoomID
	sender    id.UserID
	body      string
	html      string
	typ       event.MessageType
	at        time.Time
	encrypted bool
}

func newViewer(t testing.TB, cli *mautrix.Client) *viewer {
	return &viewer{t: t, cli: cli, joined: map[id.RoomID]bool{}, seen: map[id.EventID]bool{}}
}

// poll syncs once; it joins invites from from (the bot's DM) and records
// messages from from.
func (v *viewer) poll(from id.UserID) {
	v.t.Helper()
	resp, err := v.cli.FullSyncRequest(context.Background(), mautrix.ReqSync{Since: v.since, Timeout: 200, SetPresence: event.PresenceOffline})
	if err != nil {
		v.t.Fatalf("viewer sync: %v", err)
	}
	v.absorb(resp, from)
}

func (v *viewer) absorb(resp *mautrix.RespSync, from id.UserID) {
	if v.e2ee != nil {
		v.e2ee.absorb(resp, v.since)
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	first := v.since == ""
	v.since = resp.NextBatch
	for rid, inv := range resp.Rooms.Invite {
		for _, evt := range inv.State.Events {
			if evt.Type == event.StateMember && evt.Sender == from && !v.joined[rid] {
				v.join(rid)
				v.joined[rid] = true
			}
		}
	}
	// A server may send an event again (Dendrite does, around a join); a
	// client shows it once.
	fresh := map[id.EventID]bool{}
	for _, jr := range resp.Rooms.Join {
		for _, evt := range jr.Timeline.Events {
			if !v.seen[evt.ID] {
				fresh[evt.ID], v.seen[evt.ID] = true, true
			}
		}
	}
	if first {
		return
	}
	waiting := v.undecrypted
	v.undecrypted = nil
	for _, p := range waiting {
		v.record(p.evt, p.evt.RoomID, from, p.first)
	}
	for rid, jr := range resp.Rooms.Join {
		for _, evt := range jr.Timeline.Events {
			if !fresh[evt.ID] {
				continue
			}
			delete(fresh, evt.ID)
			v.record(evt, rid, from, time.Now())
		}
	}
}

// record keeps a message of from's, decrypting it first; one whose room
// key has not come yet waits for a later sync, up to keyWait. v.mu is
// held.
func (v *viewer) record(evt *event.Event, rid id.RoomID, from id.UserID, first time.Time) {
	encrypted := false
	if evt.Type == event.EventEncrypted && evt.Sender == from && v.e2ee != nil {
		evt.RoomID = rid
		dec, err := v.e2ee.decrypt(evt)
		if err != nil {
			if time.Since(first) < keyWait {
				v.undecrypted = append(v.undecrypted, pendingEvent{evt: evt, first: first})
				return
			}
			v.t.Errorf("the owner's client cannot decrypt the bot's message after %s: %v", keyWait, err)
			return
		}
		evt, encrypted = dec, true
	}
	if evt.Type != event.EventMessage || evt.Sender != from {
		return
	}
	var c event.MessageEventContent
	_ = json.Unmarshal(evt.Content.VeryRaw, &c)
	v.botMsgs = append(v.botMsgs, seenMsg{id: evt.ID, room: rid, sender: evt.Sender, body: c.Body, html: c.FormattedBody, typ: c.MsgType, at: time.Now(), encrypted: encrypted})
}

// join joins a room the bot invited the viewer to. Dendrite puts an
// invite in the invitee's sync before the room's state holds it, and
// refuses the join until then: it is tried again until it goes through.
func (v *viewer) join(rid id.RoomID) {
	v.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, err := v.cli.JoinRoomByID(context.Background(), rid)
		if err == nil {
			return
		}
		if !errors.Is(err, mautrix.MForbidden) || time.Now().After(deadline) {
			v.t.Fatalf("join the bot's DM: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (v *viewer) saw(evt id.EventID) bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.seen[evt]
}

func (v *viewer) joinedCount() int {
	v.mu.Lock()
	defer v.mu.Unlock()
	return len(v.joined)
}

func (v *viewer) messages() []seenMsg {
	v.mu.Lock()
	defer v.mu.Unlock()
	return append([]seenMsg(nil), v.botMsgs...)
}

// warnings are the bot's m.text messages (command answers are notices).
func (v *viewer) warnings() []seenMsg {
	var out []seenMsg
	for _, m := range v.messages() {
		// Service notices (protection stopped...) start with this title.
		if m.typ == event.MsgText && !strings.HasPrefix(m.body, "SilentGuard: ") {
			out = append(out, m)
		}
	}
	return out
}

// command writes text as the owner in the bot's DM dm and returns the
// bot's answer (the next notice there).
func (w *world) command(dm id.RoomID, text string) string {
	w.t.Helper()
	before := len(w.owner.messages())
	if _, err := w.owner.cli.SendText(context.Background(), dm, text); err != nil {
		w.t.Fatal(err)
	}
	var reply string
	w.waitFor("an answer to "+text, 20*time.Second, func() bool {
		w.owner.poll(w.botID)
		msgs := w.owner.messages()
		if len(msgs) > before && msgs[len(msgs)-1].typ == event.MsgNotice {
			reply = msgs[len(msgs)-1].body
			return true
		}
		return false
	})
	return reply
}

func (w *world) waitWarnings(n int, timeout time.Duration) []seenMsg {
	w.t.Helper()
	w.waitFor(fmt.Sprintf("%d warning(s) in the owner's DM with the bot", n), timeout, func() bool {
		w.owner.poll(w.botID)
		return len(w.owner.warnings()) >= n
	})
	return w.owner.warnings()
}

// noMoreWarnings asserts that the owner has exactly n warnings once
// SilentGuard has handled everything sent so far and the owner's client
// has caught up.
func (w *world) noMoreWarnings(n int) {
	w.t.Helper()
	w.settle()
	w.catchUp()
	if got := len(w.owner.warnings()); got != n {
		for _, m := range w.owner.warnings() {
			w.t.Logf("warning %s in %s: %s", m.id, m.room, firstLine(m.body))
		}
		w.t.Fatalf("owner has %d warnings, want %d", got, n)
	}
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

var scamScript = []struct {
	text  string
	owner bool
}{
	{"Hi Marco, are we still on for coffee at the usual place at 5?", false},
	{"Sorry, wrong number", true},
	{"Oh sorry! Nice to meet you anyway, I'm Amy. Where are you from?", false},
	{"My uncle is a crypto analyst, I made 30% last week on his trading platform. Add me on WhatsApp and I'll show you", false},
}

// runScam plays the scam in a portal; the owner's replies are sent by the
// owner's own client. It returns the IDs of what the owner sent.
func (w *world) runScam(p *portal) []id.EventID {
	w.t.Helper()
	var ownerSent []id.EventID
	for _, s := range scamScript {
		var evt id.EventID
		if s.owner {
			resp, err := w.owner.cli.SendText(context.Background(), p.room, s.text)
			if err != nil {
				w.t.Fatal(err)
			}
			evt = resp.EventID
			ownerSent = append(ownerSent, evt)
		} else {
			evt = p.say(w.t, s.text)
		}
		// At a conversation's pace: each message is read before the next.
		w.waitSeen(evt)
	}
	return ownerSent
}

func TestBridgedConversationWarnsAndEscalates(t *testing.T) {
	w := newWorld(t)
	w.owner.poll(w.botID)
	w.start(w.config(""))
	p := w.portal("whatsapp_12025550143", "+1 202-555-0143 (WA)", "whatsapp", "dm")
	w.runScam(p)
	got := w.waitWarnings(2, 30*time.Second)
	w.noMoreWarnings(2)
	first, second := got[0], got[1]
	if !strings.Contains(first.body, "Marco") || !strings.Contains(first.html, "Marco") {
		t.Errorf("the warning does not quote the opener:\n%s", first.body)
	}
	if !strings.Contains(first.body, "WhatsApp") {
		t.Errorf("the warning lacks the WhatsApp steps:\n%s", first.body)
	}
	if !strings.Contains(first.body, "!allow") {
		t.Errorf("the warning does not say how to answer:\n%s", first.body)
	}
	if first.room != second.room {
		t.Errorf("warnings came in two rooms")
	}
	if firstLine(second.body) == firstLine(first.body) {
		t.Errorf("the escalation has the same title as the warning: %q", firstLine(second.body))
	}
	// Privacy: no message text and no phone number in the log.
	if l := readLog(t, w); strings.Contains(l, "Marco") || strings.Contains(l, "2025550143") || strings.Contains(l, "crypto analyst") {
		t.Errorf("the log carries message text or the sender's number")
	}
}

func TestCommandsInTheBotDM(t *testing.T) {
	w := newWorld(t)
	w.owner.poll(w.botID)
	w.start(w.config(""))
	p := w.portal("signal_5b7a0c1e-4c52-4c1f-9a55-1f3b1f9d2a10", "Amy", "signal", "dm")
	p.say(t, "Hi Marco, are we still on for coffee at the usual place at 5?")
	got := w.waitWarnings(1, 30*time.Second)
	ref := refOf(t, got[0].body)
	send := func(text string) string { return w.command(got[0].room, text) }
	if r := send("!status"); !strings.Contains(r, ref) || !strings.Contains(r, "watching 1 ") {
		t.Errorf("!status: %s", r)
	}
	if r := send("!false " + ref); !strings.Contains(r, ref) || !strings.Contains(r, "false alarm") {
		t.Errorf("!false: %s", r)
	}
	if r := send("!allow " + ref + "."); !strings.Contains(r, ref) || !strings.Contains(r, "won't warn") {
		t.Errorf("!allow: %s", r)
	}
	// The allowed sender pivots: no escalation.
	p.say(t, "My uncle is a crypto analyst, add me on WhatsApp and I'll show you how I made 30%")
	w.noMoreWarnings(1)
	if r := send("!help"); !strings.Contains(r, "!allow") {
		t.Errorf("!help: %s", r)
	}
}

func refOf(t *testing.T, body string) string {
	t.Helper()
	i := strings.Index(body, "!allow ")
	if i < 0 {
		t.Fatalf("no !allow REF in:\n%s", body)
	}
	return strings.Trim(strings.Fields(body[i+len("!allow "):])[0], ".,;:")
}

func TestNoWarningForKnownOwnerStartedOrGroups(t *testing.T) {
	w := newWorld(t)
	w.owner.poll(w.botID)
	w.start(w.config(""))
	opener := "Hi Marco, are we still on for coffee at the usual place at 5?"
	// A contact in the allow-list (phone in the ghost ID).
	known := w.portal("whatsapp_393331234567", "Mamma (WA)", "whatsapp", "dm")
	known.say(t, opener)
	// A conversation the owner started.
	mine := w.portal("whatsapp_447700900123", "+44 7700 900123 (WA)", "whatsapp", "dm")
	hello, err := w.owner.cli.SendText(context.Background(), mine.room, "Hello, is the bike still for sale?")
	if err != nil {
		t.Fatal(err)
	}
	w.waitSeen(hello.EventID)
	mine.say(t, opener)
	// A group DM.
	group := w.portal("whatsapp_14155550100", "+1 415-555-0100 (WA)", "whatsapp", "group_dm")
	group.say(t, opener)
	// A native room with three people.
	ctx := context.Background()
	carol := w.hs.User(t, "carol", "Carol")
	dave := w.hs.User(t, "dave", "Dave")
	r, err := carol.CreateRoom(ctx, &mautrix.ReqCreateRoom{Preset: "private_chat", Invite: []id.UserID{w.owner.cli.UserID, dave.UserID}})
	if err != nil {
		t.Fatal(err)
	}
	dave.JoinRoomByID(ctx, r.RoomID)
	w.owner.cli.JoinRoomByID(ctx, r.RoomID)
	carol.SendText(ctx, r.RoomID, opener)
	// Then one stranger, to prove the pipeline is live.
	stranger := w.portal("whatsapp_12025550188", "+1 202-555-0188 (WA)", "whatsapp", "dm")
	stranger.say(t, opener)
	got := w.waitWarnings(1, 30*time.Second)
	w.noMoreWarnings(1)
	if !strings.Contains(got[0].body, "555") {
		t.Errorf("the one warning is not about the stranger:\n%s", got[0].body)
	}
}

// TestNeverActsTowardSender runs the clear-text and the encrypted checks
// (the latter needs -tags goolm). Without Dendrite the test itself fails or
// skips: if only its subtests skipped, it would report PASS.
func TestNeverActsTowardSender(t *testing.T) {
	testhomeserver.Require(t)
	t.Run("clear", neverActsClear)
	t.Run("encrypted", neverActsEncrypted)
}

func neverActsClear(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	w.owner.poll(w.botID)
	// Someone who shares a room with the owner, as presence needs.
	observer := w.hs.User(t, "observer", "Observer")
	shared, err := observer.CreateRoom(ctx, &mautrix.ReqCreateRoom{Preset: "private_chat", Invite: []id.UserID{w.owner.cli.UserID}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.owner.cli.JoinRoomByID(ctx, shared.RoomID); err != nil {
		t.Fatal(err)
	}
	presenceBefore := w.presenceAs(observer, shared.RoomID)
	w.start(w.config(""))
	p := w.portal("whatsapp_12025550143", "+1 202-555-0143 (WA)", "whatsapp", "dm")
	// The sender's own view, from before the conversation.
	senderView := newViewer(t, p.ghost)
	senderView.poll("")
	ownerSent := w.runScam(p)
	w.waitWarnings(2, 30*time.Second)

	// A native Matrix DM invite from a stranger, with an opener in it.
	mallory := w.hs.User(t, "mallory", "Mallory")
	inv, err := mallory.CreateRoom(ctx, &mautrix.ReqCreateRoom{Preset: "trusted_private_chat", IsDirect: true,
		Name: "Marco", Topic: "Hi Marco, is our meeting at 5 still on? As agreed yesterday",
		Invite: []id.UserID{w.owner.cli.UserID}})
	if err != nil {
		t.Fatal(err)
	}
	w.waitWarnings(3, 30*time.Second)
	// Whatever SilentGuard would do about these events, it has done.
	w.settle()
	w.stop()

	// 1. The portal, as the sender sees it: nothing from SilentGuard and
	// nothing from the owner beyond what the owner's client sent.
	allowed := map[id.EventID]bool{}
	for _, e := range ownerSent {
		allowed[e] = true
	}
	msgs, err := p.ghost.Messages(ctx, p.room, "", "", mautrix.DirectionBackward, nil, 200)
	if err != nil {
		t.Fatal(err)
	}
	for _, evt := range msgs.Chunk {
		switch {
		case evt.Sender == w.botID:
			t.Errorf("the bot wrote in the watched room: %s", evt.Type.Type)
		case evt.ID == p.ownerJoin:
			// the owner's join, done by the test as double puppeting
		case evt.Sender == w.owner.cli.UserID && !allowed[evt.ID]:
			t.Errorf("the owner's account sent %s %s that the owner's client did not", evt.Type.Type, evt.ID)
		}
	}
	// 2. No receipt, read marker or typing from the owner reached the
	// sender's sync, and no state change.
	ephemeral, presence := w.senderSees(p, senderView.since, msgs.Chunk[0].ID)
	for _, evt := range ephemeral {
		raw := string(evt.Content.VeryRaw)
		if strings.Contains(raw, string(w.owner.cli.UserID)) {
			t.Errorf("the sender saw an ephemeral %s from the owner: %s", evt.Type.Type, raw)
		}
	}
	for _, evt := range presence {
		if evt.Sender == w.owner.cli.UserID {
			var c event.PresenceEventContent
			_ = json.Unmarshal(evt.Content.VeryRaw, &c)
			if c.Presence == event.PresenceOnline {
				t.Errorf("the owner was shown online")
			}
		}
	}
	// 3. The owner's presence was not set online, as someone who shares a
	// room with the owner and as the sender see it.
	if after := w.presenceAs(observer, shared.RoomID); after == event.PresenceOnline || after != presenceBefore {
		t.Errorf("owner presence went from %s to %s", presenceBefore, after)
	}
	if seen := w.presenceAs(p.ghost, p.room); seen == event.PresenceOnline {
		t.Errorf("the sender sees the owner %s", seen)
	}
	// 4. The native invite is neither accepted nor rejected.
	var member event.MemberEventContent
	if err := mallory.StateEvent(ctx, inv.RoomID, event.StateMember, string(w.owner.cli.UserID), &member); err != nil {
		t.Fatal(err)
	}
	if member.Membership != event.MembershipInvite {
		t.Errorf("the owner's membership in the stranger's DM is %s, want invite", member.Membership)
	}
}

// presenceAs reads the owner's presence as viewer, who must share the
// joined room shared with the owner: Synapse answers anyone else 403 (and
// Dendrite answers anyone), so the check holds on any homeserver.
func (w *world) presenceAs(viewer *mautrix.Client, shared id.RoomID) event.Presence {
	w.t.Helper()
	ctx := context.Background()
	members, err := viewer.JoinedMembers(ctx, shared)
	if err != nil {
		w.t.Fatalf("%s cannot list the members of %s: %v", viewer.UserID, shared, err)
	}
	_, viewerIn := members.Joined[viewer.UserID]
	if _, ownerIn := members.Joined[w.owner.cli.UserID]; !ownerIn || !viewerIn {
		w.t.Fatalf("%s does not share %s with the owner: Synapse would refuse it the owner's presence", viewer.UserID, shared)
	}
	resp, err := viewer.GetPresence(ctx, w.owner.cli.UserID)
	if err != nil {
		w.t.Fatalf("%s reads the owner's presence: %v", viewer.UserID, err)
	}
	return resp.Presence
}

// senderSees syncs as the sender of portal p from since until three
// markers that the bridge bot sends now come back: a read receipt on event
// at, typing and presence online. Each travels in the same stream as the
// receipts, typing or presence the owner's account could have sent before,
// so what the sender got by then is all it will get. It returns the
// ephemeral events of p and the presence events the sender got.
func (w *world) senderSees(p *portal, since string, at id.EventID) (ephemeral, presence []*event.Event) {
	w.t.Helper()
	ctx := context.Background()
	if err := w.bridge.SendReceipt(ctx, p.room, at, event.ReceiptTypeRead, nil); err != nil {
		w.t.Fatal(err)
	}
	if _, err := w.bridge.UserTyping(ctx, p.room, true, 30*time.Second); err != nil {
		w.t.Fatal(err)
	}
	if err := w.bridge.SetPresence(ctx, mautrix.ReqPresence{Presence: event.PresenceOnline}); err != nil {
		w.t.Fatal(err)
	}
	bridge := string(w.bridge.UserID)
	var receipt, typing, online bool
	w.waitFor("the sender to see the bridge's receipt, typing and presence", 30*time.Second, func() bool {
		resp, err := p.ghost.FullSyncRequest(ctx, mautrix.ReqSync{Since: since, Timeout: 1000, SetPresence: event.PresenceOffline})
		if err != nil {
			w.t.Fatal(err)
		}
		since = resp.NextBatch
		if jr := resp.Rooms.Join[p.room]; jr != nil {
			for _, evt := range jr.Ephemeral.Events {
				ephemeral = append(ephemeral, evt)
				has := strings.Contains(string(evt.Content.VeryRaw), bridge)
				receipt = receipt || (evt.Type == event.EphemeralEventReceipt && has)
				typing = typing || (evt.Type == event.EphemeralEventTyping && has)
			}
		}
		for _, evt := range resp.Presence.Events {
			presence = append(presence, evt)
			online = online || evt.Sender == w.bridge.UserID
		}
		return receipt && typing && online
	})
	return ephemeral, presence
}

func TestRestartHomeserverDownAndRevokedToken(t *testing.T) {
	w := newWorld(t)
	w.owner.poll(w.botID)
	// An access token made for SilentGuard, so that the test can revoke it.
	sgCli := w.hs.Login(t, "laura", w.ownerPW)
	cfg := w.config("")
	cfg.Owners[0].Matrix.AccessToken = config.NewSecret(sgCli.AccessToken)
	cfg.Owners[0].Matrix.DeviceID = string(sgCli.DeviceID)
	w.start(cfg)
	p := w.portal("whatsapp_12025550143", "+1 202-555-0143 (WA)", "whatsapp", "dm")
	p.say(t, scamScript[0].text)
	w.waitWarnings(1, 30*time.Second)

	// Restart SilentGuard mid-conversation: no duplicate, nothing missed.
	w.stop()
	if _, err := w.owner.cli.SendText(context.Background(), p.room, scamScript[1].text); err != nil {
		t.Fatal(err)
	}
	p.say(t, scamScript[2].text)
	w.start(cfg)
	p.say(t, scamScript[3].text)
	w.waitWarnings(2, 30*time.Second)
	w.noMoreWarnings(2)

	// The homeserver goes down for a while: SilentGuard backs off and
	// resumes, without duplicates.
	w.hs.Restart(t, 3*time.Second)
	p2 := w.portal("whatsapp_12025550199", "+1 202-555-0199 (WA)", "whatsapp", "dm")
	p2.say(t, scamScript[0].text)
	w.waitWarnings(3, 60*time.Second)
	w.noMoreWarnings(3)

	// The owner's token is revoked: the owner is told protection stopped.
	if _, err := sgCli.Logout(context.Background()); err != nil {
		t.Fatal(err)
	}
	w.waitFor("the protection-stopped notice", 30*time.Second, func() bool {
		w.owner.poll(w.botID)
		for _, m := range w.owner.messages() {
			if strings.Contains(m.body, "stopped") {
				return true
			}
		}
		return false
	})
}

func TestWarningsDeDuplicatedByTransactionID(t *testing.T) {
	w := newWorld(t)
	w.owner.poll(w.botID)
	w.start(w.config(""))
	p := w.portal("whatsapp_12025550143", "+1 202-555-0143 (WA)", "whatsapp", "dm")
	p.say(t, scamScript[0].text)
	w.waitWarnings(1, 30*time.Second)
	// Mark the delivery pending again, as if SilentGuard had been killed
	// between sending and recording it, and restart: the re-send carries
	// the same transaction ID and the homeserver does not show it twice.
	w.stop()
	db := filepath.Join(w.dataDir, "silentguard.db")
	resetDeliveries(t, db)
	w.start(w.config(""))
	w.waitFor("the re-send of the pending warning", 20*time.Second, func() bool { return pendingCount(w.dataDir) == 0 })
	// Sent twice (attempts counts each successful send): the homeserver
	// took the same transaction ID again and showed the warning once.
	if n := dbCount(w.dataDir, `SELECT SUM(attempts) FROM delivery WHERE state='sent'`); n != 2 {
		t.Errorf("the warning was sent %d times, want 2", n)
	}
	w.noMoreWarnings(1)
}

func resetDeliveries(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	res, err := db.Exec(`UPDATE delivery SET state='pending'`)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		t.Fatal("no delivery to reset")
	}
}

// An owner who leaves the warning DM gets the next warning in a new one,
// not in a room nobody reads.
func TestLeftWarningDMIsReplaced(t *testing.T) {
	w := newWorld(t)
	w.owner.poll(w.botID)
	w.start(w.config(""))
	p := w.portal("whatsapp_12025550143", "+1 202-555-0143 (WA)", "whatsapp", "dm")
	p.say(t, scamScript[0].text)
	first := w.waitWarnings(1, 30*time.Second)[0]
	if _, err := w.owner.cli.LeaveRoom(context.Background(), first.room); err != nil {
		t.Fatal(err)
	}
	w.waitFor("the bot to forget the DM", 30*time.Second, func() bool {
		return dbCount(w.dataDir, `SELECT COUNT(*) FROM cursor WHERE adapter=? AND name LIKE 'dm:%'`, "matrix-bot") == 0
	})
	p2 := w.portal("whatsapp_12025550144", "+1 202-555-0144 (WA)", "whatsapp", "dm")
	p2.say(t, scamScript[0].text)
	got := w.waitWarnings(2, 30*time.Second)
	if got[1].room == first.room {
		t.Errorf("the second warning went to the DM the owner left")
	}
}
