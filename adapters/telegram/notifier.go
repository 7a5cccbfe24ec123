package telegram

import (
	"context"
	"fmt"
	"strconv"

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/bot/notify"
)

// Notifier sends an owner's warnings to their private chat with the bot:
// the business connection's user_chat_id, or the chat where they pressed
// Start (a private chat's id is the user's id). Telegram has no
// idempotency key: delivery is at least once, as the core records it.
type Notifier struct {
	a        *Adapter
	owner    string
	audience notify.Audience
}

var _ bot.Notifier = (*Notifier)(nil)

// Notifier returns the notifier of one owner. The audience's
// CommandPrefix is set to "/".
func (a *Adapter) Notifier(owner string, aud notify.Audience) *Notifier {
	aud.CommandPrefix = prefix
	return &Notifier{a: a, owner: owner, audience: aud}
}

// Warn sends the warning as HTML, without business_connection_id.
func (n *Notifier) Warn(ctx context.Context, w *bot.Warning) error {
	chat, err := n.a.ownerChat(ctx, n.owner)
	if err != nil {
		return err
	}
	if err := n.a.send(ctx, chat, telegramHTML(n.audience.Render(w))); err != nil {
		return fmt.Errorf("telegram warning %s: %w", w.ID, err)
	}
	return nil
}

// ownerChat is the owner's private chat with the bot.
func (a *Adapter) ownerChat(ctx context.Context, owner string) (int64, error) {
	a.mu.Lock()
	chat := a.ownerChats[owner]
	a.mu.Unlock()
	if chat != 0 {
		return chat, nil
	}
	uids := a.userIDsOf(owner)
	for _, uid := range uids {
		c, err := a.loadConn(ctx, owner, uid)
		if err != nil {
			return 0, err
		}
		if c != nil && c.UserChatID != 0 {
			a.mu.Lock()
			a.ownerChats[owner] = c.UserChatID
			a.mu.Unlock()
			return c.UserChatID, nil
		}
	}
	if len(uids) == 0 {
		return 0, fmt.Errorf("%w %s: no Telegram user id belongs to it in [telegram.owners]", ErrNoOwnerChat, strconv.Quote(owner))
	}
	// A private chat's id is the user's id; Telegram refuses it (403)
	// until the owner pressed Start.
	return uids[0], nil
}
