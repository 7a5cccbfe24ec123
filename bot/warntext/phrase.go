package warntext

import (
	"strconv"
	"strings"
	"time"
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
	PhraseUnknownCommand  = "unknown_command" // args: prefix, commands
	PhraseMissingRef      = "missing_ref"     // args: example
	PhraseHistoryHead     = "history_head"    // args: count
	PhraseHistoryNone     = "history_none"

	// PhraseStatusUndelivered: args ref, target (a warning the target
	// refused for good).
	PhraseStatusUndelivered = "status_undelivered"

	// PhrasePageLink ends a warning that has an owner page: args link.
	PhrasePageLink = "page_link"
)

// Phrase returns the short text for key in lang (English when the language
// or the key is missing there), with {placeholders} taken from args; a
// placeholder without a value is left empty. The result is plain text:
// escape it before putting it in HTML. It returns "" for an unknown key.
func Phrase(lang, key string, args map[string]string) string {
	return cat().fillPlain(lang, "phrase."+key, args)
}

// PageText is a text of the owner page ([page] in the locale files), as
// Phrase fills it: plain text, to be escaped.
func PageText(lang, key string, args map[string]string) string {
	return cat().fillPlain(lang, "page."+key, args)
}

func (c *catalog) fillPlain(lang, key string, args map[string]string) string {
	t := c.get(c.lang(lang), key)
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
	NoticeHistorySummary    = "history_summary"
)

// NoticeInput is a service message about the owner's protection.
type NoticeInput struct {
	Lang string
	// Kind is one of the Notice… keys.
	Kind string
	// Adapter is the adapter that stopped or resumed; Target the
	// notification target that keeps failing.
	Adapter, Target string
	// History is the one-time summary's lines, newest first.
	History []HistoryItem
	// Quote: under QuoteNone the summary shows no sender.
	Quote Quote
}

// HistoryItem is one suspicious conversation found in history.
type HistoryItem struct {
	At             time.Time
	Network, Level string
	// Sender is the sender as shown (display name or number).
	Sender string
}

// RenderNotice words a service message: protection stopped or resumed, a
// notifier failing, or the summary of suspicious conversations found in
// history.
func RenderNotice(in NoticeInput) Doc {
	d := Doc{Title: Phrase(in.Lang, PhraseNoticeTitle, nil), Brief: true}
	if in.Kind == NoticeHistorySummary {
		head := Phrase(in.Lang, PhraseHistoryNone, nil)
		if len(in.History) > 0 {
			head = Phrase(in.Lang, PhraseHistoryHead, map[string]string{"count": strconv.Itoa(len(in.History))})
		}
		b := Block{Head: Line{{Text: head}}}
		for _, h := range in.History {
			l := Line{{Text: h.At.Format("2006-01-02") + " · " + h.Network + " · " + h.Level}}
			if in.Quote != QuoteNone && h.Sender != "" {
				l = append(l, Span{Text: " · "}, Span{Text: cut(cleanSender(h.Sender), 40), Quote: true})
			}
			b.Items = append(b.Items, l)
		}
		d.Blocks = []Block{b}
		return d
	}
	key, subject := "", in.Adapter
	switch in.Kind {
	case NoticeProtectionStopped:
		key = PhrasePaused
	case NoticeProtectionResumed:
		key = PhraseResumed
	case NoticeNotifierFailing:
		key, subject = PhraseNotifierFailing, in.Target
	}
	text := Phrase(in.Lang, key, map[string]string{"adapter": subject, "reason": Phrase(in.Lang, PhraseNoReason, nil)})
	if text == "" {
		text = in.Kind + ": " + subject
	}
	d.Blocks = []Block{{Head: Line{{Text: text}}}}
	return d
}

// ParseQuoteOr reads a quote mode, or gives def for an unknown one.
func ParseQuoteOr(s string, def Quote) Quote {
	q, err := ParseQuote(s)
	if err != nil {
		return def
	}
	return q
}
