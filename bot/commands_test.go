package bot_test

import (
	"context"
	"strings"
	"testing"

	"github.com/silentguard/silentguard/bot"
)

// Plain "help" and an unknown command get a short answer that lists the
// commands; other words in the owner's channel are not the bot's.
func TestHelpAndUnknownCommandsAnswered(t *testing.T) {
	f := newFixture(t, defaultPolicy)
	ask := func(text string) string {
		return f.engine.Command(context.Background(), bot.CommandInput{Owner: "laura", Text: text, Prefix: "!", More: []string{"check"}})
	}
	help := ask("!help")
	for _, text := range []string{"help", "Help?", " aiuto ", "HILFE!"} {
		if !bot.AnswersTo(text, "!") {
			t.Errorf("AnswersTo(%q) = false", text)
		}
		if got := ask(text); got != help {
			t.Errorf("%q: %q, want the help", text, got)
		}
	}
	// A help word in any language after the prefix, as the command's name.
	for _, text := range []string{"!hulp", "!!aiuto", "! aiuto", "!\taiuto", "!Hilfe"} {
		if got := ask(text); got != help {
			t.Errorf("%q: %q, want the help", text, got)
		}
	}
	for _, text := range []string{"!dance", "!Statuss", "!allowREF"} {
		if !bot.AnswersTo(text, "!") {
			t.Errorf("AnswersTo(%q) = false", text)
		}
		got := ask(text)
		if !strings.Contains(got, "!allow REF, !false REF, !status, !check, !help") {
			t.Errorf("%q: %q, want the list of commands", text, got)
		}
	}
	for _, text := range []string{"thanks!", "!!!", "! status", "helpful", "can you help me"} {
		if bot.AnswersTo(text, "!") {
			t.Errorf("AnswersTo(%q) = true", text)
		}
	}
}
