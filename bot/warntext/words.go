package warntext

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Segment is a run of the sender's words as the owner page shows them;
// Mark is set on the evidence.
type Segment struct {
	Text string
	Mark bool
}

// SenderWords lays out one message of the sender's for the owner page,
// with the byte ranges in marks (the evidence) marked, as much of it as q
// lets show: all of it (QuoteFull), only the marked words, each cut to
// about 40 characters (QuoteShort), or nothing (QuoteNone). The words are
// cleaned and defanged as in a warning, so that nothing in them becomes a
// link or reorders the page. Overlapping ranges are merged; a range
// outside the text or inside a character is dropped.
func SenderWords(text string, marks [][2]int, q Quote) []Segment {
	if q == QuoteNone {
		return nil
	}
	var rs [][2]int
	for _, m := range marks {
		if m[0] >= 0 && m[0] < m[1] && m[1] <= len(text) && utf8.RuneStart(text[m[0]]) &&
			(m[1] == len(text) || utf8.RuneStart(text[m[1]])) {
			rs = append(rs, m)
		}
	}
	slices.SortFunc(rs, func(a, b [2]int) int { return a[0] - b[0] })
	var merged [][2]int
	for _, r := range rs {
		if n := len(merged); n > 0 && r[0] <= merged[n-1][1] {
			merged[n-1][1] = max(merged[n-1][1], r[1])
			continue
		}
		merged = append(merged, r)
	}
	var raw []Segment
	at := 0
	for _, r := range merged {
		if r[0] > at {
			raw = append(raw, Segment{Text: text[at:r[0]]})
		}
		raw = append(raw, Segment{Text: text[r[0]:r[1]], Mark: true})
		at = r[1]
	}
	if at < len(text) {
		raw = append(raw, Segment{Text: text[at:]})
	}
	if q == QuoteShort {
		var out []Segment
		for _, s := range raw {
			if !s.Mark {
				continue
			}
			if len(out) > 0 {
				out = append(out, Segment{Text: " … "})
			}
			out = append(out, Segment{Text: defang(cut(cleanSender(s.Text), shortLen)), Mark: true})
		}
		return out
	}
	out := make([]Segment, 0, len(raw))
	for i, s := range raw {
		t := cleanRun(s.Text)
		if i == 0 {
			t = strings.TrimLeft(t, " ")
		}
		if i == len(raw)-1 {
			t = strings.TrimRight(t, " ")
		}
		if t != "" {
			out = append(out, Segment{Text: defang(t), Mark: s.Mark})
		}
	}
	return out
}

// cleanRun is cleanSender for a piece of a message: white space at its
// edges stays (as one space), since the piece sits between others.
func cleanRun(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = true
			continue
		case unicode.IsControl(r), isBidiControl(r), r == utf8.RuneError:
			continue
		}
		if space {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String()
}
