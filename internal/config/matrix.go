package config

import (
	"fmt"
	"net/url"
	"strings"
)

// MatrixConfig holds the bot accounts that send warnings on Matrix.
type MatrixConfig struct {
	// Encryption makes SilentGuard's devices real end-to-end encryption
	// devices (needs a build with -tags goolm).
	Encryption bool `toml:"encryption"`
	// PickleKey encrypts the crypto state kept in the database.
	PickleKey Secret            `toml:"pickle_key"`
	Bots      []MatrixBotConfig `toml:"bot"`
	// Appservice is the appservice mode (see AppserviceConfig).
	Appservice AppserviceConfig `toml:"appservice"`
}

// MatrixBotConfig is one bot account; it serves every owner on its
// homeserver.
type MatrixBotConfig struct {
	Homeserver  string `toml:"homeserver"`
	UserID      string `toml:"user_id"`
	AccessToken Secret `toml:"access_token"`
}

// OwnerMatrixConfig is the owner's own account, which SilentGuard reads
// (never writes) with a device of its own.
type OwnerMatrixConfig struct {
	Homeserver string `toml:"homeserver"`
	UserID     string `toml:"user_id"`
	// AccessToken and DeviceID of a device made for SilentGuard; or
	// Password, with which SilentGuard logs in a device named
	// "SilentGuard" once and keeps its token in the database.
	AccessToken Secret `toml:"access_token"`
	DeviceID    string `toml:"device_id"`
	Password    Secret `toml:"password"`
	// HistoryDays > 0 judges the unknown DMs of the last N days once, on
	// the very first start, and sends a single summary.
	HistoryDays int `toml:"history_days"`
	// RecoveryKey cross-signs SilentGuard's device, so that the owner's
	// clients show it as verified; environment or file only.
	RecoveryKey Secret `toml:"recovery_key"`
}

// Enabled tells whether the owner is watched on Matrix.
func (m *OwnerMatrixConfig) Enabled() bool { return m.UserID != "" }

// Bot finds the bot account for a homeserver URL.
func (m *MatrixConfig) Bot(homeserver string) *MatrixBotConfig {
	for i := range m.Bots {
		if strings.TrimRight(m.Bots[i].Homeserver, "/") == strings.TrimRight(homeserver, "/") {
			return &m.Bots[i]
		}
	}
	return nil
}

func validMatrixID(s string) bool {
	return strings.HasPrefix(s, "@") && strings.Contains(s, ":") && len(s) <= 255 && !strings.ContainsAny(s, " \t\n")
}

func validHomeserver(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

func (m *MatrixConfig) validate() error {
	if m.Encryption && m.PickleKey.ref == "" {
		return &FieldError{Key: "matrix.pickle_key", Err: fmt.Errorf("%w: encryption needs a pickle key (a long random string), as \"env:NAME\" or \"file:/path\"", ErrMissing)}
	}
	if err := m.Appservice.validate(); err != nil {
		return err
	}
	for i, b := range m.Bots {
		key := func(k string) string { return fmt.Sprintf("matrix.bot[%d].%s", i, k) }
		if !validHomeserver(b.Homeserver) {
			return bad(key("homeserver"), quote(b.Homeserver), "want the homeserver's client URL, e.g. \"https://matrix.example.org\"")
		}
		if !validMatrixID(b.UserID) {
			return bad(key("user_id"), quote(b.UserID), "want a Matrix ID such as \"@silentguard:example.org\"")
		}
		if b.AccessToken.ref == "" {
			return &FieldError{Key: key("access_token"), Err: fmt.Errorf("%w: the bot's access token, as \"env:NAME\" or \"file:/path\"", ErrMissing)}
		}
	}
	return nil
}

func (o *OwnerConfig) validateMatrix(i int, mc *MatrixConfig) error {
	m := &o.Matrix
	key := func(k string) string { return fmt.Sprintf("owner[%d].matrix.%s", i, k) }
	if !m.Enabled() {
		if m.Homeserver != "" || m.AccessToken.ref != "" || m.Password.ref != "" {
			return &FieldError{Key: key("user_id"), Err: fmt.Errorf("%w: the owner's Matrix ID, since other matrix settings are given", ErrMissing)}
		}
		for j, n := range o.Notify {
			if n.Type == "matrix" {
				return &FieldError{Key: fmt.Sprintf("owner[%d].notify[%d].type", i, j), Value: `"matrix"`,
					Err: fmt.Errorf("%w: [owner.matrix] user_id and homeserver, where the bot sends the warnings", ErrMissing)}
			}
		}
		return nil
	}
	if !validMatrixID(m.UserID) {
		return bad(key("user_id"), quote(m.UserID), "want a Matrix ID such as \"@laura:example.org\"")
	}
	if !validHomeserver(m.Homeserver) {
		return bad(key("homeserver"), quote(m.Homeserver), "want the homeserver's client URL, e.g. \"https://matrix.example.org\"")
	}
	if m.AccessToken.ref == "" && m.Password.ref == "" {
		return &FieldError{Key: key("access_token"), Err: fmt.Errorf("%w: an access token with its device_id, or a password to log in a SilentGuard device", ErrMissing)}
	}
	if m.AccessToken.ref != "" && m.DeviceID == "" {
		return &FieldError{Key: key("device_id"), Err: fmt.Errorf("%w: the device ID that goes with the access token", ErrMissing)}
	}
	if r := m.RecoveryKey.ref; r != "" && !strings.HasPrefix(r, "env:") && !strings.HasPrefix(r, "file:") {
		return bad(key("recovery_key"), `"[redacted]"`, "the recovery key is the owner's most sensitive secret: give it as \"env:NAME\" or \"file:/path\", never in the config file")
	}
	if m.RecoveryKey.ref != "" && !mc.Encryption {
		return bad(key("recovery_key"), m.RecoveryKey.Redacted(), "needs matrix.encryption = true")
	}
	if m.HistoryDays < 0 || m.HistoryDays > 90 {
		return bad(key("history_days"), m.HistoryDays, "must be between 0 (off) and 90")
	}
	for j, n := range o.Notify {
		if n.Type == "matrix" && mc.Bot(m.Homeserver) == nil {
			return &FieldError{Key: fmt.Sprintf("owner[%d].notify[%d].type", i, j), Value: `"matrix"`,
				Err: fmt.Errorf("%w: a [[matrix.bot]] for %s, which sends the warnings", ErrMissing, m.Homeserver)}
		}
	}
	return nil
}
