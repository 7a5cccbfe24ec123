package main

import (
	"bytes"
	"io"
	"net/http"
	"slices"
	"sync"
	"time"
)

// poster posts to the daemon's generic webhook as a gateway does.
type poster struct {
	url    string
	client *http.Client
}

func newPoster(addr string, conns int) *poster {
	return &poster{url: "http://" + addr + "/v1/messages", client: &http.Client{Timeout: 30 * time.Second,
		Transport: &http.Transport{MaxIdleConns: conns, MaxIdleConnsPerHost: conns}}}
}

// post sends one message; ok means it was acknowledged (202).
func (p *poster) post(body []byte) (ok bool, status int, err error) {
	resp, err := p.client.Post(p.url, "application/json", bytes.NewReader(body))
	if err != nil {
		return false, 0, err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode == http.StatusAccepted, resp.StatusCode, nil
}

// burst is what posting the streams at once measured.
type burst struct {
	start, end time.Time
	latencies  []time.Duration // of acknowledged posts
	failed     int
}

// postAll posts each stream from a client of its own, all at once; each
// client waits for an answer before its next post.
func (p *poster) postAll(streams [][]message) burst {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		b     burst
		ready = make(chan struct{})
	)
	for _, st := range streams {
		wg.Go(func() {
			lat := make([]time.Duration, 0, len(st))
			failed := 0
			<-ready
			for _, m := range st {
				t := time.Now()
				if ok, _, _ := p.post(m.body); ok {
					lat = append(lat, time.Since(t))
				} else {
					failed++
				}
			}
			mu.Lock()
			b.latencies = append(b.latencies, lat...)
			b.failed += failed
			mu.Unlock()
		})
	}
	b.start = time.Now()
	close(ready)
	wg.Wait()
	b.end = time.Now()
	slices.Sort(b.latencies)
	return b
}

// quantile of sorted durations.
func quantile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(q*float64(len(sorted))))]
}
