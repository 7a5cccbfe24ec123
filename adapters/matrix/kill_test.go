package matrix_test

import (
	"context"
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/silentguard/silentguard/internal/e2e"
)

// The kill tests run the real binary, with the failpoints they arm.
func TestMain(m *testing.M) {
	code := m.Run()
	e2e.Cleanup()
	os.Exit(code)
}

// silentguardBinary is the release build plus the failpoints the kill
// tests arm, which the release binary leaves out.
func silentguardBinary(t testing.TB) string {
	t.Helper()
	bin, err := e2e.Binary("failpoint")
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

type proc struct {
	cmd  *exec.Cmd
	done chan struct{} // closed when the process has exited
}

func (w *world) runBinary(t testing.TB, cfgPath string, env ...string) *proc {
	t.Helper()
	cmd := exec.Command(silentguardBinary(t), "run", "--config", cfgPath)
	cmd.Env = append(os.Environ(), env...)
	logf, _ := os.OpenFile(filepath.Join(w.dataDir, "sg.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &proc{cmd: cmd, done: make(chan struct{})}
	go func() { cmd.Wait(); logf.Close(); close(p.done) }()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-p.done
		if t.Failed() {
			if b, err := os.ReadFile(filepath.Join(w.dataDir, "sg.log")); err == nil {
				t.Logf("silentguard log:\n%s", b)
			}
		}
	})
	return p
}

func (p *proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

func (p *proc) stop(t testing.TB) {
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(15 * time.Second):
		t.Fatal("no exit after SIGTERM")
	}
}

func (w *world) syncedOnce(t testing.TB) bool {
	db, err := sql.Open("sqlite", "file:"+filepath.Join(w.dataDir, "silentguard.db")+"?mode=ro")
	if err != nil {
		return false
	}
	defer db.Close()
	var v string
	err = db.QueryRowContext(context.Background(), `SELECT value FROM cursor WHERE owner='laura' AND adapter='matrix' AND name='since'`).Scan(&v)
	return err == nil && v != ""
}

// TestKillMidConversation kills the real process with SIGKILL while it
// handles a sync batch (before its commit, so the sync position is not
// saved either) and right after it sent the escalation (before recording
// it). After each restart nothing is lost, and the re-sent escalation
// carries the same transaction ID, so the owner sees it once.
func TestKillMidConversation(t *testing.T) {
	w := newWorld(t)
	w.owner.poll(w.botID)
	cfgPath := filepath.Join(w.dataDir, "silentguard.toml")
	if err := os.WriteFile(cfgPath, []byte(w.configText("", "")), 0o600); err != nil {
		t.Fatal(err)
	}
	p := w.runBinary(t, cfgPath)
	w.waitFor("the first sync", 30*time.Second, func() bool { return w.syncedOnce(t) })
	p.stop(t)

	// Dies while storing the opener's batch.
	p = w.runBinary(t, cfgPath, "SILENTGUARD_FAILPOINT=ingest.before-commit:1")
	po := w.portal("whatsapp_12025550143", "+1 202-555-0143 (WA)", "whatsapp", "dm")
	po.say(t, scamScript[0].text)
	w.waitFor("the SIGKILL before commit", 30*time.Second, p.exited)
	p = w.runBinary(t, cfgPath)
	w.waitWarnings(1, 30*time.Second)
	p.stop(t)

	// Dies after sending the escalation, before recording it: the sent
	// warning goes again after the restart, with the same transaction ID.
	p = w.runBinary(t, cfgPath, "SILENTGUARD_FAILPOINT=deliver.after-send:1")
	if _, err := w.owner.cli.SendText(context.Background(), po.room, scamScript[1].text); err != nil {
		t.Fatal(err)
	}
	po.say(t, scamScript[2].text)
	po.say(t, scamScript[3].text)
	w.waitFor("the SIGKILL after sending", 30*time.Second, p.exited)
	p = w.runBinary(t, cfgPath)
	w.waitWarnings(2, 30*time.Second)
	// Let the restarted process re-send what was pending.
	w.waitFor("no pending delivery", 20*time.Second, func() bool { return pendingCount(w.dataDir) == 0 })
	w.noMoreWarnings(2)
	p.stop(t)
}

// dbCount runs a COUNT (or SUM) query on SilentGuard's database file, read
// only, beside the running process; -1 when it cannot be read yet.
func dbCount(dir, query string, args ...any) int {
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "silentguard.db")+"?mode=ro")
	if err != nil {
		return -1
	}
	defer db.Close()
	var n sql.NullInt64
	if err := db.QueryRow(query, args...).Scan(&n); err != nil {
		return -1
	}
	return int(n.Int64)
}

func pendingCount(dir string) int {
	return dbCount(dir, `SELECT COUNT(*) FROM delivery WHERE state='pending'`)
}
