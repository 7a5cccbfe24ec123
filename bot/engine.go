package bot

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rs/zerolog"

	"github.com/silentguard/silentguard/bot/warntext"
	"github.com/silentguard/silentguard/detectors"
	"github.com/silentguard/silentguard/internal/failpoint"
)

// Owner is one protected person, as the core needs them.
type Owner struct {
	ID        string
	Names     []string
	Country   string
	Languages []string
	Location  *time.Location
	// Known holds allow-list and address-book identities: E.164 phone
	// numbers, Matrix IDs, "telegram:<id>".
	Known map[string]bool
	// Targets are the owner's notification targets, in order.
	Targets []Target
}

// Lang is the owner's preferred language that warnings are written in.
func (o *Owner) Lang() string {
	// The first the warnings can be written in: an owner who reads
	// Polish and Italian gets Italian, not the fallback, English.
	for _, l := range o.Languages {
		base, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(l)), "-")
		base, _, _ = strings.Cut(base, "_")
		if warntext.Resolve(base) == base {
			return base
		}
	}
	return warntext.Resolve("")
}

// detectorOwner is what the detectors know of the owner.
func (o *Owner) detectorOwner() detectors.Owner {
	return detectors.Owner{Names: o.Names, Country: o.Country, Languages: o.Languages}
}

// Target is a named notifier of one owner.
type Target struct {
	Name     string
	Notifier Notifier
	// Kind is the notifier's type ("console", "ntfy", ...), for metrics.
	Kind string
}

// Notifier delivers a warning to its owner. It must never address anyone
// else. Warn is called again with the same Warning.ID after a failure or a
// restart; notifiers that can de-duplicate by it should.
type Notifier interface {
	Warn(ctx context.Context, w *Warning) error
}

// Policy is the watch and alert policy.
type Policy struct {
	// Window is how long after its first turn a conversation is watched.
	Window time.Duration
	// MaxMessages is how many turns (both sides) are watched.
	MaxMessages int
	// Retention is how long turn text is kept after the window closes.
	Retention time.Duration
	// MinLevel is the lowest verdict level that notifies the owner.
	MinLevel detectors.Level
}

// Result tells an adapter what became of a message.
type Result struct {
	// Duplicate: the event ID was seen before; nothing changed.
	Duplicate bool
	// Watched: the conversation is being judged.
	Watched bool
	// State of the conversation after this message.
	State   string
	Verdict detectors.Verdict
	// Warning is set when this message made the core warn the owner.
	Warning *Warning
	// Judged: the detectors judged the conversation with this message
	// (Verdict is theirs).
	Judged bool
}

// InputError is a malformed message; Field names the culprit.
type InputError struct {
	Field string
	Err   error
}

func (e *InputError) Error() string { return e.Field + ": " + e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

// Errors of the core.
var (
	ErrUnknownOwner = errors.New("unknown owner")
	ErrEmpty        = errors.New("empty")
	ErrInvalid      = errors.New("invalid")
)

// Options configure an Engine.
type Options struct {
	Store     Store
	Detectors *detectors.Registry
	Policy    Policy
	Delivery  DeliveryOptions
	Log       zerolog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// LogSensitive logs message text and senders at debug level. Off by
	// default: text and phone numbers stay out of logs.
	LogSensitive bool
	// Observer is told what happens, for metrics; nil tells no one.
	Observer Observer
}

// Engine is the core. It is safe for concurrent use.
type Engine struct {
	store     Store
	sensitive bool
	// det is replaced as a whole when the config is reloaded.
	det      atomic.Pointer[detectors.Registry]
	policy   Policy
	obs      Observer
	log      zerolog.Logger
	now      func() time.Time
	delivery *delivery
	health   *health

	mu     sync.RWMutex
	owners map[string]*Owner

	convLocks convLocks
	cache     *convCache
	// activity counts messages handled and warnings delivered.
	activity atomic.Uint64

	// purgePlan is when RunPurge plans its next sweep (Unix nanoseconds;
	// 0 when it is not running); purgeWake wakes it sooner.
	purgePlan atomic.Int64
	purgeWake chan struct{}
}

// New builds an engine; call Start to begin delivering warnings.
func New(opts Options) *Engine {
	e := &Engine{
		store:     opts.Store,
		sensitive: opts.LogSensitive,
		policy:    opts.Policy,
		obs:       opts.Observer,
		log:       opts.Log,
		now:       opts.Now,
		owners:    map[string]*Owner{},
		convLocks: convLocks{m: map[string]*convLock{}},
		cache:     newConvCache(),
		purgeWake: make(chan struct{}, 1),
	}
	if e.now == nil {
		e.now = time.Now
	}
	if e.obs == nil {
		e.obs = nopObserver{}
	}
	e.det.Store(opts.Detectors)
	e.delivery = newDelivery(e, opts.Delivery)
	e.health = newHealth(e)
	return e
}

// AddOwner registers (or replaces) an owner. A message being handled
// keeps the owner it started with; the next one gets the new.
func (e *Engine) AddOwner(o *Owner) {
	e.mu.Lock()
	e.owners[o.ID] = o
	e.mu.Unlock()
}

// RemoveOwner forgets one owner, as SetOwners without them: their
// messages are refused as from an unknown owner, and their queued
// warnings are set aside (no target of theirs is configured any more).
// What is stored stays (see Forget).
func (e *Engine) RemoveOwner(id string) {
	e.mu.Lock()
	delete(e.owners, id)
	owners := make(map[string]*Owner, len(e.owners))
	targets := map[string]bool{}
	for k, o := range e.owners {
		owners[k] = o
		for _, t := range o.Targets {
			targets[targetKey(o.ID, t.Name)] = true
		}
	}
	e.mu.Unlock()
	e.health.keepOnly(owners, targets)
}

// SetOwners replaces the owners at once (a reloaded config). Owners left
// out are forgotten: their messages are refused as from an unknown owner,
// and the health of their adapters is dropped; so are the failing marks
// of targets no longer configured. What is stored stays (see Forget).
func (e *Engine) SetOwners(owners []*Owner) {
	m := make(map[string]*Owner, len(owners))
	targets := map[string]bool{}
	for _, o := range owners {
		m[o.ID] = o
		for _, t := range o.Targets {
			targets[targetKey(o.ID, t.Name)] = true
		}
	}
	e.mu.Lock()
	e.owners = m
	e.mu.Unlock()
	e.health.keepOnly(m, targets)
}

// SetDetectors replaces the detectors (a reloaded config's weights): the
// messages judged from now on use them.
func (e *Engine) SetDetectors(r *detectors.Registry) { e.det.Store(r) }

// Owner returns a registered owner, or nil.
func (e *Engine) Owner(id string) *Owner {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.owners[id]
}

// Owners lists the registered owner ids.
func (e *Engine) Owners() []string {
	e.mu.RLock()
	defer e.mu.RUnlock()
	ids := make([]string, 0, len(e.owners))
	for id := range e.owners {
		ids = append(ids, id)
	}
	return ids
}

// Activity counts the messages handled and the warnings delivered so far:
// while it does not move, the engine is idle.
func (e *Engine) Activity() uint64 { return e.activity.Load() }

// DropCaches forgets what the engine keeps only to be fast under load:
// the conversations it handled last. The next message of one reads it
// from the store again. Called once the engine is idle, so that a burst
// does not leave the process sized for the next one.
func (e *Engine) DropCaches() { e.cache.clear() }

// CachedConversations counts the conversations the engine keeps in
// memory (for tests and diagnostics).
func (e *Engine) CachedConversations() int { return e.cache.len() }

// Store is the engine's store, for the wiring and the owner page;
// adapters get the narrower Core.
func (e *Engine) Store() Store { return e.store }

// Start delivers pending warnings (left by an earlier run) and new ones
// until ctx ends; sends in flight then get DeliveryOptions.StopGrace to
// finish. An engine is started once.
func (e *Engine) Start(ctx context.Context) error { return e.delivery.start(ctx) }

// Wait blocks until the delivery workers have stopped (after Start's ctx
// ended: at most the stop grace and an attempt's timeout).
func (e *Engine) Wait() { e.delivery.wait() }

func validate(m *Message, now time.Time) error {
	switch {
	case m.Owner == "":
		return &InputError{"owner", ErrEmpty}
	case m.Platform == "":
		return &InputError{"platform", ErrEmpty}
	case m.ConversationKey == "":
		return &InputError{"conversation", ErrEmpty}
	case m.EventID == "":
		return &InputError{"id", ErrEmpty}
	case len(m.EventID) > 512:
		return &InputError{"id", fmt.Errorf("%w: longer than 512 bytes", ErrInvalid)}
	case !m.FromOwner && m.Sender.ID == "":
		return &InputError{"from", ErrEmpty}
	case m.Text == "" && m.Media == "" && m.Redacts == "":
		return &InputError{"text", ErrEmpty}
	case len(m.Text) > 64<<10:
		return &InputError{"text", fmt.Errorf("%w: longer than 64 KiB", ErrInvalid)}
	}
	switch m.Media {
	case detectors.MediaNone, detectors.MediaPhoto, detectors.MediaVoice, detectors.MediaVideo,
		detectors.MediaSticker, detectors.MediaContact, detectors.MediaFile:
	default:
		return &InputError{"media", fmt.Errorf("%w: %q", ErrInvalid, m.Media)}
	}
	if m.At.IsZero() {
		m.At = now
	}
	return nil
}

// maxConflicts is how many times Handle judges a message again when its
// conversation changed between the read and the write (an !allow, a purge,
// another process).
const maxConflicts = 3

// errDuplicate rolls back the write of an event seen before.
var errDuplicate = errors.New("duplicate event")

// Handle takes one message from an adapter. When it returns nil, the
// message and any warning it caused are stored (committed); delivery
// follows. A malformed message gives an *InputError.
//
// Messages of one conversation are handled one at a time, in the order
// they come; others run alongside. Each reads its conversation, runs the
// detectors without holding the store, and then writes what it decided in
// one transaction, which the store may share with other messages' (group
// commit).
func (e *Engine) Handle(ctx context.Context, m Message) (Result, error) {
	if err := validate(&m, e.now()); err != nil {
		return Result{}, err
	}
	owner := e.Owner(m.Owner)
	if owner == nil {
		return Result{}, &InputError{"owner", fmt.Errorf("%w %q", ErrUnknownOwner, m.Owner)}
	}
	key := m.Owner + "\x00" + m.Platform + "\x00" + m.ConversationKey
	unlock := e.convLocks.lock(key)
	var res Result
	var err error
	for range maxConflicts {
		if res, err = e.handle(ctx, owner, key, &m); err == nil {
			break
		}
		// Whatever failed, the next attempt reads the conversation.
		e.cache.drop(key)
		if !errors.Is(err, ErrConflict) {
			break
		}
	}
	unlock()
	if err != nil {
		return Result{}, fmt.Errorf("handle %s event: %w", m.Platform, err)
	}
	failpoint.Hit("ingest.after-commit")
	e.activity.Add(1)
	if !res.Duplicate {
		e.obs.MessageReceived(m.Platform)
		if res.Judged {
			e.obs.Judged(res.Verdict.Level)
		}
		if res.Judged && res.Verdict.Fault != "" {
			// A detector bug: the verdict lacks what failed, which must
			// not pass for "nothing found". The fault names code, not text.
			e.log.Error().Str("owner", owner.ID).Str("platform", m.Platform).Str("fault", res.Verdict.Fault).
				Msg("The detectors failed on a message, which was judged without them (a bug: please report this line)")
			e.obs.DetectorFailed()
		}
	}
	// Whatever this stored is due no sooner than that.
	e.wakePurge(e.now().Add(e.policy.Window + e.policy.Retention))
	if e.sensitive {
		e.log.Debug().Str("owner", owner.ID).Str("platform", m.Platform).Str("sender", m.Sender.ID).
			Str("phone", m.Sender.Phone).Str("message_text", m.Text).Stringer("verdict_level", res.Verdict.Level).
			Float64("score", res.Verdict.Score).Msg("Message (log.sensitive is on)")
	}
	if res.Warning != nil {
		e.log.Info().Str("owner", owner.ID).Str("warning", res.Warning.ID).Str("ref", res.Warning.Ref).
			Stringer("warning_level", res.Warning.Level).Str("kind", res.Warning.Kind).Bool("escalation", res.Warning.Escalation).
			Msg("Warning decided")
		e.delivery.enqueue(res.Warning)
	}
	return res, nil
}

// policyTime is when a message counts for the watch window and retention:
// its platform time, but never later than its arrival. A time in the
// future (a phone's wrong clock, a forged field) would keep a conversation
// watched, and its text stored, for ever. The turn keeps the platform time
// for display.
func policyTime(platform, arrived time.Time) time.Time {
	if platform.After(arrived) {
		return arrived
	}
	return platform
}

// storedTime is a time as a store keeps it (to the millisecond, in UTC):
// a new turn is judged as it will be read back.
func storedTime(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return time.UnixMilli(t.UnixMilli()).UTC()
}

// change is what a message does to its conversation, decided before the
// write.
type change struct {
	conv  *Conversation
	fresh bool // the conversation is new: insert it
	// At most one of these.
	redact bool
	edit   bool // the edited turn exists and is not redacted
	turn   *Turn
	// judged: the detectors ran (the crash tests' ingest.before-commit).
	judged  bool
	warning *Warning
}

// handle reads the conversation (unless it is cached), applies the
// policies and the detectors to it, and writes the outcome. It returns
// ErrConflict when the conversation changed in between.
func (e *Engine) handle(ctx context.Context, owner *Owner, key string, m *Message) (Result, error) {
	at := policyTime(m.At, e.now())
	ch := change{}
	conv, turns, turnsKnown, cached := e.cache.get(key)
	var err error
	if !cached {
		conv, err = e.store.Conversation(ctx, m.Owner, m.Platform, m.ConversationKey)
	}
	switch {
	case errors.Is(err, ErrNotFound):
		if m.Group || m.EditOf != "" || m.Redacts != "" {
			// Groups are never watched, and an edit or deletion of a
			// message we never saw has nothing to act on.
			return Result{}, nil
		}
		state, err := e.firstState(ctx, owner, m)
		if err != nil {
			return Result{}, err
		}
		conv = &Conversation{
			Owner: m.Owner, Platform: m.Platform, Key: m.ConversationKey, Sender: m.Sender,
			FirstSeen: at, LastSeen: at, StoredAt: e.now(), State: state,
		}
		ch.fresh, turnsKnown = true, true
	case err != nil:
		return Result{}, fmt.Errorf("load conversation: %w", err)
	}
	ch.conv = conv
	duplicate := Result{Duplicate: true, State: conv.State}
	if !m.FromOwner && m.Sender.ID != "" {
		// Bridges fill in a ghost's name or number later; keep the newest.
		mergeSender(&conv.Sender, m.Sender)
	}
	if at.After(conv.LastSeen) {
		conv.LastSeen = at
	}
	// The allow-list can name a number the bridge only filled in now;
	// senders allowed with !allow are marked known in all their
	// conversations by Allow, so the store need not be asked here.
	if conv.State == StateWatching && (owner.Known[conv.Sender.ID] || (conv.Sender.Phone != "" && owner.Known[conv.Sender.Phone])) {
		conv.State = StateKnown
	}
	if conv.State == StateWatching && m.EditOf == "" && m.Redacts == "" &&
		(conv.TurnCount >= e.policy.MaxMessages || at.Sub(conv.FirstSeen) > e.policy.Window) {
		conv.State = StateClosed
	}
	// A purged conversation is over, whatever time a late message or an
	// edit carries: text stored now would never be purged.
	if conv.State == StateWatching && conv.Purged {
		conv.State = StateClosed
	}
	res := Result{State: conv.State, Watched: conv.State == StateWatching}
	if res.Watched && m.Redacts != "" {
		ch.redact = true
		for i := range turns {
			if turns[i].EventID == m.Redacts {
				turns[i].Redacted, turns[i].Text = true, ""
			}
		}
	} else if res.Watched {
		if !turnsKnown {
			if turns, err = e.store.Turns(ctx, conv.ID); err != nil {
				return Result{}, fmt.Errorf("load turns: %w", err)
			}
			turnsKnown = true
		}
		if m.EditOf == "" {
			for i := range turns {
				if turns[i].EventID == m.EventID {
					return duplicate, nil
				}
			}
			t := Turn{Seq: conv.TurnCount, EventID: m.EventID, FromOwner: m.FromOwner, Text: m.Text, Media: m.Media, At: storedTime(m.At)}
			turns = append(turns, t)
			ch.turn = &t
			conv.TurnCount++
		} else {
			for i := range turns {
				if turns[i].EventID == m.EditOf && !turns[i].Redacted {
					turns[i].Text = m.Text
					if m.Media != "" {
						turns[i].Media = m.Media
					}
					ch.edit = true
				}
			}
		}
		if ch.turn != nil || ch.edit {
			dc := detectorConversation(owner, conv, turns)
			res.Verdict = e.det.Load().Evaluate(&dc)
			ch.judged, res.Judged = true, true
			if escalation, warn := Decide(conv, res.Verdict, e.policy.MinLevel); warn && !m.Quiet {
				ch.warning = e.newWarning(owner, conv, res.Verdict, escalation)
				conv.Level = res.Verdict.Level
				conv.Warnings++
				res.Warning = ch.warning
			}
		}
	}
	err = e.store.Tx(ctx, func(ctx context.Context) error { return e.write(ctx, owner, m, &ch) })
	if err != nil && ch.warning != nil {
		e.delivery.fresh.drop(ch.warning.ID)
	}
	if errors.Is(err, errDuplicate) {
		e.cache.drop(key) // conv holds changes that were not stored
		return duplicate, nil
	}
	if err != nil {
		return Result{}, err
	}
	e.cache.put(key, conv, turns, turnsKnown)
	return res, nil
}

// write stores a change: it runs inside the store's transaction, so it
// only writes.
func (e *Engine) write(ctx context.Context, owner *Owner, m *Message, ch *change) error {
	c := ch.conv
	if err := e.store.SaveConversation(ctx, c); errors.Is(err, ErrNotFound) {
		return fmt.Errorf("save conversation: %w (it is gone)", ErrConflict)
	} else if err != nil {
		return fmt.Errorf("save conversation: %w", err)
	}
	if fresh, err := e.store.MarkEvent(ctx, c.ID, m.EventID); err != nil {
		return fmt.Errorf("mark event: %w", err)
	} else if !fresh {
		return errDuplicate
	}
	switch {
	case ch.redact:
		if _, err := e.store.RedactTurn(ctx, c.ID, m.Redacts); err != nil {
			return fmt.Errorf("redact turn: %w", err)
		}
	case ch.edit:
		if _, err := e.store.EditTurn(ctx, c.ID, m.EditOf, m.Text, m.Media); err != nil {
			return fmt.Errorf("edit turn: %w", err)
		}
	case ch.turn != nil:
		ch.turn.ConversationID = c.ID
		if err := e.store.AddTurn(ctx, ch.turn); err != nil {
			return fmt.Errorf("add turn: %w", err)
		}
	}
	if w := ch.warning; w != nil {
		w.ConversationID = c.ID
		if err := e.storeWarning(ctx, owner, w); err != nil {
			return err
		}
		// Hand it to delivery before the commit: a worker may read its
		// queue as soon as the commit is done. handle takes it back if
		// the write fails.
		e.delivery.fresh.add(w, len(owner.Targets))
	}
	if ch.judged {
		failpoint.Hit("ingest.before-commit")
	}
	return nil
}

// firstState is the watch policy for a conversation's first message.
func (e *Engine) firstState(ctx context.Context, owner *Owner, m *Message) (string, error) {
	if m.FromOwner {
		return StateOwnerStarted, nil
	}
	known, err := e.isKnown(ctx, owner, m.Platform, m.Sender)
	if err != nil {
		return "", err
	}
	if known {
		return StateKnown, nil
	}
	return StateWatching, nil
}

func (e *Engine) isKnown(ctx context.Context, owner *Owner, platform string, s Sender) (bool, error) {
	if owner.Known[s.ID] || (s.Phone != "" && owner.Known[s.Phone]) {
		return true, nil
	}
	ok, err := e.store.Allowed(ctx, owner.ID, platform, s.ID)
	if err == nil && !ok && s.Phone != "" && s.Phone != s.ID {
		// A number allowed everywhere (AllowSender) also covers a bridged
		// sender whose ID is not the number.
		ok, err = e.store.Allowed(ctx, owner.ID, "", s.Phone)
	}
	if err != nil {
		return false, fmt.Errorf("check allowed sender: %w", err)
	}
	return ok, nil
}

func mergeSender(dst *Sender, src Sender) {
	if src.Phone != "" {
		dst.Phone = src.Phone
	}
	if src.DisplayName != "" {
		dst.DisplayName = src.DisplayName
	}
	if src.Network != "" {
		dst.Network = src.Network
	}
	dst.Bridged = dst.Bridged || src.Bridged
	dst.MessageRequest = src.MessageRequest
	dst.OwnerJoined = src.OwnerJoined
}

// Decide is the alert policy: the first verdict at or above minLevel
// warns; one escalation follows when the level rises above the level
// warned at; nothing after that.
func Decide(c *Conversation, v detectors.Verdict, minLevel detectors.Level) (escalation, warn bool) {
	if v.Level < minLevel || v.Level == detectors.LevelNone {
		return false, false
	}
	switch c.Warnings {
	case 0:
		return false, true
	case 1:
		if v.Level > c.Level {
			return true, true
		}
		return false, false
	default:
		return false, false
	}
}

func detectorConversation(o *Owner, c *Conversation, turns []Turn) detectors.Conversation {
	dc := detectors.Conversation{
		Turns:  make([]detectors.Turn, 0, len(turns)),
		Sender: c.Sender,
		Owner:  o.detectorOwner(),
	}
	for _, t := range turns {
		if t.Redacted {
			continue
		}
		dc.Turns = append(dc.Turns, detectors.Turn{FromOwner: t.FromOwner, Text: t.Text, Media: t.Media, At: t.At})
	}
	return dc
}

// newWarning is the warning a verdict decided; storeWarning stores it.
func (e *Engine) newWarning(o *Owner, c *Conversation, v detectors.Verdict, escalation bool) *Warning {
	return &Warning{
		ID: "sgw_" + randomString(20), Owner: o.ID, ConversationID: c.ID, Platform: c.Platform, Sender: c.Sender,
		Level: v.Level, Kind: v.Kind, Escalation: escalation, Score: v.Score, Reasons: v.Reasons, Created: e.now(),
	}
}

// storeWarning gives w a reference unique for its owner and records it with
// a pending delivery for each of the owner's targets.
func (e *Engine) storeWarning(ctx context.Context, o *Owner, w *Warning) error {
	for range 20 {
		w.Ref = randomRef()
		if _, err := e.store.WarningByRef(ctx, o.ID, w.Ref); errors.Is(err, ErrNotFound) {
			break
		} else if err != nil {
			return fmt.Errorf("check warning ref: %w", err)
		}
	}
	targets := make([]string, 0, len(o.Targets))
	for _, t := range o.Targets {
		targets = append(targets, targetKey(o.ID, t.Name))
	}
	if err := e.store.AddWarning(ctx, w, targets); err != nil {
		return fmt.Errorf("store warning: %w", err)
	}
	return nil
}

func targetKey(owner, name string) string { return owner + "/" + name }

// refAlphabet avoids letters people confuse (0/O, 1/I/L).
const refAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

func randomRef() string { return randomFrom(refAlphabet, 4) }

func randomString(n int) string { return randomFrom("abcdefghijklmnopqrstuvwxyz0123456789", n) }

func randomFrom(alphabet string, n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// Allow records that the sender of warning ref is known to the owner: no
// more warnings for them.
func (e *Engine) Allow(ctx context.Context, owner, ref string) (*Warning, error) {
	w, err := e.store.WarningByRef(ctx, owner, strings.ToUpper(strings.TrimSpace(ref)))
	if err != nil {
		return nil, fmt.Errorf("warning %q: %w", ref, err)
	}
	err = e.store.Tx(ctx, func(ctx context.Context) error {
		if w.ConversationID != 0 {
			c, err := e.store.ConversationByID(ctx, w.ConversationID)
			if err != nil {
				return err
			}
			c.State = StateKnown
			if err := e.store.SaveConversation(ctx, c); err != nil {
				return err
			}
			if err := e.store.Allow(ctx, owner, c.Platform, c.Sender.ID, e.now()); err != nil {
				return err
			}
		}
		return e.store.AddFeedback(ctx, Feedback{Owner: owner, WarningID: w.ID, Kind: FeedbackAllow, At: e.now()})
	})
	return w, err
}

// AllowSender records that the owner knows sender (an E.164 phone number,
// a Matrix ID or "telegram:<id>", as the allow-list has them), on every
// platform: their conversations stop being watched and new ones are not.
func (e *Engine) AllowSender(ctx context.Context, owner, sender string) error {
	if e.Owner(owner) == nil {
		return fmt.Errorf("%w %q", ErrUnknownOwner, owner)
	}
	if err := e.store.Allow(ctx, owner, "", sender, e.now()); err != nil {
		return fmt.Errorf("allow sender: %w", err)
	}
	return nil
}

// FalseAlarm records the owner's word that warning ref was wrong.
func (e *Engine) FalseAlarm(ctx context.Context, owner, ref string) (*Warning, error) {
	w, err := e.store.WarningByRef(ctx, owner, strings.ToUpper(strings.TrimSpace(ref)))
	if err != nil {
		return nil, fmt.Errorf("warning %q: %w", ref, err)
	}
	return w, e.store.AddFeedback(ctx, Feedback{Owner: owner, WarningID: w.ID, Kind: FeedbackFalseAlarm, At: e.now()})
}

// Purge drops text no longer needed: conversations first seen longer ago
// than the watch window plus the retention.
func (e *Engine) Purge(ctx context.Context) (int, error) {
	return e.store.Purge(ctx, e.now().Add(-e.policy.Window-e.policy.Retention))
}

// Purge timing: a sweep at least hourly (the clock may jump), after an
// error a minute's pause, and never two sweeps closer than 100 ms.
const (
	purgeSweep    = time.Hour
	purgeRetry    = time.Minute
	purgeMinPause = 100 * time.Millisecond
)

// RunPurge purges text when it is due (the watch window plus the retention
// after a conversation was stored), until ctx ends.
func (e *Engine) RunPurge(ctx context.Context) {
	keep := e.policy.Window + e.policy.Retention
	defer e.purgePlan.Store(0)
	for {
		// While planning, anything stored asks for a new plan.
		e.purgePlan.Store(math.MaxInt64)
		next := e.now().Add(purgeSweep)
		n, err := e.Purge(ctx)
		var first time.Time
		if err == nil {
			first, err = e.store.NextPurge(ctx)
		}
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			e.log.Error().Err(err).Msg("Failed to purge old text")
			next = e.now().Add(purgeRetry)
		case !first.IsZero() && first.Add(keep).Before(next):
			// Stored times are whole milliseconds; the purge wants past.
			next = first.Add(keep + time.Millisecond)
		}
		if n > 0 {
			e.log.Info().Int("conversations", n).Msg("Purged text past the watch window and retention")
		}
		e.purgePlan.Store(next.UnixNano())
		timer := time.NewTimer(max(next.Sub(e.now()), purgeMinPause))
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case <-timer.C:
		case <-e.purgeWake:
			timer.Stop()
		}
	}
}

// warningSettled wakes the purge for the conversation of a warning that
// no longer waits to be delivered: its text may be overdue.
func (e *Engine) warningSettled(ctx context.Context, w *Warning) {
	if w.ConversationID == 0 || e.purgePlan.Load() == 0 {
		return
	}
	stored, ok := e.cache.storedAt(w.ConversationID)
	if !ok {
		c, err := e.store.ConversationByID(ctx, w.ConversationID)
		if err != nil {
			return
		}
		stored = c.StoredAt
	}
	e.wakePurge(stored.Add(e.policy.Window + e.policy.Retention))
}

// wakePurge tells the purge loop that text may be due at due, in case it
// plans to sleep past it.
func (e *Engine) wakePurge(due time.Time) {
	if due.UnixNano() < e.purgePlan.Load() {
		select {
		case e.purgeWake <- struct{}{}:
		default:
		}
	}
}

// convLocks keeps the messages of one conversation in order: one at a
// time, from the read to the commit.
type convLocks struct {
	mu sync.Mutex
	m  map[string]*convLock
}

type convLock struct {
	mu   sync.Mutex
	refs int
}

// lock takes the conversation's lock and returns its release.
func (l *convLocks) lock(key string) func() {
	l.mu.Lock()
	c := l.m[key]
	if c == nil {
		c = &convLock{}
		l.m[key] = c
	}
	c.refs++
	l.mu.Unlock()
	c.mu.Lock()
	return func() {
		c.mu.Unlock()
		l.mu.Lock()
		if c.refs--; c.refs == 0 {
			delete(l.m, key)
		}
		l.mu.Unlock()
	}
}
