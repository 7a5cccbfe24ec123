package telegram

import (
	"embed"
	"sync"

	"github.com/silentguard/silentguard/bot/warntext"
)

// Phrases of this adapter, in locales/<lang>.toml beside it: only
// Telegram says them.
const (
	phraseCheckHelp   = "check_help"  // args: prefix
	phraseCheckUsage  = "check_usage" // args: prefix
	phraseCheckClean  = "check_clean"
	phraseCheckFailed = "check_failed"
	phraseConnected   = "tg_connected"
)

// phraseArgs are the placeholders each phrase may use.
var phraseArgs = map[string][]string{phraseCheckHelp: {"prefix"}, phraseCheckUsage: {"prefix"}}

//go:embed locales/*.toml
var localeFS embed.FS

// phrases are read once. The files are part of the binary, so a broken
// one is a build defect: it panics, and TestPhrasesComplete catches it.
var phrases = sync.OnceValue(func() *warntext.Phrases {
	p, err := warntext.LoadPhrases(localeFS, "locales")
	if err != nil {
		panic("telegram: " + err.Error())
	}
	return p
})

// phrase is the adapter's text for key in lang.
func phrase(lang, key string, args map[string]string) string {
	return phrases().Phrase(lang, key, args)
}
