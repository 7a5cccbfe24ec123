//go:build goolm

package matrix_test

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/crypto"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"

	"github.com/silentguard/silentguard/internal/pgtest"
)

// e2ee gives a test client a real olm device (in memory), as a bridge or
// an Element client has.
type e2ee struct {
	t     testing.TB
	cli   *mautrix.Client
	mach  *crypto.OlmMachine
	state mautrix.StateStore
	since string

	mu sync.Mutex
	// toDevice is every to-device event this client ever received.
	toDevice []*event.Event
}

func newE2EE(t testing.TB, cli *mautrix.Client) *e2ee {
	t.Helper()
	ctx := context.Background()
	st := mautrix.NewMemoryStateStore()
	log := zerolog.Nop()
	mach := crypto.NewOlmMachine(cli, &log, crypto.NewMemoryStore(nil), st.(crypto.StateStore))
	if err := mach.Load(ctx); err != nil {
		t.Fatal(err)
	}
	if err := mach.ShareKeys(ctx, -1); err != nil {
		t.Fatal(err)
	}
	return &e2ee{t: t, cli: cli, mach: mach, state: st}
}

// sync processes one batch (keys, device lists, room state) and returns it.
func (c *e2ee) sync(timeout time.Duration) *mautrix.RespSync {
	c.t.Helper()
	ctx := context.Background()
	resp, err := c.cli.FullSyncRequest(ctx, mautrix.ReqSync{Since: c.since, Timeout: int(timeout.Milliseconds()), SetPresence: event.PresenceOffline})
	if err != nil {
		c.t.Fatalf("e2ee sync: %v", err)
	}
	c.absorb(resp, c.since)
	c.since = resp.NextBatch
	return resp
}

// absorb handles a sync batch made by whoever syncs this device.
func (c *e2ee) absorb(resp *mautrix.RespSync, since string) {
	ctx := context.Background()
	c.mu.Lock()
	c.toDevice = append(c.toDevice, resp.ToDevice.Events...)
	c.mu.Unlock()
	c.mach.ProcessSyncResponse(ctx, resp, since)
	for rid, jr := range resp.Rooms.Join {
		for _, evt := range append(append([]*event.Event{}, jr.State.Events...), jr.Timeline.Events...) {
			if evt.StateKey != nil {
				evt.RoomID = rid
				_ = evt.Content.ParseRaw(evt.Type)
				mautrix.UpdateStateStore(ctx, c.state, evt)
			}
		}
	}
}

// decrypt reads an encrypted event for the viewer.
func (c *e2ee) decrypt(evt *event.Event) (*event.Event, error) {
	_ = evt.Content.ParseRaw(evt.Type)
	return c.mach.DecryptMegolmEvent(context.Background(), evt)
}

// send encrypts text for the room's members and sends it.
func (c *e2ee) send(room id.RoomID, members []id.UserID, text string) id.EventID {
	c.t.Helper()
	ctx := context.Background()
	_ = c.state.SetEncryptionEvent(ctx, room, &event.EncryptionEventContent{Algorithm: id.AlgorithmMegolmV1})
	for _, m := range members {
		_ = c.state.SetMembership(ctx, room, m, event.MembershipJoin)
	}
	if err := c.mach.ShareGroupSession(ctx, room, members); err != nil {
		c.t.Fatal(err)
	}
	enc, err := c.mach.EncryptMegolmEvent(ctx, room, event.EventMessage, &event.MessageEventContent{MsgType: event.MsgText, Body: text})
	if err != nil {
		c.t.Fatal(err)
	}
	resp, err := c.cli.SendMessageEvent(ctx, room, event.EventEncrypted, enc)
	if err != nil {
		c.t.Fatal(err)
	}
	return resp.EventID
}

// toDeviceBarrier returns once c's device has received every to-device
// message sent to it before the call: a marker that the bridge bot sends
// now queues behind them.
func (w *world) toDeviceBarrier(c *e2ee) {
	w.t.Helper()
	nonce := fmt.Sprintf("marker-%d", time.Now().UnixNano())
	typ := event.Type{Type: "org.silentguard.test.marker", Class: event.ToDeviceEventType}
	_, err := w.bridge.SendToDevice(context.Background(), typ, &mautrix.ReqSendToDevice{
		Messages: map[id.UserID]map[id.DeviceID]*event.Content{c.cli.UserID: {c.cli.DeviceID: {Raw: map[string]any{"nonce": nonce}}}}})
	if err != nil {
		w.t.Fatal(err)
	}
	w.waitFor("the to-device marker", 30*time.Second, func() bool {
		c.sync(time.Second)
		c.mu.Lock()
		defer c.mu.Unlock()
		for _, evt := range c.toDevice {
			if evt.Type.Type == typ.Type && strings.Contains(string(evt.Content.VeryRaw), nonce) {
				return true
			}
		}
		return false
	})
}

// fromUser lists the to-device events this client got from a user.
func (c *e2ee) fromUser(u id.UserID) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for _, evt := range c.toDevice {
		if evt.Sender == u {
			out = append(out, evt.Type.Type)
		}
	}
	return out
}

// encryptedWorld is a world where SilentGuard runs with encryption, and
// the owner's own client is an encryption device that can read the
// (encrypted) warning DM.
func encryptedWorld(t *testing.T) *world {
	w := newWorld(t)
	oe := newE2EE(t, w.owner.cli)
	// The owner's client shares keys with the owner's other devices (as
	// once the owner verified SilentGuard's device).
	oe.mach.ShareKeysMinTrust = id.TrustStateUnset
	w.owner.e2ee = oe
	w.owner.poll(w.botID)
	return w
}

const encryptionConfig = "pickle_key = \"test-pickle-key-0123456789\"\nencryption = true\n"

// encryptedPortal is a bridge portal with encryption on, the ghost an
// encryption device, as bridgev2 does with encryption.allow.
func (w *world) encryptedPortal(ghostLocal, name string) (*portal, *e2ee) {
	w.t.Helper()
	ctx := context.Background()
	ghost := w.hs.User(w.t, ghostLocal, name)
	ge := newE2EE(w.t, ghost)
	st := map[string]any{"bridgebot": w.bridge.UserID, "protocol": map[string]any{"id": "whatsapp"},
		"channel": map[string]any{"id": ghostLocal}, "com.beeper.room_type.v2": "dm"}
	sk, empty := "localhost/whatsapp", ""
	resp, err := w.bridge.CreateRoom(ctx, &mautrix.ReqCreateRoom{Preset: "private_chat", IsDirect: true,
		Invite: []id.UserID{ghost.UserID, w.owner.cli.UserID},
		InitialState: []*event.Event{
			{Type: event.StateBridge, StateKey: &sk, Content: event.Content{Raw: st}},
			{Type: event.StateEncryption, StateKey: &empty, Content: event.Content{Parsed: &event.EncryptionEventContent{Algorithm: id.AlgorithmMegolmV1}}},
		}})
	if err != nil {
		w.t.Fatal(err)
	}
	if _, err := ghost.JoinRoomByID(ctx, resp.RoomID); err != nil {
		w.t.Fatal(err)
	}
	join := w.joinAsOwner(resp.RoomID)
	ge.sync(0)
	return &portal{room: resp.RoomID, ghost: ghost, ownerJoin: join}, ge
}

func TestEncryptedPortal(t *testing.T) { testEncryptedPortal(t, encryptedWorld(t)) }

// The same on PostgreSQL: the devices' keys and the room state live in
// the one database with the conversations, and survive the restart.
func TestEncryptedPortalOnPostgres(t *testing.T) {
	uri := pgtest.URI(t)
	w := encryptedWorld(t)
	w.pgURI = uri
	testEncryptedPortal(t, w)
	var keys int
	if err := w.app.Store.DB().QueryRow(context.Background(), `SELECT COUNT(*) FROM crypto_megolm_inbound_session`).Scan(&keys); err != nil || keys == 0 {
		t.Errorf("no room keys in PostgreSQL: %d %v", keys, err)
	}
}

func testEncryptedPortal(t *testing.T, w *world) {
	cfg := w.configWithMatrix(encryptionConfig)
	w.start(cfg)
	p, ge := w.encryptedPortal("whatsapp_12025550143", "+1 202-555-0143 (WA)")
	members := []id.UserID{p.ghost.UserID, w.owner.cli.UserID}
	ge.send(p.room, members, scamScript[0].text)
	got := w.waitWarnings(1, 30*time.Second)
	if !strings.Contains(got[0].body, "Marco") {
		t.Errorf("the warning does not quote the decrypted opener:\n%s", got[0].body)
	}
	if !got[0].encrypted {
		t.Errorf("the warning DM is not encrypted")
	}
	// Restart with the crypto store kept: still decrypts, no duplicate.
	w.stop()
	ge.sync(0)
	ge.send(p.room, members, scamScript[2].text)
	w.start(cfg)
	ge.sync(0)
	ge.send(p.room, members, scamScript[3].text)
	w.waitWarnings(2, 30*time.Second)
	w.noMoreWarnings(2)
	w.toDeviceBarrier(ge)
	if sent := ge.fromUser(w.owner.cli.UserID); len(sent) > 0 {
		t.Errorf("the sender's devices got to-device messages from the owner's account: %v", sent)
	}
}

func TestEncryptedNativeDM(t *testing.T) {
	w := encryptedWorld(t)
	w.start(w.configWithMatrix(encryptionConfig))
	ctx := context.Background()
	mallory := w.hs.User(t, "mallory", "Mallory")
	me := newE2EE(t, mallory)
	empty := ""
	inv, err := mallory.CreateRoom(ctx, &mautrix.ReqCreateRoom{Preset: "trusted_private_chat", IsDirect: true,
		Topic:  "Hi Marco, is our meeting at 5 still on? As agreed yesterday",
		Invite: []id.UserID{w.owner.cli.UserID},
		InitialState: []*event.Event{{Type: event.StateEncryption, StateKey: &empty,
			Content: event.Content{Parsed: &event.EncryptionEventContent{Algorithm: id.AlgorithmMegolmV1}}}}})
	if err != nil {
		t.Fatal(err)
	}
	w.waitWarnings(1, 30*time.Second)
	// The owner looks at it from their own client; the stranger goes on.
	if _, err := w.owner.cli.JoinRoomByID(ctx, inv.RoomID); err != nil {
		t.Fatal(err)
	}
	me.sync(0)
	me.send(inv.RoomID, []id.UserID{mallory.UserID, w.owner.cli.UserID}, "Sorry, wrong person! Nice to meet you anyway. My uncle is a crypto analyst, I made 30% last week, add me on WhatsApp")
	got := w.waitWarnings(2, 30*time.Second)
	if !strings.Contains(got[1].body, "WhatsApp") {
		t.Errorf("the escalation does not quote the decrypted pivot:\n%s", got[1].body)
	}
	w.settle()
	w.toDeviceBarrier(me)
	if sent := me.fromUser(w.owner.cli.UserID); len(sent) > 0 {
		t.Errorf("the stranger's devices got to-device messages from the owner's account: %v", sent)
	}
}

// A message whose key SilentGuard's device lacks at first: the sender
// withholds it; SilentGuard asks only the owner's own devices, gets the
// key from the owner's client, decrypts and warns. The sender's devices
// receive nothing from the owner's account.
func neverActsEncrypted(t *testing.T) {
	w := encryptedWorld(t)
	w.start(w.configWithMatrix(encryptionConfig))
	p, ge := w.encryptedPortal("whatsapp_12025550143", "+1 202-555-0143 (WA)")
	ctx := context.Background()
	// The sender's device withholds the room key from SilentGuard's device.
	devices, err := ge.mach.FetchKeys(ctx, []id.UserID{w.owner.cli.UserID}, true)
	if err != nil {
		t.Fatal(err)
	}
	blocked := 0
	for devID, dev := range devices[w.owner.cli.UserID] {
		if devID != w.owner.cli.DeviceID {
			dev.Trust = id.TrustStateBlacklisted
			ge.mach.CryptoStore.PutDevice(ctx, w.owner.cli.UserID, dev)
			blocked++
		}
	}
	if blocked != 1 {
		t.Fatalf("expected exactly SilentGuard's device besides the owner's client, got %d", blocked)
	}
	ge.send(p.room, []id.UserID{p.ghost.UserID, w.owner.cli.UserID}, scamScript[0].text)
	// The owner's client answers SilentGuard's key request.
	deadline := time.Now().Add(45 * time.Second)
	for len(w.owner.warnings()) < 1 {
		w.owner.poll(w.botID)
		ge.sync(0)
		if time.Now().After(deadline) {
			t.Fatal("the late key never made SilentGuard warn")
		}
		time.Sleep(100 * time.Millisecond)
	}
	if !strings.Contains(w.owner.warnings()[0].body, "Marco") {
		t.Errorf("warning:\n%s", w.owner.warnings()[0].body)
	}
	// Whatever SilentGuard would do, it has done; then everything it sent
	// to the sender's device has arrived.
	w.settle()
	w.stop()
	w.toDeviceBarrier(ge)
	if sent := ge.fromUser(w.owner.cli.UserID); len(sent) > 0 {
		t.Errorf("the sender's devices got to-device messages from the owner's account: %v", sent)
	}
	// Nothing from the owner's account in the room either.
	msgs, err := p.ghost.Messages(ctx, p.room, "", "", mautrix.DirectionBackward, nil, 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, evt := range msgs.Chunk {
		if evt.Sender == w.owner.cli.UserID && evt.ID != p.ownerJoin {
			t.Errorf("the owner's account sent %s into the watched room", evt.Type.Type)
		}
	}
	var raw []string
	for _, evt := range msgs.Chunk {
		if evt.Sender == w.botID {
			raw = append(raw, evt.Type.Type)
		}
	}
	if len(raw) > 0 {
		t.Errorf("the bot wrote into the watched room: %v", raw)
	}
}

// BenchmarkEncryptedLatency measures, on the local Dendrite, (1) the time
// from SilentGuard's start to the warning for an encrypted opener that
// arrived while it was down, and (2) the send-to-warning latency of 50
// encrypted openers, to compare with BenchmarkWarningLatency (plain).
// Run with -benchtime=1x.
func BenchmarkEncryptedLatency(b *testing.B) {
	const conversations = 50
	for range b.N {
		w := newWorld(b)
		w.logLevel = zerolog.WarnLevel
		oe := newE2EE(b, w.owner.cli)
		w.owner.e2ee = oe
		w.owner.poll(w.botID)
		cfg := w.configWithMatrix(encryptionConfig)
		w.start(cfg)
		p, ge := w.encryptedPortal("whatsapp_12025550100", "+1 202-555-0100 (WA)")
		members := []id.UserID{p.ghost.UserID, w.owner.cli.UserID}
		w.waitSeen(ge.send(p.room, members, "hello"))
		w.stop()
		ge.send(p.room, members, scamScript[0].text)
		start := time.Now()
		w.start(cfg)
		for len(w.owner.warnings()) < 1 {
			w.owner.longPoll(w.botID, 5*time.Second)
			if time.Since(start) > time.Minute {
				b.Fatal("no warning after start")
			}
		}
		b.ReportMetric(float64(time.Since(start).Milliseconds()), "start-to-warning-ms")
		lat := make([]time.Duration, 0, conversations)
		for i := range conversations {
			p, ge := w.encryptedPortal(fmt.Sprintf("whatsapp_1202555%04d", 2000+i), "+1 202-555-"+strconv.Itoa(2000+i)+" (WA)")
			t0 := time.Now()
			ge.send(p.room, []id.UserID{p.ghost.UserID, w.owner.cli.UserID}, scamScript[0].text)
			for len(w.owner.warnings()) < i+2 {
				w.owner.longPoll(w.botID, 5*time.Second)
				if time.Since(t0) > 30*time.Second {
					b.Fatalf("conversation %d: no warning", i)
				}
			}
			lat = append(lat, time.Since(t0))
		}
		sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
		b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds())/1000, "p95-ms")
		w.stop()
	}
}

func TestRecoveryKeyCrossSignsTheDevice(t *testing.T) {
	w := encryptedWorld(t)
	ctx := context.Background()
	oe := w.owner.e2ee.(*e2ee)
	recoveryKey, _, err := oe.mach.GenerateAndUploadCrossSigningKeysWithPassword(ctx, w.ownerPW, "")
	if err != nil {
		t.Fatalf("set up cross-signing for the owner: %v", err)
	}
	t.Setenv("SG_TEST_RECOVERY_KEY", recoveryKey)
	w.start(w.configFull(encryptionConfig, `recovery_key = "env:SG_TEST_RECOVERY_KEY"`))
	for _, u := range w.app.Matrix.Unreadable("laura") {
		if strings.Contains(u, "cross-signed") {
			t.Errorf("status still says: %s", u)
		}
	}
	devices, err := oe.mach.FetchKeys(ctx, []id.UserID{w.owner.cli.UserID}, true)
	if err != nil {
		t.Fatal(err)
	}
	verified := 0
	for devID, dev := range devices[w.owner.cli.UserID] {
		if devID == w.owner.cli.DeviceID {
			continue
		}
		if trust, _ := oe.mach.ResolveTrustContext(ctx, dev); trust >= id.TrustStateCrossSignedVerified {
			verified++
		} else {
			t.Errorf("SilentGuard's device %s has trust %s, want cross-signed verified", devID, trust)
		}
	}
	if verified != 1 {
		t.Errorf("verified SilentGuard devices: %d", verified)
	}
	for _, l := range strings.Split(readLog(t, w), "\n") {
		if strings.Contains(l, recoveryKey) {
			t.Fatal("the recovery key appears in the log")
		}
	}
}

func TestWithoutRecoveryKeyStatusSaysSo(t *testing.T) {
	w := encryptedWorld(t)
	w.start(w.configWithMatrix(encryptionConfig))
	found := false
	for _, u := range w.app.Matrix.Unreadable("laura") {
		found = found || strings.Contains(u, "not cross-signed")
	}
	if !found {
		t.Errorf("status does not say the device is not cross-signed: %v", w.app.Matrix.Unreadable("laura"))
	}
}

// encryptedNeverActTests also check that nothing reaches the sender's
// devices (to-device messages).
var encryptedNeverActTests = []string{"TestEncryptedPortal", "TestEncryptedNativeDM"}
