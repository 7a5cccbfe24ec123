// Package telegram watches Telegram private chats through Telegram
// Business and warns the owner in their own chat with the bot.
//
// A bot connected to the owner's account (Telegram Business) receives the
// chats the owner gave it: business_message, edited_business_message and
// deleted_business_messages feed the core. Owners without Premium forward
// a suspicious message to the bot (or write /check TEXT) and get a verdict
// on the spot.
//
// The adapter never acts toward the sender. Every Bot API call that takes
// a business_connection_id acts as the owner, in front of the sender, so
// the only one made is getBusinessConnection (a read). Messages go to the
// owner's private chat with the bot only, and never to anyone who is not a
// configured owner. The types hold this: the adapter reaches Telegram only
// through botAPI, which has no other call.
//
// It polls getUpdates itself instead of using go-telegram/bot's loop: the
// library decodes a whole batch at once and retries the same offset forever
// when one update does not decode. Here each update is decoded alone, an
// undecodable one is logged and skipped, and the offset is saved only after
// the batch was handed to the core (which is idempotent).
package telegram

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-telegram/bot/models"
	"github.com/rs/zerolog"

	"github.com/silentguard/silentguard/bot"
)

// Platform is the platform name of the messages this adapter hands the core.
const Platform = "telegram"

// AllowedUpdates are the update types asked for, always passed explicitly:
// without them Telegram reuses whatever an earlier client set.
var AllowedUpdates = []string{
	models.AllowedUpdateMessage,
	models.AllowedUpdateBusinessConnection,
	models.AllowedUpdateBusinessMessage,
	models.AllowedUpdateEditedBusinessMessage,
	models.AllowedUpdateDeletedBusinessMessages,
}

// Options configure an Adapter.
type Options struct {
	Token string
	// APIURL is the Bot API server; "" means https://api.telegram.org.
	APIURL string
	// PollTimeout is the long-polling timeout of getUpdates; 0 means 50s.
	PollTimeout time.Duration
	// Owners maps a Telegram user id to the owner id it belongs to.
	Owners map[int64]string
	// Core is the core the adapter hands messages to.
	Core bot.Core
	Log  zerolog.Logger
	// WebhookURL and WebhookSecret select webhook mode (see Handler).
	WebhookURL    string
	WebhookSecret string
	// BackoffMin and BackoffMax bound the wait after a failed request;
	// 0 means 1s and 1m.
	BackoffMin, BackoffMax time.Duration
	// HTTPClient makes the API calls; nil means a client with timeouts.
	HTTPClient *http.Client
}

// Adapter is the Telegram adapter. It is safe for concurrent use.
type Adapter struct {
	opts  Options
	eng   bot.Core
	log   zerolog.Logger
	api   botAPI // all it can do on Telegram
	botID int64

	mu         sync.Mutex
	conns      map[string]*conn // business connection id -> connection (nil: not an owner's)
	ownerChats map[string]int64 // owner id -> private chat with the bot
	tokenBad   bool
	hasBiz     bool // getMe said the bot can connect to business accounts
}

// Errors of the adapter.
var (
	ErrTokenRejected = errors.New("the Telegram bot token was rejected")
	ErrNoOwnerChat   = errors.New("no Telegram chat with this owner")
)

// New builds the adapter; it makes no network call.
func New(opts Options) (*Adapter, error) {
	if strings.TrimSpace(opts.Token) == "" {
		return nil, errors.New("telegram: empty bot token")
	}
	if opts.Core == nil {
		return nil, errors.New("telegram: no core")
	}
	if opts.APIURL == "" {
		opts.APIURL = "https://api.telegram.org"
	}
	opts.APIURL = strings.TrimRight(opts.APIURL, "/")
	if opts.PollTimeout <= 0 {
		opts.PollTimeout = 50 * time.Second
	}
	if opts.BackoffMin <= 0 {
		opts.BackoffMin = time.Second
	}
	if opts.BackoffMax < opts.BackoffMin {
		opts.BackoffMax = max(time.Minute, opts.BackoffMin)
	}
	client := opts.HTTPClient
	if client == nil {
		client = &http.Client{Timeout: 30 * time.Second}
	}
	a := &Adapter{
		opts:       opts,
		eng:        opts.Core,
		log:        opts.Log.With().Str("component", "telegram").Logger(),
		botID:      botIDOf(opts.Token),
		conns:      map[string]*conn{},
		ownerChats: map[string]int64{},
	}
	api, err := newClient(opts, client, func(err error) {
		a.log.Debug().Str("error", redact(err.Error(), opts.Token)).Msg("Telegram client error")
	})
	if err != nil {
		return nil, fmt.Errorf("telegram: %w", err)
	}
	a.api = api
	return a, nil
}

// ownerIDs lists the configured owners, sorted and once each.
func (a *Adapter) ownerIDs() []string {
	seen := map[string]bool{}
	var out []string
	for _, o := range a.opts.Owners {
		if !seen[o] {
			seen[o] = true
			out = append(out, o)
		}
	}
	sort.Strings(out)
	return out
}

// userIDsOf lists the Telegram user ids that belong to an owner, sorted.
func (a *Adapter) userIDsOf(owner string) []int64 {
	var out []int64
	for uid, o := range a.opts.Owners {
		if o == owner {
			out = append(out, uid)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// Name is the adapter's name, its health's and its state's.
func (a *Adapter) Name() string { return Platform }

// Run watches until ctx ends. In polling mode it polls getUpdates; in
// webhook mode it registers the webhook and waits (updates arrive through
// Handler). It returns nil when ctx ends.
func (a *Adapter) Run(ctx context.Context) error {
	if err := a.start(ctx); err != nil || ctx.Err() != nil {
		return err
	}
	if a.opts.WebhookURL != "" {
		a.setWebhook(ctx)
		<-ctx.Done()
		return nil
	}
	// A webhook left from an earlier setup makes getUpdates fail with 409.
	a.call(ctx, "deleteWebhook", a.api.DeleteWebhook)
	a.pollLoop(ctx)
	return nil
}

// start checks the token (getMe, retried until it works or ctx ends) and
// restores the owners' business connections.
func (a *Adapter) start(ctx context.Context) error {
	var me *models.User
	a.call(ctx, "getMe", func(ctx context.Context) error {
		var err error
		me, err = a.api.GetMe(ctx)
		return err
	})
	if ctx.Err() != nil {
		return nil
	}
	a.mu.Lock()
	a.hasBiz = me.CanConnectToBusiness
	a.mu.Unlock()
	ev := a.log.Info().Int64("bot_id", me.ID).Bool("business", me.CanConnectToBusiness).Int("owners", len(a.ownerIDs()))
	ev.Msg("Telegram bot ready")
	if !me.CanConnectToBusiness {
		a.log.Warn().Msg("Business mode is off for this bot in @BotFather (Bot Settings > Business Mode): only /check works until it is on")
	}
	for _, owner := range a.ownerIDs() {
		for _, uid := range a.userIDsOf(owner) {
			c, err := a.loadConn(ctx, owner, uid)
			if err != nil && ctx.Err() != nil {
				return nil // shut down while restoring: not a failure
			}
			if err != nil {
				return fmt.Errorf("telegram: restore business connection: %w", err)
			}
			if c == nil {
				continue
			}
			a.mu.Lock()
			a.conns[c.ID] = c
			if c.UserChatID != 0 {
				a.ownerChats[owner] = c.UserChatID
			}
			a.mu.Unlock()
		}
		// Quiet: the owner heard of a turned-off connection when it
		// happened; turning it on again after this restart says "resumed".
		ok, reason := a.connState(owner)
		a.eng.RestoreAdapter(owner, Platform, ok, reason)
	}
	return nil
}

// call runs one API call, retrying with backoff on network errors, 5xx
// and 429 (after retry_after) until it works or ctx ends. A rejected token
// is reported to the owners and retried slowly.
func (a *Adapter) call(ctx context.Context, method string, fn func(context.Context) error) {
	backoff := a.opts.BackoffMin
	for ctx.Err() == nil {
		err := fn(ctx)
		if err == nil {
			a.tokenWorks()
			return
		}
		if ctx.Err() != nil {
			return
		}
		wait := a.failed(method, err, &backoff)
		sleep(ctx, wait)
	}
}

// failed logs a failed call, reports a rejected token and returns how long
// to wait before the next try.
func (a *Adapter) failed(method string, err error, backoff *time.Duration) time.Duration {
	wait := a.retryWait(err, backoff)
	a.log.Warn().Str("method", method).Str("error", redact(err.Error(), a.opts.Token)).Dur("retry_in", wait).Msg("Telegram call failed")
	return wait
}

// retryWait is how long to wait after err: the backoff, which it doubles,
// or Telegram's retry_after after a 429. A rejected token is reported and
// retried slowly.
func (a *Adapter) retryWait(err error, backoff *time.Duration) time.Duration {
	wait := *backoff
	*backoff = min(*backoff*2, a.opts.BackoffMax)
	var apiErr *APIError
	switch {
	case errors.As(err, &apiErr) && apiErr.Code == http.StatusTooManyRequests:
		wait = max(time.Duration(apiErr.RetryAfter)*time.Second, time.Second)
	case errors.As(err, &apiErr) && apiErr.RetryAfter > 0:
		wait = time.Duration(apiErr.RetryAfter) * time.Second
	case isTokenRejected(err):
		a.tokenRejected()
		wait = a.opts.BackoffMax
	}
	return wait
}

func isTokenRejected(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && (apiErr.Code == http.StatusUnauthorized || apiErr.Code == http.StatusNotFound)
}

// tokenRejected tells every owner that protection stopped.
func (a *Adapter) tokenRejected() {
	a.mu.Lock()
	was := a.tokenBad
	a.tokenBad = true
	a.mu.Unlock()
	if was {
		return
	}
	a.log.Error().Msg("Telegram rejected the bot token (401): check telegram.token, or create a new token with @BotFather")
	for _, o := range a.ownerIDs() {
		a.eng.ReportAdapter(o, Platform, false, ErrTokenRejected.Error())
	}
}

// tokenWorks reports protection back after a rejected token.
func (a *Adapter) tokenWorks() {
	a.mu.Lock()
	was := a.tokenBad
	a.tokenBad = false
	a.mu.Unlock()
	if !was {
		return
	}
	a.log.Info().Msg("Telegram accepts the bot token again")
	for _, o := range a.ownerIDs() {
		ok, reason := a.connState(o)
		a.eng.ReportAdapter(o, Platform, ok, reason)
	}
}

// connState is an owner's protection state as the connections tell it.
func (a *Adapter) connState(owner string) (bool, string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	found := false
	for _, c := range a.conns {
		if c == nil || c.Owner != owner {
			continue
		}
		if c.Enabled {
			return true, ""
		}
		found = true
	}
	if found {
		return false, reasonDisabled
	}
	return true, ""
}

const reasonDisabled = "the Telegram Business connection was turned off"

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// redactedError is an error whose text lost the token but which still
// unwraps to the original, so that a 429's retry_after and a rejected
// token are still recognised.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// redactErr is err without the token in its text.
func redactErr(err error, token string) error {
	return &redactedError{msg: redact(err.Error(), token), err: err}
}

// redact removes the token from an error text (URLs carry it).
func redact(s, token string) string {
	if token == "" {
		return s
	}
	return strings.ReplaceAll(s, token, "***")
}

// chatKey is the conversation key of a Telegram chat.
func chatKey(chatID int64) string { return strconv.FormatInt(chatID, 10) }

// senderID is the core's identity of a Telegram user or chat.
func senderID(id int64) string { return "telegram:" + strconv.FormatInt(id, 10) }

// eventID is the core's event id of a message.
func eventID(chatID int64, msgID int) string { return chatKey(chatID) + ":" + strconv.Itoa(msgID) }

// displayName is "First Last (@username)", as much as is known.
func displayName(first, last, username string) string {
	name := strings.TrimSpace(strings.TrimSpace(first) + " " + strings.TrimSpace(last))
	if username != "" {
		if name == "" {
			return "@" + username
		}
		return name + " (@" + username + ")"
	}
	return name
}
