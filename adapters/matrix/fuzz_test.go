package matrix

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/detectors"
)

// FuzzFillContent: any event content converts to a core message or is
// skipped, never a panic. The text is valid UTF-8 and is one of the
// content's strings (never longer than the longest), and a message that
// is a turn carries text or a known media kind.
func FuzzFillContent(f *testing.F) {
	for _, s := range []string{
		`{"msgtype":"m.text","body":"Hi Marco, are we still on for coffee at the usual place at 5?"}`,
		`{"msgtype":"m.notice","body":"Ciao mamma, questo è il mio nuovo numero 😘"}`,
		`{"msgtype":"m.emote","body":"waves","format":"org.matrix.custom.html","formatted_body":"<b>waves</b>"}`,
		`{"msgtype":"m.image","body":"Look at my new car!","filename":"IMG_0001.jpg","info":{"mimetype":"image/jpeg","size":1234}}`,
		`{"msgtype":"m.image","body":"IMG_0001.jpg","filename":"IMG_0001.jpg"}`,
		`{"msgtype":"m.audio","body":"Voice message","filename":"voice.ogg","org.matrix.msc3245.voice":{}}`,
		`{"msgtype":"m.audio","body":"song.mp3"}`,
		`{"msgtype":"m.video","body":"","filename":"v.mp4"}`,
		`{"msgtype":"m.file","body":"Amy.vcf","filename":"Amy.vcf","info":{"mimetype":"text/vcard"}}`,
		`{"msgtype":"m.location","body":"Piazza del Duomo","geo_uri":"geo:45.46,9.19"}`,
		`{"msgtype":"m.text","body":"* Hi Mark","m.new_content":{"msgtype":"m.text","body":"Hi Mark"},"m.relates_to":{"rel_type":"m.replace","event_id":"$abc"}}`,
		`{"msgtype":"m.text","body":"* fixed","m.relates_to":{"rel_type":"m.replace","event_id":"$abc"}}`,
		`{"msgtype":"m.text","body":"> <@a:b> quoted\n\nreply","m.relates_to":{"m.in_reply_to":{"event_id":"$q"}}}`,
		`{"body":"no msgtype"}`,
		`{"msgtype":"m.text","body":"\ud800 lone surrogate \u0000 nul"}`,
		`{"msgtype":"m.text","BODY":"case","body":"dup","body":"last"}`,
		`{"msgtype":"m.text","body":5}`,
		`{"msgtype":"m.key.verification.request","body":"verify"}`,
		"{\"msgtype\":\"m.text\",\"body\":\"\xff\xfe invalid\"}",
		`[]`,
		`null`,
		``,
	} {
		f.Add([]byte(s), false)
	}
	f.Add([]byte(`{"body":"sticker","url":"mxc://a/b","info":{}}`), true)
	f.Fuzz(func(t *testing.T, raw []byte, sticker bool) {
		evt := &event.Event{Type: event.EventMessage, Content: event.Content{VeryRaw: raw}}
		if sticker {
			evt.Type = event.EventSticker
		}
		var msg bot.Message
		ok := fillContent(&msg, evt)
		if !utf8.ValidString(msg.Text) {
			t.Fatalf("text is not UTF-8: %q", msg.Text)
		}
		if longest := longestString(raw); len(msg.Text) > longest {
			t.Fatalf("text of %d bytes from content whose longest string has %d", len(msg.Text), longest)
		}
		if !ok {
			return
		}
		if msg.Text == "" && msg.Media == "" {
			t.Fatal("a turn with neither text nor media")
		}
		switch msg.Media {
		case detectors.MediaNone, detectors.MediaPhoto, detectors.MediaVoice, detectors.MediaVideo,
			detectors.MediaSticker, detectors.MediaContact, detectors.MediaFile:
		default:
			t.Fatalf("unknown media %q", msg.Media)
		}
		if msg.Sender != (bot.Sender{}) || msg.FromOwner || msg.EventID != "" || msg.Redacts != "" {
			t.Fatalf("content conversion set more than text, media and edit: %+v", msg)
		}
	})
}

// longestString is the length of the longest string anywhere in a JSON
// value, as Go decodes it (invalid UTF-8 becomes U+FFFD); 0 when raw is
// not JSON.
func longestString(raw []byte) int {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return 0
	}
	var walk func(any) int
	walk = func(v any) int {
		n := 0
		switch v := v.(type) {
		case string:
			n = len(v)
		case []any:
			for _, e := range v {
				n = max(n, walk(e))
			}
		case map[string]any:
			for k, e := range v {
				n = max(n, len(k), walk(e))
			}
		}
		return n
	}
	return walk(v)
}

// FuzzGhost: reading a bridge ghost's ID and display name never panics.
// A phone number it finds is E.164 that parses back to itself; only
// WhatsApp ghost IDs are read as numbers, other networks' only from a
// display name that is a bare number. A bridge user is on the owner's
// homeserver, and network names are canonical.
func FuzzGhost(f *testing.F) {
	for _, s := range []struct{ network, user, display, country, home string }{
		{"whatsapp", "@whatsapp_12025550143:localhost", "Amy (WA)", "IT", "localhost"},
		{"whatsapp", "@whatsapp_lid-123456789012345:localhost", "+44 7700 900123 (WA)", "IT", "localhost"},
		{"whatsapp", "@whatsapp_lid-1:localhost", "333 123 4567 (WA)", "IT", "localhost"},
		{"signal", "@signal_5b7a0c1e-4c52-4c1f-9a55-1f3b1f9d2a10:localhost", "+44 7700 900123", "GB", "localhost"},
		{"signal", "@signal_12025550143:localhost", "Amy", "US", "localhost"},
		{"telegram", "@telegram_5123456789:localhost", "Juan (Telegram)", "US", "localhost"},
		{"gmessages", "@gmessages_1.42:localhost", "+1 202-555-0143", "IT", "localhost"},
		{"sms", "@sms_+12025550143:example.org", "(202) 555-0143 (SMS)", "US", "example.org"},
		{"WhatsApp", "@whatsappbot:localhost", "WhatsApp bridge bot", "", "localhost"},
		{"whatsapp", "@whatsapp_1:evil.org", "+1 202 555 0143", "ZZ", "localhost"},
		{"", "@whatsapp_123456789012345678901234567890:localhost", "+++ --- ()", "IT", ""},
		{"whatsapp", "@whatsapp_:localhost", " (WA) (WA)", "it", "localhost"},
		{"googlechat", "whatsapp_123", "\xff\xfe (SMS)", "\xff", "\xff"},
		{"", "@:", "", "", ":"},
	} {
		f.Add(s.network, s.user, s.display, s.country, s.home)
	}
	f.Fuzz(func(t *testing.T, protocol, user, display, country, home string) {
		uid := id.UserID(user)
		network := detectors.ParseNetwork(protocol)
		if p := phoneFromGhost(network, uid, display, country); p != "" {
			if !strings.HasPrefix(p, "+") || len(p) < 3 || len(p) > 18 || strings.Trim(p[1:], "0123456789") != "" {
				t.Fatalf("phone %q is not E.164", p)
			}
			if again, ok := parsePhone(p, country); !ok || again != p {
				t.Fatalf("phone %q does not parse back: %q", p, again)
			}
			if _, bare := bareNumber(display, country); !bare && !phoneIDNetworks[network] {
				t.Fatalf("a %q ghost's id read as phone %q", network, p)
			}
		}
		if n, ok := bridgeUser(uid, home); ok {
			if home == "" || uid.Homeserver() != home {
				t.Fatalf("%q counted as a bridge of %q", user, home)
			}
			if n == "" || detectors.ParseNetwork(string(n)) != n {
				t.Fatalf("bridge network %q is not canonical", n)
			}
		}
		if detectors.ParseNetwork(string(network)) != network {
			t.Fatalf("ParseNetwork(%q) = %q, not canonical", protocol, network)
		}
	})
}

// FuzzBridgeState: any m.bridge content from any sender folds into a room
// without a panic, and makes it a portal only when the sender and the
// bridge bot it names are on the owner's homeserver.
func FuzzBridgeState(f *testing.F) {
	for _, s := range []struct {
		content, sender string
	}{
		{`{"bridgebot":"@whatsappbot:localhost","protocol":{"id":"whatsapp","displayname":"WhatsApp"},"channel":{"id":"1"},"com.beeper.room_type.v2":"dm"}`, "@whatsappbot:localhost"},
		{`{"bridgebot":"@signalbot:localhost","protocol":{"id":"signal"},"channel":{"id":"x","com.beeper.message_request":true},"com.beeper.room_type":"dm"}`, "@signalbot:localhost"},
		{`{"bridgebot":"@mallory:evil.org","protocol":{"id":"whatsapp"}}`, "@whatsappbot:localhost"},
		{`{"bridgebot":"@whatsappbot:localhost","protocol":{"id":"whatsapp"}}`, "@mallory:evil.org"},
		{`{"protocol":{"id":""}}`, "@whatsappbot:localhost"},
		{`{"protocol":{"id":"GoogleChat"},"com.beeper.room_type.v2":"group_dm"}`, "@bot:localhost"},
		{`{"protocol":"whatsapp"}`, "@bot:localhost"},
		{`{"bridgebot":5}`, "@bot:localhost"},
		{`not json`, ""},
	} {
		f.Add([]byte(s.content), s.sender, false)
	}
	f.Add([]byte(`{"bridgebot":"@telegrambot:localhost","protocol":{"id":"telegram"}}`), "@telegrambot:localhost", true)
	const home = "localhost"
	owner := id.UserID("@laura:localhost")
	f.Fuzz(func(t *testing.T, content []byte, sender string, halfShot bool) {
		r := newRoom("!r:localhost", home)
		r.members[owner] = member{membership: event.MembershipJoin}
		r.members["@whatsapp_12025550143:localhost"] = member{membership: event.MembershipJoin, displayName: "Amy (WA)"}
		sk := "localhost/bridge"
		evt := &event.Event{Type: event.StateBridge, StateKey: &sk, Sender: id.UserID(sender), Content: event.Content{VeryRaw: content}}
		if halfShot {
			evt.Type = event.StateHalfShotBridge
		}
		r.apply(evt)
		if r.bridge != nil {
			if evt.Sender.Homeserver() != home || r.bridge.BridgeBot != "" && r.bridge.BridgeBot.Homeserver() != home {
				t.Fatalf("bridge state from %q naming %q made a portal", sender, r.bridge.BridgeBot)
			}
			if r.bridge.Protocol.ID == "" {
				t.Fatal("a portal without a protocol")
			}
		}
		if n := r.network(); n == "" || detectors.ParseNetwork(string(n)) != n {
			t.Fatalf("network %q", n)
		}
		switch k := r.kind(owner, false, nil); k {
		case "dm", "group", "":
		default:
			t.Fatalf("kind %q", k)
		}
		_ = r.messageRequest()
	})
}
