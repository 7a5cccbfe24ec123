package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"

	silentguard "github.com/silentguard/silentguard"
)

// tomlKeys lists the dotted keys of every tagged field of t, recursively.
func tomlKeys(t reflect.Type, prefix []string, out *[][]string) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("toml")
		if tag == "" || tag == "-" {
			continue
		}
		key := append(append([]string{}, prefix...), tag)
		*out = append(*out, key)
		ft := f.Type
		if ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct {
			ft = ft.Elem()
		}
		if ft.Kind() == reflect.Struct && ft != reflect.TypeOf(Secret{}) && ft != reflect.TypeOf(Duration(0)) {
			tomlKeys(ft, key, out)
		}
	}
}

func TestExampleDocumentsEveryField(t *testing.T) {
	var c Config
	md, err := toml.Decode(string(silentguard.ExampleConfig), &c)
	if err != nil {
		t.Fatalf("decode example: %v", err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		t.Errorf("example has keys the config does not know: %v", und)
	}
	var keys [][]string
	tomlKeys(reflect.TypeOf(Config{}), nil, &keys)
	defined := map[string]bool{}
	for _, k := range md.Keys() {
		defined[k.String()] = true
	}
	example := string(silentguard.ExampleConfig)
	for _, k := range keys {
		// Optional sections are documented commented out: "#   key = ..."
		// under a (commented) header of their table.
		leaf := regexp.MustCompile(`(?m)^\s*#\s*` + regexp.QuoteMeta(k[len(k)-1]) + `\s*=`)
		parent := strings.Join(k[:len(k)-1], ".")
		commented := leaf.MatchString(example) && (parent == "" || strings.Contains(example, "["+parent+"]")) ||
			strings.Contains(example, "["+strings.Join(k, ".")) // a table documented by its header
		if !defined[strings.Join(k, ".")] && !commented {
			t.Errorf("field %s is not documented in config.example.toml", strings.Join(k, "."))
		}
	}
	if len(keys) < 30 {
		t.Fatalf("found only %d keys; the reflection walk is broken", len(keys))
	}
}

func TestExampleMatchesDefaults(t *testing.T) {
	cfg, err := Parse("config.example.toml", silentguard.ExampleConfig, false)
	if err != nil {
		t.Fatalf("example does not load: %v", err)
	}
	def := Default()
	cfg.Owners, cfg.path, cfg.data = nil, "", nil
	if !reflect.DeepEqual(cfg, def) {
		t.Errorf("example and built-in defaults differ:\nexample: %+v\ndefault: %+v", cfg, def)
	}
}

func TestExampleHoldsNoSecrets(t *testing.T) {
	cfg, err := Parse("config.example.toml", silentguard.ExampleConfig, false)
	if err != nil {
		t.Fatal(err)
	}
	// Every Secret the example decodes to, wherever it sits, is unset.
	n := 0
	var walk func(v reflect.Value, path string)
	walk = func(v reflect.Value, path string) {
		switch {
		case v.Type() == reflect.TypeOf(Secret{}):
			n++
			if v.Interface().(Secret).IsSet() {
				t.Errorf("example sets the secret %s", path)
			}
		case v.Kind() == reflect.Struct:
			for i := 0; i < v.NumField(); i++ {
				if v.Type().Field(i).IsExported() {
					walk(v.Field(i), path+"."+v.Type().Field(i).Name)
				}
			}
		case v.Kind() == reflect.Slice:
			for i := 0; i < v.Len(); i++ {
				walk(v.Index(i), fmt.Sprintf("%s[%d]", path, i))
			}
		}
	}
	walk(reflect.ValueOf(*cfg), "config")
	if n < 5 {
		t.Fatalf("found only %d secrets; the walk is broken", n)
	}
	// Commented-out examples too: a secret-looking key is empty or a
	// reference to the environment or a file.
	secretKey := regexp.MustCompile(`(?m)^\s*#?\s*([a-z_]*(?:token|password|secret|key))\s*=\s*"([^"]*)"`)
	matches := secretKey.FindAllStringSubmatch(string(silentguard.ExampleConfig), -1)
	if len(matches) < 10 {
		t.Fatalf("found only %d secret-looking keys", len(matches))
	}
	for _, m := range matches {
		if v := m[2]; v != "" && !strings.HasPrefix(v, "env:") && !strings.HasPrefix(v, "file:") {
			t.Errorf("example shows a literal secret: %s = %q", m[1], v)
		}
	}
}

const validOwner = `
[[owner]]
id = "nonna"
names = ["Maria", "Nonna"]
country = "it"
languages = ["it"]
allow = ["333 123 4567", "@figlio:example.org", "telegram:4242"]
  [[owner.notify]]
  type = "console"
`

func TestParseValid(t *testing.T) {
	cfg, err := Parse("ok.toml", []byte(validOwner), true)
	if err != nil {
		t.Fatal(err)
	}
	o := cfg.Owner("nonna")
	if o == nil || o.Country != "IT" {
		t.Fatalf("owner not normalised: %+v", o)
	}
	want := []string{"+393331234567", "@figlio:example.org", "telegram:4242"}
	if got := o.Known(); !reflect.DeepEqual(got, want) {
		t.Errorf("known = %v, want %v", got, want)
	}
	if o.Notify[0].Name != "console" || o.Notify[0].Quote != "full" {
		t.Errorf("notify defaults not applied: %+v", o.Notify[0])
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		name       string
		data       string
		line       int
		key, value string
		is         error
		contains   string
	}{
		{name: "syntax", data: "data_dir = \"x\"\n[watch\nwindow = \"1d\"\n", line: 3, contains: "expected"},
		{name: "wrong type", data: "[watch]\nmax_messages = \"many\"\n", line: 2, key: "watch.max_messages", contains: "incompatible"},
		{name: "unknown key", data: "[watch]\nwindow = \"3d\"\nwindwo = \"3d\"\n", line: 3, key: "watch.windwo", value: `"3d"`, is: ErrUnknownKey},
		{name: "unknown table", data: "[wach]\nwindow = \"3d\"\n", line: 1, key: "wach", is: ErrUnknownKey},
		{name: "unknown owner key", data: validOwner + "  colour = \"red\"\n", line: 10, key: "owner.notify.colour", value: `"red"`, is: ErrUnknownKey},
		{name: "bad duration", data: "[watch]\nwindow = \"two weeks\"\n", line: 2, contains: "two weeks"},
		{name: "bad level", data: "\n[watch]\nmin_level = \"loud\"\n", line: 3, key: "watch.min_level", value: `"loud"`, is: ErrBadValue},
		{name: "bad threshold", data: "[detectors]\ncaution = 0.9\nwarning = 0.5\n", key: "detectors", contains: "caution"},
		{name: "unknown weight", data: "[detectors.weights]\n\"opener.wrong_name\" = 0.5\n\"opener.nope\" = 0.3\n", line: 3, key: `detectors.weights."opener.nope"`, value: "0.3", contains: "opener.nope"},
		// In repeated tables, the occurrence at fault (the library names
		// the key's last one), and an unknown key in the first of several.
		{name: "wrong type, first owner", data: strings.Replace(validOwner, `names = ["Maria", "Nonna"]`, `names = "Maria"`, 1) + strings.Replace(validOwner, `"nonna"`, `"nonno"`, 1),
			line: 4, key: "owner.names", value: `"Maria"`, contains: "incompatible"},
		{name: "wrong type, first owner, a comment after it", data: strings.Replace(validOwner, `country = "it"`, `country = 39 # the code`, 1) + strings.Replace(validOwner, `"nonna"`, `"nonno"`, 1),
			line: 5, key: "owner.country", value: `39 # the code`, contains: "incompatible"},
		{name: "unknown key, first target", data: validOwner + "  colour = \"red\"\n  [[owner.notify]]\n  type = \"console\"\n", line: 10, key: "owner.notify.colour", value: `"red"`, is: ErrUnknownKey},
		{name: "bad country", data: strings.Replace(validOwner, `"it"`, `"Italy"`, 1), line: 5, key: "owner[0].country", value: `"Italy"`, is: ErrBadValue, contains: `did you mean "IT" (Italy)?`},
		{name: "bad allow", data: strings.Replace(validOwner, `"333 123 4567"`, `"call me"`, 1), line: 7, key: "owner[0].allow[0]", is: ErrBadValue, contains: `allow-list entry 1 of owner "nonna": not a phone number when read as a number of IT (Italy`},
		{name: "no names", data: strings.Replace(validOwner, `names = ["Maria", "Nonna"]`, ``, 1), key: "owner[0].names", is: ErrMissing},
		{name: "bad notifier", data: strings.Replace(validOwner, `type = "console"`, `type = "pigeon"`, 1), line: 9, key: "owner[0].notify[0].type", value: `"pigeon"`, is: ErrBadValue},
		{name: "ntfy without url", data: strings.Replace(validOwner, `type = "console"`, `type = "ntfy"`, 1), key: "owner[0].notify[0].url", is: ErrBadValue},
		{name: "duplicate owner", data: validOwner + strings.Replace(validOwner, "\n", "\n", 1), key: "owner[1].id", is: ErrBadValue},
		{name: "bad listen", data: "[http]\nlisten = \"8089\"\n", line: 2, key: "http.listen", is: ErrBadValue},
		{name: "tiny memory limit", data: "data_dir = \"x\"\nmemory_limit_mib = 8\n", line: 2, key: "memory_limit_mib", value: "8", is: ErrBadValue, contains: "between 16"},
		{name: "public url not a url", data: "[http]\npublic_url = \"sg.example.org\"\n", line: 2, key: "http.public_url", is: ErrBadValue, contains: "https://sg.example.org"},
		{name: "public url in clear", data: "[http]\ntoken = \"0123456789abcdef0123\"\npublic_url = \"http://sg.example.org\"\n", line: 3, key: "http.public_url", is: ErrBadValue, contains: "use https"},
		{name: "public url with a query", data: "[http]\npublic_url = \"https://sg.example.org/?k=1\"\n", line: 2, key: "http.public_url", is: ErrBadValue},
		{name: "public url without token", data: "[http]\npublic_url = \"https://sg.example.org\"\n", key: "http.token", is: ErrMissing, contains: "http.public_url"},
		{name: "public url without listener", data: "[http]\nlisten = \"\"\npublic_url = \"http://127.0.0.1:8089\"\n", line: 3, key: "http.public_url", is: ErrBadValue, contains: "http.listen"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("/etc/sg.toml", []byte(tc.data), true)
			if err == nil {
				t.Fatal("no error")
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "/etc/sg.toml") {
				t.Errorf("error does not name the file: %s", msg)
			}
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("not a FieldError: %T %v", err, err)
			}
			if tc.line != 0 && fe.Line != tc.line {
				t.Errorf("line = %d, want %d (%s)", fe.Line, tc.line, msg)
			}
			if fe.Line == 0 {
				t.Errorf("no line (%s)", msg)
			}
			if tc.key != "" && fe.Key != tc.key {
				t.Errorf("key = %q, want %q (%s)", fe.Key, tc.key, msg)
			}
			if tc.value != "" && fe.Value != tc.value {
				t.Errorf("value = %q, want %q (%s)", fe.Value, tc.value, msg)
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("error is not %v: %s", tc.is, msg)
			}
			if tc.contains != "" && !strings.Contains(msg, tc.contains) {
				t.Errorf("error %q does not mention %q", msg, tc.contains)
			}
		})
	}
}

func TestSecrets(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil {
			t.Fatal(err)
		}
		return p
	}
	t.Run("literal in a private file", func(t *testing.T) {
		p := write("private.toml", "[http]\ntoken = \"s3cret-token-0123456789\"\n", 0o600)
		cfg, err := Load(p)
		if err != nil {
			t.Fatal(err)
		}
		if cfg.HTTP.Token.Value() != "s3cret-token-0123456789" {
			t.Fatalf("token not read")
		}
		if s := cfg.HTTP.Token.String(); strings.Contains(s, "s3cret") {
			t.Errorf("String() leaks the secret: %s", s)
		}
	})
	t.Run("literal in a readable file is refused", func(t *testing.T) {
		p := write("open.toml", "\n[http]\ntoken = \"s3cret-token-0123456789\"\n", 0o644)
		_, err := Load(p)
		if err == nil || !errors.Is(err, ErrUnsafePermissions) || !strings.Contains(err.Error(), "chmod 600 "+p) {
			t.Fatalf("want a chmod 600 refusal, got %v", err)
		}
		if strings.Contains(err.Error(), "s3cret") {
			t.Errorf("error leaks the secret: %v", err)
		}
		var fe *FieldError
		if errors.As(err, &fe) && fe.Line != 3 {
			t.Errorf("line = %d, want 3", fe.Line)
		}
	})
	t.Run("secret file must be private", func(t *testing.T) {
		sf := write("token", "from-file-0123456789\n", 0o640)
		p := write("cfg.toml", "[http]\ntoken = \"file:"+sf+"\"\n", 0o644)
		_, err := Load(p)
		if err == nil || !strings.Contains(err.Error(), "chmod 600 "+sf) {
			t.Fatalf("want refusal naming %s, got %v", sf, err)
		}
		os.Chmod(sf, 0o600)
		cfg, err := Load(p)
		if err != nil {
			t.Fatal(err)
		}
		if cfg.HTTP.Token.Value() != "from-file-0123456789" {
			t.Errorf("token = %q", cfg.HTTP.Token.Value())
		}
	})
	t.Run("environment", func(t *testing.T) {
		p := write("env.toml", "[http]\ntoken = \"env:SG_TEST_TOKEN\"\n", 0o644)
		if _, err := Load(p); err == nil || !strings.Contains(err.Error(), "SG_TEST_TOKEN is not set") {
			t.Fatalf("want unset-variable error, got %v", err)
		}
		t.Setenv("SG_TEST_TOKEN", "from-env-0123456789")
		cfg, err := Load(p)
		if err != nil {
			t.Fatal(err)
		}
		if cfg.HTTP.Token.Value() != "from-env-0123456789" {
			t.Errorf("token = %q", cfg.HTTP.Token.Value())
		}
	})
}

// http.token must not be guessable: at least 16 bytes and not only
// whitespace, wherever it comes from (literal, env:, file: or
// SILENTGUARD_HTTP_TOKEN). The error names the file, line and key, and
// never the token.
func TestHTTPTokenStrength(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	t.Setenv("SG_TEST_SHORT_TOKEN", "tok3n-15-bytes!")
	write("weak-file", "tok3n-15-bytes!\n")
	for _, c := range []struct {
		name, token, env string
		ok               bool
		mention          string
	}{
		{name: "16 bytes", token: "tok3n-16-bytes!!", ok: true},
		{name: "15 bytes", token: "tok3n-15-bytes!", mention: "15 bytes, at least 16"},
		{name: "one byte", token: "x", mention: "1 bytes, at least 16"},
		{name: "only whitespace", token: "                    ", mention: "only whitespace"},
		{name: "tabs and newlines", token: "\\t\\t\\n\\n\\t\\t\\n\\n\\t\\t\\n\\n\\t\\t\\n\\n\\t", mention: "only whitespace"},
		{name: "env reference", token: "env:SG_TEST_SHORT_TOKEN", mention: "15 bytes"},
		{name: "file reference", token: "file:" + filepath.Join(dir, "weak-file"), mention: "15 bytes"},
		{name: "environment override", token: "a-long-enough-token-in-the-file", env: "short", mention: "SILENTGUARD_HTTP_TOKEN is 5 bytes"},
		{name: "environment override of whitespace", token: "a-long-enough-token-in-the-file", env: "                 ", mention: "SILENTGUARD_HTTP_TOKEN is only whitespace"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.env != "" {
				t.Setenv("SILENTGUARD_HTTP_TOKEN", c.env)
			}
			p := write("cfg.toml", "# http\n\n[http]\nlisten = \"127.0.0.1:8089\"\ntoken = \""+c.token+"\"\n")
			_, err := Load(p)
			if c.ok {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var fe *FieldError
			if !errors.As(err, &fe) || !errors.Is(err, ErrBadValue) {
				t.Fatalf("want a bad-value FieldError, got %v", err)
			}
			msg := err.Error()
			if fe.File != p || fe.Line != 5 || fe.Key != "http.token" || !strings.HasPrefix(msg, p+":5: http.token") {
				t.Errorf("error %q: want %s:5 and http.token", msg, p)
			}
			if !strings.Contains(msg, c.mention) || !strings.Contains(msg, "openssl rand -hex 16") {
				t.Errorf("error %q does not mention %q and how to make a token", msg, c.mention)
			}
			for _, secret := range []string{"tok3n-15-bytes!", "short", c.env} {
				if strings.TrimSpace(secret) != "" && strings.Contains(msg, secret) {
					t.Errorf("error leaks the token: %q", msg)
				}
			}
		})
	}
}

func TestVCard(t *testing.T) {
	dir := t.TempDir()
	vcf := filepath.Join(dir, "contacts.vcf")
	os.WriteFile(vcf, []byte("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Figlio\r\nTEL;TYPE=CELL:+39 347 765 4321\r\nEND:VCARD\r\n"+
		"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Medico\r\nTEL;VALUE=uri:tel:06 1234 5678\r\nTEL:not a number\r\nEND:VCARD\r\n"), 0o600)
	nums, skipped, err := LoadVCard(vcf, "IT")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"+393477654321", "+390612345678"}
	if !reflect.DeepEqual(nums, want) || skipped != 1 {
		t.Errorf("numbers = %v skipped %d, want %v and 1", nums, skipped, want)
	}
	data := strings.Replace(validOwner, `languages = ["it"]`, "languages = [\"it\"]\nvcard = \""+vcf+"\"", 1)
	cfg, err := Parse("v.toml", []byte(data), true)
	if err != nil {
		t.Fatal(err)
	}
	if k := cfg.Owner("nonna").Known(); len(k) != 5 {
		t.Errorf("known = %v, want allow-list plus 2 vCard numbers", k)
	}
	data = strings.Replace(data, vcf, filepath.Join(dir, "missing.vcf"), 1)
	if _, err := Parse("v.toml", []byte(data), true); err == nil || !strings.Contains(err.Error(), "owner[0].vcard") {
		t.Errorf("missing vCard: %v", err)
	}
	// A device is refused, not read forever.
	done := make(chan error, 1)
	go func() { _, _, err := LoadVCard("/dev/zero", "IT"); done <- err }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("/dev/zero as a vCard: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("/dev/zero as a vCard: still reading after 10 s")
	}
}

func TestDuration(t *testing.T) {
	for in, want := range map[string]string{"14d": "336h0m0s", "36h": "36h0m0s", "0": "0s", "1.5d": "36h0m0s"} {
		var d Duration
		if err := d.UnmarshalText([]byte(in)); err != nil {
			t.Errorf("%s: %v", in, err)
			continue
		}
		if d.D().String() != want {
			t.Errorf("%s = %s, want %s", in, d.D(), want)
		}
	}
	// Huge, NaN or infinite day counts would convert to a negative
	// duration; "2d5d" is not 2 days.
	for _, in := range []string{"-1d", "soon", "3x", "1e300d", "106752d", "NaNd", "Infd", "2d5d", "d"} {
		var d Duration
		if err := d.UnmarshalText([]byte(in)); err == nil {
			t.Errorf("%s: no error", in)
		}
	}
}
