package main

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

// check says when it judged without the owner's names, and judges a
// greeting to the owner's own name as addressed to them.
func TestCheckOwnerNames(t *testing.T) {
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(binary, "check", "--json", "Hi Marco, are we still on for 5 at the usual place?")
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Fatalf("check without names: %v, want exit 1 (notified); stderr %s", err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "judged without the owner's names") {
		t.Errorf("no note about the missing names: %q", stderr.String())
	}
	stdout.Reset()
	stderr.Reset()
	cmd = exec.Command(binary, "check", "--json", "--owner-name", "Marco", "Hi Marco, are we still on for 5 at the usual place?")
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	_ = cmd.Run()
	if strings.Contains(stderr.String(), "judged without") {
		t.Errorf("note given although names were: %q", stderr.String())
	}
	var v struct {
		Reasons []struct{ Code string } `json:"reasons"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &v); err != nil {
		t.Fatalf("json: %v: %s", err, stdout.String())
	}
	for _, r := range v.Reasons {
		if r.Code == "opener.wrong_name" {
			t.Errorf("the owner's own name judged as someone else's: %s", stdout.String())
		}
	}
}
