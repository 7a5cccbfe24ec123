package notify

import (
	"context"
	"mime"
	"strings"
	"testing"
	"time"

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/bot/warntext"
	"github.com/silentguard/silentguard/detectors"
	"github.com/silentguard/silentguard/internal/testsmtp"
)

func sampleWarning() *bot.Warning {
	return &bot.Warning{
		ID: "sgw_abcdefghij0123456789", Ref: "K7QX", Owner: "nonna", ConversationID: 3, Platform: "webhook",
		Sender: bot.Sender{ID: "+12025550143", Phone: "+12025550143", DisplayName: "+12025550143", Network: "sms"},
		Level:  detectors.LevelWarning, Kind: "wrong_number", Score: 0.7,
		Reasons: []detectors.Reason{
			{Code: detectors.CodeWrongName, Weight: 0.6, Turn: 0, Evidence: "Hi Marco",
				Detail: "greets 'Marco', which is not one of your names", Args: map[string]string{"name": "Marco"}},
			{Code: detectors.CodeMovePlatform, Weight: 0.7, Turn: 2, Evidence: "let's continue on Telegram, my id is @annacrypto and my uncle trades",
				Args: map[string]string{"platform": "Telegram"}},
		},
		Created: time.Date(2026, 5, 7, 9, 12, 0, 0, time.UTC),
	}
}

func TestEmailOverSTARTTLS(t *testing.T) {
	srv := testsmtp.Start(t, testsmtp.Options{Username: "sg", Password: "pa55word"})
	page := func(w *bot.Warning) string {
		return "https://sg.example.org/owner/" + w.ID + ".s-tg7dk0.82Hf6VPuwsTgrt2IZPPYCA"
	}
	e := &Email{Audience: Audience{Lang: "en", Country: "US", Quote: warntext.QuoteShort, Link: page},
		Host: srv.Host, Port: srv.Port, Username: "sg", Password: "pa55word",
		From: "SilentGuard <silentguard@example.org>", To: "maria@example.net", TLS: EmailStartTLS,
		Timeout: 10 * time.Second, TLSConfig: srv.ClientTLS}
	w := sampleWarning()
	if err := e.Warn(context.Background(), w); err != nil {
		t.Fatal(err)
	}
	// At-least-once delivery sends the same warning again after a crash:
	// the same Message-ID lets the mail server and client drop it.
	if err := e.Warn(context.Background(), w); err != nil {
		t.Fatal(err)
	}
	got := srv.Mails()
	if len(got) != 2 {
		t.Fatalf("server got %d mails, want 2", len(got))
	}
	m := got[0]
	if !m.TLS {
		t.Error("the mail was sent before STARTTLS")
	}
	if m.User != "sg" {
		t.Errorf("authenticated as %q", m.User)
	}
	if m.From != "silentguard@example.org" || len(m.To) != 1 || m.To[0] != "maria@example.net" {
		t.Errorf("envelope from %q to %v", m.From, m.To)
	}
	want := "<sgw_abcdefghij0123456789@example.org>"
	if id := m.Msg.Header.Get("Message-Id"); id != want {
		t.Errorf("Message-ID %q, want %q", id, want)
	}
	if id := got[1].Msg.Header.Get("Message-Id"); id != want {
		t.Errorf("resent Message-ID %q, want %q", id, want)
	}
	if h := m.Msg.Header.Get("X-Silentguard-Warning-Id"); h != w.ID {
		t.Errorf("X-SilentGuard-Warning-ID %q", h)
	}
	if h := m.Msg.Header.Get("Auto-Submitted"); h != "auto-generated" {
		t.Errorf("Auto-Submitted %q", h)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(m.Msg.Header.Get("Subject"))
	if err != nil || subject == "" {
		t.Errorf("subject %q: %v", subject, err)
	}
	rendered := e.Audience.Render(w)
	if subject != rendered.Title {
		t.Errorf("subject %q, want the warning's title %q", subject, rendered.Title)
	}
	body := strings.ReplaceAll(m.Body, "\r\n", "\n")
	for _, must := range []string{"Hi Marco", "Don't reply", "(“I know this sender”, “False alarm”): " + page(w)} {
		if !strings.Contains(body, must) {
			t.Errorf("body lacks %q:\n%s", must, body)
		}
	}
	// quote = "short" cuts long evidence.
	if strings.Contains(body, "my uncle trades") {
		t.Errorf("short quoting let the whole evidence through:\n%s", body)
	}
}

func TestEmailQuoteNone(t *testing.T) {
	srv := testsmtp.Start(t, testsmtp.Options{})
	e := &Email{Audience: Audience{Lang: "it", Country: "IT", Quote: warntext.QuoteNone},
		Host: srv.Host, Port: srv.Port, From: "silentguard@example.org", To: "maria@example.net",
		TLS: EmailStartTLS, TLSConfig: srv.ClientTLS}
	if err := e.Warn(context.Background(), sampleWarning()); err != nil {
		t.Fatal(err)
	}
	m := srv.Mails()[0]
	subject, _ := new(mime.WordDecoder).DecodeHeader(m.Msg.Header.Get("Subject"))
	for _, leak := range []string{"Marco", "annacrypto", "555"} {
		if strings.Contains(m.Body, leak) || strings.Contains(subject, leak) {
			t.Errorf("quote = none, yet the mail carries %q", leak)
		}
	}
}

func TestEmailRefusesCleartext(t *testing.T) {
	srv := testsmtp.Start(t, testsmtp.Options{NoTLS: true})
	e := &Email{Audience: Audience{Lang: "en"}, Host: srv.Host, Port: srv.Port,
		From: "silentguard@example.org", To: "maria@example.net", TLS: EmailStartTLS, Timeout: 5 * time.Second}
	err := e.Warn(context.Background(), sampleWarning())
	if err == nil || !strings.Contains(err.Error(), "STARTTLS") {
		t.Errorf("starttls against a server without it: %v, want an error naming STARTTLS", err)
	}
	if n := len(srv.Mails()); n != 0 {
		t.Errorf("%d mails went out in clear", n)
	}
	// A relay on the same host, explicitly without TLS, works.
	e.TLS = EmailNoTLS
	if err := e.Warn(context.Background(), sampleWarning()); err != nil {
		t.Fatalf("tls = none: %v", err)
	}
	if n := len(srv.Mails()); n != 1 {
		t.Errorf("tls = none: %d mails", n)
	}
}

func TestEmailWrongPassword(t *testing.T) {
	srv := testsmtp.Start(t, testsmtp.Options{Username: "sg", Password: "right"})
	e := &Email{Audience: Audience{Lang: "en"}, Host: srv.Host, Port: srv.Port, Username: "sg", Password: "wrong",
		From: "silentguard@example.org", To: "maria@example.net", TLSConfig: srv.ClientTLS}
	err := e.Warn(context.Background(), sampleWarning())
	if err == nil {
		t.Fatal("a wrong password delivered")
	}
	if strings.Contains(err.Error(), "wrong") {
		t.Errorf("the error shows the password: %v", err)
	}
	if len(srv.Mails()) != 0 {
		t.Error("mail accepted")
	}
}

func TestMessageID(t *testing.T) {
	for from, want := range map[string]string{
		"SilentGuard <sg@mail.example.org>": "sgw_x@mail.example.org",
		"sg@example.org":                    "sgw_x@example.org",
		"not an address":                    "sgw_x@silentguard.invalid",
	} {
		if got := MessageID("sgw_x", from); got != want {
			t.Errorf("MessageID(%q) = %q, want %q", from, got, want)
		}
	}
}
