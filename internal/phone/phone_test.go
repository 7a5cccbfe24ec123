package phone

import (
	"errors"
	"strconv"
	"testing"

	"github.com/nyaruka/phonenumbers"
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
	for _, s := range []string{"+12025550143", "000100", "+358000000", "347 123 4567", "+44 7911 123456", "0000000"} {
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

func TestDescribe(t *testing.T) {
	for _, c := range []struct {
		in, region string
		want       Info
	}{
		{"+39 347 123 4567", "", Info{Valid: true, Region: "IT", Type: phonenumbers.MOBILE}},
		{"347 123 4567", "IT", Info{Valid: true, Region: "IT", Type: phonenumbers.MOBILE}},
		{"+1 800 555 0100", "IT", Info{Valid: true, Region: "US", Type: phonenumbers.TOLL_FREE}},
		{"+1 111 111 1111", "US", Info{}}, // no NANP region claims it
		{"12", "US", Info{}},
		{"not a number", "", Info{}},
	} {
		for range 2 { // parsed, then remembered
			if got := Describe(c.in, c.region); got != c.want {
				t.Errorf("Describe(%q, %q) = %+v, want %+v", c.in, c.region, got, c.want)
			}
		}
	}
	// What E164 tells Describe is what Describe would have found itself.
	e164, err := E164("+44 7911 123456", "IT")
	if err != nil {
		t.Fatal(err)
	}
	n, _ := phonenumbers.Parse(e164, "")
	if got, want := Describe(e164, "IT"), describe(n); got != want || !got.Valid {
		t.Errorf("Describe(%q) after E164 = %+v, want %+v", e164, got, want)
	}
}

// A gateway gives the sender's number with every message: reading it
// again parses nothing.
func TestE164Remembers(t *testing.T) {
	if _, err := E164("+39 347 765 4321", "IT"); err != nil {
		t.Fatal(err)
	}
	if n := testing.AllocsPerRun(20, func() { _, _ = E164("+39 347 765 4321", "IT") }); n > 0 {
		t.Errorf("reading a number again costs %.0f allocations: it is parsed again", n)
	}
}

// A full generation becomes the previous one: numbers seen again since
// stay, others go after two generations, so at most 2×cacheMax are kept.
func TestCacheGenerations(t *testing.T) {
	var c cache[int]
	key := func(i int) cacheKey { return cacheKey{s: "+" + strconv.Itoa(i)} }
	for i := range cacheMax {
		c.put(key(i), i)
	}
	c.put(key(cacheMax), cacheMax) // the first generation is now the previous one
	if v, ok := c.get(key(7)); !ok || v != 7 {
		t.Fatalf("a number of the previous generation: %d, %v", v, ok)
	}
	for i := cacheMax + 1; i < 2*cacheMax+1; i++ {
		c.put(key(i), i)
	}
	if _, ok := c.get(key(7)); !ok {
		t.Error("a number read again in the last generation was dropped")
	}
	if _, ok := c.get(key(8)); ok {
		t.Error("a number not read for two generations is still kept")
	}
	if n := len(c.cur) + len(c.prev); n > 2*cacheMax {
		t.Errorf("%d numbers kept, bound %d", n, 2*cacheMax)
	}
}

// The number a gateway has just read is described from memory even when
// that description aged out of its cache before the reading did: a
// sender seen again costs the detectors no parse.
func TestE164KeepsDescription(t *testing.T) {
	e164, err := E164("+39 347 765 4322", "IT")
	if err != nil {
		t.Fatal(err)
	}
	key := cacheKey{s: e164}
	for i := range 2*cacheMax + 1 {
		infos.put(cacheKey{s: "+1" + strconv.Itoa(i)}, Info{})
	}
	if _, ok := infos.get(key); ok {
		t.Fatal("the description did not age out: the test proves nothing")
	}
	if _, err := E164("+39 347 765 4322", "IT"); err != nil {
		t.Fatal(err)
	}
	if got, ok := infos.get(key); !ok || !got.Valid || got.Region != "IT" {
		t.Errorf("after reading the number again its description is %+v, %v; want the Italian mobile's, remembered", got, ok)
	}
}
