package telegram

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/silentguard/silentguard/bot"
)

// The owner wrote first in a business chat: the conversation is not
// watched, and nothing the other side says next warns.
func TestOwnerStartedNoWarning(t *testing.T) {
	api := newFakeAPI(t)
	h := start(t, api, filepath.Join(t.TempDir(), "sg.db"))
	h.handled(api.push("business_connection", businessConnection(connID, ownerUser, true)))
	api.push("business_message", businessMessage(connID, 1, ownerUser, partnerUser, time.Now().Add(-2*time.Hour),
		text("Hi Amy, it's Laura from the pottery class. Here is my number, as promised")))
	for i, m := range conversation {
		if !m.fromOwner {
			api.push("business_message", businessMessage(connID, 10+i, partnerUser, partnerUser, time.Now().Add(-time.Hour+time.Duration(i)*time.Minute), m.body))
		}
	}
	h.handled(api.push("message", ownerSays(1, "/status")))
	h.delivered()
	if ws := warnings(api); len(ws) != 0 {
		t.Errorf("%d warnings in a conversation the owner started:\n%s", len(ws), strings.Join(ws, "\n---\n"))
	}
	if c := mustConv(t, h); c.State != bot.StateOwnerStarted || c.Warnings != 0 {
		t.Errorf("conversation: state %s, %d warnings; want %s and none", c.State, c.Warnings, bot.StateOwnerStarted)
	}
	assertNeverActs(t, api, partnerUID)
}
