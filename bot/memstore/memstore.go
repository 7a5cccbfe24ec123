// Package memstore keeps a bot.Store in memory, for what needs no
// durability: eval, check, and tests that do not test storage. It keeps
// what the SQL store keeps, and only that (times to the millisecond, in
// UTC; no MessageRequest mark), so that the engine judges the same way on
// both. Nothing survives the process.
package memstore

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/detectors"
)

// Errors of the memory store: the constraints the SQL schema enforces.
var (
	ErrExists  = errors.New("already stored")
	ErrMissing = errors.New("refers to nothing stored")
)

type convKey struct{ owner, platform, key string }

type eventKey struct {
	conv int64
	id   string
}

type refKey struct{ owner, ref string }

type deliveryKey struct{ warning, target string }

type allowKey struct{ owner, platform, sender string }

type feedbackKey struct{ owner, warning, kind string }

type cursorKey struct{ owner, adapter, name string }

type warningRec struct {
	w   bot.Warning
	seq int64 // insertion order, for ties on the creation time
}

type deliveryRec struct {
	bot.Delivery
	state string // pending, sent, failed
}

// Store is an in-memory bot.Store. It is safe for concurrent use; a Tx
// holds the store for its duration.
type Store struct {
	mu sync.Mutex

	lastConv   int64
	lastSeq    int64
	convs      map[int64]*bot.Conversation
	byKey      map[convKey]int64
	events     map[eventKey]struct{}
	turns      map[int64][]bot.Turn
	warnings   map[string]*warningRec
	byRef      map[refKey]string
	deliveries map[deliveryKey]*deliveryRec
	allowed    map[allowKey]time.Time
	feedback   map[feedbackKey]time.Time
	cursors    map[cursorKey]string
}

var _ bot.Store = (*Store)(nil)

// New returns an empty store.
func New() *Store {
	return &Store{
		convs: map[int64]*bot.Conversation{}, byKey: map[convKey]int64{}, events: map[eventKey]struct{}{},
		turns: map[int64][]bot.Turn{}, warnings: map[string]*warningRec{}, byRef: map[refKey]string{},
		deliveries: map[deliveryKey]*deliveryRec{}, allowed: map[allowKey]time.Time{},
		feedback: map[feedbackKey]time.Time{}, cursors: map[cursorKey]string{},
	}
}

type txKey struct{}

// tx is a transaction in progress: what to undo if it fails.
type tx struct {
	s    *Store
	undo []func()
}

// Tx runs fn holding the store; if fn fails (or panics) everything it
// changed is undone.
func (s *Store) Tx(ctx context.Context, fn func(ctx context.Context) error) (err error) {
	if t, ok := ctx.Value(txKey{}).(*tx); ok && t.s == s {
		return fn(ctx) // nested: joins the outer transaction
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t := &tx{s: s}
	done := false
	defer func() {
		if !done || err != nil {
			for i := len(t.undo) - 1; i >= 0; i-- {
				t.undo[i]()
			}
		}
	}()
	err = fn(context.WithValue(ctx, txKey{}, t))
	done = true
	return err
}

// lock takes the store unless ctx is inside one of its transactions; it
// returns that transaction (nil outside one) and the unlock.
func (s *Store) lock(ctx context.Context) (*tx, func()) {
	if t, ok := ctx.Value(txKey{}).(*tx); ok && t.s == s {
		return t, func() {}
	}
	s.mu.Lock()
	return nil, s.mu.Unlock
}

// onUndo records how to undo a change made inside a transaction.
func (t *tx) onUndo(f func()) {
	if t != nil {
		t.undo = append(t.undo, f)
	}
}

// at keeps what the SQL store keeps of a time: milliseconds, in UTC.
func at(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return time.UnixMilli(t.UnixMilli()).UTC()
}

func ms(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// stored is the copy of c the store keeps.
func stored(c *bot.Conversation) *bot.Conversation {
	cp := *c
	cp.Sender.MessageRequest = false // the SQL store has no column for it
	cp.FirstSeen, cp.LastSeen, cp.StoredAt = at(c.FirstSeen), at(c.LastSeen), at(c.StoredAt)
	return &cp
}

func copyWarning(w *bot.Warning) *bot.Warning {
	cp := *w
	cp.Created = at(w.Created)
	cp.Reasons = make([]detectors.Reason, len(w.Reasons))
	for i, r := range w.Reasons {
		r.Args = maps.Clone(r.Args)
		r.Spans = slices.Clone(r.Spans)
		cp.Reasons[i] = r
	}
	if w.Reasons == nil {
		cp.Reasons = nil
	}
	return &cp
}

// Conversation looks one up by its natural key.
func (s *Store) Conversation(ctx context.Context, owner, platform, key string) (*bot.Conversation, error) {
	_, unlock := s.lock(ctx)
	defer unlock()
	id, ok := s.byKey[convKey{owner, platform, key}]
	if !ok {
		return nil, bot.ErrNotFound
	}
	cp := *s.convs[id]
	return &cp, nil
}

// ConversationByID looks one up by its ID.
func (s *Store) ConversationByID(ctx context.Context, id int64) (*bot.Conversation, error) {
	_, unlock := s.lock(ctx)
	defer unlock()
	c, ok := s.convs[id]
	if !ok {
		return nil, bot.ErrNotFound
	}
	cp := *c
	return &cp, nil
}

// CountConversations counts an owner's conversations by state.
func (s *Store) CountConversations(ctx context.Context, owner string) (map[string]int, error) {
	_, unlock := s.lock(ctx)
	defer unlock()
	out := map[string]int{}
	for _, c := range s.convs {
		if c.Owner == owner {
			out[c.State]++
		}
	}
	return out, nil
}

// SaveConversation inserts (ID 0) or updates what may change: the sender,
// the last time seen, the state and the counters.
func (s *Store) SaveConversation(ctx context.Context, c *bot.Conversation) error {
	t, unlock := s.lock(ctx)
	defer unlock()
	if c.ID == 0 {
		k := convKey{c.Owner, c.Platform, c.Key}
		if _, ok := s.byKey[k]; ok {
			return fmt.Errorf("conversation %s/%s: %w (%w)", c.Platform, c.Key, ErrExists, bot.ErrConflict)
		}
		s.lastConv++
		id := s.lastConv
		cp := stored(c)
		cp.ID, cp.Purged = id, false
		cp.Version = 0
		s.convs[id], s.byKey[k] = cp, id
		c.ID, c.Version = id, 0
		t.onUndo(func() { delete(s.convs, id); delete(s.byKey, k); c.ID = 0 })
		return nil
	}
	old, ok := s.convs[c.ID]
	if !ok {
		return fmt.Errorf("conversation %d: %w", c.ID, bot.ErrNotFound)
	}
	if old.Version != c.Version {
		return fmt.Errorf("conversation %d: %w", c.ID, bot.ErrConflict)
	}
	prev := *old
	n := stored(c)
	old.Sender, old.LastSeen, old.State, old.TurnCount, old.Level, old.Warnings = n.Sender, n.LastSeen, n.State, n.TurnCount, n.Level, n.Warnings
	old.Version++
	c.Version++
	t.onUndo(func() { *old = prev; c.Version-- })
	return nil
}

// MarkEvent records an event ID; false means it was seen before.
func (s *Store) MarkEvent(ctx context.Context, convID int64, eventID string) (bool, error) {
	t, unlock := s.lock(ctx)
	defer unlock()
	if _, ok := s.convs[convID]; !ok {
		return false, fmt.Errorf("event of conversation %d: %w", convID, ErrMissing)
	}
	k := eventKey{convID, eventID}
	if _, ok := s.events[k]; ok {
		return false, nil
	}
	s.events[k] = struct{}{}
	t.onUndo(func() { delete(s.events, k) })
	return true, nil
}

// Turns returns a conversation's turns by sequence, redacted ones marked
// and without text.
func (s *Store) Turns(ctx context.Context, convID int64) ([]bot.Turn, error) {
	_, unlock := s.lock(ctx)
	defer unlock()
	return slices.Clone(s.turns[convID]), nil
}

// setTurns replaces a conversation's turns, undoably.
func (s *Store) setTurns(t *tx, convID int64, turns []bot.Turn) {
	prev, had := s.turns[convID]
	s.turns[convID] = turns
	t.onUndo(func() {
		if had {
			s.turns[convID] = prev
		} else {
			delete(s.turns, convID)
		}
	})
}

// AddTurn appends a turn.
func (s *Store) AddTurn(ctx context.Context, turn *bot.Turn) error {
	t, unlock := s.lock(ctx)
	defer unlock()
	if _, ok := s.convs[turn.ConversationID]; !ok {
		return fmt.Errorf("turn of conversation %d: %w", turn.ConversationID, ErrMissing)
	}
	old := s.turns[turn.ConversationID]
	i, found := slices.BinarySearchFunc(old, turn.Seq, func(x bot.Turn, seq int) int { return x.Seq - seq })
	if found {
		return fmt.Errorf("turn %d of conversation %d: %w", turn.Seq, turn.ConversationID, ErrExists)
	}
	cp := *turn
	cp.At, cp.Redacted = at(turn.At), false
	// A new slice: copies handed out earlier stay as they were.
	s.setTurns(t, turn.ConversationID, slices.Insert(slices.Clip(old), i, cp))
	return nil
}

// changeTurns applies f to a copy of the conversation's turns whose event
// ID is eventID and that pass keep; it reports whether any did.
func (s *Store) changeTurns(t *tx, convID int64, eventID string, keep func(*bot.Turn) bool, f func(*bot.Turn)) bool {
	old := s.turns[convID]
	var turns []bot.Turn
	for i := range old {
		if old[i].EventID != eventID || !keep(&old[i]) {
			continue
		}
		if turns == nil {
			turns = slices.Clone(old)
		}
		f(&turns[i])
	}
	if turns == nil {
		return false
	}
	s.setTurns(t, convID, turns)
	return true
}

// EditTurn replaces the text (and the media, when given) of a turn that
// was not redacted.
func (s *Store) EditTurn(ctx context.Context, convID int64, eventID, text, media string) (bool, error) {
	t, unlock := s.lock(ctx)
	defer unlock()
	return s.changeTurns(t, convID, eventID, func(x *bot.Turn) bool { return !x.Redacted }, func(x *bot.Turn) {
		x.Text = text
		if media != "" {
			x.Media = media
		}
	}), nil
}

// RedactTurn marks a turn deleted by the sender and drops its text.
func (s *Store) RedactTurn(ctx context.Context, convID int64, eventID string) (bool, error) {
	t, unlock := s.lock(ctx)
	defer unlock()
	return s.changeTurns(t, convID, eventID, func(*bot.Turn) bool { return true }, func(x *bot.Turn) {
		x.Redacted, x.Text = true, ""
	}), nil
}

// AddWarning stores a warning with a pending delivery per target.
func (s *Store) AddWarning(ctx context.Context, w *bot.Warning, targets []string) error {
	t, unlock := s.lock(ctx)
	defer unlock()
	if _, ok := s.warnings[w.ID]; ok {
		return fmt.Errorf("warning %s: %w", w.ID, ErrExists)
	}
	rk := refKey{w.Owner, w.Ref}
	if _, ok := s.byRef[rk]; ok {
		return fmt.Errorf("warning ref %s: %w", w.Ref, ErrExists)
	}
	if _, ok := s.convs[w.ConversationID]; !ok && w.ConversationID != 0 {
		return fmt.Errorf("warning of conversation %d: %w", w.ConversationID, ErrMissing)
	}
	for i, tg := range targets {
		if slices.Contains(targets[:i], tg) {
			return fmt.Errorf("delivery of %s to %s: %w", w.ID, tg, ErrExists)
		}
	}
	s.lastSeq++
	s.warnings[w.ID] = &warningRec{w: *copyWarning(w), seq: s.lastSeq}
	s.byRef[rk] = w.ID
	for _, tg := range targets {
		s.deliveries[deliveryKey{w.ID, tg}] = &deliveryRec{Delivery: bot.Delivery{WarningID: w.ID, Target: tg}, state: "pending"}
	}
	t.onUndo(func() {
		delete(s.warnings, w.ID)
		delete(s.byRef, rk)
		for _, tg := range targets {
			delete(s.deliveries, deliveryKey{w.ID, tg})
		}
	})
	return nil
}

// Warning looks a warning up by ID.
func (s *Store) Warning(ctx context.Context, id string) (*bot.Warning, error) {
	_, unlock := s.lock(ctx)
	defer unlock()
	r, ok := s.warnings[id]
	if !ok {
		return nil, bot.ErrNotFound
	}
	return copyWarning(&r.w), nil
}

// WarningByRef looks a warning up by the short reference the owner saw.
func (s *Store) WarningByRef(ctx context.Context, owner, ref string) (*bot.Warning, error) {
	_, unlock := s.lock(ctx)
	defer unlock()
	id, ok := s.byRef[refKey{owner, ref}]
	if !ok {
		return nil, bot.ErrNotFound
	}
	return copyWarning(&s.warnings[id].w), nil
}

// newestFirst orders warning records by creation time, newest first.
func newestFirst(a, b *warningRec) int {
	if c := b.w.Created.Compare(a.w.Created); c != 0 {
		return c
	}
	return int(b.seq - a.seq)
}

// RecentWarnings returns an owner's newest warnings first.
func (s *Store) RecentWarnings(ctx context.Context, owner string, limit int) ([]bot.Warning, error) {
	_, unlock := s.lock(ctx)
	defer unlock()
	var recs []*warningRec
	for _, r := range s.warnings {
		if r.w.Owner == owner {
			recs = append(recs, r)
		}
	}
	slices.SortFunc(recs, newestFirst)
	out := make([]bot.Warning, 0, min(limit, len(recs)))
	for _, r := range recs[:min(limit, len(recs))] {
		out = append(out, *copyWarning(&r.w))
	}
	return out, nil
}

// pending lists the pending deliveries that pass keep, sorted by cmp.
func (s *Store) pending(keep func(*deliveryRec) bool, cmp func(a, b *deliveryRec) int) []*deliveryRec {
	var out []*deliveryRec
	for _, d := range s.deliveries {
		if d.state == "pending" && keep(d) {
			out = append(out, d)
		}
	}
	slices.SortFunc(out, cmp)
	return out
}

func (s *Store) oldestFirst(a, b *deliveryRec) int {
	wa, wb := s.warnings[a.WarningID], s.warnings[b.WarningID]
	if c := wa.w.Created.Compare(wb.w.Created); c != 0 {
		return c
	}
	if c := int(wa.seq - wb.seq); c != 0 {
		return c
	}
	return strings.Compare(a.Target, b.Target)
}

func deliveries(recs []*deliveryRec) []bot.Delivery {
	out := make([]bot.Delivery, len(recs))
	for i, d := range recs {
		out[i] = d.Delivery
	}
	return out
}

// PendingDeliveries lists deliveries not yet sent, oldest first.
func (s *Store) PendingDeliveries(ctx context.Context) ([]bot.Delivery, error) {
	_, unlock := s.lock(ctx)
	defer unlock()
	return deliveries(s.pending(func(*deliveryRec) bool { return true }, s.oldestFirst)), nil
}

// DueDeliveries lists a target's pending deliveries that are due.
func (s *Store) DueDeliveries(ctx context.Context, target string, now time.Time, limit int) ([]bot.Delivery, error) {
	_, unlock := s.lock(ctx)
	defer unlock()
	due := s.pending(func(d *deliveryRec) bool { return d.Target == target && ms(d.NextTry) <= ms(now) },
		func(a, b *deliveryRec) int {
			if c := a.NextTry.Compare(b.NextTry); c != 0 {
				return c
			}
			return s.oldestFirst(a, b)
		})
	return deliveries(due[:min(limit, len(due))]), nil
}

// NextDeliveryTry is the earliest next try of a target's pending
// deliveries (the Unix epoch for one never tried; zero when none).
func (s *Store) NextDeliveryTry(ctx context.Context, target string) (time.Time, error) {
	_, unlock := s.lock(ctx)
	defer unlock()
	var next time.Time
	found := false
	for _, d := range s.deliveries {
		if d.state == "pending" && d.Target == target && (!found || ms(d.NextTry) < ms(next)) {
			next, found = d.NextTry, true
		}
	}
	if !found {
		return time.Time{}, nil
	}
	return time.UnixMilli(ms(next)).UTC(), nil
}

// markDelivery changes a delivery, undoably; a missing one is no error
// (as an UPDATE of no row).
func (s *Store) markDelivery(ctx context.Context, warningID, target string, onlyPending bool, f func(d *deliveryRec)) error {
	t, unlock := s.lock(ctx)
	defer unlock()
	d, ok := s.deliveries[deliveryKey{warningID, target}]
	// A failure changes only a pending delivery: a late mark from a send
	// that hung does not undo one that was settled.
	if !ok || onlyPending && d.state != "pending" {
		return nil
	}
	prev := *d
	f(d)
	d.Attempts++
	t.onUndo(func() { *d = prev })
	return nil
}

// MarkSent records a successful delivery.
func (s *Store) MarkSent(ctx context.Context, warningID, target string, _ time.Time) error {
	return s.markDelivery(ctx, warningID, target, false, func(d *deliveryRec) { d.state, d.LastError = "sent", "" })
}

// MarkFailed records a failed attempt and when to try again.
func (s *Store) MarkFailed(ctx context.Context, warningID, target, reason string, next time.Time) error {
	return s.markDelivery(ctx, warningID, target, true, func(d *deliveryRec) { d.LastError, d.NextTry = reason, at(next) })
}

// MarkUndeliverable records that a delivery failed for good.
func (s *Store) MarkUndeliverable(ctx context.Context, warningID, target, reason string, when time.Time) error {
	return s.markDelivery(ctx, warningID, target, true, func(d *deliveryRec) {
		d.state, d.LastError, d.NextTry = "failed", reason, at(when)
	})
}

// FailedDeliveries lists an owner's warnings that failed for good.
func (s *Store) FailedDeliveries(ctx context.Context, owner string, limit int) ([]bot.Delivery, error) {
	_, unlock := s.lock(ctx)
	defer unlock()
	var recs []*deliveryRec
	for _, d := range s.deliveries {
		if w := s.warnings[d.WarningID]; d.state == "failed" && w.w.Owner == owner && w.w.Notice == "" {
			recs = append(recs, d)
		}
	}
	slices.SortFunc(recs, func(a, b *deliveryRec) int { return s.oldestFirst(b, a) })
	out := deliveries(recs[:min(limit, len(recs))])
	for i := range out {
		out[i].Ref = s.warnings[out[i].WarningID].w.Ref
	}
	return out, nil
}

// Allowed tells whether the owner allowed this sender.
func (s *Store) Allowed(ctx context.Context, owner, platform, senderID string) (bool, error) {
	_, unlock := s.lock(ctx)
	defer unlock()
	_, ok := s.allowed[allowKey{owner, platform, senderID}]
	_, everywhere := s.allowed[allowKey{owner, "", senderID}]
	return ok || everywhere, nil
}

// Allow records a sender the owner knows; every conversation watched with
// them becomes known.
func (s *Store) Allow(ctx context.Context, owner, platform, senderID string, when time.Time) error {
	t, unlock := s.lock(ctx)
	defer unlock()
	k := allowKey{owner, platform, senderID}
	if _, ok := s.allowed[k]; !ok {
		s.allowed[k] = at(when)
		t.onUndo(func() { delete(s.allowed, k) })
	}
	for _, c := range s.convs {
		same := c.Platform == platform && c.Sender.ID == senderID ||
			platform == "" && (c.Sender.ID == senderID || c.Sender.Phone == senderID)
		if c.Owner == owner && same && c.State == bot.StateWatching {
			c.State = bot.StateKnown
			c.Version++
			t.onUndo(func() { c.State = bot.StateWatching; c.Version-- })
		}
	}
	return nil
}

// AddFeedback records what the owner said about a warning (once).
func (s *Store) AddFeedback(ctx context.Context, f bot.Feedback) error {
	t, unlock := s.lock(ctx)
	defer unlock()
	k := feedbackKey{f.Owner, f.WarningID, f.Kind}
	if _, ok := s.feedback[k]; !ok {
		s.feedback[k] = at(f.At)
		t.onUndo(func() { delete(s.feedback, k) })
	}
	return nil
}

// Feedbacks lists what the owner said about a warning, oldest first.
func (s *Store) Feedbacks(ctx context.Context, owner, warningID string) ([]bot.Feedback, error) {
	_, unlock := s.lock(ctx)
	defer unlock()
	var out []bot.Feedback
	for k, when := range s.feedback {
		if k.owner == owner && k.warning == warningID {
			out = append(out, bot.Feedback{Owner: owner, WarningID: warningID, Kind: k.kind, At: when})
		}
	}
	slices.SortFunc(out, func(a, b bot.Feedback) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return strings.Compare(a.Kind, b.Kind)
	})
	return out, nil
}

// Cursor reads an adapter's saved position ("" when none).
func (s *Store) Cursor(ctx context.Context, owner, adapter, key string) (string, error) {
	_, unlock := s.lock(ctx)
	defer unlock()
	return s.cursors[cursorKey{owner, adapter, key}], nil
}

// setCursor sets (or, with del, deletes) a cursor, undoably.
func (s *Store) setCursor(ctx context.Context, k cursorKey, value string, del bool) {
	t, unlock := s.lock(ctx)
	defer unlock()
	prev, had := s.cursors[k]
	if del {
		delete(s.cursors, k)
	} else {
		s.cursors[k] = value
	}
	t.onUndo(func() {
		if had {
			s.cursors[k] = prev
		} else {
			delete(s.cursors, k)
		}
	})
}

// SetCursor saves an adapter's position.
func (s *Store) SetCursor(ctx context.Context, owner, adapter, key, value string) error {
	s.setCursor(ctx, cursorKey{owner, adapter, key}, value, false)
	return nil
}

// DeleteCursor removes a saved position.
func (s *Store) DeleteCursor(ctx context.Context, owner, adapter, key string) error {
	s.setCursor(ctx, cursorKey{owner, adapter, key}, "", true)
	return nil
}

// CursorsWithPrefix lists an adapter's saved values whose name starts
// with prefix, by name.
func (s *Store) CursorsWithPrefix(ctx context.Context, owner, adapter, prefix string) (map[string]string, error) {
	_, unlock := s.lock(ctx)
	defer unlock()
	out := map[string]string{}
	for k, v := range s.cursors {
		if k.owner == owner && k.adapter == adapter && strings.HasPrefix(k.name, prefix) {
			out[k.name] = v
		}
	}
	return out, nil
}

// purgeTime is when a conversation's retention runs from: when it was
// stored (or, for a row without that time, its first message).
func purgeTime(c *bot.Conversation) time.Time {
	if !c.StoredAt.IsZero() {
		return c.StoredAt
	}
	return c.FirstSeen
}

// waiting lists the conversations with a warning that waits to be
// delivered: it quotes their text, which is kept until it is sent.
func (s *Store) waiting() map[int64]bool {
	out := map[int64]bool{}
	for _, d := range s.deliveries {
		if d.state == "pending" {
			out[s.warnings[d.WarningID].w.ConversationID] = true
		}
	}
	return out
}

// NextPurge returns the earliest time that a purgeable conversation's
// retention runs from (zero when there is none).
func (s *Store) NextPurge(ctx context.Context) (time.Time, error) {
	_, unlock := s.lock(ctx)
	defer unlock()
	var first time.Time
	waiting := s.waiting()
	for _, c := range s.convs {
		if pt := purgeTime(c); !c.Purged && !waiting[c.ID] && (first.IsZero() || pt.Before(first)) {
			first = pt
		}
	}
	return first, nil
}

// Purge drops the stored text of conversations whose retention runs from
// before the cutoff: turn text, and the evidence quoted in their warnings.
func (s *Store) Purge(ctx context.Context, before time.Time) (int, error) {
	n := 0
	err := s.Tx(ctx, func(ctx context.Context) error {
		t, _ := ctx.Value(txKey{}).(*tx)
		waiting := s.waiting()
		purged := map[int64]bool{}
		for _, c := range s.convs {
			if c.Purged || waiting[c.ID] || ms(purgeTime(c)) >= ms(before) {
				continue
			}
			purged[c.ID] = true
			c.Purged = true
			c.Version++
			t.onUndo(func() { c.Purged = false; c.Version-- })
			turns := slices.Clone(s.turns[c.ID])
			for i := range turns {
				turns[i].Text = ""
			}
			s.setTurns(t, c.ID, turns)
		}
		for _, r := range s.warnings {
			if !purged[r.w.ConversationID] {
				continue
			}
			prev := r.w
			r.w.Sender = bot.Sender{}
			r.w.Reasons = slices.Clone(r.w.Reasons)
			for i := range r.w.Reasons {
				r.w.Reasons[i].Evidence, r.w.Reasons[i].Detail, r.w.Reasons[i].Args = "", "", nil
			}
			t.onUndo(func() { r.w = prev })
		}
		n = len(purged)
		return nil
	})
	return n, err
}

// Probe always succeeds: memory takes writes.
func (s *Store) Probe(ctx context.Context) error {
	return s.SetCursor(ctx, "", "silentguard", "write-probe", time.Now().UTC().Format(time.RFC3339Nano))
}

// Forget deletes everything stored about one owner.
func (s *Store) Forget(ctx context.Context, owner string) error {
	t, unlock := s.lock(ctx)
	defer unlock()
	for id, r := range s.warnings {
		if r.w.Owner != owner {
			continue
		}
		for k := range s.deliveries {
			if k.warning == id {
				drop(t, s.deliveries, k)
			}
		}
		drop(t, s.byRef, refKey{owner, r.w.Ref})
		drop(t, s.warnings, id)
	}
	for id, c := range s.convs {
		if c.Owner != owner {
			continue
		}
		for k := range s.events {
			if k.conv == id {
				drop(t, s.events, k)
			}
		}
		drop(t, s.turns, id)
		drop(t, s.byKey, convKey{c.Owner, c.Platform, c.Key})
		drop(t, s.convs, id)
	}
	dropIf(t, s.allowed, func(k allowKey) bool { return k.owner == owner })
	dropIf(t, s.feedback, func(k feedbackKey) bool { return k.owner == owner })
	dropIf(t, s.cursors, func(k cursorKey) bool { return k.owner == owner })
	return nil
}

// drop deletes m[k], undoably.
func drop[K comparable, V any](t *tx, m map[K]V, k K) {
	v, ok := m[k]
	if !ok {
		return
	}
	delete(m, k)
	t.onUndo(func() { m[k] = v })
}

// dropIf deletes the entries whose key passes f, undoably.
func dropIf[K comparable, V any](t *tx, m map[K]V, f func(K) bool) {
	for k := range m {
		if f(k) {
			drop(t, m, k)
		}
	}
}

// Close does nothing: there is nothing to release.
func (s *Store) Close() error { return nil }
