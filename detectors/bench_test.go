package detectors

import "testing"

func BenchmarkEvaluateTurn(b *testing.B) {
	r := testRegistry(b)
	c := chat("sms", nil, "s: Hi Marco, are we still on for coffee at the usual place at 5? see you there 😊")
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
