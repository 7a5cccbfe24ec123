package config

import (
	"errors"
	"strings"
	"testing"
)

const reloadBase = `data_dir = "/var/lib/silentguard"
[http]
listen = "127.0.0.1:8089"
token = "0123456789abcdef0123"
[detectors]
warning = 0.55
[[owner]]
id = "nonna"
names = ["Maria"]
country = "IT"
  [owner.matrix]
  homeserver = "https://matrix.example.org"
  user_id = "@maria:example.org"
  access_token = "syt_secret_token_0123456789"
  device_id = "SGDEV"
  [[owner.notify]]
  type = "console"
[[owner]]
id = "alex"
names = ["Alex"]
country = "GB"
  [[owner.notify]]
  type = "console"
`

func parseReload(t *testing.T, text string) *Config {
	t.Helper()
	c, err := Parse("sg.toml", []byte(text), true)
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, text)
	}
	return c
}

// A reload applies owners, notifiers, [smtp] and [detectors]; anything
// bound to what runs since the start is refused with its key and line,
// never its value (it may be a secret).
func TestCheckReload(t *testing.T) {
	old := parseReload(t, reloadBase)
	for _, tc := range []struct {
		name, from, to string
		key            string // "" = allowed
		line           int
	}{
		{"allow-list", `names = ["Alex"]`, "names = [\"Alex\"]\nallow = [\"+44 7700 900123\"]", "", 0},
		{"weights", "warning = 0.55", "warning = 0.6\nweights = { \"opener.wrong_name\" = 0.5 }", "", 0},
		{"notifiers", "", "  [[owner.notify]]\n  type = \"ntfy\"\n  url = \"https://ntfy.example.org/alex\"\n", "", 0},
		{"a new owner", "", "[[owner]]\nid = \"bea\"\nnames = [\"Bea\"]\ncountry = \"ES\"\n  [[owner.notify]]\n  type = \"console\"\n", "", 0},
		{"an owner removed", "[[owner]]\nid = \"alex\"\nnames = [\"Alex\"]\ncountry = \"GB\"\n  [[owner.notify]]\n  type = \"console\"\n", "", "", 0},
		{"listener", `listen = "127.0.0.1:8089"`, `listen = "127.0.0.1:9000"`, "http.listen", 3},
		{"token", `token = "0123456789abcdef0123"`, `token = "0123456789abcdef9999"`, "http.token", 4},
		{"database", `data_dir = "/var/lib/silentguard"`, `data_dir = "/srv/sg"`, "data_dir", 1},
		{"matrix account", `user_id = "@maria:example.org"`, `user_id = "@maria2:example.org"`, "owner[0].matrix.user_id", 13},
		{"matrix token", `access_token = "syt_secret_token_0123456789"`, `access_token = "syt_secret_token_9876543210"`, "owner[0].matrix.access_token", 14},
		{"matrix for an owner", "country = \"GB\"\n", "country = \"GB\"\n  [owner.matrix]\n  homeserver = \"https://matrix.example.org\"\n  user_id = \"@alex:example.org\"\n  password = \"a password here\"\n", "owner[1].matrix.homeserver", 23},
		{"a Matrix owner removed", reloadBase[strings.Index(reloadBase, "[[owner]]\nid = \"nonna\""):strings.Index(reloadBase, "[[owner]]\nid = \"alex\"")], "", "owner", 0},
		{"country of an owner on Matrix", `country = "IT"`, `country = "SM"`, "owner[0].country", 10},
		{"country of another owner", `country = "GB"`, `country = "IE"`, "", 0},
		{"log level", "[http]", "[log]\nlevel = \"debug\"\n[http]", "log.level", 3},
		{"watch", "[http]", "[watch]\nmin_level = \"warning\"\n[http]", "watch.min_level", 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text := reloadBase + tc.to
			if tc.from != "" {
				if !strings.Contains(reloadBase, tc.from) {
					t.Fatalf("the base lacks %q", tc.from)
				}
				text = strings.Replace(reloadBase, tc.from, tc.to, 1)
			}
			err := old.CheckReload(parseReload(t, text))
			if tc.key == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var fe *FieldError
			if !errors.As(err, &fe) || !errors.Is(err, ErrNeedsRestart) {
				t.Fatalf("err = %v, want a FieldError that needs a restart", err)
			}
			if fe.Key != tc.key || fe.Line != tc.line || fe.File != "sg.toml" {
				t.Errorf("refused at %s:%d %s, want sg.toml:%d %s (%v)", fe.File, fe.Line, fe.Key, tc.line, tc.key, err)
			}
			if strings.Contains(err.Error(), "9999") || strings.Contains(err.Error(), "syt_") {
				t.Errorf("the error shows a secret: %v", err)
			}
		})
	}
}
