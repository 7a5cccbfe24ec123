package modeltrain

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Adapted ordinary texts are all trained on, so one adapted from the
// held-out half of uci-sms-ham would leak it: loading refuses it, and a
// text that does not name its source.
func TestLoadAdaptedRefusesHeldOutSources(t *testing.T) {
	line := func(id, note string) string {
		return `{"id": "` + id + `", "lang": "de", "owner": {"names": ["Anna"]}, "sender": {"phone": "+4915112345001"}, "turns": [{"from": "sender", "text": "Bin gleich da"}], "warn": false, "category": "ordinary-text", "note": "` + note + `"}` + "\n"
	}
	for _, tc := range []struct {
		name, body, wantErr string
	}{
		// en-x00003 is in the training half, en-x00000 in the held-out one
		{"train half", line("de-u00003", adaptedNote+"en-x00003"), ""},
		{"held-out half", line("de-u00000", adaptedNote+"en-x00000"), "held-out half"},
		{"no source", line("de-u00004", "written"), "does not name its source"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "de.jsonl"), []byte(tc.body), 0o644); err != nil {
				t.Fatal(err)
			}
			cases, err := loadAdapted(dir)
			if tc.wantErr == "" {
				if err != nil || len(cases) != 1 {
					t.Fatalf("loadAdapted = %d cases, %v; want 1, nil", len(cases), err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("loadAdapted error = %v, want one saying %q", err, tc.wantErr)
			}
		})
	}
}

// The adapted texts shipped in the repository all come from the
// training half.
func TestShippedAdaptedTextsLoad(t *testing.T) {
	cases, err := loadAdapted("../../detectors/testdata/train/ordinary/adapted")
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) == 0 {
		t.Skip("no adapted texts")
	}
}
