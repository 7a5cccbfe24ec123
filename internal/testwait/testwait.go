// Package testwait waits in tests for a condition, with a deadline. It
// imports nothing of SilentGuard, so that any package's tests can use it
// (the store's own among them, which internal/bottest cannot serve).
package testwait

import (
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
