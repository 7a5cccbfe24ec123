package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	mas "maunium.net/go/mautrix/appservice"

	"github.com/silentguard/silentguard/internal/pgtest"
)

// The registration a new admin installs: tokens made once and kept in the
// database (the same file every time), the address and bot of the config,
// a users namespace that is not exclusive, no rate limit; private.
func TestMatrixRegistration(t *testing.T) {
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "sg.toml")
	cfg := "data_dir = " + strconvQuote(filepath.Join(dir, "data")) + "\n" + appserviceSection
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	// A file already there, readable by all, and open by a reader: the
	// tokens never go into it (the file is replaced).
	out := filepath.Join(dir, "reg.yaml")
	if err := os.WriteFile(out, []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	before, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer before.Close()
	code, stdout, stderr := runBinary(t, nil, "matrix", "registration", "--config", cfgPath, "--out", out)
	if code != exitOK {
		t.Fatalf("exit %d: %s%s", code, stdout, stderr)
	}
	if seen, err := io.ReadAll(before); err != nil || strings.Contains(string(seen), "token") {
		t.Errorf("the tokens were written into the file that was there (mode 0644): %v", err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".reg.yaml.*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
	if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("registration file: %v, mode %v", err, fi.Mode())
	}
	reg, err := mas.LoadRegistration(out)
	if err != nil {
		t.Fatal(err)
	}
	if reg.ID != "silentguard" || reg.URL != "http://silentguard.internal:29340" || reg.SenderLocalpart != "silentguard" ||
		reg.RateLimited == nil || *reg.RateLimited || len(reg.AppToken) != 64 || len(reg.ServerToken) != 64 || reg.AppToken == reg.ServerToken {
		t.Errorf("registration: %+v", reg)
	}
	if ns := reg.Namespaces.UserIDs; len(ns) != 1 || ns[0].Exclusive || ns[0].Regex != `^@.*:example\.org$` {
		t.Errorf("users namespace: %+v", ns)
	}
	// Again, to stdout: the same tokens.
	code, again, stderr := runBinary(t, nil, "matrix", "registration", "--config", cfgPath)
	if code != exitOK || !strings.Contains(again, "as_token: '"+reg.AppToken+"'") || !strings.Contains(again, "hs_token: '"+reg.ServerToken+"'") {
		t.Fatalf("second run: exit %d, tokens differ:\n%s%s", code, again, stderr)
	}
	if !strings.Contains(again, "app_service_config_files") || !strings.Contains(again, "app_service_api.config_files") {
		t.Errorf("the file does not say how to install it:\n%s", again)
	}

	// Tokens given in the config win, and a bad field names its line.
	t.Setenv("SG_TEST_AS", strings.Repeat("a", 40))
	t.Setenv("SG_TEST_HS", strings.Repeat("h", 40))
	given := cfg + "as_token = \"env:SG_TEST_AS\"\nhs_token = \"env:SG_TEST_HS\"\n"
	if err := os.WriteFile(cfgPath, []byte(given), 0o600); err != nil {
		t.Fatal(err)
	}
	code, text, stderr := runBinary(t, os.Environ(), "matrix", "registration", "--config", cfgPath)
	if code != exitOK || !strings.Contains(text, "as_token: '"+strings.Repeat("a", 40)+"'") {
		t.Fatalf("tokens from the environment: exit %d\n%s%s", code, text, stderr)
	}
	if err := os.WriteFile(cfgPath, []byte(strings.Replace(cfg, `listen = "127.0.0.1:29340"`, `listen = "nowhere"`, 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = runBinary(t, nil, "matrix", "registration", "--config", cfgPath)
	if code != exitConfig || !strings.Contains(stderr, cfgPath+":") || !strings.Contains(stderr, "matrix.appservice.listen") {
		t.Errorf("bad listen: exit %d, %s", code, stderr)
	}
}

// appserviceSection turns the appservice on, for the registration tests.
const appserviceSection = `[matrix.appservice]
enabled = true
homeserver = "http://127.0.0.1:8008"
server_name = "example.org"
listen = "127.0.0.1:29340"
address = "http://silentguard.internal:29340"
`

func strconvQuote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"` }

// On PostgreSQL the registration's tokens are kept in that database, the
// daemon's, not in a SQLite file beside the config; an unreachable server
// is a database failure (11).
func TestMatrixRegistrationOnPostgres(t *testing.T) {
	uri := pgtest.URI(t)
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "sg.toml")
	cfg := "data_dir = " + strconvQuote(filepath.Join(dir, "data")) + `
[database]
type = "postgres"
uri = "env:SG_TEST_DATABASE_URI"
` + appserviceSection
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "SG_TEST_DATABASE_URI="+uri)
	code, first, stderr := runBinary(t, env, "matrix", "registration", "--config", cfgPath)
	if code != exitOK || !strings.Contains(first, "as_token: '") {
		t.Fatalf("exit %d: %s%s", code, first, stderr)
	}
	if code, again, stderr := runBinary(t, env, "matrix", "registration", "--config", cfgPath); code != exitOK || again != first {
		t.Fatalf("second run: exit %d, tokens differ:\n%s\n%s%s", code, first, again, stderr)
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "data", "*")); len(files) > 0 {
		t.Errorf("files in data_dir with PostgreSQL: %v", files)
	}
	// The tokens are where the daemon reads them: in PostgreSQL.
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, uri)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var n int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'`).Scan(&n); err != nil || n == 0 {
		t.Errorf("no table in the PostgreSQL database: %d %v", n, err)
	}
	bad := append(os.Environ(), "SG_TEST_DATABASE_URI=postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=2")
	if code, _, stderr := runBinary(t, bad, "matrix", "registration", "--config", cfgPath); code != exitDatabase {
		t.Errorf("unreachable PostgreSQL: exit %d, want %d: %s", code, exitDatabase, stderr)
	}
}
