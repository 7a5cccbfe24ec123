package config

import (
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// TelegramConfig is the Telegram adapter: a bot that Telegram Business
// connects to the owners' accounts, and that answers /check in its private
// chat with each owner.
type TelegramConfig struct {
	Enabled bool `toml:"enabled"`
	// Token is the bot token from @BotFather.
	Token Secret `toml:"token"`
	// Mode is "polling" (getUpdates long polling) or "webhook".
	Mode string `toml:"mode"`
	// APIURL is the Bot API server.
	APIURL string `toml:"api_url"`
	// PollTimeout is how long one getUpdates call waits for updates.
	PollTimeout Duration `toml:"poll_timeout"`
	// WebhookURL is the public HTTPS URL Telegram posts updates to; its
	// path is served on the [http] listener.
	WebhookURL string `toml:"webhook_url"`
	// WebhookSecret is what Telegram must send in the
	// X-Telegram-Bot-Api-Secret-Token header.
	WebhookSecret Secret `toml:"webhook_secret"`
	// Owners maps a Telegram user id (a string key, "123456789") to the id
	// of the owner it belongs to.
	Owners map[string]string `toml:"owners"`
}

// Telegram modes.
const (
	TelegramPolling = "polling"
	TelegramWebhook = "webhook"
)

func defaultTelegram() TelegramConfig {
	return TelegramConfig{Mode: TelegramPolling, APIURL: "https://api.telegram.org",
		PollTimeout: Duration(50 * time.Second), Owners: map[string]string{}}
}

// UserOwners maps Telegram user ids to owner ids.
func (t *TelegramConfig) UserOwners() map[int64]string {
	out := make(map[int64]string, len(t.Owners))
	for k, v := range t.Owners {
		if id, err := strconv.ParseInt(strings.TrimSpace(k), 10, 64); err == nil {
			out[id] = v
		}
	}
	return out
}

// WebhookPath is the path of WebhookURL, served on the [http] listener.
func (t *TelegramConfig) WebhookPath() string {
	u, err := url.Parse(t.WebhookURL)
	if err != nil || u.Path == "" {
		return "/"
	}
	return u.Path
}

// webhookSecretPattern is what the Bot API accepts as a secret_token.
var webhookSecretPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

func (c *Config) validateTelegram() error {
	t := &c.Telegram
	if t.Mode != TelegramPolling && t.Mode != TelegramWebhook {
		return bad("telegram.mode", quote(t.Mode), "use polling or webhook")
	}
	if u, err := url.Parse(t.APIURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return bad("telegram.api_url", quote(t.APIURL), "want the Bot API server's URL, e.g. \"https://api.telegram.org\"")
	}
	if d := t.PollTimeout.D(); d < time.Second || d > 5*time.Minute {
		return bad("telegram.poll_timeout", quote(t.PollTimeout), "must be between 1s and 5m (Telegram's own clients use 50s)")
	}
	// Sorted, so that the first error is the same on every run.
	keys := make([]string, 0, len(t.Owners))
	for k := range t.Owners {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		key := "telegram.owners." + k
		if id, err := strconv.ParseInt(k, 10, 64); err != nil || id <= 0 {
			return bad(key, quote(k), "the key is a Telegram user id (digits only, e.g. \"123456789\"; send /start to the bot and read user_id in the log)")
		}
		if c.Owner(t.Owners[k]) == nil {
			return bad(key, quote(t.Owners[k]), "no [[owner]] has this id")
		}
	}
	if !t.Enabled {
		return nil
	}
	if t.Token.ref == "" {
		return &FieldError{Key: "telegram.token", Err: fmt.Errorf("%w: the bot token from @BotFather, as \"env:NAME\" or \"file:/path\"", ErrMissing)}
	}
	if len(t.Owners) == 0 {
		return &FieldError{Key: "telegram.owners", Err: fmt.Errorf("%w: at least one Telegram user id mapped to an owner id (\"123456789\" = \"%s\"), or no one is protected", ErrMissing, firstOwnerID(c))}
	}
	if t.Mode == TelegramWebhook {
		u, err := url.Parse(t.WebhookURL)
		if err != nil || u.Scheme != "https" || u.Host == "" {
			return bad("telegram.webhook_url", quote(t.WebhookURL), "webhook mode needs the public https:// URL that Telegram posts to")
		}
		if t.WebhookSecret.ref == "" {
			return &FieldError{Key: "telegram.webhook_secret", Err: fmt.Errorf("%w: webhook mode needs a secret token (1-256 of A-Z, a-z, 0-9, _ and -), as \"env:NAME\" or \"file:/path\"", ErrMissing)}
		}
		if c.HTTP.Listen == "" {
			return bad("http.listen", `""`, "telegram webhook mode is served on the [http] listener; set http.listen")
		}
	}
	return nil
}

func firstOwnerID(c *Config) string {
	if len(c.Owners) > 0 {
		return c.Owners[0].ID
	}
	return "owner-id"
}

// validateTelegramNotify checks the owner's "telegram" notification
// targets: they need the adapter and a Telegram account of the owner's.
func (o *OwnerConfig) validateTelegramNotify(i int, t *TelegramConfig) error {
	for j, n := range o.Notify {
		if n.Type != "telegram" {
			continue
		}
		key := fmt.Sprintf("owner[%d].notify[%d].type", i, j)
		if !t.Enabled {
			return bad(key, `"telegram"`, "needs the Telegram bot: set telegram.enabled = true and telegram.token")
		}
		mapped := false
		for _, owner := range t.Owners {
			mapped = mapped || owner == o.ID
		}
		if !mapped {
			return bad(key, `"telegram"`, "no Telegram user id belongs to owner %q: add \"<user id>\" = %q under [telegram.owners]", o.ID, o.ID)
		}
	}
	return nil
}

func (t *TelegramConfig) resolve(path string, configSafe bool) error {
	if !t.Enabled {
		return nil
	}
	if err := t.Token.resolve(path, configSafe); err != nil {
		return &FieldError{Key: "telegram.token", Value: t.Token.Redacted(), Err: err}
	}
	if t.Mode != TelegramWebhook {
		return nil
	}
	if err := t.WebhookSecret.resolve(path, configSafe); err != nil {
		return &FieldError{Key: "telegram.webhook_secret", Value: t.WebhookSecret.Redacted(), Err: err}
	}
	if !webhookSecretPattern.MatchString(t.WebhookSecret.Value()) {
		return &FieldError{Key: "telegram.webhook_secret", Value: t.WebhookSecret.Redacted(),
			Err: fmt.Errorf("%w: Telegram accepts 1-256 characters of A-Z, a-z, 0-9, _ and -", ErrBadValue)}
	}
	return nil
}
