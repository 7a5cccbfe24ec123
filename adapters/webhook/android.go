package webhook

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/silentguard/silentguard/bot"
)

// SMS Gateway for Android (capcom6/android-sms-gateway) signs each webhook
// request: X-Signature is the hex HMAC-SHA256, under the app's signing key,
// of the raw body followed by X-Timestamp (Unix seconds).
const (
	AndroidSignatureHeader = "X-Signature"
	AndroidTimestampHeader = "X-Timestamp"
	// androidMaxSkew bounds how old (or early) a signed request may be, so
	// that a captured request can't be replayed later.
	androidMaxSkew = 5 * time.Minute
)

// The app's events. Only the received ones carry a message; the others are
// answered 200 and dropped so that the app doesn't retry them.
const (
	androidReceived      = "sms:received"
	androidBatchReceived = "sms:batch:received"
)

var androidOtherEvents = []string{
	"sms:sent", "sms:delivered", "sms:failed", "sms:cancelled", "system:ping", "app:started",
	"sms:data-received", "sms:batch:data-received",
	"mms:received", "mms:batch:received", "mms:downloaded", "mms:batch:downloaded",
}

// AndroidSignature computes X-Signature as the app's documentation and
// source do: hex(HMAC-SHA256(key, body + timestamp)).
func AndroidSignature(key string, body []byte, timestamp string) string {
	mac := hmac.New(sha256.New, []byte(key))
	mac.Write(body)
	mac.Write([]byte(timestamp))
	return hex.EncodeToString(mac.Sum(nil))
}

func verifyAndroid(s *source, r *http.Request, body []byte, now time.Time) (field string, err error) {
	sig, ts := r.Header.Get(AndroidSignatureHeader), r.Header.Get(AndroidTimestampHeader)
	if sig == "" {
		return AndroidSignatureHeader, fmt.Errorf("missing %s: set the signing key in the app (Settings › Webhooks) and in signing_key", AndroidSignatureHeader)
	}
	if ts == "" {
		return AndroidTimestampHeader, fmt.Errorf("missing %s", AndroidTimestampHeader)
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return AndroidTimestampHeader, fmt.Errorf("%s is not Unix seconds", AndroidTimestampHeader)
	}
	got, err := hex.DecodeString(strings.TrimSpace(sig))
	want := hmac.New(sha256.New, []byte(s.SigningKey))
	want.Write(body)
	want.Write([]byte(ts))
	if err != nil || !hmac.Equal(got, want.Sum(nil)) {
		return AndroidSignatureHeader, fmt.Errorf("%s does not match: check signing_key against the app's Settings › Webhooks › Signing Key", AndroidSignatureHeader)
	}
	// Checked after the signature, so that the skew of a forged request
	// tells nothing.
	if skew := now.Sub(time.Unix(sec, 0)); skew > androidMaxSkew || skew < -androidMaxSkew {
		return AndroidTimestampHeader, fmt.Errorf("%s is %s off this server's clock (allowed ±%s): check the phone's and the server's time", AndroidTimestampHeader, skew.Round(time.Second), androidMaxSkew)
	}
	return "", nil
}

// androidEvent is the envelope of every webhook request.
type androidEvent struct {
	DeviceID  string          `json:"deviceId"`
	Event     string          `json:"event"`
	ID        string          `json:"id"`
	WebhookID string          `json:"webhookId"`
	Payload   json.RawMessage `json:"payload"`
}

// androidSMS is the payload of sms:received.
type androidSMS struct {
	// MessageID is derived from the content and is not unique.
	MessageID   string  `json:"messageId"`
	Message     *string `json:"message"`
	PhoneNumber string  `json:"phoneNumber"`
	// SimNumber may be null.
	SimNumber *int `json:"simNumber"`
	// ReceivedAt is in the device's time zone, with its offset.
	ReceivedAt string `json:"receivedAt"`
}

func (h *Handler) serveAndroid(w http.ResponseWriter, r *http.Request) {
	s := h.sourceByToken(SourceAndroid, r.PathValue("token"))
	if s == nil {
		h.log.Warn().Str("remote", r.RemoteAddr).Msg("Request for an unknown Android source token")
		fail(w, http.StatusNotFound, "", "no source has this token")
		return
	}
	body, ok := h.readBody(w, r, "application/json")
	if !ok {
		return
	}
	if field, err := verifyAndroid(s, r, body, time.Now()); err != nil {
		h.log.Warn().Str("source", s.Name).Str("remote", r.RemoteAddr).Int("body_len", len(body)).Str("field", field).Err(err).
			Msg("Rejected a request with a bad signature")
		fail(w, http.StatusForbidden, field, "%v", err)
		return
	}
	if !h.allow(w, s) {
		return
	}
	owner, err := h.ownerOf(s, "", "")
	if err != nil {
		h.rejectInput(w, s, err)
		return
	}
	msgs, event, err := parseAndroid(owner, body)
	if err != nil {
		h.rejectInput(w, s, err)
		return
	}
	if msgs == nil {
		ev, why := h.log.Info(), "Ignored an Android gateway event that carries no received message"
		if !slices.Contains(androidOtherEvents, event) {
			ev, why = h.log.Warn(), "Ignored an unknown Android gateway event; register the webhook for sms:received only"
		}
		ev.Str("source", s.Name).Str("event", event).Msg(why)
		writeJSON(w, http.StatusOK, map[string]string{"status": "ignored"})
		return
	}
	duplicate := false
	for _, m := range msgs {
		dup, ok := h.store(w, r, s, m)
		if !ok {
			return
		}
		duplicate = dup && len(msgs) == 1
	}
	// Only for the app; nothing here is meant for the sender.
	accepted(w, duplicate)
}

// parseAndroid reads the app's webhook body. It returns no messages and
// no error for events that carry none.
func parseAndroid(owner *bot.Owner, body []byte) ([]bot.Message, string, error) {
	if field, err := checkUTF8(body); err != nil {
		return nil, "", &bot.InputError{Field: field, Err: err}
	}
	var ev androidEvent
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&ev); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return nil, "", &bot.InputError{Field: te.Field, Err: fmt.Errorf("%w: wrong type, want %s", bot.ErrInvalid, te.Type)}
		}
		return nil, "", &bot.InputError{Err: fmt.Errorf("%w JSON: %v", bot.ErrInvalid, err)}
	}
	if dec.More() {
		return nil, "", &bot.InputError{Err: fmt.Errorf("%w JSON: more than one object", bot.ErrInvalid)}
	}
	switch {
	case ev.Event == androidReceived:
		var p androidSMS
		if err := decodePayload(ev.Payload, &p, "payload"); err != nil {
			return nil, ev.Event, err
		}
		m, err := androidMessage(owner, &p, "payload")
		if err != nil {
			return nil, ev.Event, err
		}
		return []bot.Message{m}, ev.Event, nil
	case ev.Event == androidBatchReceived:
		var p struct {
			Messages []androidSMS `json:"messages"`
		}
		if err := decodePayload(ev.Payload, &p, "payload"); err != nil {
			return nil, ev.Event, err
		}
		if len(p.Messages) == 0 {
			return nil, ev.Event, &bot.InputError{Field: "payload.messages", Err: bot.ErrEmpty}
		}
		out := make([]bot.Message, 0, len(p.Messages))
		for i := range p.Messages {
			m, err := androidMessage(owner, &p.Messages[i], fmt.Sprintf("payload.messages[%d]", i))
			if err != nil {
				return nil, ev.Event, err
			}
			out = append(out, m)
		}
		return out, ev.Event, nil
	case slices.Contains(androidOtherEvents, ev.Event):
		return nil, ev.Event, nil
	case ev.Event == "":
		return nil, "", &bot.InputError{Field: "event", Err: bot.ErrEmpty}
	default:
		// A newer app's event: a 4xx would make the app retry it for days.
		return nil, ev.Event, nil
	}
}

func decodePayload(raw json.RawMessage, v any, field string) error {
	if len(raw) == 0 || string(raw) == "null" {
		return &bot.InputError{Field: field, Err: bot.ErrEmpty}
	}
	if err := json.Unmarshal(raw, v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return &bot.InputError{Field: field + "." + te.Field, Err: fmt.Errorf("%w: wrong type, want %s", bot.ErrInvalid, te.Type)}
		}
		return &bot.InputError{Field: field, Err: fmt.Errorf("%w: %v", bot.ErrInvalid, err)}
	}
	return nil
}

func androidMessage(owner *bot.Owner, p *androidSMS, field string) (bot.Message, error) {
	switch {
	case strings.TrimSpace(p.PhoneNumber) == "":
		return bot.Message{}, &bot.InputError{Field: field + ".phoneNumber", Err: bot.ErrEmpty}
	case p.Message == nil || *p.Message == "":
		return bot.Message{}, &bot.InputError{Field: field + ".message", Err: bot.ErrEmpty}
	case p.ReceivedAt == "":
		return bot.Message{}, &bot.InputError{Field: field + ".receivedAt", Err: bot.ErrEmpty}
	}
	at, err := parseDeviceTime(p.ReceivedAt, owner.Location)
	if err != nil {
		return bot.Message{}, &bot.InputError{Field: field + ".receivedAt", Err: fmt.Errorf("%w: want e.g. 2024-06-22T15:46:11.000+07:00", bot.ErrInvalid)}
	}
	sim := ""
	if p.SimNumber != nil {
		sim = strconv.Itoa(*p.SimNumber)
	}
	// messageId is derived from the content and repeats, and the event id
	// and deviceId differ between the app's local and cloud webhooks. The
	// content with the receipt time is the same on every delivery.
	id := ContentHash("android:", strings.TrimSpace(p.PhoneNumber), p.ReceivedAt, sim, *p.Message)
	return SMS(owner, strings.TrimSpace(p.PhoneNumber), *p.Message, "", id, at), nil
}

// parseDeviceTime reads the app's receivedAt: ISO 8601 with the device's
// offset; without one, the owner's time zone.
func parseDeviceTime(s string, loc *time.Location) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	for _, layout := range []string{"2006-01-02T15:04:05.999999999Z0700", "2006-01-02T15:04:05.999999999"} {
		if loc == nil {
			loc = time.Local
		}
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, errors.New("bad time")
}
