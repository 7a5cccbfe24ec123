package warntext

import (
	"strings"
	"testing"
)

// On Matrix, the advice depends on whether the owner already joined the
// stranger's chat: "don't accept the invite" is no use to one who did.
// Every language has both.
func TestMatrixAdviceOnceJoined(t *testing.T) {
	for _, lang := range Languages() {
		in := baseInput()
		in.Lang, in.Network = lang, "matrix"
		invited := Render(in).Plain()
		in.OwnerJoined = true
		joined := Render(in).Plain()
		if invited == joined {
			t.Errorf("%s: the same Matrix advice whether or not the owner joined", lang)
		}
		if !strings.Contains(joined, "/ignore") {
			t.Errorf("%s: the joined advice does not say how to ignore the user:\n%s", lang, joined)
		}
	}
	in := baseInput()
	in.Lang, in.Network, in.OwnerJoined = "en", "matrix", true
	m := Render(in)
	if strings.Contains(m.Plain(), "accept the invite") || !strings.Contains(m.Plain(), "you have already joined this chat") {
		t.Errorf("English advice for an owner who joined:\n%s", m.Plain())
	}
	// Elsewhere joining means nothing: the same steps.
	in.Network = "whatsapp"
	joinedWA := Render(in).Plain()
	in.OwnerJoined = false
	if Render(in).Plain() != joinedWA {
		t.Errorf("OwnerJoined changed the WhatsApp steps")
	}
}
