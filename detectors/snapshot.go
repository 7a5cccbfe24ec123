package detectors

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/gob"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"path"
	"reflect"
	"slices"
	"strings"
	"sync"
)

// The lexicons' TOML files, decoded when they were last changed and kept
// as gob: decoding them with the TOML parser was two fifths of compiling
// the lexicons at start-up (40 ms of 100 on one core), gob takes 4. A
// snapshot is used only for the file it was made from (its SHA-256) and
// only into the Go type it was made for (its schema); otherwise the file
// is parsed as TOML, so an edited lexicon never runs stale.
// TestLexiconSnapshotsAreCurrent fails until they are made again:
//
//go:generate go test -tags goolm -run TestLexiconSnapshotsAreCurrent -update-lexicon-snapshots .
//go:embed lexsnap/*.gob
var lexiconSnapshots embed.FS

// snapshotHeader opens lexsnap/<file>.gob; the value decoded from
// lexicons/<file>.toml follows it in the same gob stream.
type snapshotHeader struct {
	Sum    [sha256.Size]byte // of the TOML file it was made from
	Schema string            // of the Go type it decodes into
}

// snapshotPath is where the snapshot of lexicon file name lives.
func snapshotPath(name string) string {
	return "lexsnap/" + strings.TrimSuffix(path.Base(name), ".toml") + ".gob"
}

// fromSnapshot decodes the TOML file name of the embedded lexicons into
// v from its snapshot, if there is one made from the file's bytes for
// v's type. Any other file system, or a snapshot that does not fit,
// reports false and the caller parses the TOML. Both files are read as
// streams: copying them whole was 8 ms of a cold start.
func fromSnapshot(fsys fs.FS, name string, v any) bool {
	if efs, ok := fsys.(embed.FS); !ok || efs != lexiconFS {
		return false
	}
	snap, err := lexiconSnapshots.Open(snapshotPath(name))
	if err != nil {
		return false
	}
	defer snap.Close()
	return decodeSnapshot(snap, func() [sha256.Size]byte { return fileSum(fsys, name) }, v)
}

// decodeSnapshot decodes the snapshot r into v if it was made for v's
// type and from the bytes whose SHA-256 sum gives.
func decodeSnapshot(r io.Reader, sum func() [sha256.Size]byte, v any) bool {
	dec := gob.NewDecoder(r)
	var h snapshotHeader
	if dec.Decode(&h) != nil || h.Schema != schemaOf(reflect.TypeOf(v)) || h.Sum != sum() {
		return false
	}
	return dec.Decode(v) == nil
}

// fileSum is the SHA-256 of file name of fsys (zero if it cannot be
// read, which no snapshot's sum is).
func fileSum(fsys fs.FS, name string) (sum [sha256.Size]byte) {
	f, err := fsys.Open(name)
	if err != nil {
		return sum
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return sum
	}
	h.Sum(sum[:0])
	return sum
}

// packStrings makes every string in *v a piece of one allocation. The
// strings the TOML parser decodes are pieces of the file it read, gob
// gives each its own: the few hundred that the compiled lexicons keep
// as they are (a brand's name, a frame's detail) would each hold a page
// of the compilation's garbage in use. It walks by reflection, a few
// milliseconds for a language file, so it is for the small files whose
// strings are kept.
func packStrings(v any) {
	var b strings.Builder
	rv := reflect.ValueOf(v)
	visitStrings(rv, func(s string) string {
		b.WriteString(s)
		return s
	})
	block, off := b.String(), 0
	visitStrings(rv, func(s string) string {
		p := block[off : off+len(s)]
		off += len(s)
		return p
	})
}

// visitStrings replaces every string s reachable from v by f(s), in the
// same order every time: map keys sorted.
func visitStrings(v reflect.Value, f func(string) string) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(f(v.String()))
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			visitStrings(v.Elem(), f)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			visitStrings(v.Index(i), f)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				visitStrings(v.Field(i), f)
			}
		}
	case reflect.Map:
		if v.Len() == 0 {
			return
		}
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
		m := reflect.MakeMapWithSize(v.Type(), v.Len())
		for _, k := range keys {
			nk := reflect.New(k.Type()).Elem()
			nk.Set(k)
			visitStrings(nk, f)
			nv := reflect.New(v.Type().Elem()).Elem()
			nv.Set(v.MapIndex(k))
			visitStrings(nv, f)
			m.SetMapIndex(nk, nv)
		}
		v.Set(m)
	}
}

// makeSnapshot encodes v, decoded from the TOML bytes raw, as a
// snapshot.
func makeSnapshot(raw []byte, v any) ([]byte, error) {
	var out bytes.Buffer
	enc := gob.NewEncoder(&out)
	if err := enc.Encode(snapshotHeader{Sum: sha256.Sum256(raw), Schema: schemaOf(reflect.TypeOf(v))}); err != nil {
		return nil, err
	}
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// lexiconFileValue is a new value of the type the lexicon file name
// decodes into.
func lexiconFileValue(name string) any {
	switch path.Base(name) {
	case "shared.toml":
		return new(sharedFile)
	case "names.toml":
		return new(namesFile)
	case "brands.toml":
		return new(brandsFile)
	case "frames.toml":
		return new(frameFile)
	}
	return new(lexiconFile)
}

var schemas sync.Map // reflect.Type → string

// schemaOf describes t's shape: its kinds, and its fields' names, tags
// and types, all the way down. A snapshot made for another shape (a
// field added since) is not used: gob would leave the new field empty.
func schemaOf(t reflect.Type) string {
	if s, ok := schemas.Load(t); ok {
		return s.(string)
	}
	var b strings.Builder
	writeSchema(&b, t)
	s := b.String()
	schemas.Store(t, s)
	return s
}

func writeSchema(b *strings.Builder, t reflect.Type) {
	switch t.Kind() {
	case reflect.Pointer:
		b.WriteString("*")
		writeSchema(b, t.Elem())
	case reflect.Slice:
		b.WriteString("[]")
		writeSchema(b, t.Elem())
	case reflect.Map:
		b.WriteString("map[")
		writeSchema(b, t.Key())
		b.WriteString("]")
		writeSchema(b, t.Elem())
	case reflect.Struct:
		b.WriteString("{")
		for i := range t.NumField() {
			f := t.Field(i)
			fmt.Fprintf(b, "%s %q ", f.Name, f.Tag)
			writeSchema(b, f.Type)
			b.WriteString(";")
		}
		b.WriteString("}")
	default:
		b.WriteString(t.Kind().String())
	}
}

// normMemoPath holds the normalised form of every phrase of the embedded
// lexicons that normalising may change (not plainPhrase), made by
// go generate with the snapshots. A phrase's normal form depends on its
// text and on the folder's code alone, so a memo made before a lexicon
// was edited is still right for the phrases it has, and the others are
// normalised at start-up; TestLexiconSnapshotsAreCurrent fails when the
// memo misses a phrase or says other than the folder does now.
const normMemoPath = "lexsnap/norm.gob"

// normMemo is the memo as stored: the phrases by their hash (wordHash;
// the test above proves no two of them share one), the normal forms laid
// end to end, so that decoding makes a few slices, not eighteen thousand
// strings.
type normMemo struct {
	Hashes   []uint64
	Norms    string
	NormEnds []uint32
}

// loadNormMemo reads the memo of normalised phrases for the embedded
// lexicons, by the hash of the phrase; nil for any other file system, or
// if it cannot be read.
func loadNormMemo(fsys fs.FS) map[uint64]string {
	if efs, ok := fsys.(embed.FS); !ok || efs != lexiconFS {
		return nil
	}
	r, err := lexiconSnapshots.Open(normMemoPath)
	if err != nil {
		return nil
	}
	defer r.Close()
	var m normMemo
	if gob.NewDecoder(r).Decode(&m) != nil || len(m.Hashes) != len(m.NormEnds) {
		return nil
	}
	memo := make(map[uint64]string, len(m.Hashes))
	var n0 uint32
	for i, h := range m.Hashes {
		n1 := m.NormEnds[i]
		if n1 <= n0 || int(n1) > len(m.Norms) {
			return nil
		}
		memo[h] = m.Norms[n0:n1]
		n0 = n1
	}
	return memo
}

// makeNormMemo encodes memo (phrase → normal form) for normMemoPath, in
// the order of the hashes, so that the same memo makes the same bytes.
func makeNormMemo(memo map[string]string) ([]byte, error) {
	byHash := map[uint64]string{}
	for p, norm := range memo {
		h := wordHash(p)
		if other, dup := byHash[h]; dup && other != norm {
			return nil, fmt.Errorf("norm memo: two phrases hash to %x", h)
		}
		byHash[h] = norm
	}
	var m normMemo
	var ns strings.Builder
	for _, h := range slices.Sorted(maps.Keys(byHash)) {
		ns.WriteString(byHash[h])
		m.Hashes = append(m.Hashes, h)
		m.NormEnds = append(m.NormEnds, uint32(ns.Len()))
	}
	m.Norms = ns.String()
	var out bytes.Buffer
	if err := gob.NewEncoder(&out).Encode(m); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
