package warntext

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
	"mvdan.cc/xurls/v2"
)

// fallbackLang is used for an unknown language, and for any key that a
// language lacks.
const fallbackLang = "en"

//go:embed locales/*.toml
var localeFS embed.FS

// catalog holds every language's templates, parsed once.
type catalog struct {
	langs []string                    // sorted
	texts map[string]map[string]*tmpl // lang -> flattened key -> template
}

// cat returns the catalog built from the embedded locale files. The files are
// part of the binary, so a broken one is a build defect: it panics, and the
// package tests catch it before it ships.
var cat = sync.OnceValue(func() *catalog {
	c, err := loadCatalogDir(localeFS, "locales")
	if err != nil {
		panic("warntext: " + err.Error())
	}
	return c
})

func loadCatalog(fsys fs.FS) (*catalog, error) { return loadCatalogDir(fsys, "locales") }

// loadCatalogDir reads one <lang>.toml per language from dir.
func loadCatalogDir(fsys fs.FS, dir string) (*catalog, error) {
	files, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	c := &catalog{texts: map[string]map[string]*tmpl{}}
	for _, f := range files {
		name := f.Name()
		if !strings.HasSuffix(name, ".toml") {
			continue
		}
		lang := strings.TrimSuffix(name, ".toml")
		raw, err := fs.ReadFile(fsys, path.Join(dir, name))
		if err != nil {
			return nil, err
		}
		var tree map[string]any
		if _, err := toml.Decode(string(raw), &tree); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		flat := map[string]string{}
		if err := flatten("", tree, flat); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		texts := make(map[string]*tmpl, len(flat))
		for k, v := range flat {
			texts[k] = parseTmpl(v)
		}
		c.texts[lang] = texts
		c.langs = append(c.langs, lang)
	}
	if c.texts[fallbackLang] == nil {
		return nil, fmt.Errorf("no %s.toml", fallbackLang)
	}
	sort.Strings(c.langs)
	return c, nil
}

// flatten turns nested tables into "table.key" entries. Keys may themselves
// hold dots (reason codes are quoted keys such as "opener.wrong_name").
func flatten(prefix string, tree map[string]any, out map[string]string) error {
	for k, v := range tree {
		key := k
		if prefix != "" {
			key = prefix + "." + k
		}
		switch v := v.(type) {
		case string:
			out[key] = v
		case map[string]any:
			if err := flatten(key, v, out); err != nil {
				return err
			}
		default:
			return fmt.Errorf("%s: want a string or a table, got %T", key, v)
		}
	}
	return nil
}

// lang maps a requested language ("it", "pt-BR", "de_AT", "FR") to one the
// catalog has, or to the fallback.
func (c *catalog) lang(want string) string {
	want = strings.ToLower(strings.TrimSpace(want))
	if i := strings.IndexAny(want, "-_"); i >= 0 {
		want = want[:i]
	}
	if _, ok := c.texts[want]; ok {
		return want
	}
	return fallbackLang
}

// get returns the template for key in lang, or in the fallback language.
func (c *catalog) get(lang, key string) *tmpl {
	if t := c.texts[lang][key]; t != nil {
		return t
	}
	return c.texts[fallbackLang][key]
}

// keys lists the keys of one language, sorted (for tests).
func (c *catalog) keys(lang string) []string {
	ks := make([]string, 0, len(c.texts[lang]))
	for k := range c.texts[lang] {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// A template is locale text with {placeholders} and **bold** markers. The
// text is ours and trusted; whatever fills a placeholder is not.
type tmpl struct {
	segs []seg
	args []string // placeholder names, in order of appearance
}

type segKind uint8

const (
	segText segKind = iota // literal text
	segLink                // a link written in the locale file (an official site)
	segArg                 // a {placeholder}
	segBold                // a "**" toggle
)

type seg struct {
	kind segKind
	text string // literal text, the link as written, or the placeholder name
}

// findLinks finds the links in text, running the link pattern only when
// there may be one: loading the catalogs (at the first warning) ran it on
// every sentence of every language, a twentieth of the CPU of a burst of
// 8,000 messages.
func findLinks(text string) [][]int {
	if !mayHoldLink(text) {
		return nil
	}
	return xurls.Relaxed().FindAllStringIndex(text, -1)
}

func parseTmpl(s string) *tmpl {
	t := &tmpl{}
	lit := func(text string) {
		if text == "" {
			return
		}
		// Links in our own text (official reporting sites) become real
		// links in the HTML renderings.
		last := 0
		for _, m := range findLinks(text) {
			if m[0] > last {
				t.segs = append(t.segs, seg{segText, text[last:m[0]]})
			}
			t.segs = append(t.segs, seg{segLink, text[m[0]:m[1]]})
			last = m[1]
		}
		if last < len(text) {
			t.segs = append(t.segs, seg{segText, text[last:]})
		}
	}
	var buf strings.Builder
	for i := 0; i < len(s); {
		switch {
		case strings.HasPrefix(s[i:], "**"):
			lit(buf.String())
			buf.Reset()
			t.segs = append(t.segs, seg{kind: segBold})
			i += 2
		case s[i] == '{':
			j := strings.IndexByte(s[i:], '}')
			if j > 1 && isName(s[i+1:i+j]) {
				lit(buf.String())
				buf.Reset()
				name := s[i+1 : i+j]
				t.segs = append(t.segs, seg{segArg, name})
				t.args = append(t.args, name)
				i += j + 1
				continue
			}
			buf.WriteByte(s[i])
			i++
		default:
			buf.WriteByte(s[i])
			i++
		}
	}
	lit(buf.String())
	return t
}

func isName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c == '_') {
			return false
		}
	}
	return s != ""
}
