package detectors

import "strings"

// vocativeCountries are where the owner is greeted in the vocative case,
// which changes a name's ending: "Dzień dobry Pani Moniko" is to Monika,
// "Dobrý den, pane Beneši" to Beneš, "Cześć Ola" (a diminutive aside) to
// Aleksandra. Without these forms the owner's own dentist greets a
// "wrong name". Polish, Czech, Ukrainian, Croatian, Serbian, Bosnian,
// Montenegrin, Bulgarian, Lithuanian, Latvian, Greek and Romanian
// inflect names so; the forms are the owner's names only, so a name
// that is someone else's stays one.
var vocativeCountries = map[string]bool{
	"PL": true, "CZ": true, "UA": true, "HR": true, "RS": true, "BA": true, "ME": true,
	"BG": true, "LT": true, "LV": true, "GR": true, "CY": true, "RO": true, "MD": true,
}

// vocatives returns the vocative forms of a folded name (lower case,
// without diacritics: "benes" for Beneš): the endings the case puts in
// place of the last letters. A form may be wrong for one language and
// right for another; it only ever stands for this owner.
func vocatives(n string) []string {
	if len(n) < 3 {
		return nil
	}
	var out []string
	add := func(stem string, ends ...string) {
		for _, e := range ends {
			if v := stem + e; v != n {
				out = append(out, v)
			}
		}
	}
	last := n[len(n)-1]
	switch {
	case last == 'a':
		// Czech "-ová" and Polish "-ska" surnames keep their form ("paní
		// Nováková"), which the owner's name already is
		add(n[:len(n)-1], "o", "u", "e") // Monika: Moniko; Ola: Olu; Ana (ro): Ano, Maria (ro): Mario
	case strings.HasSuffix(n, "ek"):
		add(n[:len(n)-2], "ku") // Marek: Marku
	case strings.HasSuffix(n, "el"):
		add(n[:len(n)-2], "le") // Pavel, Paweł: Pavle, Pawle
	case strings.HasSuffix(n, "as"), strings.HasSuffix(n, "is"), strings.HasSuffix(n, "us"), strings.HasSuffix(n, "os"):
		add(n[:len(n)-1], "i", "e", "") // Jonas: Jonai; Jānis: Jāni; Γιώργος: Γιώργο
		add(n[:len(n)-2], "ai", "e")
	case strings.HasSuffix(n, "r"):
		add(n, "ze", "e", "u") // Piotr: Piotrze; Petr: Petře; Petar: Petre
		if len(n) > 4 && strings.HasSuffix(n, "ar") {
			add(n[:len(n)-2], "re") // Petar: Petre
		}
	case strings.ContainsRune("sczjx", rune(last)):
		add(n, "i", "u", "e") // Beneš: Beneši; Tomasz: Tomaszu
	case strings.ContainsRune("kgh", rune(last)):
		add(n, "u", "e") // Novák: Nováku
	case last == 't':
		add(n[:len(n)-1], "cie") // Robert: Robercie
		add(n, "e", "u")
	case last == 'd':
		add(n[:len(n)-1], "dzie") // Dawid: Dawidzie
		add(n, "e", "u")
	case last == 'l':
		add(n, "e", "u") // Kratochvíl: Kratochvíle; Michał: Michale
	case last == 'n', last == 'm', last == 'f', last == 'w', last == 'b', last == 'p', last == 'v':
		add(n, "ie", "e", "u") // Jan: Janie, Jane; Adam: Adamie; Ivan: Ivane
	}
	return out
}
