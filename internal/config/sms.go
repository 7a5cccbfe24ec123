package config

import (
	"fmt"
	"net/mail"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
)

// SMSConfig is the SMS gateways that post to SilentGuard: Twilio, SMS
// Gateway for Android, and Gammu SMSD through `silentguard ingest`.
type SMSConfig struct {
	// Rate is how many messages per minute one source may post; Burst how
	// many may arrive at once above that pace.
	Rate    int               `toml:"rate"`
	Burst   int               `toml:"burst"`
	Sources []SMSSourceConfig `toml:"source"`
}

// SMSSourceConfig is one gateway. Twilio and Android sources post to
// /v1/<type>/<token>; a Gammu source names the owner of `silentguard
// ingest`.
type SMSSourceConfig struct {
	Type string `toml:"type"`
	// Name appears in logs; default: the type, numbered after the first.
	Name string `toml:"name"`
	// Token is the secret last segment of the source's URL.
	Token Secret `toml:"token"`
	// Owner receives every message of this source; or Numbers maps the
	// receiving number (Twilio's To) to an owner.
	Owner   string            `toml:"owner"`
	Numbers map[string]string `toml:"numbers"`
	// AuthToken is the Twilio account's auth token, which signs requests.
	AuthToken Secret `toml:"auth_token"`
	// PublicURL is the external URL that reaches SilentGuard's root, as
	// Twilio calls it (through a reverse proxy); "" rebuilds it from the
	// request and X-Forwarded-Proto / X-Forwarded-Host.
	PublicURL string `toml:"public_url"`
	// SigningKey is the Android app's webhook signing key.
	SigningKey Secret `toml:"signing_key"`

	// numbers holds Numbers with E.164 keys.
	numbers map[string]string
}

// SMS source types.
const (
	SourceTwilio  = "twilio"
	SourceAndroid = "android"
	SourceGammu   = "gammu"
)

var sourceTypes = []string{SourceTwilio, SourceAndroid, SourceGammu}

// ReceivingNumbers is Numbers with the keys in E.164.
func (s *SMSSourceConfig) ReceivingNumbers() map[string]string { return s.numbers }

// SMTPConfig is the mail server that sends the "email" notifications.
type SMTPConfig struct {
	// Host "" means no e-mail notifier can be used.
	Host     string `toml:"host"`
	Port     int    `toml:"port"`
	Username string `toml:"username"`
	Password Secret `toml:"password"`
	From     string `toml:"from"`
	// TLS is "starttls" (required), "tls" (implicit, port 465),
	// "opportunistic" (STARTTLS when offered) or "none".
	TLS     string   `toml:"tls"`
	Timeout Duration `toml:"timeout"`
}

// SMTP TLS modes.
const (
	SMTPStartTLS      = "starttls"
	SMTPImplicitTLS   = "tls"
	SMTPOpportunistic = "opportunistic"
	SMTPNoTLS         = "none"
)

func defaultSMS() SMSConfig { return SMSConfig{Rate: 60, Burst: 20} }

func defaultSMTP() SMTPConfig {
	return SMTPConfig{Port: 587, TLS: SMTPStartTLS, Timeout: Duration(30 * time.Second)}
}

var sourceNamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]{0,63}$`)

// pathTokenPattern keeps the token usable in a URL path as it is.
var pathTokenPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{16,256}$`)

// Source finds an SMS source by name.
func (c *Config) Source(name string) *SMSSourceConfig {
	for i := range c.SMS.Sources {
		if c.SMS.Sources[i].Name == name {
			return &c.SMS.Sources[i]
		}
	}
	return nil
}

func (c *Config) validateSMS() error {
	if c.SMS.Rate < 1 || c.SMS.Rate > 6000 {
		return bad("sms.rate", c.SMS.Rate, "must be between 1 and 6000 messages per minute")
	}
	if c.SMS.Burst < 1 || c.SMS.Burst > 1000 {
		return bad("sms.burst", c.SMS.Burst, "must be between 1 and 1000")
	}
	names := map[string]bool{}
	count := map[string]int{}
	for i := range c.SMS.Sources {
		s := &c.SMS.Sources[i]
		key := func(k string) string { return fmt.Sprintf("sms.source[%d].%s", i, k) }
		if !slices.Contains(sourceTypes, s.Type) {
			return bad(key("type"), quote(s.Type), "use one of %s", strings.Join(sourceTypes, ", "))
		}
		count[s.Type]++
		if s.Name == "" {
			s.Name = s.Type
			if count[s.Type] > 1 {
				s.Name = fmt.Sprintf("%s-%d", s.Type, count[s.Type])
			}
		}
		if !sourceNamePattern.MatchString(s.Name) {
			return bad(key("name"), quote(s.Name), "use 1-64 lower-case letters, digits, '.', '_' or '-'")
		}
		if names[s.Name] {
			return bad(key("name"), quote(s.Name), "another source has this name")
		}
		names[s.Name] = true
		if err := c.validateSourceOwner(s, key); err != nil {
			return err
		}
		switch s.Type {
		case SourceTwilio, SourceAndroid:
			if s.Token.ref == "" {
				return &FieldError{Key: key("token"), Err: fmt.Errorf("%w: a secret path token (16+ of A-Z, a-z, 0-9, _ and -; e.g. `openssl rand -hex 16`), as \"env:NAME\" or \"file:/path\"; the gateway posts to /v1/%s/<token>", ErrMissing, s.Type)}
			}
		case SourceGammu:
			if s.Token.ref != "" {
				return bad(key("token"), s.Token.Redacted(), "a gammu source has no URL: `silentguard ingest` posts with the [http] bearer token")
			}
		}
		if s.Type == SourceTwilio {
			if s.AuthToken.ref == "" {
				return &FieldError{Key: key("auth_token"), Err: fmt.Errorf("%w: the Twilio account's auth token (Console › Account info), which signs every request", ErrMissing)}
			}
			if s.PublicURL != "" {
				u, err := url.Parse(s.PublicURL)
				if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
					return bad(key("public_url"), quote(s.PublicURL), "want the external URL of SilentGuard's root, e.g. \"https://sg.example.org\" (no query)")
				}
				s.PublicURL = strings.TrimRight(s.PublicURL, "/")
			}
		} else {
			if s.AuthToken.ref != "" {
				return bad(key("auth_token"), s.AuthToken.Redacted(), "only a twilio source has an auth token")
			}
			if s.PublicURL != "" {
				return bad(key("public_url"), quote(s.PublicURL), "only a twilio source uses public_url")
			}
		}
		if s.Type == SourceAndroid {
			if s.SigningKey.ref == "" {
				return &FieldError{Key: key("signing_key"), Err: fmt.Errorf("%w: the app's webhook signing key (Settings › Webhooks › Signing Key)", ErrMissing)}
			}
		} else if s.SigningKey.ref != "" {
			return bad(key("signing_key"), s.SigningKey.Redacted(), "only an android source has a signing key")
		}
	}
	if err := c.validateSMTP(); err != nil {
		return err
	}
	for i := range c.Owners {
		for j, n := range c.Owners[i].Notify {
			nk := func(k string) string { return fmt.Sprintf("owner[%d].notify[%d].%s", i, j, k) }
			if n.Type != "email" {
				if n.To != "" {
					return bad(nk("to"), quote(n.To), "only an email target has a recipient")
				}
				continue
			}
			if c.SMTP.Host == "" {
				return bad(nk("type"), `"email"`, "needs a mail server: set [smtp] host, from (and username, password)")
			}
			if n.To == "" {
				return &FieldError{Key: nk("to"), Err: fmt.Errorf("%w: the owner's e-mail address", ErrMissing)}
			}
			if a, err := mail.ParseAddress(n.To); err != nil || a.Name != "" {
				return bad(nk("to"), quote(n.To), "want one plain address such as \"maria@example.org\"")
			}
		}
	}
	return nil
}

func (c *Config) validateSourceOwner(s *SMSSourceConfig, key func(string) string) error {
	switch {
	case s.Owner != "" && len(s.Numbers) > 0:
		return bad(key("numbers"), fmt.Sprintf("%d numbers", len(s.Numbers)), "give owner or numbers, not both")
	case s.Owner != "":
		if c.Owner(s.Owner) == nil {
			return bad(key("owner"), quote(s.Owner), "no [[owner]] has this id")
		}
		return nil
	case len(s.Numbers) > 0:
		if s.Type != SourceTwilio {
			return bad(key("numbers"), fmt.Sprintf("%d numbers", len(s.Numbers)), "only a twilio source tells the receiving number; give owner")
		}
		// Sorted, so that the first error is the same on every run.
		nums := make([]string, 0, len(s.Numbers))
		for n := range s.Numbers {
			nums = append(nums, n)
		}
		sort.Strings(nums)
		s.numbers = make(map[string]string, len(nums))
		for _, n := range nums {
			nk := key("numbers") + "." + n
			o := c.Owner(s.Numbers[n])
			if o == nil {
				return bad(nk, quote(s.Numbers[n]), "no [[owner]] has this id")
			}
			e164, err := NormalizePhone(n, o.Country)
			if err != nil {
				return bad(nk, quote(n), "the key is the receiving phone number (e.g. \"+39 333 123 4567\"): %v", err)
			}
			if prev, dup := s.numbers[e164]; dup && prev != o.ID {
				return bad(nk, quote(n), "this number is mapped twice")
			}
			s.numbers[e164] = o.ID
		}
		return nil
	default:
		return &FieldError{Key: key("owner"), Err: fmt.Errorf("%w: the id of the owner whose messages this source carries (a twilio source may map receiving numbers instead: numbers = { \"+1 202 555 0100\" = \"%s\" })", ErrMissing, firstOwnerID(c))}
	}
}

func (c *Config) validateSMTP() error {
	m := &c.SMTP
	if !slices.Contains([]string{SMTPStartTLS, SMTPImplicitTLS, SMTPOpportunistic, SMTPNoTLS}, m.TLS) {
		return bad("smtp.tls", quote(m.TLS), "use starttls, tls, opportunistic or none")
	}
	if m.Port < 1 || m.Port > 65535 {
		return bad("smtp.port", m.Port, "must be between 1 and 65535 (587 for STARTTLS, 465 for tls)")
	}
	if d := m.Timeout.D(); d < time.Second || d > 10*time.Minute {
		return bad("smtp.timeout", quote(m.Timeout), "must be between 1s and 10m")
	}
	if m.Host == "" {
		return nil
	}
	if strings.ContainsAny(m.Host, " /:@") {
		return bad("smtp.host", quote(m.Host), "want a host name such as \"smtp.example.org\" (the port goes in smtp.port)")
	}
	if m.From == "" {
		return &FieldError{Key: "smtp.from", Err: fmt.Errorf("%w: the sender address, e.g. \"SilentGuard <silentguard@example.org>\"", ErrMissing)}
	}
	if _, err := mail.ParseAddress(m.From); err != nil {
		return bad("smtp.from", quote(m.From), "want an address such as \"SilentGuard <silentguard@example.org>\"")
	}
	if m.Username != "" && m.Password.ref == "" {
		return &FieldError{Key: "smtp.password", Err: fmt.Errorf("%w: the password that goes with smtp.username, as \"env:NAME\" or \"file:/path\"", ErrMissing)}
	}
	if m.Password.ref != "" && m.Username == "" {
		return &FieldError{Key: "smtp.username", Err: fmt.Errorf("%w: the login that goes with smtp.password", ErrMissing)}
	}
	return nil
}

func (c *Config) resolveSMS(configSafe bool) error {
	tokens := map[string]string{}
	for i := range c.SMS.Sources {
		s := &c.SMS.Sources[i]
		key := func(k string) string { return fmt.Sprintf("sms.source[%d].%s", i, k) }
		for k, sec := range map[string]*Secret{"token": &s.Token, "auth_token": &s.AuthToken, "signing_key": &s.SigningKey} {
			if err := sec.resolve(c.path, configSafe); err != nil {
				return &FieldError{Key: key(k), Value: sec.Redacted(), Err: err}
			}
		}
		if s.Token.ref == "" {
			continue
		}
		if !pathTokenPattern.MatchString(s.Token.Value()) {
			return &FieldError{Key: key("token"), Value: s.Token.Redacted(),
				Err: fmt.Errorf("%w: want 16-256 of A-Z, a-z, 0-9, _ and - (e.g. `openssl rand -hex 16`)", ErrBadValue)}
		}
		if other, dup := tokens[s.Token.Value()]; dup {
			return &FieldError{Key: key("token"), Value: s.Token.Redacted(),
				Err: fmt.Errorf("%w: source %q has the same token; each source needs its own", ErrBadValue, other)}
		}
		tokens[s.Token.Value()] = s.Name
	}
	if c.SMTP.Host != "" {
		if err := c.SMTP.Password.resolve(c.path, configSafe); err != nil {
			return &FieldError{Key: "smtp.password", Value: c.SMTP.Password.Redacted(), Err: err}
		}
	}
	return nil
}
