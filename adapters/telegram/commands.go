package telegram

import (
	"context"
	"errors"
	"html"
	"net/http"
	"strings"
	"time"
	"unicode"
	"unicode/utf16"

	"github.com/go-telegram/bot/models"

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/bot/warntext"
	"github.com/silentguard/silentguard/detectors"
)

// prefix starts the owner's commands on Telegram.
const prefix = "/"

// onPrivate handles a message in a private chat with the bot: the owner's
// commands, and messages to check. Anyone who is not a configured owner
// gets no answer at all: a scammer who finds the bot learns nothing.
func (a *Adapter) onPrivate(ctx context.Context, m *models.Message) error {
	if m.Chat.Type != models.ChatTypePrivate || m.From == nil || m.From.IsBot {
		return nil
	}
	owner, ok := a.opts.Owners[m.From.ID]
	if !ok {
		a.log.Info().Int64("user_id", m.From.ID).
			Msg("Message to the bot from a Telegram user who is not an owner; not answered (to protect them, add \"<user_id>\" = \"<owner id>\" under [telegram.owners])")
		return nil
	}
	a.mu.Lock()
	a.ownerChats[owner] = m.Chat.ID
	a.mu.Unlock()
	chat := m.Chat.ID
	lang := a.lang(owner)
	text, media := content(m)

	if m.ForwardOrigin != nil {
		a.reply(ctx, owner, chat, a.check(owner, a.forwardedTurn(m, owner, text, media)))
		return nil
	}
	trimmed := strings.TrimSpace(text)
	if bot.IsHelpWord(trimmed) && m.ForwardOrigin == nil {
		trimmed = prefix + "help" // plain "help" is not a text to check
	}
	if !strings.HasPrefix(trimmed, prefix) {
		if trimmed == "" {
			a.reply(ctx, owner, chat, escape(phrase(lang, phraseCheckUsage, map[string]string{"prefix": prefix})))
			return nil
		}
		// Pasted text: judged as if it came after /check.
		a.reply(ctx, owner, chat, a.check(owner, checkTurn{text: trimmed}))
		return nil
	}
	// The name ends at any white space: "/check" and the text to check
	// are often on separate lines.
	name, arg := strings.TrimSpace(strings.TrimPrefix(trimmed, prefix)), ""
	if i := strings.IndexFunc(name, unicode.IsSpace); i >= 0 {
		name, arg = name[:i], name[i:]
	}
	name, _, _ = strings.Cut(strings.ToLower(name), "@")
	switch name {
	case "check":
		arg = strings.TrimSpace(arg)
		switch {
		case arg != "":
			a.reply(ctx, owner, chat, a.check(owner, checkTurn{text: arg}))
		case m.ReplyToMessage != nil:
			// "/check" in answer to a message of this chat (a forward).
			r := m.ReplyToMessage
			t, md := content(r)
			if r.ForwardOrigin != nil {
				a.reply(ctx, owner, chat, a.check(owner, a.forwardedTurn(r, owner, t, md)))
			} else {
				a.reply(ctx, owner, chat, a.check(owner, checkTurn{text: t, media: md}))
			}
		default:
			a.reply(ctx, owner, chat, escape(phrase(lang, phraseCheckUsage, map[string]string{"prefix": prefix})))
		}
		return nil
	case "start", "help":
		answer := a.eng.Command(ctx, bot.CommandInput{Owner: owner, Text: prefix + "help", Prefix: prefix})
		answer += "\n" + phrase(lang, phraseCheckHelp, map[string]string{"prefix": prefix})
		a.reply(ctx, owner, chat, escape(answer))
		return nil
	}
	answer := a.eng.Command(ctx, bot.CommandInput{Owner: owner, Text: trimmed, Prefix: prefix, Unreadable: a.unreadable(owner),
		More: []string{"check"}})
	a.reply(ctx, owner, chat, escape(answer))
	return nil
}

// unreadable tells /status what the bot cannot see for an owner.
func (a *Adapter) unreadable(owner string) []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, c := range a.conns {
		if c != nil && c.Owner == owner && c.Enabled {
			return nil
		}
	}
	if !a.hasBiz {
		return []string{"your Telegram chats (Business mode is off for this bot in @BotFather; forward suspicious messages to me instead)"}
	}
	return []string{"your Telegram chats (the bot is not connected in Telegram Business; forward suspicious messages to me instead)"}
}

// checkTurn is a message the owner brought to check.
type checkTurn struct {
	sender    bot.Sender
	text      string
	media     string
	at        time.Time
	fromOwner bool
}

// forwardedTurn reads who first wrote a forwarded message.
func (a *Adapter) forwardedTurn(m *models.Message, owner, text, media string) checkTurn {
	t := checkTurn{text: text, media: media, sender: bot.Sender{Network: detectors.NetworkTelegram}}
	o := m.ForwardOrigin
	switch {
	case o.MessageOriginUser != nil:
		u := o.MessageOriginUser.SenderUser
		t.sender.ID = senderID(u.ID)
		t.sender.DisplayName = displayName(u.FirstName, u.LastName, u.Username)
		t.at = unix(o.MessageOriginUser.Date)
		t.fromOwner = a.opts.Owners[u.ID] == owner
	case o.MessageOriginHiddenUser != nil:
		t.sender.DisplayName = o.MessageOriginHiddenUser.SenderUserName
		t.at = unix(o.MessageOriginHiddenUser.Date)
	case o.MessageOriginChat != nil:
		c := o.MessageOriginChat.SenderChat
		t.sender.ID, t.sender.DisplayName = senderID(c.ID), c.Title
		t.at = unix(o.MessageOriginChat.Date)
	case o.MessageOriginChannel != nil:
		c := o.MessageOriginChannel.Chat
		t.sender.ID, t.sender.DisplayName = senderID(c.ID), c.Title
		t.at = unix(o.MessageOriginChannel.Date)
	}
	return t
}

// check judges a message on the spot, without storing or watching
// anything, and words the verdict (HTML) in the owner's language.
func (a *Adapter) check(owner string, t checkTurn) string {
	o := a.eng.Owner(owner)
	if o == nil {
		return ""
	}
	lang := o.Lang()
	if t.at.IsZero() {
		t.at = time.Now()
	}
	v, err := a.eng.Judge(owner, t.sender, []detectors.Turn{{FromOwner: t.fromOwner, Text: t.text, Media: t.media, At: t.at}})
	if err != nil {
		return ""
	}
	a.log.Info().Str("owner", owner).Stringer("verdict_level", v.Level).Str("kind", v.Kind).Int("reasons", len(v.Reasons)).
		Int("length", len(t.text)).Msg("Checked a message for the owner")
	return RenderCheck(lang, o.Country, t.sender, v)
}

// RenderCheck words a /check verdict as Telegram HTML: the warning the
// owner would have got (its title is the verdict, then the reasons and what
// to do), or a short all-clear.
func RenderCheck(lang, country string, sender bot.Sender, v detectors.Verdict) string {
	if v.Fault != "" {
		return escape(phrase(lang, phraseCheckFailed, nil)) // not an all-clear
	}
	if v.Level == detectors.LevelNone {
		return escape(phrase(lang, phraseCheckClean, nil))
	}
	name := sender.DisplayName
	if name == "" {
		name = sender.Phone
	}
	return telegramHTML(warntext.Render(warntext.Input{
		Lang: lang, Country: country, Network: sender.Network, Level: v.Level, Kind: v.Kind,
		Sender: name, Reasons: v.Reasons, Quote: warntext.QuoteFull,
	}))
}

// reply answers the owner in their private chat with the bot. An answer
// that cannot be sent is logged, not retried forever: the owner can ask
// again.
func (a *Adapter) reply(ctx context.Context, owner string, chat int64, text string) {
	if text == "" || chat == 0 {
		return
	}
	if err := a.send(ctx, chat, text); err != nil {
		a.log.Warn().Str("owner", owner).Str("error", err.Error()).Msg("Failed to answer the owner on Telegram")
	}
}

// maxText is Telegram's limit for a message's text after entity parsing,
// in UTF-16 code units: a character outside the BMP (most emoji) counts 2.
const maxText = 4096

// fitText returns an HTML text that fits in one message: the text itself,
// or its plain head cut to fit rather than fail (the head holds the
// verdict and the first steps).
func fitText(text string) string {
	plain := html.UnescapeString(stripTags(text))
	if utf16Len(plain) <= maxText {
		return text
	}
	return escape(cutUTF16(plain, maxText-200)) + "\n…"
}

// utf16Len is the length of s in UTF-16 code units, as Telegram counts.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += max(utf16.RuneLen(r), 1)
	}
	return n
}

// cutUTF16 is the longest head of s, whole characters only, of at most n
// UTF-16 code units.
func cutUTF16(s string, n int) string {
	units := 0
	for i, r := range s {
		units += max(utf16.RuneLen(r), 1)
		if units > n {
			return s[:i]
		}
	}
	return s
}

// send sends an HTML message to an owner's private chat with the bot
// (the client refuses any other chat, and never passes a
// business_connection_id: that would write as the owner). A 429 is waited
// out once when the context allows.
func (a *Adapter) send(ctx context.Context, chat int64, text string) error {
	text = fitText(text)
	for attempt := 0; ; attempt++ {
		err := a.api.SendToOwner(ctx, chat, text)
		var apiErr *APIError
		if errors.As(err, &apiErr) && apiErr.Code == http.StatusTooManyRequests && attempt == 0 {
			wait := max(time.Duration(apiErr.RetryAfter)*time.Second, time.Second)
			if dl, ok := ctx.Deadline(); !ok || time.Until(dl) > wait {
				sleep(ctx, wait)
				continue
			}
		}
		return err
	}
}

func stripTags(s string) string {
	var b strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
		case r == '>' && in:
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func escape(s string) string { return html.EscapeString(s) }

func (a *Adapter) lang(owner string) string {
	if o := a.eng.Owner(owner); o != nil {
		return o.Lang()
	}
	return "en"
}
