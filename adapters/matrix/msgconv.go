package matrix

import (
	"encoding/json"
	"strings"
	"time"

	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/detectors"
)

// msgconv turns one owner's Matrix events into the core's messages, kept
// apart from the sync (as mautrix bridges keep msgconv apart from their
// connector): it reads and sends nothing, and knows only the room state
// it is given, so it is tested without a homeserver.
type msgconv struct {
	ownerID string    // the owner's id in the config
	me      id.UserID // the owner's Matrix account
	// bots are SilentGuard's own bot accounts: their DMs with the owner
	// carry the warnings and are never judged.
	bots    map[id.UserID]bool
	country string // the owner's, for numbers written without a country code
}

// sender is what the room tells about one of its members.
func (c *msgconv) sender(r *room, uid id.UserID) bot.Sender {
	m := r.members[uid]
	snd := bot.Sender{ID: string(uid), DisplayName: m.displayName, Network: r.network(), Bridged: r.bridge != nil,
		MessageRequest: r.messageRequest()}
	if r.bridge != nil {
		snd.Phone = phoneFromGhost(snd.Network, uid, m.displayName, c.country)
	}
	return snd
}

// notices tells whether an event comes from the bridge's bot or one of
// SilentGuard's: the bridge's notices and SilentGuard's warnings, never a
// turn of the conversation.
func (c *msgconv) notices(r *room, evt *event.Event) bool {
	return (r.bridge != nil && evt.Sender == r.bridge.BridgeBot) || c.bots[evt.Sender]
}

// message converts a decrypted timeline event of room r into the core's
// message; quiet marks history. It reports false for events that are not
// turns (state, reactions, unknown types, a redaction of nothing, an event
// of no one). A timeline event means the owner joined the room (an invite
// is judged apart), so the warning's advice is not "don't accept the
// invite".
func (c *msgconv) message(r *room, evt *event.Event, quiet bool) (bot.Message, bool) {
	msg := bot.Message{
		Platform: Platform, Owner: c.ownerID, ConversationKey: string(r.id),
		FromOwner: evt.Sender == c.me, EventID: string(evt.ID),
		At: time.UnixMilli(evt.Timestamp), Quiet: quiet,
	}
	if !msg.FromOwner {
		msg.Sender = c.sender(r, evt.Sender)
	} else if others := r.others(c.me, c.bots); len(others) == 1 {
		msg.Sender = c.sender(r, others[0])
	}
	msg.Sender.OwnerJoined = true
	switch evt.Type {
	case event.EventMessage, event.EventSticker:
		if !fillContent(&msg, evt) {
			return bot.Message{}, false
		}
	case event.EventRedaction:
		redacts := evt.Redacts
		if redacts == "" {
			// Room versions 11 and later carry it in the content.
			var content struct {
				Redacts id.EventID `json:"redacts"`
			}
			_ = json.Unmarshal(evt.Content.VeryRaw, &content)
			redacts = content.Redacts
		}
		if redacts == "" {
			return bot.Message{}, false
		}
		msg.Redacts = string(redacts)
	default:
		return bot.Message{}, false
	}
	if msg.Sender.ID == "" && !msg.FromOwner {
		return bot.Message{}, false
	}
	return msg, true
}

// fillContent reads text, media, captions and edits from a message event.
// It reports false for events that are not turns (reactions, notices from
// bots, unknown types).
func fillContent(msg *bot.Message, evt *event.Event) bool {
	var c struct {
		MsgType   string          `json:"msgtype"`
		Body      string          `json:"body"`
		FileName  string          `json:"filename"`
		Info      json.RawMessage `json:"info"`
		Voice     *struct{}       `json:"org.matrix.msc3245.voice"`
		RelatesTo *struct {
			RelType string     `json:"rel_type"`
			EventID id.EventID `json:"event_id"`
		} `json:"m.relates_to"`
		NewContent *struct {
			MsgType string `json:"msgtype"`
			Body    string `json:"body"`
		} `json:"m.new_content"`
	}
	if err := json.Unmarshal(evt.Content.VeryRaw, &c); err != nil {
		return false
	}
	if c.RelatesTo != nil && c.RelatesTo.RelType == "m.replace" && c.RelatesTo.EventID != "" {
		msg.EditOf = string(c.RelatesTo.EventID)
		if c.NewContent != nil {
			msg.Text = c.NewContent.Body
		} else {
			msg.Text = strings.TrimPrefix(c.Body, "* ")
		}
		return msg.Text != ""
	}
	if evt.Type == event.EventSticker {
		msg.Media, msg.Text = detectors.MediaSticker, ""
		return true
	}
	caption := ""
	if c.FileName != "" && c.Body != c.FileName {
		caption = c.Body
	}
	switch event.MessageType(c.MsgType) {
	case event.MsgText, event.MsgEmote, event.MsgNotice:
		msg.Text = c.Body
	case event.MsgImage:
		msg.Media, msg.Text = detectors.MediaPhoto, caption
	case event.MsgAudio:
		msg.Media, msg.Text = detectors.MediaVoice, caption
		if c.Voice == nil {
			msg.Media = detectors.MediaFile
		}
	case event.MsgVideo:
		msg.Media, msg.Text = detectors.MediaVideo, caption
	case event.MsgFile:
		msg.Media, msg.Text = detectors.MediaFile, caption
		if strings.HasSuffix(strings.ToLower(c.FileName), ".vcf") || strings.Contains(string(c.Info), "vcard") {
			msg.Media = detectors.MediaContact
		}
	case event.MsgLocation:
		msg.Text = c.Body
	default:
		return false
	}
	return msg.Text != "" || msg.Media != ""
}
