package bot

import (
	"context"
	"errors"
	"time"
)

// Errors of a Store.
var (
	// ErrNotFound is returned by lookups that find nothing.
	ErrNotFound = errors.New("not found")
	// ErrConflict is returned by SaveConversation for a copy that another
	// write has overtaken since it was read: read it again.
	ErrConflict = errors.New("changed since it was read")
)

// Store keeps conversations, turns, warnings, feedback and adapter cursors.
// Everything stored inside one Tx commits together and survives the process
// being killed once Tx returns nil; a Tx that fails stores nothing (re-read
// what it saved). A write outside a Tx is a Tx of its own. Lookups return
// ErrNotFound (wrapped or not) when there is nothing. Times are kept to the
// millisecond and read back in UTC.
type Store interface {
	// Tx runs fn in one transaction; calls made with the ctx it gets join
	// it (and must use that ctx: the store may run fn on another
	// goroutine, in a transaction shared with others, so fn should only
	// store, not wait).
	Tx(ctx context.Context, fn func(ctx context.Context) error) error

	Conversation(ctx context.Context, owner, platform, key string) (*Conversation, error)
	ConversationByID(ctx context.Context, id int64) (*Conversation, error)
	// CountConversations counts an owner's conversations by state.
	CountConversations(ctx context.Context, owner string) (map[string]int, error)
	// SaveConversation inserts (ID 0, and sets it) or updates what may
	// change (sender, LastSeen, State, TurnCount, Level, Warnings) and
	// advances Version. An update of a copy whose Version is no longer the
	// stored one (another save, Allow or Purge came first) is refused with
	// ErrConflict; of a conversation that is gone, with ErrNotFound. An
	// insert of a key that is stored already (another process stored it
	// first) is refused with ErrConflict too.
	SaveConversation(ctx context.Context, c *Conversation) error

	// MarkEvent records an event ID of a conversation; it reports false
	// when the ID was recorded before.
	MarkEvent(ctx context.Context, convID int64, eventID string) (bool, error)
	// Turns lists a conversation's turns by Seq; redacted ones are marked
	// and have no text.
	Turns(ctx context.Context, convID int64) ([]Turn, error)
	AddTurn(ctx context.Context, t *Turn) error
	// EditTurn replaces the text of the turn first sent as eventID.
	EditTurn(ctx context.Context, convID int64, eventID, text, media string) (bool, error)
	RedactTurn(ctx context.Context, convID int64, eventID string) (bool, error)

	// AddWarning stores a warning and one pending delivery per target.
	AddWarning(ctx context.Context, w *Warning, targets []string) error
	Warning(ctx context.Context, id string) (*Warning, error)
	WarningByRef(ctx context.Context, owner, ref string) (*Warning, error)
	RecentWarnings(ctx context.Context, owner string, limit int) ([]Warning, error)
	PendingDeliveries(ctx context.Context) ([]Delivery, error)
	// DueDeliveries lists a target's pending deliveries whose next try is
	// not after now: never tried first, then by next try, then oldest.
	DueDeliveries(ctx context.Context, target string, now time.Time, limit int) ([]Delivery, error)
	// NextDeliveryTry is the earliest next try of a target's pending
	// deliveries; zero when there is none.
	NextDeliveryTry(ctx context.Context, target string) (time.Time, error)
	MarkSent(ctx context.Context, warningID, target string, at time.Time) error
	// MarkFailed records a failed attempt; the delivery stays pending. It
	// and MarkUndeliverable change only a pending delivery, so that a late
	// mark (a send that hung in a process that lost its lease) never undoes
	// a delivery another process made.
	MarkFailed(ctx context.Context, warningID, target, reason string, next time.Time) error
	// MarkUndeliverable records a permanent failure: the delivery is no
	// longer pending, and FailedDeliveries lists it.
	MarkUndeliverable(ctx context.Context, warningID, target, reason string, at time.Time) error
	// FailedDeliveries lists an owner's warnings (not notices) that could
	// not be delivered to a target, newest first, with their Ref.
	FailedDeliveries(ctx context.Context, owner string, limit int) ([]Delivery, error)

	// Allowed tells whether the owner allowed this sender on this
	// platform, or on every platform (an Allow with platform "").
	Allowed(ctx context.Context, owner, platform, senderID string) (bool, error)
	// Allow records a sender the owner knows and stops watching every
	// conversation with them (advancing their Version). Platform "" allows
	// senderID on every platform, as a sender ID or a phone number.
	Allow(ctx context.Context, owner, platform, senderID string, at time.Time) error
	// AddFeedback records what the owner said; the same kind again for the
	// same warning changes nothing.
	AddFeedback(ctx context.Context, f Feedback) error
	// Feedbacks lists what the owner said about a warning, oldest first.
	Feedbacks(ctx context.Context, owner, warningID string) ([]Feedback, error)

	Cursor(ctx context.Context, owner, adapter, key string) (string, error)
	SetCursor(ctx context.Context, owner, adapter, key, value string) error
	DeleteCursor(ctx context.Context, owner, adapter, key string) error
	CursorsWithPrefix(ctx context.Context, owner, adapter, prefix string) (map[string]string, error)

	// Purge deletes the text of turns (and the evidence of warnings) of
	// conversations whose retention runs from before the cutoff (see
	// NextPurge), marks them Purged and advances their Version.
	Purge(ctx context.Context, before time.Time) (int, error)
	// NextPurge returns the earliest time the retention of a conversation
	// that Purge would take runs from; zero when there is none.
	NextPurge(ctx context.Context) (time.Time, error)
	// Probe commits a small write of the store's own, proving that
	// messages can be stored now.
	Probe(ctx context.Context) error
	// Forget deletes everything stored about one owner.
	Forget(ctx context.Context, owner string) error
	Close() error
}
