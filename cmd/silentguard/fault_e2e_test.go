package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/silentguard/silentguard/internal/testwait"
)

// A bug in the detectors (a failpoint makes the first judgement panic)
// costs that one judgement, not the process or the conversation: the
// daemon logs where it failed without the text, counts it in /metrics,
// warns on another sender's opener, and judges the first conversation
// again, opener included, at its next message.
func TestDetectorFaultIsContained(t *testing.T) {
	e := newEnv(t)
	d := e.startBinary(t, crashBinary(t), "SILENTGUARD_FAILPOINT=panic:detectors.evaluate:1")
	post := func(id, from, text string, at time.Time) {
		t.Helper()
		b, _ := json.Marshal(map[string]any{"owner": "laura", "from": from, "text": text, "id": id, "time": at.Format(time.RFC3339)})
		if code, body, err := d.post(string(b)); err != nil || code != http.StatusAccepted {
			t.Fatalf("POST %s: %d %s %v", id, code, body, err)
		}
	}
	opener := "Hi Marco, are we still on for coffee at the usual place at 5?"
	post("a1", "+12025550143", opener, t0)
	testwait.For(t, "the fault in the log", 10*time.Second, func() bool { return strings.Contains(d.logs(), "The detectors failed") })
	if got := readConsole(t, e.console); len(got) != 0 {
		t.Fatalf("warned on a judgement that failed: %v", got)
	}
	var fault map[string]any
	for _, line := range strings.Split(d.logs(), "\n") {
		if strings.Contains(line, "The detectors failed") {
			_ = json.Unmarshal([]byte(line), &fault)
		}
	}
	where, _ := fault["fault"].(string)
	if fault["level"] != "error" || !strings.Contains(where, "failpoint detectors.evaluate") ||
		!strings.Contains(where, "registry.go:") || fault["owner"] != "laura" {
		t.Errorf("the fault's log line = %v, want level error, owner laura and the panic with its place", fault)
	}

	post("b1", "+12025550199", opener, t0.Add(time.Minute))
	testwait.For(t, "the other sender's warning", 10*time.Second, func() bool { return len(readConsole(t, e.console)) == 1 })
	post("a2", "+12025550143", "Marco? It's Jenny from the gym", t0.Add(2*time.Minute))
	testwait.For(t, "the first conversation's warning, at its next message", 10*time.Second,
		func() bool { return len(readConsole(t, e.console)) == 2 })

	_, body := d.scrape(t, "")
	v, _ := metricValues(t, body)
	if got := v["silentguard_detector_failures_total{}"]; got != 1 {
		t.Errorf("silentguard_detector_failures_total = %v, want 1", got)
	}
	judged := 0.0
	for _, l := range []string{"none", "caution", "warning", "alert"} {
		judged += v[`silentguard_verdicts_total{level=`+l+`}`]
	}
	if judged != 3 {
		t.Errorf("verdicts %v, want 3: one a message, the failed one included", judged)
	}
	if logs := d.logs(); strings.Contains(logs, "Marco") || testPhone.MatchString(logs) {
		t.Errorf("logs carry message text or a phone number:\n%s", logs)
	}
	d.stop(t)
}

// check and eval say when the detectors failed instead of passing the
// failure off as "no warning": check exits 12 naming the fault, eval
// counts the turns left unjudged.
func TestCommandsReportDetectorFault(t *testing.T) {
	cmd := exec.Command(crashBinary(t), "check", "--owner-name", "Laura", "Hi Marco, are we still on for coffee at 5?")
	cmd.Env = append(os.Environ(), "SILENTGUARD_FAILPOINT=panic:detectors.evaluate:1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	_ = cmd.Run()
	if code := cmd.ProcessState.ExitCode(); code != exitRuntime || !strings.Contains(stderr.String(), "the detectors failed") ||
		!strings.Contains(stderr.String(), "failpoint detectors.evaluate") || !strings.Contains(stdout.String(), "NOT FULLY JUDGED") {
		t.Errorf("check with a failing detector: exit %d, stdout %q, stderr %q, want %d and the fault", code, stdout.String(), stderr.String(), exitRuntime)
	}

	eval := func(args ...string) (string, int) {
		cmd := exec.Command(crashBinary(t), append([]string{"eval"}, args...)...)
		cmd.Env = append(os.Environ(), "SILENTGUARD_FAILPOINT=panic:detectors.evaluate:3")
		out, _ := cmd.Output()
		return string(out), cmd.ProcessState.ExitCode()
	}
	out, code := eval("--json", "../../detectors/testdata/sample.jsonl")
	var rep struct {
		Conversations  int `json:"conversations"`
		DetectorFaults int `json:"detector_faults"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != exitRuntime || rep.DetectorFaults != 1 || rep.Conversations == 0 {
		t.Errorf("eval --json with one failing judgement: exit %d, %+v (%v) from %s, want %d and detector_faults 1", code, rep, err, out, exitRuntime)
	}
	out, code = eval("../../detectors/testdata/sample.jsonl")
	_, table, _ := strings.Cut(out, "\n\n")
	if code != exitRuntime || !strings.HasPrefix(table, "DETECTOR FAULTS: 1 turn judged without") {
		t.Errorf("eval's table does not put the fault first (exit %d):\n%s", code, out)
	}
}
