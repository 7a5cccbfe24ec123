// Package bot is SilentGuard's core: it takes neutral messages from the
// adapters, applies the watch policy, stores the opening turns, runs the
// detectors and, through the alert policy, decides when to warn the owner.
// It is the only place that decides to warn, and it has no path toward the
// sender at all: notifiers only ever address the owner.
package bot

import (
	"time"

	"github.com/silentguard/silentguard/detectors"
)

// Sender identifies the other side of a conversation. It is the detectors'
// type: what an adapter tells about a sender reaches the detectors whole,
// with no copy field by field to drift.
type Sender = detectors.Sender

// Message is what an adapter hands the core: one event of a conversation.
type Message struct {
	// Platform is the adapter ("matrix", "telegram", "webhook"...).
	Platform string
	// Owner is the configured owner id.
	Owner string
	// ConversationKey identifies the conversation within the platform and
	// owner (a Matrix room ID, a Telegram chat ID, the sender's number).
	ConversationKey string
	Sender          Sender
	// Group marks a conversation with more than one other person; groups
	// are never watched.
	Group bool
	// Text is the message text or a media caption.
	Text string
	// Media is one of the detectors.Media* kinds.
	Media string
	// EditOf is the event ID of the message this one replaces.
	EditOf string
	// Redacts is the event ID of a message the sender deleted.
	Redacts string
	At      time.Time
	// FromOwner marks the owner's own messages (from another device).
	FromOwner bool
	// EventID is the platform's ID for this event; redelivery of the same
	// ID changes nothing.
	EventID string
	// Quiet stores and judges the message but sends no warning: history
	// seen on a first sync.
	Quiet bool
}

// Conversation states.
const (
	StateWatching     = "watching"      // an unknown contact, being judged
	StateOwnerStarted = "owner_started" // the owner wrote first: not watched
	StateKnown        = "known"         // an allowed or address-book contact
	StateClosed       = "closed"        // past the watch window or turn limit
)

// Conversation is the stored state of one conversation.
type Conversation struct {
	ID        int64
	Owner     string
	Platform  string
	Key       string
	Sender    Sender
	FirstSeen time.Time
	LastSeen  time.Time
	// StoredAt is the (wall-clock) time the conversation was first stored;
	// purging waits for it too, whatever times the messages carry.
	StoredAt time.Time
	State    string
	// TurnCount is how many turns were stored (detectors.Conversation.Turns
	// is the turns themselves).
	TurnCount int
	// Level is the highest level the owner was warned at; Warnings counts
	// the warnings decided (0, 1, or 2 with the escalation).
	Level    detectors.Level
	Warnings int
	// Purged: its text is gone (past the window and retention); nothing
	// more of it is stored.
	Purged bool
	// Version counts the stored changes; a save from an older copy is
	// refused (see Store.SaveConversation).
	Version int64
}

// Turn is one stored message.
type Turn struct {
	ConversationID int64
	Seq            int
	EventID        string
	FromOwner      bool
	Text           string
	Media          string
	At             time.Time
	Redacted       bool
}

// Warning is a decided notification to the owner: a verdict about a
// sender, or (Notice set) a service message, which travels the same way;
// read a notice's fields with NoticeOf.
type Warning struct {
	// ID is stable across retries; notifiers that can de-duplicate use it.
	ID string
	// Ref is short, for the owner to answer with (!allow REF).
	Ref            string
	Owner          string
	ConversationID int64 // 0 for a notice not tied to a conversation
	Platform       string
	Sender         Sender
	Level          detectors.Level
	// Kind is the verdict's kind (detectors.Kind…). A notice keeps its
	// own fields in it: never read it from a notice (see NoticeOf).
	Kind       string
	Escalation bool
	Score      float64
	Reasons    []detectors.Reason
	// Notice names the service message this is (Notice…), "" for a
	// warning about a sender.
	Notice  string
	Created time.Time
}

// Network is where the warned-about conversation happens: the sender's
// network, else the adapter's name.
func (w *Warning) Network() detectors.Network {
	if w.Sender.Network != detectors.NetworkUnknown {
		return w.Sender.Network
	}
	return detectors.ParseNetwork(w.Platform)
}

// Delivery is one warning bound for one notification target.
type Delivery struct {
	WarningID string
	// Ref is the warning's reference (set by FailedDeliveries).
	Ref       string
	Target    string
	Attempts  int
	NextTry   time.Time
	LastError string
}

// Feedback kinds.
const (
	FeedbackAllow      = "allow"
	FeedbackFalseAlarm = "false_alarm"
)

// Feedback is what the owner said about a warning.
type Feedback struct {
	Owner     string
	WarningID string
	Kind      string
	At        time.Time
}
