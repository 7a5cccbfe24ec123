package telegram

import "testing"

// Telegram's phrases exist in every language the warnings do, with the
// keys of en.toml and only the placeholders they may use.
func TestPhrasesComplete(t *testing.T) {
	if err := phrases().Check(phraseArgs); err != nil {
		t.Fatal(err)
	}
	if got := phrase("it-IT", phraseCheckUsage, map[string]string{"prefix": "/"}); got == "" || got == phrase("en", phraseCheckUsage, map[string]string{"prefix": "/"}) {
		t.Errorf("Italian /check usage = %q", got)
	}
}
