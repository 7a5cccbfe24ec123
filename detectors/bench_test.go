package detectors

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/silentguard/silentguard/internal/corpus"
	"github.com/silentguard/silentguard/internal/phone"
)

func BenchmarkEvaluateTurn(b *testing.B) {
	r := testRegistry(b)
	c := chat("sms", nil, "s: Hi Marco, are we still on for coffee at the usual place at 5? see you there 😊")
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		r.Evaluate(c)
	}
}

// BenchmarkEvaluateCorpusTurns judges the first sender turn of every
// conversation of the training corpus (all languages, scams and hard
// negatives, one variant each) and reports the median and 90th
// percentile time of one turn besides the mean. Its ~5,000 senders
// outrun the phone package's memory of numbers, so most turns also parse
// the sender's number: a new sender's first message, as the detectors
// alone would meet it.
func BenchmarkEvaluateCorpusTurns(b *testing.B) { benchCorpusTurns(b, false) }

// BenchmarkEvaluateCorpusTurnsSenderRead is the same turns as the daemon
// judges them: the adapter has just read the sender's number (phone.E164,
// outside the turn's time), which the detectors then find remembered.
func BenchmarkEvaluateCorpusTurnsSenderRead(b *testing.B) { benchCorpusTurns(b, true) }

func benchCorpusTurns(b *testing.B, senderRead bool) {
	r := testRegistry(b)
	bases, err := corpus.LoadBases("testdata/train/src")
	if err != nil || len(bases) == 0 {
		b.Skipf("no training corpus: %v", err)
	}
	cases, err := corpus.Expand(bases, 1)
	if err != nil {
		b.Fatal(err)
	}
	var convs []*Conversation
	for _, c := range cases {
		if c.OwnerStarted() {
			continue
		}
		convs = append(convs, &Conversation{
			Turns:  []Turn{{Text: c.Turns[0].Text}},
			Sender: Sender{Phone: c.Sender.Phone, DisplayName: c.Sender.DisplayName, Network: ParseNetwork(c.NetworkOrSMS())},
			Owner:  Owner{Names: c.Owner.Names, Country: c.Owner.Country, Languages: c.Owner.Languages},
		})
	}
	times := make([]time.Duration, 0, 1<<20)
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	for b.Loop() {
		c := convs[n%len(convs)]
		n++
		if senderRead && c.Sender.Phone != "" {
			// in ns/op but not in the turn's time (Stop/StartTimer would
			// read the memory statistics, which costs more than a turn)
			_, _ = phone.E164(c.Sender.Phone, c.Owner.Country)
		}
		start := time.Now()
		r.Evaluate(c)
		if len(times) < cap(times) {
			times = append(times, time.Since(start))
		}
	}
	b.StopTimer()
	slices.Sort(times)
	if len(times) > 0 {
		b.ReportMetric(float64(times[len(times)/2].Nanoseconds()), "p50-ns/turn")
		b.ReportMetric(float64(times[len(times)*9/10].Nanoseconds()), "p90-ns/turn")
	}
}

// BenchmarkEvaluateSpelledOut is the costliest message for joinSpelled:
// the longest text judged, all single letters.
func BenchmarkEvaluateSpelledOut(b *testing.B) {
	r := testRegistry(b)
	c := chat("sms", nil, "s: "+strings.Repeat("x ", maxTextBytes/2))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		r.Evaluate(c)
	}
}

func BenchmarkEvaluateConversation10(b *testing.B) {
	r := testRegistry(b)
	c := chat("sms", nil,
		"s: Hi Jason, it's Amy. Is the boat trip still on for Saturday?",
		"o: Sorry, wrong number",
		"s: Oh I'm so sorry!! My friend must have given me the wrong number 🙈 have a lovely day anyway",
		"o: no worries, you too",
		"s: You seem nice :) I'm Amy, I live in Miami, I work in fashion and trade a bit of crypto on the side. Where are you from?",
		"o: Chicago",
		"s: Love Chicago! My uncle taught me short-term BTC contracts, I made 23% last week. Want me to show you the platform? coinbtex-pro.com",
		"o: is it safe? never heard of it",
		"s: 100% safe, it's regulated in the US 😊 I withdrew $5,000 last month. Start small, $500 is enough",
		"s: add me on Telegram @amy_trades so I can guide you step by step",
	)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		r.Evaluate(c)
	}
}

// BenchmarkCompile is the start-up cost of the detectors: every lexicon,
// slot and frame compiled, and the text models decoded.
func BenchmarkCompile(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := compileLexicon(newFolder()); err != nil {
			b.Fatal(err)
		}
		if _, err := decodeModels(scamModel, langModel); err != nil {
			b.Fatal(err)
		}
	}
}
