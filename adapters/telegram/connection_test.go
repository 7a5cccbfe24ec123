package telegram

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/bot/sqlstore"
)

// A disabled business connection tells the owner that protection stopped;
// enabling it again, that it is back.
func TestConnectionDisabled(t *testing.T) {
	api := newFakeAPI(t)
	h := start(t, api, filepath.Join(t.TempDir(), "sg.db"))
	h.handled(api.push("business_connection", businessConnection(connID, ownerUser, true)))
	h.handled(api.push("business_connection", businessConnection(connID, ownerUser, false)))
	waitFor(t, "the stopped notice", func() bool { return h.rec.Notices(bot.NoticeProtectionStopped) == 1 })
	h.delivered()
	if ans := lastAnswer(t, api); !strings.Contains(ans, "Protection is stopped for telegram") {
		t.Errorf("the owner's bot chat did not get the notice:\n%s", ans)
	}
	// Messages of a disabled connection that still arrive are judged.
	h.handled(api.push("business_connection", businessConnection(connID, ownerUser, true)))
	waitFor(t, "the resumed notice", func() bool { return h.rec.Notices(bot.NoticeProtectionResumed) == 1 })
	states, _ := h.eng.Health()
	if len(states) != 1 || !states[0].OK {
		t.Errorf("health: %+v", states)
	}
}

// A rejected token (401) stops protection and says so; when the token
// works again, protection is back.
func TestTokenRejected(t *testing.T) {
	api := newFakeAPI(t)
	api.setTokenOK(false)
	h := start(t, api, filepath.Join(t.TempDir(), "sg.db"))
	waitFor(t, "the stopped notice", func() bool { return h.rec.Notices(bot.NoticeProtectionStopped) == 1 })
	api.setTokenOK(true)
	waitFor(t, "the resumed notice", func() bool { return h.rec.Notices(bot.NoticeProtectionResumed) == 1 })
	h.handled(api.push("business_connection", businessConnection(connID, ownerUser, true)))
}

// An owner with two Telegram accounts: turning one connection off does not
// stop protection while the other still watches; turning both off does.
func TestConnectionDisabledOtherStillOn(t *testing.T) {
	const workUID = int64(444555666)
	work := user(workUID, "Laura", "Work", "")
	api := newFakeAPI(t)
	api.addOwner(workUID)
	h := startWith(t, api, filepath.Join(t.TempDir(), "sg.db"), func(o *Options) {
		o.Owners = map[int64]string{ownerUID: "laura", workUID: "laura"}
	})
	h.handled(api.push("business_connection", businessConnection(connID, ownerUser, true)))
	h.handled(api.push("business_connection", businessConnection("BC-owner-2", work, true)))
	h.handled(api.push("business_connection", businessConnection("BC-owner-2", work, false)))
	h.delivered()
	if n := h.rec.Notices(bot.NoticeProtectionStopped); n != 0 {
		t.Errorf("%d stopped notices while another connection still watches, want none", n)
	}
	if states, ok := h.eng.Health(); !ok || len(states) != 1 {
		t.Errorf("health: %+v", states)
	}
	h.handled(api.push("business_connection", businessConnection(connID, ownerUser, false)))
	waitFor(t, "the stopped notice", func() bool { return h.rec.Notices(bot.NoticeProtectionStopped) == 1 })
	assertNeverActs(t, api, partnerUID)
}

// A "disabled" update that comes again after a restart (its offset was not
// saved) does not tell the owner a second time.
func TestConnectionDisabledReplayed(t *testing.T) {
	api := newFakeAPI(t)
	db := filepath.Join(t.TempDir(), "sg.db")
	h := start(t, api, db)
	h.handled(api.push("business_connection", businessConnection(connID, ownerUser, true)))
	off := api.push("business_connection", businessConnection(connID, ownerUser, false))
	h.handled(off)
	waitFor(t, "the stopped notice", func() bool { return h.rec.Notices(bot.NoticeProtectionStopped) == 1 })
	h.delivered()
	h.stop()

	st, err := sqlstore.OpenSQLite(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetCursor(context.Background(), "*", Platform, "offset:123456", strconv.FormatInt(off, 10)); err != nil {
		t.Fatal(err)
	}
	st.Close()
	api.redeliver(off)
	h2 := start(t, api, db)
	h2.handled(off)
	h2.delivered()
	if n := h2.rec.Notices(bot.NoticeProtectionStopped); n != 0 {
		t.Errorf("the replayed update told the owner again (%d notices)", n)
	}
	stopped := 0
	for _, c := range api.sent(ownerUID) {
		if strings.Contains(c.Params["text"], "Protection is stopped") {
			stopped++
		}
	}
	if stopped != 1 {
		t.Errorf("the owner's bot chat got %d stopped notices, want 1", stopped)
	}
	// Turned on again after the restart: the owner hears it resumed.
	h2.handled(api.push("business_connection", businessConnection(connID, ownerUser, true)))
	waitFor(t, "the resumed notice", func() bool { return h2.rec.Notices(bot.NoticeProtectionResumed) == 1 })
	assertNeverActs(t, api, partnerUID)
}
