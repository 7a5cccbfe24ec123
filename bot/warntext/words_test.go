package warntext

import (
	"reflect"
	"testing"
)

func TestSenderWords(t *testing.T) {
	text := "Hi Marco,\n are we\u202e still on at https://ctfx.example/x?"
	for _, c := range []struct {
		name  string
		marks [][2]int
		q     Quote
		want  []Segment
	}{
		{"no marks", nil, QuoteFull, []Segment{{Text: "Hi Marco, are we still on at hxxps[:]//ctfx[.]example/x?"}}},
		{"one mark, spaces kept around it", [][2]int{{3, 8}}, QuoteFull, []Segment{
			{Text: "Hi "}, {Text: "Marco", Mark: true}, {Text: ", are we still on at hxxps[:]//ctfx[.]example/x?"}}},
		{"overlapping and out of order", [][2]int{{15, 17}, {3, 8}, {5, 9}}, QuoteFull, []Segment{
			{Text: "Hi "}, {Text: "Marco,", Mark: true}, {Text: " are "}, {Text: "we", Mark: true}, {Text: " still on at hxxps[:]//ctfx[.]example/x?"}}},
		{"out of range or inside a character", [][2]int{{-1, 2}, {3, 999}, {19, 20}}, QuoteFull, []Segment{
			{Text: "Hi Marco, are we still on at hxxps[:]//ctfx[.]example/x?"}}},
		{"the link marked is still defanged", [][2]int{{33, 55}}, QuoteFull, []Segment{
			{Text: "Hi Marco, are we still on at "}, {Text: "hxxps[:]//ctfx[.]example/x", Mark: true}, {Text: "?"}}},
		{"short: the marked words only", [][2]int{{3, 8}, {33, 55}}, QuoteShort, []Segment{
			{Text: "Marco", Mark: true}, {Text: " … "}, {Text: "hxxps[:]//ctfx[.]example/x", Mark: true}}},
		{"none", [][2]int{{3, 8}}, QuoteNone, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := SenderWords(text, c.marks, c.q); !reflect.DeepEqual(got, c.want) {
				t.Errorf("got  %+v\nwant %+v", got, c.want)
			}
		})
	}
}
