package matrix

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/rs/zerolog"
	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"

	"github.com/silentguard/silentguard/adapters/matrix/internal/role"
	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/detectors"
)

// Platform is the platform name of Matrix conversations in the core.
const Platform = "matrix"

// adapterName is the cursor namespace and health name of the owner sync.
const adapterName = "matrix"

// invitePrefix names the stored notes of unanswered invites.
const invitePrefix = "invite:"

// ownerSync reads the owner's account: it syncs as the owner, with
// presence offline, and never sends anything (no receipt, no typing, no
// join, no message). What it reads goes to the core.
type ownerSync struct {
	engine   *bot.Engine
	store    bot.Store
	log      zerolog.Logger
	ownerID  string
	password string
	cli      role.Reader
	country  string
	history  time.Duration // opt-in judging of recent history on first start
	// bots are SilentGuard's own bot accounts: their DMs with the owner
	// carry the warnings and are never judged.
	bots map[id.UserID]bool
	// crypto is set when encryption is on; recoveryKey cross-signs.
	crypto      *role.Crypto
	recoveryKey string
	// note is a standing remark for !status (e.g. not cross-signed).
	note string

	mu         sync.Mutex
	rooms      map[id.RoomID]*room
	direct     map[id.RoomID]bool
	unreadable map[id.RoomID]string
	// invites are the rooms whose unreadable note is about an invite
	// the owner has not answered; the note is also stored, since an
	// incremental sync does not repeat an invite after a restart.
	invites  map[id.RoomID]bool
	failures int
}

func (s *ownerSync) cursor(ctx context.Context, name string) string {
	v, err := s.store.Cursor(ctx, s.ownerID, adapterName, name)
	if err != nil {
		s.log.Error().Err(err).Str("cursor", name).Msg("Failed to read cursor")
	}
	return v
}

// run syncs until ctx ends, backing off on errors.
func (s *ownerSync) run(ctx context.Context) {
	since := s.cursor(ctx, "since")
	s.loadInvites(ctx)
	if raw := s.cursor(ctx, "m.direct"); raw != "" {
		s.setDirect(json.RawMessage(raw))
	}
	backoff := time.Second
	for ctx.Err() == nil {
		// With presence offline (the server would mark the owner online).
		resp, err := s.cli.Sync(ctx, since)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			s.syncFailed(err, backoff)
			select {
			case <-ctx.Done():
				return
			case <-time.After(backoff):
			}
			backoff = min(backoff*2, time.Minute)
			continue
		}
		backoff = time.Second
		s.syncOK()
		if s.crypto != nil {
			// Room keys and device lists first, so this batch decrypts.
			s.crypto.ProcessSync(ctx, resp, since)
		}
		if err := s.process(ctx, resp, since); err != nil {
			// The batch is retried from the same token; the core ignores
			// what it already stored.
			s.log.Error().Err(err).Msg("Failed to handle a sync batch; retrying it")
			select {
			case <-ctx.Done():
				return
			case <-time.After(backoff):
			}
			continue
		}
		// Saved only after the batch is handled: a crash in between makes
		// the next run see the batch again, which the core de-duplicates.
		if err := s.store.SetCursor(context.WithoutCancel(ctx), s.ownerID, adapterName, "since", resp.NextBatch); err != nil {
			s.log.Error().Err(err).Msg("Failed to save the sync position")
			continue
		}
		since = resp.NextBatch
		if s.crypto != nil {
			s.retryPending(ctx)
		}
	}
}

func (s *ownerSync) syncFailed(err error, backoff time.Duration) {
	s.mu.Lock()
	s.failures++
	n := s.failures
	s.mu.Unlock()
	var httpErr mautrix.HTTPError
	if errors.As(err, &httpErr) && httpErr.Response != nil && httpErr.Response.StatusCode == http.StatusUnauthorized {
		s.log.Error().Err(err).Msg("The homeserver rejected SilentGuard's access token for the owner")
		s.engine.ReportAdapter(s.ownerID, adapterName, false, "the access token was rejected (M_UNKNOWN_TOKEN)")
		return
	}
	s.log.Warn().Err(err).Int("failures", n).Dur("retry_in", backoff).Msg("Sync failed")
	if n == 5 {
		s.engine.ReportAdapter(s.ownerID, adapterName, false, "the homeserver cannot be reached")
	}
}

func (s *ownerSync) syncOK() {
	s.mu.Lock()
	s.failures = 0
	s.mu.Unlock()
	s.engine.ReportAdapter(s.ownerID, adapterName, true, "")
}

func (s *ownerSync) setDirect(raw json.RawMessage) {
	var content map[id.UserID][]id.RoomID
	if json.Unmarshal(raw, &content) != nil {
		return
	}
	direct := map[id.RoomID]bool{}
	for _, rooms := range content {
		for _, r := range rooms {
			direct[r] = true
		}
	}
	s.mu.Lock()
	s.direct = direct
	s.mu.Unlock()
}

// process hands one sync batch, fetched with the token since, to the
// core. On the very first sync everything is history: stored and judged
// quietly, never warned about (unless the owner opted in to a history
// summary).
func (s *ownerSync) process(ctx context.Context, resp *mautrix.RespSync, since string) error {
	first := since == ""
	for _, evt := range resp.AccountData.Events {
		if evt.Type == event.AccountDataDirectChats {
			s.setDirect(evt.Content.VeryRaw)
			if err := s.store.SetCursor(ctx, s.ownerID, adapterName, "m.direct", string(evt.Content.VeryRaw)); err != nil {
				return fmt.Errorf("save m.direct: %w", err)
			}
		}
	}
	var summary []bot.HistoryLine
	roomIDs := make([]id.RoomID, 0, len(resp.Rooms.Join))
	for rid := range resp.Rooms.Join {
		roomIDs = append(roomIDs, rid)
	}
	sort.Slice(roomIDs, func(i, j int) bool { return roomIDs[i] < roomIDs[j] })
	for _, rid := range roomIDs {
		items, err := s.joinedRoom(ctx, rid, resp.Rooms.Join[rid], since)
		if err != nil {
			return err
		}
		summary = append(summary, items...)
	}
	for rid, inv := range resp.Rooms.Invite {
		if err := s.invitedRoom(ctx, rid, inv, first); err != nil {
			return err
		}
	}
	for rid := range resp.Rooms.Leave {
		if err := s.inviteAnswered(ctx, rid); err != nil {
			return err
		}
		s.mu.Lock()
		delete(s.rooms, rid)
		delete(s.unreadable, rid)
		s.mu.Unlock()
	}
	if first && s.history > 0 {
		s.sendHistorySummary(ctx, summary)
	}
	return nil
}

// roomFor returns the tracked room, loading its full state with a plain
// read when SilentGuard meets it after a restart.
func (s *ownerSync) roomFor(ctx context.Context, rid id.RoomID, fresh bool) (*room, error) {
	s.mu.Lock()
	r := s.rooms[rid]
	s.mu.Unlock()
	if r != nil {
		return r, nil
	}
	r = newRoom(rid, s.cli.UserID().Homeserver())
	if !fresh {
		state, err := s.cli.State(ctx, rid)
		if err != nil {
			return nil, fmt.Errorf("load room state: %w", err)
		}
		for _, byKey := range state {
			for _, evt := range byKey {
				evt.RoomID = rid
				r.apply(evt)
				if s.crypto != nil {
					s.crypto.UpdateState(ctx, evt)
				}
			}
		}
	}
	s.mu.Lock()
	s.rooms[rid] = r
	s.mu.Unlock()
	return r, nil
}

// joinedRoom hands a joined room's new events to the core; on the first
// sync it returns the judged messages of the history summary.
func (s *ownerSync) joinedRoom(ctx context.Context, rid id.RoomID, jr *mautrix.SyncJoinedRoom, since string) ([]bot.HistoryLine, error) {
	first := since == ""
	// A room seen for the first time in a batch that carries its state
	// (the first sync, or a room just joined) needs no extra read.
	fresh := first || hasCreate(jr)
	r, err := s.roomFor(ctx, rid, fresh)
	if err != nil {
		return nil, err
	}
	if err := s.inviteAnswered(ctx, rid); err != nil { // joined now: readable
		return nil, err
	}
	for _, evt := range jr.State.Events {
		evt.RoomID = rid
		r.apply(evt)
		if s.crypto != nil {
			s.crypto.UpdateState(ctx, evt)
		}
	}
	if !first && jr.Timeline.Limited && jr.Timeline.PrevBatch != "" && s.judged(r) {
		// The server sent only the newest events (a few dozen at most):
		// what came before them, e.g. an opener followed by many
		// messages while SilentGuard was down, is read back and judged
		// first, oldest first.
		missed, err := s.missedEvents(ctx, rid, jr.Timeline.PrevBatch)
		if err != nil {
			return nil, err
		}
		for _, evt := range missed {
			if _, _, err := s.timelineEvent(ctx, r, evt, false); err != nil {
				return nil, err
			}
		}
	}
	var items []bot.HistoryLine
	for _, evt := range jr.Timeline.Events {
		evt.RoomID = rid
		if evt.StateKey != nil {
			r.apply(evt)
			if s.crypto != nil {
				s.crypto.UpdateState(ctx, evt)
			}
			continue
		}
		res, handled, err := s.timelineEvent(ctx, r, evt, first)
		if err != nil {
			return nil, err
		}
		if handled && first && s.history > 0 && res.Watched && time.Since(time.UnixMilli(evt.Timestamp)) < s.history {
			items = append(items, bot.HistoryLine{Sender: s.senderOf(r, evt.Sender), Level: res.Verdict.Level,
				Kind: res.Verdict.Kind, At: time.UnixMilli(evt.Timestamp)})
		}
	}
	return items, nil
}

// maxMissed bounds how far back a gap is read: the core judges only a
// conversation's opening turns, so older events would change nothing.
const maxMissed = 500

// missedEvents pages back with /messages (a plain read: no receipt) from
// the start of a limited timeline until an event the core already holds
// (or the room's start, or maxMissed), and returns the message events in
// between, oldest first. Nothing is read when the core no longer watches
// the conversation. There is no "to" bound: Dendrite answers past it one
// event a page, back to the room's start.
func (s *ownerSync) missedEvents(ctx context.Context, rid id.RoomID, from string) ([]*event.Event, error) {
	watching, seen, err := s.coreView(ctx, rid)
	if err != nil || !watching {
		return nil, err
	}
	var newestFirst []*event.Event
	pages := 0
	for from != "" && len(newestFirst) < maxMissed {
		resp, err := s.cli.Messages(ctx, rid, from, 100)
		if err != nil {
			return nil, fmt.Errorf("read missed events: %w", err)
		}
		pages++
		for _, evt := range resp.Chunk {
			if seen[string(evt.ID)] {
				from = "" // everything older was seen
				break
			}
			if evt.StateKey != nil {
				continue // the sync's state section already has the result
			}
			evt.RoomID = rid
			newestFirst = append(newestFirst, evt)
		}
		if from == "" || len(resp.Chunk) == 0 || resp.End == "" || resp.End == from {
			break // the room's start
		}
		from = resp.End
	}
	if len(newestFirst) >= maxMissed {
		s.log.Warn().Str("room", string(rid)).Int("read", len(newestFirst)).Msg("Too many missed events in a room; the oldest are not judged")
	}
	s.log.Debug().Str("room", string(rid)).Int("events", len(newestFirst)).Int("pages", pages).Msg("Read events missed by a limited sync")
	slices.Reverse(newestFirst)
	return newestFirst, nil
}

// coreView tells whether the core still watches a room's conversation (a
// room it never stored counts as watched) and which events it stored as
// turns: the newest of those is where a gap starts.
func (s *ownerSync) coreView(ctx context.Context, rid id.RoomID) (bool, map[string]bool, error) {
	conv, err := s.store.Conversation(ctx, s.ownerID, Platform, string(rid))
	if errors.Is(err, bot.ErrNotFound) {
		return true, nil, nil
	}
	if err != nil {
		return false, nil, fmt.Errorf("load conversation: %w", err)
	}
	if conv.State != bot.StateWatching {
		return false, nil, nil
	}
	turns, err := s.store.Turns(ctx, conv.ID)
	if err != nil {
		return false, nil, fmt.Errorf("load turns: %w", err)
	}
	seen := make(map[string]bool, len(turns))
	for _, t := range turns {
		seen[t.EventID] = true
	}
	return true, seen, nil
}

// judged tells whether a room's messages go to the core: DMs, except
// SilentGuard's own warning DM (the owner and bots only). A bot does not
// count as a member otherwise: one the owner invited into a stranger's DM
// must not stop SilentGuard from judging it.
func (s *ownerSync) judged(r *room) bool {
	s.mu.Lock()
	direct := s.direct[r.id]
	s.mu.Unlock()
	if len(r.others(s.cli.UserID(), s.bots)) == 0 && len(r.others(s.cli.UserID(), nil)) > 0 {
		return false
	}
	return r.kind(s.cli.UserID(), direct, s.bots) == "dm"
}

func hasCreate(jr *mautrix.SyncJoinedRoom) bool {
	for _, evt := range append(jr.State.Events, jr.Timeline.Events...) {
		if evt.Type == event.StateCreate {
			return true
		}
	}
	return false
}

func (s *ownerSync) senderOf(r *room, uid id.UserID) bot.Sender {
	m := r.members[uid]
	snd := bot.Sender{ID: string(uid), DisplayName: m.displayName, Network: r.network(), Bridged: r.bridge != nil,
		MessageRequest: r.messageRequest()}
	if r.bridge != nil {
		snd.Phone = phoneFromGhost(snd.Network, uid, m.displayName, s.country)
	}
	return snd
}

// timelineEvent converts one event of a room into a core message.
func (s *ownerSync) timelineEvent(ctx context.Context, r *room, evt *event.Event, first bool) (bot.Result, bool, error) {
	if !s.judged(r) {
		return bot.Result{}, false, nil
	}
	if (r.bridge != nil && evt.Sender == r.bridge.BridgeBot) || s.bots[evt.Sender] {
		return bot.Result{}, false, nil // the bridge's own notices, SilentGuard's warnings
	}
	if evt.Type == event.EventEncrypted {
		if s.crypto == nil {
			s.markUnreadable(r.id, "encrypted messages (turn on matrix.encryption)")
			return bot.Result{}, false, nil
		}
		dec, err := s.crypto.Decrypt(ctx, evt)
		if err != nil {
			// No key yet: keep it, ask the owner's own devices, and try
			// again when keys arrive.
			s.pend(ctx, r.id, evt, first, err)
			return bot.Result{}, false, nil
		}
		evt = dec
	}
	msg := bot.Message{
		Platform: Platform, Owner: s.ownerID, ConversationKey: string(r.id),
		FromOwner: evt.Sender == s.cli.UserID(), EventID: string(evt.ID),
		At: time.UnixMilli(evt.Timestamp), Quiet: first,
	}
	if !msg.FromOwner {
		msg.Sender = s.senderOf(r, evt.Sender)
	} else if others := r.others(s.cli.UserID(), s.bots); len(others) == 1 {
		msg.Sender = s.senderOf(r, others[0])
	}
	// A timeline event: the owner has joined the room (an invite is
	// judged in invitedRoom), so the warning's advice is not "don't
	// accept the invite".
	msg.Sender.OwnerJoined = true
	switch evt.Type {
	case event.EventMessage, event.EventSticker:
		if !fillContent(&msg, evt) {
			return bot.Result{}, false, nil
		}
	case event.EventRedaction:
		redacts := evt.Redacts
		if redacts == "" {
			var c struct {
				Redacts id.EventID `json:"redacts"`
			}
			_ = json.Unmarshal(evt.Content.VeryRaw, &c)
			redacts = c.Redacts
		}
		if redacts == "" {
			return bot.Result{}, false, nil
		}
		msg.Redacts = string(redacts)
	default:
		return bot.Result{}, false, nil
	}
	if msg.Sender.ID == "" && !msg.FromOwner {
		return bot.Result{}, false, nil
	}
	res, err := s.engine.Handle(ctx, msg)
	var ie *bot.InputError
	if errors.As(err, &ie) {
		s.log.Warn().Str("room", string(r.id)).Str("event", string(evt.ID)).Str("field", ie.Field).Msg("Skipped a malformed event")
		return bot.Result{}, false, nil
	}
	if err != nil {
		return bot.Result{}, false, err
	}
	return res, true, nil
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

// invitedRoom handles an invite: a native Matrix DM from a stranger is
// judged on what the invite shows; a bridge portal the owner was only
// invited to (no double puppeting) cannot be read. The invite is never
// accepted or rejected.
func (s *ownerSync) invitedRoom(ctx context.Context, rid id.RoomID, inv *mautrix.SyncInvitedRoom, first bool) error {
	r := newRoom(rid, s.cli.UserID().Homeserver())
	var inviter id.UserID
	var inviteTS int64
	for _, evt := range inv.State.Events {
		r.apply(evt)
		if evt.Type == event.StateMember && evt.StateKey != nil && id.UserID(*evt.StateKey) == s.cli.UserID() {
			inviter, inviteTS = evt.Sender, evt.Timestamp
		}
	}
	network, fromBridge := bridgeUser(inviter, s.cli.UserID().Homeserver())
	if r.bridge != nil {
		network, fromBridge = r.network(), true
	}
	if fromBridge {
		why := fmt.Sprintf("a %s chat you are only invited to: SilentGuard cannot read it (turn on double puppeting in the bridge)", network)
		return s.noteInvite(ctx, rid, why, why)
	}
	me := r.members[s.cli.UserID()]
	if inviter == "" || inviter == s.cli.UserID() || !me.isDirect || s.bots[inviter] {
		return nil
	}
	var parts []string
	for _, p := range []string{me.reason, r.name, r.topic} {
		if strings.TrimSpace(p) != "" {
			parts = append(parts, p)
		}
	}
	if len(parts) == 0 {
		// The core judges words: with none, the sender's ID and name
		// alone give it nothing (an empty verdict). The owner sees the
		// invite in !status; the chat is judged once they accept it.
		return s.wordlessInvite(ctx, r, inviter)
	}
	at := time.Now()
	if inviteTS > 0 {
		at = time.UnixMilli(inviteTS)
	}
	snd := s.senderOf(r, inviter)
	snd.Network = detectors.NetworkMatrix
	res, err := s.engine.Handle(ctx, bot.Message{
		Platform: Platform, Owner: s.ownerID, ConversationKey: string(rid), Sender: snd,
		Text: strings.Join(parts, "\n"), At: at, EventID: "invite:" + string(rid), Quiet: first,
	})
	var ie *bot.InputError
	if errors.As(err, &ie) {
		s.log.Warn().Str("room", string(rid)).Str("field", ie.Field).Msg("Skipped a malformed invite")
		return nil
	}
	_ = res
	return err
}

// wordlessInvite notes a DM invite from a stranger that carries no words.
func (s *ownerSync) wordlessInvite(ctx context.Context, r *room, inviter id.UserID) error {
	if o := s.engine.Owner(s.ownerID); o != nil && o.Known[string(inviter)] {
		return nil
	}
	allowed, err := s.store.Allowed(ctx, s.ownerID, Platform, string(inviter))
	if err != nil {
		return fmt.Errorf("check allowed inviter: %w", err)
	}
	if allowed {
		return nil
	}
	who := string(inviter)
	if name := strings.TrimSpace(r.members[inviter].displayName); name != "" {
		who = name + " (" + who + ")"
	}
	// The sender's name stays out of the log.
	return s.noteInvite(ctx, r.id, "a Matrix DM invite from "+who+" with no message: SilentGuard judges the chat once you accept it",
		"a Matrix DM invite with no message")
}

// noteInvite keeps why in !status until the owner answers the invite;
// logAs is what the log says.
func (s *ownerSync) noteInvite(ctx context.Context, rid id.RoomID, why, logAs string) error {
	if err := s.store.SetCursor(ctx, s.ownerID, adapterName, invitePrefix+string(rid), why); err != nil {
		return fmt.Errorf("save invite note: %w", err)
	}
	s.mu.Lock()
	_, known := s.unreadable[rid]
	s.unreadable[rid] = why
	s.invites[rid] = true
	s.mu.Unlock()
	if !known {
		s.log.Warn().Str("room", string(rid)).Str("why", logAs).Msg("A conversation cannot be read")
	}
	return nil
}

// inviteAnswered drops the invite note of a room the owner joined or left.
func (s *ownerSync) inviteAnswered(ctx context.Context, rid id.RoomID) error {
	s.mu.Lock()
	noted := s.invites[rid]
	s.mu.Unlock()
	if !noted {
		return nil
	}
	if err := s.store.DeleteCursor(ctx, s.ownerID, adapterName, invitePrefix+string(rid)); err != nil {
		return fmt.Errorf("drop invite note: %w", err)
	}
	s.mu.Lock()
	delete(s.invites, rid)
	delete(s.unreadable, rid)
	s.mu.Unlock()
	return nil
}

// loadInvites restores the notes of unanswered invites after a restart.
func (s *ownerSync) loadInvites(ctx context.Context) {
	notes, err := s.store.CursorsWithPrefix(ctx, s.ownerID, adapterName, invitePrefix)
	if err != nil {
		s.log.Error().Err(err).Msg("Failed to read the notes of unanswered invites")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for name, why := range notes {
		rid := id.RoomID(strings.TrimPrefix(name, invitePrefix))
		s.unreadable[rid] = why
		s.invites[rid] = true
	}
}

func (s *ownerSync) markUnreadable(rid id.RoomID, why string) {
	s.mu.Lock()
	_, known := s.unreadable[rid]
	s.unreadable[rid] = why
	s.mu.Unlock()
	if !known {
		s.log.Warn().Str("room", string(rid)).Str("why", why).Msg("A conversation cannot be read")
	}
}

// Unreadable lists what SilentGuard cannot read for this owner.
func (s *ownerSync) Unreadable() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.unreadable)+1)
	if s.note != "" {
		out = append(out, s.note)
	}
	for rid, why := range s.unreadable {
		out = append(out, why+" ("+string(rid)+")")
	}
	sort.Strings(out)
	return out
}

// sendHistorySummary hands the core every message judged in history; the
// core's alert policy picks what the summary lists.
func (s *ownerSync) sendHistorySummary(ctx context.Context, judged []bot.HistoryLine) {
	if err := s.engine.HistorySummary(ctx, s.ownerID, judged); err != nil {
		s.log.Error().Err(err).Msg("Failed to send the history summary")
	}
}
