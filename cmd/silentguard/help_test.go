package main

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"
)

// runBinary runs the release binary and returns its exit code and output.
func runBinary(t *testing.T, env []string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	cmd := exec.Command(binary, args...)
	cmd.Stdout, cmd.Stderr = &out, &errb
	if env != nil {
		cmd.Env = env
	}
	err := cmd.Run()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatalf("silentguard %v: %v", args, err)
	}
	return cmd.ProcessState.ExitCode(), out.String(), errb.String()
}

// Every command prints real help with -h and through `help COMMAND`: its
// usage, what it does, its flags and examples, on stdout with exit 0.
func TestHelpEverywhere(t *testing.T) {
	for _, name := range commandNames {
		if name == "help" {
			continue
		}
		t.Run(name, func(t *testing.T) {
			code, out, errOut := runBinary(t, nil, name, "-h")
			if code != exitOK || errOut != "" {
				t.Fatalf("%s -h: exit %d, stderr %q", name, code, errOut)
			}
			for _, want := range []string{"Usage: silentguard ", "Examples:\n  ", "silentguard " + name, helps[name].about[:20]} {
				if !strings.Contains(out, want) {
					t.Errorf("%s -h lacks %q:\n%s", name, want, out)
				}
			}
			if name != "version" && name != "config" && !strings.Contains(out, "Flags:\n  -config") {
				t.Errorf("%s -h lists no flags:\n%s", name, out)
			}
			code, viaHelp, _ := runBinary(t, nil, "help", name)
			if code != exitOK || viaHelp != out {
				t.Errorf("help %s: exit %d, differs from %s -h:\n%s", name, code, name, viaHelp)
			}
		})
	}
	for _, args := range [][]string{{"config", "check", "-h"}, {"-h"}, {"help"}, {"--help"}} {
		code, out, _ := runBinary(t, nil, args...)
		if code != exitOK || !strings.Contains(out, "Usage") {
			t.Errorf("%v: exit %d\n%s", args, code, out)
		}
	}
	if _, out, _ := runBinary(t, nil, "help"); !strings.Contains(out, "silentguard ingest") {
		t.Errorf("the command list lacks ingest:\n%s", out)
	}
}

// A mistyped command names the nearest one and exits 2; a bad flag says
// where the help is.
func TestUnknownCommandSuggestsNearest(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"chek", "hello"}, `did you mean "check"?`},
		{[]string{"verison"}, `did you mean "version"?`},
		{[]string{"ingets"}, `did you mean "ingest"?`},
		{[]string{"help", "forgte"}, `did you mean "forget"?`},
		{[]string{"config", "chekc"}, `did you mean "check"?`},
		{[]string{"frobnicate"}, "silentguard check"}, // nothing near: the list
		{[]string{"forget", "--bogus"}, `silentguard help forget`},
		{[]string{"run", "extra"}, `unexpected argument "extra"`},
	} {
		code, out, errOut := runBinary(t, nil, c.args...)
		if code != exitUsage || !strings.Contains(errOut, c.want) || out != "" {
			t.Errorf("%v: exit %d, stderr %q, want exit 2 and %q", c.args, code, errOut, c.want)
		}
	}
	if _, _, errOut := runBinary(t, nil, "frobnicate"); strings.Contains(errOut, "did you mean") {
		t.Errorf("a suggestion for a word close to nothing: %s", errOut)
	}
}
