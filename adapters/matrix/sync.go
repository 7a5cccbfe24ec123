package matrix

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/rs/zerolog"
	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"

	"github.com/silentguard/silentguard/adapters/matrix/internal/role"
	"github.com/silentguard/silentguard/bot"
)

// Platform is the platform name of Matrix conversations in the core.
const Platform = "matrix"

// adapterName is the cursor namespace and health name of the owner sync.
const adapterName = "matrix"

// ownerSync reads the owner's account: it syncs as the owner, with
// presence offline, and never sends anything (no receipt, no typing, no
// join, no message). What it reads goes to the core.
type ownerSync struct {
	// msgconv turns what the sync reads into the core's messages; it
	// holds the owner's ids, country and SilentGuard's bots.
	msgconv
	core bot.Core
	// state is the owner's sync state: sync token, m.direct, invite
	// notes, undecryptable events, a device logged in with a password.
	state    bot.AdapterState
	log      zerolog.Logger
	password string
	cli      role.Reader
	history  time.Duration // opt-in judging of recent history on first start
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
	v, err := s.state.Get(ctx, name)
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
		if err := s.state.Set(context.WithoutCancel(ctx), "since", resp.NextBatch); err != nil {
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
		s.core.ReportAdapter(s.ownerID, adapterName, false, "the access token was rejected (M_UNKNOWN_TOKEN)")
		return
	}
	s.log.Warn().Err(err).Int("failures", n).Dur("retry_in", backoff).Msg("Sync failed")
	if n == 5 {
		s.core.ReportAdapter(s.ownerID, adapterName, false, "the homeserver cannot be reached")
	}
}

func (s *ownerSync) syncOK() {
	s.mu.Lock()
	s.failures = 0
	s.mu.Unlock()
	s.core.ReportAdapter(s.ownerID, adapterName, true, "")
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
			if err := s.state.Set(ctx, "m.direct", string(evt.Content.VeryRaw)); err != nil {
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
			items = append(items, bot.HistoryLine{Sender: s.sender(r, evt.Sender), Level: res.Verdict.Level,
				Kind: res.Verdict.Kind, At: time.UnixMilli(evt.Timestamp), Faulted: res.Verdict.Fault != ""})
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
	return s.core.Watching(ctx, s.ownerID, Platform, string(rid))
}

// timelineEvent converts one event of a room into a core message.
func (s *ownerSync) timelineEvent(ctx context.Context, r *room, evt *event.Event, first bool) (bot.Result, bool, error) {
	if !s.judged(r) {
		return bot.Result{}, false, nil
	}
	if s.notices(r, evt) {
		return bot.Result{}, false, nil
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
	msg, ok := s.message(r, evt, first)
	if !ok {
		return bot.Result{}, false, nil
	}
	res, err := s.core.Handle(ctx, msg)
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
