package silentguard_test

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// licenceOf names a licence from its text; "" when unknown. MPL-2.0
// comes first: its text names the GNU licences as secondary ones.
func licenceOf(text string) string {
	switch {
	case strings.Contains(text, "Mozilla Public License") && strings.Contains(text, "2.0"):
		return "MPL-2.0"
	case strings.Contains(text, "Apache License") && strings.Contains(text, "Version 2.0"):
		return "Apache-2.0"
	case strings.Contains(text, "Permission is hereby granted, free of charge"):
		return "MIT"
	case strings.Contains(text, "Redistribution and use in source and binary forms"):
		return "BSD"
	case strings.Contains(text, "Permission to use, copy, modify, and/or distribute"):
		return "ISC"
	case strings.Contains(text, "GNU "):
		return "GPL-family"
	}
	return ""
}

// The repository is MPL-2.0, as mautrix-go is, and every module linked
// into the binary has a licence that an MPL-2.0 program may include: a
// GPL-family or unknown one fails here before it ships.
func TestLicenceFitsTheDependencies(t *testing.T) {
	own, err := os.ReadFile("LICENSE")
	if err != nil {
		t.Fatal(err)
	}
	if got := licenceOf(string(own)); got != "MPL-2.0" {
		t.Fatalf("LICENSE is %q, want the MPL-2.0 text", got)
	}
	out, err := exec.Command("go", "list", "-tags", "goolm", "-deps", "-f", "{{with .Module}}{{.Path}} {{.Dir}}{{end}}", "./cmd/silentguard").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	fits := map[string]bool{"MPL-2.0": true, "Apache-2.0": true, "MIT": true, "BSD": true, "ISC": true}
	seen := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		path, dir, _ := strings.Cut(sc.Text(), " ")
		if seen[path] || path == "github.com/silentguard/silentguard" {
			continue
		}
		seen[path] = true
		files, _ := filepath.Glob(filepath.Join(dir, "LICEN[CS]E*"))
		copying, _ := filepath.Glob(filepath.Join(dir, "COPYING*"))
		files = append(files, copying...)
		if len(files) == 0 {
			t.Errorf("%s: no licence file in %s", path, dir)
			continue
		}
		text, err := os.ReadFile(files[0])
		if err != nil {
			t.Fatal(err)
		}
		if l := licenceOf(string(text)); !fits[l] {
			t.Errorf("%s: licence %q (%s) does not fit an MPL-2.0 program", path, l, filepath.Base(files[0]))
		}
	}
	if len(seen) < 10 {
		t.Fatalf("only %d modules listed: %s", len(seen), out)
	}
}

// CHANGELOG.md follows Keep a Changelog: an Unreleased section on top.
func TestChangelog(t *testing.T) {
	b, err := os.ReadFile("CHANGELOG.md")
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	if !strings.HasPrefix(s, "# Changelog\n") || !strings.Contains(s, "keepachangelog.com") {
		t.Errorf("CHANGELOG.md does not open as Keep a Changelog does")
	}
	i := strings.Index(s, "\n## [Unreleased]\n")
	if i < 0 || strings.Index(s, "\n## ") != i || !strings.Contains(s[i:], "\n### Added\n") {
		t.Errorf("CHANGELOG.md has no Unreleased section first, with an Added list")
	}
}
