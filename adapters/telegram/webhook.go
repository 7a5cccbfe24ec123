package telegram

import (
	"context"
	"crypto/subtle"
	"io"
	"net/http"
)

// maxWebhookBody bounds one update posted by Telegram.
const maxWebhookBody = 4 << 20

// setWebhook points Telegram at WebhookURL with the secret token and the
// update types, retrying until it works or ctx ends. One connection at a
// time keeps the updates in order: an owner's reply must never reach the
// core before the message it answers.
func (a *Adapter) setWebhook(ctx context.Context) {
	a.call(ctx, "setWebhook", func(ctx context.Context) error {
		return a.api.SetWebhook(ctx, a.opts.WebhookURL, a.opts.WebhookSecret)
	})
	if ctx.Err() == nil {
		a.log.Info().Msg("Telegram webhook set")
	}
}

// Handler serves the webhook: Telegram posts one update per request, with
// the secret token in X-Telegram-Bot-Api-Secret-Token. The answer is an
// empty 200 once the update was handed to the core (Telegram would run a
// method given in the answer's body: there is never one), 500 when it
// should be posted again, 401 without the right secret.
func (a *Adapter) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.WriteHeader(http.StatusMethodNotAllowed)
			return
		}
		got := r.Header.Get("X-Telegram-Bot-Api-Secret-Token")
		if a.opts.WebhookSecret == "" || subtle.ConstantTimeCompare([]byte(got), []byte(a.opts.WebhookSecret)) != 1 {
			a.log.Warn().Str("remote", r.RemoteAddr).Msg("Telegram webhook request without the right secret token; refused")
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxWebhookBody))
		if err != nil {
			w.WriteHeader(http.StatusRequestEntityTooLarge)
			return
		}
		id, u, err := DecodeUpdate(raw)
		if err != nil {
			// Posting it again would not help: skip it, as when polling.
			a.log.Warn().Int64("update_id", id).Int("bytes", len(raw)).Str("error", err.Error()).Msg("Skipped a Telegram update the client cannot decode")
			w.WriteHeader(http.StatusOK)
			return
		}
		if err := a.handle(r.Context(), u); err != nil {
			a.log.Error().Err(err).Int64("update_id", id).Msg("Failed to handle a Telegram update; Telegram will post it again")
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
}
