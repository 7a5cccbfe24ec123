// Package testwait holds the two waits tests share: for a condition, with
// a deadline, and for a loopback address nothing listens on. It imports
// nothing of SilentGuard, so that any package's tests can use it (the
// store's own among them, which internal/bottest cannot serve).
package testwait

import (
	"net"
	"testing"
	"time"
)

// For checks ok until it holds, failing the test after timeout. Prefer a
// barrier (a channel, a stored marker) where the code offers one; this is
// for state that only polling can see.
func For(tb testing.TB, what string, timeout time.Duration, ok func() bool) {
	tb.Helper()
	deadline := time.Now().Add(timeout)
	for !ok() {
		if time.Now().After(deadline) {
			tb.Fatalf("timed out after %s waiting for %s", timeout, what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// FreeAddr is a loopback address nothing listens on (yet).
func FreeAddr(tb testing.TB) string {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}
