package config

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"golang.org/x/text/language"

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/bot/warntext"
	"github.com/silentguard/silentguard/detectors"
	"github.com/silentguard/silentguard/internal/phone"
)

// FieldError names the place of a bad setting.
type FieldError struct {
	File  string
	Line  int // 0 when unknown
	Key   string
	Value string
	Err   error
}

func (e *FieldError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Key != "" {
		b.WriteString(e.Key)
		if e.Value != "" {
			fmt.Fprintf(&b, " = %s", e.Value)
		}
		b.WriteString(": ")
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

func (e *FieldError) Unwrap() error { return e.Err }

// Sentinel errors, wrapped by FieldError.
var (
	ErrUnknownKey = errors.New("unknown key")
	ErrBadValue   = errors.New("bad value")
	ErrMissing    = errors.New("required")
)

// Find returns the config file to use: the flag's value, else
// ./silentguard.toml, else $XDG_CONFIG_HOME/silentguard/config.toml.
func Find(flag string) (string, error) {
	if flag != "" {
		return flag, nil
	}
	candidates := []string{"silentguard.toml"}
	xdg := os.Getenv("XDG_CONFIG_HOME")
	if xdg == "" {
		if home, err := os.UserHomeDir(); err == nil {
			xdg = filepath.Join(home, ".config")
		}
	}
	if xdg != "" {
		candidates = append(candidates, filepath.Join(xdg, "silentguard", "config.toml"))
	}
	for _, c := range candidates {
		if _, err := os.Stat(c); err == nil {
			return c, nil
		}
	}
	return "", fmt.Errorf("no config file: tried %s (give one with --config FILE; `silentguard config example` prints a start)", strings.Join(candidates, ", "))
}

// Load reads, decodes, validates the file and resolves its secrets.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load config: %w", err)
	}
	safe := true
	if fi, err := os.Stat(path); err == nil && fi.Mode().Perm()&0o077 != 0 {
		safe = false
	}
	return Parse(path, data, safe)
}

// Parse decodes data (named path in errors) over the defaults. configSafe
// tells whether the file is private enough to hold literal secrets.
func Parse(path string, data []byte, configSafe bool) (*Config, error) {
	cfg := Default()
	cfg.path, cfg.data = path, data
	md, err := toml.NewDecoder(bytes.NewReader(data)).Decode(cfg)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			line := pe.Position.Line
			if line < 1 {
				// The parser gives line 0 for some errors at the end of
				// the input (`"\`); its byte offset still tells the line.
				line = 1 + bytes.Count(data[:min(max(pe.Position.Start, 0), len(data))], []byte("\n"))
			}
			return nil, &FieldError{File: path, Line: line, Key: pe.LastKey, Err: errors.New(pe.Message)}
		}
		// Type mismatches come as "toml: line N (last key "k"): msg", or
		// without the line ("[[owner.0]]").
		if m := typeErrPattern.FindStringSubmatch(err.Error()); m != nil {
			line, _ := strconv.Atoi(m[1])
			if line == 0 {
				line = lineOfDotted(data, m[2])
			}
			line = lineOfType(data, line, m[2], m[3])
			return nil, &FieldError{File: path, Line: line, Key: m[2], Value: valueAt(data, line), Err: errors.New(m[3])}
		}
		return nil, &FieldError{File: path, Err: err}
	}
	if und := md.Undecoded(); len(und) > 0 {
		k := und[0]
		line := lineOf(data, k)
		return nil, &FieldError{File: path, Line: line, Key: k.String(), Value: valueAt(data, line), Err: fmt.Errorf("%w (see `silentguard config example` for the known keys)", ErrUnknownKey)}
	}
	if err := cfg.validate(); err != nil {
		var fe *FieldError
		if errors.As(err, &fe) {
			fe.File = path
			if fe.Line == 0 {
				fe.Line = lineOfDotted(data, fe.Key)
			}
		}
		return nil, err
	}
	for _, n := range cfg.notes {
		n.File, n.Line = path, lineOfDotted(data, n.Key)
	}
	if err := cfg.resolveSecrets(configSafe); err != nil {
		var fe *FieldError
		if errors.As(err, &fe) {
			fe.File = path
			fe.Line = lineOfDotted(data, fe.Key)
		}
		return nil, err
	}
	return cfg, nil
}

func bad(key string, value any, format string, args ...any) error {
	return &FieldError{Key: key, Value: fmt.Sprintf("%v", value), Err: fmt.Errorf("%w: "+format, append([]any{ErrBadValue}, args...)...)}
}

var typeErrPattern = regexp.MustCompile(`^toml: (?:line (\d+) )?\(last key "([^"]*)"\): (.*)$`)

// valueAt returns what follows "=" on a line, for error messages.
// lineOfType corrects the line the TOML library gives a type mismatch: in
// a repeated table ([[owner]]) it names the key's last occurrence, which
// may be a valid one. The first occurrence whose value has the type the
// message names ("TOML value has type string") is the one at fault.
func lineOfType(data []byte, line int, key, msg string) int {
	m := valueTypePattern.FindStringSubmatch(msg)
	if m == nil || tomlType(valueAt(data, line)) == m[1] {
		return line
	}
	leaf := key[strings.LastIndexByte(key, '.')+1:]
	re := regexp.MustCompile(`^\s*["']?` + regexp.QuoteMeta(leaf) + `["']?\s*=`)
	for i, l := range strings.Split(string(data), "\n") {
		if re.MatchString(l) && tomlType(valueAt(data, i+1)) == m[1] {
			return i + 1
		}
	}
	return line
}

var valueTypePattern = regexp.MustCompile(`TOML value has type (\S+);`)

// tomlType is the Go type the TOML library decodes a value written as v
// into, as its messages name it; "" when v does not tell.
func tomlType(v string) string {
	if v != "" && v[0] != '"' && v[0] != '\'' {
		v, _, _ = strings.Cut(v, "#") // a comment after a bare value
		v = strings.TrimSpace(v)
	}
	switch {
	case v == "":
		return ""
	case v[0] == '"' || v[0] == '\'':
		return "string"
	case v[0] == '[':
		return "[]any"
	case v[0] == '{':
		return "map[string]any"
	case v == "true" || v == "false":
		return "bool"
	case dateTimePattern.MatchString(v):
		return "time.Time"
	case len(v) > 1 && v[0] == '0' && strings.ContainsRune("xob", rune(v[1])):
		return "int64" // 0xbeef
	case strings.ContainsAny(v, ".eE") || strings.Contains(v, "inf") || strings.Contains(v, "nan"):
		return "float64"
	}
	return "int64"
}

var dateTimePattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}|^\d{2}:\d{2}`)

func valueAt(data []byte, line int) string {
	lines := strings.Split(string(data), "\n")
	if line < 1 || line > len(lines) {
		return ""
	}
	_, v, ok := strings.Cut(lines[line-1], "=")
	if !ok {
		return ""
	}
	return strings.TrimSpace(v)
}

var ownerIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]{0,63}$`)

func (c *Config) validate() error {
	if c.MemoryLimitMiB != 0 && (c.MemoryLimitMiB < 16 || c.MemoryLimitMiB > 1<<20) {
		return bad("memory_limit_mib", c.MemoryLimitMiB, "must be 0 (no limit) or between 16 and 1048576")
	}
	if c.DataDir == "" && c.Database.Path == "" {
		return bad("data_dir", `""`, "empty; give a directory for the database")
	}
	if !slices.Contains([]string{"trace", "debug", "info", "warn", "error"}, c.Log.Level) {
		return bad("log.level", quote(c.Log.Level), "use trace, debug, info, warn or error")
	}
	if !slices.Contains([]string{"auto", "console", "json"}, c.Log.Format) {
		return bad("log.format", quote(c.Log.Format), "use auto, console or json")
	}
	if err := c.Database.validate(); err != nil {
		return err
	}
	if c.Watch.Window.D() <= 0 {
		return bad("watch.window", quote(c.Watch.Window), "must be positive (e.g. \"14d\")")
	}
	if c.Watch.MaxMessages < 1 || c.Watch.MaxMessages > 1000 {
		return bad("watch.max_messages", c.Watch.MaxMessages, "must be between 1 and 1000")
	}
	if _, ok := detectors.ParseLevel(c.Watch.MinLevel); !ok || c.Watch.MinLevel == "none" {
		return bad("watch.min_level", quote(c.Watch.MinLevel), "use caution, warning or alert")
	}
	if c.Delivery.RetryMin.D() <= 0 || c.Delivery.RetryMax.D() < c.Delivery.RetryMin.D() {
		return bad("delivery.retry_max", quote(c.Delivery.RetryMax), "must be at least delivery.retry_min (%s), both positive", c.Delivery.RetryMin.D())
	}
	if c.Delivery.RetryMax.D() > bot.MaxRetryDelay {
		c.notes = addNote(c.notes, &FieldError{Key: "delivery.retry_max", Value: quote(c.Delivery.RetryMax),
			Err: fmt.Errorf("read as %s, the most: delivery resumes soon after an outage", bot.MaxRetryDelay)})
	}
	if c.Delivery.FailureAlert < 1 {
		return bad("delivery.failure_alert", c.Delivery.FailureAlert, "must be at least 1")
	}
	if err := c.DetectorConfig().Validate(); err != nil {
		fe := &FieldError{Key: "detectors", Err: err}
		for code, w := range c.Detectors.Weights {
			if strings.Contains(err.Error(), strconv.Quote(code)) {
				fe.Key, fe.Value = "detectors.weights."+strconv.Quote(code), fmt.Sprint(w)
			}
		}
		return fe
	}
	if _, _, err := net.SplitHostPort(c.HTTP.Listen); err != nil && c.HTTP.Listen != "" {
		return bad("http.listen", quote(c.HTTP.Listen), "want host:port, e.g. \"127.0.0.1:8089\"")
	}
	if c.HTTP.MaxBody < 1024 || c.HTTP.MaxBody > 16<<20 {
		return bad("http.max_body", c.HTTP.MaxBody, "must be between 1024 and 16777216 bytes")
	}
	if err := c.checkPublicURL(); err != nil {
		return err
	}
	if err := c.Matrix.validate(); err != nil {
		return err
	}
	seen := map[string]bool{}
	for i := range c.Owners {
		if err := c.Owners[i].validate(i, seen); err != nil {
			return err
		}
		for _, n := range c.Owners[i].notes {
			c.notes = addNote(c.notes, n)
		}
		if err := c.Owners[i].validateMatrix(i, &c.Matrix); err != nil {
			return err
		}
		if err := c.Owners[i].validateTelegramNotify(i, &c.Telegram); err != nil {
			return err
		}
	}
	if err := c.validateTelegram(); err != nil {
		return err
	}
	return c.validateSMS()
}

func quote(v any) string { return fmt.Sprintf("%q", fmt.Sprint(v)) }

// addNote appends n unless notes already say the same of the same key:
// validating a loaded config again (reload, tests) must not repeat its
// notes, though the value it reads is by then normalised ("iA" -> "ia").
func addNote(notes []*FieldError, n *FieldError) []*FieldError {
	for _, m := range notes {
		if m.Key == n.Key && m.Err.Error() == n.Err.Error() {
			return notes
		}
	}
	return append(notes, n)
}

func (o *OwnerConfig) validate(i int, seen map[string]bool) error {
	key := func(k string) string { return fmt.Sprintf("owner[%d].%s", i, k) }
	if !ownerIDPattern.MatchString(o.ID) {
		return bad(key("id"), quote(o.ID), "use 1-64 lower-case letters, digits, '.', '_' or '-'")
	}
	if seen[o.ID] {
		return bad(key("id"), quote(o.ID), "another owner has this id")
	}
	seen[o.ID] = true
	if len(o.Names) == 0 {
		return &FieldError{Key: key("names"), Err: fmt.Errorf("%w: the names the owner answers to (they tell a message meant for someone else)", ErrMissing)}
	}
	country, note, err := ParseCountry(o.Country)
	if err != nil {
		return &FieldError{Key: key("country"), Value: quote(o.Country), Err: err}
	}
	if note != "" {
		o.notes = addNote(o.notes, &FieldError{Key: key("country"), Value: quote(o.Country), Err: errors.New(note)})
	}
	o.Country = country
	if len(o.Languages) == 0 {
		o.Languages = []string{"en"}
	}
	for j, l := range o.Languages {
		base, err := language.ParseBase(l)
		if err != nil {
			return bad(fmt.Sprintf("%s[%d]", key("languages"), j), quote(l), "want a language code such as \"it\" or \"en\"")
		}
		o.Languages[j] = base.String()
		if warntext.Resolve(o.Languages[j]) != o.Languages[j] {
			// Accepted: it is still a language the owner reads.
			o.notes = addNote(o.notes, &FieldError{Key: key("languages"), Value: quote(l),
				Err: fmt.Errorf("no warnings are written in %s (only in %s): the owner's first of those is used, else English",
					o.Languages[j], strings.Join(warntext.Languages(), ", "))})
		}
	}
	if o.Timezone != "" {
		if _, err := time.LoadLocation(o.Timezone); err != nil {
			return bad(key("timezone"), quote(o.Timezone), "unknown time zone (want e.g. \"Europe/Rome\")")
		}
	}
	for j, a := range o.Allow {
		if _, err := ParseContact(a, o.Country); err != nil {
			return bad(fmt.Sprintf("%s[%d]", key("allow"), j), quote(a), "allow-list entry %d of owner %q: %v", j+1, o.ID, err)
		}
	}
	if o.VCard != "" {
		nums, _, err := LoadVCard(o.VCard, o.Country)
		if err != nil {
			return bad(key("vcard"), quote(o.VCard), "%v", err)
		}
		o.vcardNumbers = nums
	}
	if len(o.Notify) == 0 {
		return &FieldError{Key: key("notify"), Err: fmt.Errorf("%w: at least one [[owner.notify]] target, or warnings reach no one", ErrMissing)}
	}
	names := map[string]bool{}
	for j := range o.Notify {
		n := &o.Notify[j]
		nk := func(k string) string { return fmt.Sprintf("owner[%d].notify[%d].%s", i, j, k) }
		if !slices.Contains(notifierTypes, n.Type) {
			return bad(nk("type"), quote(n.Type), "use one of %s", strings.Join(notifierTypes, ", "))
		}
		if n.Name == "" {
			n.Name = n.Type
			if j > 0 {
				n.Name = fmt.Sprintf("%s-%d", n.Type, j+1)
			}
		}
		if names[n.Name] {
			return bad(nk("name"), quote(n.Name), "two targets of this owner share the name")
		}
		names[n.Name] = true
		if n.Quote == "" {
			n.Quote = "full"
			if n.Type != "console" {
				n.Quote = "short"
			}
		}
		if !slices.Contains([]string{"full", "short", "none"}, n.Quote) {
			return bad(nk("quote"), quote(n.Quote), "use full, short or none")
		}
		if n.Device != "" && n.Device != "android" && n.Device != "iphone" {
			return bad(nk("device"), quote(n.Device), "use android, iphone or leave empty")
		}
		switch n.Type {
		case "ntfy", "http":
			u, err := url.Parse(n.URL)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				return bad(nk("url"), quote(n.URL), "want an http(s) URL")
			}
			if n.Type == "ntfy" && n.Topic == "" && strings.Trim(u.Path, "/") == "" {
				return &FieldError{Key: nk("topic"), Err: fmt.Errorf("%w: the ntfy topic (or put it in the URL path)", ErrMissing)}
			}
			if n.Priority < 0 || n.Priority > 5 {
				return bad(nk("priority"), n.Priority, "ntfy priorities are 1 (min) to 5 (max); 0 means the default")
			}
		}
	}
	return nil
}

func (c *Config) resolveSecrets(configSafe bool) error {
	source := "the token"
	if v := os.Getenv("SILENTGUARD_HTTP_TOKEN"); v != "" {
		c.HTTP.Token = NewSecret(v)
		source = "SILENTGUARD_HTTP_TOKEN"
	} else if err := c.HTTP.Token.resolve(c.path, configSafe); err != nil {
		return &FieldError{Key: "http.token", Value: c.HTTP.Token.Redacted(), Err: err}
	}
	if err := checkHTTPToken(c.HTTP.Token.Value(), source); err != nil {
		return &FieldError{Key: "http.token", Value: c.HTTP.Token.Redacted(), Err: err}
	}
	if err := c.resolveSMS(configSafe); err != nil {
		return err
	}
	if err := c.Telegram.resolve(c.path, configSafe); err != nil {
		return err
	}
	if err := c.requireHTTPToken(); err != nil {
		return err
	}
	if err := c.Database.resolve(c.path, configSafe); err != nil {
		return err
	}
	if err := c.Matrix.PickleKey.resolve(c.path, configSafe); err != nil {
		return &FieldError{Key: "matrix.pickle_key", Value: c.Matrix.PickleKey.Redacted(), Err: err}
	}
	if err := c.Matrix.Appservice.resolve(c.path, configSafe); err != nil {
		return err
	}
	for i := range c.Matrix.Bots {
		if err := c.Matrix.Bots[i].AccessToken.resolve(c.path, configSafe); err != nil {
			return &FieldError{Key: fmt.Sprintf("matrix.bot[%d].access_token", i), Value: c.Matrix.Bots[i].AccessToken.Redacted(), Err: err}
		}
	}
	for i := range c.Owners {
		m := &c.Owners[i].Matrix
		if err := m.AccessToken.resolve(c.path, configSafe); err != nil {
			return &FieldError{Key: fmt.Sprintf("owner[%d].matrix.access_token", i), Value: m.AccessToken.Redacted(), Err: err}
		}
		if err := m.Password.resolve(c.path, configSafe); err != nil {
			return &FieldError{Key: fmt.Sprintf("owner[%d].matrix.password", i), Value: m.Password.Redacted(), Err: err}
		}
		if err := m.RecoveryKey.resolve(c.path, configSafe); err != nil {
			return &FieldError{Key: fmt.Sprintf("owner[%d].matrix.recovery_key", i), Value: m.RecoveryKey.Redacted(), Err: err}
		}
		for j := range c.Owners[i].Notify {
			n := &c.Owners[i].Notify[j]
			if err := n.Token.resolve(c.path, configSafe); err != nil {
				return &FieldError{Key: fmt.Sprintf("owner[%d].notify[%d].token", i, j), Value: n.Token.Redacted(), Err: err}
			}
		}
	}
	return nil
}

// minHTTPToken is the shortest bearer token accepted, in bytes: 16 random
// bytes (hex or base64) cannot be guessed over HTTP.
const minHTTPToken = 16

// checkHTTPToken refuses a bearer token that is set but guessable: only
// whitespace, or shorter than minHTTPToken. source names where it came
// from; the value itself never appears in the error.
func checkHTTPToken(v, source string) error {
	const hint = "make one with `openssl rand -hex 16`"
	switch {
	case v == "":
		return nil
	case strings.TrimSpace(v) == "":
		return fmt.Errorf("%w: %s is only whitespace; %s", ErrBadValue, source, hint)
	case len(v) < minHTTPToken:
		return fmt.Errorf("%w: %s is %d bytes, at least %d are needed so that it cannot be guessed; %s", ErrBadValue, source, len(v), minHTTPToken, hint)
	}
	return nil
}

// requireHTTPToken refuses a listener without a bearer token when it is
// reachable from outside: on a non-loopback address, or behind the reverse
// proxy that Internet gateways (Twilio, SMS Gateway for Android, a Telegram
// webhook) need, which forwards the world to a loopback address.
func (c *Config) requireHTTPToken() error {
	if c.HTTP.Listen == "" || c.HTTP.Token.Value() != "" {
		return nil
	}
	if !IsLoopback(c.HTTP.Listen) {
		return &FieldError{Key: "http.token", Err: fmt.Errorf("%w: http.listen %s is not a loopback address; set http.token (or SILENTGUARD_HTTP_TOKEN) so that only your gateway can post", ErrMissing, c.HTTP.Listen)}
	}
	public := ""
	for _, s := range c.SMS.Sources {
		if s.Type == SourceTwilio || s.Type == SourceAndroid {
			public = fmt.Sprintf("the %s source %q", s.Type, s.Name)
			break
		}
	}
	if public == "" && c.Telegram.Enabled && c.Telegram.Mode == TelegramWebhook {
		public = "the Telegram webhook"
	}
	if public == "" && c.HTTP.PublicURL != "" && !loopbackURL(c.HTTP.PublicURL) {
		public = "http.public_url"
	}
	if public != "" {
		return &FieldError{Key: "http.token", Err: fmt.Errorf("%w: %s means the listener is reachable through a reverse proxy; set http.token (or SILENTGUARD_HTTP_TOKEN) so that strangers cannot post to /v1/messages", ErrMissing, public)}
	}
	return nil
}

// checkPublicURL reads http.public_url: an absolute http(s) URL without
// query or fragment, https unless it names this machine (the owner pages'
// links carry tokens), and a listener to reach.
func (c *Config) checkPublicURL() error {
	v := c.HTTP.PublicURL
	if v == "" {
		return nil
	}
	u, err := url.Parse(v)
	switch {
	case err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http"):
		return bad("http.public_url", quote(v), "want the address the owner's browser reaches SilentGuard at, e.g. \"https://sg.example.org\"")
	case u.RawQuery != "" || u.Fragment != "" || u.User != nil:
		return bad("http.public_url", quote(v), "want no query, fragment or user in it")
	case u.Scheme == "http" && !loopbackURL(v):
		return bad("http.public_url", quote(v), "use https: the links to the owner page carry their key (a reverse proxy such as Caddy or nginx adds TLS)")
	case c.HTTP.Listen == "":
		return bad("http.public_url", quote(v), "needs http.listen: the owner page is served by the listener")
	}
	return nil
}

// loopbackURL tells whether a URL names this machine.
func loopbackURL(v string) bool {
	u, err := url.Parse(v)
	if err != nil {
		return false
	}
	port := u.Port()
	if port == "" {
		port = "80"
	}
	return IsLoopback(net.JoinHostPort(u.Hostname(), port))
}

// IsLoopback tells whether a host:port listens on a loopback address only.
func IsLoopback(hostport string) bool {
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Contact is one allow-list entry, normalised.
type Contact struct {
	Kind  string // phone, matrix, telegram
	Value string // E.164, @user:server, numeric id
}

// ParseContact reads an allow-list entry: a phone number in any common
// format (national numbers use the owner's country), a Matrix ID, or
// "telegram:<user id>".
func ParseContact(s, country string) (Contact, error) {
	s = strings.TrimSpace(s)
	switch {
	case strings.HasPrefix(s, "@") && strings.Contains(s, ":"):
		return Contact{Kind: "matrix", Value: s}, nil
	case strings.HasPrefix(s, "telegram:"):
		id := strings.TrimPrefix(s, "telegram:")
		if id == "" || strings.Trim(id, "0123456789") != "" {
			return Contact{}, fmt.Errorf("a Telegram entry is \"telegram:<numeric user id>\"")
		}
		return Contact{Kind: "telegram", Value: id}, nil
	}
	e164, err := NormalizePhone(s, country)
	if err != nil {
		return Contact{}, fmt.Errorf("not a phone number when read as a number of %s (%s: the owner's country; write a number from elsewhere with + and its country code), nor a Matrix ID (@user:server) or telegram:<id>: %v",
			country, countryName(country), err)
	}
	return Contact{Kind: "phone", Value: e164}, nil
}

// NormalizePhone parses a phone number (national numbers in the given
// country) and returns it in E.164.
func NormalizePhone(s, country string) (string, error) { return phone.E164(s, country) }

// lineOf finds the line where a key is set, for errors that TOML leaves
// without one (unknown keys). It returns 0 when it can't tell.
func lineOf(data []byte, key toml.Key) int {
	if len(key) == 0 {
		return 0
	}
	lines := strings.Split(string(data), "\n")
	// Find the table that holds the key, then the key inside it.
	parent := key[:len(key)-1]
	leaf := key[len(key)-1]
	re := regexp.MustCompile(`^\s*["']?` + regexp.QuoteMeta(leaf) + `["']?\s*=`)
	// in finds the key in the table whose header is at start.
	in := func(start int) int {
		for i := start; i < len(lines); i++ {
			if re.MatchString(lines[i]) {
				return i + 1
			}
			if i > start && strings.HasPrefix(strings.TrimSpace(lines[i]), "[") && len(parent) > 0 {
				break
			}
		}
		return 0
	}
	if len(parent) == 0 {
		if l := in(0); l > 0 {
			return l
		}
	} else {
		// Every table of that name ([[owner.notify]] repeats): the first
		// that holds the key.
		want, found := strings.Join(parent, "."), false
		for i, l := range lines {
			t := strings.TrimSpace(l)
			if strings.HasPrefix(t, "[") && strings.Trim(strings.SplitN(t, "]", 2)[0], "[] ") == want {
				found = true
				if n := in(i); n > 0 {
					return n
				}
			}
		}
		if !found {
			// A dotted key inside a parent table, or the table header itself.
			for i, l := range lines {
				t := strings.TrimSpace(l)
				if strings.HasPrefix(t, "[") && strings.Contains(t, leaf) {
					return i + 1
				}
			}
			if l := in(0); l > 0 {
				return l
			}
		}
	}
	// A table header that is itself unknown.
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "[") && strings.Trim(strings.SplitN(t, "]", 2)[0], "[] ") == key.String() {
			return i + 1
		}
	}
	return 0
}

// lineOfDotted maps a validation key such as "owner[1].notify[0].url" to a
// line: the n-th [[owner]] header, then the n-th [[owner.notify]] after it,
// then the key inside that table. A key that is missing (a required one) or
// sits in an inline table falls back to the nearest line found on the way,
// so that every error points somewhere useful.
func lineOfDotted(data []byte, key string) int {
	lines := strings.Split(string(data), "\n")
	parts := strings.Split(key, ".")
	if i := strings.Index(key, `."`); i >= 0 && strings.HasSuffix(key, `"`) {
		// A quoted last key with dots of its own: detectors.weights."opener.wrong_name".
		parts = append(strings.Split(key[:i], "."), key[i+2:len(key)-1])
	}
	pos, best := 0, 0 // pos: where the current table starts; best: 1-based
	table := ""
	isHeader := func(l string) bool { return strings.HasPrefix(strings.TrimSpace(l), "[") }
	// keyLine finds "name =" inside the table that starts at pos.
	keyLine := func(name string) int {
		re := regexp.MustCompile(`^\s*["']?` + regexp.QuoteMeta(name) + `["']?\s*=`)
		for i := pos; i < len(lines); i++ {
			if isHeader(lines[i]) && (i > pos || table == "") {
				break // the next table begins
			}
			if re.MatchString(lines[i]) {
				return i + 1
			}
		}
		return 0
	}
	for pi, p := range parts {
		name, idx := p, -1
		if k := strings.IndexByte(p, '['); k >= 0 {
			name = p[:k]
			fmt.Sscanf(p[k:], "[%d]", &idx)
		}
		last := pi == len(parts)-1
		prefix := table
		if prefix != "" {
			prefix += "."
		}
		if last {
			if l := keyLine(name); l > 0 {
				return l
			}
			// The key names a whole table ("detectors").
			for i := pos; i < len(lines); i++ {
				if t := strings.TrimSpace(lines[i]); t == "["+prefix+name+"]" || t == "[["+prefix+name+"]]" {
					return i + 1
				}
			}
			return best
		}
		want := "[" + prefix + name + "]"
		if idx >= 0 {
			want = "[[" + prefix + name + "]]"
		}
		found, n := false, -1
		for i := pos; i < len(lines); i++ {
			if strings.TrimSpace(lines[i]) == want {
				if n++; idx < 0 || n == idx {
					pos, best, found = i, i+1, true
					break
				}
			}
		}
		if !found {
			// An inline table ("numbers = { ... }"), or a parent that only
			// appears in its children's headers ("sms" of [[sms.source]]).
			if l := keyLine(name); l > 0 {
				return l
			}
			if idx >= 0 {
				return best
			}
		}
		table = prefix + name
	}
	return best
}
