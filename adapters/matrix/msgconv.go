package matrix

import (
	"encoding/json"
	"strings"

	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/detectors"
)

func (s *ownerSync) senderOf(r *room, uid id.UserID) bot.Sender {
	m := r.members[uid]
	snd := bot.Sender{ID: string(uid), DisplayName: m.displayName, Network: r.network(), Bridged: r.bridge != nil,
		MessageRequest: r.messageRequest()}
	if r.bridge != nil {
		snd.Phone = phoneFromGhost(snd.Network, uid, m.displayName, s.country)
	}
	return snd
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
