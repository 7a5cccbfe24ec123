package warntext

import (
	"strings"
	"testing"
	"testing/fstest"
)

// An adapter's phrases are held to the locale files: every language, the
// keys of en.toml, the placeholders allowed.
func TestPhrasesCheck(t *testing.T) {
	files := func(edit func(lang string) string) fstest.MapFS {
		fsys := fstest.MapFS{}
		for _, lang := range Languages() {
			fsys["p/"+lang+".toml"] = &fstest.MapFile{Data: []byte(edit(lang))}
		}
		return fsys
	}
	args := map[string][]string{"hi": {"name"}}
	for _, c := range []struct {
		name, want string
		fsys       fstest.MapFS
	}{
		{"complete", "", files(func(lang string) string { return `hi = "` + lang + ` {name}"` })},
		{"a key missing", "keys", files(func(lang string) string {
			if lang == "it" {
				return `other = "x"`
			}
			return `hi = "x"`
		})},
		{"a placeholder not allowed", "placeholder", files(func(string) string { return `hi = "{who}"` })},
		{"a language missing", "languages", fstest.MapFS{"p/en.toml": {Data: []byte(`hi = "x"`)}}},
	} {
		p, err := LoadPhrases(c.fsys, "p")
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		err = p.Check(args)
		if (c.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), c.want)) {
			t.Errorf("%s: Check = %v, want an error about %q", c.name, err, c.want)
		}
	}
	p, _ := LoadPhrases(files(func(lang string) string { return `hi = "` + lang + ` {name}"` }), "p")
	if got := p.Phrase("pt-BR", "hi", map[string]string{"name": "Ana"}); got != "pt Ana" {
		t.Errorf("Phrase(pt-BR) = %q", got)
	}
}
