package detectors

import "testing"

func TestParseNetwork(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Network
	}{
		{"sms", NetworkSMS},
		{" WhatsApp ", NetworkWhatsApp},
		{"gmessages", NetworkGMessages},
		{"googlechat", NetworkGoogleChat},
		{"gchat", NetworkGoogleChat},
		{"Google Chat", NetworkGoogleChat},
		{"discord", "discord"},
		{"", NetworkUnknown},
	} {
		if got := ParseNetwork(c.in); got != c.want {
			t.Errorf("ParseNetwork(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if NetworkGoogleChat.Carrier() || NetworkGoogleChat.Texting() || !NetworkGMessages.Carrier() || NetworkIMessage.Carrier() {
		t.Error("Google Chat counts as SMS, or Google Messages does not")
	}
}
