package config

import (
	"fmt"
	"strings"
)

func (d *DatabaseConfig) validate() error {
	switch d.Type {
	case DatabaseSQLite:
		if d.URI.ref != "" {
			return bad("database.uri", d.URI.Redacted(), "is for type = \"postgres\"; SQLite uses database.path")
		}
	case DatabasePostgres:
		if d.URI.ref == "" {
			return &FieldError{Key: "database.uri", Err: fmt.Errorf("%w: type = \"postgres\" needs the connection URI, e.g. \"env:SILENTGUARD_DATABASE_URI\" holding postgres://silentguard:PASSWORD@db.example.org/silentguard", ErrMissing)}
		}
		if d.Path != "" {
			return bad("database.path", quote(d.Path), "is for type = \"sqlite\"; PostgreSQL uses database.uri")
		}
	default:
		return bad("database.type", quote(d.Type), "use \"sqlite\" or \"postgres\"")
	}
	if d.MaxOpenConns < 1 || d.MaxOpenConns > 1000 {
		return bad("database.max_open_conns", d.MaxOpenConns, "must be between 1 and 1000")
	}
	if d.MaxIdleConns < 0 || d.MaxIdleConns > d.MaxOpenConns {
		return bad("database.max_idle_conns", d.MaxIdleConns, "must be between 0 and database.max_open_conns (%d)", d.MaxOpenConns)
	}
	return nil
}

// resolve reads the URI and checks its form; errors never show it.
func (d *DatabaseConfig) resolve(path string, configSafe bool) error {
	if err := d.URI.resolve(path, configSafe); err != nil {
		return &FieldError{Key: "database.uri", Value: d.URI.Redacted(), Err: err}
	}
	v := d.URI.Value()
	if v == "" || strings.HasPrefix(v, "postgres://") || strings.HasPrefix(v, "postgresql://") || strings.Contains(v, "=") {
		return nil
	}
	return &FieldError{Key: "database.uri", Value: d.URI.Redacted(), Err: fmt.Errorf("%w: want a postgres:// URI or libpq's key=value form", ErrBadValue)}
}
