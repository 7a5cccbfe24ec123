package bot_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/bot/sqlstore"
	"github.com/silentguard/silentguard/bot/warntext"
	"github.com/silentguard/silentguard/internal/bottest"
)

// feedbackSpy records the feedback the owner's commands store.
type feedbackSpy struct {
	*sqlstore.Store
	mu  sync.Mutex
	got []bot.Feedback
}

func (s *feedbackSpy) AddFeedback(ctx context.Context, f bot.Feedback) error {
	s.mu.Lock()
	s.got = append(s.got, f)
	s.mu.Unlock()
	return s.Store.AddFeedback(ctx, f)
}

func (s *feedbackSpy) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.got)
}

// commandWords reads a command as an owner writes it: its first line; after
// the prefix, whitespace-separated words, the first the command's name
// (lower case, without a Telegram "@bot"). ok is false without the prefix.
func commandWords(text, prefix string) (name string, args []string, ok bool) {
	line, _, _ := strings.Cut(strings.TrimSpace(text), "\n")
	rest, ok := strings.CutPrefix(line, prefix)
	if !ok {
		return "", nil, false
	}
	words := strings.Fields(rest)
	if len(words) == 0 {
		return "", nil, true
	}
	name, _, _ = strings.Cut(strings.ToLower(words[0]), "@")
	return name, words[1:], true
}

// knownCommands: the commands, and the words for help in every language.
var knownCommands = func() map[string]bool {
	m := map[string]bool{"start": true, "status": true, "allow": true, "false": true}
	for _, w := range bot.HelpWords {
		m[w] = true
	}
	return m
}()

// FuzzCommand: the owner's command text (Matrix "!", Telegram "/") never
// panics and always gets an answer; an unknown command is answered as
// unknown, and a known one never is; a text that starts with the prefix
// and a letter is a command (so a typo is answered, not ignored); a help
// word with punctuation around it ("!!hulp") is answered with help; and a
// warning is allowed or marked false only when its reference is a word of
// the command's own line, after "allow" or "false". "REF" in the input
// stands for the reference of a real warning.
func FuzzCommand(f *testing.F) {
	for _, s := range []string{
		"!allow REF", "!false REF", "!allow ref.", "!allow «REF»", "!allow REF please", "/allow@SilentGuardBot REF",
		"!help", "!HELP", "!hulp", "!aiuto", "!!hulp", "!!dance", "!\fhulp", "/start", "!status", "!status@bot", "!dance", "!", "!!!", "! allow REF", "!allow",
		"!allow (\nREF", "!false .\nREF", "!allow\nREF", "!allow\tREF", "!allow\u00a0REF",
		"> <@silentguard:example.org> reply !allow REF\n\n!false", "!status\n!allow REF", "REF", "allow REF",
		"!allow ZZZZ", "!allow REF REF", "\xff!allow REF", "!allow \xffREF", "!ALLOW ref", "!allow “REF”,",
	} {
		f.Add(s, s[0] == '/')
	}
	ctx := context.Background()
	spy := &feedbackSpy{Store: bottest.SQLite(f, "")}
	eng := bottest.New(f, bottest.Options{Store: spy})
	eng.AddOwner(&bot.Owner{ID: "laura", Names: []string{"Laura"}, Country: "IT", Languages: []string{"en"},
		Targets: []bot.Target{{Name: "rec", Notifier: &bottest.Recorder{}}}})
	res, err := eng.Handle(ctx, msg("1", opener, false, t0))
	if err != nil || res.Warning == nil {
		f.Fatalf("no warning to refer to: %+v %v", res, err)
	}
	ref := res.Warning.Ref
	f.Fuzz(func(t *testing.T, text string, telegram bool) {
		prefix := "!"
		if telegram {
			prefix = "/"
		}
		text = strings.ReplaceAll(text, "REF", ref)
		before := spy.count()
		answer := eng.Command(ctx, bot.CommandInput{Owner: "laura", Text: text, Prefix: prefix})
		if answer == "" {
			t.Fatal("no answer")
		}
		name, args, hasPrefix := commandWords(text, prefix)
		// the unknown-command answer lists the commands after its first
		// sentence
		unknown, _, _ := strings.Cut(warntext.Phrase("en", warntext.PhraseUnknownCommand, map[string]string{"prefix": prefix, "commands": ""}), ".")
		// A text that is only a help word and punctuation asks for help,
		// whatever the prefix ("!!hulp", "aiuto?").
		known := knownCommands[name] || bot.IsHelpWord(text)
		if hasPrefix && name != "" && known == strings.HasPrefix(answer, unknown) {
			t.Fatalf("%q (command %q) answered %q", text, name, answer)
		}
		if hasPrefix && name != "" && unicode.IsLetter([]rune(name)[0]) && !bot.IsCommand(text, prefix) {
			t.Fatalf("%q is not taken for a command: it would get no answer", text)
		}
		if spy.count() == before {
			return
		}
		named := false
		for _, a := range args {
			named = named || strings.EqualFold(strings.Trim(a, ".,;:!?\"'`“”«»()"), ref)
		}
		if !hasPrefix || name != "allow" && name != "false" || !named {
			t.Fatalf("%q acted on warning %s, which is not named on the command's line", text, ref)
		}
	})
}
