package ownerpage

import (
	"strings"
	"testing"

	"github.com/silentguard/silentguard/bot/warntext"
	"github.com/silentguard/silentguard/detectors"
	"github.com/silentguard/silentguard/internal/warntexttest"
)

// The page's rendering escapes the sender's words, links only the locale
// files' official sites, and has no title (the page has its own heading).
func TestRenderHTML(t *testing.T) {
	d := warntext.Render(warntext.Input{Lang: "en", Country: "US", Network: "sms", Level: detectors.LevelAlert, Sender: "<b>Amy</b>",
		Reasons: []detectors.Reason{{Code: detectors.CodeWrongName, Weight: 1, Evidence: "<script>alert(1)</script> see https://evil.example"}}})
	out := webHTML(d)
	for _, want := range []string{"&lt;script&gt;", "hxxps[:]//evil[.]example", "&lt;b&gt;Amy&lt;/b&gt;",
		`<a rel="noreferrer noopener" href="https://reportfraud.ftc.gov">reportfraud.ftc.gov</a>`, "<li>", "<strong>"} {
		if !strings.Contains(out, want) {
			t.Errorf("HTML lacks %q:\n%s", want, out)
		}
	}
	for _, bad := range []string{"<script", "<b>Amy", d.Title} {
		if strings.Contains(out, bad) {
			t.Errorf("HTML has %q:\n%s", bad, out)
		}
	}
	for _, in := range warntexttest.Inputs()[:600] {
		d := warntext.Render(in)
		warntexttest.CheckHTML(t, in.Lang+"/"+in.Country, webHTML(d), d, []string{"p", "ul", "li", "strong", "code", "a"}, false)
	}
}
