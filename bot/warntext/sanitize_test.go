package warntext

import (
	"slices"
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

// Loading the catalogs (at the first warning) runs the link pattern only
// on the texts that may hold a link: run over every sentence of every
// language, it cost several times the rest of the loading, the CPU of a
// few hundred messages (BenchmarkLoadCatalog measures it). Most of their
// text must be passed over, and what is passed over holds no link.
func TestCatalogLoadSkipsPlainText(t *testing.T) {
	c, err := loadCatalog(localeFS)
	if err != nil {
		t.Fatal(err)
	}
	texts, skipped := 0, 0
	for _, lang := range c.texts {
		for _, tm := range lang {
			for _, s := range tm.segs {
				if s.kind != segText && s.kind != segLink {
					continue
				}
				texts++
				if !mayHoldLink(s.text) {
					skipped++
				}
				if got, want := findLinks(s.text), xurls.Relaxed().FindAllStringIndex(s.text, -1); !slices.EqualFunc(got, want, slices.Equal) {
					t.Errorf("links in %q: %v, the pattern finds %v", s.text, got, want)
				}
			}
		}
	}
	if texts == 0 || skipped*10 < texts*8 {
		t.Errorf("the link pattern runs on %d of %d catalog texts; want at most a fifth", texts-skipped, texts)
	}
}

func BenchmarkLoadCatalog(b *testing.B) {
	for b.Loop() {
		if _, err := loadCatalog(localeFS); err != nil {
			b.Fatal(err)
		}
	}
}
