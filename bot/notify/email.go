package notify

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	netmail "net/mail"
	"net/textproto"
	"strconv"
	"strings"
	"time"

	"github.com/wneessen/go-mail"

	"github.com/silentguard/silentguard/bot"
)

// Email TLS modes (config smtp.tls).
const (
	EmailStartTLS      = "starttls"      // STARTTLS required: never in clear
	EmailImplicitTLS   = "tls"           // TLS from the first byte (port 465)
	EmailOpportunistic = "opportunistic" // STARTTLS when the server offers it
	EmailNoTLS         = "none"          // plain: only for a relay on the same host
)

// Email sends warnings to the owner's address over SMTP. Each mail's
// Message-ID is derived from the warning ID, so that a warning sent again
// after a crash is the same mail to the owner's client and server.
type Email struct {
	Audience Audience
	Host     string
	Port     int
	// Username and Password, when set, log in (the strongest mechanism the
	// server offers; never PLAIN or LOGIN without TLS).
	Username string
	Password string
	From     string
	To       string
	TLS      string
	Timeout  time.Duration
	// TLSConfig replaces the system's trust (a private CA, tests); its
	// ServerName is set to Host.
	TLSConfig *tls.Config
}

var _ bot.ConcurrentNotifier = (*Email)(nil)

// Concurrency is how many mails it sends at once, each over a connection
// of its own (mail servers limit a client's connections).
func (e *Email) Concurrency() int { return 4 }

// MessageID is the Message-ID (without angle brackets) of a warning's mail:
// the warning ID at the sender's domain.
func MessageID(warningID, from string) string {
	domain := "silentguard.invalid"
	if a, err := netmail.ParseAddress(from); err == nil {
		if _, d, ok := strings.Cut(a.Address, "@"); ok && d != "" {
			domain = d
		}
	}
	return warningID + "@" + domain
}

// Warn mails the warning; a refused or failed delivery is an error (and is
// retried with the same Message-ID), permanent when the server refused it
// with a 5xx.
func (e *Email) Warn(ctx context.Context, w *bot.Warning) error {
	m := e.Audience.Render(w)
	msg := mail.NewMsg()
	if err := msg.From(e.From); err != nil {
		return fmt.Errorf("email from: %w", err)
	}
	if err := msg.To(e.To); err != nil {
		return fmt.Errorf("email to: %w", err)
	}
	msg.Subject(m.Title)
	msg.SetMessageIDWithValue(MessageID(w.ID, e.From))
	msg.SetDateWithValue(w.Created)
	if w.Created.IsZero() {
		msg.SetDate()
	}
	msg.SetGenHeader("X-SilentGuard-Warning-ID", w.ID)
	// RFC 3834: no vacation replies to a machine.
	msg.SetGenHeader("Auto-Submitted", "auto-generated")
	// Plain starts with the title, which is the subject already.
	body := strings.TrimLeft(strings.TrimPrefix(m.Plain(), m.Title), "\n")
	msg.SetBodyString(mail.TypeTextPlain, body)

	timeout := e.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	tc := &tls.Config{MinVersion: tls.VersionTLS12}
	if e.TLSConfig != nil {
		tc = e.TLSConfig.Clone()
	}
	tc.ServerName = e.Host
	opts := []mail.Option{mail.WithPort(e.Port), mail.WithTimeout(timeout), mail.WithTLSConfig(tc)}
	switch e.TLS {
	case EmailImplicitTLS:
		opts = append(opts, mail.WithSSL())
	case EmailOpportunistic:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSOpportunistic))
	case EmailNoTLS:
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	default:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	}
	if e.Username != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover), mail.WithUsername(e.Username), mail.WithPassword(e.Password))
	}
	client, err := mail.NewClient(e.Host, opts...)
	if err != nil {
		return fmt.Errorf("smtp client: %w", err)
	}
	if err := client.DialAndSendWithContext(ctx, msg); err != nil {
		err = fmt.Errorf("send mail via %s: %w", e.Host+":"+strconv.Itoa(e.Port), err)
		if permanentSMTP(err) {
			return bot.Permanent(err)
		}
		return err
	}
	return nil
}

// permanentSMTP tells a refusal that the server will repeat: a 5xx reply
// (no such mailbox, relaying denied, bad credentials). A 4xx reply or a
// network error is worth retrying.
func permanentSMTP(err error) bool {
	var se *mail.SendError
	if errors.As(err, &se) {
		return se.ErrorCode()/100 == 5
	}
	var te *textproto.Error
	return errors.As(err, &te) && te.Code/100 == 5
}
