package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	silentguard "github.com/silentguard/silentguard"
)

// FuzzParse: any bytes give a config or a *FieldError that names the file
// and where (a line or a key), never a panic. A config that loads holds no
// negative duration, and validating it again changes nothing.
func FuzzParse(f *testing.F) {
	f.Setenv("SG_TEST_HTTP_TOKEN", "http-token-0123456789")
	f.Setenv("SG_TEST_SMTP_PASSWORD", "pw")
	f.Setenv("SG_TEST_TWILIO_TOKEN", "0123456789abcdef0123")
	f.Setenv("SG_TEST_TWILIO_AUTH", "auth")
	f.Setenv("SG_TEST_ANDROID_TOKEN", "android-token-0123456789")
	f.Setenv("SG_TEST_ANDROID_KEY", "key")
	f.Setenv("SG_TEST_TG_TOKEN", "123456:ABC-def")
	for _, s := range []string{
		validOwner,
		smsValid,
		string(silentguard.ExampleConfig),
		validOwner + "\n[telegram]\nenabled = true\ntoken = \"env:SG_TEST_TG_TOKEN\"\n[telegram.owners]\n\"4242\" = \"nonna\"\n",
		"[watch]\nwindow = \"1.5d\"\nretention = \"36h\"\nmax_messages = 3\nmin_level = \"warning\"\n" + validOwner,
		"[watch]\nretention = \"1e300d\"\n" + validOwner,
		"[watch]\nwindow = \"NaNd\"\n",
		"[delivery]\nretry_min = \"2d5d\"\n",
		"[detectors]\ncaution = 0.9\nwarning = 0.5\n",
		"[detectors.weights]\n\"opener.nope\" = 0.3\n",
		"[[owner]]\nid = \"Ü\"\n",
		"[[owner]]\n[[owner.notify]]\n[[owner.notify]]\n",
		"owner = 5\n",
		"[http]\nlisten = \"[::1]:8089\"\nmax_body = -1\n",
		"a = [[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]\n",
		"\"\\uD800\" = 1\n",
		"[matrix]\nencryption = true\n[[matrix.bot]]\nhomeserver = \"http://\"\n",
		"data_dir = \"\"\n",
		"\xff\xfe[watch\n",
		"",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		const name = "fuzz.toml"
		cfg, err := Parse(name, data, true)
		if err != nil {
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("not a FieldError: %T %v", err, err)
			}
			if fe.File != name || !strings.HasPrefix(err.Error(), name) {
				t.Fatalf("error does not name the file: %v", err)
			}
			if fe.Err == nil || fe.Line <= 0 && fe.Key == "" {
				t.Fatalf("error names no line and no key: %v", err)
			}
			return
		}
		walkDurations(reflect.ValueOf(cfg).Elem(), "config", func(path string, d Duration) {
			if d < 0 {
				t.Fatalf("%s = %v: a negative duration loaded", path, d.D())
			}
		})
		before := *cfg
		before.Owners = append([]OwnerConfig(nil), cfg.Owners...)
		if err := cfg.validate(); err != nil {
			t.Fatalf("a loaded config fails to validate again: %v", err)
		}
		if !reflect.DeepEqual(&before, cfg) {
			t.Fatalf("validating again changed the config:\nbefore %+v\nafter  %+v", before, *cfg)
		}
	})
}

// walkDurations calls fn for every Duration in v.
func walkDurations(v reflect.Value, path string, fn func(string, Duration)) {
	switch {
	case v.Type() == reflect.TypeOf(Duration(0)):
		fn(path, Duration(v.Int()))
	case v.Kind() == reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				walkDurations(v.Field(i), path+"."+v.Type().Field(i).Name, fn)
			}
		}
	case v.Kind() == reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			walkDurations(v.Index(i), path, fn)
		}
	}
}

// FuzzVCard: any vCard file loads or fails with an error, never a panic,
// and every number it yields is E.164 that parses back to itself.
func FuzzVCard(f *testing.F) {
	for _, s := range []string{
		"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Figlio\r\nTEL;TYPE=CELL:+39 347 765 4321\r\nEND:VCARD\r\n",
		"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Medico\r\nTEL;VALUE=uri:tel:06 1234 5678\r\nTEL:not a number\r\nEND:VCARD\r\n",
		"BEGIN:VCARD\nVERSION:2.1\nN:;Mamma;;;\nTEL;HOME;VOICE:333-123-4567\nTEL;CELL:+1 (202) 555-0143\nEND:VCARD\n",
		"BEGIN:VCARD\r\nVERSION:3.0\r\nTEL;TYPE=CELL:+39 347\r\n 765 4321\r\nEND:VCARD\r\n",
		"BEGIN:VCARD\r\nVERSION:3.0\r\nitem1.TEL:tel:+44-7700-900123;ext=12\r\nEND:VCARD\r\nBEGIN:VCARD\r\nEND:VCARD\r\n",
		"BEGIN:VCARD\r\nTEL:TEL:\r\nTEL:tel:\r\nTEL:++++\r\nTEL:\xff\xfe\r\nEND:VCARD\r\n",
		"BEGIN:VCARD\r\nBEGIN:VCARD\r\nEND:VCARD\r\n",
		"END:VCARD\r\n",
		"BEGIN:VCARD\r\nTEL",
		"",
	} {
		f.Add([]byte(s), "IT")
	}
	f.Add([]byte("BEGIN:VCARD\r\nTEL:(202) 555-0143\r\nEND:VCARD\r\n"), "US")
	f.Add([]byte("BEGIN:VCARD\r\nTEL:0049 30 123456\r\nEND:VCARD\r\n"), "")
	f.Add([]byte("BEGIN:VCARD\r\nTEL:123\r\nEND:VCARD\r\n"), "ZZ")
	path := filepath.Join(f.TempDir(), "contacts.vcf")
	f.Fuzz(func(t *testing.T, data []byte, country string) {
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		nums, skipped, err := LoadVCard(path, country)
		if err != nil {
			if nums != nil || !strings.Contains(err.Error(), path) && !strings.HasPrefix(err.Error(), "read vcard") {
				t.Fatalf("error %v with numbers %v", err, nums)
			}
			return
		}
		if skipped < 0 {
			t.Fatalf("skipped %d", skipped)
		}
		for _, n := range nums {
			if !strings.HasPrefix(n, "+") || strings.Trim(n[1:], "0123456789") != "" || len(n) < 3 || len(n) > 18 {
				t.Fatalf("%q is not E.164", n)
			}
			if again, err := NormalizePhone(n, country); err != nil || again != n {
				t.Fatalf("%q does not parse back: %q %v", n, again, err)
			}
		}
	})
}
