package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/silentguard/silentguard/bot"
)

// Received is one message a program-per-message gateway received (Gammu
// SMSD's RunOnReceive runs `silentguard ingest` once per message), as the
// generic endpoint takes it.
type Received struct {
	Owner string `json:"owner"`
	From  string `json:"from"`
	Text  string `json:"text,omitempty"`
	Media string `json:"media,omitempty"`
	ID    string `json:"id"`
	// Time is RFC 3339; empty means now.
	Time string `json:"time,omitempty"`
}

// Daemon is a running SilentGuard that takes handed-over messages on its
// generic endpoint.
type Daemon struct {
	// Listen is its http.listen; a wildcard address is reached on loopback.
	Listen string
	// Token is its http.token, if any.
	Token string
	// Source names the [[sms.source]] (type gammu) the messages come from.
	Source string
	Log    zerolog.Logger
}

// Hand-over failures that retrying cannot mend.
var (
	// ErrNoListener: the daemon's config has no listener to hand over to.
	ErrNoListener = errors.New("the daemon has no listener to hand the message to (set http.listen, or use --direct)")
	// ErrBadToken: the daemon refused the bearer token.
	ErrBadToken = errors.New("the daemon refused the bearer token: give ingest the daemon's config (http.token or SILENTGUARD_HTTP_TOKEN)")
	// ErrRefused: the daemon refused the message itself (a 4xx).
	ErrRefused = errors.New("the daemon refused the message")
)

// url is the generic endpoint on the daemon's listener.
func (d Daemon) url(path string) (string, error) {
	host, port, err := net.SplitHostPort(d.Listen)
	if err != nil || d.Listen == "" {
		return "", fmt.Errorf("http.listen %q: %w", d.Listen, ErrNoListener)
	}
	switch host {
	case "", "0.0.0.0":
		host = "127.0.0.1"
	case "::", "[::]":
		host = "::1"
	}
	return "http://" + net.JoinHostPort(host, port) + path, nil
}

// Running returns the daemon's address if one answers on its listener.
func (d Daemon) Running() string {
	u, err := d.url("/healthz")
	if err != nil {
		return ""
	}
	cli := &http.Client{Timeout: 2 * time.Second}
	resp, err := cli.Get(u)
	if err != nil {
		return ""
	}
	resp.Body.Close()
	if resp.Header.Get("Content-Type") != "application/json" {
		return "" // something else listens there
	}
	return strings.TrimSuffix(u, "/healthz")
}

// HandOver posts m to the daemon, retrying while it is down or restarting
// (connection refused, 503, 429) until ctx ends, which it returns. Errors
// that retrying cannot mend wrap ErrNoListener, ErrBadToken or ErrRefused.
func (d Daemon) HandOver(ctx context.Context, m Received) error {
	target, err := d.url("/v1/messages")
	if err != nil {
		return err
	}
	body, _ := json.Marshal(m)
	client := &http.Client{Timeout: 20 * time.Second}
	backoff := 250 * time.Millisecond
	for attempt := 1; ; attempt++ {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if d.Token != "" {
			req.Header.Set("Authorization", "Bearer "+d.Token)
		}
		if d.Source != "" {
			req.Header.Set(SourceHeader, d.Source)
		}
		resp, err := client.Do(req)
		delay := backoff
		if err == nil {
			var answer struct{ Status, Error, Field string }
			_ = json.NewDecoder(io.LimitReader(resp.Body, 64<<10)).Decode(&answer)
			resp.Body.Close()
			switch {
			case resp.StatusCode/100 == 2:
				d.Log.Info().Str("status", answer.Status).Int("attempts", attempt).Int("text_len", len(m.Text)).Msg("Handed the message to the daemon")
				return nil
			case resp.StatusCode == http.StatusUnauthorized:
				return ErrBadToken
			case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable:
				if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && s > 0 {
					delay = time.Duration(s) * time.Second
				}
				d.Log.Warn().Int("http_status", resp.StatusCode).Dur("retry_in", delay).Msg("The daemon asks to retry")
			default:
				return fmt.Errorf("%w: HTTP %d: %s: %s", ErrRefused, resp.StatusCode, answer.Field, answer.Error)
			}
		} else if ctx.Err() == nil {
			d.Log.Warn().Err(err).Dur("retry_in", delay).Msg("The daemon is not reachable; retrying")
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("the daemon did not take the message in %d attempts: %w", attempt, ctx.Err())
		case <-time.After(delay):
		}
		backoff = min(backoff*2, 5*time.Second)
	}
}

// Direct stores and judges m with eng, whose delivery runs, and waits
// until the warning it caused, if any, has reached every target of its
// owner or ctx ends: then the warning stays pending, for the daemon or the
// next run. A message SilentGuard refuses is a *bot.InputError.
func Direct(ctx context.Context, eng bot.Core, log zerolog.Logger, m Received) (bot.Result, error) {
	owner := eng.Owner(m.Owner)
	if owner == nil {
		return bot.Result{}, &bot.InputError{Field: "owner", Err: fmt.Errorf("%w %q", bot.ErrUnknownOwner, m.Owner)}
	}
	var at time.Time
	if m.Time != "" {
		var err error
		if at, err = time.Parse(time.RFC3339, m.Time); err != nil {
			return bot.Result{}, &bot.InputError{Field: "time", Err: fmt.Errorf("%w: want RFC 3339", bot.ErrInvalid)}
		}
	}
	res, err := eng.Handle(ctx, SMS(owner, m.From, m.Text, m.Media, m.ID, at))
	if err != nil {
		return bot.Result{}, err
	}
	log.Info().Bool("duplicate", res.Duplicate).Bool("watched", res.Watched).Str("state", res.State).Int("text_len", len(m.Text)).Msg("Stored the message")
	if res.Warning == nil {
		return res, nil
	}
	left, err := eng.WaitDelivered(ctx, res.Warning.ID)
	switch {
	case err == nil:
		log.Info().Str("warning", res.Warning.ID).Msg("Warning delivered")
	case ctx.Err() != nil:
		log.Warn().Str("warning", res.Warning.ID).Int("targets_left", left).Msg("Warning not delivered yet; it stays pending and is retried")
	default:
		log.Warn().Err(err).Str("warning", res.Warning.ID).Msg("Cannot tell whether the warning was delivered; it stays pending if not")
	}
	return res, nil
}
