package detectors

import (
	"runtime"
	"testing"
)

// The compiled lexicons live as long as the process and are most of an
// idle daemon's heap (issue #12): they must stay compact. The bar is what
// they take, with some room for lexicons that grow.
func TestCompiledLexiconHeap(t *testing.T) {
	const bar = 3 << 20
	f := newFolder()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	lex, err := compileLexicon(f)
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(lex)
	live := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	t.Logf("compiled lexicons: %d KB live, %d objects", live>>10, int64(after.HeapObjects)-int64(before.HeapObjects))
	if live > bar {
		t.Errorf("the compiled lexicons hold %.1f MB of heap, want at most %.1f MB", float64(live)/(1<<20), float64(bar)/(1<<20))
	}
}
