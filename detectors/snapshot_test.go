package detectors

import (
	"bytes"
	"crypto/sha256"
	"flag"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

var updateSnapshots = flag.Bool("update-lexicon-snapshots", false, "rewrite detectors/lexsnap from detectors/lexicons/*.toml")

// decodeTOMLOnly decodes a lexicon file with the TOML parser, never from
// its snapshot.
func decodeTOMLOnly(t *testing.T, name string, v any) []byte {
	t.Helper()
	raw, err := fs.ReadFile(lexiconFS, name)
	if err != nil {
		t.Fatal(err)
	}
	if err := parseTOML(name, raw, v); err != nil {
		t.Fatal(err)
	}
	return raw
}

// Every lexicon file has a snapshot made from its current bytes, and the
// snapshot decodes to what the TOML parser reads. With
// -update-lexicon-snapshots (go generate ./detectors) it rewrites those
// that do not.
func TestLexiconSnapshotsAreCurrent(t *testing.T) {
	names, err := fs.Glob(lexiconFS, "lexicons/*.toml")
	if err != nil || len(names) == 0 {
		t.Fatalf("lexicon files: %v %v", names, err)
	}
	want := map[string]bool{}
	for _, name := range names {
		want[path.Base(snapshotPath(name))] = true
		fromTOML := lexiconFileValue(name)
		raw := decodeTOMLOnly(t, name, fromTOML)
		fromSnap := lexiconFileValue(name)
		if fromSnapshot(lexiconFS, name, fromSnap) && sameData(reflect.ValueOf(fromTOML), reflect.ValueOf(fromSnap)) {
			continue
		}
		if !*updateSnapshots {
			t.Errorf("%s: its snapshot is missing or stale: run go generate ./detectors", name)
			continue
		}
		data, err := makeSnapshot(raw, fromTOML)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := os.WriteFile(filepath.FromSlash(snapshotPath(name)), data, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s", snapshotPath(name))
	}
	// the memo of normalised phrases: every phrase that compiling
	// normalises, as the folder normalises it now
	want[path.Base(normMemoPath)] = true
	record := map[string]string{}
	if _, err := compileLexiconWith(lexiconFS, "lexicons", &phraseNorm{f: newFolder(), record: record}); err != nil {
		t.Fatal(err)
	}
	memo := loadNormMemo(lexiconFS)
	fits := len(memo) == len(record)
	for p, norm := range record {
		fits = fits && memo[wordHash(p)] == norm
	}
	if !fits {
		if !*updateSnapshots {
			t.Errorf("%s: missing or stale (%d phrases, %d normalised now): run go generate ./detectors", normMemoPath, len(memo), len(record))
		} else if data, err := makeNormMemo(record); err != nil {
			t.Fatal(err)
		} else if err := os.WriteFile(filepath.FromSlash(normMemoPath), data, 0o644); err != nil {
			t.Fatal(err)
		} else {
			t.Logf("wrote %s", normMemoPath)
		}
	}
	// a snapshot whose lexicon file is gone
	files, _ := fs.Glob(lexiconSnapshots, "lexsnap/*.gob")
	for _, f := range files {
		if want[path.Base(f)] {
			continue
		}
		if !*updateSnapshots {
			t.Errorf("%s: no lexicon file of that name: run go generate ./detectors", f)
			continue
		}
		if err := os.Remove(filepath.FromSlash(f)); err != nil {
			t.Fatal(err)
		}
	}
}

// A snapshot is not used for other bytes than its file's, nor for
// another type than its own, nor for another file system than the
// embedded lexicons.
func TestLexiconSnapshotFitsOnly(t *testing.T) {
	name := "lexicons/en.toml"
	raw, err := fs.ReadFile(lexiconFS, name)
	if err != nil {
		t.Fatal(err)
	}
	snap, err := fs.ReadFile(lexiconSnapshots, snapshotPath(name))
	if err != nil {
		t.Fatal(err)
	}
	sumOf := func(b []byte) func() [sha256.Size]byte {
		return func() [sha256.Size]byte { return sha256.Sum256(b) }
	}
	if !fromSnapshot(lexiconFS, name, new(lexiconFile)) || !decodeSnapshot(bytes.NewReader(snap), sumOf(raw), new(lexiconFile)) {
		t.Fatal("the current en.toml is not read from its snapshot")
	}
	edited := append(bytes.Clone(raw), "\n# edited\n"...)
	if decodeSnapshot(bytes.NewReader(snap), sumOf(edited), new(lexiconFile)) {
		t.Error("an edited en.toml was read from the old snapshot")
	}
	if fromSnapshot(lexiconFS, name, new(namesFile)) {
		t.Error("en.toml's snapshot was decoded into another type")
	}
	type otherShape struct {
		Lang string `toml:"lang"`
		New  string `toml:"new"`
	}
	if fromSnapshot(lexiconFS, name, new(otherShape)) {
		t.Error("a snapshot was decoded into a type of another shape")
	}
	if fromSnapshot(os.DirFS("."), name, new(lexiconFile)) {
		t.Error("a snapshot was used for a lexicon file outside the embedded lexicons")
	}
	// and what is read from it is what the TOML says
	var fromTOML, fromSnap lexiconFile
	decodeTOMLOnly(t, name, &fromTOML)
	fromSnapshot(lexiconFS, name, &fromSnap)
	if !sameData(reflect.ValueOf(fromTOML), reflect.ValueOf(fromSnap)) {
		t.Error("en.toml's snapshot decodes to other data than the TOML")
	}
	if strings.Join(fromSnap.Words.Greetings, "|") == "" {
		t.Error("en.toml's snapshot has no greetings")
	}
}

// sameData: a and b hold the same data, an empty slice or map being the
// same as none (TOML's [] and gob's nothing).
func sameData(a, b reflect.Value) bool {
	if a.Kind() != b.Kind() {
		return false
	}
	switch a.Kind() {
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		return sameData(a.Elem(), b.Elem())
	case reflect.Slice:
		if a.Len() != b.Len() {
			return false
		}
		for i := range a.Len() {
			if !sameData(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Map:
		if a.Len() != b.Len() {
			return false
		}
		for _, k := range a.MapKeys() {
			bv := b.MapIndex(k)
			if !bv.IsValid() || !sameData(a.MapIndex(k), bv) {
				return false
			}
		}
		return true
	case reflect.Struct:
		for i := range a.NumField() {
			if !sameData(a.Field(i), b.Field(i)) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(a.Interface(), b.Interface())
}
