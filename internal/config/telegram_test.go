package config

import (
	"errors"
	"strings"
	"testing"
)

func TestTelegram(t *testing.T) {
	t.Setenv("SG_TEST_TG_TOKEN", "123456:ABC-def")
	t.Setenv("SG_TEST_TG_SECRET", "hook_S3cret")
	t.Setenv("SG_TEST_TG_BAD_SECRET", "not allowed!")
	tg := func(body string) string { return validOwner + "\n[telegram]\n" + body }
	notifyTelegram := strings.Replace(validOwner, `type = "console"`, `type = "telegram"`, 1)

	t.Run("valid", func(t *testing.T) {
		data := strings.Replace(tg("enabled = true\ntoken = \"env:SG_TEST_TG_TOKEN\"\n[telegram.owners]\n\"4242\" = \"nonna\"\n"),
			`type = "console"`, `type = "telegram"`, 1)
		cfg, err := Parse("sg.toml", []byte(data), false)
		if err != nil {
			t.Fatal(err)
		}
		tc := cfg.Telegram
		if tc.Token.Value() != "123456:ABC-def" || tc.Mode != TelegramPolling || tc.PollTimeout.D().Seconds() != 50 ||
			tc.UserOwners()[4242] != "nonna" || tc.APIURL != "https://api.telegram.org" {
			t.Errorf("telegram config: %+v", tc)
		}
		if strings.Contains(tc.Token.String(), "ABC") {
			t.Error("the token shows in String()")
		}
	})
	t.Run("webhook", func(t *testing.T) {
		t.Setenv("SILENTGUARD_HTTP_TOKEN", "http-token-0123456789")
		cfg, err := Parse("sg.toml", []byte(tg("enabled = true\ntoken = \"env:SG_TEST_TG_TOKEN\"\nmode = \"webhook\"\n"+
			"webhook_url = \"https://sg.example.org/tg/hook\"\nwebhook_secret = \"env:SG_TEST_TG_SECRET\"\n[telegram.owners]\n\"4242\" = \"nonna\"\n")), false)
		if err != nil {
			t.Fatal(err)
		}
		if cfg.Telegram.WebhookPath() != "/tg/hook" || cfg.Telegram.WebhookSecret.Value() != "hook_S3cret" {
			t.Errorf("webhook: %q %q", cfg.Telegram.WebhookPath(), cfg.Telegram.WebhookSecret.Redacted())
		}
	})
	t.Run("disabled needs nothing", func(t *testing.T) {
		if _, err := Parse("sg.toml", []byte(tg("enabled = false\n")), false); err != nil {
			t.Fatal(err)
		}
	})

	for _, c := range []struct {
		name, data, key string
		is              error
		contains        string
	}{
		{"webhook without http token", tg("enabled = true\ntoken = \"env:SG_TEST_TG_TOKEN\"\nmode = \"webhook\"\n" +
			"webhook_url = \"https://sg.example.org/tg/hook\"\nwebhook_secret = \"env:SG_TEST_TG_SECRET\"\n[telegram.owners]\n\"4242\" = \"nonna\"\n"),
			"http.token", ErrMissing, "reverse proxy"},
		{"no token", tg("enabled = true\n[telegram.owners]\n\"4242\" = \"nonna\"\n"), "telegram.token", ErrMissing, "@BotFather"},
		{"no owners", tg("enabled = true\ntoken = \"env:SG_TEST_TG_TOKEN\"\n"), "telegram.owners", ErrMissing, `"nonna"`},
		{"token env unset", tg("enabled = true\ntoken = \"env:SG_TEST_TG_NOPE\"\n[telegram.owners]\n\"4242\" = \"nonna\"\n"), "telegram.token", nil, "SG_TEST_TG_NOPE"},
		{"literal token in a shared file", tg("enabled = true\ntoken = \"123:abc\"\n[telegram.owners]\n\"4242\" = \"nonna\"\n"), "telegram.token", ErrUnsafePermissions, "chmod 600"},
		{"bad mode", tg("mode = \"push\"\n"), "telegram.mode", ErrBadValue, "polling or webhook"},
		{"bad user id", tg("[telegram.owners]\n\"@laura\" = \"nonna\"\n"), "telegram.owners.@laura", ErrBadValue, "user id"},
		{"unknown owner", tg("[telegram.owners]\n\"4242\" = \"nonno\"\n"), "telegram.owners.4242", ErrBadValue, "no [[owner]]"},
		{"poll timeout", tg("poll_timeout = \"1h\"\n"), "telegram.poll_timeout", ErrBadValue, "between"},
		{"webhook without secret", tg("enabled = true\ntoken = \"env:SG_TEST_TG_TOKEN\"\nmode = \"webhook\"\nwebhook_url = \"https://sg.example.org/h\"\n[telegram.owners]\n\"4242\" = \"nonna\"\n"),
			"telegram.webhook_secret", ErrMissing, "secret token"},
		{"webhook over http", tg("enabled = true\ntoken = \"env:SG_TEST_TG_TOKEN\"\nmode = \"webhook\"\nwebhook_url = \"http://sg.example.org/h\"\nwebhook_secret = \"env:SG_TEST_TG_SECRET\"\n[telegram.owners]\n\"4242\" = \"nonna\"\n"),
			"telegram.webhook_url", ErrBadValue, "https://"},
		{"bad webhook secret", tg("enabled = true\ntoken = \"env:SG_TEST_TG_TOKEN\"\nmode = \"webhook\"\nwebhook_url = \"https://sg.example.org/h\"\nwebhook_secret = \"env:SG_TEST_TG_BAD_SECRET\"\n[telegram.owners]\n\"4242\" = \"nonna\"\n"),
			"telegram.webhook_secret", ErrBadValue, "A-Z"},
		{"notify without the bot", notifyTelegram, "owner[0].notify[0].type", ErrBadValue, "telegram.enabled"},
		{"notify without a user id", notifyTelegram + "\n[telegram]\nenabled = true\ntoken = \"env:SG_TEST_TG_TOKEN\"\n[telegram.owners]\n\"4242\" = \"nonna\"\n" +
			strings.ReplaceAll(strings.ReplaceAll(validOwner, `"nonna"`, `"nonno"`), `type = "console"`, `type = "telegram"`), "owner[1].notify[0].type", ErrBadValue, `[telegram.owners]`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("sg.toml", []byte(c.data), false)
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("want a FieldError, got %v", err)
			}
			if fe.Key != c.key || (c.is != nil && !errors.Is(err, c.is)) || !strings.Contains(err.Error(), c.contains) {
				t.Errorf("got %v (key %q), want key %q, %v, mentioning %q", err, fe.Key, c.key, c.is, c.contains)
			}
			if strings.Contains(err.Error(), "ABC-def") || strings.Contains(err.Error(), "hook_S3cret") {
				t.Errorf("the error shows a secret: %v", err)
			}
		})
	}
}
