package config

import (
	"errors"
	"fmt"
	"os"
	"strings"
)

// Secret is a value that must never be logged. In the file it is written
// as "env:NAME" (read from the environment), "file:/path" (read from a file
// that only its owner can read) or, when the config file itself is only
// readable by its owner, the literal value.
type Secret struct {
	ref   string // what the file says, for error messages (never the value)
	value string
}

// ErrUnsafePermissions is returned for a secret-bearing file that group or
// others can read.
var ErrUnsafePermissions = errors.New("readable by group or others")

// UnmarshalText keeps the reference; Resolve reads it.
func (s *Secret) UnmarshalText(b []byte) error {
	s.ref = string(b)
	return nil
}

// MarshalText never writes the value.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.Redacted()), nil }

// String redacts the value, so fmt and loggers can't leak it.
func (s Secret) String() string { return s.Redacted() }

// Redacted describes where the secret comes from without its value.
func (s Secret) Redacted() string {
	switch {
	case s.ref == "":
		return ""
	case strings.HasPrefix(s.ref, "env:"), strings.HasPrefix(s.ref, "file:"):
		return s.ref
	default:
		return "[redacted]"
	}
}

// Value is the resolved secret ("" when unset).
func (s Secret) Value() string { return s.value }

// IsSet tells whether the file (or environment) gave a value.
func (s Secret) IsSet() bool { return s.value != "" }

// NewSecret makes a resolved secret, for tests and environment overrides.
func NewSecret(value string) Secret { return Secret{ref: "[redacted]", value: value} }

// resolve reads the secret. configSafe tells whether the config file itself
// is private, which literal secrets require.
func (s *Secret) resolve(configPath string, configSafe bool) error {
	switch {
	case s.ref == "":
		return nil
	case strings.HasPrefix(s.ref, "env:"):
		name := strings.TrimPrefix(s.ref, "env:")
		v, ok := os.LookupEnv(name)
		if !ok || v == "" {
			return fmt.Errorf("environment variable %s is not set", name)
		}
		s.value = v
	case strings.HasPrefix(s.ref, "file:"):
		p := strings.TrimPrefix(s.ref, "file:")
		if err := CheckPrivate(p); err != nil {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return fmt.Errorf("read secret file: %w", err)
		}
		s.value = strings.TrimSpace(string(b))
		if s.value == "" {
			return fmt.Errorf("secret file %s is empty", p)
		}
	default:
		if !configSafe {
			return fmt.Errorf("a literal secret needs a private config file: %s is %w; run: chmod 600 %s (or use \"env:NAME\" / \"file:/path\")", configPath, ErrUnsafePermissions, configPath)
		}
		s.value = s.ref
	}
	return nil
}

// CheckPrivate refuses a file that group or others may read.
func CheckPrivate(path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("secret file: %w", err)
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return fmt.Errorf("secret file %s has mode %04o, %w; run: chmod 600 %s", path, fi.Mode().Perm(), ErrUnsafePermissions, path)
	}
	return nil
}
