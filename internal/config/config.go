// Package config loads and validates SilentGuard's TOML configuration.
//
// Loading fills defaults, decodes the file over them, rejects unknown keys
// and bad values with the file, line, key and value, and resolves secrets
// (environment, a 0600 secrets file, or a 0600 config file).
package config

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/silentguard/silentguard/detectors"
)

// Config is the whole configuration file.
type Config struct {
	DataDir string `toml:"data_dir"`
	// MemoryLimitMiB is the Go runtime's soft memory limit, in MiB (0:
	// none); the GOMEMLIMIT environment variable, when set, wins.
	MemoryLimitMiB int             `toml:"memory_limit_mib"`
	Log            LogConfig       `toml:"log"`
	Database       DatabaseConfig  `toml:"database"`
	Watch          WatchConfig     `toml:"watch"`
	Delivery       DeliveryConfig  `toml:"delivery"`
	Detectors      DetectorsConfig `toml:"detectors"`
	HTTP           HTTPConfig      `toml:"http"`
	Matrix         MatrixConfig    `toml:"matrix"`
	Telegram       TelegramConfig  `toml:"telegram"`
	SMS            SMSConfig       `toml:"sms"`
	SMTP           SMTPConfig      `toml:"smtp"`
	Owners         []OwnerConfig   `toml:"owner"`

	// path is the file this was loaded from; "" for the built-in defaults.
	path string
	// data is the file's text, for the lines of CheckReload's errors.
	data []byte
	// notes are values read as something else ("UK" as "GB").
	notes []*FieldError
}

// Notes are the values that were accepted but read as something else
// (a country alias), each with its file, line and key.
func (c *Config) Notes() []string {
	out := make([]string, len(c.notes))
	for i, n := range c.notes {
		out[i] = n.Error()
	}
	return out
}

// LogConfig controls logging.
type LogConfig struct {
	Level string `toml:"level"`
	// Format is "auto" (human-readable on a terminal, JSON otherwise),
	// "console" or "json".
	Format string `toml:"format"`
	// Sensitive logs message text and phone numbers. For debugging only.
	Sensitive bool `toml:"sensitive"`
}

// DatabaseConfig selects the store.
type DatabaseConfig struct {
	// Type is "sqlite" (embedded) or "postgres".
	Type string `toml:"type"`
	// Path of the SQLite file; "" means <data_dir>/silentguard.db.
	Path string `toml:"path"`
	// URI is PostgreSQL's connection string (it may hold a password).
	URI Secret `toml:"uri"`
	// The PostgreSQL connection pool: at most MaxOpenConns connections,
	// MaxIdleConns of them kept open while idle (0: all of them), each
	// replaced after ConnMaxLifetime ("0s": never).
	MaxOpenConns    int      `toml:"max_open_conns"`
	MaxIdleConns    int      `toml:"max_idle_conns"`
	ConnMaxLifetime Duration `toml:"conn_max_lifetime"`
}

// Database types.
const (
	DatabaseSQLite   = "sqlite"
	DatabasePostgres = "postgres"
)

// WatchConfig is the watch policy: which conversations are judged.
type WatchConfig struct {
	Window      Duration `toml:"window"`
	MaxMessages int      `toml:"max_messages"`
	Retention   Duration `toml:"retention"`
	MinLevel    string   `toml:"min_level"`
}

// DeliveryConfig tunes the retries of failed notifications.
type DeliveryConfig struct {
	RetryMin     Duration `toml:"retry_min"`
	RetryMax     Duration `toml:"retry_max"`
	FailureAlert int      `toml:"failure_alert"`
}

// DetectorsConfig mirrors detectors.Config.
type DetectorsConfig struct {
	Caution float64            `toml:"caution"`
	Warning float64            `toml:"warning"`
	Alert   float64            `toml:"alert"`
	Weights map[string]float64 `toml:"weights"`
}

// HTTPConfig is the listener for the webhooks and /healthz.
type HTTPConfig struct {
	Listen  string `toml:"listen"`
	Token   Secret `toml:"token"`
	MaxBody int64  `toml:"max_body"`
	// PublicURL is where the owner's browser reaches the listener (through
	// a reverse proxy); warnings on ntfy, e-mail and HTTP targets link to
	// their owner page there. Empty: no links.
	PublicURL string `toml:"public_url"`
}

// OwnerConfig is one protected person.
type OwnerConfig struct {
	ID        string            `toml:"id"`
	Names     []string          `toml:"names"`
	Country   string            `toml:"country"`
	Languages []string          `toml:"languages"`
	Timezone  string            `toml:"timezone"`
	Allow     []string          `toml:"allow"`
	VCard     string            `toml:"vcard"`
	Matrix    OwnerMatrixConfig `toml:"matrix"`
	Notify    []NotifyConfig    `toml:"notify"`

	vcardNumbers []string
	notes        []*FieldError
}

// Known lists the owner's known identities: allow-list entries normalised
// (E.164 numbers, Matrix IDs, "telegram:<id>") and the vCard's numbers.
func (o *OwnerConfig) Known() []string {
	var out []string
	for _, a := range o.Allow {
		if c, err := ParseContact(a, o.Country); err == nil {
			if c.Kind == "telegram" {
				out = append(out, "telegram:"+c.Value)
			} else {
				out = append(out, c.Value)
			}
		}
	}
	return append(out, o.vcardNumbers...)
}

// NotifyConfig is one notification target of an owner.
type NotifyConfig struct {
	Name     string `toml:"name"`
	Type     string `toml:"type"`
	Quote    string `toml:"quote"`
	Path     string `toml:"path"`
	URL      string `toml:"url"`
	Topic    string `toml:"topic"`
	Priority int    `toml:"priority"`
	Token    Secret `toml:"token"`
	To       string `toml:"to"` // email: the owner's address
	Device   string `toml:"device"`
}

// Notifier types known to this build.
var notifierTypes = []string{"console", "ntfy", "http", "matrix", "telegram", "email"}

// Default returns the built-in defaults; config.example.toml documents the
// same values.
func Default() *Config {
	return &Config{
		DataDir:        "./data",
		MemoryLimitMiB: 40,
		Log:            LogConfig{Level: "info", Format: "auto"},
		Database:       DatabaseConfig{Type: DatabaseSQLite, MaxOpenConns: 16, ConnMaxLifetime: Duration(time.Hour)},
		Watch: WatchConfig{
			Window:      Duration(14 * 24 * time.Hour),
			MaxMessages: 40,
			Retention:   Duration(7 * 24 * time.Hour),
			MinLevel:    "caution",
		},
		Delivery: DeliveryConfig{
			RetryMin:     Duration(2 * time.Second),
			RetryMax:     Duration(30 * time.Second),
			FailureAlert: 5,
		},
		Detectors: func() DetectorsConfig {
			d := detectors.DefaultConfig()
			return DetectorsConfig{Caution: d.Caution, Warning: d.Warning, Alert: d.Alert, Weights: map[string]float64{}}
		}(),
		HTTP:     HTTPConfig{Listen: "127.0.0.1:8089", MaxBody: 64 << 10},
		Telegram: defaultTelegram(),
		SMS:      defaultSMS(),
		SMTP:     defaultSMTP(),
	}
}

// Path is the file the config came from ("" for built-in defaults).
func (c *Config) Path() string { return c.path }

// DatabaseName names the database for people: the SQLite file, or
// "PostgreSQL (database.uri)" (never the URI, which may hold a password).
func (c *Config) DatabaseName() string {
	if c.Database.Type == DatabasePostgres {
		return "PostgreSQL (database.uri " + c.Database.URI.Redacted() + ")"
	}
	return c.DatabasePath()
}

// DatabasePath is where the SQLite file lives.
func (c *Config) DatabasePath() string {
	if c.Database.Path != "" {
		return c.Database.Path
	}
	return strings.TrimSuffix(c.DataDir, "/") + "/silentguard.db"
}

// DetectorConfig converts the section to the detectors' own type.
func (c *Config) DetectorConfig() detectors.Config {
	w := make(map[string]float64, len(c.Detectors.Weights))
	for k, v := range c.Detectors.Weights {
		w[k] = v
	}
	return detectors.Config{Caution: c.Detectors.Caution, Warning: c.Detectors.Warning, Alert: c.Detectors.Alert, Weights: w}
}

// MinLevel is the lowest verdict level that notifies the owner.
func (c *Config) MinLevel() detectors.Level {
	l, _ := detectors.ParseLevel(c.Watch.MinLevel)
	return l
}

// Owner finds an owner by id.
func (c *Config) Owner(id string) *OwnerConfig {
	for i := range c.Owners {
		if c.Owners[i].ID == id {
			return &c.Owners[i]
		}
	}
	return nil
}

// Duration is a time.Duration written as "90s", "36h" or "14d".
type Duration time.Duration

// D returns the standard library type.
func (d Duration) D() time.Duration { return time.Duration(d) }

// maxDays is the longest duration in days that time.Duration holds.
const maxDays = float64(math.MaxInt64/int64(24*time.Hour)) - 1

// UnmarshalText accepts Go durations plus a "d" (24h) unit.
func (d *Duration) UnmarshalText(b []byte) error {
	s := strings.TrimSpace(string(b))
	if s == "0" || s == "" {
		*d = 0
		return nil
	}
	if days, ok := strings.CutSuffix(s, "d"); ok {
		// Not Sscanf: it reads "2d5d" as 2 days. NaN, infinities and day
		// counts past time.Duration's ~292 years would convert to a
		// negative duration.
		n, err := strconv.ParseFloat(days, 64)
		if err != nil || !(n >= 0 && n <= maxDays) {
			return fmt.Errorf("invalid duration %q (use e.g. \"14d\", \"36h\", \"90m\")", s)
		}
		*d = Duration(time.Duration(n * float64(24*time.Hour)))
		return nil
	}
	v, err := time.ParseDuration(s)
	if err != nil || v < 0 {
		return fmt.Errorf("invalid duration %q (use e.g. \"14d\", \"36h\", \"90m\")", s)
	}
	*d = Duration(v)
	return nil
}

// String is the duration in days when whole days ("14d"), else as Go
// writes it ("1h0m0s"), so that an error quoting a value does not show
// nanoseconds.
func (d Duration) String() string {
	b, _ := d.MarshalText()
	return string(b)
}

// MarshalText writes days when the duration is whole days.
func (d Duration) MarshalText() ([]byte, error) {
	v := time.Duration(d)
	if v != 0 && v%(24*time.Hour) == 0 {
		return []byte(fmt.Sprintf("%dd", v/(24*time.Hour))), nil
	}
	return []byte(v.String()), nil
}
