package matrix

import (
	"strings"
	"testing"

	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/bot/notify"
	"github.com/silentguard/silentguard/bot/warntext"
	"github.com/silentguard/silentguard/detectors"
)

func TestPhoneFromGhost(t *testing.T) {
	for _, c := range []struct {
		name    string
		network detectors.Network
		user    id.UserID
		display string
		country string
		want    string
	}{
		{"whatsapp id", "whatsapp", "@whatsapp_12025550143:localhost", "Amy (WA)", "IT", "+12025550143"},
		{"whatsapp id and number name", "whatsapp", "@whatsapp_12025550143:localhost", "+1 202-555-0143 (WA)", "IT", "+12025550143"},
		{"whatsapp home number", "whatsapp", "@whatsapp_393331234567:localhost", "Mamma (WA)", "IT", "+393331234567"},
		{"whatsapp lid, named", "whatsapp", "@whatsapp_lid-123456789012345:localhost", "Amy (WA)", "IT", ""},
		{"whatsapp lid, number name", "whatsapp", "@whatsapp_lid-123456789012345:localhost", "+44 7700 900123 (WA)", "IT", "+447700900123"},
		{"whatsapp lid, masked number", "whatsapp", "@whatsapp_lid-123456789012345:localhost", "+44 7700 ••••23 (WA)", "IT", ""},
		{"local number name", "whatsapp", "@whatsapp_lid-1:localhost", "333 123 4567 (WA)", "IT", "+393331234567"},
		{"signal uuid, named", "signal", "@signal_5b7a0c1e-4c52-4c1f-9a55-1f3b1f9d2a10:localhost", "Amy", "IT", ""},
		{"signal uuid, number name", "signal", "@signal_5b7a0c1e-4c52-4c1f-9a55-1f3b1f9d2a10:localhost", "+44 7700 900123", "IT", "+447700900123"},
		{"signal digits are no phone", "signal", "@signal_12025550143:localhost", "Amy", "IT", ""},
		{"telegram user id", "telegram", "@telegram_5123456789:localhost", "Juan", "IT", ""},
		{"telegram user id, number-like", "telegram", "@telegram_5123456789:localhost", "Juan (Telegram)", "US", ""},
		{"instagram id", "instagram", "@instagram_17841400000000000:localhost", "amy.travels", "IT", ""},
		{"instagram short id", "instagram", "@instagram_4407700900:localhost", "amy", "GB", ""},
		{"google messages number name", "gmessages", "@gmessages_1.42:localhost", "+1 202-555-0143", "IT", "+12025550143"},
		{"name with digits", "whatsapp", "@whatsapp_lid-2:localhost", "Amy 2024 (WA)", "IT", ""},
		{"no name", "whatsapp", "@whatsapp_lid-3:localhost", "", "IT", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := phoneFromGhost(c.network, c.user, c.display, c.country); got != c.want {
				t.Errorf("phoneFromGhost(%q, %q, %q) = %q, want %q", c.network, c.user, c.display, got, c.want)
			}
		})
	}
}

// A Google Chat portal is Google Chat, not Google Messages: its warnings
// name it, and give neither Google Messages' steps nor the carrier's SMS
// spam line (SMS advice for a chat that never touched the phone network).
func TestGoogleChatPortalGetsNoSMSAdvice(t *testing.T) {
	for _, protocol := range []string{"googlechat", "gchat"} {
		t.Run(protocol, func(t *testing.T) {
			r := newRoom("!r:localhost", "localhost")
			sk := "localhost/" + protocol
			r.apply(&event.Event{Type: event.StateBridge, StateKey: &sk, Sender: "@googlechatbot:localhost",
				Content: event.Content{VeryRaw: []byte(`{"bridgebot":"@googlechatbot:localhost","protocol":{"id":"` + protocol + `"},"channel":{"id":"1"},"com.beeper.room_type.v2":"dm"}`)}})
			if n := r.network(); n != detectors.NetworkGoogleChat {
				t.Fatalf("network %q, want %q", n, detectors.NetworkGoogleChat)
			}
			w := &bot.Warning{Platform: Platform, Level: detectors.LevelWarning, Kind: detectors.KindWrongNumber, Ref: "K7Q2",
				Sender:  bot.Sender{ID: "@googlechat_1:localhost", DisplayName: "Amy", Network: r.network(), Bridged: true},
				Reasons: []detectors.Reason{{Code: detectors.CodeWrongName, Weight: 0.6, Evidence: "Hi Marco", Args: map[string]string{"name": "Marco"}}}}
			m := notify.Audience{Lang: "en", Country: "US", Quote: warntext.QuoteFull}.Render(w).Plain()
			if !strings.Contains(m, "Google Chat") {
				t.Errorf("the warning does not name Google Chat:\n%s", m)
			}
			if strings.Contains(m, "Google Messages") || strings.Contains(m, "7726") {
				t.Errorf("the warning gives SMS advice for Google Chat:\n%s", m)
			}
		})
	}
}
