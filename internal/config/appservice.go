package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strings"

	"golang.org/x/text/language"
)

// AppserviceConfig is the Matrix appservice mode: a homeserver admin
// registers SilentGuard once, and each local user who opts in (by writing
// !protect to its bot) is protected, with no password or device of theirs.
type AppserviceConfig struct {
	Enabled bool `toml:"enabled"`
	// ID is the registration's id; "" means "silentguard".
	ID string `toml:"id"`
	// Homeserver is the client URL where SilentGuard reaches the
	// homeserver; ServerName is the part after ":" in its user IDs.
	Homeserver string `toml:"homeserver"`
	ServerName string `toml:"server_name"`
	// Listen is where SilentGuard receives the homeserver's transactions;
	// "" means "127.0.0.1:29340". Address is the URL the homeserver uses
	// to reach it; "" means "http://" + listen.
	Listen  string `toml:"listen"`
	Address string `toml:"address"`
	// BotLocalpart is the bot user's localpart; "" means "silentguard".
	BotLocalpart string `toml:"bot_localpart"`
	// UsersRegex is the users namespace (never exclusive: SilentGuard
	// watches these users, it does not own them); "" means every local
	// user.
	UsersRegex string `toml:"users_regex"`
	// ASToken and HSToken are the registration's tokens; unset, they are
	// generated once and kept in the database.
	ASToken Secret `toml:"as_token"`
	HSToken Secret `toml:"hs_token"`
	// Users are protected from the start, as if they had written !protect.
	Users []string `toml:"users"`
	// Country and Languages are the defaults of a user who opts in.
	Country   string   `toml:"country"`
	Languages []string `toml:"languages"`
}

// Appservice defaults.
const (
	DefaultAppserviceID     = "silentguard"
	DefaultAppserviceListen = "127.0.0.1:29340"
)

func (a *AppserviceConfig) validate() error {
	key := func(k string) string { return "matrix.appservice." + k }
	if !a.Enabled {
		return nil
	}
	if a.ID == "" {
		a.ID = DefaultAppserviceID
	}
	if a.BotLocalpart == "" {
		a.BotLocalpart = DefaultAppserviceID
	}
	if a.Listen == "" {
		a.Listen = DefaultAppserviceListen
	}
	if !validHomeserver(a.Homeserver) {
		return bad(key("homeserver"), quote(a.Homeserver), "want the homeserver's client URL, e.g. \"http://127.0.0.1:8008\"")
	}
	if a.ServerName == "" || strings.ContainsAny(a.ServerName, " /@") {
		return bad(key("server_name"), quote(a.ServerName), "want the homeserver's server name, as in @user:example.org")
	}
	if _, _, err := net.SplitHostPort(a.Listen); err != nil {
		return bad(key("listen"), quote(a.Listen), "want host:port, e.g. \"127.0.0.1:29340\"")
	}
	if a.Address == "" {
		a.Address = "http://" + a.Listen
	}
	if u, err := url.Parse(a.Address); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return bad(key("address"), quote(a.Address), "want the URL where the homeserver reaches SilentGuard, e.g. \"http://127.0.0.1:29340\"")
	}
	if !regexp.MustCompile(`^[a-z0-9._=/+-]+$`).MatchString(a.BotLocalpart) {
		return bad(key("bot_localpart"), quote(a.BotLocalpart), "want a Matrix localpart such as \"silentguard\"")
	}
	if a.UsersRegex == "" {
		// Anchored: a homeserver may match a namespace anywhere in a
		// user ID (Synapse anchors only its start), and
		// @x:example.org.evil.net is not a user of example.org.
		a.UsersRegex = "^@.*:" + regexp.QuoteMeta(a.ServerName) + "$"
	}
	re, err := regexp.Compile(a.UsersRegex)
	if err != nil {
		return &FieldError{Key: key("users_regex"), Value: quote(a.UsersRegex), Err: fmt.Errorf("%w: %v", ErrBadValue, err)}
	}
	for i, u := range a.Users {
		if !validMatrixID(u) || !strings.HasSuffix(u, ":"+a.ServerName) {
			return bad(fmt.Sprintf("%s[%d]", key("users"), i), quote(u), "want a Matrix ID of this homeserver, such as \"@nonna:%s\"", a.ServerName)
		}
		if !re.MatchString(u) {
			return bad(fmt.Sprintf("%s[%d]", key("users"), i), quote(u), "not in users_regex %q", a.UsersRegex)
		}
	}
	if a.Country != "" {
		c, _, err := ParseCountry(a.Country)
		if err != nil {
			return &FieldError{Key: key("country"), Value: quote(a.Country), Err: err}
		}
		a.Country = c
	}
	if len(a.Languages) == 0 {
		a.Languages = []string{"en"}
	}
	for j, l := range a.Languages {
		base, err := language.ParseBase(l)
		if err != nil {
			return bad(fmt.Sprintf("%s[%d]", key("languages"), j), quote(l), "want a language code such as \"it\" or \"en\"")
		}
		a.Languages[j] = base.String()
	}
	return nil
}

// errShortToken refuses a given appservice token that can be guessed.
var errShortToken = errors.New("shorter than 32 characters: leave it unset and SilentGuard makes one")

func (a *AppserviceConfig) resolve(path string, configSafe bool) error {
	for _, t := range []struct {
		key string
		s   *Secret
	}{{"matrix.appservice.as_token", &a.ASToken}, {"matrix.appservice.hs_token", &a.HSToken}} {
		if err := t.s.resolve(path, configSafe); err != nil {
			return &FieldError{Key: t.key, Value: t.s.Redacted(), Err: err}
		}
		if t.s.IsSet() && len(t.s.Value()) < 32 {
			return &FieldError{Key: t.key, Value: t.s.Redacted(), Err: fmt.Errorf("%w: %w", ErrBadValue, errShortToken)}
		}
	}
	return nil
}
