package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"github.com/go-telegram/bot/models"
)

// DecodeUpdate decodes one update. It returns the update_id whenever it
// can be read, even when the rest does not decode (an update type or a
// forward_origin type newer than the client library).
func DecodeUpdate(raw []byte) (int64, *models.Update, error) {
	var head struct {
		ID *int64 `json:"update_id"`
	}
	if err := json.Unmarshal(raw, &head); err != nil || head.ID == nil {
		return 0, nil, errors.New("no update_id")
	}
	var u models.Update
	if err := json.Unmarshal(raw, &u); err != nil {
		return *head.ID, nil, err
	}
	return *head.ID, &u, nil
}

func (a *Adapter) offsetKey() string { return "offset:" + strconv.FormatInt(a.botID, 10) }

// pollLoop polls until ctx ends. The offset is read from the store and
// saved after each batch was handed to the core, so a restart neither
// skips nor repeats (repeats are harmless anyway: the core is idempotent).
func (a *Adapter) pollLoop(ctx context.Context) {
	// The offset belongs to the bot, not to an owner: owner "*".
	state := a.eng.AdapterState(Platform, "*")
	offset, _ := state.Int(ctx, a.offsetKey())
	a.log.Info().Int64("offset", offset).Msg("Polling Telegram for updates")
	backoff := a.opts.BackoffMin
	// A failing update comes back with the next poll at once, so its
	// retries need their own backoff: one that a working getUpdates does
	// not reset, only a batch handled whole.
	hbackoff := a.opts.BackoffMin
	for ctx.Err() == nil {
		raws, err := a.api.GetUpdates(ctx, offset)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			var apiErr *APIError
			if errors.As(err, &apiErr) && apiErr.Code == http.StatusConflict {
				a.log.Error().Msg("Telegram answers 409 Conflict: another program polls this bot, or a webhook is set; run only one SilentGuard per bot token")
			}
			sleep(ctx, a.failed("getUpdates", err, &backoff))
			continue
		}
		backoff = a.opts.BackoffMin
		a.tokenWorks()
		next, herr := a.handleBatch(ctx, raws, offset)
		if next != offset {
			// With a context that outlives shutdown: what was handed to
			// the core must be recorded as such.
			if err := state.SetInt(context.WithoutCancel(ctx), a.offsetKey(), next); err != nil {
				a.log.Error().Err(err).Msg("Failed to save the Telegram update offset; updates may be handed over again")
			}
			offset = next
		}
		if herr == nil {
			hbackoff = a.opts.BackoffMin
			continue
		}
		if ctx.Err() != nil {
			return
		}
		// The same waits as a failed call: a 429 met while handling
		// (getBusinessConnection) is waited out for its retry_after.
		wait := a.retryWait(herr, &hbackoff)
		a.log.Error().Err(herr).Dur("retry_in", wait).Msg("Failed to handle a Telegram update; retrying")
		sleep(ctx, wait)
	}
}

// handleBatch hands the updates to the core in order. It returns the next
// offset: past every update handled or skipped, and not past the first one
// that failed for a reason worth retrying (the store, the network).
func (a *Adapter) handleBatch(ctx context.Context, raws []json.RawMessage, offset int64) (int64, error) {
	next := offset
	for _, raw := range raws {
		id, u, err := DecodeUpdate(raw)
		if id == 0 && err != nil {
			a.log.Warn().Int("bytes", len(raw)).Msg("Skipped a Telegram update without update_id")
			continue
		}
		if id < offset {
			continue
		}
		if err != nil {
			// Never wedge on it: log the id and the decoder's complaint
			// (which names types, not content) and go on.
			a.log.Warn().Int64("update_id", id).Int("bytes", len(raw)).Str("error", err.Error()).Msg("Skipped a Telegram update the client cannot decode")
			next = max(next, id+1)
			continue
		}
		if err := a.handle(ctx, u); err != nil {
			return next, err
		}
		next = max(next, id+1)
	}
	return next, nil
}
