package matrix

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/detectors"
)

// testConv converts for @laura:localhost, whose warnings come from
// @silentguard:localhost.
var testConv = msgconv{ownerID: "laura", me: "@laura:localhost", bots: map[id.UserID]bool{"@silentguard:localhost": true}, country: "IT"}

// testEvent reads one event as a sync hands it over.
func testEvent(t *testing.T, raw string) *event.Event {
	t.Helper()
	var evt event.Event
	if err := json.Unmarshal([]byte(raw), &evt); err != nil {
		t.Fatalf("%v: %s", err, raw)
	}
	return &evt
}

// testPortal is a DM of the owner with ghost, bridged from protocol (a
// native Matrix DM when protocol is ""); bridge adds bridgev2's channel
// fields.
func testPortal(t *testing.T, protocol, ghost, name, channel string) *room {
	t.Helper()
	r := newRoom("!dm:localhost", "localhost")
	member := `{"type":"m.room.member","state_key":%q,"sender":%q,"content":{"membership":"join","displayname":%q}}`
	r.apply(testEvent(t, fmt.Sprintf(member, "@laura:localhost", "@laura:localhost", "Laura")))
	r.apply(testEvent(t, fmt.Sprintf(member, ghost, ghost, name)))
	if protocol != "" {
		bridgeBot := "@" + protocol + "bot:localhost"
		r.apply(testEvent(t, fmt.Sprintf(member, bridgeBot, bridgeBot, "bridge")))
		r.apply(testEvent(t, fmt.Sprintf(`{"type":"m.bridge","state_key":"localhost/%s","sender":%q,"content":{"bridgebot":%q,"protocol":{"id":%q},"channel":{"id":"1"%s},"com.beeper.room_type.v2":"dm"}}`,
			protocol, bridgeBot, bridgeBot, protocol, channel)))
	}
	return r
}

const (
	waGhost = "@whatsapp_12025550143:localhost"
	ts      = int64(1778145120000) // 2026-05-07T09:12:00Z
)

// msgEvent is a timeline event of type typ from sender with content.
func msgEvent(sender, typ, content string) string {
	return fmt.Sprintf(`{"type":%q,"event_id":"$e1","sender":%q,"origin_server_ts":%d,"content":%s}`, typ, sender, ts, content)
}

// Conversion of every kind of timeline event, without a homeserver: what
// becomes a turn, with which text, media, edit or deletion, and what the
// room tells about the sender.
func TestMessageConversion(t *testing.T) {
	wa := func(t *testing.T) *room { return testPortal(t, "whatsapp", waGhost, "+1 202-555-0143 (WA)", "") }
	waSender := bot.Sender{ID: waGhost, Phone: "+12025550143", DisplayName: "+1 202-555-0143 (WA)",
		Network: detectors.NetworkWhatsApp, Bridged: true, OwnerJoined: true}
	for _, c := range []struct {
		name  string
		room  func(t *testing.T) *room
		event string
		want  bot.Message // Platform, Owner, ConversationKey, EventID and At are checked for all
		skip  bool        // not a turn
	}{
		{name: "text", room: wa, event: msgEvent(waGhost, "m.room.message", `{"msgtype":"m.text","body":"Hi Marco"}`),
			want: bot.Message{Sender: waSender, Text: "Hi Marco"}},
		{name: "emote", room: wa, event: msgEvent(waGhost, "m.room.message", `{"msgtype":"m.emote","body":"waves"}`),
			want: bot.Message{Sender: waSender, Text: "waves"}},
		{name: "notice from a ghost", room: wa, event: msgEvent(waGhost, "m.room.message", `{"msgtype":"m.notice","body":"Your code is 1234"}`),
			want: bot.Message{Sender: waSender, Text: "Your code is 1234"}},
		{name: "location", room: wa, event: msgEvent(waGhost, "m.room.message", `{"msgtype":"m.location","body":"Via Roma 1","geo_uri":"geo:45.4,9.1"}`),
			want: bot.Message{Sender: waSender, Text: "Via Roma 1"}},
		{name: "photo with a caption", room: wa, event: msgEvent(waGhost, "m.room.message", `{"msgtype":"m.image","body":"look at this","filename":"IMG_1.jpg","url":"mxc://localhost/a"}`),
			want: bot.Message{Sender: waSender, Media: detectors.MediaPhoto, Text: "look at this"}},
		{name: "photo without a caption", room: wa, event: msgEvent(waGhost, "m.room.message", `{"msgtype":"m.image","body":"IMG_1.jpg","url":"mxc://localhost/a"}`),
			want: bot.Message{Sender: waSender, Media: detectors.MediaPhoto}},
		{name: "voice message", room: wa, event: msgEvent(waGhost, "m.room.message", `{"msgtype":"m.audio","body":"Voice message","url":"mxc://localhost/a","org.matrix.msc3245.voice":{}}`),
			want: bot.Message{Sender: waSender, Media: detectors.MediaVoice}},
		{name: "audio file", room: wa, event: msgEvent(waGhost, "m.room.message", `{"msgtype":"m.audio","body":"song.mp3","url":"mxc://localhost/a"}`),
			want: bot.Message{Sender: waSender, Media: detectors.MediaFile}},
		{name: "video", room: wa, event: msgEvent(waGhost, "m.room.message", `{"msgtype":"m.video","body":"VID.mp4","url":"mxc://localhost/a"}`),
			want: bot.Message{Sender: waSender, Media: detectors.MediaVideo}},
		{name: "contact card", room: wa, event: msgEvent(waGhost, "m.room.message", `{"msgtype":"m.file","body":"Amy.vcf","filename":"Amy.vcf","url":"mxc://localhost/a"}`),
			want: bot.Message{Sender: waSender, Media: detectors.MediaContact}},
		{name: "contact card by type", room: wa, event: msgEvent(waGhost, "m.room.message", `{"msgtype":"m.file","body":"card","url":"mxc://localhost/a","info":{"mimetype":"text/vcard"}}`),
			want: bot.Message{Sender: waSender, Media: detectors.MediaContact}},
		{name: "sticker", room: wa, event: msgEvent(waGhost, "m.sticker", `{"body":"a cat","url":"mxc://localhost/a"}`),
			want: bot.Message{Sender: waSender, Media: detectors.MediaSticker}},
		{name: "edit", room: wa, event: msgEvent(waGhost, "m.room.message", `{"msgtype":"m.text","body":"* Hi Marco","m.new_content":{"msgtype":"m.text","body":"Hi Marco"},"m.relates_to":{"rel_type":"m.replace","event_id":"$orig"}}`),
			want: bot.Message{Sender: waSender, Text: "Hi Marco", EditOf: "$orig"}},
		{name: "edit without new content", room: wa, event: msgEvent(waGhost, "m.room.message", `{"msgtype":"m.text","body":"* Hi Marco","m.relates_to":{"rel_type":"m.replace","event_id":"$orig"}}`),
			want: bot.Message{Sender: waSender, Text: "Hi Marco", EditOf: "$orig"}},
		{name: "reply is a turn", room: wa, event: msgEvent(waGhost, "m.room.message", `{"msgtype":"m.text","body":"yes","m.relates_to":{"m.in_reply_to":{"event_id":"$orig"}}}`),
			want: bot.Message{Sender: waSender, Text: "yes"}},
		{name: "deletion", room: wa, event: `{"type":"m.room.redaction","event_id":"$e1","sender":"` + waGhost + `","origin_server_ts":1778145120000,"redacts":"$orig","content":{}}`,
			want: bot.Message{Sender: waSender, Redacts: "$orig"}},
		{name: "deletion in a v11 room", room: wa, event: msgEvent(waGhost, "m.room.redaction", `{"redacts":"$orig"}`),
			want: bot.Message{Sender: waSender, Redacts: "$orig"}},
		{name: "the owner's own message", room: wa, event: msgEvent("@laura:localhost", "m.room.message", `{"msgtype":"m.text","body":"Sorry, wrong number"}`),
			want: bot.Message{Sender: waSender, Text: "Sorry, wrong number", FromOwner: true}},
		{name: "WhatsApp LID is no phone",
			room: func(t *testing.T) *room {
				return testPortal(t, "whatsapp", "@whatsapp_lid-123456789012345:localhost", "Amy (WA)", "")
			},
			event: msgEvent("@whatsapp_lid-123456789012345:localhost", "m.room.message", `{"msgtype":"m.text","body":"Hi"}`),
			want: bot.Message{Text: "Hi", Sender: bot.Sender{ID: "@whatsapp_lid-123456789012345:localhost", DisplayName: "Amy (WA)",
				Network: detectors.NetworkWhatsApp, Bridged: true, OwnerJoined: true}}},
		{name: "Signal message request",
			room: func(t *testing.T) *room {
				return testPortal(t, "signal", "@signal_5b7a0c1e:localhost", "Amy", `,"com.beeper.message_request":true`)
			},
			event: msgEvent("@signal_5b7a0c1e:localhost", "m.room.message", `{"msgtype":"m.text","body":"Hi"}`),
			want: bot.Message{Text: "Hi", Sender: bot.Sender{ID: "@signal_5b7a0c1e:localhost", DisplayName: "Amy",
				Network: detectors.NetworkSignal, Bridged: true, MessageRequest: true, OwnerJoined: true}}},
		{name: "Google Chat is not Google Messages",
			room: func(t *testing.T) *room {
				return testPortal(t, "googlechat", "@googlechat_1:localhost", "Amy", "")
			},
			event: msgEvent("@googlechat_1:localhost", "m.room.message", `{"msgtype":"m.text","body":"Hi"}`),
			want: bot.Message{Text: "Hi", Sender: bot.Sender{ID: "@googlechat_1:localhost", DisplayName: "Amy",
				Network: detectors.NetworkGoogleChat, Bridged: true, OwnerJoined: true}}},
		{name: "native Matrix DM",
			room:  func(t *testing.T) *room { return testPortal(t, "", "@amy:evil.org", "Amy", "") },
			event: msgEvent("@amy:evil.org", "m.room.message", `{"msgtype":"m.text","body":"Hi"}`),
			want: bot.Message{Text: "Hi", Sender: bot.Sender{ID: "@amy:evil.org", DisplayName: "Amy",
				Network: detectors.NetworkMatrix, OwnerJoined: true}}},
		{name: "reaction", room: wa, skip: true,
			event: msgEvent(waGhost, "m.reaction", `{"m.relates_to":{"rel_type":"m.annotation","event_id":"$orig","key":"👍"}}`)},
		{name: "unknown msgtype", room: wa, skip: true, event: msgEvent(waGhost, "m.room.message", `{"msgtype":"org.example.poll","body":"?"}`)},
		{name: "empty text", room: wa, skip: true, event: msgEvent(waGhost, "m.room.message", `{"msgtype":"m.text","body":""}`)},
		{name: "deletion of nothing", room: wa, skip: true, event: msgEvent(waGhost, "m.room.redaction", `{}`)},
		{name: "typing", room: wa, skip: true, event: msgEvent(waGhost, "m.typing", `{"user_ids":[]}`)},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, ok := testConv.message(c.room(t), testEvent(t, c.event), true)
			if ok == c.skip {
				t.Fatalf("turn = %v, want %v: %+v", ok, !c.skip, got)
			}
			if c.skip {
				return
			}
			want := c.want
			want.Platform, want.Owner, want.ConversationKey, want.EventID = Platform, "laura", "!dm:localhost", "$e1"
			want.At, want.Quiet = time.UnixMilli(ts), true
			if !got.At.Equal(want.At) {
				t.Errorf("at %v, want %v", got.At, want.At)
			}
			got.At = want.At
			if got != want {
				t.Errorf("got  %+v\nwant %+v", got, want)
			}
		})
	}
}

// The bridge's bot and SilentGuard's bots write notices and warnings, not
// turns; the ghost and the owner do.
func TestNoticesAreNotTurns(t *testing.T) {
	r := testPortal(t, "whatsapp", waGhost, "Amy (WA)", "")
	for sender, want := range map[id.UserID]bool{
		"@whatsappbot:localhost": true, "@silentguard:localhost": true, waGhost: false, "@laura:localhost": false,
	} {
		if got := testConv.notices(r, &event.Event{Sender: sender}); got != want {
			t.Errorf("notices(%s) = %v, want %v", sender, got, want)
		}
	}
}
