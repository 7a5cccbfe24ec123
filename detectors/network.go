package detectors

import "strings"

// Network is where a conversation happens. The detectors and the warning
// texts key on it: a network's name, its blocking steps, whether the
// carrier's spam line applies.
type Network string

// The networks SilentGuard has words for. Any other (a bridge to Discord,
// a gateway's own name) is kept as ParseNetwork gives it: shown by its
// name, with generic advice.
const (
	NetworkUnknown  Network = ""
	NetworkSMS      Network = "sms"
	NetworkWhatsApp Network = "whatsapp"
	NetworkSignal   Network = "signal"
	NetworkTelegram Network = "telegram"
	NetworkIMessage Network = "imessage"
	// NetworkGMessages is Google Messages, the Android app for SMS and RCS.
	NetworkGMessages Network = "gmessages"
	// NetworkGoogleChat is Google Workspace's chat: no SMS, no carrier.
	NetworkGoogleChat Network = "googlechat"
	NetworkMatrix     Network = "matrix"
)

// ParseNetwork is the one mapping from what platforms call a network to a
// Network: a mautrix bridge's protocol ID (m.bridge protocol.id, or the
// name in its bot's and ghosts' IDs), a webhook's "network" field, the
// channel of a Twilio address, a corpus case's network. Case and outer
// spaces do not matter; unknown names are kept, in lower case.
func ParseNetwork(s string) Network {
	n := strings.ToLower(strings.TrimSpace(s))
	switch n {
	case "gchat", "google chat":
		return NetworkGoogleChat
	}
	return Network(n)
}

// Texting tells whether the network is the phone's own messaging (SMS, or
// an app that carries it: Google Messages, iMessage), where businesses
// write from short codes and sender names; unknown counts as SMS.
func (n Network) Texting() bool {
	switch n {
	case NetworkUnknown, NetworkSMS, NetworkGMessages, NetworkIMessage:
		return true
	}
	return false
}

// Carrier tells whether the message may have come over the mobile
// network, so that the carrier's spam line can take it: SMS, and Google
// Messages (SMS or RCS). iMessage goes through Apple.
func (n Network) Carrier() bool { return n == NetworkSMS || n == NetworkGMessages }
