package warntext

import (
	"html"
	"strconv"
	"strings"
	"time"

	"github.com/silentguard/silentguard/detectors"
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
	return fillPlain(lang, "phrase."+key, args)
}

// PageText is a text of the owner page ([page] in the locale files), as
// Phrase fills it: plain text, to be escaped.
func PageText(lang, key string, args map[string]string) string {
	return fillPlain(lang, "page."+key, args)
}

func fillPlain(lang, key string, args map[string]string) string {
	c := cat()
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

// RenderHistory words the one-time summary of suspicious conversations
// found in history. Each reason is one conversation: Evidence is the
// sender as shown (left out under QuoteNone), Args level, kind, network
// and at (RFC 3339).
func RenderHistory(lang string, reasons []detectors.Reason, quote Quote) Message {
	title := Phrase(lang, PhraseNoticeTitle, nil)
	head := Phrase(lang, PhraseHistoryNone, nil)
	if len(reasons) > 0 {
		head = Phrase(lang, PhraseHistoryHead, map[string]string{"count": strconv.Itoa(len(reasons))})
	}
	var lines []string
	for _, r := range reasons {
		at, _ := time.Parse(time.RFC3339, r.Args["at"])
		l := at.Format("2006-01-02") + " · " + r.Args["network"] + " · " + r.Args["level"]
		if quote != QuoteNone && r.Evidence != "" {
			l += " · " + cut(cleanSender(r.Evidence), 40)
		}
		lines = append(lines, l)
	}
	esc := html.EscapeString
	m := Message{Title: title, Plain: title + "\n" + head + "\n", MatrixHTML: "<b>" + esc(title) + "</b><br>" + esc(head),
		TelegramHTML: "<b>" + esc(title) + "</b>\n" + esc(head)}
	if len(lines) > 0 {
		m.Plain += "• " + strings.Join(lines, "\n• ") + "\n"
		m.MatrixHTML += "<ul>"
		for _, l := range lines {
			m.MatrixHTML += "<li>" + esc(l) + "</li>"
			m.TelegramHTML += "\n• " + esc(l)
		}
		m.MatrixHTML += "</ul>"
	}
	return m
}

// ParseQuoteOr reads a quote mode, or gives def for an unknown one.
func ParseQuoteOr(s string, def Quote) Quote {
	q, err := ParseQuote(s)
	if err != nil {
		return def
	}
	return q
}
