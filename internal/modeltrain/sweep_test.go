package modeltrain

import "testing"

func TestPickHamWeight(t *testing.T) {
	rows := []hamWeightRow{{2, 0.909, 27}, {2.5, 0.903, 23}, {3, 0.902, 19}, {3.5, 0.897, 16}, {4, 0.895, 16}}
	if got := pickHamWeight(rows); got != 3 {
		t.Errorf("picked %g, want 3: 3.5 and 4 are more than 0.01 below the best recall", got)
	}
	if got := pickHamWeight(rows[1:]); got != 3.5 {
		t.Errorf("without 2: picked %g, want 3.5 (the fewest alarms within 0.01, then the most recall)", got)
	}
	if got := pickHamWeight(nil); got != 0 {
		t.Errorf("no rows: picked %g", got)
	}
}
