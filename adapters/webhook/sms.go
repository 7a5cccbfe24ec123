package webhook

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"golang.org/x/time/rate"

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/detectors"
)

// Source types.
const (
	SourceTwilio  = "twilio"
	SourceAndroid = "android"
	SourceGammu   = "gammu"
)

// SourceHeader names the configured source of a message posted to the
// generic endpoint (`silentguard ingest` sets it), so that the source's
// rate limit applies.
const SourceHeader = "X-SilentGuard-Source"

// Source is one SMS gateway. Twilio and Android sources post to
// /v1/<type>/<token>; a Gammu source posts through `silentguard ingest`
// to the generic endpoint.
type Source struct {
	Name string
	Type string
	// Token is the secret last segment of the source's URL.
	Token string
	// Owner receives every message of the source; or Numbers maps the
	// receiving number in E.164 (Twilio's To) to an owner.
	Owner   string
	Numbers map[string]string
	// AuthToken is the Twilio auth token that signs requests.
	AuthToken string
	// PublicURL is the external URL of SilentGuard's root as the gateway
	// calls it; "" rebuilds it from the request.
	PublicURL string
	// SigningKey is the Android app's webhook signing key.
	SigningKey string
}

type source struct {
	Source
	limit *rate.Limiter
}

// Limit is the rate limit of each source.
type Limit struct {
	PerMinute int
	Burst     int
}

// AddSource registers a gateway. Call before serving.
func (h *Handler) AddSource(s Source, l Limit) error {
	if s.Name == "" || (s.Type != SourceTwilio && s.Type != SourceAndroid && s.Type != SourceGammu) {
		return fmt.Errorf("webhook source %q: bad type %q", s.Name, s.Type)
	}
	if s.Type != SourceGammu && s.Token == "" {
		return fmt.Errorf("webhook source %q: no token", s.Name)
	}
	if s.Owner == "" && len(s.Numbers) == 0 {
		return fmt.Errorf("webhook source %q: no owner", s.Name)
	}
	if l.PerMinute <= 0 {
		l.PerMinute = 60
	}
	if l.Burst <= 0 {
		l.Burst = 20
	}
	h.sources = append(h.sources, &source{Source: s, limit: rate.NewLimiter(rate.Limit(float64(l.PerMinute)/60), l.Burst)})
	return nil
}

// sourceByToken finds the source of a type whose token matches, comparing
// every token in constant time.
func (h *Handler) sourceByToken(typ, token string) *source {
	var found *source
	for _, s := range h.sources {
		if s.Type != typ || s.Token == "" {
			continue
		}
		if subtle.ConstantTimeCompare([]byte(s.Token), []byte(token)) == 1 {
			found = s
		}
	}
	return found
}

func (h *Handler) sourceByName(name string) *source {
	for _, s := range h.sources {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// allow applies the source's rate limit; on refusal it answers 429.
func (h *Handler) allow(w http.ResponseWriter, s *source) bool {
	r := s.limit.Reserve()
	if d := r.Delay(); d > 0 {
		r.Cancel()
		secs := int(math.Ceil(d.Seconds()))
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		h.log.Warn().Str("source", s.Name).Msg("Rate limit reached; refused a message")
		fail(w, http.StatusTooManyRequests, "", "source %s posts faster than sms.rate allows; retry in %ds", s.Name, secs)
		return false
	}
	return true
}

// readBody checks the method and content type and reads a capped body; it
// answers the error itself and returns ok=false.
func (h *Handler) readBody(w http.ResponseWriter, r *http.Request, contentType string) ([]byte, bool) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		fail(w, http.StatusMethodNotAllowed, "", "use POST")
		return nil, false
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != contentType {
		fail(w, http.StatusUnsupportedMediaType, "Content-Type", "send %s, not %q", contentType, mt)
		return nil, false
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.maxBody))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			fail(w, http.StatusRequestEntityTooLarge, "", "body larger than %d bytes (http.max_body)", h.maxBody)
			return nil, false
		}
		fail(w, http.StatusBadRequest, "", "read body: %v", err)
		return nil, false
	}
	return body, true
}

// store hands a message to the core and answers an error itself; ok is
// true once the message is stored (or was a duplicate).
func (h *Handler) store(w http.ResponseWriter, r *http.Request, s *source, m bot.Message) (dup, ok bool) {
	res, err := h.engine.Handle(r.Context(), m)
	if err != nil {
		var ie *bot.InputError
		if errors.As(err, &ie) {
			h.log.Info().Str("source", s.Name).Str("field", ie.Field).Err(ie.Err).Msg("Rejected a malformed message")
			status := http.StatusBadRequest
			if errors.Is(err, bot.ErrUnknownOwner) {
				status = http.StatusNotFound
			}
			fail(w, status, ie.Field, "%v", ie.Err)
			return false, false
		}
		h.log.Error().Err(err).Str("source", s.Name).Msg("Failed to store a message; the gateway should retry")
		fail(w, http.StatusServiceUnavailable, "", "not stored, try again")
		return false, false
	}
	h.log.Debug().Str("source", s.Name).Str("owner", m.Owner).Int("text_len", len(m.Text)).
		Bool("duplicate", res.Duplicate).Bool("watched", res.Watched).Msg("Stored an SMS")
	return res.Duplicate, true
}

// rejectInput answers a message the parser refused.
func (h *Handler) rejectInput(w http.ResponseWriter, s *source, err error) {
	var ie *bot.InputError
	if !errors.As(err, &ie) {
		ie = &bot.InputError{Err: err}
	}
	h.log.Info().Str("source", s.Name).Str("field", ie.Field).Err(ie.Err).Msg("Rejected a malformed message")
	status := http.StatusBadRequest
	if errors.Is(err, bot.ErrUnknownOwner) {
		status = http.StatusNotFound
	}
	fail(w, status, ie.Field, "%v", ie.Err)
}

// SMS builds the core's message for an SMS received by owner: the sender
// in E.164 when it is a phone number (else as given: an alphanumeric
// sender ID), one conversation per sender. Every SMS source, and the
// generic endpoint, agree on this, so a conversation is the same whichever
// way its messages come.
func SMS(owner *bot.Owner, from, text, media, eventID string, at time.Time) bot.Message {
	return Incoming(owner, detectors.NetworkSMS, from, "", text, media, eventID, at)
}

// Incoming is SMS for another network (Twilio carries WhatsApp too) and
// with the sender's display name when the gateway knows it.
func Incoming(owner *bot.Owner, network detectors.Network, from, name, text, media, eventID string, at time.Time) bot.Message {
	sender := bot.Sender{ID: from, DisplayName: name, Network: network}
	if e164, ok := PhoneE164(from, owner.Country); ok {
		sender.ID, sender.Phone = e164, e164
	}
	if sender.DisplayName == "" {
		sender.DisplayName = from
	}
	return bot.Message{Platform: Platform, Owner: owner.ID, ConversationKey: sender.ID, Sender: sender,
		Text: text, Media: media, At: at, EventID: eventID}
}

// ContentHash makes an event ID from a message's content, for gateways
// whose own IDs are not unique.
func ContentHash(prefix string, parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		io.WriteString(h, strconv.Itoa(len(p)))
		io.WriteString(h, ":")
		io.WriteString(h, p)
	}
	return prefix + hex.EncodeToString(h.Sum(nil)[:16])
}

// mediaOf maps a MIME type to the detectors' media kinds.
func mediaOf(contentType string) string {
	mt, _, _ := mime.ParseMediaType(contentType)
	switch {
	case mt == "":
		return detectors.MediaFile
	case strings.HasPrefix(mt, "image/"):
		return detectors.MediaPhoto
	case strings.HasPrefix(mt, "video/"):
		return detectors.MediaVideo
	case strings.HasPrefix(mt, "audio/"):
		return detectors.MediaVoice
	case mt == "text/vcard", mt == "text/x-vcard", mt == "text/directory":
		return detectors.MediaContact
	default:
		return detectors.MediaFile
	}
}

// ownerOf finds the owner a source's message belongs to; field names the
// request field that carried the receiving number.
func (h *Handler) ownerOf(s *source, receiving, field string) (*bot.Owner, error) {
	id := s.Owner
	if id == "" {
		country := ""
		for _, oid := range s.Numbers {
			if o := h.engine.Owner(oid); o != nil {
				country = o.Country
				break
			}
		}
		e164, ok := PhoneE164(receiving, country)
		if !ok {
			return nil, &bot.InputError{Field: field, Err: fmt.Errorf("%w: want the receiving phone number", bot.ErrInvalid)}
		}
		if id = s.Numbers[e164]; id == "" {
			return nil, &bot.InputError{Field: field, Err: fmt.Errorf("%w: the receiving number is not in this source's numbers", bot.ErrUnknownOwner)}
		}
	}
	o := h.engine.Owner(id)
	if o == nil {
		return nil, &bot.InputError{Field: "owner", Err: fmt.Errorf("%w %q", bot.ErrUnknownOwner, id)}
	}
	return o, nil
}
