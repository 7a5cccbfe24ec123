package matrix_test

import (
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/silentguard/silentguard/internal/testhomeserver"
)

// neverActTests prove on a real homeserver that SilentGuard never acts
// toward a watched sender; encryptedNeverActTests adds those of -tags goolm.
var neverActTests = []string{"TestNeverActsTowardSender", "TestWarningNeverInRoomWithThirdMember", "TestBotJoinsOnlyOwnerOnlyInvites"}

// Without a homeserver, a never-act test must not report PASS: it fails
// when SILENTGUARD_REQUIRE_DENDRITE is set (as in CI), and otherwise
// reports SKIP at the top level with a message that says how to run it.
// The test binary runs itself with no Dendrite to find.
func TestNeverActTestsNeverPassWithoutHomeserver(t *testing.T) {
	names := append(append([]string{}, neverActTests...), encryptedNeverActTests...)
	for _, require := range []bool{false, true} {
		cmd := exec.Command(os.Args[0], "-test.run", "^("+strings.Join(names, "|")+")$", "-test.v", "-test.count=1")
		for _, kv := range os.Environ() {
			if !strings.HasPrefix(kv, "SILENTGUARD_DENDRITE_BIN=") && !strings.HasPrefix(kv, testhomeserver.RequireEnv+"=") {
				cmd.Env = append(cmd.Env, kv)
			}
		}
		cmd.Env = append(cmd.Env, "SILENTGUARD_DENDRITE_BIN="+t.TempDir())
		if require {
			cmd.Env = append(cmd.Env, testhomeserver.RequireEnv+"=1")
		}
		out, err := cmd.CombinedOutput()
		want := "SKIP"
		if require {
			want = "FAIL"
		}
		if failed := err != nil; failed != require {
			t.Errorf("require=%v: the run failed=%v, want %v:\n%s", require, failed, require, out)
		}
		for _, name := range names {
			if !regexp.MustCompile(`(?m)^--- ` + want + `: ` + name + ` \(`).Match(out) {
				t.Errorf("require=%v: %s does not report %s at the top level:\n%s", require, name, want, out)
			}
		}
		if !require && (!strings.Contains(string(out), "SKIPPED, NOT RUN") || !strings.Contains(string(out), "SILENTGUARD_DENDRITE_BIN")) {
			t.Errorf("the skip does not say what did not run and how to run it:\n%s", out)
		}
	}
}
