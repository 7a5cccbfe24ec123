package telegram

import (
	"path/filepath"
	"strings"
	"testing"
)

// In the bot's chat, plain "help" is answered with the help (not judged as
// a text to check), and an unknown command with the list of commands.
func TestPlainHelpAndUnknownCommand(t *testing.T) {
	api := newFakeAPI(t)
	h := start(t, api, filepath.Join(t.TempDir(), "sg.db"))
	h.handled(api.push("message", ownerSays(1, "help")))
	if ans := lastAnswer(t, api); !strings.Contains(ans, "/allow") || !strings.Contains(ans, "/check") || strings.Contains(ans, "no sign") {
		t.Errorf("help: want the help, got:\n%s", ans)
	}
	h.handled(api.push("message", ownerSays(2, "/dance")))
	if ans := lastAnswer(t, api); !strings.Contains(ans, "/allow REF, /false REF, /status, /check, /help") {
		t.Errorf("/dance: want the list of commands, got:\n%s", ans)
	}
	assertNeverActs(t, api)
}
