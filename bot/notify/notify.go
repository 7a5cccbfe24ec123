// Package notify holds the notifiers that need no chat platform: the
// console (for trying SilentGuard out, and for tests) and outgoing HTTP
// (ntfy or any URL). Every notifier addresses its owner only.
package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/bot/warntext"
)

// Audience is what a notifier knows of its owner to word the warning.
type Audience struct {
	Lang    string
	Country string
	// Device is "android", "iphone" or "" for SMS steps.
	Device string
	Quote  warntext.Quote
	// CommandPrefix is how the owner answers ("!" on Matrix, "/" on
	// Telegram); "" where they can't answer.
	CommandPrefix string
	// Link gives the address of a warning's owner page, where the owner
	// answers without a chat app ("" for none); nil where there is none.
	Link func(w *bot.Warning) string
}

// link is w's owner page, or "".
func (a Audience) link(w *bot.Warning) string {
	if a.Link == nil || w.Notice != "" {
		return ""
	}
	return a.Link(w)
}

// Render words a warning or notice for this audience, as a document the
// notifier writes in its markup (Plain for plain text).
func (a Audience) Render(w *bot.Warning) warntext.Doc {
	if n, ok := bot.NoticeOf(w); ok {
		in := warntext.NoticeInput{Lang: a.Lang, Kind: n.Kind, Adapter: n.Adapter, Target: n.Target, Quote: a.Quote}
		for _, l := range n.History {
			in.History = append(in.History, warntext.HistoryItem{At: l.At, Network: string(l.Sender.Network),
				Level: l.Level.String(), Sender: l.Sender.DisplayName})
		}
		return warntext.RenderNotice(in)
	}
	sender := w.Sender.DisplayName
	if sender == "" {
		sender = w.Sender.Phone
	}
	if sender == "" {
		sender = w.Sender.ID
	}
	d := warntext.Render(warntext.Input{
		Lang: a.Lang, Country: a.Country, Network: w.Network(), Device: a.Device, OwnerJoined: w.Sender.OwnerJoined,
		Level: w.Level, Kind: w.Kind, Escalation: w.Escalation,
		Ref: w.Ref, CommandPrefix: a.CommandPrefix, Sender: sender,
		Reasons: w.Reasons, Quote: a.Quote,
	})
	if l := a.link(w); l != "" {
		d.Blocks = append(d.Blocks, warntext.Block{Head: warntext.Line{{
			Text: warntext.Phrase(a.Lang, warntext.PhrasePageLink, map[string]string{"link": l})}}})
	}
	return d
}

// Console writes warnings as plain text to a writer (stdout or a file).
type Console struct {
	Audience Audience
	mu       sync.Mutex
	out      io.Writer
}

// NewConsole writes to out.
func NewConsole(out io.Writer, a Audience) *Console { return &Console{out: out, Audience: a} }

// Warn prints the warning with its stable ID.
func (c *Console) Warn(_ context.Context, w *bot.Warning) error {
	m := c.Audience.Render(w)
	c.mu.Lock()
	defer c.mu.Unlock()
	kind := "warning"
	switch {
	case w.Notice != "":
		kind = "notice"
	case w.Escalation:
		kind = "escalation"
	}
	// The header line is stable, for scripts: owner, kind, level, ref, id.
	// Plain starts with the title.
	_, err := fmt.Fprintf(c.out, "\n=== SilentGuard owner=%s %s level=%s ref=%s id=%s\n%s\n",
		w.Owner, kind, w.Level, w.Ref, w.ID, m.Plain())
	return err
}

// HTTP posts warnings to a URL: ntfy's JSON publishing format, or a plain
// JSON document for any other receiver.
type HTTP struct {
	Audience Audience
	// Ntfy selects ntfy's JSON (topic, title, message, priority, tags).
	Ntfy     bool
	URL      string
	Topic    string
	Priority int
	Token    string
	Client   *http.Client
}

// ntfyMessage is ntfy's JSON publishing body.
type ntfyMessage struct {
	Topic    string   `json:"topic"`
	Title    string   `json:"title"`
	Message  string   `json:"message"`
	Priority int      `json:"priority,omitempty"`
	Tags     []string `json:"tags,omitempty"`
	Click    string   `json:"click,omitempty"`
}

// hookMessage is the body for a generic HTTP receiver.
type hookMessage struct {
	ID         string `json:"id"`
	Ref        string `json:"ref"`
	Owner      string `json:"owner"`
	Level      string `json:"level,omitempty"`
	Kind       string `json:"kind,omitempty"`
	Escalation bool   `json:"escalation"`
	Notice     string `json:"notice,omitempty"`
	Title      string `json:"title"`
	Text       string `json:"text"`
	// URL is the warning's owner page, when http.public_url is set.
	URL string `json:"url,omitempty"`
}

// httpConcurrency is how many warnings an HTTP target takes at once.
const httpConcurrency = 8

// defaultClient keeps a connection per warning in flight to each
// receiver (Go's default keeps two, and would open and close the others).
var defaultClient = &http.Client{Timeout: 20 * time.Second, Transport: func() http.RoundTripper {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = httpConcurrency
	return t
}()}

var _ bot.ConcurrentNotifier = (*HTTP)(nil)

// Concurrency is how many warnings it posts at once: a push service or a
// web hook takes them in parallel.
func (h *HTTP) Concurrency() int { return httpConcurrency }

// Warn posts the warning; a non-2xx answer is an error, permanent for a
// 4xx that sending again would not change.
func (h *HTTP) Warn(ctx context.Context, w *bot.Warning) error {
	m := h.Audience.Render(w)
	var body any
	target := h.URL
	if h.Ntfy {
		u, err := url.Parse(h.URL)
		if err != nil {
			return fmt.Errorf("ntfy url: %w", err)
		}
		topic := h.Topic
		if topic == "" {
			topic = strings.Trim(u.Path, "/")
		}
		u.Path = "/"
		target = u.String()
		prio := h.Priority
		if prio == 0 {
			prio = ntfyPriority(w)
		}
		// Tapping the notification opens the owner page.
		body = ntfyMessage{Topic: topic, Title: m.Title, Message: m.Plain(), Priority: prio, Tags: []string{"warning", "silentguard"},
			Click: h.Audience.link(w)}
	} else {
		lvl := ""
		if w.Notice == "" {
			lvl = w.Level.String()
		}
		body = hookMessage{ID: w.ID, Ref: w.Ref, Owner: w.Owner, Level: lvl, Kind: w.Kind, Escalation: w.Escalation,
			Notice: w.Notice, Title: m.Title, Text: m.Plain(), URL: h.Audience.link(w)}
	}
	b, err := json.Marshal(body)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(b))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	// Lets a receiver drop a re-sent warning.
	req.Header.Set("X-SilentGuard-Warning-ID", w.ID)
	if h.Token != "" {
		req.Header.Set("Authorization", "Bearer "+h.Token)
	}
	client := h.Client
	if client == nil {
		client = defaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("post to %s: %w", redactURL(target), err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode/100 != 2 {
		err := fmt.Errorf("post to %s: HTTP %d", redactURL(target), resp.StatusCode)
		if permanentStatus(resp.StatusCode) {
			return bot.Permanent(err)
		}
		return err
	}
	return nil
}

// permanentStatus tells an answer that the same request will get again: a
// 4xx other than a timeout (408), "too early" (425) or a rate limit (429).
func permanentStatus(code int) bool {
	switch code {
	case http.StatusRequestTimeout, http.StatusTooEarly, http.StatusTooManyRequests:
		return false
	}
	return code/100 == 4
}

func ntfyPriority(w *bot.Warning) int {
	if w.Notice != "" {
		return 4
	}
	switch w.Level.String() {
	case "alert":
		return 5
	case "warning":
		return 4
	default:
		return 3
	}
}

// redactURL drops credentials and the query from a URL for error messages.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(url)"
	}
	u.User, u.RawQuery = nil, ""
	return u.Redacted()
}
