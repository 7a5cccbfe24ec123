// Package testhomeserver starts a real Matrix homeserver (Dendrite, built
// by .ci/run from the Go module proxy) on 127.0.0.1 for tests, with
// shared-secret registration. Its database is PostgreSQL when
// SILENTGUARD_TEST_POSTGRES is set (as in CI: Dendrite's SQLite backend can
// wedge when a client drops a sync mid-transaction, which the kill tests
// do on purpose), else SQLite files.
package testhomeserver

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/id"
	"maunium.net/go/mautrix/synapseadmin"

	"github.com/silentguard/silentguard/internal/e2e"
)

// Server is a running Dendrite.
type Server struct {
	URL    string
	Addr   string
	secret string
	dir    string
	bin    string
	cmd    *exec.Cmd
	exited chan struct{}
}

// binDir is where .ci/run installs dendrite and generate-keys.
func binDir() string {
	if d := os.Getenv("SILENTGUARD_DENDRITE_BIN"); d != "" {
		return d
	}
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", ".cache", "bin")
}

// RequireEnv, when set (as .ci/run does), makes a test that needs Dendrite
// fail without it instead of skipping.
const RequireEnv = "SILENTGUARD_REQUIRE_DENDRITE"

// Require returns the directory of the Dendrite binaries. Without them it
// fails the test when RequireEnv is set, and otherwise skips it with a
// message that says what did not run and how to run it. Call it at the top
// of a test whose subtests all need Dendrite: a parent whose subtests all
// skip reports PASS, as if it had checked something.
func Require(t testing.TB) string {
	t.Helper()
	bin := binDir()
	if _, err := os.Stat(filepath.Join(bin, "dendrite")); err != nil {
		msg := fmt.Sprintf("SKIPPED, NOT RUN: no dendrite in %s; this test needs a real Matrix homeserver. "+
			"Run .ci/run (it builds Dendrite into .cache/bin), or set SILENTGUARD_DENDRITE_BIN to a directory "+
			"holding dendrite and generate-keys; set %s=1 to fail instead of skipping", bin, RequireEnv)
		if os.Getenv(RequireEnv) != "" {
			t.Fatal(strings.Replace(msg, "SKIPPED, NOT RUN: ", "", 1))
		}
		t.Skip(msg)
	}
	return bin
}

// Start runs a fresh homeserver for the test and stops it at cleanup.
// Without Dendrite it fails or skips the test (see Require).
func Start(t testing.TB) *Server {
	t.Helper()
	return StartWith(t, Options{})
}

// Options change the homeserver StartWith runs.
type Options struct {
	// AppServices are registration files (app_service_api.config_files).
	AppServices []string
}

// StartWith is Start with options.
func StartWith(t testing.TB, opts Options) *Server {
	t.Helper()
	bin := Require(t)
	dir := t.TempDir()
	s := &Server{dir: dir, bin: bin, secret: randomHex(16)}
	key := filepath.Join(dir, "matrix_key.pem")
	if out, err := exec.Command(filepath.Join(bin, "generate-keys"), "--private-key", key).CombinedOutput(); err != nil {
		t.Fatalf("generate-keys: %v\n%s", err, out)
	}
	db := func(name string) string { return "file:" + filepath.Join(dir, name+".db") }
	global := ""
	if os.Getenv("SILENTGUARD_TEST_POSTGRES") != "" {
		// One fresh database per server; every component uses it.
		conn := postgresDatabase(t)
		global = fmt.Sprintf("  database: {connection_string: %q, max_open_conns: 10}\n", conn)
		db = func(string) string { return "" }
	}
	cfg := fmt.Sprintf(`version: 2
global:
  server_name: localhost
  private_key: %s
  disable_federation: true
  presence: {enable_inbound: false, enable_outbound: true}
  jetstream: {in_memory: true, storage_path: %s}
%sclient_api:
  registration_disabled: true
  registration_shared_secret: %s
  guests_disabled: true
  rate_limiting: {enabled: false}
federation_api: {database: {connection_string: %q}, key_perspectives: []}
key_server: {database: {connection_string: %q}}
media_api: {database: {connection_string: %q}, base_path: %s}
mscs: {database: {connection_string: %q}}
relay_api: {database: {connection_string: %q}}
room_server: {database: {connection_string: %q}}
sync_api: {database: {connection_string: %q}}
user_api: {account_database: {connection_string: %q}, bcrypt_cost: 4}
logging: [{type: std, level: warn}]
app_service_api: {config_files: [%s]}
`, key, dir, global, s.secret, db("federationapi"), db("keyserver"), db("mediaapi"), filepath.Join(dir, "media"),
		db("mscs"), db("relayapi"), db("roomserver"), db("syncapi"), db("userapi"), quoteAll(opts.AppServices))
	if err := os.WriteFile(filepath.Join(dir, "dendrite.yaml"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	addr, err := e2e.FreeAddr()
	if err != nil {
		t.Fatal(err)
	}
	s.Addr = addr
	s.URL = "http://" + s.Addr
	s.start(t)
	t.Cleanup(func() {
		s.Stop()
		if t.Failed() {
			if log, err := os.ReadFile(filepath.Join(dir, "dendrite.log")); err == nil && len(log) > 0 {
				if len(log) > 8000 {
					log = log[len(log)-8000:]
				}
				t.Logf("dendrite log (tail):\n%s", log)
			}
		}
	})
	return s
}

func (s *Server) start(t testing.TB) {
	t.Helper()
	s.cmd = exec.Command(filepath.Join(s.bin, "dendrite"), "-config", filepath.Join(s.dir, "dendrite.yaml"),
		"-http-bind-address", s.Addr)
	s.cmd.Dir = s.dir
	logf, err := os.OpenFile(filepath.Join(s.dir, "dendrite.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	s.cmd.Stdout, s.cmd.Stderr = logf, logf
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("start dendrite: %v", err)
	}
	s.exited = make(chan struct{})
	go func() { s.cmd.Wait(); logf.Close(); close(s.exited) }()
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(s.URL + "/_matrix/client/versions")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		select {
		case <-s.exited:
			log, _ := os.ReadFile(filepath.Join(s.dir, "dendrite.log"))
			t.Fatalf("dendrite exited at start:\n%s", log)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("dendrite did not become ready")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// postgresDatabase creates an empty database for one server on the
// PostgreSQL that PGHOST, PGPORT and PGUSER name (libpq's own variables,
// which createdb and dropdb read) and drops it at cleanup, after the
// server has stopped (cleanups run last-registered first).
func postgresDatabase(t testing.TB) string {
	t.Helper()
	name := "dendrite_" + randomHex(6)
	if out, err := exec.Command("createdb", name).CombinedOutput(); err != nil {
		t.Fatalf("createdb %s (PGHOST=%s PGPORT=%s): %v\n%s", name, os.Getenv("PGHOST"), os.Getenv("PGPORT"), err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("dropdb", "--if-exists", "--force", name).CombinedOutput(); err != nil {
			t.Logf("dropdb %s: %v\n%s", name, err, out)
		}
	})
	user := os.Getenv("PGUSER")
	if user == "" {
		user = "postgres"
	}
	return fmt.Sprintf("postgres://%s@%s:%s/%s?sslmode=disable", user, os.Getenv("PGHOST"), os.Getenv("PGPORT"), name)
}

// Stop ends the server (SIGTERM, then SIGKILL).
func (s *Server) Stop() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	select {
	case <-s.exited:
		return
	default:
	}
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
	case <-time.After(5 * time.Second):
		s.cmd.Process.Kill()
		<-s.exited
	}
}

// Restart stops and starts the server on the same address and data, to
// test clients that must back off and resume.
func (s *Server) Restart(t testing.TB, down time.Duration) {
	s.Stop()
	time.Sleep(down)
	s.start(t)
}

// User registers an account and returns a client logged in on a new
// device.
func (s *Server) User(t testing.TB, localpart, displayName string) *mautrix.Client {
	t.Helper()
	cli, _ := s.UserWithPassword(t, localpart, displayName)
	return cli
}

// UserWithPassword is User, also returning the password.
func (s *Server) UserWithPassword(t testing.TB, localpart, displayName string) (*mautrix.Client, string) {
	t.Helper()
	ctx := context.Background()
	admin, err := mautrix.NewClient(s.URL, "", "")
	if err != nil {
		t.Fatal(err)
	}
	password := "pw-" + randomHex(8)
	_, err = (&synapseadmin.Client{Client: admin}).SharedSecretRegister(ctx, s.secret, synapseadmin.ReqSharedSecretRegister{
		Username: localpart, Password: password, Displayname: displayName,
	})
	if err != nil {
		t.Fatalf("register %s: %v", localpart, err)
	}
	return s.Login(t, localpart, password), password
}

// Login logs in as an existing user on a fresh device.
func (s *Server) Login(t testing.TB, localpart, password string) *mautrix.Client {
	t.Helper()
	cli, err := mautrix.NewClient(s.URL, "", "")
	if err != nil {
		t.Fatal(err)
	}
	_, err = cli.Login(context.Background(), &mautrix.ReqLogin{
		Type:             mautrix.AuthTypePassword,
		Identifier:       mautrix.UserIdentifier{Type: mautrix.IdentifierTypeUser, User: localpart},
		Password:         password,
		StoreCredentials: true,
	})
	if err != nil {
		t.Fatalf("login %s: %v", localpart, err)
	}
	return cli
}

// UserID is the full Matrix ID of a localpart on this server.
func UserID(localpart string) id.UserID { return id.NewUserID(localpart, "localhost") }

func quoteAll(paths []string) string {
	q := make([]string, len(paths))
	for i, p := range paths {
		q[i] = fmt.Sprintf("%q", p)
	}
	return strings.Join(q, ", ")
}

// Secret is the shared registration secret, for tests that register
// users their own way.
func (s *Server) Secret() string { return s.secret }

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
