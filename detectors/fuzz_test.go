package detectors

import (
	"fmt"
	"strings"
	"testing"
)

// FuzzEvaluate: any text, owner name and phone gives a verdict without
// panicking, and every reason's evidence is cut from the input.
func FuzzEvaluate(f *testing.F) {
	seeds := []struct{ text, owner, phone string }{
		{"Hi Marco, are we still on for coffee at the usual place at 5?", "Laura", "+12025550143"},
		{"Is this Dr. Lee's office? shop-luxhome.top/sale wa.me/447851330812", "Nathan", "+447820868105"},
		{"B1tc0in fr33 g1ft c@rds heyyyy Мarco", "Ana", "not a phone"},
		{"\xff\xfe\xfd", "\xc3", "+"},
		{"https://xn--pypal-4ve.com http://[::1]:80/x.apk", "Ē", "+999"},
		{"Ciao mamma, questo è il mio nuovo numero 😘", "Giulia", "+393517720981"},
		{"ẞ ǅ ﬁ ① 𝐁𝐢𝐭𝐜𝐨𝐢𝐧 ℌ", "", ""},
		{"妈，我手机坏了，这是我的新号码？お久しぶりです！오랜만이에요 ｈｉ", "王", "+8613812345678"},
		{"eine auf WA-TSA’PP schicken, Tele-gram w-h-a-t-s a’p’p", "Robin", "+4915123456789"},
	}
	for _, s := range seeds {
		f.Add(s.text, s.owner, s.phone)
	}
	r, err := New(DefaultConfig())
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text, owner, phone string) {
		c := &Conversation{
			Turns: []Turn{
				{Text: text},
				{FromOwner: true, Text: "wrong number, who is this?"},
				{Text: text + " " + owner},
			},
			Sender: Sender{Phone: phone, DisplayName: phone, Network: "sms"},
			Owner:  Owner{Names: []string{owner}, Country: "US"},
		}
		// evaluate, not Evaluate: the recover in Evaluate would hide bugs
		checkFuzzVerdict(t, c, r.evaluate(c))
	})
}

// checkFuzzVerdict: the evidence invariant of every reason (checkEvidence),
// weights and the score in range, and no fault.
func checkFuzzVerdict(t *testing.T, c *Conversation, v Verdict) {
	t.Helper()
	checkEvidence(t, c, v)
	for _, rs := range v.Reasons {
		if rs.Weight <= 0 || rs.Weight > 1 {
			t.Errorf("%s: weight %v", rs.Code, rs.Weight)
		}
	}
	if v.Score < 0 || v.Score > 1 || v.Fault != "" {
		t.Errorf("score %v, fault %q", v.Score, v.Fault)
	}
}

// brokenDetector stands for a bug in one cue family.
type brokenDetector struct{}

func (brokenDetector) Name() string { return "broken" }
func (brokenDetector) Detect(a *analysis, _ emitFunc) {
	_ = a.turns[len(a.turns)].t // one past the end
}

// A detector that panics costs its own reasons, not the verdict nor the
// caller: Evaluate judges with the other detectors and the verdict's
// Fault says which failed and where, and nothing of the text.
func TestEvaluateReportsFault(t *testing.T) {
	r := testRegistry(t)
	broken := *r
	broken.detectors = append([]Detector{brokenDetector{}}, r.detectors...)
	c := chat(NetworkSMS, nil, "s: Hi Marco, are we still on for coffee at the usual place at 5?")
	sound := r.Evaluate(c)
	v := broken.Evaluate(c)
	if sound.Fault != "" || sound.Level == LevelNone {
		t.Fatalf("sound registry: %+v", sound)
	}
	if v.Level != sound.Level || v.Score != sound.Score || len(v.Reasons) != len(sound.Reasons) {
		t.Errorf("with a broken detector: %s %.2f %d reasons, want the other detectors' %s %.2f %d",
			v.Level, v.Score, len(v.Reasons), sound.Level, sound.Score, len(sound.Reasons))
	}
	for _, want := range []string{"detector broken: panic: runtime error: index out of range",
		"detectors.brokenDetector.Detect (fuzz_test.go:", "detectors.detectContained (registry.go:"} {
		if !strings.Contains(v.Fault, want) {
			t.Errorf("Fault = %q, want it to name %q", v.Fault, want)
		}
	}
	if strings.Contains(v.Fault, "Marco") {
		t.Errorf("Fault carries text: %q", v.Fault)
	}
	// A panic value other than a runtime error is named by its type.
	if f := fault(fmt.Errorf("text %q", "Marco")); strings.Contains(f, "Marco") || !strings.HasPrefix(f, "panic: a *errors.errorString") {
		t.Errorf("fault of an error value = %q", f)
	}
}

// FuzzEvaluateConversation: conversations of any shape keep FuzzEvaluate's
// properties. "|" splits text into up to six turns, shape's bits say
// which are the owner's and what the platform tells, and names and
// languages are comma lists.
func FuzzEvaluateConversation(f *testing.F) {
	seeds := []struct {
		text        string
		shape       uint16
		names, lang string
	}{
		{"Hi Marco, still on for 5?|wrong number|Oh sorry! I'm Amy. Where are you from?|I made 30% on crypto, add me on WhatsApp", 0b0010, "Laura,Lau", "en,it"},
		{"Mum my phone broke|who is this?|its me, text me on wa.me/447851330812", 0b1_0000_0010, "Sarah", "en"},
		{"|||", 0xffff, ",", ","},
		{"Hola Juan, ¿confirmas la cita de mañana a las 15h?", 0b0110_0000, "", "es,xx,"},
	}
	for _, s := range seeds {
		f.Add(s.text, s.shape, s.names, s.lang)
	}
	r, err := New(DefaultConfig())
	if err != nil {
		f.Fatal(err)
	}
	networks := []Network{NetworkUnknown, NetworkSMS, NetworkWhatsApp, NetworkSignal, NetworkTelegram, NetworkIMessage, NetworkGMessages, NetworkMatrix}
	f.Fuzz(func(t *testing.T, text string, shape uint16, names, lang string) {
		if len(text)+len(names)+len(lang) > 2048 {
			return // six long turns make slow runs, not new shapes
		}
		c := &Conversation{
			Sender: Sender{Phone: "+12025550143", DisplayName: names, Network: networks[shape>>8&7],
				Bridged: shape&(1<<11) != 0, MessageRequest: shape&(1<<12) != 0},
			Owner: Owner{Names: strings.Split(names, ","), Country: "US", Languages: strings.Split(lang, ",")},
		}
		for i, part := range strings.SplitN(text, "|", 6) {
			c.Turns = append(c.Turns, Turn{Text: part, FromOwner: shape&(1<<i) != 0, Media: map[bool]string{true: "image"}[shape&(1<<13) != 0 && i == 0]})
		}
		checkFuzzVerdict(t, c, r.evaluate(c))
	})
}
