package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/silentguard/silentguard/detectors"
)

// Core is all an adapter may ask of the core. It holds no store: an
// adapter hands over what it reads, reports its health and keeps its own
// small state, but cannot add a warning, read what a conversation said
// or allow a sender. *Engine is the Core.
type Core interface {
	// Handle hands one event of a conversation to the core.
	Handle(ctx context.Context, m Message) (Result, error)
	// Command runs an owner's command (!status, !allow REF...) and
	// returns the answer, for the adapter to show the owner.
	Command(ctx context.Context, in CommandInput) string
	// Judge judges a text the owner brought to check (Telegram /check);
	// nothing is stored and no one is warned.
	Judge(owner string, sender Sender, turns []detectors.Turn) (detectors.Verdict, error)
	// HistorySummary sends the owner one summary of the history judged on
	// a first start; the core picks the lines.
	HistorySummary(ctx context.Context, owner string, judged []HistoryLine) error
	// WaitDelivered waits until the warning Handle returned has reached
	// every target of its owner (a hand-over that must not return early).
	WaitDelivered(ctx context.Context, warningID string) (int, error)

	// ReportAdapter records the adapter's health for an owner (the owner
	// is told when protection stops or resumes); RestoreAdapter records a
	// state found stored at start-up without telling again.
	ReportAdapter(owner, adapter string, ok bool, reason string)
	RestoreAdapter(owner, adapter string, ok bool, reason string)

	// Owner reads an owner's settings (nil for an unknown owner); do not
	// change them. Owners lists the owners' ids.
	Owner(id string) *Owner
	Owners() []string
	// Known tells whether the owner knows the sender (allow-list,
	// address book, !allow): the core's answer, for what an adapter sees
	// before any message (a wordless invite).
	Known(ctx context.Context, owner, platform string, s Sender) (bool, error)
	// Watching tells whether the core still watches a conversation (one
	// it never stored counts as watched) and which event IDs it stored as
	// its turns, for an adapter that fills a gap in what it read.
	Watching(ctx context.Context, owner, platform, key string) (bool, map[string]bool, error)

	// AdapterState is the adapter's own small state for an owner (sync
	// tokens, offsets, room ids). Owner "" or "*" is the adapter's state
	// for no owner in particular.
	AdapterState(adapter, owner string) AdapterState
}

// Adapter is what the core asks of an adapter: its name, and to run
// until ctx ends. Run returns nil when ctx ends; an error stops
// SilentGuard.
type Adapter interface {
	Name() string
	Run(ctx context.Context) error
}

// ErrAdapterSetup is wrapped by an adapter's Run error when it could not
// start at all (its listener's port in use): SilentGuard then exits as a
// start that failed, not as a crash, so that a supervisor does not loop.
var ErrAdapterSetup = errors.New("adapter could not start")

var _ Core = (*Engine)(nil)

// AdapterState is one adapter's key-value state for one owner, kept in
// the store's cursor table; it survives restarts. A key never set reads
// as "".
type AdapterState struct {
	store          Store
	adapter, owner string
}

// AdapterState returns the state of adapter for owner.
func (e *Engine) AdapterState(adapter, owner string) AdapterState {
	return AdapterState{store: e.store, adapter: adapter, owner: owner}
}

// Get reads a key ("" when it was never set).
func (s AdapterState) Get(ctx context.Context, key string) (string, error) {
	v, err := s.store.Cursor(ctx, s.owner, s.adapter, key)
	if errors.Is(err, ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read %s state %s: %w", s.adapter, key, err)
	}
	return v, nil
}

// Set saves a key.
func (s AdapterState) Set(ctx context.Context, key, value string) error {
	if err := s.store.SetCursor(ctx, s.owner, s.adapter, key, value); err != nil {
		return fmt.Errorf("save %s state %s: %w", s.adapter, key, err)
	}
	return nil
}

// Delete removes a key; a missing one is no error.
func (s AdapterState) Delete(ctx context.Context, key string) error {
	if err := s.store.DeleteCursor(ctx, s.owner, s.adapter, key); err != nil {
		return fmt.Errorf("delete %s state %s: %w", s.adapter, key, err)
	}
	return nil
}

// List reads every key that starts with prefix, whole key to value.
func (s AdapterState) List(ctx context.Context, prefix string) (map[string]string, error) {
	m, err := s.store.CursorsWithPrefix(ctx, s.owner, s.adapter, prefix)
	if err != nil {
		return nil, fmt.Errorf("list %s state %s*: %w", s.adapter, prefix, err)
	}
	return m, nil
}

// Int reads a key saved by SetInt (0 when never set or unreadable).
func (s AdapterState) Int(ctx context.Context, key string) (int64, error) {
	v, err := s.Get(ctx, key)
	if err != nil || v == "" {
		return 0, err
	}
	n, _ := strconv.ParseInt(v, 10, 64)
	return n, nil
}

// SetInt saves a number in decimal.
func (s AdapterState) SetInt(ctx context.Context, key string, n int64) error {
	return s.Set(ctx, key, strconv.FormatInt(n, 10))
}

// JSON reads a key saved by SetJSON into v; found is false when the key
// was never set. A value that does not decode is an error.
func (s AdapterState) JSON(ctx context.Context, key string, v any) (found bool, err error) {
	raw, err := s.Get(ctx, key)
	if err != nil || raw == "" {
		return false, err
	}
	if err := json.Unmarshal([]byte(raw), v); err != nil {
		return true, fmt.Errorf("decode %s state %s: %w", s.adapter, key, err)
	}
	return true, nil
}

// SetJSON saves v as JSON.
func (s AdapterState) SetJSON(ctx context.Context, key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %s state %s: %w", s.adapter, key, err)
	}
	return s.Set(ctx, key, string(b))
}

// Known tells whether the owner knows the sender: in their allow-list or
// address book, or allowed with !allow. An unknown owner knows no one.
func (e *Engine) Known(ctx context.Context, ownerID, platform string, s Sender) (bool, error) {
	o := e.Owner(ownerID)
	if o == nil {
		return false, nil
	}
	return e.isKnown(ctx, o, platform, s)
}

// Watching tells whether the core still watches a conversation (one it
// never stored counts as watched) and which event IDs it stored as turns.
func (e *Engine) Watching(ctx context.Context, owner, platform, key string) (bool, map[string]bool, error) {
	conv, err := e.store.Conversation(ctx, owner, platform, key)
	if errors.Is(err, ErrNotFound) {
		return true, nil, nil
	}
	if err != nil {
		return false, nil, fmt.Errorf("load conversation: %w", err)
	}
	if conv.State != StateWatching {
		return false, nil, nil
	}
	turns, err := e.store.Turns(ctx, conv.ID)
	if err != nil {
		return false, nil, fmt.Errorf("load turns: %w", err)
	}
	seen := make(map[string]bool, len(turns))
	for _, t := range turns {
		seen[t.EventID] = true
	}
	return true, seen, nil
}
