package detectors

import "math/bits"

// keyTable maps 64-bit hash keys to int32 values while the lexicons
// compile: one open-addressing table (linear probing) in two flat
// slices. The keys are hashes already, and a probe reads a slot of keys
// where a Go map reads a group's control word and then the slot: on tens
// of thousands of keys, more than the cache holds, that saves a miss on
// each of the compilation's most frequent lookups. Two values may share
// a key (a collision of the hash): find tells them apart with same.
type keyTable struct {
	keys  []uint64
	vals  []int32 // value + 1; 0 marks an empty slot
	n     int
	shift uint
}

// newKeyTable returns a table that holds n values without growing.
func newKeyTable(n int) *keyTable {
	size := 16
	for size < 2*n {
		size *= 2
	}
	return &keyTable{keys: make([]uint64, size), vals: make([]int32, size), shift: uint(64 - bits.TrailingZeros(uint(size)))}
}

func (t *keyTable) home(key uint64) int { return int((key * 0x9E3779B97F4A7C15) >> t.shift) }

// find returns the value under key for which same is true.
func (t *keyTable) find(key uint64, same func(v int32) bool) (int32, bool) {
	mask := len(t.keys) - 1
	for s := t.home(key); t.vals[s] != 0; s = (s + 1) & mask {
		if t.keys[s] == key && same(t.vals[s]-1) {
			return t.vals[s] - 1, true
		}
	}
	return 0, false
}

// add puts v under key, beside any value already there.
func (t *keyTable) add(key uint64, v int32) {
	if 2*(t.n+1) > len(t.keys) {
		old := *t
		*t = *newKeyTable(len(old.keys))
		for s, ov := range old.vals {
			if ov != 0 {
				t.add(old.keys[s], ov-1)
			}
		}
	}
	mask := len(t.keys) - 1
	s := t.home(key)
	for t.vals[s] != 0 {
		s = (s + 1) & mask
	}
	t.keys[s], t.vals[s] = key, v+1
	t.n++
}
