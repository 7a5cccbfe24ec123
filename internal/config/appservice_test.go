package config

import (
	"errors"
	"regexp"
	"strings"
	"testing"
)

func TestAppservice(t *testing.T) {
	as := func(body string) string {
		return validOwner + "\n[matrix.appservice]\nenabled = true\nhomeserver = \"http://127.0.0.1:8008\"\nserver_name = \"example.org\"\n" + body
	}
	t.Run("defaults", func(t *testing.T) {
		cfg, err := Parse("sg.toml", []byte(as("users = [\"@nonna:example.org\"]\n")), false)
		if err != nil {
			t.Fatal(err)
		}
		a := cfg.Matrix.Appservice
		if a.ID != "silentguard" || a.BotLocalpart != "silentguard" || a.Listen != "127.0.0.1:29340" ||
			a.Address != "http://127.0.0.1:29340" || a.UsersRegex != `^@.*:example\.org$` || a.Languages[0] != "en" {
			t.Errorf("defaults: %+v", a)
		}
		re := regexp.MustCompile(a.UsersRegex)
		for _, uid := range []string{"@nonna:example.org.evil.net", "x@nonna:example.org", "@nonna:example.org:8448"} {
			if re.MatchString(uid) {
				t.Errorf("the default users regex %q matches %s", a.UsersRegex, uid)
			}
		}
		if !re.MatchString("@nonna:example.org") {
			t.Errorf("the default users regex %q misses @nonna:example.org", a.UsersRegex)
		}
	})
	t.Run("off needs nothing", func(t *testing.T) {
		if _, err := Parse("sg.toml", []byte(validOwner+"\n[matrix.appservice]\nenabled = false\n"), false); err != nil {
			t.Fatal(err)
		}
	})
	t.Setenv("SG_TEST_AS_SHORT", "short")
	for _, c := range []struct {
		name, body, key string
		is              error
	}{
		{"bad listen", "listen = \"nowhere\"\n", "matrix.appservice.listen", ErrBadValue},
		{"bad address", "address = \"ftp://x\"\n", "matrix.appservice.address", ErrBadValue},
		{"bad regex", "users_regex = \"@(.*\"\n", "matrix.appservice.users_regex", ErrBadValue},
		{"foreign user", "users = [\"@nonna:elsewhere.org\"]\n", "matrix.appservice.users[0]", ErrBadValue},
		{"user outside the namespace", "users_regex = \"@fam_.*:example\\\\.org\"\nusers = [\"@nonna:example.org\"]\n", "matrix.appservice.users[0]", ErrBadValue},
		{"bad country", "country = \"Atlantis\"\n", "matrix.appservice.country", nil},
		{"short token", "as_token = \"env:SG_TEST_AS_SHORT\"\n", "matrix.appservice.as_token", ErrBadValue},
	} {
		t.Run(c.name, func(t *testing.T) {
			data := as(c.body)
			_, err := Parse("sg.toml", []byte(data), false)
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Key != c.key || (c.is != nil && !errors.Is(err, c.is)) {
				t.Fatalf("err = %v, want a FieldError on %s", err, c.key)
			}
			// The error names the file and the line of the field (or of
			// the section, for a field that is set on no line).
			lines := strings.Split(data, "\n")
			if fe.File != "sg.toml" || fe.Line < 1 || fe.Line > len(lines) {
				t.Fatalf("err %q: no file or line", err)
			}
			leaf := c.key[strings.LastIndex(c.key, ".")+1:]
			leaf, _, _ = strings.Cut(leaf, "[")
			if !strings.HasPrefix(strings.TrimSpace(lines[fe.Line-1]), leaf) {
				t.Errorf("err %q points at line %d: %q", err, fe.Line, lines[fe.Line-1])
			}
			if strings.Contains(err.Error(), "short\"") {
				t.Errorf("err %q shows the token", err)
			}
		})
	}
}
