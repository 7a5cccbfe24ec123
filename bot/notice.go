package bot

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/silentguard/silentguard/bot/warntext"
	"github.com/silentguard/silentguard/detectors"
)

// Notices: service messages to the owner about their protection. The
// words are warntext's; the names are the same.
const (
	NoticeProtectionStopped = warntext.NoticeProtectionStopped
	NoticeProtectionResumed = warntext.NoticeProtectionResumed
	NoticeNotifierFailing   = warntext.NoticeNotifierFailing
	// NoticeHistorySummary is the single summary of suspicious
	// conversations found in history on a first start (opt-in).
	NoticeHistorySummary = warntext.NoticeHistorySummary
)

// Notice is a service message to the owner (their protection stopped or
// resumed, a notifier keeps failing, the history summary): not a verdict
// about a sender. It is queued, stored and retried as a Warning whose
// Notice field names it; NoticeOf reads it back, so that no one else
// decodes the Warning's fields.
type Notice struct {
	// Kind is one of the Notice* names.
	Kind string
	// Adapter is the adapter whose protection stopped or resumed.
	Adapter string
	// Target is the name of the notification target that keeps failing.
	Target string
	// History is the summary's lines, newest first.
	History []HistoryLine
}

// NoticeOf reads the notice a Warning carries; ok is false for a
// warning about a sender.
func NoticeOf(w *Warning) (n Notice, ok bool) {
	if w.Notice == "" {
		return Notice{}, false
	}
	n.Kind = w.Notice
	switch w.Notice {
	case NoticeProtectionStopped, NoticeProtectionResumed:
		n.Adapter = w.Kind
	case NoticeNotifierFailing:
		n.Target = w.Kind
	case NoticeHistorySummary:
		for _, r := range w.Reasons {
			at, _ := time.Parse(time.RFC3339, r.Args["at"])
			level, _ := detectors.ParseLevel(r.Args["level"])
			n.History = append(n.History, HistoryLine{
				Sender: Sender{DisplayName: r.Evidence, Network: detectors.Network(r.Args["network"])},
				Level:  level, Kind: r.Args["kind"], At: at,
			})
		}
	}
	return n, true
}

// warning is the one place a Notice becomes the Warning that carries it:
// Kind holds the adapter, the target or the summary's count; each Reason
// of a summary is one line (Evidence: the sender as shown; Args: level,
// kind, network, at).
func (n Notice) warning(owner string, created time.Time) *Warning {
	w := &Warning{ID: "sgn_" + randomString(20), Owner: owner, Notice: n.Kind, Created: created}
	switch n.Kind {
	case NoticeProtectionStopped, NoticeProtectionResumed:
		w.Kind = n.Adapter
	case NoticeNotifierFailing:
		w.Kind = n.Target
	case NoticeHistorySummary:
		w.Kind = strconv.Itoa(len(n.History))
		for _, l := range n.History {
			who := l.Sender.DisplayName
			if who == "" {
				who = l.Sender.Phone
			}
			w.Reasons = append(w.Reasons, detectors.Reason{Code: "history", Turn: -1, Evidence: who,
				Args: map[string]string{"level": l.Level.String(), "kind": l.Kind, "network": string(l.Sender.Network), "at": l.At.UTC().Format(time.RFC3339)}})
		}
	}
	return w
}

// sendNotice stores a notice for the owner's targets that pass keep (all
// of them when none pass, or keep is nil) and wakes them.
func (e *Engine) sendNotice(ctx context.Context, ownerID string, n Notice, keep func(Target) bool) error {
	o := e.Owner(ownerID)
	if o == nil {
		return ErrUnknownOwner
	}
	targets := o.Targets
	if keep != nil {
		var sel []Target
		for _, t := range o.Targets {
			if keep(t) {
				sel = append(sel, t)
			}
		}
		if len(sel) > 0 {
			targets = sel
		}
	}
	w := n.warning(o.ID, e.now())
	sub := *o
	sub.Targets = targets
	if err := e.store.Tx(ctx, func(ctx context.Context) error { return e.storeWarning(ctx, &sub, w) }); err != nil {
		return err
	}
	for _, t := range targets {
		e.delivery.wake(targetKey(o.ID, t.Name))
	}
	return nil
}

// notice sends a health notice, logging a failure: health changes come
// from adapters and delivery workers, which have no one to return it to.
func (e *Engine) notice(ownerID string, n Notice, keep func(Target) bool) {
	if err := e.sendNotice(context.Background(), ownerID, n, keep); err != nil && !errors.Is(err, ErrUnknownOwner) {
		e.log.Error().Err(err).Str("owner", ownerID).Str("notice", n.Kind).Msg("Failed to store notice")
	}
}
