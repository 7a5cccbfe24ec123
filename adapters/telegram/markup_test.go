package telegram

import (
	"strings"
	"testing"

	"github.com/silentguard/silentguard/bot/warntext"
	"github.com/silentguard/silentguard/detectors"
	"github.com/silentguard/silentguard/internal/warntexttest"
)

// Every warning, in every language and mode, makes text for
// parse_mode=HTML with the Bot API's tags and entities only, escapes the
// sender's words and links only the official sites the text links.
func TestTelegramHTML(t *testing.T) {
	warntexttest.CheckWriter(t, telegramHTML, []string{"b", "i", "u", "s", "a", "code", "pre", "blockquote"}, true)
	for _, k := range []string{warntext.NoticeProtectionStopped, warntext.NoticeNotifierFailing, warntext.NoticeHistorySummary} {
		d := warntext.RenderNotice(warntext.NoticeInput{Lang: "en", Kind: k, Adapter: "matrix", Target: "push"})
		warntexttest.CheckHTML(t, k, telegramHTML(d), d, []string{"b"}, true)
	}
}

// Commands are code, to copy with a tap.
func TestTelegramCommands(t *testing.T) {
	in := warntext.Input{Lang: "en", Country: "US", Network: "whatsapp", Level: detectors.LevelWarning, Ref: "K7Q2", CommandPrefix: "/",
		Sender: "Amy", Reasons: warntexttest.HostileReasons()}
	out := telegramHTML(warntext.Render(in))
	if !strings.Contains(out, "<code>/allow K7Q2</code>") || !strings.Contains(out, "<code>/false K7Q2</code>") || !strings.Contains(out, "&lt;script&gt;&amp;") {
		t.Errorf("telegram commands or evidence:\n%s", out)
	}
}
