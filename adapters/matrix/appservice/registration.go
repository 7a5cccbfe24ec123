package appservice

import (
	"fmt"
	"strings"
)

// RegistrationYAML is the registration file a homeserver admin installs
// (the spec's application service registration, as mautrix bridges write
// it with -g): SilentGuard's id, where the homeserver reaches it, its
// tokens, its bot, and the users it may protect. The users namespace is
// not exclusive (SilentGuard watches those users, it does not own them),
// and the bot is not rate limited (a burst of warnings must not wait).
//
// It is written by hand, every value single-quoted, rather than with a
// YAML library: mautrix's Registration type would link its appservice
// package (and a websocket library) into the binary for one struct.
func RegistrationYAML(o Options) string {
	q := func(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
	var b strings.Builder
	b.WriteString("# SilentGuard appservice registration. It holds secrets: keep it private (mode 0600).\n")
	b.WriteString("# Synapse: list it under app_service_config_files in homeserver.yaml.\n")
	b.WriteString("# Dendrite: list it under app_service_api.config_files in dendrite.yaml.\n")
	fmt.Fprintf(&b, "# Then restart the homeserver, and have users write !protect to @%s:%s.\n", o.BotLocalpart, o.ServerName)
	fmt.Fprintf(&b, "id: %s\nurl: %s\nas_token: %s\nhs_token: %s\nsender_localpart: %s\nrate_limited: false\n",
		q(o.ID), q(o.Address), q(o.ASToken), q(o.HSToken), q(o.BotLocalpart))
	fmt.Fprintf(&b, "namespaces:\n  users:\n    - regex: %s\n      exclusive: false\n", q(o.UsersRegex))
	return b.String()
}
