package detectors

import "testing"

// keyTable finds what was added, grows past its first size, and keeps
// two values under one key apart (a collision of the hashes it holds).
func TestKeyTable(t *testing.T) {
	tab := newKeyTable(4)
	const n = 1000 // grows from 16 slots several times
	for v := range int32(n) {
		tab.add(uint64(v)*0x100000001, v)
	}
	for v := range int32(n) {
		got, ok := tab.find(uint64(v)*0x100000001, func(int32) bool { return true })
		if !ok || got != v {
			t.Fatalf("find(%d) = %d, %v", v, got, ok)
		}
	}
	if _, ok := tab.find(12345, func(int32) bool { return true }); ok {
		t.Fatal("found a key never added")
	}
	// one key, two values: same picks
	tab.add(7, 5000)
	tab.add(7, 6000)
	for _, want := range []int32{5000, 6000} {
		got, ok := tab.find(7, func(v int32) bool { return v == want })
		if !ok || got != want {
			t.Fatalf("find(7, %d) = %d, %v", want, got, ok)
		}
	}
	if _, ok := tab.find(7, func(v int32) bool { return v == 1 }); ok {
		t.Fatal("same refused every value, yet one was found")
	}
	if tab.n != n+2 {
		t.Fatalf("n = %d, want %d", tab.n, n+2)
	}
}

// The tables compiling fills are sized ahead (roomPhrases, roomWords,
// roomWordIDs): outgrowing one regrows it during every start-up, which
// went unnoticed twice and cost milliseconds each time. This fails while
// there is still a tenth of room left, to say which to raise.
func TestCompileTablesFit(t *testing.T) {
	r := testRegistry(t)
	m := r.lex.matcher
	for _, c := range []struct {
		what       string
		used, room int
	}{
		{"phrases (roomPhrases)", m.count(), roomPhrases},
		{"words of the phrases (roomWords)", len(m.ids), roomWords},
		{"distinct words (roomWordIDs)", len(m.textAt) - 1, roomWordIDs},
	} {
		if c.used > c.room*9/10 {
			t.Errorf("the lexicons hold %d %s, over nine tenths of the %d the compilation is sized for: raise it in matcher.go", c.used, c.what, c.room)
		}
	}
}
