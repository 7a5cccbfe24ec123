package main

import (
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/silentguard/silentguard/internal/pgtest"
	"github.com/silentguard/silentguard/internal/testwait"
)

// usePostgres points e's config at a database of PostgreSQL, through the
// environment variable SG_E2E_DATABASE_URI (a secret, as a deployment
// would give it); it returns the variable to pass to the daemon. The URI
// carries a password that the test server ignores, so that the logs can
// be searched for it.
func (e *env) usePostgres(t *testing.T, uri string) string {
	t.Helper()
	b, err := os.ReadFile(e.config)
	if err != nil {
		t.Fatal(err)
	}
	cfg := strings.Replace(string(b), "[log]", "[database]\ntype = \"postgres\"\nuri = \"env:SG_E2E_DATABASE_URI\"\nmax_open_conns = 8\n[log]", 1)
	if err := os.WriteFile(e.config, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return "SG_E2E_DATABASE_URI=" + uri + " password=" + e2ePassword
}

const e2ePassword = "pgsecret9431"

// The daemon on PostgreSQL: a scam opener is warned about, and the
// database URI's password is never logged.
func TestPostgresEndToEnd(t *testing.T) {
	uri := pgtest.URI(t)
	e := newEnv(t)
	d := e.start(t, e.usePostgres(t, uri))
	code, body, err := d.post(jsonMsg("m1", "Hi Marco, are we still on for coffee at the usual place at 5?", false, t0))
	if err != nil || code != http.StatusAccepted {
		t.Fatalf("POST opener: %d %s %v", code, body, err)
	}
	testwait.For(t, "the console warning", 10*time.Second, func() bool { return len(readConsole(t, e.console)) == 1 })
	// A redelivery changes nothing.
	if code, body, err := d.post(jsonMsg("m1", "Hi Marco, are we still on for coffee at the usual place at 5?", false, t0)); err != nil || code != http.StatusAccepted {
		t.Fatalf("POST again: %d %s %v", code, body, err)
	}
	d.stop(t)
	if n := len(readConsole(t, e.console)); n != 1 {
		t.Errorf("%d warnings, want 1", n)
	}
	if _, err := os.Stat(e.dir + "/data/silentguard.db"); !os.IsNotExist(err) {
		t.Errorf("a SQLite file was made beside a PostgreSQL database: %v", err)
	}
	if logs := d.logs(); strings.Contains(logs, e2ePassword) || strings.Contains(logs, "Marco") {
		t.Errorf("the logs show the password or the text:\n%s", logs)
	}
}
