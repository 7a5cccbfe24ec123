package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/silentguard/silentguard/internal/testwait"
)

const ownerToken = "owner-e2e-bearer-token"

// ownerEnv writes a config for laura (languages lang), whose warnings go
// to a console file and, with ntfy set, to an ntfy server there. listen
// is the [http] address ("" for none).
func ownerEnv(t *testing.T, listen, publicURL, lang, ntfy string) *env {
	t.Helper()
	return writeEnv(t, func(e *env) string {
		cfg := fmt.Sprintf(`[http]
listen = %q
token = %q
public_url = %q
[[owner]]
id = "laura"
names = ["Laura", "Laura Bianchi"]
country = "IT"
languages = [%q]
  [[owner.notify]]
  type = "console"
  path = %q
`, listen, ownerToken, publicURL, lang, e.console)
		if ntfy != "" {
			cfg += fmt.Sprintf(`  [[owner.notify]]
  type = "ntfy"
  url = %q
  quote = "full"
  device = "android"
`, ntfy)
		}
		return cfg
	})
}

// consoleRefs lists the references of the warnings in the console file.
func consoleRefs(t *testing.T, path string) []string {
	b, _ := os.ReadFile(path)
	var refs []string
	for _, m := range header.FindAllStringSubmatch(string(b), -1) {
		refs = append(refs, m[4])
	}
	return refs
}

const (
	opener  = "Hi Marco, are we still on for coffee at the usual place at 5?"
	opener2 = "Hello Sandra, is the apartment on Via Roma still available? I can pay the deposit today"
)

// Without a daemon, allow, false-alarm and status open the database
// themselves: status prints what !status prints, an allowed number gets
// no more warnings, and a mistake is a usage error.
func TestOwnerCommandsOnTheDatabase(t *testing.T) {
	e := ownerEnv(t, "", "", "it", "")
	ingest := func(id, from, text string) {
		t.Helper()
		code, out, errOut := runBinary(t, nil, "ingest", "--config", e.config, "--direct", "--from", from, "--text", text, "--id", id)
		if code != exitOK {
			t.Fatalf("ingest --direct: exit %d\n%s%s", code, out, errOut)
		}
	}
	ingest("m1", "+1 202 555 0143", opener)
	refs := consoleRefs(t, e.console)
	if len(refs) != 1 {
		t.Fatalf("warnings: %v", refs)
	}
	code, out, errOut := runBinary(t, nil, "status", "--config", e.config, "--owner", "laura")
	// In the owner's language, as !status answers.
	if code != exitOK || !strings.Contains(out, "La protezione è attiva") || !strings.Contains(out, refs[0]) {
		t.Errorf("status: exit %d\n%s%s", code, out, errOut)
	}
	if code, all, _ := runBinary(t, nil, "status", "--config", e.config); code != exitOK || !strings.HasPrefix(all, "== laura\n") {
		t.Errorf("status of every owner: exit %d\n%s", code, all)
	}
	if code, out, errOut = runBinary(t, nil, "false-alarm", "--config", e.config, strings.ToLower(refs[0])); code != exitOK ||
		!strings.Contains(out, refs[0]) {
		t.Errorf("false-alarm: exit %d\n%s%s", code, out, errOut)
	}
	for _, c := range []struct {
		args []string
		says string
	}{
		{[]string{"allow", "--config", e.config, "ZZZZ"}, "no such warning ZZZZ"},
		{[]string{"allow", "--config", e.config, "call me maybe"}, "not a phone number"},
		{[]string{"allow", "--config", e.config, "--owner", "nobody", "K7Q2"}, `--owner "nobody"`},
		{[]string{"false-alarm", "--config", e.config}, "want one warning REF"},
	} {
		if code, _, errOut := runBinary(t, nil, c.args...); code != exitUsage || !strings.Contains(errOut, c.says) {
			t.Errorf("%v: exit %d, want %d saying %q:\n%s", c.args[0], code, exitUsage, c.says, errOut)
		}
	}
	// A national number, read in the owner's country (IT), allowed on
	// every network: the next scam from it is not warned about; another
	// sender's still is (the barrier that the first was judged).
	if code, out, errOut = runBinary(t, nil, "allow", "--config", e.config, "--owner", "laura", "+1 (202) 555-0143"); code != exitOK ||
		!strings.Contains(out, "+12025550143") {
		t.Fatalf("allow: exit %d\n%s%s", code, out, errOut)
	}
	ingest("m2", "+12025550143", "My uncle is a crypto analyst, I made 30% last week on a trading platform, add me on WhatsApp")
	ingest("m3", "+12025550199", opener2)
	if refs = consoleRefs(t, e.console); len(refs) != 2 {
		t.Errorf("warnings after allow: %v, want the first and the other sender's", refs)
	}
}

// With a daemon running (which holds the database), the commands go to
// it over http.listen with http.token: the daemon records the answer and
// stops warning about the sender; a wrong token is refused. Beside a
// daemon that holds the database without a listener, they wait, then
// give up with exit 12.
func TestOwnerCommandsTalkToTheDaemon(t *testing.T) {
	e := ownerEnv(t, freeAddr(t), "", "en", "")
	d := e.start(t)
	post := func(id, from, text string) {
		t.Helper()
		body := fmt.Sprintf(`{"owner":"laura","from":%q,"text":%q,"id":%q}`, from, text, id)
		code, answer := d.postAuth(t, body, ownerToken)
		if code != 202 {
			t.Fatalf("post: %d %s", code, answer)
		}
	}
	post("m1", "+12025550143", opener)
	testwait.For(t, "the first warning", 10*time.Second, func() bool { return len(consoleRefs(t, e.console)) == 1 })
	ref := consoleRefs(t, e.console)[0]
	code, out, errOut := runBinary(t, nil, "status", "--config", e.config, "--owner", "laura")
	if code != exitOK || !strings.Contains(out, "Protection is on") || !strings.Contains(out, ref) {
		t.Errorf("status: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, errOut = runBinary(t, nil, "allow", "--config", e.config, ref); code != exitOK || !strings.Contains(out, ref) {
		t.Fatalf("allow: exit %d\n%s%s", code, out, errOut)
	}
	// The daemon did it (the command line could not have opened the
	// database it holds).
	testwait.For(t, "the daemon's log of the answer", 5*time.Second, func() bool {
		return strings.Contains(d.logs(), "Owner allowed a sender (command line)")
	})
	post("m2", "+12025550143", "My uncle is a crypto analyst, I made 30% last week on a trading platform, add me on WhatsApp")
	post("m3", "+12025550199", opener2)
	testwait.For(t, "the other sender's warning", 10*time.Second, func() bool { return len(consoleRefs(t, e.console)) >= 2 })
	if refs := consoleRefs(t, e.console); len(refs) != 2 {
		t.Errorf("warnings after allow: %v, want the first and the other sender's", refs)
	}
	// The wrong token: refused, as a config error.
	wrong := strings.Replace(readFile(t, e.config), ownerToken, "not-the-daemons-token", 1)
	other := filepath.Join(e.dir, "wrong.toml")
	os.WriteFile(other, []byte(wrong), 0o600)
	if code, _, errOut = runBinary(t, nil, "false-alarm", "--config", other, ref); code != exitConfig || !strings.Contains(errOut, "bearer token") {
		t.Errorf("wrong token: exit %d\n%s", code, errOut)
	}
	if strings.Contains(d.logs(), "2025550143") || strings.Contains(d.logs(), "Marco") {
		t.Errorf("the daemon's log carries a number or a message:\n%s", d.logs())
	}
	d.stop(t)

	// A daemon without a listener holds the database: no way in.
	quietCfg := strings.Replace(readFile(t, e.config), "listen = ", "listen = \"\"\n# ", 1)
	os.WriteFile(e.config, []byte(quietCfg), 0o600)
	startQuiet(t, e.config)
	if code, _, errOut = runBinary(t, nil, "status", "--config", e.config, "--wait", "1s"); code != exitRuntime ||
		!strings.Contains(errOut, "does not answer on http.listen") {
		t.Errorf("beside a daemon without a listener: exit %d\n%s", code, errOut)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// postAuth posts to the generic webhook with the bearer token.
func (d *daemon) postAuth(t *testing.T, body, token string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, "http://"+d.addr+"/v1/messages", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}
