package phone

import (
	"errors"
	"testing"
)

func TestE164(t *testing.T) {
	for _, c := range []struct {
		in, country, want string
		err               error
	}{
		{"+1 202-555-0143", "IT", "+12025550143", nil},
		{"(202) 555-0143", "US", "+12025550143", nil},
		{"347 123 4567", "IT", "+393471234567", nil},
		{"12", "US", "", ErrImpossible},
		// Found by the fuzzers: the E.164 form reads back as another
		// number, so the same sender would not match itself. (A "+" number
		// that drops a digit is fine: its E.164 form is stable.)
		{"000100", "AT", "", ErrMalformed},
		{"0000000", "AX", "", ErrMalformed},
		{"+358000000", "", "+35800000", nil},
	} {
		got, err := E164(c.in, c.country)
		if got != c.want || c.err != nil && !errors.Is(err, c.err) || c.err == nil && err != nil {
			t.Errorf("E164(%q, %q) = %q, %v; want %q, %v", c.in, c.country, got, err, c.want, c.err)
		}
	}
}

// Whatever E164 returns reads back as itself.
func FuzzE164(f *testing.F) {
	for _, s := range []string{"+12025550143", "000100", "+358000000", "347 123 4567", "+44 7700 900123", "0000000"} {
		f.Add(s, "IT")
	}
	f.Fuzz(func(t *testing.T, s, country string) {
		p, err := E164(s, country)
		if err != nil {
			return
		}
		if again, err := E164(p, ""); err != nil || again != p {
			t.Fatalf("E164(%q, %q) = %q, which reads back as %q (%v)", s, country, p, again, err)
		}
	})
}
