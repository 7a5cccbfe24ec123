package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"sync"
	"time"
)

// sink is the owner's HTTP notifier: it records every warning it is sent.
type sink struct {
	srv   *http.Server
	url   string
	delay time.Duration // how long each delivery takes, as a slow service would

	mu sync.Mutex
	// first is when each warning (by ID) first arrived; notices are not
	// counted. received counts every request, copies included.
	first    map[string]time.Time
	received map[string]int
	notices  int
	// era is the daemon's run a receipt belongs to (the kill test counts
	// its restarts); eras lists each warning's.
	era  int
	eras map[string][]int
	// open are the connections not yet closed (see nextEra).
	open map[net.Conn]bool
}

func newSink(delay time.Duration) (*sink, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &sink{url: "http://" + ln.Addr().String() + "/hook", delay: delay,
		first: map[string]time.Time{}, received: map[string]int{}, eras: map[string][]int{}, open: map[net.Conn]bool{}}
	s.srv = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second, ConnState: s.connState}
	go s.srv.Serve(ln)
	return s, nil
}

func (s *sink) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var m struct {
		Notice string `json:"notice"`
	}
	body, _ := io.ReadAll(r.Body)
	// Only notices carry the field (omitempty): decode only those, as the
	// sink shares the daemon's cores.
	if bytes.Contains(body, []byte(`"notice"`)) {
		_ = json.Unmarshal(body, &m)
	}
	if s.delay > 0 {
		time.Sleep(s.delay)
	}
	id := r.Header.Get("X-SilentGuard-Warning-ID")
	now := time.Now()
	s.mu.Lock()
	if m.Notice != "" {
		s.notices++
	} else {
		if _, ok := s.first[id]; !ok {
			s.first[id] = now
		}
		s.received[id]++
		s.eras[id] = append(s.eras[id], s.era)
	}
	s.mu.Unlock()
}

// reset forgets what was received (between runs).
func (s *sink) reset() {
	s.mu.Lock()
	s.first, s.received, s.eras, s.notices = map[string]time.Time{}, map[string]int{}, map[string][]int{}, 0
	s.mu.Unlock()
}

func (s *sink) connState(c net.Conn, st http.ConnState) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch st {
	case http.StateNew:
		s.open[c] = true
	case http.StateClosed, http.StateHijacked:
		delete(s.open, c)
	}
}

// nextEra marks the start of the daemon's next run, once the killed
// run's connections are closed: a request it sent just before the kill
// may still be in the sink's buffers, and belongs to that run.
func (s *sink) nextEra() {
	deadline := time.Now().Add(5 * time.Second)
	for {
		s.mu.Lock()
		n := len(s.open)
		if n == 0 || time.Now().After(deadline) {
			s.era++
			s.mu.Unlock()
			return
		}
		s.mu.Unlock()
		time.Sleep(time.Millisecond)
	}
}

// arrivals lists when each distinct warning first arrived.
func (s *sink) arrivals() []time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]time.Time, 0, len(s.first))
	for _, t := range s.first {
		out = append(out, t)
	}
	return out
}

func (s *sink) distinct() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.first)
}

// copies counts the warnings received more than once, and the copies.
func (s *sink) copies() (warnings, extra int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, n := range s.received {
		if n > 1 {
			warnings++
			extra += n - 1
		}
	}
	return warnings, extra
}

func (s *sink) close() { s.srv.Close() }
