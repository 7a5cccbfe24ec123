package app

import (
	"github.com/silentguard/silentguard/adapters/webhook"
	"github.com/silentguard/silentguard/bot/notify"
	"github.com/silentguard/silentguard/internal/config"
)

// AddSMSSources registers the configured SMS gateways with the webhook.
func AddSMSSources(h *webhook.Handler, cfg *config.Config) error {
	limit := webhook.Limit{PerMinute: cfg.SMS.Rate, Burst: cfg.SMS.Burst}
	for _, sc := range cfg.SMS.Sources {
		s := webhook.Source{Name: sc.Name, Type: sc.Type, Token: sc.Token.Value(), Owner: sc.Owner,
			Numbers: sc.ReceivingNumbers(), AuthToken: sc.AuthToken.Value(), PublicURL: sc.PublicURL,
			SigningKey: sc.SigningKey.Value()}
		if err := h.AddSource(s, limit); err != nil {
			return err
		}
	}
	return nil
}

func emailNotifier(smtp *config.SMTPConfig, nc config.NotifyConfig, aud notify.Audience) *notify.Email {
	return &notify.Email{Audience: aud, Host: smtp.Host, Port: smtp.Port, Username: smtp.Username,
		Password: smtp.Password.Value(), From: smtp.From, To: nc.To, TLS: smtp.TLS, Timeout: smtp.Timeout.D()}
}
