package warntext

import (
	"fmt"
	"io/fs"
	"slices"
)

// Phrases are short texts that one notifier or adapter keeps beside its
// code (Telegram's /check answers), in the locale files' format: one
// <lang>.toml per language, tables flattened to dotted keys. The core's
// locale files hold only what every notifier says.
type Phrases struct{ c *catalog }

// LoadPhrases reads the phrase files in dir of fsys; en.toml is required.
func LoadPhrases(fsys fs.FS, dir string) (*Phrases, error) {
	c, err := loadCatalogDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("phrases in %s: %w", dir, err)
	}
	return &Phrases{c: c}, nil
}

// Phrase is like the package's Phrase: the text for key in lang (English
// when missing there), plain, with {placeholders} from args.
func (p *Phrases) Phrase(lang, key string, args map[string]string) string {
	return p.c.fillPlain(lang, key, args)
}

// Check reports how the phrases fall short of the core's locale files: a
// language one has and the other lacks, a key of en.toml missing in a
// language, or a placeholder that args does not allow for its key.
func (p *Phrases) Check(args map[string][]string) error {
	if !slices.Equal(p.c.langs, cat().langs) {
		return fmt.Errorf("languages %v, want the locale files' %v", p.c.langs, cat().langs)
	}
	want := p.c.keys(fallbackLang)
	for _, lang := range p.c.langs {
		if got := p.c.keys(lang); !slices.Equal(got, want) {
			return fmt.Errorf("%s.toml has keys %v, want those of %s.toml: %v", lang, got, fallbackLang, want)
		}
		for _, k := range want {
			for _, a := range p.c.texts[lang][k].args {
				if !slices.Contains(args[k], a) {
					return fmt.Errorf("%s.toml: %s has the placeholder {%s}", lang, k, a)
				}
			}
		}
	}
	return nil
}
