package bot

import (
	"testing"
	"time"
)

// However long the outage and whatever retry_max says, the next attempt
// comes within MaxRetryDelay, so delivery resumes soon after the notifier
// recovers.
func TestBackoffIsCapped(t *testing.T) {
	for _, retryMax := range []time.Duration{0, 10 * time.Minute, time.Hour} {
		d := newDelivery(&Engine{}, DeliveryOptions{RetryMin: 2 * time.Second, RetryMax: retryMax})
		if d.opts.RetryMax > 30*time.Second {
			t.Errorf("retry_max %s: backoff up to %s, want at most 30s", retryMax, d.opts.RetryMax)
		}
		if b := d.backoff(500); b > 30*time.Second || b <= 0 {
			t.Errorf("retry_max %s: backoff after 500 failures %s", retryMax, b)
		}
	}
}
