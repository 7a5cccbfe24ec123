package matrix

import (
	"regexp"
	"strings"

	"maunium.net/go/mautrix/id"

	"github.com/silentguard/silentguard/detectors"
	"github.com/silentguard/silentguard/internal/phone"
)

// ghostPattern reads a bridgev2 ghost ID: @<network>_<remote id>:server.
var ghostPattern = regexp.MustCompile(`^@([a-z0-9]+)_([^:]+):`)

// networkSuffix is what bridges append to a ghost's display name:
// " (WA)", " (Signal)", " (SMS)".
var networkSuffix = regexp.MustCompile(`\s*\((WA|WhatsApp|Signal|SMS|RCS|iMessage|Telegram|GM|Google Messages)\)\s*$`)

// phoneIDNetworks are the networks whose ghost IDs are phone numbers:
// WhatsApp's "@whatsapp_<digits>". Other numeric IDs (Telegram,
// Instagram, Discord) are account numbers, and read as a phone they would
// give false foreign-number cues.
var phoneIDNetworks = map[detectors.Network]bool{detectors.NetworkWhatsApp: true}

// phoneFromGhost returns the E.164 phone number a bridge of network put
// in a ghost's ID or display name, or "" when there is none. A WhatsApp
// "lid-" ID is not a phone number, nor is a Signal UUID.
func phoneFromGhost(network detectors.Network, userID id.UserID, displayName, country string) string {
	if m := ghostPattern.FindStringSubmatch(string(userID)); m != nil && phoneIDNetworks[network] {
		remote := m[2]
		if isDigits(remote) && len(remote) >= 7 && len(remote) <= 15 {
			if e164, ok := parsePhone("+"+remote, country); ok {
				return e164
			}
		}
	}
	if e164, ok := bareNumber(displayName, country); ok {
		return e164
	}
	return ""
}

// bareNumber tells whether a display name is only a phone number (once a
// network suffix is stripped): the bridge had no contact name for it.
func bareNumber(displayName, country string) (string, bool) {
	s := strings.TrimSpace(networkSuffix.ReplaceAllString(displayName, ""))
	if s == "" || strings.IndexFunc(s, func(r rune) bool {
		return !(r >= '0' && r <= '9' || strings.ContainsRune("+-() .", r))
	}) >= 0 {
		return "", false
	}
	return parsePhone(s, country)
}

func parsePhone(s, country string) (string, bool) {
	e164, err := phone.E164(s, country)
	return e164, err == nil
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// bridgeNetworks are the mautrix bridges whose bot and ghost IDs
// SilentGuard recognises: "@whatsappbot:server", "@whatsapp_<id>:server".
var bridgeNetworks = []string{"whatsapp", "signal", "gmessages", "imessage", "telegram", "meta", "instagram",
	"facebook", "discord", "slack", "linkedin", "twitter", "googlechat", "sms", "bluesky"}

// bridgeUser tells whether an invite comes from a bridge (its bot or one
// of its ghosts): invites carry no m.bridge state, so the inviter's ID is
// the only sign of a portal the owner was merely invited to. Bridges run
// as appservices of the owner's homeserver (home): @whatsapp_1:evil.org
// is a stranger, whose invite is judged.
func bridgeUser(uid id.UserID, home string) (detectors.Network, bool) {
	if home == "" || uid.Homeserver() != home {
		return "", false
	}
	local := strings.TrimPrefix(strings.SplitN(string(uid), ":", 2)[0], "@")
	for _, n := range bridgeNetworks {
		if local == n+"bot" || strings.HasPrefix(local, n+"_") {
			return detectors.ParseNetwork(n), true
		}
	}
	return "", false
}
