package matrix

import (
	"strings"
	"testing"

	"github.com/silentguard/silentguard/bot/warntext"
	"github.com/silentguard/silentguard/detectors"
	"github.com/silentguard/silentguard/internal/warntexttest"
)

// Every warning, in every language and mode, makes well-formed
// formatted_body with Matrix's tags only, escapes the sender's words and
// links only the official sites the text links.
func TestMatrixHTML(t *testing.T) {
	warntexttest.CheckWriter(t, matrixHTML, []string{"b", "br", "ul", "li", "a"}, false)
}

// Commands are bold (clients show code poorly in notifications); the
// reporting sites are links; a notice has no blank line under its title.
func TestMatrixMarkup(t *testing.T) {
	in := warntext.Input{Lang: "en", Country: "US", Network: "whatsapp", Level: detectors.LevelWarning, Ref: "K7Q2", CommandPrefix: "!",
		Sender: "Amy", Reasons: warntexttest.HostileReasons()}
	if out := matrixHTML(warntext.Render(in)); !strings.Contains(out, "<b>!allow K7Q2</b>") || !strings.Contains(out, `&lt;script&gt;&amp;`) {
		t.Errorf("commands or evidence:\n%s", out)
	}
	be := matrixHTML(warntext.Render(warntext.Input{Lang: "nl", Country: "BE", Network: "sms", Level: detectors.LevelWarning}))
	if !strings.Contains(be, `href="mailto:verdacht@safeonweb.be"`) {
		t.Errorf("BE: no mail link to Safeonweb:\n%s", be)
	}
	nl := matrixHTML(warntext.Render(warntext.Input{Lang: "nl", Country: "NL", Network: "whatsapp", Level: detectors.LevelWarning}))
	if !strings.Contains(nl, `href="https://fraudehelpdesk.nl"`) {
		t.Errorf("NL: no Fraudehelpdesk link:\n%s", nl)
	}
	notice := matrixHTML(warntext.RenderNotice(warntext.NoticeInput{Lang: "en", Kind: warntext.NoticeProtectionStopped, Adapter: "matrix"}))
	if want := "<b>SilentGuard: about your protection</b><br>Protection is stopped for matrix: it stopped working. I&#39;ll tell you when it&#39;s back."; notice != want {
		t.Errorf("notice:\n%s\nwant\n%s", notice, want)
	}
}
