package webhook

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/detectors"
)

// Twilio's headers.
const (
	TwilioSignatureHeader = "X-Twilio-Signature"
	// twilioSettingsHeader is set when a Webhooks Rule signs with a shared
	// key and another algorithm instead of the auth token.
	twilioSettingsHeader = "X-Twilio-Webhooks-Signature-Settings"
)

// emptyTwiML is the only answer SilentGuard gives Twilio: a TwiML document
// with no verb. A <Message> verb in it would be sent to the sender.
const emptyTwiML = `<?xml version="1.0" encoding="UTF-8"?><Response/>`

// TwilioSignature computes X-Twilio-Signature as Twilio documents it: the
// full URL Twilio called, then every POST parameter sorted by name (values
// of a repeated name sorted too), each as name followed by value with no
// separator, signed with HMAC-SHA1 under the auth token, in base64.
func TwilioSignature(authToken, fullURL string, params url.Values) string {
	mac := hmac.New(sha1.New, []byte(authToken))
	mac.Write([]byte(fullURL))
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		vals := slices.Clone(params[k])
		slices.Sort(vals)
		for _, v := range vals {
			mac.Write([]byte(k))
			mac.Write([]byte(v))
		}
	}
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// twilioURLs lists the URLs Twilio may have signed: the one given, and the
// same with the default port added or removed (Twilio's own validators try
// both, since proxies differ on it).
func twilioURLs(full string) []string {
	out := []string{full}
	u, err := url.Parse(full)
	if err != nil {
		return out
	}
	def := map[string]string{"https": "443", "http": "80"}[u.Scheme]
	if def == "" {
		return out
	}
	v := *u
	if u.Port() == "" {
		v.Host = net.JoinHostPort(u.Hostname(), def)
	} else if u.Port() == def {
		v.Host = u.Hostname()
		if strings.Contains(v.Host, ":") {
			v.Host = "[" + v.Host + "]"
		}
	} else {
		return out
	}
	return append(out, v.String())
}

// publicURL is the URL Twilio called: the configured external root (or one
// rebuilt from the request and the proxy's X-Forwarded-* headers) plus the
// path and query that reached SilentGuard.
func publicURL(s *source, r *http.Request) string {
	base := s.PublicURL
	if base == "" {
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		if p := firstValue(r.Header.Get("X-Forwarded-Proto")); p == "https" || p == "http" {
			scheme = p
		}
		host := r.Host
		if fh := firstValue(r.Header.Get("X-Forwarded-Host")); fh != "" {
			host = fh
		}
		base = scheme + "://" + host
	}
	return strings.TrimRight(base, "/") + r.URL.RequestURI()
}

func firstValue(h string) string {
	v, _, _ := strings.Cut(h, ",")
	return strings.TrimSpace(v)
}

// verifyTwilio checks X-Twilio-Signature in constant time.
func verifyTwilio(s *source, r *http.Request, form url.Values) error {
	if r.Header.Get(twilioSettingsHeader) != "" {
		return fmt.Errorf("%s is set: a Twilio Webhooks Rule signs this URL with a shared key, which SilentGuard does not support; remove the rule so that the auth token signs", twilioSettingsHeader)
	}
	got := r.Header.Get(TwilioSignatureHeader)
	if got == "" {
		return fmt.Errorf("missing %s", TwilioSignatureHeader)
	}
	ok := 0
	for _, u := range twilioURLs(publicURL(s, r)) {
		ok |= subtle.ConstantTimeCompare([]byte(got), []byte(TwilioSignature(s.AuthToken, u, form)))
	}
	if ok != 1 {
		return fmt.Errorf("%s does not match: check auth_token and that public_url is the URL set in Twilio", TwilioSignatureHeader)
	}
	return nil
}

func (h *Handler) serveTwilio(w http.ResponseWriter, r *http.Request) {
	s := h.sourceByToken(SourceTwilio, r.PathValue("token"))
	if s == nil {
		h.log.Warn().Str("remote", r.RemoteAddr).Msg("Request for an unknown Twilio source token")
		fail(w, http.StatusNotFound, "", "no source has this token")
		return
	}
	body, ok := h.readBody(w, r, "application/x-www-form-urlencoded")
	if !ok {
		return
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		h.log.Info().Str("source", s.Name).Int("body_len", len(body)).Msg("Rejected a body that is not form-encoded")
		fail(w, http.StatusBadRequest, "", "body is not form-encoded: %v", err)
		return
	}
	if err := verifyTwilio(s, r, form); err != nil {
		// Never the text: only the source, where from and the size.
		h.log.Warn().Str("source", s.Name).Str("remote", r.RemoteAddr).Int("body_len", len(body)).Err(err).
			Msg("Rejected a request with a bad signature")
		fail(w, http.StatusForbidden, TwilioSignatureHeader, "%v", err)
		return
	}
	if !h.allow(w, s) {
		return
	}
	m, ignore, err := h.parseTwilio(s, form, time.Time{})
	if err != nil {
		h.rejectInput(w, s, err)
		return
	}
	if ignore {
		h.log.Info().Str("source", s.Name).Msg("Ignored a Twilio request that is not an incoming message")
		writeTwiML(w)
		return
	}
	if _, ok := h.store(w, r, s, m); !ok {
		return
	}
	writeTwiML(w)
}

// writeTwiML answers Twilio with an empty TwiML document: nothing goes to
// the sender.
func writeTwiML(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write([]byte(emptyTwiML))
}

// parseTwilio reads Twilio's incoming-message parameters. ignore is true
// for requests that are not an incoming message (status callbacks sent to
// this URL by mistake).
func (h *Handler) parseTwilio(s *source, form url.Values, at time.Time) (m bot.Message, ignore bool, err error) {
	if st := form.Get("MessageStatus"); st != "" && st != "received" && form.Get("Body") == "" {
		return bot.Message{}, true, nil
	}
	if st := form.Get("SmsStatus"); st != "" && st != "received" && form.Get("Body") == "" {
		return bot.Message{}, true, nil
	}
	for _, k := range []string{"From", "To", "Body", "MessageSid", "ProfileName", "MediaContentType0"} {
		if !utf8.ValidString(form.Get(k)) {
			return bot.Message{}, false, &bot.InputError{Field: k, Err: fmt.Errorf("%w: not valid UTF-8", bot.ErrInvalid)}
		}
	}
	sid := form.Get("MessageSid")
	if sid == "" {
		sid = form.Get("SmsMessageSid")
	}
	if sid == "" {
		return bot.Message{}, false, &bot.InputError{Field: "MessageSid", Err: bot.ErrEmpty}
	}
	network, from := channel(form.Get("From"))
	if from == "" {
		return bot.Message{}, false, &bot.InputError{Field: "From", Err: bot.ErrEmpty}
	}
	_, to := channel(form.Get("To"))
	if s.Owner == "" && to == "" {
		return bot.Message{}, false, &bot.InputError{Field: "To", Err: fmt.Errorf("%w: the receiving number maps the message to an owner", bot.ErrEmpty)}
	}
	media := ""
	if n := form.Get("NumMedia"); n != "" {
		count, err := strconv.Atoi(n)
		if err != nil || count < 0 || count > 100 {
			return bot.Message{}, false, &bot.InputError{Field: "NumMedia", Err: fmt.Errorf("%w: want a count", bot.ErrInvalid)}
		}
		if count > 0 {
			media = mediaOf(form.Get("MediaContentType0"))
		}
	}
	text := form.Get("Body")
	if text == "" && media == "" {
		return bot.Message{}, false, &bot.InputError{Field: "Body", Err: bot.ErrEmpty}
	}
	owner, err := h.ownerOf(s, to, "To")
	if err != nil {
		return bot.Message{}, false, err
	}
	m = Incoming(owner, network, from, form.Get("ProfileName"), text, media, "twilio:"+sid, at)
	return m, false, nil
}

// channel splits Twilio's "whatsapp:+1..." addresses; a plain number is
// SMS.
func channel(addr string) (network detectors.Network, id string) {
	addr = strings.TrimSpace(addr)
	if p, rest, ok := strings.Cut(addr, ":"); ok && p != "" && strings.Trim(p, "abcdefghijklmnopqrstuvwxyz") == "" {
		return detectors.ParseNetwork(p), rest
	}
	return detectors.NetworkSMS, addr
}
