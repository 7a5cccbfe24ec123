package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/silentguard/silentguard/internal/pgtest"
)

// forget on PostgreSQL deletes the owner's rows, runs VACUUM (their space
// reusable at once) and says what is left: the bytes stay in the
// server's files, WAL and backups until reused or rolled over. It never
// prints the URI.
func TestForgetOnPostgres(t *testing.T) {
	uri := pgtest.URI(t)
	dir := t.TempDir()
	config := filepath.Join(dir, "silentguard.toml")
	if err := os.WriteFile(config, []byte(fmt.Sprintf(`data_dir = %q
[database]
type = "postgres"
uri = "env:SG_E2E_DATABASE_URI"
[[owner]]
id = "laura"
names = ["Laura"]
country = "IT"
  [[owner.notify]]
  type = "console"
`, filepath.Join(dir, "data"))), 0o600); err != nil {
		t.Fatal(err)
	}
	run := func() string {
		cmd := exec.Command(binary, "forget", "--owner", "laura", "--config", config)
		cmd.Env = append(os.Environ(), "SG_E2E_DATABASE_URI="+uri)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("forget: %v\n%s", err, out)
		}
		return string(out)
	}
	run() // creates the schema
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, uri)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `INSERT INTO conversation (owner, platform, conv_key, sender_id, first_seen, last_seen, state)
		VALUES ('laura', 'sms', 'k', '+39347', 0, 0, 'watching'), ('marco', 'sms', 'k', '+39347', 0, 0, 'watching')`); err != nil {
		t.Fatal(err)
	}
	out := run()
	for _, want := range []string{`Forgot everything stored about owner "laura"`, "VACUUM has made their space reusable",
		"their bytes stay in the server's files until it reuses that space, and in its WAL and backups"} {
		if !strings.Contains(out, want) {
			t.Errorf("forget said %q, want it to say %q", out, want)
		}
	}
	if strings.Contains(out, uri) {
		t.Errorf("forget printed the database URI: %q", out)
	}
	var laura, marco int
	if err := conn.QueryRow(ctx, `SELECT COUNT(*) FILTER (WHERE owner='laura'), COUNT(*) FILTER (WHERE owner='marco') FROM conversation`).Scan(&laura, &marco); err != nil {
		t.Fatal(err)
	}
	if laura != 0 || marco != 1 {
		t.Errorf("after forget: %d of laura's conversations, %d of marco's; want 0 and 1", laura, marco)
	}
	// VACUUM ran on the table the rows were deleted from.
	var vacuumed bool
	if err := conn.QueryRow(ctx, `SELECT last_vacuum IS NOT NULL FROM pg_stat_user_tables WHERE relname = 'conversation'`).Scan(&vacuumed); err != nil || !vacuumed {
		t.Errorf("conversation was not vacuumed: %v %v", vacuumed, err)
	}
}
