package appservice

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"

	"github.com/silentguard/silentguard/adapters/matrix"
	"github.com/silentguard/silentguard/adapters/matrix/internal/role"
	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/bot/notify"
	"github.com/silentguard/silentguard/bot/warntext"
	"github.com/silentguard/silentguard/internal/failpoint"
)

// Cursor keys: under owner "", each bot DM ("dm:<room>" = user) and the
// index of users who wrote to the bot ("user:<mxid>"); under a user's
// owner id, their settings ("settings" = JSON), their DM with the bot
// ("dm", and "dm-pending" while the bot creates one) and their watched
// rooms ("room:<room>": "join", or the invite event). What is personal sits
// under the user's id, so `silentguard forget --owner @user:server`
// deletes it.
const (
	dmPrefix   = "dm:"
	userPrefix = "user:"
	dmKey      = "dm"
	// dmPendingKey notes a DM the bot is creating, until it is recorded.
	dmPendingKey = "dm-pending"
	settingsKey  = "settings"
)

// botEvent handles an event of the bot's: an invite (a user opening a DM
// with it), a membership change in one of its DMs, or a command there.
func (s *Service) botEvent(ctx context.Context, evt *event.Event) error {
	if evt.Type == event.StateMember {
		var c event.MemberEventContent
		_ = json.Unmarshal(evt.Content.VeryRaw, &c)
		target := id.UserID(*evt.StateKey)
		switch {
		case target == s.botID && c.Membership == event.MembershipInvite:
			return s.acceptDM(ctx, evt)
		case c.Membership == event.MembershipLeave || c.Membership == event.MembershipBan:
			// Either side left: the next message opens a new DM rather
			// than going where nobody reads.
			return s.forgetDM(ctx, evt.RoomID)
		}
		return nil
	}
	if evt.Type != event.EventMessage {
		return nil
	}
	return s.command(ctx, evt)
}

// acceptDM joins a room a local user invited the bot to, if it is a
// direct invite to a room of only the two (read as the user: the bot
// cannot read it before it joins). A user who invites the bot into a
// stranger's chat must not make it write there.
func (s *Service) acceptDM(ctx context.Context, evt *event.Event) error {
	uid := evt.Sender
	if uid.Homeserver() != s.opts.ServerName || !s.usersRe.MatchString(string(uid)) || uid == s.botID {
		return nil
	}
	u, err := s.ensureUser(uid)
	if err != nil {
		return err
	}
	log := s.log.With().Str("user", string(uid)).Str("room", string(evt.RoomID)).Logger()
	inv, err := role.CheckInvite(ctx, u.reader, evt.RoomID, s.botID)
	if err != nil {
		log.Warn().Err(err).Msg("A user invited the bot to a room that is not a DM of only the two; not joining")
		return nil
	}
	if err := s.bot.Join(ctx, inv); err != nil {
		log.Warn().Err(err).Msg("Not using the user's DM: joining failed or it is not theirs and the bot's alone")
		return nil
	}
	if err := s.rememberDM(ctx, u, evt.RoomID); err != nil {
		return err
	}
	log.Info().Msg("Joined a user's DM with the bot")
	if name := firstName(evt.Unsigned.InviteRoomState, uid); name != "" {
		// Stored only for a user who opted in: until then, nothing of
		// theirs is.
		s.mu.Lock()
		u.inviteName = name
		save := u.settings.Protected && len(u.settings.Names) == 0
		if save {
			u.settings.Names = []string{name}
		}
		s.mu.Unlock()
		if save {
			if err := s.saveSettings(ctx, u); err != nil {
				return err
			}
		}
	}
	text := helloText
	if s.protected(uid) {
		text = protectedText
	}
	s.reply(ctx, u, text, "sg-hello-"+string(evt.RoomID))
	return nil
}

// firstName is the first word of uid's display name in an invite's
// stripped state: the name a message meant for them greets.
func firstName(state []*event.Event, uid id.UserID) string {
	for _, st := range state {
		if st.Type.Type == event.StateMember.Type && st.StateKey != nil && id.UserID(*st.StateKey) == uid {
			var c event.MemberEventContent
			_ = json.Unmarshal(st.Content.VeryRaw, &c)
			if f := strings.Fields(c.Displayname); len(f) > 0 {
				return f[0]
			}
		}
	}
	return ""
}

func (s *Service) rememberDM(ctx context.Context, u *user, rid id.RoomID) error {
	if err := s.state("").Set(ctx, dmPrefix+string(rid), string(u.id)); err != nil {
		return fmt.Errorf("remember the bot's DM: %w", err)
	}
	if err := s.state(string(u.id)).Set(ctx, dmKey, string(rid)); err != nil {
		return fmt.Errorf("remember the bot's DM: %w", err)
	}
	if err := s.state(string(u.id)).Delete(ctx, dmPendingKey); err != nil {
		return fmt.Errorf("remember the bot's DM: %w", err)
	}
	s.mu.Lock()
	s.dms[rid] = u.id
	s.mu.Unlock()
	return nil
}

func (s *Service) forgetDM(ctx context.Context, rid id.RoomID) error {
	s.mu.Lock()
	uid, ok := s.dms[rid]
	delete(s.dms, rid)
	s.mu.Unlock()
	if !ok {
		return nil
	}
	if err := s.state("").Delete(ctx, dmPrefix+string(rid)); err != nil {
		return fmt.Errorf("forget the bot's DM: %w", err)
	}
	if cur, _ := s.state(string(uid)).Get(ctx, dmKey); cur == string(rid) {
		if err := s.state(string(uid)).Delete(ctx, dmKey); err != nil {
			return fmt.Errorf("forget the bot's DM: %w", err)
		}
	}
	return nil
}

// ensureUser returns the user, made (unprotected) on first contact.
func (s *Service) ensureUser(uid id.UserID) (*user, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u := s.users[uid]; u != nil {
		return u, nil
	}
	r, err := role.NewAppserviceReader(s.opts.Homeserver, uid, s.opts.ASToken, s.hc)
	if err != nil {
		return nil, fmt.Errorf("reader of %s: %w", uid, err)
	}
	u := &user{id: uid, reader: r, settings: settings{Country: s.opts.Country, Languages: slices.Clone(s.opts.Languages)}}
	u.conv = matrix.NewConverter(string(uid), uid, s.bots, u.settings.Country)
	s.users[uid] = u
	return u, nil
}

// ownerOf is owner, taking s.mu.
func (s *Service) ownerOf(u *user) *bot.Owner {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.owner(u)
}

// owner is a protected user as the core's owner; call with s.mu held.
func (s *Service) owner(u *user) *bot.Owner {
	o := &bot.Owner{ID: string(u.id), Names: slices.Clone(u.settings.Names), Country: u.settings.Country,
		Languages: slices.Clone(u.settings.Languages), Known: map[string]bool{}}
	aud := notify.Audience{Lang: o.Lang(), Country: o.Country, Quote: warntext.QuoteShort, CommandPrefix: "!"}
	o.Targets = []bot.Target{{Name: "matrix", Kind: "matrix", Notifier: &notifier{s: s, u: u, audience: aud}}}
	return o
}

func (s *Service) saveSettings(ctx context.Context, u *user) error {
	s.mu.Lock()
	b, err := json.Marshal(u.settings)
	s.mu.Unlock()
	if err != nil {
		return err
	}
	if err := s.state(string(u.id)).Set(ctx, settingsKey, string(b)); err != nil {
		return fmt.Errorf("save settings of %s: %w", u.id, err)
	}
	if err := s.state("").Set(ctx, userPrefix+string(u.id), "1"); err != nil {
		return fmt.Errorf("save settings of %s: %w", u.id, err)
	}
	return nil
}

// protect starts protecting u: the core knows them as an owner, and the
// rooms they are joined to are watched from now on.
func (s *Service) protect(ctx context.Context, u *user) error {
	s.mu.Lock()
	u.settings.Protected, u.settings.Stopped = true, false
	if len(u.settings.Names) == 0 && u.inviteName != "" {
		u.settings.Names = []string{u.inviteName}
	}
	u.conv = matrix.NewConverter(string(u.id), u.id, s.bots, u.settings.Country)
	o := s.owner(u)
	s.mu.Unlock()
	if err := s.saveSettings(ctx, u); err != nil {
		return err
	}
	s.engine.AddOwner(o)
	s.engine.ReportAdapter(o.ID, adapterName, true, "")
	rooms, err := u.reader.JoinedRooms(ctx)
	if err != nil {
		// Rooms joined from now on are watched all the same.
		s.log.Warn().Err(err).Str("user", string(u.id)).Msg("Cannot list a protected user's rooms")
		return nil
	}
	for _, rid := range rooms {
		if s.isDM(rid) {
			continue
		}
		s.watch(rid, u.id)
		if err := s.state(string(u.id)).Set(ctx, roomKey(rid), string(event.MembershipJoin)); err != nil {
			return fmt.Errorf("note a watched room: %w", err)
		}
	}
	return nil
}

func (s *Service) isDM(rid id.RoomID) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.dms[rid]
	return ok
}

// stop ends u's protection: their rooms are no longer watched, and their
// events are dropped unread from now on. What is stored stays (the
// admin's `silentguard forget --owner @user:server` deletes it).
func (s *Service) stop(ctx context.Context, u *user) error {
	s.mu.Lock()
	u.settings.Protected, u.settings.Stopped = false, true
	var rooms []id.RoomID
	for rid, wr := range s.rooms {
		if wr.users[u.id] {
			rooms = append(rooms, rid)
		}
	}
	s.mu.Unlock()
	if err := s.saveSettings(ctx, u); err != nil {
		return err
	}
	// The core forgets them: warnings still queued for them are set
	// aside, not delivered after the !stop.
	s.engine.RemoveOwner(string(u.id))
	for _, rid := range rooms {
		s.unwatch(rid, u.id)
		if err := s.state(string(u.id)).Delete(ctx, roomKey(rid)); err != nil {
			return fmt.Errorf("forget a watched room: %w", err)
		}
	}
	return nil
}

// reply answers a user in their DM with the bot; a reply that cannot be
// sent is logged (the command itself is stored).
func (s *Service) reply(ctx context.Context, u *user, text, txnID string) {
	err := s.deliver(ctx, u, &event.MessageEventContent{MsgType: event.MsgNotice, Body: text}, txnID)
	if err != nil {
		s.log.Warn().Err(err).Str("user", string(u.id)).Msg("Failed to answer a user")
	}
}

// dmRoom returns the bot's DM with u, creating it once.
func (s *Service) dmRoom(ctx context.Context, u *user) (id.RoomID, error) {
	u.dmMu.Lock()
	defer u.dmMu.Unlock()
	rid, err := s.state(string(u.id)).Get(ctx, dmKey)
	if err != nil {
		return "", fmt.Errorf("read the bot's DM: %w", err)
	}
	if rid != "" {
		return id.RoomID(rid), nil
	}
	// A DM being created is noted first: a kill between its creation and
	// its record leaves the note, and the next time the bot looks for
	// the DM it made before it makes another.
	st := s.state(string(u.id))
	if pending, err := st.Get(ctx, dmPendingKey); err != nil {
		return "", fmt.Errorf("read the bot's DM: %w", err)
	} else if pending != "" {
		if err := s.acquire(ctx); err != nil {
			return "", err
		}
		found, err := s.bot.FindDM(ctx, u.id)
		<-s.writes
		if err != nil {
			return "", fmt.Errorf("look for the bot's DM: %w", err)
		}
		if found != "" {
			if err := s.rememberDM(context.WithoutCancel(ctx), u, found); err != nil {
				return "", err
			}
			return found, nil
		}
	} else if err := st.Set(ctx, dmPendingKey, "1"); err != nil {
		return "", fmt.Errorf("note the bot's DM: %w", err)
	}
	if err := s.acquire(ctx); err != nil {
		return "", err
	}
	created, err := s.bot.OpenDM(ctx, u.id, "SilentGuard", "Private warnings about messages from unknown contacts")
	<-s.writes
	if err != nil {
		return "", fmt.Errorf("create the warning DM: %w", err)
	}
	failpoint.Hit("appservice.after-open-dm")
	if hook, _ := s.afterOpenDM.Load().(func() error); hook != nil {
		if err := hook(); err != nil {
			return "", err
		}
	}
	if err := s.rememberDM(context.WithoutCancel(ctx), u, created); err != nil {
		return "", err
	}
	return created, nil
}

// deliver posts content in the bot's DM with u; the bot's client checks,
// right before, that nobody else is in it. A DM that fails the check is
// given up, and the content goes to a new one.
func (s *Service) deliver(ctx context.Context, u *user, content *event.MessageEventContent, txnID string) error {
	for range 2 {
		rid, err := s.dmRoom(ctx, u)
		if err != nil {
			return err
		}
		if err := s.acquire(ctx); err != nil {
			return err
		}
		err = s.bot.SendToOwner(ctx, rid, u.id, content, txnID)
		<-s.writes
		if !errors.Is(err, role.ErrNotOwnerOnly) {
			return err
		}
		s.log.Warn().Err(err).Str("user", string(u.id)).Str("room", string(rid)).
			Msg("Not writing in the bot's DM: it is not the user's and the bot's alone; opening a new one")
		if err := s.forgetDM(context.WithoutCancel(ctx), rid); err != nil {
			return err
		}
		// forgetDM knows only DMs it saw; drop the user's cursor anyway.
		_ = s.state(string(u.id)).Delete(context.WithoutCancel(ctx), dmKey)
	}
	return fmt.Errorf("no DM of only the user and the bot: %w", role.ErrNotOwnerOnly)
}

// acquire takes one of the bot's write slots.
func (s *Service) acquire(ctx context.Context) error {
	select {
	case s.writes <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// notifier delivers a protected user's warnings through the bot.
type notifier struct {
	s        *Service
	u        *user
	audience notify.Audience
}

var _ bot.Notifier = (*notifier)(nil)

// Warn sends the warning as m.text with HTML (notices don't push). The
// warning ID is the transaction ID, so a re-sent warning is shown once.
func (n *notifier) Warn(ctx context.Context, w *bot.Warning) error {
	if !n.s.protected(n.u.id) {
		// A warning that was on its way when they wrote !stop.
		return bot.Permanent(errors.New("the user stopped their protection"))
	}
	m := n.audience.Render(w)
	content := &event.MessageEventContent{MsgType: event.MsgText, Body: m.Plain(), Format: event.FormatHTML, FormattedBody: matrix.HTML(m)}
	if err := n.s.deliver(ctx, n.u, content, "sg-"+w.ID); err != nil {
		return fmt.Errorf("send warning to the user's DM: %w", err)
	}
	return nil
}

// Cursors is what Forget needs of the store.
type Cursors interface {
	DeleteCursor(ctx context.Context, owner, adapter, key string) error
	CursorsWithPrefix(ctx context.Context, owner, adapter, prefix string) (map[string]string, error)
}

// Forget deletes the two entries about user that sit outside their own
// owner id (the store's Forget deletes those): the index of users who
// wrote to the bot, and the bot's DMs with them.
func Forget(ctx context.Context, st Cursors, user string) error {
	if err := st.DeleteCursor(ctx, "", adapterName, userPrefix+user); err != nil {
		return fmt.Errorf("forget %s's entry in the bot's users: %w", user, err)
	}
	dms, err := st.CursorsWithPrefix(ctx, "", adapterName, dmPrefix)
	if err != nil {
		return fmt.Errorf("list the bot's DMs: %w", err)
	}
	for key, who := range dms {
		if who == user {
			if err := st.DeleteCursor(ctx, "", adapterName, key); err != nil {
				return fmt.Errorf("forget a DM with %s: %w", user, err)
			}
		}
	}
	return nil
}
