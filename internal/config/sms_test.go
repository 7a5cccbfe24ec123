package config

import (
	"errors"
	"strings"
	"testing"
)

const smsOwners = `
[[owner]]
id = "nonna"
names = ["Maria"]
country = "IT"
  [[owner.notify]]
  type = "email"
  to = "maria@example.org"
[[owner]]
id = "demo"
names = ["Alex"]
country = "US"
  [[owner.notify]]
  type = "console"
`

const smsValid = `
[http]
token = "env:SG_TEST_HTTP_TOKEN"

[smtp]
host = "smtp.example.org"
username = "sg"
password = "env:SG_TEST_SMTP_PASSWORD"
from = "SilentGuard <sg@example.org>"

[sms]
rate = 30

[[sms.source]]
type = "twilio"
token = "env:SG_TEST_TWILIO_TOKEN"
auth_token = "env:SG_TEST_TWILIO_AUTH"
public_url = "https://sg.example.org/base/"
numbers = { "340 000 0001" = "nonna", "+1 (202) 555-0100" = "demo" }

[[sms.source]]
type = "android"
token = "env:SG_TEST_ANDROID_TOKEN"
owner = "nonna"
signing_key = "env:SG_TEST_ANDROID_KEY"

[[sms.source]]
type = "gammu"
owner = "nonna"

[[sms.source]]
type = "gammu"
owner = "demo"
` + smsOwners

func setSMSEnv(t *testing.T) {
	t.Setenv("SG_TEST_HTTP_TOKEN", "http-token-0123456789")
	t.Setenv("SG_TEST_SMTP_PASSWORD", "pw")
	t.Setenv("SG_TEST_TWILIO_TOKEN", "0123456789abcdef0123")
	t.Setenv("SG_TEST_TWILIO_AUTH", "auth")
	t.Setenv("SG_TEST_ANDROID_TOKEN", "android-token-0123456789")
	t.Setenv("SG_TEST_ANDROID_KEY", "key")
}

func TestSMSValid(t *testing.T) {
	setSMSEnv(t)
	cfg, err := Parse("sms.toml", []byte(smsValid), false)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.SMS.Rate != 30 || cfg.SMS.Burst != 20 {
		t.Errorf("rate %d burst %d", cfg.SMS.Rate, cfg.SMS.Burst)
	}
	names := []string{}
	for _, s := range cfg.SMS.Sources {
		names = append(names, s.Name)
	}
	if strings.Join(names, ",") != "twilio,android,gammu,gammu-2" {
		t.Errorf("default names %v", names)
	}
	tw := cfg.Source("twilio")
	if got := tw.ReceivingNumbers(); got["+393400000001"] != "nonna" || got["+12025550100"] != "demo" || len(got) != 2 {
		t.Errorf("numbers not in E.164: %v", got)
	}
	if tw.PublicURL != "https://sg.example.org/base" || tw.Token.Value() != "0123456789abcdef0123" || tw.AuthToken.Value() != "auth" {
		t.Errorf("twilio source %+v", tw)
	}
	if cfg.Source("android").SigningKey.Value() != "key" || cfg.SMTP.Password.Value() != "pw" || cfg.SMTP.Port != 587 || cfg.SMTP.TLS != "starttls" {
		t.Errorf("secrets or defaults not applied")
	}
	if n := cfg.Owner("nonna").Notify[0]; n.Quote != "short" || n.To != "maria@example.org" {
		t.Errorf("email target %+v", n)
	}
}

func TestSMSErrors(t *testing.T) {
	setSMSEnv(t)
	twilio := "[[sms.source]]\ntype = \"twilio\"\ntoken = \"env:SG_TEST_TWILIO_TOKEN\"\nauth_token = \"env:SG_TEST_TWILIO_AUTH\"\nowner = \"demo\"\n"
	smtp := "[smtp]\nhost = \"smtp.example.org\"\nfrom = \"sg@example.org\"\n"
	cases := []struct {
		name, data, key string
		is              error
		contains        string
	}{
		{"bad type", "[[sms.source]]\ntype = \"nexmo\"\nowner = \"demo\"\n" + smtp + smsOwners, "sms.source[0].type", ErrBadValue, "twilio, android, gammu"},
		{"no owner", "[[sms.source]]\ntype = \"gammu\"\n" + smtp + smsOwners, "sms.source[0].owner", ErrMissing, ""},
		{"unknown owner", "[[sms.source]]\ntype = \"gammu\"\nowner = \"zio\"\n" + smtp + smsOwners, "sms.source[0].owner", ErrBadValue, "zio"},
		{"owner and numbers", strings.Replace(twilio, "owner = \"demo\"", "owner = \"demo\"\nnumbers = { \"+12025550100\" = \"demo\" }", 1) + smtp + smsOwners, "sms.source[0].numbers", ErrBadValue, "not both"},
		{"numbers on android", "[[sms.source]]\ntype = \"android\"\ntoken = \"env:SG_TEST_ANDROID_TOKEN\"\nsigning_key = \"env:SG_TEST_ANDROID_KEY\"\nnumbers = { \"+12025550100\" = \"demo\" }\n" + smtp + smsOwners, "sms.source[0].numbers", ErrBadValue, "only a twilio"},
		{"bad number", strings.Replace(twilio, "owner = \"demo\"", "numbers = { \"call me\" = \"demo\" }", 1) + smtp + smsOwners, "sms.source[0].numbers.call me", ErrBadValue, "receiving phone number"},
		{"no token", strings.Replace(twilio, "token = \"env:SG_TEST_TWILIO_TOKEN\"\n", "", 1) + smtp + smsOwners, "sms.source[0].token", ErrMissing, "openssl rand"},
		{"short token", strings.Replace(twilio, "env:SG_TEST_TWILIO_TOKEN", "env:SG_TEST_SHORT", 1) + smtp + smsOwners, "sms.source[0].token", ErrBadValue, "16-256"},
		{"token unset", strings.Replace(twilio, "env:SG_TEST_TWILIO_TOKEN", "env:SG_TEST_NOT_SET", 1) + smtp + smsOwners, "sms.source[0].token", nil, "SG_TEST_NOT_SET"},
		{"no auth token", strings.Replace(twilio, "auth_token = \"env:SG_TEST_TWILIO_AUTH\"\n", "", 1) + smtp + smsOwners, "sms.source[0].auth_token", ErrMissing, ""},
		{"bad public url", twilio + "public_url = \"sg.example.org\"\n" + smtp + smsOwners, "sms.source[0].public_url", ErrBadValue, ""},
		{"android without key", "[[sms.source]]\ntype = \"android\"\ntoken = \"env:SG_TEST_ANDROID_TOKEN\"\nowner = \"demo\"\n" + smtp + smsOwners, "sms.source[0].signing_key", ErrMissing, "Signing Key"},
		{"same token twice", twilio + strings.Replace(twilio, "twilio\"", "twilio\"\nname = \"other\"", 1) + smtp + smsOwners, "sms.source[1].token", ErrBadValue, "same token"},
		{"duplicate name", twilio + "name = \"x\"\n[[sms.source]]\ntype = \"gammu\"\nname = \"x\"\nowner = \"demo\"\n" + smtp + smsOwners, "sms.source[1].name", ErrBadValue, ""},
		{"gammu with token", "[[sms.source]]\ntype = \"gammu\"\nowner = \"demo\"\ntoken = \"env:SG_TEST_TWILIO_TOKEN\"\n" + smtp + smsOwners, "sms.source[0].token", ErrBadValue, "bearer"},
		{"bad rate", "[sms]\nrate = 0\n" + smtp + smsOwners, "sms.rate", ErrBadValue, ""},
		{"email without smtp", smsOwners, "owner[0].notify[0].type", ErrBadValue, "[smtp]"},
		{"email without to", smtp + strings.Replace(smsOwners, "to = \"maria@example.org\"", "", 1), "owner[0].notify[0].to", ErrMissing, ""},
		{"email bad to", smtp + strings.Replace(smsOwners, "maria@example.org", "Maria", 1), "owner[0].notify[0].to", ErrBadValue, ""},
		{"to on console", smtp + strings.Replace(smsOwners, "type = \"console\"", "type = \"console\"\n  to = \"a@b.c\"", 1), "owner[1].notify[0].to", ErrBadValue, ""},
		{"smtp without from", "[smtp]\nhost = \"smtp.example.org\"\n" + smsOwners, "smtp.from", ErrMissing, ""},
		{"smtp bad tls", smtp + "tls = \"ssl\"\n" + smsOwners, "smtp.tls", ErrBadValue, "starttls"},
		{"smtp host with port", "[smtp]\nhost = \"smtp.example.org:587\"\nfrom = \"sg@example.org\"\n" + smsOwners, "smtp.host", ErrBadValue, "smtp.port"},
		{"gateway without http token", twilio + smtp + smsOwners, "http.token", ErrMissing, "reverse proxy"},
		{"open listener without http token", "[http]\nlisten = \"0.0.0.0:8089\"\n[[sms.source]]\ntype = \"gammu\"\nowner = \"demo\"\n" + smtp + smsOwners, "http.token", ErrMissing, "not a loopback"},
		{"smtp user without password", smtp + "username = \"sg\"\n" + smsOwners, "smtp.password", ErrMissing, ""},
	}
	t.Setenv("SG_TEST_SHORT", "short")
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("/etc/sg.toml", []byte(tc.data), true)
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("err %v, want a FieldError", err)
			}
			if fe.Key != tc.key {
				t.Errorf("key %q, want %q (%v)", fe.Key, tc.key, err)
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("%v is not %v", err, tc.is)
			}
			if tc.contains != "" && !strings.Contains(err.Error(), tc.contains) {
				t.Errorf("%v does not mention %q", err, tc.contains)
			}
			if fe.Line == 0 {
				t.Errorf("no line for %s: %v", tc.key, err)
			}
			for _, secret := range []string{"0123456789abcdef0123", "auth", "pw"} {
				if strings.Contains(err.Error(), "= "+secret) {
					t.Errorf("the error shows a secret: %v", err)
				}
			}
		})
	}
}
