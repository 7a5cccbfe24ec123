package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/silentguard/silentguard/adapters/webhook"
	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/bot/notify"
	"github.com/silentguard/silentguard/internal/config"
	"github.com/silentguard/silentguard/internal/ownerpage"
)

// ownerPageKey names the owner page's signing key in the database: made
// once, so that links survive restarts; a backup keeps it.
const ownerPageKey = "owner_page_hmac"

func (a *App) openOwnerPage(ctx context.Context) error {
	key, err := a.Store.Secret(ctx, ownerPageKey, ownerpage.KeySize)
	if err != nil {
		return fmt.Errorf("owner page: %w", err)
	}
	a.page, err = ownerpage.New(ownerpage.Options{Engine: a.Engine, Key: key, PublicURL: a.Config.HTTP.PublicURL,
		Log: a.log.With().Str("component", "ownerpage").Logger()})
	return err
}

// pageLink links a target's warnings to their owner page, as that target
// may quote; nil without http.public_url.
func (a *App) pageLink(aud notify.Audience) func(*bot.Warning) string {
	if a.page == nil || a.Config.HTTP.PublicURL == "" {
		return nil
	}
	return func(w *bot.Warning) string { return a.page.Link(w, aud.Quote, aud.Device) }
}

// registerOwner serves the owner pages, and the owner's commands for the
// command line (silentguard allow, false-alarm, status) behind the
// bearer token.
func (a *App) registerOwner(mux *http.ServeMux) {
	mux.Handle(ownerpage.Path, a.page.Handler())
	mux.HandleFunc(OwnerAPIPath, a.serveOwnerCommand)
}

// OwnerAPIPath is where the daemon takes the owner's commands from the
// command line: POST allow and false-alarm, GET status.
const OwnerAPIPath = "/v1/owner/"

// OwnerRequest is the body of an owner command.
type OwnerRequest struct {
	Owner string `json:"owner"`
	// Arg is the sender or warning reference (allow) or the reference
	// (false-alarm).
	Arg string `json:"arg"`
}

// Errors of the owner commands.
var (
	ErrNoWarning = errors.New("no such warning")
	ErrBadSender = errors.New("not a sender")
)

// AllowCommand records that the owner knows a sender: arg is a warning's
// reference (its sender, on its platform) or a sender as the allow-list
// writes one (a phone number in any format, a Matrix ID,
// telegram:<id>), known then on every platform. It returns what to tell
// the user.
func (a *App) AllowCommand(ctx context.Context, owner, arg string) (string, error) {
	oc := a.Config.Owner(owner)
	if oc == nil || a.Engine.Owner(owner) == nil {
		return "", fmt.Errorf("%w %q", bot.ErrUnknownOwner, owner)
	}
	arg = strings.TrimSpace(arg)
	if looksLikeRef(arg) {
		w, err := a.Engine.Allow(ctx, owner, arg)
		if errors.Is(err, bot.ErrNotFound) {
			return "", fmt.Errorf("%w %s for owner %s", ErrNoWarning, strings.ToUpper(arg), owner)
		}
		if err != nil {
			return "", err
		}
		a.log.Info().Str("owner", owner).Str("ref", w.Ref).Msg("Owner allowed a sender (command line)")
		return fmt.Sprintf("Allowed the sender of warning %s for owner %s: no more warnings about them.", w.Ref, owner), nil
	}
	c, err := config.ParseContact(arg, oc.Country)
	if err != nil {
		return "", fmt.Errorf("%w: %q is no warning reference, and %v", ErrBadSender, arg, err)
	}
	id := c.Value
	if c.Kind == "telegram" {
		id = "telegram:" + c.Value
	}
	if err := a.Engine.AllowSender(ctx, owner, id); err != nil {
		return "", err
	}
	a.log.Info().Str("owner", owner).Str("kind", c.Kind).Msg("Owner allowed a sender (command line)")
	return fmt.Sprintf("Allowed %s for owner %s on every network: no more warnings about them.", id, owner), nil
}

// FalseAlarmCommand records that warning ref was wrong.
func (a *App) FalseAlarmCommand(ctx context.Context, owner, ref string) (string, error) {
	if a.Engine.Owner(owner) == nil {
		return "", fmt.Errorf("%w %q", bot.ErrUnknownOwner, owner)
	}
	w, err := a.Engine.FalseAlarm(ctx, owner, ref)
	if errors.Is(err, bot.ErrNotFound) {
		return "", fmt.Errorf("%w %s for owner %s", ErrNoWarning, strings.ToUpper(strings.TrimSpace(ref)), owner)
	}
	if err != nil {
		return "", err
	}
	a.log.Info().Str("owner", owner).Str("ref", w.Ref).Msg("Owner marked a false alarm (command line)")
	return fmt.Sprintf("Noted: warning %s of owner %s was a false alarm.", w.Ref, owner), nil
}

// StatusCommand is what !status answers, for one owner or (owner "") for
// each, headed by its id.
func (a *App) StatusCommand(ctx context.Context, owner string) (string, error) {
	if owner != "" {
		if a.Engine.Owner(owner) == nil {
			return "", fmt.Errorf("%w %q", bot.ErrUnknownOwner, owner)
		}
		return a.status(ctx, owner), nil
	}
	var parts []string
	for _, oc := range a.Config.Owners {
		parts = append(parts, "== "+oc.ID+"\n"+a.status(ctx, oc.ID))
	}
	return strings.Join(parts, "\n\n"), nil
}

func (a *App) status(ctx context.Context, owner string) string {
	var unreadable []string
	if a.Matrix != nil {
		unreadable = a.Matrix.Unreadable(owner)
	}
	if a.Telegram != nil {
		for _, o := range a.Config.Telegram.UserOwners() {
			if o == owner {
				unreadable = append(unreadable, a.Telegram.Unreadable(owner)...)
				break
			}
		}
	}
	return a.Engine.Command(ctx, bot.CommandInput{Owner: owner, Text: "!status", Prefix: "!", Unreadable: unreadable})
}

// looksLikeRef tells a warning reference (four of bot's reference
// letters) from a sender.
func looksLikeRef(s string) bool {
	if len(s) != 4 {
		return false
	}
	for _, r := range strings.ToUpper(s) {
		if !strings.ContainsRune("ABCDEFGHJKMNPQRSTUVWXYZ23456789", r) {
			return false
		}
	}
	return true
}

func (a *App) serveOwnerCommand(w http.ResponseWriter, r *http.Request) {
	answer := func(status int, v map[string]string) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(v)
	}
	if !webhook.Authorized(r, a.Config.HTTP.Token.Value()) {
		a.log.Warn().Str("remote", r.RemoteAddr).Msg("Rejected an owner command without the right bearer token")
		answer(http.StatusUnauthorized, map[string]string{"error": "the bearer token (http.token) is missing or wrong"})
		return
	}
	name := strings.TrimPrefix(r.URL.Path, OwnerAPIPath)
	want := http.MethodPost
	if name == "status" {
		want = http.MethodGet
	}
	if r.Method != want {
		w.Header().Set("Allow", want)
		answer(http.StatusMethodNotAllowed, map[string]string{"error": "use " + want})
		return
	}
	var req OwnerRequest
	if want == http.MethodPost {
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4<<10)).Decode(&req); err != nil {
			answer(http.StatusBadRequest, map[string]string{"error": "invalid JSON: " + err.Error()})
			return
		}
	} else {
		req.Owner = r.URL.Query().Get("owner")
	}
	var text string
	var err error
	switch name {
	case "allow":
		text, err = a.AllowCommand(r.Context(), req.Owner, req.Arg)
	case "false-alarm":
		text, err = a.FalseAlarmCommand(r.Context(), req.Owner, req.Arg)
	case "status":
		text, err = a.StatusCommand(r.Context(), req.Owner)
	default:
		answer(http.StatusNotFound, map[string]string{"error": "no such command: " + name})
		return
	}
	switch {
	case errors.Is(err, bot.ErrUnknownOwner), errors.Is(err, ErrNoWarning):
		answer(http.StatusNotFound, map[string]string{"error": err.Error()})
	case errors.Is(err, ErrBadSender):
		answer(http.StatusBadRequest, map[string]string{"error": err.Error()})
	case err != nil:
		a.log.Error().Err(err).Str("command", name).Msg("Owner command failed")
		answer(http.StatusServiceUnavailable, map[string]string{"error": err.Error()})
	default:
		answer(http.StatusOK, map[string]string{"text": text})
	}
}
