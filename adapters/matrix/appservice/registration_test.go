package appservice

import (
	"os"
	"path/filepath"
	"testing"

	mas "maunium.net/go/mautrix/appservice"
)

// The hand-written registration reads back, with mautrix's parser, as
// what the options say, whatever a value holds.
func TestRegistrationReadsBack(t *testing.T) {
	o := Options{ID: "silent'guard", Address: "http://127.0.0.1:29340", ASToken: "as#1: x", HSToken: "hs\"2",
		BotLocalpart: "silentguard", ServerName: "example.org", UsersRegex: `@.*:example\.org`}
	p := filepath.Join(t.TempDir(), "reg.yaml")
	if err := os.WriteFile(p, []byte(RegistrationYAML(o)), 0o600); err != nil {
		t.Fatal(err)
	}
	reg, err := mas.LoadRegistration(p)
	if err != nil {
		t.Fatal(err)
	}
	if reg.ID != o.ID || reg.URL != o.Address || reg.AppToken != o.ASToken || reg.ServerToken != o.HSToken ||
		reg.SenderLocalpart != o.BotLocalpart || reg.RateLimited == nil || *reg.RateLimited {
		t.Errorf("read back: %+v", reg)
	}
	if ns := reg.Namespaces.UserIDs; len(ns) != 1 || ns[0].Regex != o.UsersRegex || ns[0].Exclusive {
		t.Errorf("users namespace: %+v", ns)
	}
}
