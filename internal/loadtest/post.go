package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"
)

// poster posts to the daemon's generic webhook as a gateway does.
type poster struct {
	addr   string
	url    string
	client *http.Client
}

func newPoster(addr string, conns int) *poster {
	return &poster{addr: addr, url: "http://" + addr + "/v1/messages", client: &http.Client{Timeout: 30 * time.Second,
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

// requests encodes each stream's posts as whole HTTP/1.1 requests, before
// the burst: the posters share the daemon's two cores, so the less CPU
// they spend per post, the more the figures measure the daemon.
func (p *poster) requests(streams [][]message) [][][]byte {
	out := make([][][]byte, len(streams))
	for i, st := range streams {
		out[i] = make([][]byte, len(st))
		for j, m := range st {
			out[i][j] = fmt.Appendf(nil, "POST /v1/messages HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s",
				p.addr, len(m.body), m.body)
		}
	}
	return out
}

// burst is what posting the streams at once measured.
type burst struct {
	start, end time.Time
	latencies  []time.Duration // of acknowledged posts
	failed     int
}

// postAll posts each stream (encoded by requests) from a client of its
// own, all at once, each on one keep-alive connection; each client waits
// for an answer before its next post.
func (p *poster) postAll(streams [][][]byte) burst {
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
			c := &rawConn{addr: p.addr}
			defer c.close()
			<-ready
			for _, req := range st {
				t := time.Now()
				if status, _ := c.post(req); status == http.StatusAccepted {
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

// rawConn is one poster's keep-alive connection to the daemon: it writes
// encoded requests and reads the answers without allocating.
type rawConn struct {
	addr string
	c    net.Conn
	r    *bufio.Reader
}

// post writes one request and reads its answer's status, discarding the
// body; after an error the next post dials anew.
func (rc *rawConn) post(req []byte) (status int, err error) {
	if rc.c == nil {
		if rc.c, err = net.Dial("tcp", rc.addr); err != nil {
			return 0, err
		}
		if rc.r == nil {
			rc.r = bufio.NewReader(rc.c)
		} else {
			rc.r.Reset(rc.c)
		}
	}
	if status, err = rc.roundTrip(req); err != nil {
		rc.close()
	}
	return status, err
}

func (rc *rawConn) roundTrip(req []byte) (int, error) {
	if err := rc.c.SetDeadline(time.Now().Add(30 * time.Second)); err != nil {
		return 0, err
	}
	if _, err := rc.c.Write(req); err != nil {
		return 0, err
	}
	// "HTTP/1.1 202 Accepted", the headers, an empty line, the body.
	line, err := rc.r.ReadSlice('\n')
	if err != nil {
		return 0, err
	}
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.1 ")) {
		return 0, fmt.Errorf("bad status line %q", line)
	}
	status, err := strconv.Atoi(string(line[9:12]))
	if err != nil {
		return 0, fmt.Errorf("bad status line %q", line)
	}
	length := -1
	for {
		line, err := rc.r.ReadSlice('\n')
		if err != nil {
			return status, err
		}
		line = bytes.TrimRight(line, "\r\n")
		if len(line) == 0 {
			break
		}
		if name, value, ok := bytes.Cut(line, []byte(":")); ok && bytes.EqualFold(name, []byte("Content-Length")) {
			if length, err = strconv.Atoi(string(bytes.TrimSpace(value))); err != nil {
				return status, fmt.Errorf("bad Content-Length %q", value)
			}
		}
	}
	if length < 0 {
		return status, errors.New("answer without Content-Length")
	}
	if _, err := rc.r.Discard(length); err != nil {
		return status, err
	}
	return status, nil
}

func (rc *rawConn) close() {
	if rc.c != nil {
		rc.c.Close()
		rc.c = nil
	}
}

// quantile of sorted durations.
func quantile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(q*float64(len(sorted))))]
}
