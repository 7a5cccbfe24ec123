package telegram

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-telegram/bot/models"

	"github.com/silentguard/silentguard/bot/warntext"
)

// FuzzOwnerMessage: whatever the owner writes to the bot in their private
// chat (a command, pasted text, a caption, in answer to a warning), it gets
// exactly one answer from the local Bot API server and no other call; an
// unknown command is answered as unknown, a known one never is; and a
// warning is allowed or marked false only when its reference is a word of
// the command's own line after /allow or /false, never taken from the
// message answered. "REF" in the input stands for a real warning's
// reference.
func FuzzOwnerMessage(f *testing.F) {
	for _, s := range []struct {
		text, reply string
		caption     bool
	}{
		{"/allow REF", "", false},
		{"/false@silentguard_test_bot REF.", "", false},
		{"/allow", "Warning REF: don't reply. /allow REF", false},
		{"/false", "/allow REF", false},
		{"/check Hi Marco, are we still on for coffee at 5?", "", false},
		{"/check\nHi Marco, are we still on for coffee at 5?", "", false},
		{"/check", "Hi Marco, are we still on for coffee at 5?", false},
		{"/CHECK@silentguard_test_bot", "", false},
		{"/start", "", false},
		{"/help@silentguard_test_bot", "", false},
		{"/status", "", false},
		{"/nonsense", "", false},
		{"/", "", false},
		{"/ allow REF", "", false},
		{"/allow\nREF", "", false},
		{"/allow (\nREF", "", false},
		{"/status\n/allow REF", "", false},
		{"Hi Marco, are we still on for coffee at 5?", "", false},
		{"   ", "", false},
		{"/allow REF", "", true},
		{"\xff/allow REF", "", false},
		{"/allow\u00a0REF", "", false},
	} {
		f.Add(s.text, s.reply, s.caption)
	}
	api := newFakeAPI(f)
	h := start(f, api, filepath.Join(f.TempDir(), "sg.db"))
	h.handled(api.push("business_connection", businessConnection(connID, ownerUser, true)))
	h.handled(h.converse(connID, 0, 1, 1))
	h.delivered()
	ctx := context.Background()
	recent, err := h.store.RecentWarnings(ctx, "laura", 1)
	if err != nil || len(recent) != 1 {
		f.Fatalf("no warning to refer to: %v", err)
	}
	ref := recent[0].Ref
	answers := make(chan string, 100)
	api.mu.Lock()
	api.sentHook = func(c apiCall) { answers <- c.Params["text"] }
	api.mu.Unlock()
	feedback := func(t *testing.T) int {
		var n int
		if err := h.store.DB().QueryRow(ctx, `SELECT COUNT(*) FROM feedback`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	// the unknown-command answer lists the commands after its first
	// sentence
	unknownHead, _, _ := strings.Cut(warntext.Phrase("en", warntext.PhraseUnknownCommand, map[string]string{"prefix": prefix, "commands": ""}), ".")
	unknown := escape(unknownHead)
	known := map[string]bool{"check": true, "start": true, "help": true, "status": true, "allow": true, "false": true}
	f.Fuzz(func(t *testing.T, text, reply string, caption bool) {
		text = strings.ReplaceAll(text, "REF", ref)
		reply = strings.ReplaceAll(reply, "REF", ref)
		m := &models.Message{ID: 1, Date: 1, Chat: models.Chat{ID: ownerUID, Type: models.ChatTypePrivate},
			From: &models.User{ID: ownerUID, FirstName: "Laura"}, Text: text}
		if caption {
			m.Text, m.Caption, m.Photo = "", text, []models.PhotoSize{{FileID: "p", FileUniqueID: "u", Width: 9, Height: 9}}
		}
		if reply != "" {
			m.ReplyToMessage = &models.Message{ID: 2, Date: 1, Chat: m.Chat, Text: reply}
		}
		before := feedback(t)
		if err := h.ad.onPrivate(ctx, m); err != nil {
			t.Fatalf("onPrivate: %v", err)
		}
		var answer string
		select {
		case answer = <-answers:
		default:
			t.Fatalf("%q got no answer", text)
		}
		select {
		case again := <-answers:
			t.Fatalf("%q got two answers: %q and %q", text, answer, again)
		default:
		}
		if v := api.Violations(); len(v) > 0 {
			t.Fatalf("calls the bot must not make: %v", v)
		}
		line, _, _ := strings.Cut(strings.TrimSpace(text), "\n")
		rest, isCommand := strings.CutPrefix(line, prefix)
		words := strings.Fields(rest)
		name := ""
		if len(words) > 0 {
			name, _, _ = strings.Cut(strings.ToLower(words[0]), "@")
		}
		if isCommand && known[name] == strings.HasPrefix(answer, unknown) {
			t.Fatalf("%q (command %q) answered %q", text, name, answer)
		}
		if feedback(t) == before {
			return
		}
		named := false
		for _, w := range words[min(1, len(words)):] {
			named = named || strings.EqualFold(strings.Trim(w, ".,;:!?\"'`“”«»()"), ref)
		}
		if !isCommand || name != "allow" && name != "false" || !named {
			t.Fatalf("%q (answering %q) acted on warning %s, which is not named on the command's line", text, reply, ref)
		}
	})
}

// Any bytes: decoding and converting never panic.
func FuzzDecodeUpdate(f *testing.F) {
	f.Add([]byte(`{"update_id":1,"business_message":{"message_id":1,"from":{"id":2,"is_bot":false,"first_name":"A"},"chat":{"id":2,"type":"private"},"date":1,"business_connection_id":"c","text":"hi"}}`))
	f.Add([]byte(`{"update_id":2,"message":{"message_id":1,"chat":{"id":2,"type":"private"},"date":1,"forward_origin":{"type":"user","date":1,"sender_user":{"id":3,"is_bot":false,"first_name":"B"}},"caption":"x","photo":[{}]}}`))
	f.Add([]byte(`{"update_id":3,"deleted_business_messages":{"business_connection_id":"c","chat":{"id":2,"type":"private"},"message_ids":[1,2]}}`))
	f.Add([]byte(`{"update_id":4,"business_connection":{"id":"c","user":{"id":1,"is_bot":false,"first_name":"L"},"user_chat_id":1,"date":1,"is_enabled":false}}`))
	f.Add([]byte(`{"update_id":5,"message":{"forward_origin":{"type":"nope"}}}`))
	f.Add([]byte(`[]`))
	ad := &Adapter{opts: Options{Owners: map[int64]string{1: "o"}}}
	f.Fuzz(func(t *testing.T, data []byte) {
		id, u, err := DecodeUpdate(data)
		if err == nil && u == nil {
			t.Fatal("no error and no update")
		}
		if u == nil {
			return
		}
		if u.ID != id {
			t.Fatalf("update_id %d, decoded %d", id, u.ID)
		}
		for _, m := range []*models.Message{u.Message, u.BusinessMessage, u.EditedBusinessMessage} {
			if m == nil {
				continue
			}
			msg := ad.coreMessage(&conn{Owner: "o", UserID: 1}, m, m.EditDate != 0)
			if msg.ConversationKey == "" || msg.EventID == "" {
				t.Fatal("empty key or event id")
			}
			if m.ForwardOrigin != nil {
				text, media := content(m)
				_ = ad.forwardedTurn(m, "o", text, media)
			}
		}
	})
}
