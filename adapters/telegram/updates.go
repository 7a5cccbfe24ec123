package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/detectors"
)

// conn is a business connection of an owner, as stored.
type conn struct {
	ID         string `json:"id"`
	Owner      string `json:"owner"`
	UserID     int64  `json:"user_id"`
	UserChatID int64  `json:"user_chat_id"`
	Enabled    bool   `json:"enabled"`
	Date       int64  `json:"date"`
}

func connKey(userID int64) string { return "conn:" + strconv.FormatInt(userID, 10) }

func (a *Adapter) loadConn(ctx context.Context, owner string, userID int64) (*conn, error) {
	v, err := a.eng.AdapterState(Platform, owner).Get(ctx, connKey(userID))
	if err != nil || v == "" {
		return nil, err
	}
	var c conn
	if err := json.Unmarshal([]byte(v), &c); err != nil || c.ID == "" {
		a.log.Warn().Str("owner", owner).Int64("user_id", userID).Msg("Ignored an unreadable stored business connection")
		return nil, nil
	}
	c.Owner = owner
	return &c, nil
}

func (a *Adapter) saveConn(ctx context.Context, c *conn) error {
	return a.eng.AdapterState(Platform, c.Owner).SetJSON(ctx, connKey(c.UserID), c)
}

// handle hands one update to the core. It returns an error only when the
// update should be tried again (the store or the network failed); a
// malformed message is logged and dropped.
func (a *Adapter) handle(ctx context.Context, u *models.Update) error {
	var err error
	switch {
	case u.BusinessConnection != nil:
		err = a.onConnection(ctx, u.BusinessConnection, true)
	case u.BusinessMessage != nil:
		err = a.onBusinessMessage(ctx, u.ID, u.BusinessMessage, false)
	case u.EditedBusinessMessage != nil:
		err = a.onBusinessMessage(ctx, u.ID, u.EditedBusinessMessage, true)
	case u.DeletedBusinessMessages != nil:
		err = a.onDeleted(ctx, u.ID, u.DeletedBusinessMessages)
	case u.Message != nil:
		err = a.onPrivate(ctx, u.Message)
	default:
		a.log.Debug().Int64("update_id", u.ID).Msg("Ignored a Telegram update of another type")
	}
	var inErr *bot.InputError
	if errors.As(err, &inErr) {
		a.log.Warn().Int64("update_id", u.ID).Str("field", inErr.Field).Str("error", inErr.Err.Error()).Msg("Dropped a malformed Telegram message")
		return nil
	}
	return err
}

// onConnection registers, updates or disables an owner's business
// connection. notify is false when the connection was fetched with
// getBusinessConnection rather than announced by Telegram.
func (a *Adapter) onConnection(ctx context.Context, bc *models.BusinessConnection, announced bool) error {
	owner, ok := a.opts.Owners[bc.User.ID]
	if !ok {
		a.mu.Lock()
		a.conns[bc.ID] = nil
		a.mu.Unlock()
		a.log.Warn().Int64("user_id", bc.User.ID).Bool("enabled", bc.IsEnabled).
			Msg("A Telegram user who is not configured as an owner connected the bot; ignored (add their user_id under [telegram.owners])")
		return nil
	}
	prev, err := a.loadConn(ctx, owner, bc.User.ID)
	if err != nil {
		return fmt.Errorf("load business connection: %w", err)
	}
	c := &conn{ID: bc.ID, Owner: owner, UserID: bc.User.ID, UserChatID: bc.UserChatID, Enabled: bc.IsEnabled, Date: bc.Date}
	if err := a.saveConn(ctx, c); err != nil {
		return fmt.Errorf("save business connection: %w", err)
	}
	a.mu.Lock()
	if prev != nil && prev.ID != c.ID {
		delete(a.conns, prev.ID)
	}
	a.conns[c.ID] = c
	if c.UserChatID != 0 {
		a.ownerChats[owner] = c.UserChatID
	}
	a.mu.Unlock()
	a.log.Info().Str("owner", owner).Int64("user_id", c.UserID).Bool("enabled", c.Enabled).Msg("Telegram Business connection")
	if r := actingRights(bc.Rights); len(r) > 0 {
		a.log.Warn().Str("owner", owner).Strs("rights", r).
			Msg("The business connection grants rights SilentGuard never uses; the owner can turn them off in Telegram > Settings > Telegram Business > Chatbots")
	}
	if !c.Enabled {
		if prev != nil && prev.ID == c.ID && !prev.Enabled {
			// Stored as off already, so the owner was told then: this is
			// the same update again (after a restart) or a repeat.
			return nil
		}
		// Protection stops only if no other connection of the owner
		// (another of their Telegram accounts) still watches.
		ok, reason := a.connState(owner)
		a.eng.ReportAdapter(owner, Platform, ok, reason)
		return nil
	}
	a.eng.ReportAdapter(owner, Platform, true, "")
	if announced && (prev == nil || prev.ID != c.ID) {
		// A new connection: confirm it to the owner, in their chat with
		// the bot.
		lang := a.lang(owner)
		a.reply(ctx, owner, c.UserChatID, escape(phrase(lang, phraseConnected, nil)))
	}
	return nil
}

// actingRights names the rights a connection grants that act as the owner.
func actingRights(r *models.BusinessBotRights) []string {
	if r == nil {
		return nil
	}
	var out []string
	for _, x := range []struct {
		on   bool
		name string
	}{
		{r.CanReply, "can_reply"}, {r.CanReadMessages, "can_read_messages"},
		{r.CanDeleteOutgoingMessages, "can_delete_outgoing_messages"}, {r.CanDeleteAllMessages, "can_delete_all_messages"},
		{r.CanEditName, "can_edit_name"}, {r.CanEditBio, "can_edit_bio"}, {r.CanEditProfilePhoto, "can_edit_profile_photo"},
		{r.CanEditUsername, "can_edit_username"}, {r.CanChangeGiftSettings, "can_change_gift_settings"},
		{r.CanConvertGiftsToStars, "can_convert_gifts_to_stars"}, {r.CanTransferAndUpgradeGifts, "can_transfer_and_upgrade_gifts"},
		{r.CanTransferStars, "can_transfer_stars"}, {r.CanManageStories, "can_manage_stories"},
	} {
		if x.on {
			out = append(out, x.name)
		}
	}
	return out
}

// connection finds a business connection by id: from memory, else with
// getBusinessConnection (the one call that may carry the id: it reads).
// It returns nil for a connection of someone who is not an owner.
func (a *Adapter) connection(ctx context.Context, id string) (*conn, error) {
	a.mu.Lock()
	c, known := a.conns[id]
	a.mu.Unlock()
	if known {
		return c, nil
	}
	bc, err := a.api.GetBusinessConnection(ctx, id)
	if err != nil {
		var apiErr *APIError
		if errors.As(err, &apiErr) && apiErr.Code == http.StatusBadRequest {
			// Unknown to Telegram too: nothing will ever resolve it.
			a.mu.Lock()
			a.conns[id] = nil
			a.mu.Unlock()
			a.log.Warn().Msg("Telegram does not know the business connection of a message; ignored")
			return nil, nil
		}
		return nil, fmt.Errorf("get business connection: %w", err)
	}
	if err := a.onConnection(ctx, bc, false); err != nil {
		return nil, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.conns[id], nil
}

// onBusinessMessage feeds a message of a business chat (the partner's or
// the owner's own) to the core.
func (a *Adapter) onBusinessMessage(ctx context.Context, updateID int64, m *models.Message, edited bool) error {
	c, err := a.connection(ctx, m.BusinessConnectionID)
	if err != nil || c == nil {
		return err
	}
	msg := a.coreMessage(c, m, edited)
	res, err := a.eng.Handle(ctx, msg)
	if err != nil {
		return err
	}
	a.log.Debug().Int64("update_id", updateID).Str("owner", c.Owner).Bool("from_owner", msg.FromOwner).
		Bool("duplicate", res.Duplicate).Str("state", res.State).Stringer("verdict_level", res.Verdict.Level).
		Int("length", len(msg.Text)).Msg("Telegram business message")
	return nil
}

// coreMessage converts a business message for the core.
func (a *Adapter) coreMessage(c *conn, m *models.Message, edited bool) bot.Message {
	text, media := content(m)
	fromOwner := (m.From != nil && m.From.ID == c.UserID) || m.SenderBusinessBot != nil
	msg := bot.Message{
		Platform:        Platform,
		Owner:           c.Owner,
		ConversationKey: chatKey(m.Chat.ID),
		Sender:          partner(&m.Chat),
		Group:           m.Chat.Type != models.ChatTypePrivate,
		Text:            text,
		Media:           media,
		At:              unix(m.Date),
		FromOwner:       fromOwner,
		EventID:         eventID(m.Chat.ID, m.ID),
	}
	if !fromOwner && m.Contact != nil && m.Contact.UserID == m.Chat.ID {
		// The partner shared their own number: the one way Telegram tells it.
		msg.Sender.Phone = e164(m.Contact.PhoneNumber)
	}
	if edited {
		msg.EditOf = msg.EventID
		msg.EventID += ":edit:" + strconv.Itoa(m.EditDate)
		if m.EditDate != 0 {
			msg.At = unix(m.EditDate)
		}
	}
	return msg
}

// partner is the other side of a private chat: in Telegram, a private
// chat's id is the other user's id. Telegram gives no phone number.
func partner(chat *models.Chat) bot.Sender {
	name := displayName(chat.FirstName, chat.LastName, chat.Username)
	if name == "" {
		name = chat.Title
	}
	return bot.Sender{ID: senderID(chat.ID), DisplayName: name, Network: detectors.NetworkTelegram}
}

// onDeleted records the deletion of business messages.
func (a *Adapter) onDeleted(ctx context.Context, updateID int64, d *models.BusinessMessagesDeleted) error {
	c, err := a.connection(ctx, d.BusinessConnectionID)
	if err != nil || c == nil {
		return err
	}
	for _, id := range d.MessageIDs {
		ev := eventID(d.Chat.ID, id)
		_, err := a.eng.Handle(ctx, bot.Message{
			Platform: Platform, Owner: c.Owner, ConversationKey: chatKey(d.Chat.ID), Sender: partner(&d.Chat),
			Group: d.Chat.Type != models.ChatTypePrivate, Redacts: ev, EventID: ev + ":deleted",
		})
		var inErr *bot.InputError
		if errors.As(err, &inErr) {
			a.log.Warn().Int64("update_id", updateID).Str("field", inErr.Field).Msg("Dropped a malformed Telegram deletion")
			continue
		}
		if err != nil {
			return err
		}
	}
	a.log.Debug().Int64("update_id", updateID).Str("owner", c.Owner).Int("messages", len(d.MessageIDs)).Msg("Telegram business messages deleted")
	return nil
}

// content is a message's text (or caption) and media kind. Kinds the
// detectors do not name count as a file: still a turn of the conversation.
func content(m *models.Message) (text, media string) {
	text = m.Text
	if text == "" {
		text = m.Caption
	}
	switch {
	case len(m.Photo) > 0:
		media = detectors.MediaPhoto
	case m.Voice != nil, m.Audio != nil:
		media = detectors.MediaVoice
	case m.Video != nil, m.VideoNote != nil, m.Animation != nil:
		media = detectors.MediaVideo
	case m.Sticker != nil:
		media = detectors.MediaSticker
	case m.Contact != nil:
		media = detectors.MediaContact
	case m.Venue != nil:
		if text == "" {
			text = strings.TrimSpace(m.Venue.Title + " " + m.Venue.Address)
		}
		media = detectors.MediaFile
	case m.Document != nil, m.Location != nil, m.Dice != nil, m.Story != nil, m.PaidMedia != nil, m.Game != nil, m.Checklist != nil:
		media = detectors.MediaFile
	case m.Poll != nil:
		text = m.Poll.Question
	}
	return text, media
}

func unix(sec int) time.Time {
	if sec <= 0 {
		return time.Time{}
	}
	return time.Unix(int64(sec), 0)
}

// e164 turns Telegram's phone_number ("393331234567" or "+39 333...") into
// E.164, or "" when it does not look like one.
func e164(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	if n := b.Len(); n < 7 || n > 15 {
		return ""
	}
	return "+" + b.String()
}
