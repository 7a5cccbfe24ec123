package matrix

import (
	"testing"
	"time"
)

func TestStillUndecryptable(t *testing.T) {
	for _, tc := range []struct {
		first bool
		age   time.Duration
		want  pendingAction
	}{
		{false, time.Second, pendingWait},
		{false, pendingReport + time.Second, pendingTell},
		{true, pendingReport + time.Second, pendingWait}, // history: quiet
		{false, pendingDrop + time.Second, pendingGiveUp},
		{true, pendingDrop + time.Second, pendingGiveUp},
	} {
		if got := stillUndecryptable(tc.first, tc.age); got != tc.want {
			t.Errorf("first=%v age=%s: %d, want %d", tc.first, tc.age, got, tc.want)
		}
	}
}
