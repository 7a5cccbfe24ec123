package detectors

import (
	"slices"
	"testing"

	"github.com/silentguard/silentguard/detectors/textmodel"
)

// Each sender turn is read with its own language's lexicon: a word that
// is a cue in another language no longer fires. Needs the language model
// (model/lang.bin).
func TestLanguageCollisionsGone(t *testing.T) {
	r := testRegistry(t)
	if r.models.lang == nil {
		t.Fatal("no language model: run go run ./cmd/sgtrain")
	}
	en := []string{"Ann", "Ann Walker"}
	for _, tc := range []struct {
		name, text string
		code       string
	}{
		// "linda" is a pet name in Spanish and Portuguese, a name in English
		{"Linda is a name in English", "Hi Linda! Thanks for the lovely dinner last night, lets do it again soon", CodePetName},
		// "actions" are shares in French
		{"actions in English", "Thanks for your quick actions today, the team really appreciated it", CodeInvestment},
		// "retiré" is a withdrawal in Spanish
		{"retire in English", "My dad will retire next year and wants to travel with my mum", CodeReturns},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := &Conversation{Turns: []Turn{{Text: tc.text}}, Sender: Sender{Phone: "+12025550143", Network: "sms"},
				Owner: Owner{Names: en, Country: "US", Languages: []string{"en"}}}
			v := r.Evaluate(c)
			if v.Language != "en" {
				t.Errorf("language %q, want en", v.Language)
			}
			for _, rs := range v.Reasons {
				if rs.Code == tc.code {
					t.Errorf("%s fired on English text: %+v", tc.code, rs)
				}
			}
		})
	}
	// the same words in their own language still count
	es := &Conversation{Turns: []Turn{{FromOwner: false, Text: "Hola linda, ¿cómo estás? Te extraño mucho, mi amor"}},
		Sender: Sender{Phone: "+34612345678", Network: "whatsapp"}, Owner: Owner{Names: en, Country: "ES", Languages: []string{"es"}}}
	v := r.Evaluate(es)
	found := false
	for _, rs := range v.Reasons {
		found = found || rs.Code == CodePetName
	}
	if v.Language != "es" || !found {
		t.Errorf("Spanish pet name: language %q, reasons %+v", v.Language, v.Reasons)
	}
}

// The trainer reads a text exactly as Evaluate does: the same features
// for the same message and owner (a skew between them once went unseen),
// and the scam model also reads the lexicon classes the words hit.
func TestModelFeaturesMatchEvaluate(t *testing.T) {
	r := testRegistry(t)
	owner := Owner{Names: []string{"Nathan", "Nathan Ross"}, Country: "GB", Languages: []string{"en"}}
	scam := r.models.scam
	if !scam.Inputs.WordsOnly || !scam.Inputs.Classes {
		t.Fatalf("the shipped scam model reads %+v", scam.Inputs)
	}
	for _, text := range []string{
		"Hi Nat, is the 5pm still on? see https://x-claim.top/a",
		"Hey nate its me, new number",
		"Ciao mamma, ho rotto il telefono 😭",
	} {
		a := r.analyse(&Conversation{Turns: []Turn{{Text: text}}, Owner: owner})
		if got := r.LangFeatures(text, owner, r.models.lang.Inputs); !slices.Equal(got, a.view(0).featsFor(r.models.lang.Inputs)) {
			t.Errorf("%q: the language model's trainer and Evaluate read different features", text)
		}
		got, want := r.ScamFeatures(text, owner, scam.Inputs), a.scamInput(0, scam.Inputs)
		if !slices.Equal(got, want) {
			t.Errorf("%q: the scam model's trainer reads %d features, Evaluate %d", text, len(got), len(want))
		}
		words := textmodel.WordFeatures(&a.view(0).v)
		if len(want) <= words || !slices.Equal(want[:words], a.view(0).feats[:words]) {
			t.Errorf("%q: the scam model reads %d features: want the %d word features, then the classes", text, len(want), words)
		}
	}
	// "new number" is the hi-mum frame's words: their slots are read; the
	// "long time no see" cue is not (the score counts it already), its
	// words still are.
	a := r.analyse(&Conversation{Turns: []Turn{{Text: "Hey nate its me, new number. Long time no see!"}}, Owner: owner})
	in := a.scamInput(0, scam.Inputs)
	for _, class := range []string{"s.new", "s.number"} {
		if !slices.Contains(in, textmodel.ClassFeature(class)) {
			t.Errorf("class %s not read", class)
		}
	}
	if !a.has(0, CodeReconnect) {
		t.Fatalf("no reconnect cue in the test message")
	}
	if slices.Contains(in, textmodel.ClassFeature(CodeReconnect)) {
		t.Errorf("the model reads the reconnect cue's code, which the score counts already")
	}
	// frames.toml's model_skips: "dear" and "how are you" are the
	// endearment frame's slots, which the model does not read; nor
	// "gave me your number", which makes the gave-number frame alone;
	// "friend" is read.
	a = r.analyse(&Conversation{Turns: []Turn{{Text: "Hello dear, how are you? A friend gave me your number"}}, Owner: owner})
	in = a.scamInput(0, scam.Inputs)
	if !a.hasSlot(0, "endear") || !a.hasSlot(0, "wellbeing") {
		t.Fatalf("no endear and wellbeing slots in the test message")
	}
	for class, read := range map[string]bool{"s.endear": false, "s.wellbeing": false, "s.friend": true, "s.gave_number": false} {
		if slices.Contains(in, textmodel.ClassFeature(class)) != read {
			t.Errorf("class %s read: %v, want %v", class, !read, read)
		}
	}
}

// A text read as a language without a lexicon ("other") keeps
// other.toml's phrases when an owner's language is the runner-up: a
// Croatian "hi mum" to an Italian owner, with a language model that
// finds it 88 % other and 12 % Italian after the prior, is still the
// "hi mum" frame. (Before, the runner-up alone applied and the frame went
// silent.)
func TestOtherAheadOfARunnerUpKeepsOtherPhrases(t *testing.T) {
	base := testRegistry(t)
	labels := append(base.Languages(), "other")
	bias := make([]float32, len(labels))
	for i, l := range labels {
		switch l {
		case "other":
			bias[i] = 4
		case "it":
			bias[i] = 1.3
		default:
			bias[i] = -5
		}
	}
	lang := &textmodel.Model{Labels: labels, Bits: 4, Scale: 1, Bias: bias, Weights: make([]int8, 16*len(labels))}
	r := base.WithModels(base.models.scam, lang)
	c := chat(NetworkSMS, nil, "s: Bok mama, ovo je moj novi broj, mobitel mi se pokvario")
	a := r.analyse(c)
	got := a.turns[0].lang
	a.release()
	if got&otherLangs == 0 || got&r.lex.mask("it") == 0 {
		t.Fatalf("turn's languages %b: want other and the runner-up Italian", got)
	}
	if !slices.ContainsFunc(r.Evaluate(c).Reasons, func(rs Reason) bool { return rs.Code == CodeNewNumber }) {
		t.Errorf("%s did not fire", CodeNewNumber)
	}
}
