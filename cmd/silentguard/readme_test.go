package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The README's eval example names files that exist in a fresh clone, and
// eval judges them all as labelled.
func TestREADMEEvalExample(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	lines := regexp.MustCompile(`(?m)^go run -tags goolm \./cmd/silentguard eval (.+)$`).FindAllSubmatch(readme, -1)
	if len(lines) == 0 {
		t.Fatal("README.md has no eval example")
	}
	for _, l := range lines {
		var files []string
		for _, f := range strings.Fields(string(l[1])) {
			if strings.HasPrefix(f, "-") {
				continue
			}
			p := filepath.Join("../..", f)
			if _, err := os.Stat(p); err != nil {
				t.Errorf("the README's eval example names %s, which a clone does not have: %v", f, err)
			}
			files = append(files, p)
		}
		code, out, errOut := runBinary(t, nil, append([]string{"eval", "--show-misses"}, files...)...)
		if code != exitOK || !strings.Contains(out, "conversations 12") {
			t.Fatalf("eval %v: exit %d\n%s%s", files, code, out, errOut)
		}
		if !regexp.MustCompile(`(?m)^all\s+12\s+1\.000\s+1\.000\s+0\.000`).MatchString(out) {
			t.Errorf("the sample is not judged as labelled (all caught on time, no false alarm):\n%s", out)
		}
	}
}
