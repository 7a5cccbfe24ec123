package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

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

// A deployment moved from SQLite to PostgreSQL with `db migrate` goes on
// where it stopped: the next messages of a conversation that was warned
// about escalate it (a fresh database would start over and warn again),
// and no warning is delivered twice. The target must be empty: a second
// migration into it is refused and changes nothing.
func TestMigrateSQLiteToPostgres(t *testing.T) {
	uri := pgtest.URI(t)
	e := newEnv(t)
	d := e.start(t)
	for i, s := range script[:2] {
		if code, body, err := d.post(jsonMsg(fmt.Sprintf("m%d", i+1), s.text, s.fromOwner, t0.Add(time.Duration(i)*20*time.Minute))); err != nil || code != http.StatusAccepted {
			t.Fatalf("message %d: %d %s %v", i+1, code, body, err)
		}
	}
	testwait.For(t, "the first warning", 10*time.Second, func() bool { return len(readConsole(t, e.console)) == 1 })
	d.stop(t)

	dbPath := filepath.Join(e.dir, "data", "silentguard.db")
	env := append(os.Environ(), "SG_DB="+uri+" password="+e2ePassword)
	code, out, errOut := runBinary(t, env, "db", "migrate", "--from", "sqlite:"+dbPath, "--to", "postgres:env:SG_DB")
	if code != exitOK {
		t.Fatalf("db migrate: exit %d\n%s%s", code, out, errOut)
	}
	for _, want := range []string{"conversation ", "turn ", "warning ", "delivery ", "seen_event ", "secret ", "cursor "} {
		if !regexp.MustCompile(`(?m)^\s+` + want + `\s+[1-9]`).MatchString(out) {
			t.Errorf("the report does not show rows of %s copied:\n%s", want, out)
		}
	}
	code, again, errAgain := runBinary(t, env, "db", "migrate", "--from", "sqlite:"+dbPath, "--to", "postgres:env:SG_DB")
	if code != exitUsage || !strings.Contains(errAgain, "not empty") {
		t.Errorf("a second migration into the same database: exit %d\n%s%s", code, again, errAgain)
	}
	if strings.Contains(out+errOut+again+errAgain, e2ePassword) {
		t.Errorf("db migrate shows the password:\n%s%s%s%s", out, errOut, again, errAgain)
	}

	d = e.start(t, e.usePostgres(t, uri))
	for i, s := range script[2:] {
		n := i + 3
		if code, body, err := d.post(jsonMsg(fmt.Sprintf("m%d", n), s.text, s.fromOwner, t0.Add(time.Duration(n-1)*20*time.Minute))); err != nil || code != http.StatusAccepted {
			t.Fatalf("message %d: %d %s %v", n, code, body, err)
		}
	}
	testwait.For(t, "the escalation", 10*time.Second, func() bool { return len(readConsole(t, e.console)) == 2 })
	d.stop(t)
	got := readConsole(t, e.console)
	if len(got) != 2 || got[0].kind != "warning" || got[1].kind != "escalation" || got[0].id == got[1].id {
		t.Errorf("want the warning on SQLite, then its escalation on PostgreSQL; got %+v", got)
	}
}

// A holder whose lease connection is cut (the network, an admin's
// pg_terminate_backend) may no longer run the sessions: another instance
// can take the lease at once. It stops with exit 12, for its supervisor to
// start it again as a waiting one, and the waiting instance takes over.
func TestLeaseLostStopsTheHolder(t *testing.T) {
	uri := pgtest.URI(t)
	a, b := newEnv(t), newEnv(t)
	da := a.start(t, a.usePostgres(t, uri))
	running := func(d *daemon) func() bool {
		return func() bool { return strings.Contains(d.logs(), `"message":"SilentGuard is running"`) }
	}
	testwait.For(t, "the first instance to hold the lease", 10*time.Second, running(da))
	db := b.start(t, b.usePostgres(t, uri))
	testwait.For(t, "the second instance to wait", 10*time.Second, func() bool {
		return strings.Contains(db.logs(), "Another instance holds the adapters")
	})
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, uri)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var cut int
	if err := conn.QueryRow(ctx, `SELECT COUNT(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE application_name = 'silentguard lease adapters' AND datname = current_database()) t`).Scan(&cut); err != nil || cut != 1 {
		t.Fatalf("cut %d lease connections: %v", cut, err)
	}
	testwait.For(t, "the holder to stop", 10*time.Second, da.died)
	if code := da.cmd.ProcessState.ExitCode(); code != exitRuntime || !strings.Contains(da.logs(), "lease was lost") {
		t.Errorf("exit %d, want %d with the reason:\n%s", code, exitRuntime, da.logs())
	}
	testwait.For(t, "the waiting instance to take over", 10*time.Second, running(db))
	db.stop(t)
}

// db migrate's refusals: a bad --from or --to is a usage error (2), a
// config that does not load is 10, as everywhere.
func TestMigrateUsage(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.toml")
	if err := os.WriteFile(bad, []byte("[watch]\nmin_level = \"loud\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"db"}, exitUsage, "migrate"},
		{[]string{"db", "shrink"}, exitUsage, "unknown subcommand"},
		{[]string{"db", "migrate", "--to", "postgres:host=x"}, exitUsage, "--from sqlite:FILE"},
		{[]string{"db", "migrate", "--from", "sqlite:x.db", "--to", "mysql://x"}, exitUsage, "postgres:URI"},
		{[]string{"db", "migrate", "--from", "sqlite:x.db", "--to", "postgres:env:SG_NOT_SET_ANYWHERE"}, exitUsage, "SG_NOT_SET_ANYWHERE is not set"},
		{[]string{"db", "migrate", "--from", "sqlite:x.db", "--config", bad}, exitConfig, "min_level"},
	} {
		code, _, errOut := runBinary(t, nil, c.args...)
		if code != c.code || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, want %d with %q:\n%s", c.args, code, c.code, c.want, errOut)
		}
	}
}
