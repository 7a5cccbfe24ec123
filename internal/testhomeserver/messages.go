package testhomeserver

import (
	"context"
	"testing"

	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"
)

// Say sends text as c in rid.
func Say(t testing.TB, c *mautrix.Client, rid id.RoomID, text string) id.EventID {
	t.Helper()
	resp, err := c.SendText(context.Background(), rid, text)
	if err != nil {
		t.Fatal(err)
	}
	return resp.EventID
}

// MessagesFrom lists the bodies of the last 100 messages that sender
// wrote in rid, oldest first, as c reads them.
func MessagesFrom(t testing.TB, c *mautrix.Client, rid id.RoomID, sender id.UserID) []string {
	t.Helper()
	msgs, err := c.Messages(context.Background(), rid, "", "", mautrix.DirectionBackward, nil, 100)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := len(msgs.Chunk) - 1; i >= 0; i-- {
		evt := msgs.Chunk[i]
		if evt.Sender == sender && evt.Type == event.EventMessage {
			_ = evt.Content.ParseRaw(evt.Type)
			out = append(out, evt.Content.AsMessage().Body)
		}
	}
	return out
}
