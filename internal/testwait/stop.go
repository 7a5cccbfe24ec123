package testwait

import (
	"context"
	"testing"
	"time"
)

// StopsCleanly runs run(ctx) until it reaches the point under test
// (reached is signalled), then ends ctx, the way a SIGTERM does, and
// fails the test unless run returns nil within timeout: a shutdown in
// the middle of start-up work is a clean stop, not an error.
func StopsCleanly(tb testing.TB, what string, timeout time.Duration, reached <-chan struct{}, run func(context.Context) error) {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ran := make(chan error, 1)
	go func() { ran <- run(ctx) }()
	select {
	case <-reached:
	case err := <-ran:
		tb.Fatalf("%s: returned before the shutdown: %v", what, err)
	case <-time.After(timeout):
		tb.Fatalf("%s: never reached the point under test", what)
	}
	cancel()
	select {
	case err := <-ran:
		if err != nil {
			tb.Errorf("%s after a shutdown: %v, want nil", what, err)
		}
	case <-time.After(timeout):
		tb.Fatalf("%s did not return after the shutdown", what)
	}
}
