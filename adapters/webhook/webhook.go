// Package webhook receives messages over HTTP: a generic JSON endpoint
// (for scripts and `silentguard ingest`), Twilio's incoming-message
// webhook and the SMS Gateway for Android app's sms:received webhook, and
// it reads the message Gammu SMSD hands a RunOnReceive program. It answers
// the poster and nobody else: the response never carries anything meant
// for the sender, and it calls no gateway API.
package webhook

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/detectors"
	"github.com/silentguard/silentguard/internal/phone"
)

// Platform is the platform name of messages that arrive here.
const Platform = "webhook"

// Handler is the inbound webhook.
type Handler struct {
	engine bot.Core
	// token, when set, must be given as "Authorization: Bearer <token>".
	token   string
	maxBody int64
	log     zerolog.Logger
	sources []*source
}

// New builds the handler. token may be empty only on a loopback listener;
// the caller enforces that.
func New(engine bot.Core, token string, maxBody int64, log zerolog.Logger) *Handler {
	if maxBody <= 0 {
		maxBody = 64 << 10
	}
	return &Handler{engine: engine, token: token, maxBody: maxBody, log: log.With().Str("component", "webhook").Logger()}
}

// Name is the adapter's name, its health's.
func (h *Handler) Name() string { return Platform }

// Run reports the webhook up for every owner, once the listener that
// serves it is bound, and waits for ctx to end: requests drive the rest.
func (h *Handler) Run(ctx context.Context) error {
	for _, id := range h.engine.Owners() {
		h.engine.ReportAdapter(id, Platform, true, "")
	}
	<-ctx.Done()
	return nil
}

// Register adds the endpoints to a mux.
func (h *Handler) Register(mux *http.ServeMux) {
	mux.HandleFunc("/v1/messages", h.serveMessage)
	mux.HandleFunc("/v1/twilio/{token}", h.serveTwilio)
	mux.HandleFunc("/v1/android/{token}", h.serveAndroid)
}

// inbound is the generic JSON message.
type inbound struct {
	Owner string `json:"owner"`
	// From is the sender: a phone number in any common format, or an
	// alphanumeric sender ID.
	From string `json:"from"`
	Name string `json:"name"`
	Text string `json:"text"`
	// Time is RFC 3339; empty means now.
	Time string `json:"time"`
	// ID is the gateway's message ID, unique per sender.
	ID string `json:"id"`
	// Optional.
	Network   string `json:"network"`
	Media     string `json:"media"`
	FromOwner bool   `json:"from_owner"`
	// Conversation defaults to From: one conversation per sender.
	Conversation string `json:"conversation"`
	EditOf       string `json:"edit_of"`
}

type apiError struct {
	Error string `json:"error"`
	Field string `json:"field,omitempty"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func fail(w http.ResponseWriter, status int, field, format string, args ...any) {
	writeJSON(w, status, apiError{Error: fmt.Sprintf(format, args...), Field: field})
}

// Authorized checks the bearer token in constant time.
func Authorized(r *http.Request, token string) bool {
	if token == "" {
		return true
	}
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return ok && subtle.ConstantTimeCompare([]byte(got), []byte(token)) == 1
}

func (h *Handler) serveMessage(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		fail(w, http.StatusMethodNotAllowed, "", "use POST")
		return
	}
	if !Authorized(r, h.token) {
		h.log.Warn().Str("remote", r.RemoteAddr).Msg("Rejected a request without the right bearer token")
		w.Header().Set("WWW-Authenticate", `Bearer realm="silentguard"`)
		fail(w, http.StatusUnauthorized, "", "missing or wrong bearer token")
		return
	}
	if name := r.Header.Get(SourceHeader); name != "" {
		s := h.sourceByName(name)
		if s == nil {
			fail(w, http.StatusBadRequest, SourceHeader, "no [[sms.source]] is named %q", name)
			return
		}
		if !h.allow(w, s) {
			return
		}
	}
	if ct := r.Header.Get("Content-Type"); ct != "" && ct != "application/json" {
		if mt, _, _ := mime.ParseMediaType(ct); mt != "application/json" {
			fail(w, http.StatusUnsupportedMediaType, "", "send application/json, not %q", mt)
			return
		}
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.maxBody))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			fail(w, http.StatusRequestEntityTooLarge, "", "body larger than %d bytes", h.maxBody)
			return
		}
		fail(w, http.StatusBadRequest, "", "read body: %v", err)
		return
	}
	msg, field, err := h.parse(body)
	if err != nil {
		h.log.Info().Str("field", field).Err(err).Msg("Rejected a malformed message")
		status := http.StatusBadRequest
		if errors.Is(err, bot.ErrUnknownOwner) {
			status = http.StatusNotFound
		}
		fail(w, status, field, "%v", err)
		return
	}
	res, err := h.engine.Handle(r.Context(), msg)
	if err != nil {
		var ie *bot.InputError
		if errors.As(err, &ie) {
			h.log.Info().Str("field", ie.Field).Err(ie.Err).Msg("Rejected a malformed message")
			status := http.StatusBadRequest
			if errors.Is(err, bot.ErrUnknownOwner) {
				status = http.StatusNotFound
			}
			fail(w, status, ie.Field, "%v", ie.Err)
			return
		}
		h.log.Error().Err(err).Msg("Failed to store a message; the poster should retry")
		fail(w, http.StatusServiceUnavailable, "", "not stored, try again")
		return
	}
	// Only for the poster; nothing here is meant for the sender.
	accepted(w, res.Duplicate)
}

// The answers to a message taken, as writeJSON would encode them: every
// message gets one.
var (
	answerStored    = []byte(`{"status":"stored"}` + "\n")
	answerDuplicate = []byte(`{"status":"duplicate"}` + "\n")
)

// accepted answers 202 to a message stored (or seen before).
func accepted(w http.ResponseWriter, duplicate bool) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusAccepted)
	if duplicate {
		_, _ = w.Write(answerDuplicate)
	} else {
		_, _ = w.Write(answerStored)
	}
}

// parse turns the body into a bot.Message, or names the bad field.
func (h *Handler) parse(body []byte) (bot.Message, string, error) {
	if field, err := checkUTF8(body); err != nil {
		return bot.Message{}, field, err
	}
	var in inbound
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return bot.Message{}, te.Field, fmt.Errorf("wrong type: want %s", te.Type)
		}
		if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			return bot.Message{}, strings.Trim(f, `"`), errors.New("unknown field")
		}
		return bot.Message{}, "", fmt.Errorf("invalid JSON: %v", err)
	}
	if dec.More() {
		return bot.Message{}, "", errors.New("invalid JSON: more than one object")
	}
	switch {
	case in.Owner == "":
		return bot.Message{}, "owner", errors.New("required")
	case in.From == "" && !in.FromOwner:
		return bot.Message{}, "from", errors.New("required")
	case in.ID == "":
		return bot.Message{}, "id", errors.New("required: the gateway's message ID makes redelivery harmless")
	case in.Text == "" && in.Media == "":
		return bot.Message{}, "text", errors.New("required")
	}
	at := time.Time{}
	if in.Time != "" {
		t, err := time.Parse(time.RFC3339, in.Time)
		if err != nil {
			return bot.Message{}, "time", errors.New("want RFC 3339, e.g. 2026-05-07T09:12:00Z")
		}
		at = t
	}
	owner := h.engine.Owner(in.Owner)
	if owner == nil {
		return bot.Message{}, "owner", fmt.Errorf("%w %q", bot.ErrUnknownOwner, in.Owner)
	}
	network := detectors.ParseNetwork(in.Network)
	if network == detectors.NetworkUnknown {
		network = detectors.NetworkSMS
	}
	sender := bot.Sender{ID: in.From, DisplayName: in.Name, Network: network}
	if e164, ok := PhoneE164(in.From, owner.Country); ok {
		sender.ID, sender.Phone = e164, e164
	}
	if sender.DisplayName == "" {
		sender.DisplayName = in.From
	}
	conv := in.Conversation
	if conv == "" {
		conv = sender.ID
	}
	if conv == "" {
		return bot.Message{}, "conversation", errors.New("required when from is empty")
	}
	return bot.Message{
		Platform: Platform, Owner: in.Owner, ConversationKey: conv, Sender: sender,
		Text: in.Text, Media: in.Media, EditOf: in.EditOf, At: at, FromOwner: in.FromOwner, EventID: in.ID,
	}, "", nil
}

// PhoneE164 parses a phone number written in any common format (national
// numbers in the owner's country); ok is false for short codes and
// alphanumeric sender IDs.
func PhoneE164(s, country string) (string, bool) {
	if strings.IndexFunc(s, func(r rune) bool { return r >= 'A' && r <= 'z' }) >= 0 {
		return "", false
	}
	e164, err := phone.E164(s, country)
	return e164, err == nil
}
