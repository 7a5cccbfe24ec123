package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

// The README's release build strips symbols and still makes a binary whose
// `version` says what it was built from: the revision (in a git clone),
// whether the tree was modified, the Go version and the build tags.
func TestReleaseBuildCommandFromREADME(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	line := regexp.MustCompile(`(?m)^CGO_ENABLED=0 go build .*-ldflags='-s -w'.* -o silentguard \./cmd/silentguard$`).Find(readme)
	if line == nil {
		t.Fatal("README.md has no release build command (CGO_ENABLED=0 go build ... -ldflags='-s -w' ... -o silentguard ./cmd/silentguard)")
	}
	if !strings.Contains(string(line), "-tags goolm") {
		t.Errorf("the release build has no -tags goolm: %s", line)
	}
	out := filepath.Join(t.TempDir(), "silentguard")
	cmdline := strings.Replace(string(line), "-o silentguard", "-o "+out, 1)
	build := exec.Command("sh", "-c", cmdline)
	build.Dir = "../.."
	if b, err := build.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", cmdline, err, b)
	}
	if b, err := exec.Command("go", "tool", "nm", out).CombinedOutput(); err == nil || !strings.Contains(string(b), "no symbols") {
		t.Errorf("the release binary keeps its symbols: %v %.200s", err, b)
	}
	b, err := exec.Command(out, "version").Output()
	if err != nil {
		t.Fatalf("version: %v", err)
	}
	v := parseVersion(t, string(b))
	if want := runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH; v["go"] != want {
		t.Errorf("go = %q, want %q", v["go"], want)
	}
	if v["tags"] != "goolm" {
		t.Errorf("tags = %q, want goolm", v["tags"])
	}
	// Go stamps the revision only in a clone (.git a directory, as in CI),
	// not in a git worktree.
	if st, err := os.Stat("../../.git"); err == nil && st.IsDir() {
		head, err := exec.Command("git", "-C", "../..", "rev-parse", "HEAD").Output()
		if err != nil {
			t.Fatalf("git rev-parse: %v", err)
		}
		if v["revision"] != strings.TrimSpace(string(head)) {
			t.Errorf("revision = %q, want HEAD %s", v["revision"], head)
		}
		if v["modified"] != "true" && v["modified"] != "false" {
			t.Errorf("modified = %q", v["modified"])
		}
		if !regexp.MustCompile(`^\d{4}-\d\d-\d\dT`).MatchString(v["time"]) {
			t.Errorf("time = %q", v["time"])
		}
	} else {
		t.Logf("not a git clone (a worktree?): revision %q not checked", v["revision"])
	}
}

// parseVersion reads `silentguard version`'s "  key  value" lines.
func parseVersion(t *testing.T, out string) map[string]string {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if !strings.HasPrefix(lines[0], "silentguard ") {
		t.Fatalf("version output: %q", out)
	}
	v := map[string]string{}
	for _, l := range lines[1:] {
		k, val, _ := strings.Cut(strings.TrimSpace(l), " ")
		v[k] = strings.TrimSpace(val)
	}
	for _, k := range []string{"revision", "time", "modified", "go", "tags"} {
		if v[k] == "" {
			t.Errorf("version prints no %s:\n%s", k, out)
		}
	}
	return v
}
