package matrix_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"maunium.net/go/mautrix/event"
)

// In the warning DM, plain "help" and an unknown !command get a short
// answer listing the commands; other words are left alone.
func TestPlainHelpAndUnknownCommandInTheBotDM(t *testing.T) {
	w := newWorld(t)
	w.owner.poll(w.botID)
	w.start(w.config(""))
	p := w.portal("signal_0c1e4c52-4c1f-9a55-1f3b-5b7a1f9d2a10", "Amy", "signal", "dm")
	p.say(t, "Hi Marco, are we still on for coffee at the usual place at 5?")
	dm := w.waitWarnings(1, 30*time.Second)[0].room
	send := func(text string) string { return w.command(dm, text) }
	notices := func() int {
		n := 0
		for _, m := range w.owner.messages() {
			if m.typ == event.MsgNotice {
				n++
			}
		}
		return n
	}
	before := notices()
	if _, err := w.owner.cli.SendText(context.Background(), dm, "thanks, got it"); err != nil {
		t.Fatal(err)
	}
	if r := send("!dance"); !strings.Contains(r, "!allow REF, !false REF, !status, !help") {
		t.Errorf("!dance: %s", r)
	}
	if n := notices() - before; n != 1 {
		t.Errorf("%d answers to \"thanks, got it\" and \"!dance\", want 1", n)
	}
	if r := send("help"); !strings.Contains(r, "!allow") || !strings.Contains(r, "!status") {
		t.Errorf("help: %s", r)
	}
}
