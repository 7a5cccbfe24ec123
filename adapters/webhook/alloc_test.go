package webhook

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/internal/bottest"
)

// The webhook's own work on a message (reading and decoding the body,
// answering 202) costs little beside the engine's: a gateway posts every
// message through it. A message already stored is posted again, and the
// allocations of serving it are compared with those of the engine
// handling the same message and of building the request and recorder:
// the JSON decoder and the HTTP headers take about 23 more. (Copying the
// body into a string to decode it, parsing a plain "application/json",
// and encoding the same two answers through a map took 7 more.)
func TestServingCostsLittleBesideTheEngine(t *testing.T) {
	eng := bottest.New(t, bottest.Options{})
	eng.AddOwner(&bot.Owner{ID: "laura", Names: []string{"Laura"}, Country: "IT", Languages: []string{"it"},
		Known: map[string]bool{}, Targets: []bot.Target{{Name: "rec", Notifier: &bottest.Recorder{}}}})
	h := New(eng, "", 64<<10, zerolog.Nop())
	const body = `{"owner":"laura","from":"+39 347 765 4321","text":"ok see you tomorrow then","id":"m1","conversation":"c1"}`
	request := func() (*httptest.ResponseRecorder, *http.Request) {
		r := httptest.NewRequest(http.MethodPost, "/v1/messages", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		return httptest.NewRecorder(), r
	}
	serve := func() {
		w, r := request()
		h.serveMessage(w, r)
		if w.Code != http.StatusAccepted || w.Body.String() != `{"status":"duplicate"}`+"\n" {
			t.Fatalf("%d %s", w.Code, w.Body)
		}
	}
	w, r := request()
	h.serveMessage(w, r) // stored; from now on a duplicate
	m, _, err := h.parse([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	base := testing.AllocsPerRun(50, func() {
		request()
		if res, err := eng.Handle(context.Background(), m); err != nil || !res.Duplicate {
			t.Fatal(res, err)
		}
	})
	served := testing.AllocsPerRun(50, serve)
	if served > base+26 {
		t.Errorf("serving a message costs %.0f allocations, the engine and the request %.0f", served, base)
	}
}
