package telegram

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// botAPI is every Bot API call the adapter can make, and so all it can do
// on Telegram: learn who the bot is, choose how updates arrive, read them,
// read a business connection, and write in an owner's private chat with
// the bot. Nothing here can act as the owner or toward a sender: the
// methods that would (any send* with a business_connection_id,
// readBusinessMessage, sendChatAction, reactions, deletions, profile
// setters) have no counterpart, SendToOwner takes no business connection,
// and it refuses every chat but an owner's.
//
// The adapter holds only this interface. client implements it over
// go-telegram/bot, whose *Bot could call any method and never leaves it.
//
// A failed call returns an *APIError when Telegram answered, without the
// answer's body (sendMessage's echoes the text); other errors have the
// token cut out of their text.
type botAPI interface {
	GetMe(ctx context.Context) (*models.User, error)
	// SetWebhook points Telegram at url with the secret token, the update
	// types and one connection at a time.
	SetWebhook(ctx context.Context, url, secret string) error
	// DeleteWebhook removes a webhook and keeps the pending updates.
	DeleteWebhook(ctx context.Context) error
	// GetUpdates long-polls the updates from offset on, each raw, so that
	// one the client library cannot decode does not fail the others.
	GetUpdates(ctx context.Context, offset int64) ([]json.RawMessage, error)
	// GetBusinessConnection is the one call with a business_connection_id:
	// it reads.
	GetBusinessConnection(ctx context.Context, id string) (*models.BusinessConnection, error)
	// SendToOwner sends an HTML message to an owner's private chat with
	// the bot, without business_connection_id; any other chat gets
	// ErrNotOwnerChat and no call is made.
	SendToOwner(ctx context.Context, chat int64, html string) error
}

// ErrNotOwnerChat refuses a message to a chat that is not a configured
// owner's private chat with the bot.
var ErrNotOwnerChat = errors.New("not a configured owner's chat with the bot")

// client is the botAPI over go-telegram/bot and, for getUpdates, plain
// HTTP.
type client struct {
	bot         *tgbot.Bot
	poll        *http.Client
	url, token  string
	pollTimeout time.Duration
	// owners are the owners' user ids. A private chat's id is its user's
	// id, so these are the only chats SendToOwner writes to.
	owners map[int64]bool
}

var _ botAPI = (*client)(nil)

// newClient builds the client; it makes no network call.
func newClient(opts Options, httpClient *http.Client, onError func(error)) (*client, error) {
	b, err := tgbot.New(opts.Token,
		tgbot.WithSkipGetMe(),
		tgbot.WithServerURL(opts.APIURL),
		tgbot.WithHTTPClient(opts.PollTimeout, httpClient),
		tgbot.WithErrorsHandler(onError),
		tgbot.WithDefaultHandler(func(context.Context, *tgbot.Bot, *models.Update) {}),
	)
	if err != nil {
		return nil, err
	}
	owners := map[int64]bool{}
	for uid := range opts.Owners {
		owners[uid] = true
	}
	return &client{
		bot:         b,
		poll:        &http.Client{Transport: httpClient.Transport, Timeout: opts.PollTimeout + 30*time.Second},
		url:         opts.APIURL,
		token:       opts.Token,
		pollTimeout: opts.PollTimeout,
		owners:      owners,
	}, nil
}

// botIDOf is the bot's user id, the token's first part.
func botIDOf(token string) int64 {
	id, _ := strconv.ParseInt(strings.Split(token, ":")[0], 10, 64)
	return id
}

func (c *client) GetMe(ctx context.Context) (*models.User, error) {
	me, err := c.bot.GetMe(ctx)
	if err != nil {
		return nil, c.apiError("getMe", err)
	}
	return me, nil
}

func (c *client) SetWebhook(ctx context.Context, url, secret string) error {
	_, err := c.bot.SetWebhook(ctx, &tgbot.SetWebhookParams{
		URL: url, SecretToken: secret, AllowedUpdates: AllowedUpdates, MaxConnections: 1,
	})
	return c.apiError("setWebhook", err)
}

func (c *client) DeleteWebhook(ctx context.Context) error {
	_, err := c.bot.DeleteWebhook(ctx, &tgbot.DeleteWebhookParams{DropPendingUpdates: false})
	return c.apiError("deleteWebhook", err)
}

func (c *client) GetBusinessConnection(ctx context.Context, id string) (*models.BusinessConnection, error) {
	bc, err := c.bot.GetBusinessConnection(ctx, &tgbot.GetBusinessConnectionParams{BusinessConnectionID: id})
	if err != nil {
		return nil, c.apiError("getBusinessConnection", err)
	}
	return bc, nil
}

func (c *client) SendToOwner(ctx context.Context, chat int64, html string) error {
	if !c.owners[chat] {
		return fmt.Errorf("telegram sendMessage: %w", ErrNotOwnerChat)
	}
	_, err := c.bot.SendMessage(ctx, &tgbot.SendMessageParams{
		ChatID:             chat,
		Text:               html,
		ParseMode:          models.ParseModeHTML,
		LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: tgbot.True()},
	})
	err = c.apiError("sendMessage", err)
	var apiErr *APIError
	if errors.As(err, &apiErr) && apiErr.Code == http.StatusForbidden {
		apiErr.Description = "the owner blocked the bot or never pressed Start in its chat"
	}
	return err
}

// apiError words a failed call of go-telegram/bot: an *APIError when
// Telegram answered, else the error without the token.
func (c *client) apiError(method string, err error) error {
	if err == nil {
		return nil
	}
	var tooMany *tgbot.TooManyRequestsError
	if errors.As(err, &tooMany) {
		return &APIError{Method: method, Code: http.StatusTooManyRequests, Description: "too many requests", RetryAfter: tooMany.RetryAfter}
	}
	for _, e := range []struct {
		sentinel error
		code     int
	}{
		{tgbot.ErrorBadRequest, http.StatusBadRequest}, {tgbot.ErrorUnauthorized, http.StatusUnauthorized},
		{tgbot.ErrorForbidden, http.StatusForbidden}, {tgbot.ErrorNotFound, http.StatusNotFound},
		{tgbot.ErrorConflict, http.StatusConflict},
	} {
		if errors.Is(err, e.sentinel) {
			return &APIError{Method: method, Code: e.code, Description: redact(err.Error(), c.token)}
		}
	}
	if strings.Contains(err.Error(), "error decode response") {
		// The library's text holds the answer's body.
		return &APIError{Method: method, Description: "not a Bot API answer"}
	}
	return redactErr(err, c.token)
}

// APIError is a Bot API answer with "ok": false.
type APIError struct {
	Method      string
	Code        int
	Description string
	// RetryAfter is the wait Telegram asks for after a 429, in seconds.
	RetryAfter int
}

func (e *APIError) Error() string {
	s := fmt.Sprintf("telegram %s: %d %s", e.Method, e.Code, e.Description)
	if e.RetryAfter > 0 {
		s += fmt.Sprintf(" (retry after %ds)", e.RetryAfter)
	}
	return s
}

// envelope is the Bot API's answer: {"ok":...,"result":...}.
type envelope struct {
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result"`
	ErrorCode   int             `json:"error_code"`
	Description string          `json:"description"`
	Parameters  struct {
		RetryAfter int `json:"retry_after"`
	} `json:"parameters"`
}

type getUpdatesRequest struct {
	Offset         int64    `json:"offset,omitempty"`
	Timeout        int      `json:"timeout"`
	AllowedUpdates []string `json:"allowed_updates"`
}

// maxAnswer bounds a getUpdates answer (100 updates of at most a few KiB).
const maxAnswer = 32 << 20

// GetUpdates does not go through go-telegram/bot, which decodes a whole
// batch at once.
func (c *client) GetUpdates(ctx context.Context, offset int64) ([]json.RawMessage, error) {
	body, _ := json.Marshal(getUpdatesRequest{Offset: offset, Timeout: int(c.pollTimeout.Seconds()), AllowedUpdates: AllowedUpdates})
	url := c.url + "/bot" + c.token + "/getUpdates"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, errors.New(redact(err.Error(), c.token))
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.poll.Do(req)
	if err != nil {
		// The URL in the error holds the token.
		return nil, fmt.Errorf("telegram getUpdates: %s", redact(err.Error(), c.token))
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return nil, fmt.Errorf("telegram getUpdates: read answer: %s", redact(err.Error(), c.token))
	}
	var env envelope
	if err := json.Unmarshal(data, &env); err != nil {
		return nil, &APIError{Method: "getUpdates", Code: resp.StatusCode, Description: "not a Bot API answer (HTTP " + strconv.Itoa(resp.StatusCode) + ")"}
	}
	if !env.OK {
		code := env.ErrorCode
		if code == 0 {
			code = resp.StatusCode
		}
		return nil, &APIError{Method: "getUpdates", Code: code, Description: env.Description, RetryAfter: env.Parameters.RetryAfter}
	}
	var raws []json.RawMessage
	if err := json.Unmarshal(env.Result, &raws); err != nil {
		return nil, &APIError{Method: "getUpdates", Code: resp.StatusCode, Description: "result is not a list of updates"}
	}
	return raws, nil
}
