package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/silentguard/silentguard/bot/warntext"
)

// CommandInput is an owner's command, as read by an adapter from the
// owner's private channel with the bot (never from a watched conversation).
type CommandInput struct {
	Owner string
	// Text is what the owner wrote, with the prefix ("!status", "/allow K7Q2").
	Text   string
	Prefix string
	// Unreadable lists what the adapter cannot read (for status), e.g.
	// "WhatsApp portal with +39… (invited only, no double puppeting)".
	Unreadable []string
	// More are commands the adapter answers itself ("check"), listed
	// with the others when a command is unknown.
	More []string
}

// helpWords are what an owner may write without the prefix to ask for
// help, in the languages of the warnings.
var helpWords = []string{"help", "aiuto", "hilfe", "ayuda", "aide", "ajuda", "hulp"}

// IsHelpWord tells whether text only asks for help ("help", "Help?",
// "aiuto"), without the command prefix.
func IsHelpWord(text string) bool {
	return slices.Contains(helpWords, strings.ToLower(strings.Trim(strings.TrimSpace(text), "?!. ")))
}

// AnswersTo tells whether the bot answers text in the owner's private
// channel: a command, known or not (an unknown one gets the list), or a
// plain request for help. Other words there are left alone.
func AnswersTo(text, prefix string) bool {
	t := strings.TrimSpace(text)
	if IsHelpWord(t) {
		return true
	}
	rest, ok := strings.CutPrefix(t, prefix)
	r, _ := utf8.DecodeRuneInString(rest)
	return ok && unicode.IsLetter(r)
}

// IsCommand tells whether text is addressed to the bot as a command: its
// first line starts with the prefix and a word that starts with a letter
// ("!dance" is one, answered as unknown; "!!!" is not).
func IsCommand(text, prefix string) bool {
	name, _, ok := parseCommand(text, prefix)
	r, _ := utf8.DecodeRuneInString(name)
	return ok && unicode.IsLetter(r)
}

// refPunct is the punctuation people copy along with a reference.
const refPunct = ".,;:!?\"'`“”«»()"

// parseCommand reads an owner's command from the first line of text only:
// what follows may quote a warning, whose references are not the owner's
// choice. After the prefix come whitespace-separated words: the first is
// the name, in lower case and without the "@bot" some Telegram clients
// append; the first one after it that is more than punctuation is the
// reference. ok is false when the line does not start with the prefix.
func parseCommand(text, prefix string) (name, ref string, ok bool) {
	line, _, _ := strings.Cut(strings.TrimSpace(text), "\n")
	rest, ok := strings.CutPrefix(line, prefix)
	if !ok {
		return "", "", false
	}
	words := strings.Fields(rest)
	if len(words) == 0 {
		return "", "", true
	}
	name, _, _ = strings.Cut(strings.ToLower(words[0]), "@")
	for _, w := range words[1:] {
		if ref = strings.Trim(w, refPunct); ref != "" {
			break
		}
	}
	return name, ref, true
}

// Command runs one of the owner's commands and returns the plain-text
// answer in the owner's language: help, status, allow REF, false REF.
func (e *Engine) Command(ctx context.Context, in CommandInput) string {
	o := e.Owner(in.Owner)
	if o == nil {
		return ""
	}
	lang := o.Lang()
	// A text without the prefix has no name: answered as unknown, unless
	// it only asks for help ("help", "aiuto").
	name, arg, _ := parseCommand(in.Text, in.Prefix)
	if IsHelpWord(in.Text) || slices.Contains(helpWords, name) {
		name = warntext.CommandHelp // "aiuto?", "!hulp", "! hulp"
	}
	switch name {
	case warntext.CommandHelp, "start":
		return warntext.Phrase(lang, warntext.PhraseHelp, map[string]string{"prefix": in.Prefix})
	case "status":
		return e.status(ctx, o, in)
	case warntext.CommandAllow, warntext.CommandFalseAlarm:
		if arg == "" {
			return warntext.Phrase(lang, warntext.PhraseMissingRef, map[string]string{"example": in.Prefix + name + " K7Q2"})
		}
		var err error
		if name == warntext.CommandAllow {
			_, err = e.Allow(ctx, o.ID, arg)
		} else {
			_, err = e.FalseAlarm(ctx, o.ID, arg)
		}
		ref := strings.ToUpper(arg)
		switch {
		case errors.Is(err, ErrNotFound):
			return warntext.Phrase(lang, warntext.PhraseUnknownRef, map[string]string{"ref": ref})
		case err != nil:
			e.log.Error().Err(err).Str("owner", o.ID).Str("command", name).Msg("Owner command failed")
			return "Error: " + err.Error()
		case name == warntext.CommandAllow:
			e.log.Info().Str("owner", o.ID).Str("ref", ref).Msg("Owner allowed a sender")
			return warntext.Phrase(lang, warntext.PhraseAllowed, map[string]string{"ref": ref})
		default:
			e.log.Info().Str("owner", o.ID).Str("ref", ref).Msg("Owner marked a false alarm")
			return warntext.Phrase(lang, warntext.PhraseFalseAlarm, map[string]string{"ref": ref})
		}
	default:
		list := []string{in.Prefix + warntext.CommandAllow + " REF", in.Prefix + warntext.CommandFalseAlarm + " REF", in.Prefix + "status"}
		for _, c := range in.More {
			list = append(list, in.Prefix+c)
		}
		list = append(list, in.Prefix+warntext.CommandHelp)
		return warntext.Phrase(lang, warntext.PhraseUnknownCommand, map[string]string{"prefix": in.Prefix, "commands": strings.Join(list, ", ")})
	}
}

func (e *Engine) status(ctx context.Context, o *Owner, in CommandInput) string {
	lang := o.Lang()
	var b strings.Builder
	counts, err := e.store.CountConversations(ctx, o.ID)
	if err != nil {
		return "Error: " + err.Error()
	}
	b.WriteString(warntext.Phrase(lang, warntext.PhraseStatusHead, map[string]string{"watching": fmt.Sprint(counts[StateWatching])}))
	states, _ := e.Health()
	for _, s := range states {
		if s.Owner == o.ID && !s.OK {
			b.WriteString("\n• " + warntext.Phrase(lang, warntext.PhrasePaused, map[string]string{"adapter": s.Adapter, "reason": s.Reason}))
		}
	}
	for _, u := range in.Unreadable {
		b.WriteString("\n• " + warntext.Phrase(lang, warntext.PhraseStatusUnread, map[string]string{"what": u}))
	}
	recent, err := e.store.RecentWarnings(ctx, o.ID, 5)
	if err != nil {
		return "Error: " + err.Error()
	}
	var lines []string
	for _, w := range recent {
		if w.Notice != "" {
			continue
		}
		kind := w.Kind
		if kind == "" {
			kind = "-"
		}
		loc := o.Location
		if loc == nil {
			loc = w.Created.Location()
		}
		lines = append(lines, fmt.Sprintf("• %s %s · %s · %s · %s", w.Ref, w.Created.In(loc).Format("2006-01-02 15:04"), w.Level, kind, w.Network()))
	}
	if len(lines) == 0 {
		b.WriteString("\n" + warntext.Phrase(lang, warntext.PhraseStatusNone, nil))
	} else {
		b.WriteString("\n" + warntext.Phrase(lang, warntext.PhraseStatusRecent, nil) + "\n" + strings.Join(lines, "\n"))
	}
	// Warnings a target refused for good: the owner may not have seen them.
	failed, err := e.store.FailedDeliveries(ctx, o.ID, 5)
	if err != nil {
		return "Error: " + err.Error()
	}
	for _, f := range failed {
		b.WriteString("\n• " + warntext.Phrase(lang, warntext.PhraseStatusUndelivered,
			map[string]string{"ref": f.Ref, "target": strings.TrimPrefix(f.Target, o.ID+"/")}))
	}
	return b.String()
}
