package warntext

import (
	"testing"

	"mvdan.cc/xurls/v2"
)

// Text that mayHoldLink passes over holds nothing the link pattern finds.
func FuzzMayHoldLink(f *testing.F) {
	for _, s := range []string{"I'm Amy. Where are you from?", "see x.it", "fe80::1", "mailto:a", "a@b", "1.2.3.4", "x. y: z.", "bit.ly/x", "ok.\u00a0next"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !mayHoldLink(s) && xurls.Relaxed().FindStringIndex(s) != nil {
			t.Errorf("mayHoldLink(%q) is false, but the link pattern finds %q", s, xurls.Relaxed().FindString(s))
		}
	})
}
