package warntext

import (
	"math"
	"testing"
	"time"

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
// few hundred messages. (Each measure is the fastest of three.)
func TestCatalogLoadSkipsPlainText(t *testing.T) {
	c, err := loadCatalog(localeFS)
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, lang := range c.texts {
		for _, tm := range lang {
			for _, s := range tm.segs {
				if s.kind == segText || s.kind == segLink {
					texts = append(texts, s.text)
				}
			}
		}
	}
	fastest := func(f func()) time.Duration {
		best := time.Duration(math.MaxInt64)
		for range 3 {
			start := time.Now()
			f()
			best = min(best, time.Since(start))
		}
		return best
	}
	load := fastest(func() { _, _ = loadCatalog(localeFS) })
	scan := fastest(func() {
		for _, s := range texts {
			xurls.Relaxed().FindAllStringIndex(s, -1)
		}
	})
	if load >= scan {
		t.Errorf("loading the catalogs takes %s, longer than running the link pattern over all their text (%s)", load, scan)
	}
}
