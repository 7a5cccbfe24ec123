package matrix_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"
)

func TestEditsMediaAndInvitedOnlyPortals(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	w.owner.poll(w.botID)
	w.start(w.config(""))
	p := w.portal("whatsapp_12025550143", "+1 202-555-0143 (WA)", "whatsapp", "dm")
	// A photo with a harmless caption, then a text edited into an opener.
	// (Not "Hello": a greeting alone after an unanswered photo is a
	// ping, opener.chases_reply.)
	_, err := p.ghost.SendMessageEvent(ctx, p.room, event.EventMessage, &event.MessageEventContent{
		MsgType: event.MsgImage, Body: "look at this", FileName: "IMG_0001.jpg", URL: "mxc://localhost/abc"})
	if err != nil {
		t.Fatal(err)
	}
	orig := p.say(t, "Taken this morning from the ferry")
	w.noMoreWarnings(0)
	_, err = p.ghost.SendMessageEvent(ctx, p.room, event.EventMessage, &event.MessageEventContent{
		MsgType: event.MsgText, Body: "* " + scamScript[0].text,
		NewContent: &event.MessageEventContent{MsgType: event.MsgText, Body: scamScript[0].text},
		RelatesTo:  &event.RelatesTo{Type: event.RelReplace, EventID: orig},
	})
	if err != nil {
		t.Fatal(err)
	}
	got := w.waitWarnings(1, 30*time.Second)
	if !strings.Contains(got[0].body, "Marco") {
		t.Errorf("the edit was not judged:\n%s", got[0].body)
	}
	// The sender deletes the opener: recorded, no new warning.
	if _, err := p.ghost.RedactEvent(ctx, p.room, orig); err != nil {
		t.Fatal(err)
	}
	// A portal the owner is only invited to (no double puppeting).
	ghost := w.hs.User(t, "signal_0e6f7c1a-2b3d-4e5f-8a9b-0c1d2e3f4a5b", "+44 7700 900123")
	sk := "localhost/signal"
	st := map[string]any{"bridgebot": w.bridge.UserID, "protocol": map[string]any{"id": "signal"},
		"channel": map[string]any{"id": "x"}, "com.beeper.room_type.v2": "dm"}
	_, err = w.bridge.CreateRoom(ctx, &mautrix.ReqCreateRoom{Preset: "private_chat", IsDirect: true,
		Invite:       []id.UserID{ghost.UserID, w.owner.cli.UserID},
		InitialState: []*event.Event{{Type: event.StateBridge, StateKey: &sk, Content: event.Content{Raw: st}}}})
	if err != nil {
		t.Fatal(err)
	}
	w.waitFor("the invited-only portal in !status", 30*time.Second, func() bool {
		return strings.Contains(strings.Join(w.app.Matrix.Unreadable("laura"), "\n"), "only invited")
	})
	before := len(w.owner.messages())
	if _, err := w.owner.cli.SendText(ctx, got[0].room, "!status"); err != nil {
		t.Fatal(err)
	}
	var status string
	w.waitFor("the status answer", 20*time.Second, func() bool {
		w.owner.poll(w.botID)
		msgs := w.owner.messages()
		if len(msgs) > before {
			status = msgs[len(msgs)-1].body
			return true
		}
		return false
	})
	if strings.Count(status, "only invited") != 1 {
		t.Errorf("!status does not report the invited-only portal:\n%s", status)
	}
	w.noMoreWarnings(1)
}

// TestOpenerBuriedWhileDownIsWarned: a sync sends only a room's newest
// timeline events (10 to 20 on Dendrite), so an opener followed by 25
// more messages while SilentGuard was down is seen only if SilentGuard
// reads the gap back, in a room it knew and in a portal made meanwhile.
func TestOpenerBuriedWhileDownIsWarned(t *testing.T) {
	for _, known := range []bool{true, false} {
		t.Run(map[bool]string{true: "known room", false: "new portal"}[known], func(t *testing.T) {
			w := newWorld(t)
			w.owner.poll(w.botID)
			cfg := w.config("")
			w.start(cfg)
			var p *portal
			if known {
				p = w.portal("whatsapp_12025550143", "+1 202-555-0143 (WA)", "whatsapp", "dm")
				w.waitSeen(p.say(t, "Hello"))
			}
			w.stop()
			if !known {
				p = w.portal("whatsapp_12025550143", "+1 202-555-0143 (WA)", "whatsapp", "dm")
			}
			p.say(t, scamScript[0].text)
			for i := range 25 {
				p.say(t, fmt.Sprintf("ok %d", i+1))
			}
			w.start(cfg)
			got := w.waitWarnings(1, 30*time.Second)
			if !strings.Contains(got[0].body, "Marco") {
				t.Errorf("the warning does not quote the buried opener:\n%s", got[0].body)
			}
			w.noMoreWarnings(1)
		})
	}
}
