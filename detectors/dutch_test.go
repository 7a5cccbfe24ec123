package detectors

import "testing"

// Dutch, the seventh language: the main frames and cues, with near misses.
func TestDutchCues(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "nl", name: "hoi mam nieuw nummer", lines: []string{"s: Hoi mam, mijn telefoon is in het water gevallen. Dit is mijn tijdelijke nummer, app je me even?"}, code: CodeNewNumber},
		{lang: "nl", name: "hallo pap gsm kapot", lines: []string{"s: Hallo pap, mijn gsm is kapot, sla dit nummer op aub"}, code: CodeNewNumber},
		{lang: "nl", name: "kind dat zegt wie het is", lines: []string{"s: Hoi Sanne, met Daan van de hockeyclub, ik heb een nieuw nummer"}, code: CodeNewNumber, absent: true},
		{lang: "nl", name: "verkeerde naam", lines: []string{"s: Hoi Joris, staat het nog voor morgen om 8 uur bij de sportschool?"}, code: CodeWrongName, evidence: "Joris"},
		{lang: "nl", name: "marktplaats", lines: []string{"s: Goedemiddag, ik zag uw auto op Marktplaats, is die nog beschikbaar?"}, code: CodeStillAvailable},
	})
	// a class collection names Tikkie without asking the owner for money
	r := testRegistry(t)
	c := chat("whatsapp", nil, "s: Hoi allemaal, voor het cadeau van juf Petra vragen we €5 per kind, tikkie volgt")
	if v := r.Evaluate(c); v.Level != LevelNone {
		t.Errorf("class collection warned: %s", brief(v))
	}
}

// "Hoi, met Joost" says who writes ("Joost speaking") where the message
// or a sentence opens; "met" inside a sentence is "with".
func TestDutchMetIntroduces(t *testing.T) {
	checkSaysWho(t, []saysWhoCase{
		{"Hoi, met Joost, trainer van JO11-2. Kan Sem zaterdag om 8:15 bij de kantine zijn?", true},
		{"Met Sanne hier, van de opvang", true},
		{"Goedemiddag. Met Petra, de buurvrouw van nummer 12", true},
		{"Ik ga morgen met Joost naar de film, ga je mee?", false},
		{"Zaterdag met Sanne en Pieter naar het strand?", false},
	})
}
