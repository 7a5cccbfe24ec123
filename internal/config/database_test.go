package config

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestDatabasePostgres(t *testing.T) {
	t.Setenv("SG_TEST_DB_URI", "postgres://sg:hunter2secret@db.example.org/sg")
	cfg, err := Parse("/etc/sg.toml", []byte("[database]\ntype = \"postgres\"\nuri = \"env:SG_TEST_DB_URI\"\nmax_open_conns = 4\nmax_idle_conns = 2\nconn_max_lifetime = \"10m\"\n"), false)
	if err != nil {
		t.Fatal(err)
	}
	d := cfg.Database
	if d.URI.Value() != "postgres://sg:hunter2secret@db.example.org/sg" || d.MaxOpenConns != 4 || d.MaxIdleConns != 2 || d.ConnMaxLifetime.D() != 10*time.Minute {
		t.Errorf("read %+v", d)
	}
	if name := cfg.DatabaseName(); strings.Contains(name, "hunter2") || !strings.Contains(name, "env:SG_TEST_DB_URI") {
		t.Errorf("DatabaseName() = %q", name)
	}
	def := Default().Database
	if def.MaxOpenConns != 16 || def.MaxIdleConns != 0 || def.ConnMaxLifetime.D() != time.Hour {
		t.Errorf("pool defaults %+v", def)
	}
}

func TestDatabaseErrors(t *testing.T) {
	t.Setenv("SG_TEST_BAD_URI", "mysql://sg:hunter2secret@db")
	for _, tc := range []struct {
		name, data string
		line       int
		key        string
		is         error
	}{
		{"unknown type", "[database]\ntype = \"mysql\"\n", 2, "database.type", ErrBadValue},
		{"postgres without uri", "\n[database]\ntype = \"postgres\"\n", 2, "database.uri", ErrMissing},
		{"uri for sqlite", "[database]\nuri = \"env:SG_TEST_BAD_URI\"\n", 2, "database.uri", ErrBadValue},
		{"path for postgres", "[database]\ntype = \"postgres\"\npath = \"x.db\"\nuri = \"env:SG_TEST_BAD_URI\"\n", 3, "database.path", ErrBadValue},
		{"not a postgres uri", "[database]\ntype = \"postgres\"\nuri = \"env:SG_TEST_BAD_URI\"\n", 3, "database.uri", ErrBadValue},
		{"literal uri in a readable file", "[database]\ntype = \"postgres\"\nuri = \"postgres://sg:hunter2secret@db/sg\"\n", 3, "database.uri", ErrUnsafePermissions},
		{"unset variable", "[database]\ntype = \"postgres\"\nuri = \"env:SG_TEST_NOT_SET\"\n", 3, "database.uri", nil},
		{"pool", "[database]\nmax_open_conns = 0\n", 2, "database.max_open_conns", ErrBadValue},
		{"idle above open", "[database]\nmax_open_conns = 2\nmax_idle_conns = 3\n", 3, "database.max_idle_conns", ErrBadValue},
		{"negative lifetime", "[database]\nconn_max_lifetime = \"-1s\"\n", 2, "database.conn_max_lifetime", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("/etc/sg.toml", []byte(tc.data), false)
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("%v, want a FieldError", err)
			}
			if fe.File != "/etc/sg.toml" || fe.Line != tc.line || fe.Key != tc.key || (tc.is != nil && !errors.Is(err, tc.is)) {
				t.Errorf("%v: want line %d, key %s, %v", err, tc.line, tc.key, tc.is)
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Errorf("the error shows the password: %v", err)
			}
		})
	}
}
