// Package pgtest gives a test a PostgreSQL database of its own, on the
// server that libpq's variables name (PGHOST, PGPORT, PGUSER, and
// PGPASSWORD if it needs one); .ci/run starts a throwaway one and sets
// them.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Required is the variable that makes a missing server fail the tests
// that need one, instead of skipping them (.ci/run sets it).
const Required = "SILENTGUARD_TEST_POSTGRES"

// Available tells whether the variables name a server.
func Available() bool { return os.Getenv("PGHOST") != "" }

// URI creates an empty database and returns a libpq connection string
// for it; the test's cleanup drops it. Without a server the test is
// skipped, or fails when Required is set.
func URI(t testing.TB) string {
	t.Helper()
	if !Available() {
		if os.Getenv(Required) != "" {
			t.Fatalf("%s is set but PGHOST is not: no PostgreSQL to test against", Required)
		}
		t.Skip("no PostgreSQL: set PGHOST, PGPORT and PGUSER (see .ci/run) to run this test")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cfg, err := pgx.ParseConfig("dbname=postgres sslmode=disable")
	if err != nil {
		t.Fatalf("postgres: %v", err)
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatalf("postgres: connect to the test server: %v", err)
	}
	defer conn.Close(ctx)
	name := dbName(t.Name())
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()); err != nil {
		t.Fatalf("postgres: create database %s: %v", name, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.ConnectConfig(ctx, cfg)
		if err != nil {
			t.Errorf("postgres: drop %s: %v", name, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP DATABASE "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)"); err != nil {
			t.Errorf("postgres: drop database %s: %v", name, err)
		}
	})
	return ConnString(cfg, name)
}

// ConnString is a libpq connection string for database name on the
// server cfg names.
func ConnString(cfg *pgx.ConnConfig, name string) string {
	s := fmt.Sprintf("host=%s port=%d user=%s dbname=%s sslmode=disable", cfg.Host, cfg.Port, cfg.User, name)
	if cfg.Password != "" {
		s += " password=" + cfg.Password
	}
	return s
}

var unsafe = regexp.MustCompile(`[^a-z0-9_]+`)

// dbName is a database name that says which test made it, and is new.
func dbName(test string) string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	n := strings.Trim(unsafe.ReplaceAllString(strings.ToLower(test), "_"), "_")
	if len(n) > 40 {
		n = n[len(n)-40:]
	}
	return "sgt_" + n + "_" + hex.EncodeToString(b)
}
