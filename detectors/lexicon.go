package detectors

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"math"
	"math/bits"
	"path"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"github.com/silentguard/silentguard/detectors/textmodel"
)

// The lexicons are data: one file per language, plus files shared by all
// languages (slots, names, brands). Adding a language means adding a file
// here and tests for it; no code changes.
//
//go:embed lexicons/*.toml
var lexiconFS embed.FS

// Pseudo-codes name lexicon groups that are not reasons by themselves but
// feed the detectors (an owner's "wrong number", an apology, a day...).
const (
	cueDenial      = "x.denial"      // owner says wrong number / who is this
	cueApology     = "x.apology"     // sender apologises
	cueDay         = "x.day"         // tomorrow, tonight, saturday...
	cueTimePrep    = "x.time_prep"   // at, alle, um, à... before an hour
	cueRelative    = "x.relative"    // mum, dad, grandma: arg is the relative
	cueJobWeak     = "x.job"         // remote, part-time, tasks...
	cueJobPay      = "x.job_pay"     // per day, daily salary...
	cueUrgency     = "x.urgency"     // within 24h, warrant, suspended...
	cueOrg         = "x.org"         // a bank, courier, tax office named
	cueIsThisObj   = "x.is_this_obj" // office, number, front desk... after "is this"
	cueAppointment = "x.appointment" // appointment, booking, viewing...
	cueGain        = "x.gain"        // a gain or a period next to a percentage
	cueGroup       = "x.group"       // a group to join on another app
)

// lexiconFile is the shape of lexicons/<lang>.toml.
type lexiconFile struct {
	Lang  string `toml:"lang"`
	Words struct {
		Greetings  []string `toml:"greetings"`
		Honorifics []string `toml:"honorifics"`
		NotNames   []string `toml:"not_names"`
		SelfIntro  []string `toml:"self_intro"`
		// SelfIntroOpening introduces only where a message or a sentence
		// opens, after a greeting at most: Dutch "Hoi, met Joost" ("Joost
		// speaking"), not "ik ga met Joost naar de film".
		SelfIntroOpening []string `toml:"self_intro_opening"`
		IntroAfter       []string `toml:"intro_after"`
		// Neighbours are the roles that are no business: a neighbour
		// need not know the reader's name ("this is Tom, your new
		// neighbour at 22").
		Neighbours []string `toml:"neighbours"`
		// NotLabels are words that may open a message before a colon
		// without naming its sender ("Warning:", "Te aviso:"): no label.
		NotLabels []string `toml:"not_labels"`
		// QuestionWords ask about what follows them ("how", "what",
		// "which"; not "who"): right before an "is this X?" phrase they
		// ask about X ("Wie ist das WLAN-Passwort?", "qual é o número da
		// tua conta?"), not whether the reader is X.
		QuestionWords []string `toml:"question_words"`
		// Proposals open a suggestion to do something together ("let's",
		// "lass uns", "vamos"): a short message that is one, about a
		// plan, is as whole an opener as the question (plainPlanAsk).
		Proposals []string `toml:"proposals"`
		// IntroHere are the intro_after words that name the sender
		// whatever comes before the name ("Hi Dave here": Dave writes).
		IntroHere   []string `toml:"intro_here"`
		SignOffs    []string `toml:"sign_offs"`
		ThirdPerson []string `toml:"third_person"`
		PetNames    []string `toml:"pet_names"`
		Articles    []string `toml:"articles"`
		Negations   []string `toml:"negations"`
		AddressNext []string `toml:"address_next"`
		// GreetPrefix words greet with any word after them ("happy").
		GreetPrefix []string `toml:"greet_prefix"`
		// Roles introduce the sender when named after "this is" / "I'm
		// the" ("c'est le livreur").
		Roles []string `toml:"roles"`
		// RoleModifiers may stand between an introduction and a role
		// ("I'm the new neighbour").
		RoleModifiers []string `toml:"role_modifiers"`
		// Indefinite articles: a role said with one describes the sender
		// ("I'm a nurse from Manila") rather than their place in the
		// owner's life ("I'm the new treasurer").
		Indefinite []string `toml:"indefinite"`
		// Definite articles: a known given name and then one of them
		// opens a sentence said to that name ("Meera the tiffin will
		// come late", "Thiago o Rafa falou"), unless a role follows
		// ("Brian the vet called").
		Definite []string `toml:"definite"`
		// IntroFillers may stand between an introduction and the
		// business ("this is a reminder from Northside Eye Clinic").
		IntroFillers []string `toml:"intro_fillers"`
		// Reader is "you" as a subject ("you said you'd..."): before a
		// provenance phrase it is the reader, not someone who gave the
		// number.
		Reader []string `toml:"reader"`
		// AddressLead words may open the message before a name said to
		// the reader ("Sorry Tina, can't make it", "Grazie Marco!").
		AddressLead []string `toml:"address_lead"`
		// AskingVerbs are the third_person words that also open a
		// question to the one just named ("Mum can you", "Dad did you").
		AskingVerbs []string `toml:"asking_verbs"`
		// VocativeTitles follow a name said to the reader in a script
		// without spaces ("王先生，", "田中さん、").
		VocativeTitles []string `toml:"vocative_titles"`
		// NameTitles follow a name said to the reader as a word of their
		// own ("Anil bhai", "Priya didi"): respect or kinship.
		NameTitles []string `toml:"name_titles"`
		// VocativeParticles follow a name said to the reader ("Dũng
		// ơi"); VocativeKin are the kin words and pronouns that stand
		// before them without naming anyone ("Anh ơi", "Mẹ ơi").
		VocativeParticles []string `toml:"vocative_particles"`
		VocativeKin       []string `toml:"vocative_kin"`
		// Chinese "is this X?" (请问是阿强吗？): the particles that close
		// the question, the characters no name asked for holds
		// (pronouns, question words), the surnames after 小 or 老
		// ("小王"), and the phone of "X的手机吗".
		HanParticles []string `toml:"han_particles"`
		HanNotName   []string `toml:"han_not_name"`
		HanSurnames  []string `toml:"han_surnames"`
		HanPhones    []string `toml:"han_phones"`
		// AddresseePrefixes after a title mark the addressee's own
		// doing ("さくら様ご注文"); CustomerTitles are the titles a
		// business gives its customer ("佐藤様のご予約").
		AddresseePrefixes []string `toml:"addressee_prefixes"`
		CustomerTitles    []string `toml:"customer_titles"`
	} `toml:"words"`
	// Cue maps a reason code (or pseudo-code) to phrases grouped by the
	// value of the code's argument ("_" for none).
	Cue map[string]map[string][]string `toml:"cue"`
	// Guard lists phrases that cancel a code in the same message
	// ("never share this code" cancels pivot.money).
	Guard map[string]map[string][]string `toml:"guard"`
	// Slot lists the words of each frame slot (frames.go), grouped like
	// Cue by the value that goes to the reason's Args.
	Slot map[string]map[string][]string `toml:"slot"`
}

// sharedFile is lexicons/shared.toml: slots usable in every language,
// and cue phrases that are the same in every language (brand names,
// payment links), which apply whatever language a message is in.
type sharedFile struct {
	// Slots are placeholders such as {platform}: each value (the Args
	// value) lists the spellings that fill it.
	Slots map[string]map[string][]string `toml:"slots"`
	Cue   map[string]map[string][]string `toml:"cue"`
}

// namesFile is lexicons/names.toml.
type namesFile struct {
	Given     []string            `toml:"given"`
	Verbs     []string            `toml:"verbs"`
	Nicknames map[string][]string `toml:"nicknames"`
}

// phrase is one compiled pattern (its words are in lexicon.matcher). It
// is kept small: there are tens of thousands.
type phrase struct {
	// langs is the set of languages whose files hold the phrase (a bit
	// per lexicon.langs index); 0 for phrases of every language (brands).
	langs langMask
	code  uint16 // index in lexicon.codes
	arg   uint16 // index in lexicon.args
}

// langMask is a set of lexicon languages, one bit per index in
// lexicon.langs.
type langMask uint32

// allLangs is the mask of every language.
const allLangs = ^langMask(0)

// otherLangs marks the phrases of other.toml: languages without a
// lexicon. No lexicon language has this bit, so they match only under
// allLangs, where no lexicon language was told.
const otherLangs = langMask(1) << 31

// wordFlag names one of the word lists the token-level detectors look
// up. A wordSets maps each listed word or short phrase to every list
// that holds it, so one lookup answers them all, and a text keeps its
// words' flags (text.flags) instead of asking a map per question.
type wordFlag uint64

const (
	wGreetings  wordFlag = 1 << iota // single words; multiword greetings are in greetPairs
	wGreetPairs                      // "good morning" as "good morning"
	wPairFirst                       // the first words of greetPairs
	wHonorifics
	wNotNames
	wSelfIntro    // normalised multiword phrases
	wIntroOpening // selfIntro phrases that count only where a sentence opens
	wIntroFirst   // the first words of selfIntro's and introOpening's phrases
	wIntroAfter
	wIntroHere // "here" in "Hi Dave here": the name is the sender's
	wSignOffs
	wThirdPerson
	wPetNames
	wArticles
	wNegations
	wAddressNext     // words that follow a name said to someone
	wAddressLead     // "sorry" in "Sorry Tina, ...": one or two words
	wRoleModifiers   // "new" in "I'm the new neighbour"
	wIndefinite      // "a" in "I'm a nurse"
	wDefinite        // "the" in "Meera the tiffin will come late"
	wIntroFillers    // "reminder" in "this is a reminder from the clinic"
	wGreetPrefix     // "happy" in "Happy Thanksgiving Marco"
	wRoles           // "driver", "livreur": who a sender may say they are
	wReader          // "you", "vous": the reader as a subject
	wAskingVerbs     // "can" in "Mum can you call me"
	wVocativeTitle   // "先生" in "王先生，": after a name, in a script without spaces
	wNameTitles      // "bhai" in "Anil bhai reached": after a name, a word of its own
	wVocParticles    // "ơi" in "Dũng ơi": after a name said to the reader
	wVocKin          // "anh" in "Anh ơi": before a particle, no name
	wHanParticles    // "吗" closes a Chinese question
	wHanNotName      // "你", "谁": never in a Chinese name asked for
	wHanSurnames     // "王" in "小王"
	wHanPhones       // "手机" in "丽丽的手机吗"
	wAddresseePrefix // "ご" in "さくら様ご注文"
	wCustomerTitle   // "様" in "佐藤様のご予約"
	wNeighbours      // roles that are no business: "neighbour"
	wNotLabels       // "warning" in "Warning: if you park here again"
	wQuestionWords   // "how" in "how is this done?": asks about what follows
	wProposals       // "let's" in "Let's practice yoga together tomorrow"
)

// wordSets are the single words and short phrases the token-level
// detectors look up, for one language or a union of languages.
type wordSets struct {
	m map[string]wordFlag
	// any is the union of the flags held: which lists are not empty.
	any wordFlag
	// vocTitles are the wVocativeTitle words, for chineseTitled.
	vocTitles []string
}

func newWordSets() *wordSets { return &wordSets{m: map[string]wordFlag{}} }

// has: s is in one of the lists of f.
func (w *wordSets) has(s string, f wordFlag) bool { return w.m[s]&f != 0 }

// hasBytes is has without making a string of b.
func (w *wordSets) hasBytes(b []byte, f wordFlag) bool { return w.m[string(b)]&f != 0 }

// ofBytes returns the lists that hold b.
func (w *wordSets) ofBytes(b []byte) wordFlag { return w.m[string(b)] }

func (w *wordSets) put(s string, f wordFlag) {
	w.m[s] |= f
	w.any |= f
}

// finish makes vocTitles once the sets are filled.
func (w *wordSets) finish() {
	w.vocTitles = w.vocTitles[:0]
	for k, f := range w.m {
		if f&wVocativeTitle != 0 {
			w.vocTitles = append(w.vocTitles, k)
		}
	}
	slices.Sort(w.vocTitles)
}

// words returns the word sets of the languages in mask, merged once per
// mask and kept.
func (l *lexicon) words(mask langMask) *wordSets {
	mask &= l.known
	if mask == 0 || mask == l.known {
		return l.allWords
	}
	if v, ok := l.views.Load(mask); ok {
		return v.(*wordSets)
	}
	merged := newWordSets()
	for i, ws := range l.langWords {
		if mask&(1<<i) == 0 {
			continue
		}
		for k, f := range ws.m {
			merged.put(k, f)
		}
	}
	merged.finish()
	v, _ := l.views.LoadOrStore(mask, merged)
	return v.(*wordSets)
}

// codeIndex returns the index of code, -1 when no lexicon declares it.
func (l *lexicon) codeIndex(code string) int {
	if i, ok := l.codeIdx[code]; ok {
		return i
	}
	return -1
}

// spells reports whether w is a word of some phrase or slot (without
// making a string of it: joinSpelled asks often).
func (l *lexicon) spells(w []byte) bool { return l.knownHashed.hasBytes(w) || l.fuzzy.has(w) }

// mask returns the languages' mask; unknown languages are left out.
func (l *lexicon) mask(langs ...string) langMask {
	var m langMask
	for _, lang := range langs {
		if i, ok := l.langIdx[lang]; ok {
			m |= 1 << i
		}
	}
	return m
}

// lexicon is every language's phrases compiled into one automaton, plus
// the word sets the token-level detectors use.
type lexicon struct {
	codes     []string
	codeIdx   map[string]int
	codeSlots codeSlotTable
	// classFeats[code] is the scam model's feature for a hit of the code
	// (textmodel.ClassFeature).
	classFeats []uint32
	// unreadSlots: while compiling, the codes of the slots the model
	// does not read (frames.toml's model_skips, and those that make a
	// frame alone); nil after.
	unreadSlots []string
	// modelSkips[code]: the model does not read the code as a class: a
	// reason's or a guard's, or one of unreadSlots.
	modelSkips []bool
	// longestWord is the length of the longest word of a phrase or a
	// slot: the most letters joinSpelled needs to try.
	longestWord int
	phrases     []phrase
	args        []string // the phrases' arguments, each once ("" first)
	matcher     *phraseMatcher
	// cancels[c] is the code that hits of guard code c cancel, -1 for a
	// code that is no guard; guarded says whether any code is one.
	cancels []int
	guarded bool
	// the code indexes of the cues read at every word, -1 when absent
	relativeCode, orgCode int
	// businessCode is the business slot's code (-1 without one), asked
	// of every token a business introduction might start at.
	businessCode int

	// langWords are each language's word sets (by lexicon.langs index),
	// allWords their union; views caches unions of some languages.
	langWords []*wordSets
	allWords  *wordSets
	views     sync.Map // langMask → *wordSets

	givenNames map[string]bool
	verbNames  map[string]bool     // given names that are also verbs ("mark")
	nicknames  map[string][]string // normalised name → equivalent names
	brands     *brandBook
	langs      []string
	langIdx    map[string]int
	known      langMask // every language with a file

	// frames and their slots (frames.go): isSlot tells slot codes apart,
	// fuzzy finds slot words typed with one mistake.
	frames []frame
	isSlot []bool
	// slotIdx is the code of each slot, by its name ("provenance").
	slotIdx map[string]int
	fuzzy   fuzzyIndex
	// knownWords holds every word of every phrase that is not a slot word:
	// correctly spelled words, which the typo matching skips. Once
	// compiled they are in knownHashed only.
	knownWords map[string]bool
	// knownHashed is knownWords by wordHash, for the typo matching,
	// which has every word's hash at hand.
	knownHashed hashedSet
	// givenHashed is givenNames by wordHash, for the model's view.
	givenHashed hashedSet
}

// hashedSet is a set of words found by their wordHash (and compared, so
// a collision costs a comparison, not a wrong answer).
type hashedSet struct {
	index hashIndex
	words []string
}

func newHashedSet(words map[string]bool) hashedSet {
	s := hashedSet{words: make([]string, 0, len(words))}
	for w := range words {
		s.words = append(s.words, w) // in any order: a word is found by its hash
	}
	pairs := make([]keyVal, len(s.words))
	for i, w := range s.words {
		pairs[i] = keyVal{wordHash(w), int32(i)}
	}
	s.index = buildHashIndex(pairs)
	return s
}

// hasBytes reports whether w is in the set (without a string of it).
func (s *hashedSet) hasBytes(w []byte) bool {
	for _, i := range s.index.get(wordHash(w)) {
		if s.words[i] == string(w) {
			return true
		}
	}
	return false
}

// has reports whether w, whose wordHash is h, is in the set.
func (s *hashedSet) has(w string, h uint64) bool {
	for _, i := range s.index.get(h) {
		if s.words[i] == w {
			return true
		}
	}
	return false
}

// guardCode is the pseudo-code under which guard phrases of a code are
// compiled.
func guardCode(code string) string { return "guard:" + code }

// codeOf is the index of a code's name, as codeIdx gives it, found
// without hashing the name in the usual case: the detectors ask for the
// hits of a code by name tens of times a verdict.
func (l *lexicon) codeOf(name string) (int, bool) {
	if ci := l.codeSlots[codeSlot(name)]; ci >= 0 && l.codes[ci] == name {
		return int(ci), true
	}
	ci, ok := l.codeIdx[name]
	return ci, ok
}

// codeSlotTable is a direct-mapped table of code indices by codeSlot: -1 for
// no code, -2 for two codes on one slot (codeOf asks codeIdx then).
type codeSlotTable [1024]int16

func codeSlot(s string) int {
	n := len(s)
	if n == 0 {
		return 0
	}
	return (n*131 + int(s[n-1])*31 + int(s[n/2])*7 + int(s[n*2/3])) & 1023
}

func (c *codeSlotTable) build(codes []string) {
	for i := range c {
		c[i] = -1
	}
	for i, name := range codes {
		switch k := codeSlot(name); c[k] {
		case -1:
			c[k] = int16(i)
		default:
			c[k] = -2
		}
	}
}

func (l *lexicon) code(name string) int {
	if i, ok := l.codeIdx[name]; ok {
		return i
	}
	i := len(l.codes)
	name = strings.Clone(name) // not a piece of a whole lexicon file
	l.codes = append(l.codes, name)
	l.codeIdx[name] = i
	return i
}

// compileLexicon reads and compiles the embedded lexicons.
func compileLexicon(f *folder) (*lexicon, error) {
	return compileLexiconFS(lexiconFS, "lexicons", f)
}

func compileLexiconFS(fsys fs.FS, dir string, f *folder) (*lexicon, error) {
	return compileLexiconWith(fsys, dir, &phraseNorm{f: f, memo: loadNormMemo(fsys)})
}

// compileLexiconWith compiles the lexicons of dir, normalising their
// phrases with n.
func compileLexiconWith(fsys fs.FS, dir string, n *phraseNorm) (*lexicon, error) {
	f := n.f
	l := &lexicon{
		codeIdx:    map[string]int{},
		allWords:   newWordSets(),
		givenNames: map[string]bool{},
		verbNames:  map[string]bool{},
		nicknames:  map[string][]string{},
		langIdx:    map[string]int{},
		matcher:    newPhraseMatcher(),
	}
	var shared sharedFile
	if err := decodeTOML(fsys, path.Join(dir, "shared.toml"), &shared); err != nil {
		return nil, err
	}
	var names namesFile
	if err := decodeTOML(fsys, path.Join(dir, "names.toml"), &names); err != nil {
		return nil, err
	}
	brands, err := loadBrands(fsys, path.Join(dir, "brands.toml"), f)
	if err != nil {
		return nil, err
	}
	l.brands = brands
	for _, name := range names.Given {
		l.givenNames[n.phrase(name)] = true
	}
	for _, name := range names.Verbs {
		l.verbNames[n.phrase(name)] = true
	}
	for canon, nicks := range names.Nicknames {
		all := append([]string{canon}, nicks...)
		for i := range all {
			all[i] = n.phrase(all[i])
		}
		for _, n := range all {
			l.nicknames[n] = append(l.nicknames[n], all...)
		}
	}

	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("read lexicons: %w", err)
	}
	declaredSlots := map[string]bool{}
	type slotGuard struct{ file, slot string }
	var guardedSlots []slotGuard
	// pattern, code, argument and prefix → phrase index, to drop duplicates
	// seen finds a phrase already added by a hash of its pattern,
	// argument, code and prefix flag (checked on a hit). Sized for the
	// lexicons (roomPhrases): growing the map as it fills cost a tenth of
	// the compilation, and string keys twice what these cost.
	seen := newKeyTable(roomPhrases) // a key per phrase
	phraseHash := func(p, arg string, code int, prefix bool) uint64 {
		h := wordHash(p) ^ bits.RotateLeft64(wordHash(arg), 29) ^ uint64(code)*0x9E3779B97F4A7C15
		if prefix {
			h = ^h
		}
		return h
	}
	samePhrase := func(j int, p, arg string, code int, prefix bool) bool {
		ph := l.phrases[j]
		if int(ph.code) != code || l.args[ph.arg] != arg || l.matcher.isPrefix(j) != prefix {
			return false
		}
		var words []string
		l.matcher.phraseWords(j, func(w string) { words = append(words, w) })
		return strings.Join(words, " ") == p
	}
	guardTarget := map[int]int{} // guard code → the code its hits cancel
	argIdx := map[string]uint16{"": 0}
	l.args = []string{""}
	// internArg numbers the phrases' arguments, each kept once as a
	// copy: a string decoded from TOML is a piece of the whole file.
	internArg := func(arg string) (uint16, error) {
		ai, ok := argIdx[arg]
		if !ok {
			if len(l.args) > math.MaxUint16 {
				return 0, fmt.Errorf("%w: more than %d arguments", ErrBadLexicon, math.MaxUint16)
			}
			ai = uint16(len(l.args))
			argIdx[arg] = ai
			l.args = append(l.args, strings.Clone(arg))
		}
		return ai, nil
	}
	// add returns raw normalised (its first spelling), which the fuzzy
	// index of slot words needs too: normalising it twice was a tenth of
	// compiling.
	add := func(raw string, code int, arg string, lang langMask) (string, error) {
		prefix := strings.HasSuffix(raw, "*")
		raw = strings.TrimSuffix(raw, "*")
		vs, nv := phraseVariants(raw)
		first := ""
		for vi, v := range vs[:nv] {
			p := n.phrase(v)
			if p == "" {
				return "", fmt.Errorf("%w: %q normalises to nothing", ErrBadLexicon, raw)
			}
			if vi == 0 {
				first = p
			}
			key := phraseHash(p, arg, code, prefix)
			if j, dup := seen.find(key, func(j int32) bool { return samePhrase(int(j), p, arg, code, prefix) }); dup {
				if l.phrases[j].langs != 0 {
					l.phrases[j].langs |= lang
				}
				continue
			}
			ai, err := internArg(arg)
			if err != nil {
				return "", err
			}
			if code > math.MaxUint16 {
				return "", fmt.Errorf("%w: more than %d codes", ErrBadLexicon, math.MaxUint16)
			}
			seen.add(key, int32(len(l.phrases)))
			if err := l.matcher.add(len(l.phrases), p, prefix); err != nil {
				return "", err
			}
			l.phrases = append(l.phrases, phrase{code: uint16(code), arg: ai, langs: lang})
		}
		return first, nil
	}
	// compileFile adds one lexicon file's cues, slots and guards for the
	// languages in bit.
	compileFile := func(name string, lf *lexiconFile, bit langMask) error {
		codes := slices.Sorted(maps.Keys(lf.Cue))
		for _, c := range codes {
			if !strings.HasPrefix(c, "x.") && !isKnownCode(c) {
				return fmt.Errorf("%w: %s: unknown code %q", ErrBadLexicon, name, c)
			}
			ci := l.code(c)
			args := slices.Sorted(maps.Keys(lf.Cue[c]))
			for _, a := range args {
				arg := a
				if arg == "_" {
					arg = ""
				}
				for _, raw := range lf.Cue[c][a] {
					if !strings.Contains(raw, "{") {
						// most phrases hold no slot: no slices for them
						if _, err := add(raw, ci, arg, bit); err != nil {
							return fmt.Errorf("%s: %s: %w", name, c, err)
						}
						continue
					}
					expanded, slotArg, err := expandSlots(raw, shared.Slots)
					if err != nil {
						return fmt.Errorf("%s: %s: %w", name, c, err)
					}
					for i, ex := range expanded {
						aa := arg
						if aa == "" && slotArg[i] != "" {
							aa = slotArg[i]
						}
						if _, err := add(ex, ci, aa, bit); err != nil {
							return fmt.Errorf("%s: %s: %w", name, c, err)
						}
					}
				}
			}
		}
		snames := slices.Sorted(maps.Keys(lf.Slot))
		for _, n := range snames {
			declaredSlots[n] = true
			si := l.code(slotCode(n))
			args := slices.Sorted(maps.Keys(lf.Slot[n]))
			for _, a := range args {
				arg := a
				if arg == "_" {
					arg = ""
				}
				for _, raw := range lf.Slot[n][a] {
					w, err := add(raw, si, arg, bit)
					if err != nil {
						return fmt.Errorf("%s: slot %s: %w", name, n, err)
					}
					if !strings.HasSuffix(raw, "*") && !strings.Contains(w, " ") {
						ai, err := internArg(arg)
						if err != nil {
							return err
						}
						l.fuzzy.add(w, si, l.args[ai], bit)
					}
				}
			}
		}
		gcodes := slices.Sorted(maps.Keys(lf.Guard))
		for _, c := range gcodes {
			var target int
			if n, ok := strings.CutPrefix(c, "slot."); ok {
				// [guard."slot.drama_verb"]: a frame's slot, not a cue;
				// checked once every file has declared its slots
				target = l.code(slotCode(n))
				guardedSlots = append(guardedSlots, slotGuard{name, n})
			} else if !strings.HasPrefix(c, "x.") && !isKnownCode(c) {
				return fmt.Errorf("%w: %s: guard of unknown code %q", ErrBadLexicon, name, c)
			} else {
				target = l.code(c)
			}
			gi := l.code(guardCode(c))
			guardTarget[gi] = target
			for _, raws := range lf.Guard[c] {
				for _, raw := range raws {
					if _, err := add(raw, gi, "", bit); err != nil {
						return fmt.Errorf("%s: guard %s: %w", name, c, err)
					}
				}
			}
		}
		return nil
	}
	var langFiles []string
	for _, e := range entries {
		if name := e.Name(); !e.IsDir() && strings.HasSuffix(name, ".toml") && len(strings.TrimSuffix(name, ".toml")) == 2 {
			langFiles = append(langFiles, name)
		}
	}
	// Decoding the TOML is a quarter of the start-up: the files are
	// decoded side by side, then compiled in order.
	decoded := decodeAll(fsys, dir, append(slices.Clip(langFiles), "other.toml"))
	for fi, name := range langFiles {
		lf := &decoded[fi].file
		if err := decoded[fi].err; err != nil {
			return nil, err
		}
		lang := strings.TrimSuffix(name, ".toml")
		if lf.Lang != lang {
			return nil, fmt.Errorf("%w: %s declares lang %q", ErrBadLexicon, name, lf.Lang)
		}
		if len(l.langs) >= 31 {
			return nil, fmt.Errorf("%w: more than 31 languages", ErrBadLexicon)
		}
		bit := langMask(1) << len(l.langs)
		l.langIdx[lang] = len(l.langs)
		l.langs = append(l.langs, lang)
		l.known |= bit
		ws := newWordSets()
		addWords(n, lf, ws)
		addWords(n, lf, l.allWords)
		l.langWords = append(l.langWords, ws)
		if err := compileFile(name, lf, bit); err != nil {
			return nil, err
		}
	}
	// other.toml: a few words for languages without a lexicon, matched
	// only where no lexicon language was told (otherLangs).
	other := &decoded[len(langFiles)].file
	switch err := decoded[len(langFiles)].err; {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, err
	case other.Lang != "other":
		return nil, fmt.Errorf("%w: other.toml declares lang %q", ErrBadLexicon, other.Lang)
	default:
		addWords(n, other, l.allWords)
		if err := compileFile("other.toml", other, otherLangs); err != nil {
			return nil, err
		}
	}
	for _, g := range guardedSlots {
		if !declaredSlots[g.slot] {
			return nil, fmt.Errorf("%w: %s: guard of undeclared slot %q", ErrBadLexicon, g.file, g.slot)
		}
	}
	// before the frames, whose code sets hold maxCodes: a lexicon with
	// more is an error that says so, not an index out of range
	if len(l.codes) > maxCodes {
		return nil, fmt.Errorf("%w: %d codes (cues and slots), at most %d", ErrBadLexicon, len(l.codes), maxCodes)
	}
	if err := l.compileFrames(fsys, dir, declaredSlots); err != nil {
		return nil, err
	}
	if len(l.codes) > maxCodes {
		return nil, fmt.Errorf("%w: %d codes (cues and slots), at most %d", ErrBadLexicon, len(l.codes), maxCodes)
	}
	l.isSlot = make([]bool, len(l.codes))
	l.slotIdx = map[string]int{}
	for i, c := range l.codes {
		if name, ok := strings.CutPrefix(c, "s."); ok {
			l.isSlot[i] = true
			l.slotIdx[name] = i
		}
	}
	l.knownWords = map[string]bool{}
	for i := range l.phrases {
		if l.isSlot[l.phrases[i].code] {
			continue
		}
		var last string
		l.matcher.phraseWords(i, func(w string) {
			if last != "" {
				l.knownWords[last] = true
			}
			last = w
			l.longestWord = max(l.longestWord, len(w))
		})
		if !l.matcher.isPrefix(i) {
			l.knownWords[last] = true
		}
	}
	for _, e := range l.fuzzy.entries {
		delete(l.knownWords, e.word) // a slot word itself still matches exactly
		l.longestWord = max(l.longestWord, len(e.word))
	}
	fuzzyBuilt := l.fuzzy.freeze()
	defer fuzzyBuilt() // on every return: the goroutine ends either way
	scodes := slices.Sorted(maps.Keys(shared.Cue))
	for _, c := range scodes {
		if !strings.HasPrefix(c, "x.") && !isKnownCode(c) {
			return nil, fmt.Errorf("%w: shared.toml: unknown code %q", ErrBadLexicon, c)
		}
		ci := l.code(c)
		for a, phrases := range shared.Cue[c] {
			arg := a
			if arg == "_" {
				arg = ""
			}
			for _, raw := range phrases {
				if _, err := add(raw, ci, arg, 0); err != nil {
					return nil, fmt.Errorf("shared.toml: %s: %w", c, err)
				}
			}
		}
	}
	// Organisations named in text (for impersonation) come from brands.
	orgCode := l.code(cueOrg)
	for _, b := range brands.list {
		for _, m := range b.Mentions {
			if _, err := add(m, orgCode, b.Name, 0); err != nil {
				return nil, fmt.Errorf("brands: %s: %w", b.Name, err)
			}
		}
	}
	// The brands' decoded lists served the maps and phrases above: let
	// their few hundred small slices and strings go.
	brands.list = nil
	if len(l.langs) == 0 {
		return nil, fmt.Errorf("%w: no language files", ErrBadLexicon)
	}
	matcherBuilt := l.matcher.freeze()
	l.phrases, l.args = slices.Clone(l.phrases), slices.Clone(l.args) // without spare room
	l.matcher.phrases = l.phrases
	l.compact()
	matcherBuilt()
	fuzzyBuilt()
	// after compact, which interns the words; the map is not kept
	l.knownHashed = newHashedSet(l.knownWords)
	l.givenHashed = newHashedSet(l.givenNames)
	l.knownWords = nil
	l.matcher.known = &l.knownHashed
	l.relativeCode, l.orgCode = l.codeIndex(cueRelative), l.codeIndex(cueOrg)
	l.businessCode = l.codeIndex(slotCode("business"))
	l.cancels = make([]int, len(l.codes))
	for c := range l.cancels {
		l.cancels[c] = -1
	}
	for g, target := range guardTarget {
		l.cancels[g] = target
	}
	l.guarded = len(guardTarget) > 0
	l.classFeats = make([]uint32, len(l.codes))
	l.modelSkips = make([]bool, len(l.codes))
	// x.denial is the owner's words ("wrong number"): read as a class of
	// the sender's text it taught the model nothing and, once the
	// languages without a lexicon had theirs, cost an everyday alarm.
	for i, c := range l.codes {
		l.classFeats[i] = textmodel.ClassFeature(c)
		l.modelSkips[i] = isKnownCode(c) || strings.HasPrefix(c, "guard:") || slices.Contains(l.unreadSlots, c) || c == cueDenial
	}
	l.unreadSlots = nil
	return l, nil
}

// compact rebuilds, once compiled, what the lexicon keeps in maps of
// strings: the maps anew and their strings in one allocation. Made during
// the compilation, among its garbage, they are thousands of small strings
// (two copies of each word set's words, one per language and one for all)
// scattered over as many pages, which they keep from being reused.
func (l *lexicon) compact() {
	var b strings.Builder
	sets := []*map[string]bool{&l.givenNames, &l.knownWords}
	wordSets := append(slices.Clone(l.langWords), l.allWords)
	// Sized ahead for every string (repeats included): growing it as it
	// filled cost a twentieth of compiling.
	room := len(l.fuzzy.entries) + len(l.codes) + len(l.args) + 2*len(l.nicknames)
	for _, m := range sets {
		room += len(*m)
	}
	for _, ws := range wordSets {
		room += len(ws.m)
	}
	at := make(map[string]int, room)
	add := func(s string) {
		if _, ok := at[s]; !ok {
			at[s] = b.Len()
			b.WriteString(s)
		}
	}
	for _, m := range sets {
		for k := range *m {
			add(k)
		}
	}
	for _, ws := range wordSets {
		for k := range ws.m {
			add(k)
		}
	}
	for k, vs := range l.nicknames {
		add(k)
		for _, v := range vs {
			add(v)
		}
	}
	for _, e := range l.fuzzy.entries {
		add(e.word)
	}
	for _, c := range l.codes {
		add(c)
	}
	for _, a := range l.args {
		add(a)
	}
	text := b.String()
	str := func(s string) string { return text[at[s] : at[s]+len(s)] }
	for _, m := range sets {
		if len(*m) == 0 {
			*m = nil // read only from here on: an empty map is one more object
			continue
		}
		c := make(map[string]bool, len(*m))
		for k := range *m {
			c[str(k)] = true
		}
		*m = c
	}
	for _, ws := range wordSets {
		c := make(map[string]wordFlag, len(ws.m))
		for k, f := range ws.m {
			c[str(k)] = f
		}
		ws.m = c
		ws.finish()
	}
	n := 0
	for _, vs := range l.nicknames {
		n += len(vs)
	}
	nicks, nicknames := make([]string, 0, n), make(map[string][]string, len(l.nicknames))
	for k, vs := range l.nicknames {
		i := len(nicks)
		for _, v := range vs {
			nicks = append(nicks, str(v))
		}
		nicknames[str(k)] = nicks[i:len(nicks):len(nicks)]
	}
	l.nicknames = nicknames
	l.codeIdx = make(map[string]int, len(l.codes))
	for i, c := range l.codes {
		l.codes[i] = str(c)
		l.codeIdx[l.codes[i]] = i
	}
	l.codeSlots.build(l.codes)
	for i, a := range l.args {
		l.args[i] = str(a)
	}
	for i := range l.fuzzy.entries {
		l.fuzzy.entries[i].word = str(l.fuzzy.entries[i].word)
	}
}

func addWords(n *phraseNorm, lf *lexiconFile, w *wordSets) {
	put := func(f wordFlag, ws []string) {
		for _, x := range ws {
			vs, nv := apostropheVariants(x)
			for _, v := range vs[:nv] {
				p := n.phrase(v)
				if p == "" {
					continue
				}
				w.put(p, f)
				if f&(wSelfIntro|wIntroOpening) != 0 {
					first, _, _ := strings.Cut(p, " ")
					w.put(first, wIntroFirst)
				}
			}
		}
	}
	for _, g := range lf.Words.Greetings {
		p := n.phrase(g)
		if first, _, ok := strings.Cut(p, " "); ok {
			w.put(p, wGreetPairs)
			w.put(first, wPairFirst)
		} else if p != "" {
			w.put(p, wGreetings)
		}
	}
	put(wHonorifics, lf.Words.Honorifics)
	put(wNotNames, lf.Words.NotNames)
	put(wSelfIntro, lf.Words.SelfIntro)
	put(wIntroOpening, lf.Words.SelfIntroOpening)
	put(wIntroAfter, lf.Words.IntroAfter)
	put(wIntroHere, lf.Words.IntroHere)
	put(wNeighbours, lf.Words.Neighbours)
	put(wNotLabels, lf.Words.NotLabels)
	put(wQuestionWords, lf.Words.QuestionWords)
	put(wProposals, lf.Words.Proposals)
	put(wSignOffs, lf.Words.SignOffs)
	put(wThirdPerson, lf.Words.ThirdPerson)
	put(wPetNames, lf.Words.PetNames)
	put(wArticles, lf.Words.Articles)
	put(wNegations, lf.Words.Negations)
	put(wAddressNext, lf.Words.AddressNext)
	put(wAddressLead, lf.Words.AddressLead)
	put(wGreetPrefix, lf.Words.GreetPrefix)
	put(wRoles, lf.Words.Roles)
	put(wRoleModifiers, lf.Words.RoleModifiers)
	put(wIndefinite, lf.Words.Indefinite)
	put(wDefinite, lf.Words.Definite)
	put(wIntroFillers, lf.Words.IntroFillers)
	put(wReader, lf.Words.Reader)
	put(wAskingVerbs, lf.Words.AskingVerbs)
	put(wVocativeTitle, lf.Words.VocativeTitles)
	put(wNameTitles, lf.Words.NameTitles)
	put(wVocParticles, lf.Words.VocativeParticles)
	put(wVocKin, lf.Words.VocativeKin)
	put(wHanParticles, lf.Words.HanParticles)
	put(wHanNotName, lf.Words.HanNotName)
	put(wHanSurnames, lf.Words.HanSurnames)
	put(wHanPhones, lf.Words.HanPhones)
	put(wAddresseePrefix, lf.Words.AddresseePrefixes)
	put(wCustomerTitle, lf.Words.CustomerTitles)
}

func decodeTOML(fsys fs.FS, name string, v any) error {
	if fromSnapshot(fsys, name, v) {
		return nil
	}
	raw, err := fs.ReadFile(fsys, name)
	if err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	return parseTOML(name, raw, v)
}

// parseTOML decodes the lexicon file name, its bytes raw, into v with the
// TOML parser; a key v has no field for is an error.
func parseTOML(name string, raw []byte, v any) error {
	md, err := toml.NewDecoder(bytes.NewReader(raw)).Decode(v)
	if err != nil {
		return fmt.Errorf("%w: %s: %w", ErrBadLexicon, name, err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		return fmt.Errorf("%w: %s: unknown key %s", ErrBadLexicon, name, und[0])
	}
	return nil
}

// decodedFile is one lexicon file decoded, or why it could not be.
type decodedFile struct {
	file lexiconFile
	err  error
}

// decodeAll decodes the named lexicon files of dir concurrently; the
// results are in the order of names.
func decodeAll(fsys fs.FS, dir string, names []string) []decodedFile {
	out := make([]decodedFile, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i].err = decodeTOML(fsys, path.Join(dir, name), &out[i].file)
		}()
	}
	wg.Wait()
	return out
}

// normPhrase normalises a lexicon phrase exactly like message text,
// without a memo.
func normPhrase(f *folder, s string) string {
	return (&phraseNorm{f: f}).phrase(s)
}

// phraseNorm normalises the phrases of the lexicons being compiled.
type phraseNorm struct {
	f *folder
	// memo holds the normalised form of the embedded lexicons' phrases
	// that are not plain (lexsnap/norm.gob, see loadNormMemo): the
	// eighteen thousand of them were a sixth of compiling.
	memo map[uint64]string
	// record, if not nil, gets every phrase normalised without the memo:
	// the memo's contents.
	record map[string]string
}

func (n *phraseNorm) phrase(s string) string {
	if plainPhrase(s) {
		// most phrases: normalising them was a seventh of compiling
		return strings.Clone(s) // not a piece of the whole decoded file
	}
	if n.memo != nil {
		if p, ok := n.memo[wordHash(s)]; ok {
			return p
		}
	}
	p := normText(n.f, s)
	if n.record != nil {
		n.record[s] = p
	}
	return p
}

func normText(f *folder, s string) string {
	t := f.normalize(s)
	p := string(t.norm)
	f.release(t) // tens of thousands of phrases: reuse the buffers
	return p
}

// plainPhrase: s is lower-case ASCII words one space apart, without a
// letter three times in a row, which normalising leaves as it is.
func plainPhrase(s string) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 'a' && c <= 'z':
			if i >= 2 && s[i-1] == c && s[i-2] == c {
				return false
			}
		case c == ' ':
			if s[i-1] == ' ' {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// phraseVariants are the spellings of a lexicon phrase: its apostrophes
// kept and dropped, and in Arabic and Hebrew script the phrase with the
// "and" these write joined to the next word ("وخليها بيناتنا",
// "ותחזור הביתה"): a text that goes on with "and" would otherwise hide
// every phrase after its first sentence. Not for a phrase of four
// letters or fewer, a pronoun's length. The other joined words were
// tried and dropped: Hebrew ש made "שאתה" (that you) read as "you", and
// Arabic ف (so) caught nothing more on any corpus file.
func phraseVariants(s string) (vs [2]string, n int) {
	r, _ := utf8.DecodeRuneInString(s)
	var and string
	switch {
	case r >= 0x0621 && r <= 0x064A: // Arabic letters
		and = "و"
	case r >= 0x05D0 && r <= 0x05EA: // Hebrew letters
		and = "ו"
	default:
		return apostropheVariants(s)
	}
	if utf8.RuneCountInString(s) <= 4 || strings.HasPrefix(s, and) {
		return [2]string{s}, 1
	}
	return [2]string{s, and + s}, 2
}

// apostropheVariants writes "it's" both as "it s" and "its", since people
// type either.
func apostropheVariants(s string) (vs [2]string, n int) {
	// byte searches: ContainsAny is slow with a non-ASCII rune in its
	// set, ContainsRune of one was 3 ms of compiling ('’' is 0xE2 0x80 0x99)
	if strings.IndexByte(s, '\'') < 0 && (strings.IndexByte(s, 0xE2) < 0 || !strings.Contains(s, "’")) {
		return [2]string{s}, 1
	}
	return [2]string{s, dropApostrophes.Replace(s)}, 2
}

var dropApostrophes = strings.NewReplacer("'", "", "’", "")

// expandSlots replaces each {slot} in raw by every spelling of every value
// of that slot. slotArg[i] is the slot value used for expanded[i] (the
// first slot's), so that "{platform}" phrases carry their platform.
func expandSlots(raw string, slots map[string]map[string][]string) (expanded, slotArg []string, err error) {
	i := strings.IndexByte(raw, '{')
	if i < 0 {
		return []string{raw}, []string{""}, nil
	}
	j := strings.IndexByte(raw[i:], '}')
	if j < 0 {
		return nil, nil, fmt.Errorf("%w: unclosed slot in %q", ErrBadLexicon, raw)
	}
	name := raw[i+1 : i+j]
	values, ok := slots[name]
	if !ok {
		return nil, nil, fmt.Errorf("%w: unknown slot {%s}", ErrBadLexicon, name)
	}
	keys := slices.Sorted(maps.Keys(values))
	for _, k := range keys {
		for _, spelling := range values[k] {
			rest, restArgs, err := expandSlots(raw[:i]+spelling+raw[i+j+1:], slots)
			if err != nil {
				return nil, nil, err
			}
			expanded = append(expanded, rest...)
			for range restArgs {
				slotArg = append(slotArg, k)
			}
		}
	}
	return expanded, slotArg, nil
}

// hit is one phrase found in a normalised message.
type hit struct {
	code   int
	arg    string
	ns, ne int
	phrase int // index in lexicon.phrases
}

// match finds every phrase of the languages in mask in t (overlapping),
// at word boundaries, in order of their start.
func (l *lexicon) match(hits []hit, t *text, mask langMask) []hit {
	var buf [64]uint64
	return l.matchHashed(hits, t, wordHashes(buf[:0], t), mask)
}

// wordHashes appends the wordHash of each of t's words to dst.
func wordHashes(dst []uint64, t *text) []uint64 {
	for k := range t.toks {
		dst = append(dst, wordHash(t.toks[k].w))
	}
	return dst
}

// matchHashed is match with the words' hashes already computed.
func (l *lexicon) matchHashed(hits []hit, t *text, hashes []uint64, mask langMask) []hit {
	if len(t.toks) == 0 {
		return hits
	}
	if cap(hits) == 0 {
		// Room for the usual number of hits: growing the slice cost
		// more than any other allocation of a verdict.
		hits = make([]hit, 0, min(max(len(t.toks)/2, 4), 32))
	}
	for k := range t.toks {
		l.matcher.find(t, hashes, k, mask, func(i, ns, ne int) {
			p := &l.phrases[i]
			hits = append(hits, hit{code: int(p.code), arg: l.args[p.arg], ns: ns, ne: ne, phrase: i})
		})
	}
	// A fixed order (by position, then phrase) keeps "the earliest
	// longest hit" independent of how the matcher indexes phrases.
	slices.SortFunc(hits, func(x, y hit) int {
		if x.ns != y.ns {
			return x.ns - y.ns
		}
		if x.ne != y.ne {
			return x.ne - y.ne
		}
		return x.phrase - y.phrase
	})
	if len(hits) > 1 && l.guarded {
		hits = l.applyGuards(hits)
	}
	return hits
}

// applyGuards drops hits of codes whose guard phrase is present.
func (l *lexicon) applyGuards(hits []hit) []hit {
	var cancelled []int
	for _, h := range hits {
		if h.code < len(l.cancels) && l.cancels[h.code] >= 0 {
			cancelled = append(cancelled, l.cancels[h.code])
		}
	}
	if len(cancelled) == 0 {
		return hits
	}
	return slices.DeleteFunc(hits, func(h hit) bool { return slices.Contains(cancelled, h.code) })
}
