package warntext

import (
	"html"
	"strings"
)

// Keys for Phrase: the bot's short answers to the owner.
const (
	PhraseHelp       = "help"        // args: prefix
	PhraseAllowed    = "allowed"     // args: ref
	PhraseFalseAlarm = "false_alarm" // args: ref
	PhraseUnknownRef = "unknown_ref" // args: ref
	PhrasePaused     = "paused"      // args: adapter, reason (protection stopped)
	PhraseResumed    = "resumed"     // args: adapter
	// PhraseNotifierFailing: args adapter (the failing target's name).
	PhraseNotifierFailing = "notifier_failing"
	PhraseNoticeTitle     = "notice_title"
	PhraseNoReason        = "no_reason"
	PhraseStatusHead      = "status_head"       // args: watching
	PhraseStatusUnread    = "status_unreadable" // args: what
	PhraseStatusRecent    = "status_recent"
	PhraseStatusNone      = "status_none"
	PhraseUnknownCommand  = "unknown_command" // args: prefix
	PhraseMissingRef      = "missing_ref"     // args: example
)

// Phrase returns the short text for key in lang (English when the language
// or the key is missing there), with {placeholders} taken from args; a
// placeholder without a value is left empty. The result is plain text:
// escape it before putting it in HTML. It returns "" for an unknown key.
func Phrase(lang, key string, args map[string]string) string {
	c := cat()
	t := c.get(c.lang(lang), "phrase."+key)
	if t == nil {
		return ""
	}
	var b strings.Builder
	for _, s := range t.segs {
		switch s.kind {
		case segText, segLink:
			b.WriteString(s.text)
		case segArg:
			b.WriteString(cleanSender(args[s.text]))
		}
	}
	return strings.TrimSpace(b.String())
}

// Notice keys, as bot.Notice* values.
const (
	NoticeProtectionStopped = "protection_stopped"
	NoticeProtectionResumed = "protection_resumed"
	NoticeNotifierFailing   = "notifier_failing"
)

// RenderNotice words a service message about the owner's protection:
// subject is the adapter or notification target it concerns.
func RenderNotice(lang, notice, subject string) Message {
	key := map[string]string{
		NoticeProtectionStopped: PhrasePaused,
		NoticeProtectionResumed: PhraseResumed,
		NoticeNotifierFailing:   PhraseNotifierFailing,
	}[notice]
	text := Phrase(lang, key, map[string]string{"adapter": subject, "reason": Phrase(lang, PhraseNoReason, nil)})
	if text == "" {
		text = notice + ": " + subject
	}
	title := Phrase(lang, PhraseNoticeTitle, nil)
	esc := html.EscapeString
	return Message{
		Title:        title,
		Plain:        title + "\n" + text + "\n",
		MatrixHTML:   "<b>" + esc(title) + "</b><br>" + esc(text),
		TelegramHTML: "<b>" + esc(title) + "</b>\n" + esc(text),
	}
}

// ParseQuoteOr reads a quote mode, or gives def for an unknown one.
func ParseQuoteOr(s string, def Quote) Quote {
	q, err := ParseQuote(s)
	if err != nil {
		return def
	}
	return q
}
