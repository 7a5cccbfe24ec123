// Package ownerpage serves the owner page: the web page that a warning
// sent to ntfy, e-mail or an HTTP hook links to. It shows the warning in
// the owner's language, the sender's words with the evidence marked (as
// much as the target's quote setting lets show, and until the retention
// purges them), the platform's block-and-report steps, and two buttons:
// "I know this sender" and "This was a false alarm".
//
// The link carries a token: an HMAC over the warning, its owner, the
// purpose and the expiry, with a key SilentGuard keeps in its database.
// Each button posts a token of its own purpose, and the post must come
// from the page itself (CSRF). The page needs no JavaScript, and nothing
// it does reaches the sender: an answer only changes what SilentGuard
// stores.
package ownerpage

import (
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rs/zerolog"
	"golang.org/x/text/language"

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/bot/notify"
	"github.com/silentguard/silentguard/bot/warntext"
	"github.com/silentguard/silentguard/detectors"
)

// Path is where the listener serves the pages: Path + token.
const Path = "/owner/"

// LinkTTL is how long a warning's link works, from the warning.
const LinkTTL = 30 * 24 * time.Hour

// KeySize is the size of the signing key, in bytes.
const KeySize = 32

// Options configure a Page.
type Options struct {
	Engine *bot.Engine
	// Key signs the tokens: KeySize random bytes kept in the database.
	Key []byte
	// PublicURL is where the owner's browser reaches the listener; Link
	// gives "" without it.
	PublicURL string
	Log       zerolog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Page serves the owner pages and makes their links.
type Page struct {
	engine *bot.Engine
	key    []byte
	base   string
	log    zerolog.Logger
	now    func() time.Time
	csrf   *http.CrossOriginProtection
	// answer is held from reading what the owner said to recording the
	// new answer, so that a button pressed twice at once acts once.
	answer sync.Mutex
}

// New makes a Page.
func New(o Options) (*Page, error) {
	if len(o.Key) < KeySize {
		return nil, fmt.Errorf("owner page: a key of %d bytes, want %d", len(o.Key), KeySize)
	}
	p := &Page{engine: o.Engine, key: o.Key, base: strings.TrimRight(o.PublicURL, "/"), log: o.Log,
		now: o.Now, csrf: http.NewCrossOriginProtection()}
	if p.now == nil {
		p.now = time.Now
	}
	if p.base != "" {
		// Behind a proxy that rewrites Host, the public origin is the
		// page's own.
		u, err := url.Parse(p.base)
		if err != nil {
			return nil, fmt.Errorf("owner page: public url: %w", err)
		}
		if err := p.csrf.AddTrustedOrigin(u.Scheme + "://" + u.Host); err != nil {
			return nil, fmt.Errorf("owner page: public url: %w", err)
		}
	}
	return p, nil
}

// Link is the address of w's owner page for a target that quotes q and
// whose owner uses device; "" without a public URL, and for notices,
// which have no page. The same warning always gets the same link.
func (p *Page) Link(w *bot.Warning, q warntext.Quote, device string) string {
	if p == nil || p.base == "" || w.Notice != "" || w.ID == "" || strings.ContainsAny(w.ID, "./") {
		return ""
	}
	if _, ok := deviceLetters[device]; !ok {
		device = ""
	}
	return p.base + Path + p.token(purposeView, w, q, device)
}

func (p *Page) token(purpose string, w *bot.Warning, q warntext.Quote, device string) string {
	created := w.Created
	if created.IsZero() {
		created = p.now()
	}
	return sign(p.key, purpose, w.Owner, claims{warningID: w.ID, quote: q, device: device, expires: created.Add(LinkTTL)})
}

// Handler serves Path: GET shows a page, POST records an answer.
func (p *Page) Handler() http.Handler { return http.HandlerFunc(p.serve) }

func (p *Page) serve(rw http.ResponseWriter, r *http.Request) {
	h := rw.Header()
	// The URL holds the token: no referrer, no cache, no framing, no
	// script; only the page's own style and form target.
	h.Set("Content-Security-Policy", "default-src 'none'; style-src '"+cssHash+"'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("X-Robots-Tag", "noindex, nofollow")
	tok := strings.TrimPrefix(r.URL.Path, Path)
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		p.show(rw, r, tok)
	case http.MethodPost:
		p.post(rw, r, tok)
	default:
		h.Set("Allow", "GET, HEAD, POST")
		http.Error(rw, "use GET or POST", http.StatusMethodNotAllowed)
	}
}

// opened is a warning whose token checked out.
type opened struct {
	w      *bot.Warning
	c      claims
	owner  *bot.Owner // nil if the owner left the config
	lang   string
	viewTk string
}

// open checks a view token and reads its warning. On failure it has
// answered the request.
func (p *Page) open(rw http.ResponseWriter, r *http.Request, tok string) (*opened, bool) {
	lang := acceptLanguage(r)
	c, payload, sum, err := parse(tok)
	if err != nil {
		p.fail(rw, http.StatusNotFound, lang, "invalid_title", "invalid", nil, "")
		return nil, false
	}
	w, err := p.engine.Store().Warning(r.Context(), c.warningID)
	if errors.Is(err, bot.ErrNotFound) {
		p.fail(rw, http.StatusNotFound, lang, "invalid_title", "gone", nil, "")
		return nil, false
	}
	if err != nil {
		p.log.Error().Err(err).Msg("Owner page: failed to read a warning")
		http.Error(rw, "the database cannot be read now; try again in a minute", http.StatusServiceUnavailable)
		return nil, false
	}
	o := &opened{w: w, c: c, owner: p.engine.Owner(w.Owner), lang: lang, viewTk: tok}
	if o.owner != nil {
		o.lang = warntext.Resolve(o.owner.Lang())
	}
	switch err := verify(p.key, purposeView, w.Owner, payload, sum, c, p.now()); {
	case errors.Is(err, errExpired):
		p.fail(rw, http.StatusGone, o.lang, "expired_title", "expired",
			map[string]string{"days": strconv.Itoa(int(LinkTTL / (24 * time.Hour))), "ref": w.Ref}, "")
		return nil, false
	case err != nil:
		p.fail(rw, http.StatusNotFound, lang, "invalid_title", "invalid", nil, "")
		return nil, false
	}
	return o, true
}

// show renders a warning's page.
func (p *Page) show(rw http.ResponseWriter, r *http.Request, tok string) {
	o, ok := p.open(rw, r, tok)
	if !ok {
		return
	}
	ctx := r.Context()
	w := o.w
	aud := notify.Audience{Lang: o.lang, Device: o.c.device, Quote: o.c.quote}
	if o.owner != nil {
		aud.Country = o.owner.Country
	}
	m := aud.Render(w)
	v := view{Lang: o.lang, Title: m.Title, Warning: template.HTML(webHTML(m)), Safe: p.text(o.lang, "safe", nil),
		Meta:       p.text(o.lang, "ref", map[string]string{"ref": w.Ref, "when": o.when(w.Created)}),
		WordsHead:  p.text(o.lang, "words", nil),
		AnswerHead: p.text(o.lang, "answer", nil)}
	var err error
	if v.Turns, v.WordsNote, err = p.words(ctx, o); err != nil {
		p.log.Error().Err(err).Msg("Owner page: failed to read a conversation")
		http.Error(rw, "the database cannot be read now; try again in a minute", http.StatusServiceUnavailable)
		return
	}
	said, err := p.engine.Store().Feedbacks(ctx, w.Owner, w.ID)
	if err != nil {
		p.log.Error().Err(err).Msg("Owner page: failed to read the owner's answers")
		http.Error(rw, "the database cannot be read now; try again in a minute", http.StatusServiceUnavailable)
		return
	}
	for _, a := range []struct{ kind, purpose, label, hint, done, class string }{
		{bot.FeedbackAllow, purposeAllow, "allow", "allow_hint", "allowed", "primary"},
		{bot.FeedbackFalseAlarm, purposeFalseAlarm, "false_alarm", "false_alarm_hint", "false_done", "secondary"},
	} {
		if i := slices.IndexFunc(said, func(f bot.Feedback) bool { return f.Kind == a.kind }); i >= 0 {
			v.Done = append(v.Done, p.text(o.lang, a.done, map[string]string{"when": o.when(said[i].At)}))
			continue
		}
		v.Buttons = append(v.Buttons, button{Action: a.purpose, Token: p.token(a.purpose, w, o.c.quote, o.c.device),
			Label: p.text(o.lang, a.label, nil), Hint: p.text(o.lang, a.hint, nil), Class: a.class})
	}
	p.render(rw, http.StatusOK, &v)
}

// words lays out the sender's messages with the evidence of w marked, as
// the link's quote setting allows, and says why there are none.
func (p *Page) words(ctx context.Context, o *opened) ([]turnView, string, error) {
	w := o.w
	if o.c.quote == warntext.QuoteNone {
		return nil, p.text(o.lang, "words_none", nil), nil
	}
	if w.ConversationID == 0 {
		return nil, p.text(o.lang, "words_purged", nil), nil
	}
	conv, err := p.engine.Store().ConversationByID(ctx, w.ConversationID)
	if errors.Is(err, bot.ErrNotFound) {
		return nil, p.text(o.lang, "words_purged", nil), nil
	}
	if err != nil {
		return nil, "", err
	}
	if conv.Purged {
		return nil, p.text(o.lang, "words_purged", nil), nil
	}
	turns, err := p.engine.Store().Turns(ctx, conv.ID)
	if err != nil {
		return nil, "", err
	}
	marks := evidenceMarks(turns, w.Reasons)
	var out []turnView
	for i, t := range turns {
		if t.FromOwner || t.Redacted || t.Text == "" {
			continue
		}
		if o.c.quote == warntext.QuoteShort && len(marks[i]) == 0 {
			continue
		}
		if segs := warntext.SenderWords(t.Text, marks[i], o.c.quote); len(segs) > 0 {
			out = append(out, turnView{When: o.when(t.At), Segments: segs})
		}
	}
	if len(out) == 0 {
		return nil, p.text(o.lang, "words_purged", nil), nil
	}
	note := "words_marked"
	if o.c.quote == warntext.QuoteShort {
		note = "words_short"
	}
	return out, p.text(o.lang, note, nil), nil
}

// evidenceMarks finds, for each stored turn, the byte ranges of its text
// that the reasons quote. A reason's Turn counts the turns the detectors
// saw (the ones not deleted); its Spans, when the first one still holds
// its Evidence, are taken as they are, else the Evidence is looked for in
// that turn's text (an edit may have moved it).
func evidenceMarks(turns []bot.Turn, reasons []detectors.Reason) map[int][][2]int {
	var seen []int // stored index of each turn the detectors saw
	for i, t := range turns {
		if !t.Redacted {
			seen = append(seen, i)
		}
	}
	marks := map[int][][2]int{}
	for _, r := range reasons {
		if r.Turn < 0 || r.Turn >= len(seen) || strings.TrimSpace(r.Evidence) == "" {
			continue
		}
		i := seen[r.Turn]
		text := turns[i].Text
		if len(r.Spans) > 0 && validSpan(text, r.Spans[0]) && text[r.Spans[0][0]:r.Spans[0][1]] == r.Evidence {
			for _, s := range r.Spans {
				if validSpan(text, s) {
					marks[i] = append(marks[i], s)
				}
			}
			continue
		}
		if at := strings.Index(text, r.Evidence); at >= 0 {
			marks[i] = append(marks[i], [2]int{at, at + len(r.Evidence)})
		}
	}
	return marks
}

func validSpan(text string, s [2]int) bool { return s[0] >= 0 && s[0] < s[1] && s[1] <= len(text) }

// post records the owner's answer, once: a token already used, or
// expired, says so and changes nothing.
func (p *Page) post(rw http.ResponseWriter, r *http.Request, tok string) {
	o, ok := p.open(rw, r, tok)
	if !ok {
		return
	}
	back := backLink(tok)
	if err := p.csrf.Check(r); err != nil {
		p.log.Warn().Str("remote", r.RemoteAddr).Err(err).Msg("Owner page: refused an answer posted from another site")
		p.fail(rw, http.StatusForbidden, o.lang, "invalid_title", "retry", nil, back)
		return
	}
	r.Body = http.MaxBytesReader(rw, r.Body, 4<<10)
	if err := r.ParseForm(); err != nil {
		p.fail(rw, http.StatusBadRequest, o.lang, "invalid_title", "retry", nil, back)
		return
	}
	action := r.PostForm.Get("action")
	kind := map[string]string{purposeAllow: bot.FeedbackAllow, purposeFalseAlarm: bot.FeedbackFalseAlarm}[action]
	c, payload, sum, err := parse(r.PostForm.Get("token"))
	if err == nil && (kind == "" || c.warningID != o.w.ID) {
		err = errBadToken
	}
	if err == nil {
		err = verify(p.key, action, o.w.Owner, payload, sum, c, p.now())
	}
	if err != nil {
		p.log.Warn().Str("remote", r.RemoteAddr).Err(err).Msg("Owner page: refused an answer without a valid button token")
		p.fail(rw, http.StatusForbidden, o.lang, "invalid_title", "retry", nil, back)
		return
	}
	ctx := r.Context()
	p.answer.Lock()
	defer p.answer.Unlock()
	said, err := p.engine.Store().Feedbacks(ctx, o.w.Owner, o.w.ID)
	if err != nil {
		p.log.Error().Err(err).Msg("Owner page: failed to read the owner's answers")
		http.Error(rw, "the database cannot be read now; try again in a minute", http.StatusServiceUnavailable)
		return
	}
	if i := slices.IndexFunc(said, func(f bot.Feedback) bool { return f.Kind == kind }); i >= 0 {
		p.fail(rw, http.StatusConflict, o.lang, "used_title", "used", map[string]string{"when": o.when(said[i].At)}, back)
		return
	}
	if kind == bot.FeedbackAllow {
		_, err = p.engine.Allow(ctx, o.w.Owner, o.w.Ref)
	} else {
		_, err = p.engine.FalseAlarm(ctx, o.w.Owner, o.w.Ref)
	}
	if err != nil {
		p.log.Error().Err(err).Str("owner", o.w.Owner).Str("ref", o.w.Ref).Msg("Owner page: failed to record an answer")
		http.Error(rw, "the answer could not be stored; try again in a minute", http.StatusServiceUnavailable)
		return
	}
	p.log.Info().Str("owner", o.w.Owner).Str("ref", o.w.Ref).Str("answer", kind).Msg("Owner answered on the owner page")
	// Back to the page, which now shows the answer (a reload does not
	// post again).
	rw.Header().Set("Location", back)
	rw.WriteHeader(http.StatusSeeOther)
}

// backLink is the page's address relative to itself, so that it holds
// behind a proxy that serves SilentGuard under a prefix.
func backLink(tok string) string { return "./" + url.PathEscape(tok) }

// fail answers with a short page in lang.
func (p *Page) fail(rw http.ResponseWriter, status int, lang, title, text string, args map[string]string, back string) {
	v := view{Lang: lang, Title: p.text(lang, title, nil), Text: p.text(lang, text, args), Safe: p.text(lang, "safe", nil)}
	if back != "" {
		v.Back, v.BackText = back, p.text(lang, "back", nil)
	}
	p.render(rw, status, &v)
}

func (p *Page) text(lang, key string, args map[string]string) string {
	return warntext.PageText(lang, key, args)
}

func (o *opened) when(t time.Time) string {
	loc := time.UTC
	if o.owner != nil && o.owner.Location != nil {
		loc = o.owner.Location
	}
	return t.In(loc).Format("2006-01-02 15:04")
}

// acceptLanguage is the browser's first language that has texts, for a
// page whose owner is not known.
func acceptLanguage(r *http.Request) string {
	tags, _, err := language.ParseAcceptLanguage(r.Header.Get("Accept-Language"))
	if err == nil {
		for _, t := range tags {
			base, _ := t.Base()
			if l := warntext.Resolve(base.String()); l == base.String() {
				return l
			}
		}
	}
	return warntext.Resolve("")
}

type view struct {
	Lang, Title, Meta, Text string
	Warning                 template.HTML
	WordsHead, WordsNote    string
	Turns                   []turnView
	AnswerHead              string
	Done                    []string
	Buttons                 []button
	Back, BackText, Safe    string
}

type turnView struct {
	When     string
	Segments []warntext.Segment
}

type button struct{ Action, Token, Label, Hint, Class string }

var (
	//go:embed page.css
	css string
	//go:embed page.html
	pageHTML string
	// The style is inline; the policy allows it by its hash.
	cssHash = func() string {
		sum := sha256.Sum256([]byte(css))
		return "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
	}()
	pageTmpl = template.Must(template.New("page").Parse(strings.Replace(pageHTML, "{{.CSS}}", css, 1)))
)

func (p *Page) render(rw http.ResponseWriter, status int, v *view) {
	rw.Header().Set("Content-Type", "text/html; charset=utf-8")
	var b strings.Builder
	if err := pageTmpl.Execute(&b, v); err != nil {
		p.log.Error().Err(err).Msg("Owner page: failed to render")
		http.Error(rw, "the page could not be shown", http.StatusInternalServerError)
		return
	}
	rw.WriteHeader(status)
	_, _ = rw.Write([]byte(b.String()))
}
