package appservice

import (
	"fmt"
	"strings"

	mas "maunium.net/go/mautrix/appservice"
)

// Registration is the file a homeserver admin installs: SilentGuard's id,
// where the homeserver reaches it, its tokens, its bot, and the users it
// may protect. The users namespace is not exclusive (SilentGuard watches
// those users, it does not own them), and the bot is not rate limited (a
// burst of warnings must not wait).
func Registration(o Options) *mas.Registration {
	off := false
	reg := &mas.Registration{
		ID:              o.ID,
		URL:             o.Address,
		AppToken:        o.ASToken,
		ServerToken:     o.HSToken,
		SenderLocalpart: o.BotLocalpart,
		RateLimited:     &off,
	}
	reg.Namespaces.UserIDs = mas.NamespaceList{{Regex: o.UsersRegex, Exclusive: false}}
	return reg
}

// RegistrationYAML is Registration as the file's text, with a header that
// says what it is and how to install it.
func RegistrationYAML(o Options) (string, error) {
	body, err := Registration(o).YAML()
	if err != nil {
		return "", fmt.Errorf("registration: %w", err)
	}
	var b strings.Builder
	b.WriteString("# SilentGuard appservice registration. It holds secrets: keep it private (mode 0600).\n")
	b.WriteString("# Synapse: list it under app_service_config_files in homeserver.yaml.\n")
	b.WriteString("# Dendrite: list it under app_service_api.config_files in dendrite.yaml.\n")
	b.WriteString("# Then restart the homeserver, and have users write !protect to @" + o.BotLocalpart + ":" + o.ServerName + ".\n")
	b.WriteString(body)
	return b.String(), nil
}
