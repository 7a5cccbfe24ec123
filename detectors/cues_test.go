package detectors

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/silentguard/silentguard/detectors/textmodel"
)

// One registry for the table tests: New compiles every lexicon.
var (
	sharedRegOnce sync.Once
	sharedReg     *Registry
	sharedRegErr  error
)

func testRegistry(t testing.TB) *Registry {
	t.Helper()
	sharedRegOnce.Do(func() { sharedReg, sharedRegErr = New(DefaultConfig()) })
	if sharedRegErr != nil {
		t.Fatalf("New: %v", sharedRegErr)
	}
	return sharedReg
}

// chat builds a conversation from lines prefixed "s:" (sender) or "o:"
// (owner). The owner is Laura Bianchi in Italy unless owner is given.
func chat(network Network, owner []string, lines ...string) *Conversation {
	if owner == nil {
		owner = []string{"Laura", "Laura Bianchi"}
	}
	c := &Conversation{
		Sender: Sender{Phone: "+393471234567", DisplayName: "+39 347 123 4567", Network: network},
		Owner:  Owner{Names: owner, Country: "IT", Languages: []string{"it", "en"}},
	}
	for _, l := range lines {
		who, text, _ := strings.Cut(l, ":")
		c.Turns = append(c.Turns, Turn{FromOwner: who == "o", Text: strings.TrimPrefix(text, " ")})
	}
	return c
}

type cueCase struct {
	lang  string
	name  string
	lines []string
	code  string
	// evidence must be contained in the reason's evidence ("" = any);
	// absent means the code must not fire (a near miss), or, with
	// evidence, not with that evidence.
	evidence string
	absent   bool
	network  string
	owner    []string
	// ownerLangs, if set, are the owner's languages (the identifier's
	// prior): a text of three words is read in them.
	ownerLangs []string
	// detail, if set, must be contained in the reason's detail (which
	// reading of the text fired).
	detail string
}

func runCueCases(t *testing.T, cases []cueCase) {
	t.Helper()
	r := testRegistry(t)
	for _, tc := range cases {
		t.Run(tc.lang+"/"+tc.name, func(t *testing.T) {
			network := ParseNetwork(tc.network)
			if network == NetworkUnknown {
				network = NetworkSMS
			}
			c := chat(network, tc.owner, tc.lines...)
			c.Owner.Languages = tc.ownerLangs
			v := r.Evaluate(c)
			checkEvidence(t, c, v)
			var got *Reason
			for i := range v.Reasons {
				// a near miss with evidence: only that reason must stay quiet
				// and with a detail, only the reason of that reading
				if v.Reasons[i].Code == tc.code && (!tc.absent || strings.Contains(v.Reasons[i].Evidence, tc.evidence)) &&
					strings.Contains(v.Reasons[i].Detail, tc.detail) {
					got = &v.Reasons[i]
					break
				}
			}
			if tc.absent {
				if got != nil {
					t.Fatalf("%s fired on a near miss: %+v", tc.code, *got)
				}
				return
			}
			if got == nil {
				t.Fatalf("%s did not fire; verdict %s", tc.code, brief(v))
			}
			if !strings.Contains(got.Evidence, tc.evidence) {
				t.Fatalf("%s evidence %q does not contain %q", tc.code, got.Evidence, tc.evidence)
			}
			if got.Detail == "" {
				t.Fatalf("%s has no detail", tc.code)
			}
			if !strings.Contains(got.Detail, tc.detail) {
				t.Fatalf("%s detail %q does not contain %q", tc.code, got.Detail, tc.detail)
			}
		})
	}
}

func TestOpenerCues(t *testing.T) {
	runCueCases(t, []cueCase{
		// wrong name
		{lang: "en", name: "greets another name", lines: []string{"s: Hi Marco, are we still on for coffee?"}, code: CodeWrongName, evidence: "Marco"},
		{lang: "it", name: "a title and a name close the question", lines: []string{"s: Ci vediamo domani al campo da golf come d'accordo, Sig. Marchetti?"}, code: CodeWrongName, evidence: "Sig. Marchetti"},
		{lang: "en", name: "a title and a name close the sentence", lines: []string{"s: Can you send me the contract before Friday, Mr. Smith?"}, code: CodeWrongName, evidence: "Mr. Smith"},
		{lang: "it", name: "a titled signature greets no one", lines: []string{"s: Cordiali saluti, Sig. Rossi"}, code: CodeWrongName, absent: true},
		// Greek: the article before a name greeted or asked for, and the sender's own
		{lang: "el", name: "η κυρία Μαρία;", lines: []string{"s: Καλησπέρα, η κυρία Μαρία;"}, code: CodeWrongName, evidence: "η κυρία Μαρία"},
		{lang: "el", name: "Μαρία εσύ;", lines: []string{"s: Μαρία εσύ;"}, code: CodeWrongName, evidence: "Μαρία"},
		{lang: "el", name: "η Μαρία είπε talks about her", lines: []string{"s: Γεια, η Μαρία είπε ότι θα έρθει αύριο"}, code: CodeWrongName, absent: true},
		{lang: "el", name: "ο Andrei είμαι introduces", lines: []string{"s: Γεια σου, ο Andrei είμαι, ο γείτονας με τον σκύλο στο απέναντι διαμέρισμα"}, code: CodeWrongName, absent: true},
		{lang: "el", name: "ο Budi από το διαμέρισμα introduces", lines: []string{"s: Γεια σας, ο Budi από το διαμέρισμα 3, από κάτω. Ο κούριερ άφησε ένα δέμα σας σε μένα"}, code: CodeWrongName, absent: true},
		// the sender's own name, said with their role before "here"
		{lang: "en", name: "Dave the plumber here", lines: []string{"s: Hi, Dave the plumber here, the building manager gave me your number. Tomorrow at 18:30 ok?"}, code: CodeWrongName, absent: true},
		{lang: "en", name: "Dave the delivery driver here", lines: []string{"s: Hi, Dave the delivery driver here, I'm outside"}, code: CodeWrongName, absent: true},
		{lang: "hu", name: "Giorgos vízszerelő vagyok", lines: []string{"s: Jó napot, Giorgos vízszerelő vagyok, a közös képviselő adta meg a számát a csöpögő cső miatt. Holnap 18:30 körül mehetek?"}, code: CodeWrongName, absent: true},
		{lang: "en", name: "Hi Sandra courier here greets Sandra", lines: []string{"s: Hi Sandra courier here, im outside unit 4 with ur parcel nobody answering"}, code: CodeWrongName, evidence: "Sandra"},
		{lang: "el", name: "η Μαρία εδώ introduces", lines: []string{"s: Γεια σου, η Μαρία εδώ!"}, code: CodeWrongName, absent: true},
		{lang: "el", name: "ο Νίκος σας γράφει writes", lines: []string{"s: Καλημέρα, ο Νίκος σας γράφει για το διαμέρισμα"}, code: CodeWrongName, absent: true},
		{lang: "el", name: "η κυρία Giorgos; with a Latin name", lines: []string{"s: Καλησπέρα, η κυρία Giorgos;"}, code: CodeWrongName, evidence: "Giorgos"},
		{lang: "en", name: "Hi Dave, the plumber is here greets Dave", lines: []string{"s: Hi Dave, the plumber is here"}, code: CodeWrongName, evidence: "Dave"},
		{lang: "it", name: "an article and a name that open a question talk about someone", lines: []string{"s: La Giulia ha finito i compiti?"}, code: CodeWrongName, absent: true},
		{lang: "es", name: "an article and a name after a greeting still greet", lines: []string{"s: Hola la Marta, ¿vienes hoy?"}, code: CodeWrongName, evidence: "la Marta"},
		{lang: "en", name: "a titled name mid-sentence is no address", lines: []string{"s: I spoke to your colleague yesterday, Dr. Lee was very helpful"}, code: CodeWrongName, absent: true},
		{lang: "nl", name: "a Dutch name opens the message", lines: []string{"s: Ruud, bel me even als je dit leest. Gaat over zondag."}, code: CodeWrongName, evidence: "Ruud"},
		{lang: "en", name: "an Indian name opens the message", lines: []string{"s: Sunil, I thought about what you said at dinner."}, code: CodeWrongName, evidence: "Sunil"},
		{lang: "en", name: "a Ghanaian name opens the message", lines: []string{"s: Kofi how far? Remember the party is Saturday"}, code: CodeWrongName, evidence: "Kofi"},
		{lang: "tr", name: "a Turkish name before a greeting", lines: []string{"s: Selin merhaba, cumartesi 19:00'da buluşuyoruz değil mi?"}, code: CodeWrongName, evidence: "Selin"},
		{lang: "en", name: "a name and then the article of what is said to them", lines: []string{"s: Meera the tiffin will come half hour late tomorrow, sorry!"}, code: CodeWrongName, evidence: "Meera"},
		{lang: "pt", name: "um nome e depois o artigo", lines: []string{"s: Thiago o Rafa falou que vc vai levar o violão no luau sábado, confirma?"}, code: CodeWrongName, evidence: "Thiago"},
		{lang: "en", name: "a name and then their trade is talk about them", lines: []string{"s: Brian the vet called back, Biscuit needs the tablets twice a day"}, code: CodeWrongName, absent: true},
		{lang: "en", name: "a name that is also a verb gives an order", lines: []string{"s: Mark the date, party at ours on the 5th"}, code: CodeWrongName, absent: true},
		{lang: "en", name: "greets the owner", lines: []string{"s: Hi Laura, are we still on for coffee?"}, code: CodeWrongName, absent: true},
		{lang: "en", name: "title and surname", lines: []string{"s: Good afternoon Mr. Chen, the meeting moved to 3pm."}, code: CodeWrongName, evidence: "Mr. Chen"},
		{lang: "en", name: "nickname of owner", owner: []string{"Robert", "Robert Lane"}, lines: []string{"s: Hey Bob, you around later?"}, code: CodeWrongName, absent: true},
		{lang: "en", name: "owner's name with two letters swapped", owner: []string{"Lucas", "Lucas Reid"}, lines: []string{"s: Hi Lcuas, are we still on for coffee?"}, code: CodeWrongName, absent: true},
		{lang: "en", name: "another name one letter apart", owner: []string{"Mario", "Mario Rossi"}, lines: []string{"s: Hi Maria, are we still on for coffee?"}, code: CodeWrongName, evidence: "Maria"},
		{lang: "de", name: "a name that starts like the owner's", owner: []string{"Ana", "Ana Weber"}, lines: []string{"s: Hallo Anke, sehen wir uns morgen um 10?"}, code: CodeWrongName, evidence: "Anke"},
		{lang: "en", name: "capital word is not a name", lines: []string{"s: Awesome, I'll see you in a bit"}, code: CodeWrongName, absent: true},
		{lang: "it", name: "saluta un altro", lines: []string{"s: Ciao Fra!! stasera cena da Luca alle 20.30"}, code: CodeWrongName, evidence: "Fra"},
		{lang: "it", name: "saluta la proprietaria", lines: []string{"s: Ciao Laura! stasera cena da Luca"}, code: CodeWrongName, absent: true},
		{lang: "it", name: "titolo e cognome", lines: []string{"s: Gentile sig. Neri, il preventivo è pronto"}, code: CodeWrongName, evidence: "Neri"},
		{lang: "es", name: "saluda a otro", lines: []string{"s: Hola Marcos, ¿seguimos con el café?"}, code: CodeWrongName, evidence: "Marcos"},
		{lang: "en", name: "a name that does something", lines: []string{"s: Hi, Kate gave me your number, she said you sell honey"}, code: CodeWrongName, absent: true},
		// the sender names themself after the greeting: not a wrong name
		{lang: "en", name: "the sender's name, here", lines: []string{"s: Hi, Dave here. Did you get my email about the invoice?"}, code: CodeWrongName, absent: true},
		{lang: "en", name: "the sender's name, here, no mark", lines: []string{"s: Hey Jess here from yoga, are you coming on thursday?"}, code: CodeWrongName, absent: true},
		{lang: "en", name: "someone's mum here", lines: []string{"s: Hiya, Tom's mum here, is he ok to come for tea on Friday?"}, code: CodeWrongName, absent: true},
		{lang: "en", name: "a name from somewhere after a mark", lines: []string{"s: Morning! Dave from next door, your bins are still out"}, code: CodeWrongName, absent: true},
		{lang: "de", name: "der Absender, hier", lines: []string{"s: Hallo, Jens hier. Hast du am Samstag Zeit?"}, code: CodeWrongName, absent: true},
		{lang: "nl", name: "de afzender, hier", lines: []string{"s: Hoi Sanne hier, kom je morgen ook?"}, code: CodeWrongName, absent: true},
		{lang: "pt", name: "o remetente, aqui", lines: []string{"s: Oi, Rafa aqui! Vamos amanhã às 10?"}, code: CodeWrongName, absent: true},
		// ... but "here" that starts the next clause, and a name greeted
		// before the sender's, still greet someone else
		{lang: "en", name: "here's after the greeted name", lines: []string{"s: Hi Dave here's the link for tonight"}, code: CodeWrongName, evidence: "Dave"},
		{lang: "de", name: "hier ist nach dem Namen", lines: []string{"s: Hallo Jens hier ist die Adresse für heute Abend"}, code: CodeWrongName, evidence: "Jens"},
		{lang: "en", name: "the reader greeted, then the sender", lines: []string{"s: Hi Jessica, Dave here, are we still on for Friday?"}, code: CodeWrongName, evidence: "Jessica"},
		{lang: "en", name: "a name from somewhere, no mark", lines: []string{"s: Hi Marco from the gym are we still on for 5?"}, code: CodeWrongName, evidence: "Marco"},
		// French "est-ce que" asks a yes/no question; "est-ce que c'est X ?" asks who
		{lang: "fr", name: "est-ce que, une question", lines: []string{"s: Bonjour ! Est-ce que Hugo vient à l'anniversaire samedi ?"}, code: CodeIsThis, absent: true},
		{lang: "fr", name: "est-ce que c'est, qui", lines: []string{"s: Bonjour, est-ce que c'est Hugo ?"}, code: CodeIsThis, evidence: "Hugo"},
		// a giver the owner can ask, and a parent who says whose
		// a capitalised word between an introduction and "from" names the sender
		{lang: "en", name: "I'm New here introduces no one", lines: []string{"s: Hey, I'm New here, Jess gave me your number and said I should text you"}, code: CodeDatingBait},
		{lang: "id", name: "sy Yoga dari cabang", lines: []string{"s: Siang mbak, sy Yoga dari cabang Bekasi, dikasih nomor mbak sama Bu Lina HRD. Data absensi bulan lalu kok kosong ya?"}, code: CodeDatingBait, absent: true},
		{lang: "vi", name: "em là Long bên đội bóng", lines: []string{"s: Dạ em chào anh, em là Long bên đội bóng công ty, anh Ngọc cho em số anh. Tối thứ bảy đội thiếu người, anh đá cùng được không ạ?"}, code: CodeDatingBait, absent: true},
		{lang: "id", name: "dikasih nomor, no one said", lines: []string{"s: Hai kak, aku dikasih nomor kakak sama teman. Boleh kenalan?"}, code: CodeDatingBait},
		{lang: "it", name: "l'amministratore ha dato il numero", lines: []string{"s: Buonasera, sono Rossi del secondo piano, l'amministratore mi ha dato il suo numero. La sua macchina blocca il passo carraio, riesce a spostarla?"}, code: CodeDatingBait, absent: true},
		{lang: "en", name: "the trees you ordered came in", lines: []string{"s: Hey, Tom from the garden centre. The 3 olive trees you ordered have come in, want them delivered Sat?"}, code: CodeSharedPlan, evidence: "you ordered"},
		{lang: "fr", name: "les pneus commandés sont arrivés", lines: []string{"s: Bonjour, les pneus que vous avez commandés sont arrivés, vous passez quand ?"}, code: CodeSharedPlan, evidence: "vous avez commandés"},
		{lang: "en", name: "the sender's own order", lines: []string{"s: I ordered the big cake, it's ready at 4 so grab it on your way"}, code: CodeSharedPlan, absent: true},
		{lang: "es", name: "a club's monthly fee is no order", lines: []string{"s: Academia de Danza Sol: la cuota de abril vence el día 5. Se paga en recepción."}, code: CodeSharedPlan, absent: true},
		{lang: "pt", name: "a school's monthly fee is no order", lines: []string{"s: Colégio Aurora: a mensalidade de maio vence dia 8, boleto no app."}, code: CodeSharedPlan, absent: true},
		{lang: "es", name: "an appointment confirmed without a name", lines: []string{"s: Clínica Sol: su cita de mañana a las 10 está confirmada."}, code: CodeSharedPlan},
		// a greeting sentence is no news: the reconnect still opens
		{lang: "en", name: "Good evening. I hope… Long time no see", lines: []string{"s: Good evening. I hope you had a good and productive day. Long time no see. How are you doing?"}, code: CodeReconnect, evidence: "Long time no see"},
		{lang: "en", name: "a letter of news, then long time no see", lines: []string{"s: Hi. Beth got the job! Charlie is walking now. Long time no see, how have you been?"}, code: CodeReconnect, absent: true},
		{lang: "en", name: "since the last number exchange", lines: []string{"s: You haven't been in touch with me since the last number exchange, what happened?"}, code: CodeReconnect, evidence: "haven't been in touch"},
		{lang: "en", name: "forgot to message after the bar", lines: []string{"s: Ya 4got to message last night after the bar :( really hoped we'd keep talking"}, code: CodeDatingBait},
		// a stranger asks to be shown around town
		{lang: "en", name: "business trip, show me around", lines: []string{"s: Hi, I'm travelling to Denver for work next week, would you be able to show me around?"}, code: CodeDatingBait, evidence: "show me around"},
		// a giver named and a chat wanted, no errand: the giver's name vouches for nothing
		{lang: "en", name: "friend gave number, mind if we chat", lines: []string{"s: Hi, my friend Kate gave me your number, she says you're great. I'm Lea, mind if we chat?"}, code: CodeDatingBait, evidence: "gave me your number"},
		{lang: "fr", name: "m'a filé ton numéro, si on discute", lines: []string{"s: Hey, ma copine Maxime m'a filé ton numéro. Moi c'est Léa, ça te dérange si on discute un peu ?"}, code: CodeDatingBait, evidence: "filé ton numéro"},
		{lang: "de", name: "allein daheim, ein bisschen schreiben", lines: []string{"s: Sonntag, allein daheim und keiner meldet sich 🥱 magst du ein bisschen schreiben?"}, code: CodeDatingBait, evidence: "ein bisschen schreiben"},
		{lang: "de", name: "die Stadt zeigen", lines: []string{"s: Hallo, ich bin neu hier und suche jemanden, der mir die Stadt zeigen kann 😊"}, code: CodeDatingBait, evidence: "mir die Stadt zeigen"},
		{lang: "ja", name: "案内してくれない", lines: []string{"s: 急にごめんなさい、来月出張で福岡に行くんだけど、もし時間あったら案内してくれない？"}, code: CodeDatingBait, evidence: "案内して"},
		{lang: "en", name: "a new starter and the office", lines: []string{"s: Hi, I'm Sam, the new intern starting Monday. Could you show me around the office?"}, code: CodeDatingBait, absent: true},
		{lang: "de", name: "a dating profile", lines: []string{"s: Ich bin 34, Krankenschwester, geschieden und suche jemand ehrlichen. Bist du ehrlich?"}, code: CodeDatingBait, evidence: "geschieden"},
		{lang: "it", name: "a widow's profile", lines: []string{"s: Salve, sono vedova da due anni e cerco una persona seria. Lei è sposato?"}, code: CodeDatingBait, evidence: "vedova"},
		{lang: "en", name: "an age looking for a serious man", lines: []string{"s: Hi, I'm Anna, 41 years old, looking for a serious man to share life with"}, code: CodeDatingBait, evidence: "41 years old"},
		{lang: "en", name: "a child's age and a divorce", lines: []string{"s: My son is 5 years old and I'm divorced, can you take him Saturday?"}, code: CodeDatingBait, absent: true},
		{lang: "en", name: "a giver and an age", lines: []string{"s: hey, Jess gave me your number. I'm 30 years old btw"}, code: CodeDatingBait, evidence: "gave me your number"},
		{lang: "en", name: "a number from the team sheet", lines: []string{"s: Hi! Got your number from the team sheet, hope that's ok. Are you in the office tomorrow?"}, code: CodeDatingBait, absent: true},
		{lang: "de", name: "a number from the class list", lines: []string{"s: Hallo, die Klassenliste hat mir deine Nummer gegeben, hoffe das ist ok"}, code: CodeDatingBait, absent: true},
		{lang: "en", name: "a number from a friend", lines: []string{"s: Hi! Got your number from a friend, hope that's ok"}, code: CodeDatingBait, evidence: "your number from"},
		{lang: "en", name: "the caretaker gave the number", lines: []string{"s: Hi, the caretaker gave me your number, your car is blocking the garage, could you move it?"}, code: CodeDatingBait, absent: true},
		{lang: "it", name: "un amico ha dato il numero", lines: []string{"s: Ciao, un amico mi ha dato il tuo numero, sei single?"}, code: CodeDatingBait, evidence: "dato il tuo numero"},
		{lang: "fr", name: "la maman de Léa", lines: []string{"s: Bonjour, je suis la maman de Léa (CE2). J'ai eu votre numéro par la liste des parents. Est-ce que Hugo vient samedi ?"}, code: CodeDatingBait, absent: true},
		{lang: "fr", name: "une inconnue qui a eu le numéro", lines: []string{"s: Bonjour, j'ai eu votre numéro par une amie, on peut discuter ?"}, code: CodeDatingBait},
		// the fake boss busy and asking for you, whatever name it gives
		{lang: "de", name: "der Chef in der Besprechung", lines: []string{"s: Hallo Frau Berger, hier ist Mag. Huber. Sind Sie gerade erreichbar? Ich brauche kurz Ihre Hilfe, bin in einer Besprechung"}, code: CodeTaskRequest, evidence: "Besprechung"},
		{lang: "it", name: "il capo in riunione", lines: []string{"s: Ciao Luca, sono l'ing. Ferri. Sei disponibile? Ho una richiesta da farti, sono in riunione"}, code: CodeTaskRequest, evidence: "riunione"},
		{lang: "nl", name: "een vergadering zonder vraag", lines: []string{"s: Hoi, ik zit de hele middag in een vergadering, tot morgen!"}, code: CodeTaskRequest, absent: true},
		{lang: "en", name: "a name greeted, then a comma", lines: []string{"s: Hi, Kate, are we still on for coffee?"}, code: CodeWrongName, evidence: "Kate"},
		{lang: "es", name: "firma al final", lines: []string{"s: Hola a todos, juntamos $3.000 por alumno para el desayuno. Los datos están en el grupo. Saludos, Pame"}, code: CodeWrongName, absent: true},
		{lang: "es", name: "saludo que abre", lines: []string{"s: Saludos, Pame"}, code: CodeWrongName, evidence: "Pame"},
		{lang: "es", name: "vocativo con acento", owner: []string{"Lucía", "Lucía Vera"}, lines: []string{"s: Hola Lucia, ¿vienes mañana?"}, code: CodeWrongName, absent: true},
		{lang: "de", name: "begrüßt jemand anderen", lines: []string{"s: Hallo Markus, bleibt es bei 17 Uhr?"}, code: CodeWrongName, evidence: "Markus"},
		{lang: "de", name: "Substantiv ist kein Name", lines: []string{"s: Entschuldigung! Sind Sie auch in Zürich?"}, code: CodeWrongName, absent: true},
		{lang: "fr", name: "salue quelqu'un d'autre", lines: []string{"s: Coucou Marco, on se retrouve au café ?"}, code: CodeWrongName, evidence: "Marco"},
		{lang: "fr", name: "appelle quelqu'un", lines: []string{"s: Mathieu ? La répétition est déplacée à la salle paroissiale"}, code: CodeWrongName, evidence: "Mathieu"},
		{lang: "en", name: "a name asked about mid-message", lines: []string{"s: We saw the film. Did Mathieu like it?"}, code: CodeWrongName, absent: true},
		{lang: "fr", name: "salue la propriétaire", owner: []string{"Élise", "Élise Janssens"}, lines: []string{"s: Bonjour Elise, ça va ?"}, code: CodeWrongName, absent: true},
		{lang: "pt", name: "cumprimenta outro", lines: []string{"s: Oi Rafa!! a aula mudou pra 7h"}, code: CodeWrongName, evidence: "Rafa"},
		{lang: "pt", name: "cumprimenta a dona", owner: []string{"Bia", "Beatriz Lima"}, lines: []string{"s: Oi Bia, tudo bem?"}, code: CodeWrongName, absent: true},

		// someone gave the number: who writes decides
		{lang: "en", name: "role in apposition", lines: []string{"s: hi, i'm grace, the new neighbour at 14. the agent gave me your number for the bins rota"}, code: CodeDatingBait, absent: true},
		// boredom or an absent partner, with a flirt
		{lang: "en", name: "a friend gave your number, in broken English", lines: []string{"s: Hi dear, I am Riya. My friend gave your number, she told you are very nice person"}, code: CodeDatingBait, evidence: "gave your number"},
		{lang: "en", name: "a contact from a friend", lines: []string{"s: Good evening dear. I'm Jennifer. I got your contact from a friend and I'd love us to know each other better"}, code: CodeDatingBait, evidence: "your contact from"},
		{lang: "en", name: "bored, wanna chat", lines: []string{"s: Hi babe, I'm bored, wanna chat?"}, code: CodeDatingBait, evidence: "I'm bored"},
		{lang: "en", name: "hubby's away", lines: []string{"s: Bored at home, hubby's away for work again... want some company?"}, code: CodeDatingBait},
		{lang: "en", name: "bored, free for fifa", lines: []string{"s: im bored, you free to play fifa later?"}, code: CodeDatingBait, absent: true},
		// a match on a dating app the owner would have to remember
		{lang: "en", name: "it's Jess from tinder", lines: []string{"s: hey what's up? it's Jess from tinder"}, code: CodeDatingBait, evidence: "from tinder"},
		{lang: "en", name: "we matched", lines: []string{"s: Hi! We matched on Hinge, I deleted the app so texting here"}, code: CodeDatingBait, evidence: "We matched"},
		{lang: "en", name: "a friend's news about tinder", lines: []string{"s: I met my husband on tinder lol"}, code: CodeDatingBait, absent: true},
		{lang: "fr", name: "rencontré sur Tinder, told of someone else", lines: []string{"s: Je l'ai rencontré sur Tinder, il est sympa"}, code: CodeDatingBait, absent: true},
		{lang: "nl", name: "we hadden een match", lines: []string{"s: Hoi, we hadden een match op Bumble!"}, code: CodeDatingBait, evidence: "we hadden een match"},
		// "c'est Léa" and "é o João" introduce; with "?" they ask
		{lang: "fr", name: "coucou c'est Léa introduces", lines: []string{"s: Coucou c'est Léa"}, code: CodeIsThis, absent: true},
		{lang: "fr", name: "c'est Léa ? asks", lines: []string{"s: Bonjour, c'est Léa ?"}, code: CodeIsThis, evidence: "c'est Léa"},
		{lang: "pt", name: "oi, é o João introduces", lines: []string{"s: Oi, é o João"}, code: CodeIsThis, absent: true},
		{lang: "en", name: "this is Tom's mum introduces", lines: []string{"s: Hi, this is Tom's mum from Year 3, are you coming to the party on Saturday?"}, code: CodeIsThis, absent: true},
		{lang: "en", name: "this is Tom introduces", lines: []string{"s: Hi, this is Tom from Year 3, are you coming?"}, code: CodeIsThis, absent: true},
		{lang: "en", name: "this Jake? asks", lines: []string{"s: This Jake?"}, code: CodeIsThis, evidence: "This Jake"},
		{lang: "pt", name: "é a Ana? asks", lines: []string{"s: Olá, é a Ana? Tudo bem?"}, code: CodeIsThis, evidence: "é a Ana"},
		{lang: "en", name: "no one says who", lines: []string{"s: hi there, the agent gave me your number, hope that's ok"}, code: CodeDatingBait, evidence: "gave me your number"},
		// a named giver and friendship wanted: the dating script, whoever the sender says they are
		{lang: "en", name: "a giver named, friendship wanted", lines: []string{"s: Hi, my name is Amy, I got your number from Jessica, she says you are a very kind person. Hope we can get to know each other"}, code: CodeDatingBait, evidence: "your number from"},
		{lang: "de", name: "Nummer von Jana, kennenlernen", lines: []string{"s: Hallo, ich bin Mia. Ich habe deine Nummer von Jana, sie meinte du bist single. Wollen wir uns kennenlernen?"}, code: CodeDatingBait},
		{lang: "en", name: "saw your profile", lines: []string{"s: Hey, saw your profile and you seemed really genuine. Hope it's ok I messaged here"}, code: CodeDatingBait, evidence: "saw your profile"},
		{lang: "en", name: "saw your profile, a job", lines: []string{"s: Hi, I saw your profile on LinkedIn, we have a remote role that fits"}, code: CodeDatingBait, absent: true},
		{lang: "de", name: "dein Profil gesehen", lines: []string{"s: Hey, ich habe dein Profil gesehen und wollte einfach mal hallo sagen"}, code: CodeDatingBait, evidence: "dein Profil gesehen"},
		// a number found by chance or fate, and friendship wanted
		{lang: "en", name: "came across your number, a relationship", lines: []string{"s: Good evening, I'm Grace. I came across your number and I am looking for a serious relationship. Can we be friends?"}, code: CodeDatingBait, detail: "came upon your number"},
		{lang: "en", name: "found on the club list, friends", lines: []string{"s: Hi, found your number on the running club list, would be great to make friends with more runners here"}, code: CodeDatingBait, absent: true},
		{lang: "en", name: "a giver named, an errand", lines: []string{"s: Hi, I'm Tom from number 12, Sarah gave me your number. A parcel for you was left with us, I'll drop it round"}, code: CodeDatingBait, absent: true},

		// a business writes about a booking without naming the owner
		{lang: "en", name: "the salon checks", lines: []string{"s: Hello from the salon! Just checking you still want the cut and colour on Saturday?"}, code: CodeSharedPlan, evidence: "the salon"},
		{lang: "en", name: "a friend checks on a car", lines: []string{"s: Just checking your car will be ok for the trip tomorrow?"}, code: CodeSharedPlan, absent: true},
		{lang: "en", name: "booking confirmed far apart", lines: []string{"s: TABLE BOOKING: 4 people at the Oak Room, window seats. We need a card to hold it, reply to confirm"}, code: CodeSharedPlan, evidence: "BOOKING"},
		{lang: "en", name: "holding your room", lines: []string{"s: Good evening, we are holding your room for a late arrival tonight"}, code: CodeSharedPlan},
		{lang: "en", name: "your check-up on a day at a time", lines: []string{"s: Hello, your dental check-up with Dr Rachel is on Monday at 10am. Let us know if you can't make it"}, code: CodeSharedPlan, detail: "confirms an appointment without naming you"},
		{lang: "en", name: "the installer at a day and a time", lines: []string{"s: Hi, Carpet Court here. Installer will be at yours between 8 and 10am tomorrow, please make sure the furniture is moved"}, code: CodeSharedPlan, detail: "without naming you"},
		{lang: "pt", name: "o treinador diz de onde tem o contacto", lines: []string{"s: Olá! Chamo-me Pedro Martins e sou o treinador dos sub-10. O seu contacto estava na ficha de inscrição do Tomás: o treino de sábado passa para as 10h."}, code: CodeSharedPlan, detail: "sets a time"},
		{lang: "en", name: "did you feed the cat", lines: []string{"s: Did you remember to feed the cat before you left??"}, code: CodeSharedPlan, evidence: "the cat"},
		{lang: "en", name: "the neighbour asks about the cat", lines: []string{"s: Hi, it's Jo from number 6, did you see the cat got out again?"}, code: CodeSharedPlan, absent: true},
		{lang: "en", name: "I left my charger in your car", lines: []string{"s: Can you check if I left my charger in your car?? the long white one"}, code: CodeSharedPlan, evidence: "I left my"},
		{lang: "en", name: "a carrier's own notice, signed", network: "whatsapp", lines: []string{"s: Your parcel 1Z999 will be delivered today between 10:00 and 12:00. UPS"}, code: CodeSharedPlan, detail: "sets a time"},
		{lang: "en", name: "your parcel has arrived, no name", lines: []string{"s: Hello, your parcel from Nairobi has arrived at our Nakuru office. Come with your ID to collect"}, code: CodeSharedPlan, detail: "without naming you"},
		{lang: "en", name: "the principal on site", owner: []string{"Liam", "Liam Hart"}, lines: []string{"s: Good morning Liam. This is Principal Anderson. Are you on site today? I have an urgent task and can't step out of a meeting."}, code: CodeTaskRequest},
		{lang: "en", name: "in a client meeting till 5", owner: []string{"Ravi", "Ravi Shah"}, lines: []string{"s: Hi Ravi, David Chua here. In a client meeting till 5, can you help me settle something urgently?"}, code: CodeTaskRequest},
		{lang: "en", name: "are you at the office is no identity question", lines: []string{"s: Are you at the office?"}, code: CodeIsThis, absent: true},
		{lang: "nl", name: "bent u de eigenaar", lines: []string{"s: Hallo, bent u de eigenaar van de zwarte Golf die voor mijn oprit staat?"}, code: CodeIsThis},
		{lang: "en", name: "still want the slot", lines: []string{"s: Good day, this is Lindiwe from Hair by Lindi. Just checking if you still want the 8am braids slot on Thursday?"}, code: CodeSharedPlan, detail: "without naming you"},
		{lang: "en", name: "the vet's results", lines: []string{"s: Hi, I'm the vet tech at Maple Animal Hospital. Luna's bloodwork came back normal, you can pick her up after 4"}, code: CodeSharedPlan},
		{lang: "en", name: "waiting where you parked", lines: []string{"s: reached the station. Where have you parked?"}, code: CodeSharedPlan, evidence: "reached"},
		// a recruiter answering the owner's application, by name
		{lang: "en", name: "a recruiter follows up an application", owner: []string{"Jasdeep", "Jasdeep Gill"}, lines: []string{"s: Hi Jasdeep, it's Erin from the talent team at Shopify. Following up on your application for the Support Advisor role, happy to chat here too"}, code: CodeJobOffer, absent: true},
		{lang: "en", name: "a recruiter thanks for the CV", owner: []string{"Meera", "Meera Nair"}, lines: []string{"s: Hi Meera, it's Tom from Hays. Thanks for sending your CV for the payroll officer job, can we talk tomorrow?"}, code: CodeJobOffer, absent: true},
		// greetings and titles of other Englishes and of Brazil
		{lang: "en", name: "good eve, a name", lines: []string{"s: Good eve Marites! Bring the rice cooker on Sunday ha"}, code: CodeWrongName, evidence: "Marites"},
		{lang: "en", name: "howzit, a name", lines: []string{"s: Howzit Sipho, are we still braaing at yours on Saturday?"}, code: CodeWrongName, evidence: "Sipho"},
		{lang: "pt", name: "Seu before a name", owner: []string{"Carla", "Carla Souza"}, lines: []string{"s: Bom dia Seu Jorge, o senhor vem amanhã consertar o portão?"}, code: CodeWrongName, evidence: "Seu Jorge"},
		{lang: "pt", name: "seu pedido is no title", owner: []string{"Carla", "Carla Souza"}, lines: []string{"s: Oi, seu pedido saiu para entrega hoje"}, code: CodeWrongName, absent: true},
		// the fake boss who gives a name and is busy
		{lang: "en", name: "a named boss in a board meeting", owner: []string{"Darren", "Darren Cole"}, lines: []string{"s: Hi Darren, this is Paul Whitman. I'm in a board meeting and can't talk. Are you available? I need you to handle something for me quickly."}, code: CodeTaskRequest},
		{lang: "en", name: "the CEO asks if you are at your desk", owner: []string{"Priya", "Priya Shah"}, lines: []string{"s: Hello Priya, it's Andrew (CEO). Please confirm you're at your desk, I need a confidential task done today."}, code: CodeTaskRequest},

		// a thing listed somewhere, whatever it is; a buyer's words
		{lang: "en", name: "the trainers you posted on Depop", lines: []string{"s: Hey, interested in the trainers you posted on Depop. Can we deal outside the app?"}, code: CodeStillAvailable, evidence: "on Depop"},
		{lang: "en", name: "the kayak on gumtree, how much", lines: []string{"s: hi how much for ur kayak on gumtree? can collect sunday"}, code: CodeStillAvailable},
		{lang: "en", name: "saw the photo you posted is chat", lines: []string{"s: Haha saw the photo you posted on facebook, love it"}, code: CodeStillAvailable, absent: true},
		// the investor's script
		{lang: "en", name: "local investors, an offer on your home", lines: []string{"s: Hi, Ian here, we are local investors looking to buy in your area. Any chance you'd take an offer on your home?"}, code: CodePropertyOffer},
		// a named boss or priest on a new number wants a favour
		{lang: "en", name: "a new number and a favour", lines: []string{"s: Hi, it's Martin from the office, this is my new number. Are you about? Need a quick favour, will explain"}, code: CodeTaskRequest, detail: "from a new number"},
		{lang: "en", name: "a neighbour's favour, no new number", lines: []string{"s: Hi, it's Dee from number 4. Are you around? Need a favour, my car won't start"}, code: CodeTaskRequest, absent: true},

		// shortlisted for an interview never applied for; asked why the number is saved
		{lang: "en", name: "shortlisted for an interview", lines: []string{"s: Congratulations! You have been shortlisted for an interview on Friday 9am at our Lekki office. Bring 2 passport photos"}, code: CodeJobOffer, evidence: "You have been shortlisted"},
		{lang: "en", name: "shortlisted after applying", lines: []string{"s: Hi, thanks for applying to Dangote. You have been shortlisted for an interview on Friday 9am"}, code: CodeJobOffer, absent: true},
		{lang: "en", name: "your number in my address book", lines: []string{"s: Why is your number in my address book? Have we met?"}, code: CodeIsThis, evidence: "my address book"},
		// a titled name said to the reader after another sentence
		{lang: "en", name: "Mr. Jack, please", lines: []string{"s: I land on Monday. Mr. Jack, please have the documents ready."}, code: CodeWrongName, evidence: "Mr. Jack"},
		{lang: "en", name: "a name before bhai", lines: []string{"s: Anil bhai reached the station. Where have you parked?"}, code: CodeWrongName, evidence: "Anil"},
		{lang: "en", name: "bhai after no name", lines: []string{"s: Sorry bhai, running late, where have you parked?"}, code: CodeWrongName, absent: true},
		{lang: "en", name: "p.m. ends a sentence", lines: []string{"s: I reach the office at 3 p.m. Mr. Jack, please have the documents ready."}, code: CodeWrongName, evidence: "Mr. Jack"},
		{lang: "en", name: "chases an unanswered plan", lines: []string{"s: Are you free tomorrow? Come to my house for dinner", "s: Why are you not answering me?"}, code: CodeChase, evidence: "Why are you not answering"},
		{lang: "en", name: "pings with question marks", lines: []string{"s: Hi", "s: ??"}, code: CodeChase, evidence: "??"},
		{lang: "en", name: "pings with a greeting", lines: []string{"s: hey how's your week", "s: Hello? you there?"}, code: CodeChase, evidence: "Hello? you there?"},
		{lang: "de", name: "pings in German", lines: []string{"s: Hallo, wie geht's?", "s: Hallo? Bist du da?"}, code: CodeChase, evidence: "Hallo? Bist du da?"},
		{lang: "fr", name: "chases in French", lines: []string{"s: Salut, ça va ?", "s: t'as eu mon message ?"}, code: CodeChase, evidence: "t'as eu mon message"},
		{lang: "en", name: "pings after saying who", lines: []string{"s: Hi, it's Sam from work, saving my new number", "s: you there?"}, code: CodeChase, absent: true},
		{lang: "en", name: "pings after the owner answered", lines: []string{"s: Hi", "o: who is this?", "s: hello?"}, code: CodeChase, absent: true},
		{lang: "en", name: "see you there is no ping", lines: []string{"s: gym at 6 tonight", "s: see you there"}, code: CodeChase, absent: true},
		{lang: "en", name: "greets again", lines: []string{"s: Hi", "s: Hello"}, code: CodeChase, evidence: "Hello"},
		{lang: "en", name: "a hello after a photo", lines: []string{"s: look at this", "s: Hello"}, code: CodeChase, evidence: "Hello"},
		{lang: "en", name: "his future wife", lines: []string{"s: Hey bbe. Its ur future wife. Hopefully. x x x"}, code: CodeDatingBait, evidence: "ur future wife"},
		{lang: "es", name: "tu futura esposa", lines: []string{"s: Hola guapo, soy tu futura esposa 😘"}, code: CodeDatingBait, evidence: "tu futura esposa"},
		{lang: "en", name: "a friend's future wife", lines: []string{"s: Tom's future wife says hi, see you at the wedding"}, code: CodeDatingBait, absent: true},
		{lang: "en", name: "a first message is no chase", lines: []string{"s: Did you get my message?"}, code: CodeChase, absent: true},
		{lang: "en", name: "p.m. then a name told of", lines: []string{"s: Pick-up is at 9 a.m. Sarah will drive us to the match"}, code: CodeWrongName, absent: true},
		{lang: "en", name: "Aunt Mae told of", lines: []string{"s: We had a lovely day. Aunt Mae set up the new iPad for us"}, code: CodeWrongName, absent: true},

		{lang: "pt", name: "pai, o celular danificou", lines: []string{"s: Pai, bom dia! Meu celular danificou, depois explico"}, code: CodeNewNumber, evidence: "Pai"},
		{lang: "fr", name: "sur l'application Signal", lines: []string{"s: Envoyez-moi un message sur l'application Signal, mon numéro Signal est le 07 00 00 00 00"}, code: CodeMovePlatform, evidence: "application Signal"},
		{lang: "en", name: "on the Telegram app", lines: []string{"s: Text me on the Telegram app please"}, code: CodeMovePlatform, evidence: "Telegram app"},
		// a greeting and a compliment, nothing else: a stranger's opener
		{lang: "en", name: "hi sexy alone", lines: []string{"s: hi sexy"}, code: CodeReconnect, evidence: "hi sexy"},
		{lang: "en", name: "beautiful day is no compliment", lines: []string{"s: Beautiful day"}, code: CodeReconnect, absent: true},
		{lang: "en", name: "why did you leave early last night", lines: []string{"s: you left without saying bye last night, are you ok?"}, code: CodeDatingBait, detail: "night out"},
		{lang: "en", name: "why did you leave the meeting", lines: []string{"s: Why did you leave the meeting early? The boss noticed"}, code: CodeDatingBait, absent: true},
		{lang: "en", name: "a name after a label in brackets", lines: []string{"s: [Amazon] Hi Marco, your parcel is delayed"}, code: CodeWrongName, evidence: "Marco"},
		// drama aimed at the wrong person
		{lang: "en", name: "texting my girlfriend", lines: []string{"s: You have some nerve texting my girlfriend at 2am"}, code: CodeDrama, evidence: "some nerve"},
		{lang: "en", name: "blocking my driveway", lines: []string{"s: Your car has been blocking my driveway for 3 days, move it or it gets towed"}, code: CodeDrama, evidence: "blocking my driveway"},
		// a break-up or a quarrel carried on with a stranger
		{lang: "en", name: "lose my number", lines: []string{"s: I'm done with you. Lose my number"}, code: CodeDrama},
		{lang: "en", name: "leave my sister alone", lines: []string{"s: Leave my sister alone"}, code: CodeDrama, evidence: "Leave my sister alone"},
		// a debt owed to the sender's family, with its sum
		{lang: "es", name: "le debe a mi hermana", lines: []string{"s: Usted todavía le debe a mi hermana 40 euros desde diciembre"}, code: CodeDrama, evidence: "le debe a"},
		{lang: "pt", name: "continuas a dever", lines: []string{"s: Continuas a dever 40 euros à minha irmã desde o verão"}, code: CodeDrama, evidence: "Continuas a dever"},
		// the make-up frame: the reader's anger named and a plea; either alone is everyday
		{lang: "fr", name: "t'es fâché, réponds-moi", lines: []string{"s: reponds moi stp... ca fait 3 jours. je sais que t'es faché mais on peut pas rester comme ça"}, code: CodeDrama, evidence: "reponds moi"},
		{lang: "de", name: "Papa, noch sauer, lass uns reden", lines: []string{"s: Papa ich weiß du bist noch sauer wegen Weihnachten. Aber bitte lass uns reden"}, code: CodeDrama, evidence: "noch sauer"},
		{lang: "en", name: "are you angry with me, no plea", lines: []string{"s: Are you angry with me. What happen dear"}, code: CodeDrama, absent: true},
		{lang: "en", name: "can we talk, no anger", lines: []string{"s: Hey can we talk later about the trip?"}, code: CodeDrama, absent: true},
		// disappointed at what the reader did, not only "in you"
		{lang: "en", name: "disappointed you didn't tell me", lines: []string{"s: I'm very disappointed you didn't tell me you were changing the children's school."}, code: CodeDrama, evidence: "disappointed you didn't"},
		{lang: "fr", name: "déçue que tu", lines: []string{"s: Je suis déçue que tu ne m'aies rien dit pour le mariage."}, code: CodeDrama, evidence: "déçue que tu"},
		// never forgiven, "who do you think you are", "admit it", "I saw you two"
		{lang: "en", name: "never forgive you", lines: []string{"s: I'll never forgive you for what you said at the wedding"}, code: CodeDrama, evidence: "never forgive"},
		{lang: "es", name: "quién te creís", lines: []string{"s: ¿Quién te creís pa andar mandándole corazones a mi polola?"}, code: CodeDrama, evidence: "Quién te creís"},
		{lang: "de", name: "gib's einfach zu", lines: []string{"s: Du hast Omas Ring mitgenommen, gib's einfach zu."}, code: CodeDrama, evidence: "gib's einfach zu"},
		{lang: "nl", name: "ik heb jullie gezien", lines: []string{"s: Dus jij denkt dat ik niet weet dat je zaterdag met Emma in de stad liep? Ik heb jullie gezien."}, code: CodeDrama, evidence: "heb jullie gezien"},
		// told on, or told not to come back
		{lang: "fr", name: "merci de m'avoir balancée", lines: []string{"s: Merci de m'avoir balancée à la cheffe. Vraiment, bravo."}, code: CodeDrama, evidence: "m'avoir balancée"},
		{lang: "nl", name: "hoef je hier niet meer te komen", lines: []string{"s: Na wat je gisteren op het feest flikte hoef je hier niet meer te komen."}, code: CodeDrama, evidence: "hoef je hier niet meer te komen"},
		{lang: "en", name: "threw me under the bus", lines: []string{"s: Thanks for throwing me under the bus in that meeting. Really classy."}, code: CodeDrama, evidence: "under the bus"},
		// the worried frame: worry for the reader and a plea
		{lang: "en", name: "rung 6 times, know you're safe", lines: []string{"s: please answer me. I've rung 6 times. I just need to know you're safe"}, code: CodeDrama, evidence: "answer me"},
		{lang: "en", name: "worried, no plea", lines: []string{"s: We're all getting worried over here, derek and taylor have already assumed the worst"}, code: CodeDrama, absent: true},
		// Portuguese harm said by the verb alone, now that pt has harm_you
		{lang: "pt", name: "bateste no meu carro", lines: []string{"s: Foste tu que bateste no meu carro ontem à noite?"}, code: CodeDrama, evidence: "bateste no meu"},
		{lang: "pt", name: "magoaste-te?", lines: []string{"s: Magoaste-te? Liga-me quando puderes"}, code: CodeDrama, absent: true},
		// the infinitive last: the invitation frame spans eight words
		{lang: "nl", name: "zin om ... te wandelen", lines: []string{"s: Hoi! Zin om volgende week samen te wandelen?"}, code: CodeSharedPlan, evidence: "Zin om"},
		// Portuguese errands, now that pt has their slots
		{lang: "pt", name: "deixei a chave no teu carro", lines: []string{"s: Acho que deixei as chaves no teu carro, podes ver?"}, code: CodeSharedPlan, evidence: "deixei"},
		// the partner as the subject with the verb first
		{lang: "nl", name: "waarom appt mijn man jou", lines: []string{"s: Waarom appt mijn man jou elke avond?"}, code: CodeDrama, evidence: "Waarom appt"},
		{lang: "de", name: "warum schreibt mein Mann dir", lines: []string{"s: Warum schreibt mein Mann dir jeden Abend?"}, code: CodeDrama, evidence: "Warum schreibt"},
		// the sender's partner texting the reader, the pronoun before the verb
		{lang: "it", name: "mio marito ti scrive", lines: []string{"s: Mio marito ti scrive tutte le sere. Chi sei?"}, code: CodeDrama, evidence: "Mio marito ti scrive"},
		{lang: "es", name: "mi marido te escribe", lines: []string{"s: Mi marido te escribe todas las noches. ¿Quién eres?"}, code: CodeDrama, evidence: "Mi marido te escribe"},
		{lang: "it", name: "mio marito ti chiama dopo", lines: []string{"s: Mio marito ti chiama dopo per la macchina"}, code: CodeDrama, absent: true},
		// a phrase never runs on past a sentence's end: "mum? Is" holds no "mum is"
		{lang: "en", name: "mum? Is she", lines: []string{"s: Did you ring mum? Is she ok after the surgery?"}, code: CodeDrama, absent: true},
		{lang: "en", name: "mum is, after surgery", lines: []string{"s: Mum is out of surgery, ring me when you can"}, code: CodeDrama, evidence: "Mum is"},
		// family news as with someone close, a secret kept from the family, a broken promise about their kids
		{lang: "en", name: "baby news", lines: []string{"s: She had the baby at 4am!! 3.4kg, a little boy, tell Grandad"}, code: CodeDrama, evidence: "She had the baby"},
		{lang: "pt", name: "gravidez", lines: []string{"s: Mana, estou grávida!! Queria que fosses a primeira a saber"}, code: CodeDrama, evidence: "estou grávida"},
		{lang: "en", name: "news from someone who says who they are", lines: []string{"s: Hi, it's Priya from your yoga class, we're expecting! Sorry to miss Thursday"}, code: CodeDrama, absent: true},
		{lang: "it", name: "non dirlo a papà", lines: []string{"s: ho preso una multa col motorino, non dirlo a papà per favore"}, code: CodeDrama, evidence: "non dirlo a papà"},
		{lang: "de", name: "sag Mama nichts", lines: []string{"s: Hab die Prüfung verhauen, sag Mama nichts, ich erklär's ihr selber"}, code: CodeDrama, evidence: "sag Mama nichts"},
		{lang: "en", name: "don't tell anyone, no relative", lines: []string{"s: don't tell anyone but the surprise party is on Friday"}, code: CodeDrama, absent: true},
		{lang: "fr", name: "tu devais, les enfants", lines: []string{"s: Tu devais récupérer les enfants à 16h, ils t'attendent encore à l'école"}, code: CodeDrama, evidence: "Tu devais"},
		{lang: "en", name: "you said you would, no kids", lines: []string{"s: you said you would bring the speaker, still on?"}, code: CodeDrama, absent: true},
		{lang: "nl", name: "pauze", lines: []string{"s: Ik heb lang nagedacht. We hebben een pauze nodig, dat is beter voor ons allebei"}, code: CodeDrama, evidence: "We hebben een pauze nodig"},
		{lang: "es", name: "pegarle al mío", lines: []string{"s: Su hijo volvió a pegarle al mío en el recreo, esto no puede seguir así"}, code: CodeDrama, evidence: "Su hijo"},
		// a relative as the subject without a verb, a Singlish grandmother
		{lang: "en", name: "Ah Ma in hospital", lines: []string{"s: why you never reply?? Ah Ma in hospital since last night, everybody came already except you"}, code: CodeDrama, evidence: "Ah Ma"},
		{lang: "en", name: "my grandma in hospital is the sender's own", lines: []string{"s: My grandma in hospital, can't come tonight sorry"}, code: CodeDrama, absent: true},
		{lang: "de", name: "Oma im Krankenhaus", lines: []string{"s: Oma im Krankenhaus seit gestern, warum meldest du dich nicht?"}, code: CodeDrama, evidence: "Oma im"},
		{lang: "nl", name: "Oma in het ziekenhuis", lines: []string{"s: Oma in het ziekenhuis sinds gisteravond, waarom reageer je niet?"}, code: CodeDrama, evidence: "Oma in"},
		{lang: "pt", name: "Vó no hospital", lines: []string{"s: Vó no hospital desde ontem à noite, por que não responde?"}, code: CodeDrama, evidence: "Vó no"},
		{lang: "de", name: "meine Oma im Krankenhaus is the sender's own", lines: []string{"s: Meine Oma im Krankenhaus, ich kann heute nicht kommen"}, code: CodeDrama, absent: true},
		// a relative hurt or in tears is family news too, and in-laws are shared
		{lang: "fr", name: "ta belle-mère très blessée", lines: []string{"s: Ta belle-mère est très blessée que tu ne sois pas venue au repas."}, code: CodeDrama, evidence: "Ta belle-mère"},
		{lang: "es", name: "tu madre muy dolida", lines: []string{"s: Hijo, tu madre está muy dolida. No hace falta que vengas en Navidad"}, code: CodeDrama, evidence: "tu madre"},
		{lang: "en", name: "my mum in tears is the sender's own", lines: []string{"s: My mum is in tears after the match lol"}, code: CodeDrama, absent: true},
		// "3.000 €" is one sum, quoted whole (not its last group, "000")
		{lang: "it", name: "mi deve ancora 3.000 €", lines: []string{"s: Tua sorella mi deve ancora 3.000 € da marzo."}, code: CodeDrama, detail: "'3.000'"},
		{lang: "de", name: "schuldest mir 1.200 Euro", lines: []string{"s: du schuldest mir noch 1.200 Euro"}, code: CodeDrama, detail: "'1.200'"},
		// a quote widened to whole words keeps a number's groups and its currency
		{lang: "en", name: "owe me $1,500", lines: []string{"s: you still owe me $1,500 from the trip"}, code: CodeDrama, detail: "'$1,500'"},
		// "ou vou ter de chamar a polícia": a neighbour's threat, at night
		{lang: "pt", name: "ter de chamar a polícia", lines: []string{"s: Vizinho do 3º, são 2 da manhã. Baixe a música ou vou ter de chamar a polícia."}, code: CodeDrama, evidence: "ter de chamar a polícia"},
		{lang: "nl", name: "laat mijn zus met rust", lines: []string{"s: Laat mijn zus met rust, ik weet wie je bent"}, code: CodeDrama},
		{lang: "it", name: "non scrivermi più", lines: []string{"s: Non scrivermi più, ho chiuso con te"}, code: CodeDrama},
		{lang: "en", name: "texting my mum as asked", lines: []string{"s: Hi, it's Tom, thanks for texting my mom back about the piano lessons"}, code: CodeDrama, absent: true},

		// is this X?
		{lang: "en", name: "is this office", lines: []string{"s: Is this Dr. Lee's office? I need to move my cleaning"}, code: CodeIsThis, evidence: "Is this Dr. Lee"},
		{lang: "en", name: "is this ok", lines: []string{"s: is this ok? I can change it"}, code: CodeIsThis, absent: true},
		{lang: "it", name: "non sei", lines: []string{"s: Scusa, non sei Federica?"}, code: CodeIsThis, evidence: "Federica"},
		{lang: "it", name: "sei libero", lines: []string{"s: sei libero stasera?"}, code: CodeIsThis, absent: true},
		{lang: "es", name: "no eres", lines: []string{"s: Perdona, ¿no eres Alberto?"}, code: CodeIsThis, evidence: "Alberto"},
		{lang: "es", name: "eres tu", lines: []string{"s: ¿eres de Madrid?"}, code: CodeIsThis, absent: true},
		{lang: "de", name: "ist das die Praxis", lines: []string{"s: Ist das die Praxis von Dr. Lehmann?"}, code: CodeIsThis, evidence: "Ist das die Praxis"},
		{lang: "de", name: "bist du zu Hause", lines: []string{"s: bist du zu Hause?"}, code: CodeIsThis, absent: true},
		{lang: "fr", name: "vous n'êtes pas", lines: []string{"s: Oh excusez-moi, vous n'êtes pas Nathalie ?"}, code: CodeIsThis, evidence: "Nathalie"},
		{lang: "fr", name: "c'est X virgule", lines: []string{"s: Salut, c'est Marie, tu viens ce soir ?"}, code: CodeIsThis, absent: true},
		{lang: "pt", name: "você não é", lines: []string{"s: Ai desculpa, você não é a Camila?"}, code: CodeIsThis, evidence: "Camila"},
		{lang: "pt", name: "você é de", lines: []string{"s: você é de onde?"}, code: CodeIsThis, absent: true},
		// Hebrew and Arabic "this X?" with a name
		{lang: "he", name: "זה מאיה?", lines: []string{"s: זה מאיה?"}, code: CodeIsThis, evidence: "מאיה"},
		{lang: "he", name: "זה נכון? asks about no one", lines: []string{"s: זה נכון?"}, code: CodeIsThis, absent: true},
		{lang: "ar", name: "هذا أحمد؟", lines: []string{"s: هذا أحمد؟"}, code: CodeIsThis, evidence: "أحمد"},
		// a question word before the phrase asks about what follows it
		{lang: "de", name: "wie ist das Passwort", lines: []string{"s: Wie ist das WLAN-Passwort nochmal?"}, code: CodeIsThis, absent: true},
		{lang: "nl", name: "hoe is het met Elke", lines: []string{"s: Hoe is het met Elke?"}, code: CodeIsThis, absent: true},
		{lang: "nl", name: "is het Elke? still asks", lines: []string{"s: Is het Elke?"}, code: CodeIsThis, evidence: "Elke"},
		{lang: "pt", name: "qual é o número", lines: []string{"s: qual e o numero da tua conta?"}, code: CodeIsThis, absent: true},
		{lang: "el", name: "ποια είναι η", lines: []string{"s: Ποια είναι η Δανάη που σου κάνει like σε όλες τις φωτογραφίες; Απλή ερώτηση"}, code: CodeIsThis, absent: true},
		{lang: "el", name: "είναι η Δανάη; still asks", lines: []string{"s: Είναι η Δανάη;"}, code: CodeIsThis, evidence: "Δανάη"},
		{lang: "en", name: "where are you Sarah? speaks to Sarah", owner: []string{"Ann"}, lines: []string{"s: Where are you Sarah? The meeting started 10 minutes ago"}, code: CodeIsThis, evidence: "Sarah"},
		{lang: "de", name: "wo bist du Lisa?", lines: []string{"s: Wo bist du Lisa? Wir warten schon"}, code: CodeIsThis, evidence: "Lisa"},
		{lang: "it", name: "dove sei Giulia?", lines: []string{"s: Dove sei Giulia? Ti aspettiamo"}, code: CodeIsThis, evidence: "Giulia"},
		{lang: "de", name: "wie ist das Passwort?", lines: []string{"s: Wie ist das Passwort?"}, code: CodeIsThis, absent: true},
		{lang: "el", name: "εσύ που είσαι η Μαρία;", lines: []string{"s: Συγγνώμη, εσύ που είσαι η Μαρία;"}, code: CodeIsThis, evidence: "Μαρία"},
		{lang: "en", name: "who is this? still asks", lines: []string{"s: who is this?"}, code: CodeIsThis},
		// "e" after a name is "and", where "è" would ask
		{lang: "it", name: "Luca e la Chiara", lines: []string{"s: ci sono anche Luca e la Chiara, prenoto per 6?"}, code: CodeIsThis, absent: true},
		{lang: "it", name: "ciao e la Chiara? still asks", lines: []string{"s: Ciao e la Chiara?"}, code: CodeIsThis, evidence: "Chiara"},
		// "you are" in statement order asks only with a question mark
		{lang: "de", name: "du bist die Beste", lines: []string{"s: Du bist die Beste, ehrlich 🥰"}, code: CodeIsThis, absent: true},
		{lang: "de", name: "du bist Anna? asks", lines: []string{"s: Hallo, du bist Anna?"}, code: CodeIsThis, evidence: "Anna"},
		{lang: "es", name: "tú eres la mejor", lines: []string{"s: tú eres la mejor amiga del mundo"}, code: CodeIsThis, absent: true},

		// shared plan, still available, reconnect
		{lang: "en", name: "pick you up", lines: []string{"s: hey babe, what time should I pick you up tonight?"}, code: CodeSharedPlan, evidence: "pick you up"},
		{lang: "en", name: "pick up milk", lines: []string{"s: can you pick up milk on the way home?"}, code: CodeSharedPlan, absent: true},
		{lang: "en", name: "usual place", lines: []string{"s: see you at the usual place at 5?"}, code: CodeSharedPlan, evidence: "usual place"},
		{lang: "en", name: "still available", lines: []string{"s: Hi, is this still available?"}, code: CodeStillAvailable, evidence: "still available"},
		{lang: "en", name: "long time no see", lines: []string{"s: hey! long time no see, how's the new job?"}, code: CodeReconnect, evidence: "long time no see"},
		{lang: "en", name: "found your number", lines: []string{"s: Hello, I am Emma. Sorry to bother, I found your number in my contacts, do we know each other?"}, code: CodeReconnect, evidence: "number in my contacts"},
		// a reproach for a silence there never was opens the chat
		{lang: "en", name: "did you forget about me", lines: []string{"s: Hey, did you forget about me?"}, code: CodeReconnect, evidence: "did you forget about me"},
		{lang: "en", name: "why haven't you replied", lines: []string{"s: Why haven't you replied to my message?"}, code: CodeReconnect, evidence: "Why haven't you replied"},
		{lang: "en", name: "a reproach deep in a friend's letter", lines: []string{"s: Dinner was great. Mum says hi. Why didn't you reply to Dad's text?"}, code: CodeReconnect, absent: true},
		{lang: "fr", name: "tu m'as oublié", lines: []string{"s: Coucou, tu m'as oublié ?"}, code: CodeReconnect, evidence: "tu m'as oublié"},
		{lang: "es", name: "por qué no me contestas", lines: []string{"s: Hola, ¿por qué no me contestas?"}, code: CodeReconnect, evidence: "por qué no me contestas"},
		{lang: "nl", name: "ben je me vergeten", lines: []string{"s: Hoi, ben je me vergeten?"}, code: CodeReconnect, evidence: "ben je me vergeten"},
		// "it's me." ends a sentence: the next word is no name
		{lang: "en", name: "it's me. Left my phone", lines: []string{"s: Dad it's me. Left my phone in an Uber, save this"}, code: CodeNewNumber, evidence: "Dad it's me"},
		{lang: "en", name: "it's me, Chloe says who writes", lines: []string{"s: Dad it's me, Chloe. Left my phone in an Uber"}, code: CodeNewNumber, absent: true},
		// "Granny's" is about her, and "Megan, it's Dad" names the reader and
		// says who writes: no relative addresses the reader in either
		{lang: "en", name: "it's Dad to a named owner", owner: []string{"Megan", "Megan Cole"}, lines: []string{"s: Megan it's Dad. New phone, your sister set it up for me. Don't forget Gran's birthday next Tuesday"}, code: CodeNewNumber, absent: true},
		{lang: "en", name: "Granny's recipe", owner: []string{"Hannah", "Hannah Reid"}, lines: []string{"s: Hey Hannah, it's your cousin Linda, I'm on my work phone. Granny's Christmas cake recipe, do you still have it?"}, code: CodeNewNumber, absent: true},
		{lang: "pt", name: "é o pai, to no one named", lines: []string{"s: Filho, é o pai. Meu telefone estragou, tô com esse novo. Me responde quando puder"}, code: CodeNewNumber},
		// Norwegian "det er meg" is "it's me", not "it's Meg"
		{lang: "no", name: "det er meg", lines: []string{"s: Hei mamma det er meg, telefonen havnet i vaskemaskinen"}, code: CodeNewNumber, evidence: "mamma det er meg"},
		{lang: "no", name: "det er meg, Meg", lines: []string{"s: Pappa det er meg, Meg. Telefonen min er knust"}, code: CodeNewNumber, absent: true},
		{lang: "en", name: "phone in the shop, use this one", lines: []string{"s: Mum, my phone is in the shop, use this one for now x"}, code: CodeNewNumber, evidence: "Mum, my phone is in the shop"},
		{lang: "en", name: "ammi", lines: []string{"s: Ammi my phone got damaged in the rain, text me here"}, code: CodeNewNumber, evidence: "Ammi my phone got damaged"},
		{lang: "en", name: "the manager on a personal phone", lines: []string{"s: hey, its ur manager on my personal, work phone is dead. need u to do something for me right now"}, code: CodeNewNumber, evidence: "work phone is dead"},
		{lang: "en", name: "is it still you", lines: []string{"s: Hi, is it still you? We were neighbours years ago"}, code: CodeReconnect},
		// a riddle instead of a name, but only as the end of a sentence
		{lang: "en", name: "guess who?", lines: []string{"s: Hello! Guess who?"}, code: CodeReconnect, evidence: "Guess who"},
		{lang: "en", name: "guess who as news", lines: []string{"s: Guess who just got arrested the other day"}, code: CodeReconnect, absent: true},
		{lang: "fr", name: "devine qui c'est", lines: []string{"s: Coucou ! Devine qui c'est ?"}, code: CodeReconnect, evidence: "Devine qui c'est"},
		{lang: "zh", name: "猜猜我是谁", lines: []string{"s: 猜猜我是谁？"}, code: CodeReconnect, evidence: "猜猜我是谁"},
		{lang: "en", name: "how is your investment going", lines: []string{"s: Hi, how is your investment going? Still using that platform?"}, code: CodeInvestment, evidence: "investment going"},
		{lang: "en", name: "the practice nurse asked to text", lines: []string{"s: Hello, I'm Anna, the new practice nurse. Dr Patel asked me to text you about your results"}, code: CodeDatingBait, absent: true},
		{lang: "en", name: "the director asked me to add you", lines: []string{"s: Good evening, I am the assistant of Director Zhang, he asked me to add you"}, code: CodeDatingBait, evidence: "asked me to add you"},
		// guards on frame slots: buying for someone, finding a way
		{lang: "en", name: "buy anything for ur house", lines: []string{"s: OK i'm walking ard now... Do u wan me 2 buy anything go ur house?"}, code: CodePropertyOffer, absent: true},
		{lang: "en", name: "found a way for your phone", lines: []string{"s: Haven't found a way to get another app for your phone, eh ?"}, code: CodeStillAvailable, absent: true},
		// more ways to ask who the owner is
		{lang: "en", name: "This Jake?", lines: []string{"s: This Jake?"}, code: CodeIsThis, evidence: "This Jake"},
		{lang: "en", name: "this number? asks about no one", lines: []string{"s: Sorry i don't recognise this number?? who r u"}, code: CodeIsThis, absent: true},
		{lang: "en", name: "is Jake there?", lines: []string{"s: Hey is Jake there?"}, code: CodeIsThis, evidence: "is Jake there"},
		{lang: "en", name: "is Jake coming tonight? asks about a third", lines: []string{"s: is Jake coming tonight?"}, code: CodeIsThis, absent: true},
		{lang: "en", name: "am I texting", lines: []string{"s: Am I texting Jake?"}, code: CodeIsThis, evidence: "Am I texting Jake"},
		{lang: "en", name: "the right number for", lines: []string{"s: Hello, do I have the right number for Sarah?"}, code: CodeIsThis, evidence: "right number for Sarah"},
		{lang: "fr", name: "sur le portable de", lines: []string{"s: Je suis bien sur le portable de Julie ?"}, code: CodeIsThis, evidence: "portable de Julie"},
		// asking for someone by name
		{lang: "en", name: "I'm looking for Dr. Wilson", lines: []string{"s: Hi, I'm looking for Dr. Wilson"}, code: CodeIsThis, evidence: "I'm looking for Dr. Wilson"},
		{lang: "en", name: "can I speak to Mrs. Wilson", lines: []string{"s: Good evening, can I speak to Mrs. Wilson?"}, code: CodeIsThis, evidence: "can I speak to Mrs. Wilson"},
		{lang: "en", name: "looking for a plumber asks for no one", lines: []string{"s: I am looking for a good plumber, any recommendations?"}, code: CodeIsThis, absent: true},
		{lang: "en", name: "looking for the owner asks for the owner", owner: []string{"Robert"}, lines: []string{"s: Hi, I'm looking for Robert"}, code: CodeIsThis, absent: true},
		{lang: "fr", name: "je cherche Mme Martin", lines: []string{"s: Bonjour, je cherche Mme Martin"}, code: CodeIsThis, evidence: "je cherche Mme Martin"},
		{lang: "it", name: "cerco casa asks for no one", lines: []string{"s: Cerco casa a Milano, hai consigli?"}, code: CodeIsThis, absent: true},
		{lang: "de", name: "kann ich mit Karte zahlen asks for no one", lines: []string{"s: Kann ich mit Karte zahlen?"}, code: CodeIsThis, absent: true},
		{lang: "en", name: "number of a shop", lines: []string{"s: Hi, I found your number on the flyer, do you still do lawn mowing?"}, code: CodeReconnect, absent: true},
		{lang: "it", name: "numero in rubrica", lines: []string{"s: Buonasera, ho trovato il suo numero in rubrica ma non ricordo chi è"}, code: CodeReconnect, evidence: "ho trovato il suo numero"},
		{lang: "es", name: "número en contactos", lines: []string{"s: Hola, tenía tu número guardado y no sé de quién es"}, code: CodeReconnect, evidence: "número guardado"},
		{lang: "de", name: "Nummer in Kontakten", lines: []string{"s: Hallo, ich habe Ihre Nummer gefunden, kennen wir uns?"}, code: CodeReconnect, evidence: "Nummer gefunden"},
		{lang: "fr", name: "numéro dans mes contacts", lines: []string{"s: Bonsoir, j'ai trouvé ton numéro dans mon téléphone"}, code: CodeReconnect, evidence: "trouvé ton numéro"},
		{lang: "pt", name: "número nos contatos", lines: []string{"s: Oi, achei seu número aqui no meu celular"}, code: CodeReconnect, evidence: "achei seu número"},
		{lang: "it", name: "solito bar", lines: []string{"s: ci vediamo al solito bar alle 17?"}, code: CodeSharedPlan, evidence: "ci vediamo"},
		{lang: "it", name: "appuntamento anonimo", lines: []string{"s: Buongiorno, le confermiamo l'appuntamento di domani alle 15."}, code: CodeAnonymousSender, evidence: "Buongiorno"},
		{lang: "it", name: "appuntamento con nome", lines: []string{"s: Gentile Laura Bianchi, le confermiamo l'appuntamento di domani alle 15. Studio Rossi"}, code: CodeAnonymousSender, absent: true},
		{lang: "es", name: "sitio de siempre", lines: []string{"s: ¿seguimos con el café a las 5 en el sitio de siempre?"}, code: CodeSharedPlan, evidence: "sitio de siempre"},
		{lang: "es", name: "te acuerdas", lines: []string{"s: ¿Te acuerdas de mí? Nos conocimos en Valencia"}, code: CodeReconnect, evidence: "acuerdas de m"},
		{lang: "de", name: "bleibt es bei", lines: []string{"s: bleibt es bei 17 Uhr im Café?"}, code: CodeSharedPlan, evidence: "bleibt es bei"},
		{lang: "de", name: "noch zu haben", lines: []string{"s: Hallo, ist das noch zu haben?"}, code: CodeStillAvailable, evidence: "noch zu haben"},
		{lang: "fr", name: "comme convenu", lines: []string{"s: on se retrouve au café habituel à 17h ?"}, code: CodeSharedPlan, evidence: "habituel"},
		{lang: "fr", name: "tu te souviens", lines: []string{"s: Tu te souviens de moi ? On s'est rencontrés à Lyon"}, code: CodeReconnect, evidence: "souviens de moi"},
		{lang: "pt", name: "sítio do costume", lines: []string{"s: ainda está de pé o café no sítio do costume?"}, code: CodeSharedPlan, evidence: "costume"},
		{lang: "pt", name: "ainda disponível", lines: []string{"s: Olá, ainda está disponível?"}, code: CodeStillAvailable, evidence: "disponível"},
		{lang: "fr", name: "vous avez toujours le vélo", lines: []string{"s: Bonjour, vous avez toujours le vélo de l'annonce ?"}, code: CodeStillAvailable},
		{lang: "fr", name: "remercie encore pour la voiture", lines: []string{"s: Bonjour, c'est Mme Lefèvre au n°8. Mon mari vous remercie encore pour le coup de main avec la voiture hier !"}, code: CodeStillAvailable, absent: true},
		{lang: "fr", name: "colis à votre nom", lines: []string{"s: Bonjour, c'est Nathalie du n°9, on a reçu un colis à votre nom par erreur. Passez le chercher quand vous voulez"}, code: CodeBait, absent: true},
		{lang: "en", name: "parcel, what's your name", lines: []string{"s: hi a parcel got left at my door by mistake, I think it's yours. what's your full name so I can check?"}, code: CodeBait},
		{lang: "fr", name: "c'est Inès, tu viens samedi", lines: []string{"s: ma sœur m'a encore piqué mon chargeur mdr. bref c'est Inès du hand, Sarah m'a filé ton num, tu viens samedi ?"}, code: CodeIsThis, absent: true},
		{lang: "fr", name: "c'est Léa, ta voisine ?", lines: []string{"s: Bonsoir, c'est Léa, ta voisine ?"}, code: CodeIsThis},
		{lang: "en", name: "thanks for ruining the speech", lines: []string{"s: Thanks a lot for ruining Jess's wedding speech, really classy move 👏"}, code: CodeDrama, evidence: "ruining"},
		{lang: "ru", name: "спасибо что испортила", lines: []string{"s: спасибо что испортила маме юбилей 👏👏 довольна?"}, code: CodeDrama},
		{lang: "sv", name: "förstörde allt, grattis", lines: []string{"s: Du förstörde allt. Grattis."}, code: CodeDrama},
		{lang: "es", name: "la cara muy dura", lines: []string{"s: Hay que tener la cara muy dura para presentarse en el entierro de mi abuela"}, code: CodeDrama, evidence: "cara muy dura"},
		{lang: "de", name: "echt Nerven", lines: []string{"s: Du hast echt Nerven, auf der Beerdigung von meinem Vater aufzutauchen."}, code: CodeDrama},
		{lang: "en", name: "a pinched nerve", lines: []string{"s: you have a pinched nerve, the physio said to rest it"}, code: CodeDrama, absent: true},
		{lang: "de", name: "starke Nerven", lines: []string{"s: Du hast echt starke Nerven, Respekt"}, code: CodeDrama, absent: true},
		{lang: "ru", name: "верни деньги брату", lines: []string{"s: ВЕРНИ ДЕНЬГИ МОЕМУ БРАТУ. ХВАТИТ ПРЯТАТЬСЯ"}, code: CodeDrama},
		{lang: "en", name: "pay me back for the tickets", lines: []string{"s: can you pay me back for the tickets when you get a chance?"}, code: CodeDrama, absent: true},
		{lang: "sv", name: "Sanna, mamma till Leo", lines: []string{"s: Hej! Sanna, mamma till Leo. Tack för att ni bjöd honom på kalaset!"}, code: CodeWrongName, absent: true},
		{lang: "fi", name: "Leon äiti Sanna tässä", lines: []string{"s: Hei! Leon äiti Sanna tässä. Kiitos kun kutsuitte hänet synttäreille!"}, code: CodeWrongName, absent: true},
		{lang: "en", name: "Sarah, Tom's mum", lines: []string{"s: Hello! Sarah, Tom's mum from Year 3 here, is Lily coming on Saturday?"}, code: CodeWrongName, absent: true},
		{lang: "sv", name: "Anna, mamma och Leo kommer", lines: []string{"s: Hej! Anna, mamma och Leo kommer kl 5"}, code: CodeWrongName},
		{lang: "fi", name: "Pekka, tässä on osoite", lines: []string{"s: Hei Pekka, tässä on osoite"}, code: CodeWrongName},
		{lang: "cs", name: "tak ... poslat is no thanks for a ruin", lines: []string{"s: Hele, pořád mi dlužíš tu litru z Chorvatska. Neřeším to, ale je to půl roku, tak bys to moh konečně poslat"}, code: CodeDrama, absent: true},
		{lang: "cs", name: "díky žes zkazila", lines: []string{"s: díky žes zkazila ségře svatbu 👏👏 spokojená?"}, code: CodeDrama},
		{lang: "en", name: "my mom's telling everyone", lines: []string{"s: I'm turning off my phone. My moms telling everyone I have cancer. And my sister won't stop calling."}, code: CodeDrama, absent: true},
		{lang: "es", name: "anda diciendo cosas de mí", lines: []string{"s: Nunca pensé que fueras tú la que anda diciendo cosas de mí por el barrio"}, code: CodeDrama},
		{lang: "en", name: "you took the tools, bring them back", lines: []string{"s: We know you took the tools out of dad's shed. Bring them back and we'll say no more."}, code: CodeDrama},
		{lang: "es", name: "bloqueaste a mi hermana", lines: []string{"s: xq bloqueaste a mi hermana?? ten al menos el valor de decirle"}, code: CodeDrama},
		{lang: "en", name: "my sister blocked me", lines: []string{"s: my sister blocked me again lol"}, code: CodeDrama, absent: true},
		{lang: "de", name: "a German noun closes no address", lines: []string{"s: Du hast echt starke Nerven, Respekt"}, code: CodeWrongName, absent: true},
		{lang: "de", name: "a German name closes one", lines: []string{"s: Bitte hör auf mir Blumen zu schicken, Richard. Es ist vorbei"}, code: CodeWrongName},
		{lang: "sv", name: "Tack för igår Emma,", lines: []string{"s: Tack för igår Emma, va så mysigt! Måste ses snart igen"}, code: CodeWrongName},
		{lang: "sv", name: "Grattis på födelsedagen Sara!", lines: []string{"s: Grattis på födelsedagen Sara!!! Ses på lördag"}, code: CodeWrongName},
		{lang: "sv", name: "Tack för igår, no name", lines: []string{"s: Tack för igår, det var trevligt"}, code: CodeWrongName, absent: true},
		{lang: "vi", name: "a Hùng oi", lines: []string{"s: a Hùng oi, mai a đổi ca sáng cho e dc ko, e có việc nhà"}, code: CodeWrongName},
		{lang: "ru", name: "Тренер after Добрый день!", lines: []string{"s: Добрый день! Тренер Андрей, секция плавания. Занятие Мирона в субботу переносится на 11:00."}, code: CodeWrongName, absent: true},
		{lang: "uk", name: "a brand in Latin letters", lines: []string{"s: Доброго дня, Meest, кур'єр Ігор. Посилка на прізвище Мельник, можу привезти сьогодні"}, code: CodeWrongName, absent: true},
		{lang: "ru", name: "Привет! Саша,", lines: []string{"s: Привет! Саша, ты где?"}, code: CodeWrongName},
		{lang: "fi", name: "Markus IT-tuesta täällä", lines: []string{"s: Hei, Markus IT-tuesta täällä. Hanna teidän tiimistä sanoi että VPN ei toimi"}, code: CodeWrongName, absent: true},
		{lang: "uk", name: "Тарасе вибач", lines: []string{"s: Тарасе вибач, запізнююсь хвилин на 10, маршрутка зламалась"}, code: CodeWrongName},
		{lang: "tr", name: "anne is mother", lines: []string{"s: Anne yemeğe yetişemem, siz başlayın"}, code: CodeWrongName, absent: true},
		{lang: "sv", name: "utan is Swedish", lines: []string{"s: Kommer senare än sagt, börja äta utan mig. Säg hej till Fatima"}, code: CodeDrama, absent: true},

		// bait and impersonation
		{lang: "en", name: "photos bait", lines: []string{"s: here are the photos from Saturday https://bit.ly/3xF9k2Q"}, code: CodeBait, evidence: "here are the photos"},
		{lang: "en", name: "unusual login alert", lines: []string{"s: We detected an unusual sign-in to your account from a new device. If this was not you, visit acct-secure.help"}, code: CodeImpersonation, evidence: "unusual sign-in"},
		{lang: "en", name: "bank fraud alert", lines: []string{"s: Chase Fraud Alert: Did you attempt a purchase of $1,249.00? Reply YES or NO"}, code: CodeImpersonation, evidence: "Did you attempt"},
		{lang: "pt", name: "pague só no site oficial", lines: []string{"s: Correios: sua encomenda internacional foi tributada. Consulte e pague somente pelo Minhas Importações em https://www.correios.com.br"}, code: CodeImpersonation, absent: true},
		{lang: "pt", name: "pague num site parecido", lines: []string{"s: Correios: sua encomenda foi tributada. Pague hoje em correios-taxas.com para evitar devolução"}, code: CodeImpersonation, evidence: "Pague"},
		// official bodies in the languages without a lexicon (other.toml)
		{lang: "ru", name: "служба безопасности банка", lines: []string{"s: Служба безопасности банка: ваша карта заблокирована, срочно позвоните"}, code: CodeImpersonation},
		{lang: "pl", name: "Poczta Polska, paczka wstrzymana", lines: []string{"s: Poczta Polska: Twoja paczka została wstrzymana, dopłać 2,50 zł w ciągu 24h: https://poczta-pl.top/x"}, code: CodeImpersonation},
		{lang: "tr", name: "PTT kargo, gümrük", lines: []string{"s: PTT Kargo: gönderiniz gümrükte bekletilmektedir, 24 saat içinde ödeme yapmazsanız iade edilecektir"}, code: CodeImpersonation},
		{lang: "cs", name: "Vám is no customs", lines: []string{"s: Dobrý den, pane Kratochvíle, připomínáme Vám termín v zubní ordinaci: úterý 11. 3. v 8:30. Prosíme, potvrďte odpovědí ANO."}, code: CodeImpersonation, absent: true},
		{lang: "da", name: "låst is no last", lines: []string{"s: Jeg har låst mig ude, har du en nøgle? Politiet kan ikke hjælpe"}, code: CodeImpersonation, absent: true},
		// a deadline and a link to the owner by name: the clinic that knows them
		{lang: "tr", name: "randevu iptal, to the owner", owner: []string{"Ayşe"}, lines: []string{"s: Sayın Ayşe Yılmaz, 12.03 14:30 randevunuz onaylanmazsa iptal edilecektir. Onay için: https://randevu.example.com/abc"}, code: CodeImpersonation, absent: true},
		{lang: "en", name: "appointment cancelled unless confirmed, to the owner", owner: []string{"Ann"}, lines: []string{"s: Dear Ann, your appointment on 12 March will be cancelled unless you confirm: https://dental.example.com/abc"}, code: CodeImpersonation, absent: true},
		{lang: "en", name: "a deadline and a throw-away link to the owner", owner: []string{"Ann"}, lines: []string{"s: Dear Ann, urgent: verify your details within 24 hours https://secure-verify.top/a"}, code: CodeImpersonation},
		{lang: "en", name: "a deadline and a link to no one", lines: []string{"s: Your appointment on 12 March will be cancelled unless you confirm: https://dental.example.com/abc"}, code: CodeImpersonation},
		{lang: "en", name: "the bank's own site and a short link", lines: []string{"s: Chase: your account is suspended, verify today at chase.com or bit.ly/3xYz"}, code: CodeImpersonation},
		{lang: "en", name: "a utility cuts the power", lines: []string{"s: Dear customer, your electricity will be disconnected tonight at 9:30pm because your last bill was not paid. Call 800-555-0199 now"}, code: CodeImpersonation, evidence: "will be disconnected"},
		{lang: "de", name: "der Energieversorger sperrt", lines: []string{"s: Ihr Energieversorger: wegen offener Rechnung erfolgt morgen die Stromsperre. Zahlen Sie sofort unter 0800 555 0100"}, code: CodeImpersonation},
		{lang: "en", name: "the bank's fraud department will call", lines: []string{"s: Please expect a call shortly from our fraud department about a suspicious payment. Keep your phone nearby and do not log in to your banking app."}, code: CodeImpersonation},
		{lang: "en", name: "a suspicious payment told of", lines: []string{"s: My bank flagged a suspicious payment on my card lol, had to call them"}, code: CodeImpersonation, absent: true},
		{lang: "pt", name: "Segurança Social e penhora", lines: []string{"s: Seg-Social: divida em cobranca coerciva. Regularize ate as 23h59 de hoje e evite a penhora."}, code: CodeImpersonation},
		{lang: "en", name: "a power cut among friends", lines: []string{"s: And now electricity just went out fml. cut off from the world lol"}, code: CodeImpersonation, absent: true},
		{lang: "en", name: "courier without pressure", lines: []string{"s: UPS: your package will be delivered today"}, code: CodeImpersonation, absent: true},
		{lang: "it", name: "foto esca", lines: []string{"s: Ciao Vale, ecco le foto della festa https://foto-condividi.net/al/8812"}, code: CodeBait, evidence: "ecco le foto"},
		{lang: "it", name: "poste giacenza", lines: []string{"s: Poste Italiane: il suo pacco è in giacenza. Aggiorni i dati entro 24h"}, code: CodeImpersonation, evidence: "Aggiorni"},
		{lang: "es", name: "correos retenido", lines: []string{"s: Correos: su paquete está retenido por tasas de aduana pendientes"}, code: CodeImpersonation, evidence: "tasas de aduana"},
		{lang: "es", name: "fotos boda", lines: []string{"s: te paso las fotos de la boda https://galeria-bodas.online/v/2291"}, code: CodeBait, evidence: "las fotos"},
		{lang: "de", name: "dhl nicht zugestellt", lines: []string{"s: DHL: Ihr Paket konnte nicht zugestellt werden. Bestätigen Sie Ihre Adresse"}, code: CodeImpersonation, evidence: "nicht zugestellt"},
		{lang: "de", name: "fotos vom geburtstag", lines: []string{"s: hier die Fotos vom Geburtstag https://fotos-teilen.cc/a/55k2"}, code: CodeBait, evidence: "Fotos"},
		{lang: "fr", name: "colis bloqué", lines: []string{"s: La Poste : votre colis n'a pas pu être livré, frais de douane à régler sous 24h"}, code: CodeImpersonation, evidence: "livré"},
		{lang: "fr", name: "photos mariage", lines: []string{"s: voilà les photos du mariage https://photos-mariage.cloud/g/7731"}, code: CodeBait, evidence: "les photos"},
		{lang: "pt", name: "correios retida", lines: []string{"s: Correios: sua encomenda está retida. Pague a taxa para liberar"}, code: CodeImpersonation, evidence: "Pague a taxa"},
		{lang: "pt", name: "fotos casamento", lines: []string{"s: segue as fotos do casamento https://fotos-casamento.online/g/4410"}, code: CodeBait, evidence: "segue as fotos"},
	})
}

// The owner's names as people type them: a nickname's prefix, two
// letters swapped, a diminutive; and names that only look alike.
func TestOwnerNameVariants(t *testing.T) {
	r := testRegistry(t)
	for _, tc := range []struct {
		owner, word string
		want        bool
	}{
		{"Carlos", "carlitos", true}, {"Ana", "anita", true}, {"Pietro", "pietrino", true},
		{"Joao", "joaozinho", true}, {"Anne", "annchen", true}, {"Lucas", "lcuas", true},
		{"Alejandro", "aeljandro", true}, {"Sarah", "saarh", true}, {"Alexander", "alex", true},
		{"Mario", "maria", false}, {"Ana", "anke", false}, {"Carlos", "carla", false},
		{"Lucas", "lucia", false}, {"Sara", "asra", false}, {"Marco", "marcello", false},
		// a shortened form that is an everyday word calls no one
		{"Ruben Willems", "wil", false}, {"Theodore", "the", false}, {"Herbert", "her", false},
		{"Ruben Willems", "willem", true}, {"Benjamin", "ben", true},
	} {
		a := r.analyse(chat(NetworkSMS, []string{tc.owner}, "s: hello"))
		if got := a.isOwnerName(tc.word); got != tc.want {
			t.Errorf("owner %s: %q read as the owner's name: %v, want %v", tc.owner, tc.word, got, tc.want)
		}
	}
}

// Where names take the vocative case, the owner greeted so is the owner
// ("Dzień dobry Pani Moniko" to Monika), there only.
func TestOwnerVocatives(t *testing.T) {
	r := testRegistry(t)
	for _, tc := range []struct {
		owner, country, word string
		want                 bool
	}{
		{"Monika Grabowska", "PL", "moniko", true}, {"Ewa Mazur", "PL", "ewo", true},
		{"Piotr Jankowski", "PL", "piotrze", true}, {"Tomasz Nowak", "PL", "tomaszu", true},
		{"Katarzyna Wolska", "PL", "kasiu", true}, {"Aleksandra Król", "PL", "ola", true},
		{"Tomáš Kratochvíl", "CZ", "kratochvile", true}, {"Ondřej Beneš", "CZ", "benesi", true},
		{"Klára Urbanová", "CZ", "klaro", true}, {"Pavel Dvořák", "CZ", "pavle", true},
		{"Jonas Petraitis", "LT", "jonai", true},
		// elsewhere, or another name, it is no greeting to the owner
		{"Monika Grabowska", "DE", "moniko", false}, {"Ewa Mazur", "PL", "ewelina", false},
		{"Piotr Jankowski", "PL", "pawle", false}, {"Klára Urbanová", "CZ", "karlo", false},
	} {
		c := chat(NetworkSMS, []string{tc.owner}, "s: hello")
		c.Owner.Country = tc.country
		a := r.analyse(c)
		if got := a.isOwnerName(tc.word); got != tc.want {
			t.Errorf("owner %s in %s: %q read as the owner's name: %v, want %v", tc.owner, tc.country, tc.word, got, tc.want)
		}
	}
	c := chat(NetworkSMS, []string{"Monika Grabowska"}, "s: Dzień dobry Pani Moniko, przypominamy o wizycie jutro o 16:00. Prosimy o potwierdzenie.")
	c.Owner.Country = "PL"
	if v := r.Evaluate(c); v.Level != LevelNone {
		t.Errorf("a reminder to Monika in the vocative: %s", brief(v))
	}
}

func TestRapportCues(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "en", name: "after wrong number", lines: []string{"s: Hi Jason, boat trip Saturday?", "o: Sorry, wrong number", "s: Oh sorry! Nice to meet you anyway, where are you from?"}, code: CodeAfterDenial, evidence: "wrong number"},
		{lang: "en", name: "plain apology", lines: []string{"s: Hi Jason, boat trip Saturday?", "o: Sorry, wrong number", "s: oops sorry!"}, code: CodeAfterDenial, absent: true},
		{lang: "en", name: "fate", lines: []string{"s: Hi Jason", "o: wrong number", "s: Maybe it's fate 😊"}, code: CodeFate, evidence: "fate"},
		{lang: "en", name: "compliment", lines: []string{"s: Hi Jason", "o: wrong number", "s: You seem nice :) I'm Amy"}, code: CodeCompliment, evidence: "You seem nice"},
		{lang: "it", name: "dopo numero sbagliato", lines: []string{"s: Ciao Matteo, confermi?", "o: Guardi che ha sbagliato numero", "s: Mi scusi! Di dov'è? Io vivo a Milano"}, code: CodeAfterDenial, evidence: "sbagliato numero"},
		{lang: "it", name: "che lavoro fai", lines: []string{"s: Ciao, sei tu quello del corso?", "o: no", "s: ah scusa! che lavoro fai?"}, code: CodeSmallTalk, evidence: "che lavoro fai"},
		{lang: "es", name: "después de número equivocado", lines: []string{"s: Hola Martín", "o: número equivocado", "s: ¡Perdón! ¿A qué te dedicas?"}, code: CodeAfterDenial, evidence: "número equivocado"},
		{lang: "es", name: "casualidad", lines: []string{"s: Hola Martín", "o: número equivocado", "s: Qué casualidad, soy de Madrid"}, code: CodeFate, evidence: "casualidad"},
		{lang: "de", name: "nach falscher Nummer", lines: []string{"s: Hallo Frank", "o: Falsche Nummer", "s: Entschuldigung! Woher kommen Sie?"}, code: CodeAfterDenial, evidence: "Falsche Nummer"},
		{lang: "de", name: "woher kommst du", lines: []string{"s: Hallo Frank", "o: Falsche Nummer", "s: Oh sorry! Woher kommst du?"}, code: CodeSmallTalk, evidence: "Woher kommst du"},
		{lang: "fr", name: "après mauvais numéro", lines: []string{"s: Bonsoir Pierre", "o: mauvais numéro", "s: Oh désolée ! Vous êtes d'où ?"}, code: CodeAfterDenial, evidence: "mauvais numéro"},
		{lang: "fr", name: "gentil", lines: []string{"s: Bonsoir Pierre", "o: mauvais numéro", "s: Vous êtes très gentil, je m'appelle Lina"}, code: CodeCompliment, evidence: "très gentil"},
		{lang: "pt", name: "depois de número errado", lines: []string{"s: Olá Rui", "o: Enganou-se no número", "s: Ai desculpe! Você é de onde?"}, code: CodeAfterDenial, evidence: "Enganou-se"},
		{lang: "pt", name: "coincidência", lines: []string{"s: Olá Rui", "o: número errado", "s: Que coincidência, moro em Lisboa"}, code: CodeFate, evidence: "coincid"},
	})
}

func TestRomanceCues(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "en", name: "are you single", lines: []string{"s: Hi", "o: who is this?", "s: I'm Lily. Are you single?"}, code: CodeAffection, evidence: "Are you single"},
		{lang: "en", name: "lonely widower", lines: []string{"s: Hello", "o: wrong number", "s: I'm a widower, it is lonely here"}, code: CodeLoneliness, evidence: "lonely"},
		{lang: "en", name: "my dear", lines: []string{"s: What is your name my dear?"}, code: CodePetName, evidence: "my dear"},
		{lang: "en", name: "dear as letter opening", lines: []string{"s: Dear Mr. Alvarez, your check-up is confirmed"}, code: CodePetName, absent: true},
		{lang: "it", name: "tesoro", lines: []string{"s: Ciao tesoro, arrivo stasera"}, code: CodePetName, evidence: "tesoro"},
		{lang: "it", name: "sola", lines: []string{"s: Ciao", "o: chi sei?", "s: Mi sento un po' sola qui in Italia"}, code: CodeLoneliness, evidence: "sola"},
		{lang: "es", name: "cariño", lines: []string{"s: Hola cariño, ya llegué al hotel"}, code: CodePetName, evidence: "cariño"},
		{lang: "es", name: "soltero", lines: []string{"s: Hola", "o: ¿quién eres?", "s: ¿Estás soltero?"}, code: CodeAffection, evidence: "soltero"},
		{lang: "de", name: "Schatz", lines: []string{"s: Hallo Schatz, bin gelandet"}, code: CodePetName, evidence: "Schatz"},
		{lang: "de", name: "einsam", lines: []string{"s: Guten Morgen", "o: wer ist das?", "s: Ich bin Witwer und hier oft einsam"}, code: CodeLoneliness, evidence: "Witwer"},
		{lang: "fr", name: "mon cœur", lines: []string{"s: Coucou mon cœur, t'as reçu les billets ?"}, code: CodePetName, evidence: "mon cœur"},
		{lang: "fr", name: "célibataire", lines: []string{"s: Bonjour", "o: qui est-ce ?", "s: Vous êtes célibataire ?"}, code: CodeAffection, evidence: "célibataire"},
		{lang: "pt", name: "amor", lines: []string{"s: Oi amor, já separei o vestido"}, code: CodePetName, evidence: "amor"},
		{lang: "pt", name: "sozinho", lines: []string{"s: Bom dia", "o: quem fala?", "s: Sou divorciado e sinto-me sozinho"}, code: CodeLoneliness, evidence: "sozinho"},
	})
}

func TestPivotCues(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "en", name: "an HR from …, are you free now?", lines: []string{"s: Hello, how are you? My name is Meera. I am an HR from Zentrix Solutions. Are you free now?"}, code: CodeJobOffer, evidence: "HR from"},
		{lang: "en", name: "HR answering an application", lines: []string{"s: Hi, Priya from the HR team at Acme, thanks for applying! Are you free for a call tomorrow?"}, code: CodeJobOffer, absent: true},
		{lang: "en", name: "a stable income ranging from", lines: []string{"s: Sincerely inviting you to participate in an online part-time job, 1-2 hours of your time each day, with a very stable income ranging from £100 - £300."}, code: CodeJobOffer},
		{lang: "en", name: "£150 each day", lines: []string{"s: Part-time online work for you, £150 each day"}, code: CodeJobOffer},
		{lang: "en", name: "part-time hours each day, no pay", lines: []string{"s: I've gone part-time, 3 hours each day, so I can do the school run now"}, code: CodeJobOffer, absent: true},
		{lang: "en", name: "crypto and uncle", lines: []string{"s: My uncle taught me BTC contracts, I made 23% last week"}, code: CodeInvestment, evidence: "BTC"},
		{lang: "en", name: "returns", lines: []string{"s: My uncle taught me BTC contracts, I made 23% last week"}, code: CodeReturns, evidence: "23%"},
		{lang: "en", name: "mentor", lines: []string{"s: My uncle taught me BTC contracts, I made 23% last week"}, code: CodeMentor, evidence: "uncle taught"},
		{lang: "en", name: "pay this vendor", lines: []string{"s: In meeting with client, cant talk. Send $500 by Zelle to this vendor now, will return evening"}, code: CodeMoney, evidence: "500"},
		{lang: "en", name: "a transfer to a new supplier", lines: []string{"s: The CFO asked me to contact you. Can you process a same-day transfer to a new supplier?"}, code: CodeMoney, evidence: "same-day transfer"},
		{lang: "de", name: "Überweisung an einen Lieferanten", lines: []string{"s: Bin im Meeting. Kannst du schnell eine Überweisung an einen neuen Lieferanten machen?"}, code: CodeMoney, evidence: "eine Überweisung"},
		{lang: "en", name: "a payment told as done", lines: []string{"s: Hi Robin, we paid the invoice to the supplier yesterday, all sorted"}, code: CodeMoney, absent: true},
		{lang: "es", name: "la jefa asks for the DNI", lines: []string{"s: Hola, soy la jefa de tienda, acabo de cambiar de móvil. Pásame tu correo y foto del DNI"}, code: CodeMoney, evidence: "foto del DNI"},
		{lang: "pt", name: "RH asks for bank details", lines: []string{"s: É o Camila do RH. Preciso confirmar seus dados bancários pro pagamento extra"}, code: CodeMoney, evidence: "dados bancários"},
		{lang: "en", name: "bank details told of", lines: []string{"s: Thanks, I've sent you my bank details by email"}, code: CodeMoney, absent: true},
		// "op naam van" says whose account only with the account
		{lang: "nl", name: "taart op naam van", lines: []string{"s: Haal jij de taart op bij de bakker? Staat op naam van Vermeulen"}, code: CodeMoney, absent: true},
		{lang: "nl", name: "rekening op naam van een vriend", lines: []string{"s: Hoi mam, mijn bankapp doet raar. Kun je het naar deze rekening doen? Staat op naam van een vriendin"}, code: CodeMoney},
		{lang: "en", name: "uncle without investing", lines: []string{"s: my uncle is paying the school directly"}, code: CodeMentor, absent: true},
		{lang: "en", name: "discount is not a return", lines: []string{"s: 50% off all pizzas this week"}, code: CodeReturns, absent: true},
		// the investment pivot in the languages without a lexicon (other.toml)
		{lang: "ru", name: "гарантированная прибыль", lines: []string{"s: Мой дядя финансовый аналитик, он даёт бесплатные сигналы. Я заработала 30% за неделю, гарантированная прибыль"}, code: CodeReturns, evidence: "гарантированная прибыль"},
		{lang: "ru", name: "дядя аналитик", lines: []string{"s: Мой дядя финансовый аналитик, он даёт бесплатные сигналы. Я заработала 30% за неделю, гарантированная прибыль"}, code: CodeMentor},
		{lang: "zh", name: "稳赚不赔", lines: []string{"s: 我舅舅是分析师，每天带单，我上周收益30%，稳赚不赔，你可以下载这个交易平台试试"}, code: CodeReturns, evidence: "稳赚不赔"},
		{lang: "no", name: "20 % on fruit is an offer", lines: []string{"s: KIWI: Denne uka får du 20 % på all frukt med Trumf. Se tilbudene på kiwi.no"}, code: CodeReturns, absent: true},
		{lang: "no", name: "20 % earned this week", lines: []string{"s: Jeg tjente 20 % denne uka på plattformen onkelen min bruker"}, code: CodeReturns},
		// bare "quant" is Catalan "how much", French "quant à"
		{lang: "ca", name: "quant sopar", lines: []string{"s: Ve l'Oriol aquesta nit o que? Per saber quant sopar faig"}, code: CodeInvestment, absent: true},
		{lang: "en", name: "a quant team", lines: []string{"s: my uncle runs a quant team, they share trades on an app, want in?"}, code: CodeInvestment, evidence: "quant team"},
		{lang: "en", name: "gift cards", lines: []string{"s: can you grab 5 Apple gift cards for a client?"}, code: CodeMoney, evidence: "gift"},
		// a sum asked for, in any wording
		{lang: "en", name: "send me $200", lines: []string{"s: Hi dad, I lost my wallet, can you send me $200 on Zelle?"}, code: CodeMoney, evidence: "send me $200"},
		{lang: "en", name: "give me 5 minutes is no sum", lines: []string{"s: Ok give me 5 minutes, I think I see her"}, code: CodeMoney, absent: true},
		{lang: "en", name: "a collection is no ask", lines: []string{"s: I need $50 for the tickets by Friday, everyone chips in"}, code: CodeMoney, absent: true},
		{lang: "nl", name: "250 euro overmaken", lines: []string{"s: Hoi pap, kun je 250 euro overmaken? Ik betaal het morgen terug"}, code: CodeMoney, evidence: "250 euro overmaken"},
		// a code "sent by mistake", asked back
		{lang: "en", name: "verification code by mistake", lines: []string{"s: I accidentally sent you a verification code, can you send it to me please?"}, code: CodeMoney, evidence: "accidentally sent you a verification code, can you send it"},
		{lang: "en", name: "a code told, not asked back", lines: []string{"s: Sorry wrong number! The door code is 4521"}, code: CodeMoney, absent: true},
		{lang: "es", name: "código por error", lines: []string{"s: Hola, te llegó un código por error, ¿me lo pasas?"}, code: CodeMoney},
		{lang: "en", name: "otp is not a request", lines: []string{"s: Your code is 4471. Never share this code."}, code: CodeMoney, absent: true},
		{lang: "en", name: "move to telegram", lines: []string{"s: Do you have Telegram? I can explain better there"}, code: CodeMovePlatform, evidence: "Telegram"},
		{lang: "en", name: "text me back on", lines: []string{"s: hey its me, lost my phone so this is my new number. can you text me back on whatsapp"}, code: CodeMovePlatform, evidence: "text me back on whatsapp"},
		{lang: "en", name: "whatsapp on whatsapp", network: "whatsapp", lines: []string{"s: got your number from the club WhatsApp group"}, code: CodeMovePlatform, absent: true},
		{lang: "en", name: "job per task", lines: []string{"s: We offer simple online tasks (hotel reviews), 30-60 min daily, pay 150-400 USD"}, code: CodeJobOffer, evidence: "simple online tasks"},
		// an amount after a word of earning is a pay rate too
		{lang: "en", name: "earn $300 with a job word", lines: []string{"s: Simple online job, earn $300 from your phone"}, code: CodeJobOffer, evidence: "online job"},
		{lang: "en", name: "earn $50 helping a friend move", lines: []string{"s: you could earn $50 if you help me move on saturday"}, code: CodeJobOffer, absent: true},
		{lang: "nl", name: "verdien €200 thuiswerk", lines: []string{"s: Thuiswerk via je telefoon, verdien €200 extra"}, code: CodeJobOffer, evidence: "Thuiswerk"},
		{lang: "en", name: "product optimization", lines: []string{"s: We are Amazon's partner, looking for people to help with product optimization, 1-2 hours a day"}, code: CodeJobOffer, evidence: "product optimization"},
		{lang: "en", name: "recruiter", lines: []string{"s: Hi Laura, Jake from Shopify recruiting, does Thursday 2pm work for the intro call?"}, code: CodeJobOffer, absent: true},
		{lang: "en", name: "recruiter out of the blue", lines: []string{"s: Hi Laura, I'm Rachel from a recruitment agency. Your profile matches a remote role with a flexible schedule"}, code: CodeJobOffer, evidence: "recruitment"},
		{lang: "en", name: "recruiter naming a job board", lines: []string{"s: Hello, I'm Emma from a recruitment agency. We found your resume on Indeed and have a position for you, are you interested?"}, code: CodeJobOffer, evidence: "recruitment"},
		{lang: "en", name: "recruiter answering an application", lines: []string{"s: Hi Laura, it's Jo from Hays Recruitment. Thanks for applying for the admin role on Indeed, are you free for a call?"}, code: CodeJobOffer, absent: true},
		{lang: "de", name: "Personalvermittlung ungefragt", lines: []string{"s: Guten Tag, wir sind eine Personalvermittlung und Ihr Profil passt zu einem Nebenjob im Homeoffice"}, code: CodeJobOffer},
		{lang: "en", name: "hi mum", lines: []string{"s: Hi Mum, I dropped my phone in the bath, this is my new number"}, code: CodeNewNumber, evidence: "new number"},
		{lang: "en", name: "mum, it's me", lines: []string{"s: mum?? its me!! my phone went for a swim 😂 add me on whatsap"}, code: CodeNewNumber, evidence: "mum"},
		{lang: "en", name: "mum, it's me and a name", lines: []string{"s: Mum, it's me Chloe, I'm at Sarah's"}, code: CodeNewNumber, absent: true},
		{lang: "de", name: "Mama, ich bin's", lines: []string{"s: Hallo Mama, ich bin's! Schreib mir bitte auf WhatsApp"}, code: CodeNewNumber, evidence: "Mama"},
		{lang: "en", name: "friend's new number", lines: []string{"s: hey laura it's jen! new number, save this one"}, code: CodeNewNumber, absent: true},
		{lang: "en", name: "trading app", lines: []string{"s: Download MetaTrader 5 and log in to our broker server"}, code: CodeTradingApp, evidence: "MetaTrader"},
		{lang: "it", name: "cripto", lines: []string{"s: investo in cripto con mio zio, guadagno il 20% al mese"}, code: CodeInvestment, evidence: "cripto"},
		{lang: "it", name: "rendimento", lines: []string{"s: investo in cripto con mio zio, guadagno il 20% al mese"}, code: CodeReturns, evidence: "20%"},
		{lang: "it", name: "bonifico", lines: []string{"s: Ciao papà sono io, puoi farmi un bonifico urgente?"}, code: CodeMoney, evidence: "bonifico"},
		{lang: "it", name: "nuovo numero", lines: []string{"s: Ciao mamma, questo è il mio nuovo numero"}, code: CodeNewNumber, evidence: "nuovo numero"},
		{lang: "it", name: "telegram", lines: []string{"s: posso scriverle su Telegram? @lucy_milano"}, code: CodeMovePlatform, evidence: "Telegram"},
		{lang: "it", name: "lavoro like", lines: []string{"s: lavoro online semplice: mettere like ai video, 5€ a like"}, code: CodeJobOffer, evidence: "like"},
		{lang: "it", name: "lavoro da casa oggi", lines: []string{"s: oggi lavoro da casa, ci sentiamo dopo"}, code: CodeJobOffer, absent: true},
		{lang: "es", name: "bitcoin", lines: []string{"s: entre partido y partido invierto en bitcoin"}, code: CodeInvestment, evidence: "bitcoin"},
		{lang: "es", name: "transferencia", lines: []string{"s: Hola papá, soy yo, ¿me puedes hacer una transferencia?"}, code: CodeMoney, evidence: "transferencia"},
		{lang: "es", name: "número nuevo", lines: []string{"s: Hola mamá, este es mi número nuevo"}, code: CodeNewNumber, evidence: "número nuevo"},
		{lang: "es", name: "telegram", lines: []string{"s: ¿Tienes Telegram? escribo poco por aquí"}, code: CodeMovePlatform, evidence: "Telegram"},
		{lang: "es", name: "trabajo desde casa", lines: []string{"s: Ofrecemos trabajo desde casa, 200-500€ al día, solo 1 hora"}, code: CodeJobOffer, evidence: ""},
		{lang: "de", name: "krypto", lines: []string{"s: Ich verdien nebenbei mit Krypto-Arbitrage, 5-8% pro Woche"}, code: CodeInvestment, evidence: "Krypto"},
		{lang: "de", name: "rendite", lines: []string{"s: Ich verdien nebenbei mit Krypto-Arbitrage, 5-8% pro Woche"}, code: CodeReturns, evidence: "8%"},
		{lang: "de", name: "überweisen", lines: []string{"s: Ich muss heute die Kaution überweisen, ich geb's dir Montag zurück"}, code: CodeMoney, evidence: ""},
		{lang: "de", name: "neue Nummer", lines: []string{"s: Hallo Mama, das ist meine neue Nummer"}, code: CodeNewNumber, evidence: "neue Nummer"},
		{lang: "de", name: "telegram", lines: []string{"s: Haben Sie Telegram? Ich schreibe lieber dort"}, code: CodeMovePlatform, evidence: "Telegram"},
		{lang: "de", name: "nebenjob", lines: []string{"s: Nebenjob: Hotelbewertungen schreiben, 80-300€ täglich"}, code: CodeJobOffer, evidence: "Hotelbewertungen"},
		{lang: "fr", name: "crypto", lines: []string{"s: j'investis aussi en crypto avec mon oncle"}, code: CodeInvestment, evidence: "crypto"},
		{lang: "fr", name: "virement", lines: []string{"s: Coucou maman, tu peux me faire un virement ?"}, code: CodeMoney, evidence: "virement"},
		{lang: "fr", name: "nouveau numéro", lines: []string{"s: Coucou maman, c'est mon nouveau numéro"}, code: CodeNewNumber, evidence: "nouveau numéro"},
		{lang: "fr", name: "telegram", lines: []string{"s: Vous avez Telegram ? Je préfère discuter là-bas"}, code: CodeMovePlatform, evidence: "Telegram"},
		{lang: "fr", name: "télétravail", lines: []string{"s: Nous recrutons pour du télétravail, 200-500€ par jour, 1h seulement"}, code: CodeJobOffer, evidence: ""},
		{lang: "pt", name: "cripto", lines: []string{"s: também invisto em cripto com o meu tio"}, code: CodeInvestment, evidence: "cripto"},
		{lang: "pt", name: "pix", lines: []string{"s: manda os 80 conto do churrasco no pix?"}, code: CodeMoney, evidence: "pix"},
		{lang: "pt", name: "número novo", lines: []string{"s: Oi mãe, esse é meu número novo"}, code: CodeNewNumber, evidence: "número novo"},
		{lang: "pt", name: "telegram", lines: []string{"s: Tem Telegram? Prefiro falar por lá"}, code: CodeMovePlatform, evidence: "Telegram"},
		{lang: "pt", name: "avaliar produtos", lines: []string{"s: Trabalho em casa a avaliar produtos, 150-400€/dia"}, code: CodeJobOffer, evidence: "avaliar produtos"},
	})
}

// "$100 each" beside gift cards is a unit price: the money ask keeps its
// weight; "€5 each" collected for a voucher by a class is still a
// collection.
// reasonWeight is the weight of the reason with this code in the verdict
// on one sender message to the default owner, 0 without one.
func reasonWeight(t *testing.T, code, text string) float64 {
	t.Helper()
	v := testRegistry(t).Evaluate(chat(NetworkSMS, nil, "s: "+text))
	for _, rs := range v.Reasons {
		if rs.Code == code {
			return rs.Weight
		}
	}
	return 0
}

func TestGiftCardsEachIsNoCollection(t *testing.T) {
	weight := func(text string) float64 { return reasonWeight(t, CodeMoney, text) }
	if w := weight("I need 5 Apple gift cards, $100 each, for a client. Scratch the backs and send me photos"); w < 0.6 {
		t.Errorf("gift cards at $100 each: money ask weighs %.2f, want its full weight", w)
	}
	if w := weight("Hi all, we're collecting €5 each for an Amazon voucher for the teacher, send it to Kate"); w > 0.15 {
		t.Errorf("a class collecting for a voucher: money ask weighs %.2f, want at most 0.15", w)
	}
}

func TestLinkCues(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "en", name: "lookalike exchange", lines: []string{"s: This is the exchange we use: https://www.bitgetpro-vip.com/register?code=RB88"}, code: CodeLookalike, evidence: "bitgetpro-vip.com"},
		{lang: "en", name: "official domain", lines: []string{"s: Track at https://www.ups.com/track?tracknum=1Z999"}, code: CodeLookalike, absent: true},
		{lang: "en", name: "shortener", lines: []string{"s: here are the photos https://bit.ly/3xF9k2Q"}, code: CodeShortener, evidence: "bit.ly"},
		{lang: "en", name: "testflight", lines: []string{"s: here's the TestFlight invite: testflight.apple.com/join/qR7vK2mX"}, code: CodeAppInstall, evidence: "testflight.apple.com"},
		{lang: "en", name: "apk", lines: []string{"s: download it from apk.bitfuture-pro.net"}, code: CodeAppInstall, evidence: "apk.bitfuture-pro.net"},
		{lang: "en", name: "ip host", lines: []string{"s: log in here http://192.168.10.4/login"}, code: CodeIPHost, evidence: "192.168.10.4"},
		{lang: "en", name: "punycode", lines: []string{"s: verify at https://xn--pypal-4ve.com/login"}, code: CodePunycode, evidence: "xn--pypal-4ve.com"},
		{lang: "en", name: "sloppy typing is not a link", lines: []string{"s: I might come for 2 days.so you can be prepared"}, code: CodeLink, absent: true},
		{lang: "it", name: "poste lookalike", lines: []string{"s: Aggiorni i dati: poste-it-consegna.info"}, code: CodeLookalike, evidence: "poste-it-consegna.info"},
		{lang: "it", name: "wa.me invito", lines: []string{"s: Contatta la HR su WhatsApp: wa.me/393513456789"}, code: CodeInvite, evidence: "wa.me/393513456789"},
		{lang: "it", name: "sito noto", lines: []string{"s: Segui il tuo pacco su poste.it"}, code: CodeLookalike, absent: true},
		{lang: "es", name: "correos lookalike", lines: []string{"s: Pague aquí: correos-es-envios.com"}, code: CodeLookalike, evidence: "correos-es-envios.com"},
		{lang: "es", name: "risky tld", lines: []string{"s: mira las fotos https://galeria-bodas.online/v/2291"}, code: CodeRiskyDomain, evidence: "galeria-bodas.online"},
		{lang: "de", name: "dhl lookalike", lines: []string{"s: Bitte bestätigen Sie: dhl-paket-zustellung.info"}, code: CodeLookalike, evidence: "dhl-paket-zustellung.info"},
		{lang: "de", name: "t.me", lines: []string{"s: Komm in unsere Gruppe: t.me/kryptosignale_de"}, code: CodeInvite, evidence: "t.me/kryptosignale_de"},
		{lang: "fr", name: "risky tld", lines: []string{"s: voilà les photos https://photos-mariage.cloud/g/7731"}, code: CodeRiskyDomain, evidence: "photos-mariage.cloud"},
		{lang: "fr", name: "site officiel", lines: []string{"s: Suivi sur chronopost.fr"}, code: CodeLink, absent: true},
		{lang: "pt", name: "correios lookalike", lines: []string{"s: Pague a taxa: correios-rastreio-br.com"}, code: CodeLookalike, evidence: "correios-rastreio-br.com"},
		{lang: "pt", name: "tinyurl", lines: []string{"s: seguem as fotos https://tinyurl.com/fotos-batizado"}, code: CodeShortener, evidence: "tinyurl.com"},
		// Chinese, Japanese and Korean put no space before a link
		{lang: "zh", name: "详情见jd.com is no IDN", lines: []string{"s: 【京东】陈静，您的订单预计今晚送达，物流详情可在京东App或jd.com查看。"}, code: CodePunycode, absent: true},
		{lang: "ja", name: "配送状況はamazon.co.jp", lines: []string{"s: ご注文の商品を本日発送しました。配送状況はamazon.co.jpの注文履歴からご確認ください。"}, code: CodeLookalike, absent: true},
		{lang: "zh", name: "请点击jd-express.top", lines: []string{"s: 您的包裹无法投递，请点击jd-express.top/cn更新地址"}, code: CodeRiskyDomain, evidence: "jd-express.top/cn"},
		{lang: "zh", name: "a Chinese host is an IDN", lines: []string{"s: 請至 https://中文.tw 查詢"}, code: CodePunycode},
	})
}

// Sender metadata is context: a foreign or odd number with a harmless
// message stays silent, in every language.
func TestSenderMetadataAlone(t *testing.T) {
	r := testRegistry(t)
	harmless := map[string]string{
		"en": "Thanks, got it!",
		"it": "Grazie, ricevuto!",
		"es": "Gracias, recibido!",
		"de": "Danke, ist angekommen!",
		"fr": "Merci, bien reçu !",
		"pt": "Obrigado, recebido!",
		"nl": "Dank je, goed ontvangen!",
	}
	for _, lang := range r.Languages() {
		t.Run(lang, func(t *testing.T) {
			if harmless[lang] == "" {
				t.Fatalf("no harmless message for %s: add one", lang)
			}
			c := &Conversation{
				Turns:  []Turn{{Text: harmless[lang]}},
				Sender: Sender{Phone: "+447020123456", DisplayName: "+44 7020 123456", Network: "sms", Bridged: true},
				Owner:  Owner{Names: []string{"Laura"}, Country: "IT"},
			}
			v := r.Evaluate(c)
			checkEvidence(t, c, v)
			if v.Level != LevelNone {
				t.Fatalf("metadata alone raised %s: %s", v.Level, brief(v))
			}
			codes := map[string]bool{}
			for _, rs := range v.Reasons {
				codes[rs.Code] = true
			}
			for _, want := range []string{CodeForeignNumber, CodeNumberType, CodeBareNumber} {
				if !codes[want] {
					t.Errorf("missing %s in %s", want, brief(v))
				}
			}
		})
	}
	c := &Conversation{Turns: []Turn{{Text: "hello"}}, Sender: Sender{Phone: "+99912"}, Owner: Owner{Country: "IT"}}
	v := r.Evaluate(c)
	found := false
	for _, rs := range v.Reasons {
		found = found || rs.Code == CodeInvalidNumber
	}
	if !found {
		t.Errorf("invalid number not reported: %s", brief(v))
	}
}

// Levels rise with the stage of the conversation.
func TestLevelsRiseWithStage(t *testing.T) {
	r := testRegistry(t)
	steps := []string{
		"s: Hi Marco, are we still on for coffee at the usual place at 5?",
		"o: Sorry, wrong number",
		"s: Oh sorry! Nice to meet you anyway, I'm Amy. Where are you from?",
		"o: Milan",
		"s: I trade crypto with my uncle, I made 30% last month. Do you have Telegram? I can show you the platform",
	}
	want := []Level{LevelCaution, LevelCaution, LevelWarning, LevelWarning, LevelAlert}
	for k := 1; k <= len(steps); k++ {
		v := r.Evaluate(chat("sms", nil, steps[:k]...))
		if v.Level < want[k-1] {
			t.Errorf("after %d turns: level %s, want at least %s (%s)", k, v.Level, want[k-1], brief(v))
		}
	}
	v := r.Evaluate(chat("sms", nil, steps...))
	if v.Kind != KindInvestment && v.Kind != KindMovePlatform {
		t.Errorf("kind %q, want a pivot kind", v.Kind)
	}
	for i := 1; i < len(v.Reasons); i++ {
		if v.Reasons[i].Weight > v.Reasons[i-1].Weight {
			t.Fatalf("reasons not sorted by weight: %s", brief(v))
		}
	}
}

// "Hi Uncle" addresses the owner as kin, which damps the opener's cues;
// the owner's "wrong number" refutes it, so what the sender writes next
// counts in full, as it does after another name ("Hi Marco").
func TestKinAddressRefutedByDenial(t *testing.T) {
	r := testRegistry(t)
	chatAfter := func(opener string) Verdict {
		return r.Evaluate(chat("sms", nil, "s: "+opener, "o: Wrong number",
			"s: Eish sorry! Thanks for answering. I'm Michelle, visiting from Durban. Are you in Joburg?"))
	}
	weight := func(v Verdict) float64 {
		for _, x := range v.Reasons {
			if x.Code == CodeAfterDenial {
				return x.Weight
			}
		}
		return 0
	}
	kin := chatAfter("Hi Uncle, we've landed at the airport, will get an Uber to you")
	if w := weight(kin); w < 0.42 || kin.Level < LevelCaution {
		t.Errorf("kin address: after_denial %.2f, level %s, want 0.42 and caution (%s)", w, kin.Level, brief(kin))
	}
	named := chatAfter("Hi Marco, we've landed at the airport, will get an Uber to you")
	if w := weight(named); w != 0.42 {
		t.Errorf("a name that is not the owner's: after_denial %.2f, want 0.42 (%s)", w, brief(named))
	}
}

func TestEvaluateEdgeCases(t *testing.T) {
	r := testRegistry(t)
	for name, c := range map[string]*Conversation{
		"nil":          nil,
		"zero turns":   {},
		"empty text":   {Turns: []Turn{{Text: ""}}},
		"invalid utf8": {Turns: []Turn{{Text: "Hi \xff\xfe Marco \xc3"}}, Owner: Owner{Names: []string{"\xff"}}},
		"huge":         {Turns: []Turn{{Text: strings.Repeat("Hi Marco are we still on? bit.ly/x ", 20000)}}},
		"owner only":   {Turns: []Turn{{FromOwner: true, Text: "wrong number"}}},
		"media only":   {Turns: []Turn{{Text: "hi"}, {FromOwner: true, Text: "who is this?"}, {Media: MediaPhoto}}},
	} {
		t.Run(name, func(t *testing.T) {
			v := r.Evaluate(c)
			if c != nil {
				checkEvidence(t, c, v)
			}
			if v.Reasons == nil {
				t.Fatal("nil reasons slice")
			}
		})
	}
	var nilReg *Registry
	if v := nilReg.Evaluate(&Conversation{}); v.Level != LevelNone {
		t.Fatal("nil registry")
	}
}

func TestEvaluateDeterministicAndConcurrent(t *testing.T) {
	r := testRegistry(t)
	c := chat("sms", nil, "s: Hi Marco, see you at the usual place?", "o: wrong number",
		"s: sorry! nice to meet you anyway. add me on Telegram, my uncle trades BTC, 20% a week: coinbtex-pro.com")
	want := brief(r.Evaluate(c))
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 20; i++ {
				if got := brief(r.Evaluate(c)); got != want {
					t.Errorf("verdict changed:\n%s\n%s", got, want)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// A first message that says who writes and where they found the number
// (a notice board, a van, a website) vouches for itself: the opener and
// model cues count less. Finding the number "in my contacts" is no place,
// and "a friend gave me your number" names no one.
func TestIntroductionWithProvenance(t *testing.T) {
	r := testRegistry(t)
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"Hi, I found your number on the community board. Do you still give piano lessons to kids? I'm Tom, my daughter is 8", true},
		{"Hello, this is Grace, saw your number on your van. Could you quote for a new fence?", true},
		{"Hi, got your number from the club list, I'm Dan, the new treasurer", true},
		{"Hi, I found your number in my contacts, who is this? I'm Tom", false},
		{"Hi, I'm Tom. My friend Kate gave me your number about the carpool", true},
		{"Hi, I'm Tom, got your number from my friend Kate, about the carpool", true},
		{"Hi, Mrs Patel said you could help with the school play costumes, I'm Ruth, Amy's mum", true},
		{"Hey it's Sara from the flight, you said you'd show me Dublin", false},
		// a lower-case name nobody knows, vouched for by a named friend
		{"Hey, iouri gave me your number, I'm wylie, ryan's friend", true},
		{"Hey, iouri gave me your number, I'm wylie, a friend", false},
		{"Hey, iouri gave me your number, I'm tired, long day", false},
		// the dating script: a first name and an anonymous giver
		{"Hi, I'm Lisa. My friend gave me your number and said you're a nice guy", false},
		{"Hi, I'm Lisa, I got your number from a friend", false},
		// a pronoun refers back to someone already named
		{"Oi, é o Pedro, primo da Carla! Ela disse que você vende a bicicleta e me passou seu número", true},
		// the anonymous friend is the subject of what follows too
		{"Hello, nice to meet you. I'm Cindy. My friend gave me this number and said you can help me with tax issues", false},
		// two short words between the friend and the giving: still no one
		{"Bonjour, je suis Julie. Une amie m'a donné ton numéro", false},
		{"Salut, c'est Paul, mon ami Marc m'a passé ton numéro pour le foot", true},
		// the giver named before a pronoun that gives: "mi ha" is Simona, or Mr Neri
		{"Ciao, sono Davide, collega di Simona all'ufficio acquisti. Mi ha passato il tuo numero per il passaggio a Milano", true},
		{"Buongiorno, sono Paola Conti, la nuova inquilina. L'amministratore, sig. Neri, mi ha dato il suo numero per la cantina", true},
		{"Ciao sono Lisa, una mia amica mi ha passato il tuo numero, dice che sei simpatico", false},
		{"Hello, I'm a nurse from Manila working in Singapore. My friend gave me your number", false},
		// the sender's name and role after the greeting, not a name greeted
		{"Hello, Mark, the neighbour at number 14. I got your number from the lost cat poster in the bakery", true},
		{"Bonjour, Stéphane de l'amicale des locataires. Nous avons votre numéro via la fiche d'inscription à l'AG", true},
		{"Hi I'm Tom, do you still give piano lessons?", false},
		// whose number is asked, not who gave it
		{"Grüß Gott, ist das noch die Nummer vom Herrn Aigner? Hier ist die Resi aus Rosenheim.", false},
		{"Ciao, sei la Francesca del corso di inglese? Ho preso il numero dal gruppo", false},
		{"Hi, I found your number on the community board. Do you still give piano lessons?", false},
	} {
		a := r.analyse(chat(NetworkSMS, nil, "s: "+tc.text))
		if a.vouched != tc.want {
			t.Errorf("%q vouches for itself: %v, want %v", tc.text, a.vouched, tc.want)
		}
	}
}

// A frame's "unless" that the code does not know would silently never
// apply: compiling says which frame and which value.
func TestFrameUnlessIsChecked(t *testing.T) {
	fsys := lexiconsWith(t, "frames.toml", `unless = ["role", "giver_role"]`, `unless = ["rol", "giver_role"]`)
	_, err := compileLexiconFS(fsys, "lexicons", newFolder())
	if !errors.Is(err, ErrBadLexicon) || !strings.Contains(err.Error(), `unless "rol"`) || !strings.Contains(err.Error(), "dating-friend-number") {
		t.Fatalf("compile with unless \"rol\": %v, want ErrBadLexicon naming the frame and the value", err)
	}
}

// model_skips names slots: a built-in part or a suffixed name is a
// mistake, said with the file, not a crash.
func TestModelSkipsAreSlots(t *testing.T) {
	for _, bad := range []string{`"#num"`, `"endear@greeting"`, `"no_such_slot"`} {
		fsys := lexiconsWith(t, "frames.toml", `model_skips = ["endear",`, `model_skips = [`+bad+`, "endear",`)
		_, err := compileLexiconFS(fsys, "lexicons", newFolder())
		if !errors.Is(err, ErrBadLexicon) || !strings.Contains(err.Error(), "model_skips") {
			t.Errorf("model_skips = [%s]: %v, want ErrBadLexicon naming model_skips", bad, err)
		}
		fsys = lexiconsWith(t, "frames.toml", `exact_slots = ["thanks_sarcasm",`, `exact_slots = [`+bad+`, "thanks_sarcasm",`)
		_, err = compileLexiconFS(fsys, "lexicons", newFolder())
		if !errors.Is(err, ErrBadLexicon) || !strings.Contains(err.Error(), "exact_slots") {
			t.Errorf("exact_slots = [%s]: %v, want ErrBadLexicon naming exact_slots", bad, err)
		}
	}
}

// An exact slot's word matches as written and not with a typo: Czech
// "posrat" (messed up) is no "poslat" (to send).
func TestExactSlotsTakeNoTypo(t *testing.T) {
	r := testRegistry(t)
	for _, tc := range []struct {
		text  string
		drama bool
	}{
		{"díky, žes to zase posral 👏", true},
		{"díky, můžeš mi to poslat 👏", false},
	} {
		got := false
		for _, rs := range r.Evaluate(chat(NetworkSMS, nil, "s: "+tc.text)).Reasons {
			got = got || rs.Code == CodeDrama
		}
		if got != tc.drama {
			t.Errorf("%s: drama %v, want %v", tc.text, got, tc.drama)
		}
	}
}

// The language files are decoded side by side; a broken one is still
// named, with its line, and two broken ones report the first in order.
func TestBrokenLexiconFileIsNamed(t *testing.T) {
	fsys := lexiconsWith(t, "nl.toml", `lang = "nl"`, `lang = "nl`)
	fsys2 := lexiconsWith(t, "de.toml", `lang = "de"`, `lang = `)
	for name, f := range map[string]fstest.MapFS{"nl.toml": fsys, "de.toml": fsys2} {
		_, err := compileLexiconFS(f, "lexicons", newFolder())
		if !errors.Is(err, ErrBadLexicon) || !strings.Contains(err.Error(), name) || !strings.Contains(err.Error(), "line") {
			t.Errorf("broken %s: %v, want ErrBadLexicon naming the file and line", name, err)
		}
	}
	fsys2["lexicons/nl.toml"] = fsys["lexicons/nl.toml"]
	if _, err := compileLexiconFS(fsys2, "lexicons", newFolder()); err == nil || !strings.Contains(err.Error(), "de.toml") {
		t.Errorf("broken de.toml and nl.toml: %v, want de.toml's error", err)
	}
}

// A sum and a way to send it, in a bill split among friends, a
// residents' levy or a club's fees paid with a reference, is no request
// to the owner: the money-ask frame and the money cue stand down where a
// collection is named.
func TestMoneyAskSparesCollections(t *testing.T) {
	r := testRegistry(t)
	for _, tc := range []struct {
		text string
		ask  bool
	}{
		{"Gasten, het etentje kostte €96, delen door 4 = €24. Tikkie of overmaken mag allebei", false},
		{"Beste bewoners, de bijdrage is € 300 per appartement. Graag overmaken voor het einde van de maand", false},
		{"Hoi pap, kun je 250 euro overmaken? Ik betaal het morgen terug", true},
		// a bill's payment reference: fees collected, not asked of you
		{"Laura, Eastside Swim Club fees for Term 2 (£60) are due by 30 April. Pay at the desk or by bank transfer using your child's name as reference.", false},
		{"Laura, der Mitgliedsbeitrag (60 €) bitte per Banküberweisung, Verwendungszweck: Name des Kindes.", false},
		{"Laura, la cotisation du club (60 €) est à régler par virement bancaire, en référence le nom de l'enfant.", false},
		{"Laura, la cuota del club (60 €) se paga por transferencia bancaria, con el nombre del niño como concepto.", false},
		{"Laura, la quota del circolo (60 €) va pagata con bonifico bancario, nella causale il nome del bambino.", false},
		{"Laura, de contributie (€ 60) graag overmaken o.v.v. de naam van je kind.", false},
		{"Laura, a mensalidade do clube (60 €) paga-se por transferência bancária, com o nome da criança como referência.", false},
		// a club's own dues, without a payment reference
		{"Hi Laura, Jenny here, secretary at Oakfield Tennis Club. Your membership renewal (£50) was due last month, you can pay at the clubhouse or by bank transfer.", false},
		{"Hallo Laura, der Jahresbeitrag für den Turnverein ist fällig, bitte 50 € überweisen. Danke, Jens (Kassenwart)", false},
		{"Hoi Laura, de jaarcontributie van de hockeyclub staat open, wil je 50 euro overmaken? Groet, Sanne (penningmeester)", false},
		{"Laura, please send £60 by bank transfer today, I'll explain later", true},
		// a sum the reader must pay, thousands and all
		{"Someone has paid me to end you. You have 48 hrs to pay $5,000 to be spared.", true},
		{"Hi Laura, the school trip is £25, please pay by Friday through the parent app", false},
		{"Ugh, I have to pay £20 for parking here, running late", false},
		// a courier asks for the gate's code, not the one that opens an account
		{"Hi Marcus, your DoorDash driver here. I'm outside 418 Birch St but the gate's locked, can you come down or send me the code?", false},
		{"Hi, I sent a code to your phone by mistake, can you send me the code?", true},
		// a promise to repay after an ask is the ask; after the reader
		// paid, thanks
		{"Kun je voor mij 5 cadeaukaarten van bol van €100 kopen? Het is een verrassing voor klanten. Ik vergoed het vanavond", true},
		{"Puoi comprarmi due buoni Amazon da 100 €? Ti rimborso stasera", true},
		{"Thanks for covering lunch, I'll pay you back tomorrow", false},
		{"Gracias por pagar la cena el sábado, te lo devuelvo el lunes", false},
		// the promise alone is a debt settled; with a bare sum asked, a loan
		{"Te devolvo o dinheiro amanhã, pode ser?", false},
		{"Ik betaal je morgen terug, sorry dat het zo lang duurde", false},
		{"I'm at the petrol station and forgot my card. Can you send me 150? I will pay you back when I get home", true},
		{"Mi mandi 100? Ti rimborso stasera", true},
		// an ask of anything else beside the promise is no loan
		{"Can you send me the photos from Saturday? Also I'll pay you back for lunch", false},
		{"Are you free tomorrow? I'll pay you back for the tickets then", false},
		{"Kannst du mir die Fotos schicken? Ich zahl es dir zurück am Montag", false},
	} {
		v := r.Evaluate(chat(NetworkSMS, nil, "s: "+tc.text))
		got := false
		for _, rs := range v.Reasons {
			got = got || rs.Code == CodeMoney && rs.Weight >= 0.5
		}
		if got != tc.ask {
			t.Errorf("%q: a money request %v, want %v (%v)", tc.text, got, tc.ask, v.Reasons)
		}
	}
}

// lexiconsWith is a copy of the embedded lexicons with the first old in
// file replaced by new.
func lexiconsWith(t *testing.T, file, old, new string) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	err := fs.WalkDir(lexiconFS, "lexicons", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(lexiconFS, p)
		if p == "lexicons/"+file {
			if !bytes.Contains(b, []byte(old)) {
				t.Fatalf("%s holds no %q", file, old)
			}
			b = bytes.Replace(b, []byte(old), []byte(new), 1)
		}
		fsys[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return fsys
}

// calmModel reads every text as ordinary (p near 0): the soft opener
// cues count half under it.
func calmModel(base *Registry) *textmodel.Model {
	return &textmodel.Model{Labels: []string{"scam"}, Bits: 4, Scale: 1, Inputs: base.models.scam.Inputs,
		Bias: []float32{-8}, Weights: make([]int8, 16), PlattA: 1}
}

// A model that finds every text ordinary halves plain shared plans, but
// not a business confirming a booking without naming the owner: the
// model learnt business wording mostly from businesses that do name
// their customer, and the missing name is what the frame is about.
func TestUnnamedBookingIsNotSoftened(t *testing.T) {
	base := testRegistry(t)
	lang := base.models.lang
	calm := calmModel(base)
	for _, tc := range []struct {
		text  string
		model *textmodel.Model
		want  float64 // share of the shared plan's weight with no model
	}{
		{"Good morning, we're confirming your medical examination tomorrow at 3pm", calm, 1},
		{"Hey, are we still on for coffee at the usual place?", calm, 0.5},
	} {
		weight := func(r *Registry) float64 {
			for _, rs := range r.Evaluate(chat(NetworkSMS, nil, "s: "+tc.text)).Reasons {
				if rs.Code == CodeSharedPlan {
					return rs.Weight
				}
			}
			return 0
		}
		full, soft := weight(base.WithModels(nil, lang)), weight(base.WithModels(tc.model, lang))
		if full == 0 || math.Abs(soft-full*tc.want) > 0.002 {
			t.Errorf("%q: shared plan %.3f with a calm model, %.3f with none; want %.1f of it", tc.text, soft, full, tc.want)
		}
	}
}

// The fake boss knows the employee's name: greeting the owner does not
// soften "are you available? I need a quick task" as it softens a plan.
func TestTaskRequestToTheOwnerByName(t *testing.T) {
	r := testRegistry(t)
	for _, text := range []string{
		"s: Hola Marta, estoy en una reunión. Avísame si estás disponible ahora mismo, necesito que hagas una tarea rápida lo antes posible. Gracias",
		"s: Hola, estoy en una reunión. Avísame si estás disponible ahora mismo, necesito que hagas una tarea rápida lo antes posible. Gracias",
	} {
		c := chat("sms", []string{"Marta", "Marta Ruiz"}, text)
		c.Owner.Languages = []string{"es"}
		v := r.Evaluate(c)
		var task *Reason
		for i := range v.Reasons {
			if v.Reasons[i].Code == CodeTaskRequest {
				task = &v.Reasons[i]
			}
		}
		if task == nil || task.Weight < 0.3 || v.Level < LevelCaution {
			t.Errorf("%q: task request %+v, verdict %s; want it at its weight and the owner warned", text, task, brief(v))
		}
	}
}

// Everyday texts in the six other lexicon languages that had read as
// scams (found on the training half of testdata/train/ordinary and on
// its adapted texts), and the scams beside them that must still read.
func TestEverydayTextsNearMisses(t *testing.T) {
	runCueCases(t, []cueCase{
		// "send me the file": no money without money
		{lang: "fr", name: "send me the file", lines: []string{"s: Tu peux m'envoyer le fichier excel stp ?"}, code: CodeMoney, absent: true},
		{lang: "fr", name: "send me the money", lines: []string{"s: Maman c'est urgent, envoie-moi l'argent aujourd'hui stp"}, code: CodeMoney},
		{lang: "es", name: "lend me your charger", lines: []string{"s: Me prestas tu cargador?"}, code: CodeMoney, absent: true},
		{lang: "es", name: "lend me money", lines: []string{"s: Hola, me prestas dinero hasta el viernes?"}, code: CodeMoney},
		{lang: "es", name: "it is urgent", lines: []string{"s: Hola cual es la pagina para descargar canciones es urgente porfa"}, code: CodeMoney, absent: true},
		{lang: "it", name: "lend me the car", lines: []string{"s: Mi presti la macchina sabato?"}, code: CodeMoney, absent: true},
		{lang: "de", name: "do me a favour", lines: []string{"s: Regina, bitte tu mir einen Gefallen und richte Nina meine Geburtstagswünsche aus"}, code: CodeMoney, absent: true},
		// "on WhatsApp" said in passing is no move to it
		{lang: "it", name: "sent on WA", lines: []string{"s: Ti ho mandato la posizione su WhatsApp"}, code: CodeMovePlatform, absent: true},
		{lang: "it", name: "write me on WA", lines: []string{"s: Ciao, scrivimi su WhatsApp che qui non leggo"}, code: CodeMovePlatform},
		{lang: "pt", name: "a list on insta", lines: []string{"s: Devias fazer uma lista no insta"}, code: CodeMovePlatform, absent: true},
		// "are you still there?" is no listing
		{lang: "de", name: "still there", lines: []string{"s: Bist noch da? Bräucht ein halbes achtel"}, code: CodeStillAvailable, absent: true},
		{lang: "de", name: "is it still there", lines: []string{"s: Hallo, ist das noch da? Das Fahrrad aus der Anzeige"}, code: CodeStillAvailable},
		// where the reader is, not who
		{lang: "it", name: "at the office", lines: []string{"s: Sei al lavoro adesso?"}, code: CodeIsThis, absent: true},
		{lang: "nl", name: "at the square", lines: []string{"s: Ben je al op het Leidseplein? Wil je eerst kaartjes kopen?"}, code: CodeIsThis, absent: true},
		{lang: "it", name: "is this Marco", lines: []string{"s: Ciao, sei Marco?"}, code: CodeIsThis, evidence: "Marco"},
		// "nel Sei Nazioni" names a tournament; "Gentile Signore," is the
		// whole address
		// the sender's own appointment, bare, is no plan (as in English)
		{lang: "it", name: "my doctor's visit", lines: []string{"s: Oggi arrivo più tardi in ufficio, ho una visita medica"}, code: CodeSharedPlan, absent: true},
		{lang: "it", name: "the reader's visit", lines: []string{"s: Buongiorno, la visita di lunedì è spostata alle 11"}, code: CodeSharedPlan},
		{lang: "it", name: "the Six Nations", lines: []string{"s: Ok:) l'Italia spacca nel Sei Nazioni:)"}, code: CodeIsThis, absent: true},
		{lang: "it", name: "a title closed by a comma", lines: []string{"s: Gentile Signore, Salam Alaikum. Le scrivo per il pacco di ieri"}, code: CodeWrongName, absent: true},
		{lang: "it", name: "a title and a name", lines: []string{"s: Buongiorno Signora Rossi, la aspettiamo domani alle 10"}, code: CodeWrongName, evidence: "Signora Rossi"},
	})
}

// A plan announced to a group that pays for it is the group's: "Olá a
// todos, o jantar de Natal são 25€ por pessoa" is no stranger's private
// plan, while the same plan said to one person still is.
func TestGroupPlanIsNoSharedPlan(t *testing.T) {
	plan := func(text string) float64 { return reasonWeight(t, CodeSharedPlan, text) }
	group := plan("Olá a todos! Para o jantar de Natal da equipa são 25€ por pessoa. Mandem por MB Way até dia 15, obrigada! Sofia")
	one := plan("Olá! Para o jantar de Natal da equipa reservei mesa para sexta às 20h, confirmas?")
	if one == 0 {
		t.Fatal("a dinner planned with one person: no shared plan")
	}
	if group >= one {
		t.Errorf("a dinner the group pays for weighs %.2f as a shared plan, not less than one person's %.2f", group, one)
	}
}

func TestItalianWhereAndWhatIsNoIdentity(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "it", name: "at home", lines: []string{"s: Grande! Sei a casa adesso?"}, code: CodeIsThis, absent: true},
		{lang: "it", name: "you were an angel", lines: []string{"s: Grazie di cuore per ieri, sei stata un angelo"}, code: CodeIsThis, absent: true},
		{lang: "it", name: "is this Giulia", lines: []string{"s: Scusa, sei Giulia? La sorella di Marta?"}, code: CodeIsThis, evidence: "Giulia"},
		{lang: "it", name: "my book, lent", lines: []string{"s: Ce l'hai ancora il mio libro?"}, code: CodeStillAvailable, absent: true},
		{lang: "it", name: "the bike, listed", lines: []string{"s: Buongiorno, ce l'hai ancora la bici del annuncio?"}, code: CodeStillAvailable},
	})
}

// The sender's own appointment ("ho una visita medica", "ich habe ...
// einen Termin") is no business's booking for someone else; "Ihr Termin"
// still is.
func TestOwnAppointmentIsNoBooking(t *testing.T) {
	r := testRegistry(t)
	booking := func(text string) bool {
		v := r.Evaluate(chat(NetworkSMS, nil, "s: "+text))
		for _, rs := range v.Reasons {
			if rs.Code == CodeSharedPlan && strings.Contains(rs.Detail, "without naming you") {
				return true
			}
		}
		return false
	}
	for _, own := range []string{
		"Buongiorno, oggi arrivo un po' più tardi in ufficio, ho una visita medica. Ci sono dalle 10",
		"Ich habe morgen um 10 einen Termin beim Zahnarzt, komme später",
		"J'ai un rdv chez le dentiste demain à 10h, je serai en retard",
	} {
		if booking(own) {
			t.Errorf("the sender's own appointment read as a booking for someone else: %q", own)
		}
	}
	for _, theirs := range []string{
		"Hallo, Ihr Termin beim Zahnarzt ist morgen um 10 Uhr",
		"Hello, your dental check-up with Dr Rachel is on Monday at 10am. Let us know if you can't make it",
	} {
		if !booking(theirs) {
			t.Errorf("a booking for the reader, unnamed, not read as one: %q", theirs)
		}
	}
}

// A neighbour's threat to call someone in, in every lexicon language:
// the verb may come before its subject ("Beim nächsten Mal rufe ich"),
// the sender may say "we", the office may be the town's, and a car may
// be towed away. Calling the same office about one's own business is no
// threat.
func TestNeighbourThreats(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "de", name: "inverted call", lines: []string{"s: Ihr Auto steht seit Tagen vor unserer Einfahrt. Beim nächsten Mal rufe ich den Abschleppdienst."}, code: CodeDrama},
		{lang: "de", name: "we call in the town", lines: []string{"s: Die Hecke hängt wieder über den Gehweg. Wenn das so weitergeht, schalten wir das Ordnungsamt ein."}, code: CodeDrama},
		{lang: "de", name: "own errand", lines: []string{"s: Ich rufe morgen die Stadt wegen meinem Pass an, kannst du die Kinder holen?"}, code: CodeDrama, absent: true},
		{lang: "es", name: "going to the Guardia Civil", lines: []string{"s: Otra vez tu perro suelto en mi finca. Mañana voy a la Guardia Civil."}, code: CodeDrama},
		{lang: "es", name: "tow truck", lines: []string{"s: Quita el coche de mi cochera o llamo a la grúa"}, code: CodeDrama},
		{lang: "fr", name: "towed away", lines: []string{"s: Votre camionnette bloque encore ma sortie, déplacez-la sinon je la fais enlever"}, code: CodeDrama},
		{lang: "fr", name: "we call the town hall", lines: []string{"s: Vos poubelles débordent depuis une semaine. La prochaine fois on appelle la mairie."}, code: CodeDrama},
		{lang: "it", name: "turning to the lawyer", lines: []string{"s: Il tuo albero sporca il mio cortile da mesi. Se non lo poti entro sabato mi rivolgo all'avvocato."}, code: CodeDrama},
		{lang: "it", name: "tow truck", lines: []string{"s: La tua auto è di nuovo sul mio posto, ultimo avviso poi chiamo il carro attrezzi"}, code: CodeDrama},
		{lang: "nl", name: "inverted call", lines: []string{"s: Jullie hond blaft de hele nacht. De volgende keer bel ik de politie."}, code: CodeDrama},
		{lang: "nl", name: "towed away", lines: []string{"s: Uw auto staat weer op mijn plek, nog een uur en ik laat hem wegslepen"}, code: CodeDrama},
		{lang: "pt", name: "we call the GNR", lines: []string{"s: O vosso cão voltou a entrar no meu quintal. Da próxima vez chamamos a GNR."}, code: CodeDrama},
		{lang: "en", name: "towed", lines: []string{"s: That's the third time your van has blocked my drive. Next time it's getting towed, tow truck's already on speed dial"}, code: CodeDrama},
		{lang: "en", name: "we call the council", lines: []string{"s: The rubbish in your front yard is attracting rats. If it happens again we're calling the council"}, code: CodeDrama},
		{lang: "en", name: "own errand", lines: []string{"s: I'll call the landlord about the boiler tomorrow, he never answers anyway"}, code: CodeDrama, absent: true},
	})
}

// "Hola tía Rosa" writes to the sender's aunt Rosa: being called "tía"
// addresses the owner as family only when no name follows, or when the
// name is the owner's. Addressed as family, the wrong name weighs a
// fifth.
func TestKinOfSomeoneElse(t *testing.T) {
	r := testRegistry(t)
	wrongName := func(owner []string, text string) float64 {
		t.Helper()
		for _, rs := range r.Evaluate(chat(NetworkSMS, owner, "s: "+text)).Reasons {
			if rs.Code == CodeWrongName {
				return rs.Weight
			}
		}
		return 0
	}
	for _, text := range []string{
		"Hola tía Rosa, soy Dani. Mamá dice que el bautizo es el 12, ¿vas a poder venir?",
		"Buongiorno zia Rita, come sta lo zio dopo l'operazione?",
		"Hi Aunty Linda, are you still coming on Saturday?",
	} {
		if w := wrongName(nil, text); w < 0.4 {
			t.Errorf("%q to Laura: wrong name weighs %.2f, want its full weight", text, w)
		}
		name := strings.Fields(strings.Trim(strings.SplitN(text, ",", 2)[0], " "))
		owner := name[len(name)-1]
		if w := wrongName([]string{owner}, text); w != 0 {
			t.Errorf("%q to %s: wrong name weighs %.2f, want none", text, owner, w)
		}
	}
	// "Hi Aunty, ..." with no name calls the owner family: nothing to
	// weigh as a wrong name, and the plan is damped.
	if w := reasonWeight(t, CodeSharedPlan, "Hi Aunty, are you still coming to the party on Saturday at 6?"); w > 0.1 {
		t.Errorf("an aunt asked about a party: shared plan weighs %.2f, want it damped", w)
	}
}

// A stranger asks the owner for a service, as if the number were a
// business's: the service must follow the ask closely.
func TestServiceAsk(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "en", name: "book a clean", lines: []string{"s: Hi, can I book an end of lease clean for next Friday?"}, code: CodeStillAvailable, evidence: "can I book an end of lease"},
		{lang: "en", name: "given the number", lines: []string{"s: Hello, was given this number for window cleaning, are you free Tuesday?"}, code: CodeStillAvailable},
		{lang: "en", name: "a friend's weekend", lines: []string{"s: Do you do anything fun this weekend? I have a massage booked lol"}, code: CodeStillAvailable, absent: true},
		{lang: "en", name: "a friend's price question", lines: []string{"s: how much is a haircut at that place you go to?"}, code: CodeStillAvailable, absent: true},
		{lang: "de", name: "Termin frei", lines: []string{"s: Hallo, haben Sie noch was frei für Gelnägel am Samstag?"}, code: CodeStillAvailable},
		{lang: "es", name: "hueco", lines: []string{"s: Hola, ¿tienes hueco para uñas el jueves por la tarde?"}, code: CodeStillAvailable},
		{lang: "fr", name: "créneau", lines: []string{"s: Bonjour, vous avez un créneau pour une coupe samedi matin ?"}, code: CodeStillAvailable},
		{lang: "it", name: "prenotare", lines: []string{"s: Buongiorno, vorrei prenotare un taglio per venerdì"}, code: CodeStillAvailable},
		{lang: "nl", name: "plek", lines: []string{"s: Hoi, hebben jullie nog plek voor nieuwe klanten? Mijn hond moet getrimd worden"}, code: CodeStillAvailable},
		{lang: "pt", name: "marcar", lines: []string{"s: Olá, queria marcar unhas de gel para sábado, tem horário?"}, code: CodeStillAvailable},
	})
}

// The waiting frame (arrived + where_you) is in every lexicon language,
// and neither slot fires it alone.
func TestWaitingFrameInEveryLanguage(t *testing.T) {
	const detail = "waiting for you somewhere"
	runCueCases(t, []cueCase{
		{lang: "en", name: "arrived and asks where", lines: []string{"s: ok I'm here. which entrance? the one by the pharmacy?"}, code: CodeSharedPlan, detail: detail},
		{lang: "de", name: "da und wo", lines: []string{"s: bin jetzt da. wo seid ihr?? steh vorm haupteingang"}, code: CodeSharedPlan, detail: detail},
		{lang: "es", name: "en la puerta y dónde", lines: []string{"s: Estoy en la puerta del centro comercial, ¿dónde estás?"}, code: CodeSharedPlan, detail: detail},
		{lang: "fr", name: "garée et où", lines: []string{"s: Je suis garée devant la clinique vétérinaire, t'es où ? Rex s'impatiente"}, code: CodeSharedPlan, detail: detail},
		{lang: "it", name: "davanti e dove", lines: []string{"s: Sono davanti al cinema da dieci minuti, tu dove sei?"}, code: CodeSharedPlan, detail: detail},
		{lang: "nl", name: "beneden en open", lines: []string{"s: Ik sta beneden voor de deur, doe je open? Het regent"}, code: CodeSharedPlan, detail: detail},
		{lang: "pt", name: "na porta e cadê", lines: []string{"s: Tô na porta do shopping faz dez minutos, cadê você?"}, code: CodeSharedPlan, detail: detail},
		{lang: "fr", name: "arrivée seule", lines: []string{"s: Je suis arrivée à la maison, merci pour la soirée !"}, code: CodeSharedPlan, detail: detail, absent: true},
		{lang: "de", name: "wo allein", lines: []string{"s: Wo bist du denn im Urlaub gerade? Schick mal Fotos"}, code: CodeSharedPlan, detail: detail, absent: true},
	})
}

// An operation the reader did not make and a number to call about it
// (the callback-alert frame); a bank's own alert sends them to the
// number on their card.
func TestCallbackAlert(t *testing.T) {
	const detail = "gives a number to call"
	runCueCases(t, []cueCase{
		{lang: "en", name: "purchase and a number", lines: []string{"s: Chase Alert: A $1,249.99 purchase was made on your card. If this wasn't you call 1-888-555-0199"}, code: CodeImpersonation, detail: detail, evidence: "If this wasn't you"},
		{lang: "nl", name: "ingelogd en bel", lines: []string{"s: Bitvavo: Er is ingelogd op uw account vanuit Lissabon. Was u dit niet? Bel direct 020 808 1234"}, code: CodeImpersonation, detail: detail},
		{lang: "it", name: "bonifico e numero verde", lines: []string{"s: PosteInfo: tentativo di bonifico di 250 €. Se non riconosci l'operazione chiama il numero verde 351 204 7781"}, code: CodeImpersonation, detail: detail},
		{lang: "fr", name: "paiement et numéro", lines: []string{"s: Paiement de 389,90 € refusé. Si vous n'êtes pas à l'origine de cette opération, appelez le 01 84 80 12 34"}, code: CodeImpersonation, detail: detail},
		{lang: "en", name: "the number on the card", lines: []string{"s: DBS: 482913 is your OTP to authorise a PayNow transfer of S$45.00. If you did not request this, call the number on the back of your card."}, code: CodeImpersonation, detail: detail, absent: true},
		{lang: "en", name: "a friend's call back", lines: []string{"s: if it wasn't you who borrowed my drill, never mind! call me at 6 when you're free"}, code: CodeImpersonation, detail: detail, absent: true},
	})
}

// A stranger's first words ask whether the reader is single (the
// single-ask frame); someone else's status is no such question.
func TestSingleAsk(t *testing.T) {
	const detail = "asks whether you are single"
	runCueCases(t, []cueCase{
		{lang: "en", name: "are you single", lines: []string{"s: hey, are you single? asking for me lol"}, code: CodeDatingBait, detail: detail},
		{lang: "it", name: "sei single", lines: []string{"s: Ciao caro, sei single? Io sì 🙈"}, code: CodeDatingBait, detail: detail},
		{lang: "pt", name: "vc é solteiro", lines: []string{"s: VC É SOLTEIRO? MINHA PRIMA TE ACHOU LINDO NA FESTA"}, code: CodeDatingBait, detail: detail},
		{lang: "fr", name: "t'es célibataire", lines: []string{"s: coucou, t'es célibataire ? 😇"}, code: CodeDatingBait, detail: detail},
		{lang: "en", name: "someone else is single", lines: []string{"s: Is Tom single? asking for a friend"}, code: CodeDatingBait, detail: detail, absent: true},
		{lang: "en", name: "single-handedly", lines: []string{"s: thank you single-handedly saving the bake sale!!"}, code: CodeDatingBait, detail: detail, absent: true},
		{lang: "pt", name: "o João é solteiro", lines: []string{"s: O João é solteiro, sabias? Vem à festa no sábado"}, code: CodeDatingBait, detail: detail, absent: true},
	})
}

// Accusations a stranger makes as if the reader were someone else: a
// secret told, a car scratched and the plate noted, "I know it was you".
func TestAccusationsInSevenLanguages(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "de", name: "rumerzählt, du warst das", lines: []string{"s: Wer hat im Verein rumerzählt, dass ich was mit dem Trainer hab?? Ich weiß genau, dass du das warst."}, code: CodeDrama},
		{lang: "fr", name: "la plaque relevée", lines: []string{"s: Je viens de voir la rayure sur ma portière. Tu croyais que personne t'avait vu sur le parking ? J'ai relevé ta plaque."}, code: CodeDrama, evidence: "rayure sur ma portière"},
		{lang: "pt", name: "o segredo contado", lines: []string{"s: Não acredito que você contou pra Fernanda o que eu te falei em segredo. Nunca mais confio em você"}, code: CodeDrama, evidence: "o que eu te falei em segredo"},
		{lang: "en", name: "dashcam footage", lines: []string{"s: Eh you scratch my car at the carpark then drive off is it? I got dashcam footage ok, better reply me"}, code: CodeDrama},
		{lang: "de", name: "Geld immer noch nicht überwiesen", lines: []string{"s: Die 300 € für den Urlaub hast du mir immer noch nicht überwiesen. Ich hab dich dreimal gefragt. Letzte Chance."}, code: CodeDrama, evidence: "hast du mir immer noch nicht"},
		{lang: "es", name: "sin devolverme la plata", lines: []string{"s: Llevas un mes sin devolverme la plata del viaje y encima me bloqueás en Instagram."}, code: CodeDrama, evidence: "devolverme la plata"},
		{lang: "de", name: "Lärmprotokoll für den Vermieter", lines: []string{"s: Seit drei Wochen jede Nacht Party über uns. Ab jetzt führe ich ein Lärmprotokoll und gebe es dem Vermieter."}, code: CodeDrama, evidence: "gebe es dem Vermieter"},
		{lang: "en", name: "the lawyer by the end of the month", lines: []string{"s: Your hedge is blocking our light. If it's not cut back by the end of the month, our lawyer will handle it."}, code: CodeDrama},
		{lang: "de", name: "a landlord told, no threat", lines: []string{"s: Hab dem Vermieter ab sofort die neue Nummer gegeben, falls was mit der Heizung ist"}, code: CodeDrama, absent: true},
		{lang: "en", name: "your son hitting mine", lines: []string{"s: Your son keeps hitting mine at break time. I've told the teacher and if it doesn't stop I'm going to the head."}, code: CodeDrama, evidence: "Your son keeps hitting mine"},
		{lang: "en", name: "your dog barking at my kids", lines: []string{"s: Your dog has been barking at my kids every morning"}, code: CodeDrama, evidence: "barking at my"},
		{lang: "nl", name: "verjaardag vergeten", lines: []string{"s: Je was mijn verjaardag wéér vergeten. Niet eens een appje. Zegt genoeg."}, code: CodeDrama},
		{lang: "en", name: "never ask me for a favour", lines: []string{"s: I waited at the Wimpy for an hour. An HOUR. Don't ever ask me for a favour again"}, code: CodeDrama, evidence: "Don't ever ask me for"},
		{lang: "pt", name: "nem apareceu", lines: []string{"s: Nem no velório da vó você apareceu. Não precisa mais me procurar."}, code: CodeDrama},
		{lang: "de", name: "Ihr Hund bellt jede Nacht", lines: []string{"s: Ihr Hund bellt jede Nacht bis drei, wir können nicht schlafen."}, code: CodeDrama, evidence: "Ihr Hund bellt"},
		{lang: "nl", name: "uw auto blokkeert onze oprit", lines: []string{"s: Uw auto blokkeert al twee dagen onze oprit."}, code: CodeDrama, evidence: "Uw auto blokkeert"},
		{lang: "it", name: "la sua lavatrice perde", lines: []string{"s: La sua lavatrice perde acqua, abbiamo una perdita enorme sul soffitto del bagno"}, code: CodeDrama},
		{lang: "fr", name: "votre chien aboie", lines: []string{"s: Votre chien aboie toute la journée, c'est insupportable"}, code: CodeDrama, evidence: "Votre chien aboie"},
		{lang: "en", name: "our separate ways", lines: []string{"s: I think it's best we go our separate ways. Please don't reply."}, code: CodeDrama, evidence: "go our separate ways"},
		{lang: "pt", name: "a última quantia", lines: []string{"s: É a última quantia de dinheiro que te mando. Acabou."}, code: CodeDrama, evidence: "última quantia"},
		{lang: "en", name: "a car blocked in is no complaint", lines: []string{"s: Is your car blocked in again? I can move mine"}, code: CodeDrama, absent: true},
		{lang: "nl", name: "a son awake is no complaint", lines: []string{"s: is je zoon al wakker? dan kom ik hem zo halen"}, code: CodeDrama, absent: true},
		{lang: "de", name: "wenn das noch einmal vorkommt", lines: []string{"s: Wenn das noch einmal vorkommt, rufe ich den Vermieter an."}, code: CodeDrama},
		{lang: "es", name: "no me lo esperaba de ti", lines: []string{"s: No me lo esperaba de ti, de verdad. Después de tantos años."}, code: CodeDrama, evidence: "No me lo esperaba de ti"},
		{lang: "fr", name: "je m'attendais pas à ça de toi", lines: []string{"s: Franchement je m'attendais pas à ça de toi."}, code: CodeDrama},
		{lang: "en", name: "something terrible happened, call me", lines: []string{"s: Something terrible happened. Please call me back as soon as you see this"}, code: CodeDrama, evidence: "Something terrible happened"},
		{lang: "nl", name: "er is iets ergs gebeurd, bel me", lines: []string{"s: Er is iets ergs gebeurd, bel me zo snel mogelijk"}, code: CodeDrama},
		{lang: "en", name: "bad news from a neighbour who says who writes", lines: []string{"s: Hi, it's Tom from number 12. There's been an accident with your car outside, call me"}, code: CodeDrama, absent: true},
		{lang: "it", name: "delusa da te", lines: []string{"s: Sono davvero delusa da te. Non me lo meritavo."}, code: CodeDrama, evidence: "delusa da te"},
		{lang: "es", name: "tengo algo que decirte", lines: []string{"s: Hola, tengo algo muy importante que decirte, ¿me agregas?"}, code: CodeDrama, evidence: "tengo algo muy importante que decirte"},
		{lang: "nl", name: "ik moet je iets vertellen", lines: []string{"s: ik moet je iets vertellen maar niet hier"}, code: CodeDrama},
		{lang: "en", name: "news teased by someone who says who writes", lines: []string{"s: Hi, it's Jenny from HR at Northwind. I need to tell you something about your contract, call when free"}, code: CodeDrama, absent: true},
		{lang: "en", name: "a plate of food is no number plate", lines: []string{"s: got your plate back from the party, will drop it round tomorrow"}, code: CodeDrama, absent: true},
		{lang: "it", name: "good news told to all", lines: []string{"s: Hai raccontato a tutti della mia promozione, grazie mille!"}, code: CodeDrama, absent: true},
	})
}

// A job the seeker must pay to start (the job-fee frame); a fee without
// a job is a club's or a race's.
func TestJobFee(t *testing.T) {
	const detail = "pay a fee to start"
	runCueCases(t, []cueCase{
		{lang: "en", name: "joining fee refundable", lines: []string{"s: Hi, this is Kavya from a Naukri partner team. Work from home for graduates, joining fee refundable. Call or WhatsApp for details"}, code: CodeJobOffer, detail: detail},
		{lang: "pt", name: "taxa de cadastro", lines: []string{"s: Olá! Vaga de meio período, trabalho de casa pelo celular. Para começar só pagar a taxa de cadastro de R$ 49,90"}, code: CodeJobOffer, detail: detail},
		{lang: "en", name: "a gym's joining fee", lines: []string{"s: Your gym membership renews next week; the joining fee is waived this month"}, code: CodeJobOffer, detail: detail, absent: true},
		{lang: "en", name: "a race's registration fee", lines: []string{"s: The registration fee for the 10k run is 25 euros, pay by Friday"}, code: CodeJobOffer, detail: detail, absent: true},
	})
}

// "I saw the messages" from a stranger is a quarrel with someone else,
// a caution on its own like the other drama openers: it was held at
// 0.8 of their weight, which left it below caution.
func TestCaughtAloneIsCaution(t *testing.T) {
	r := testRegistry(t)
	for _, text := range []string{"I saw the messages.", "Ik zag je gisteren met Inge op het terras", "Ich hab die Fotos gesehen."} {
		v := r.Evaluate(chat(NetworkSMS, nil, "s: "+text))
		if v.Level < LevelCaution {
			t.Errorf("%q: %s, want caution or more", text, brief(v))
		}
	}
}

// Family news told to "Son" or "Filho" from an unknown number keeps its
// weight: the relative word is the drama's premise. Told to the owner by
// name, the sender may well be family, and it is damped.
func TestDramaToARelativeWordIsNotDamped(t *testing.T) {
	r := testRegistry(t)
	owner := Owner{Names: []string{"Alex", "Alex Morgan"}}
	for _, tc := range []struct {
		text   string
		damped bool
	}{
		{"Son, your grandad fell and he's in hospital. Call me", false},
		{"Filho, teu avô caiu em casa e está no hospital. Atende!", false},
		{"Alex, your grandad fell and he's in hospital. Call me", true},
	} {
		v := r.Evaluate(&Conversation{Turns: []Turn{{Text: tc.text}}, Owner: owner})
		var w float64
		for _, rs := range v.Reasons {
			if rs.Code == CodeDrama {
				w = rs.Weight
			}
		}
		if w == 0 {
			t.Errorf("%q: no %s: %+v", tc.text, CodeDrama, v.Reasons)
			continue
		}
		if got := w < 0.1; got != tc.damped {
			t.Errorf("%q: %s weighs %.2f, damped %v, want %v", tc.text, CodeDrama, w, got, tc.damped)
		}
	}
}

// The errand frames, whose slots only English had until December 2026,
// in each language (sentences written for this test), and everyday
// near misses that must stay quiet.
func TestErrandFramesInEveryLanguage(t *testing.T) {
	const left, lefty, landed, locked = "you left something with them", "something they left with you", "has just landed", "is locked out"
	runCueCases(t, []cueCase{
		{lang: "de", name: "Jacke bei mir vergessen", lines: []string{"s: Du hast deine Jacke gestern bei mir vergessen, soll ich sie vorbeibringen?"}, code: CodeSharedPlan, detail: left},
		{lang: "es", name: "te dejaste en mi casa", lines: []string{"s: Te dejaste el cargador en mi casa, ¿te lo llevo mañana?"}, code: CodeSharedPlan, detail: left},
		{lang: "fr", name: "tu as oublié chez moi", lines: []string{"s: Tu as oublié ton écharpe chez moi samedi, je te la garde"}, code: CodeSharedPlan, detail: left},
		{lang: "it", name: "ho lasciato da te", lines: []string{"s: Credo di aver lasciato l'ombrello da te ieri sera, lo vedi?"}, code: CodeSharedPlan, detail: lefty},
		{lang: "nl", name: "bij jou laten liggen", lines: []string{"s: Ik heb mijn zonnebril bij jou laten liggen denk ik, zie je hem?"}, code: CodeSharedPlan, detail: lefty},
		{lang: "pt", name: "deixei no teu carro", lines: []string{"s: Acho que deixei o meu casaco no teu carro ontem"}, code: CodeSharedPlan, detail: lefty},
		{lang: "de", name: "gelandet, holst du mich ab", lines: []string{"s: Bin grad gelandet! Holst du mich ab? Terminal 1"}, code: CodeSharedPlan, detail: landed},
		{lang: "fr", name: "atterri, viens me chercher", lines: []string{"s: Je viens d'atterrir, tu peux venir me chercher aux arrivées ?"}, code: CodeSharedPlan, detail: landed},
		{lang: "es", name: "perdí las llaves", lines: []string{"s: Me quedé afuera, ¿tienes la copia de las llaves?"}, code: CodeSharedPlan, detail: locked},
		{lang: "it", name: "chiusa fuori", lines: []string{"s: Sono rimasta chiusa fuori, hai tu le chiavi di scorta?"}, code: CodeSharedPlan, detail: locked},
		// the same words, no errand of the reader's
		{lang: "de", name: "gelandet allein", lines: []string{"s: Ruf mich an, wenn du gelandet bist, gute Reise!"}, code: CodeSharedPlan, detail: landed, absent: true},
		{lang: "nl", name: "bij ons, een uitnodiging", lines: []string{"s: Kom je zaterdag eten bij ons? Neem je vriendin mee"}, code: CodeSharedPlan, detail: left, absent: true},
	})
}

// An introduction names the sender in its own sentence: "aquí" that
// ends one ("lo dejamos aquí.") introduces no one, whatever the next
// sentence opens with.
func TestIntroductionStaysInItsSentence(t *testing.T) {
	checkSaysWho(t, []saysWhoCase{
		{"Se acabó, tus cosas están en casa de tu madre. Lo dejamos aquí. Cuídate", false},
		{"No quiero discutir más, lo dejamos aquí. Adiós", false},
		{"Hola, aquí Marta, la vecina del quinto", true},
		{"Aquí Marta. Tu perro lleva toda la mañana ladrando", true},
	})
}

// saysWhoCase: whether a sender's message says who writes.
type saysWhoCase struct {
	text string
	want bool
}

func checkSaysWho(t *testing.T, cases []saysWhoCase) {
	t.Helper()
	r := testRegistry(t)
	for _, tc := range cases {
		a := r.analyse(chat(NetworkSMS, []string{"Lucía"}, "s: "+tc.text))
		if got := a.saysWhoWrites(0); got != tc.want {
			t.Errorf("%q says who writes: %v, want %v", tc.text, got, tc.want)
		}
		a.release()
	}
}

// localChat is a first message from a local mobile number to an owner
// in country, who speaks the country's language.
func localChat(country, owner, text string) *Conversation {
	c := chat(NetworkSMS, []string{owner}, "s: "+text)
	c.Owner.Country, c.Owner.Languages = country, nil
	c.Sender.Phone = localPhones[country]
	c.Sender.DisplayName = c.Sender.Phone
	return c
}

var localPhones = map[string]string{"GB": "+447911123456", "FR": "+33612345678", "DE": "+4915112345678",
	"IT": "+393471234567", "ES": "+34612345678", "NL": "+31612345678", "PT": "+351912345678"}

// A courier at the door who says what they are is no misdirected
// opener: in every lexicon language the model alone had warned on it.
// The same role with a fee to pay at a link still warns.
func TestCourierAtTheDoorIsNoOpener(t *testing.T) {
	r := testRegistry(t)
	for _, tc := range []struct{ country, owner, text string }{
		{"GB", "Emma", "Hi, it's the DPD driver, I'm outside your building with your parcel"},
		{"FR", "Claire", "Bonjour, c'est le livreur Chronopost, je suis devant votre immeuble avec votre colis"},
		{"DE", "Anna", "Hallo, hier ist der DHL Fahrer, ich stehe vor Ihrem Haus mit Ihrem Paket"},
		{"IT", "Giulia", "Buongiorno, sono il corriere BRT, sono davanti al suo palazzo con il pacco"},
		{"ES", "Lucía", "Hola, soy el repartidor de SEUR, estoy en su portal con un paquete"},
		{"NL", "Sanne", "Hoi, ik ben de bezorger van PostNL, ik sta voor uw deur met een pakket"},
		{"PT", "Ana", "Olá, é o estafeta da CTT, estou à porta do seu prédio com uma encomenda"},
	} {
		if v := r.Evaluate(localChat(tc.country, tc.owner, tc.text)); v.Level != LevelNone {
			t.Errorf("%s: %s", tc.text, brief(v))
		}
	}
	fee := "Hi, it's the DPD driver, your parcel is held, pay the £1.99 fee at dpd-redelivery.top/pay"
	if v := r.Evaluate(localChat("GB", "Emma", fee)); v.Level < LevelWarning {
		t.Errorf("a courier's fee at a link: %s", brief(v))
	}
}

// A class parent who says whose parent writes and invites to a party
// on a day is no misdirected plan; the same parent complaining about
// the reader's child, with no day to meet, still warns.
func TestClassParentsPlanIsNoOpener(t *testing.T) {
	r := testRegistry(t)
	for _, tc := range []struct {
		country, owner, text string
		warn                 bool
	}{
		{"GB", "Emma", "Hi, I'm Sarah, Tom's mum from Year 3. We're having Tom's party on Saturday at 2, would Lily like to come?", false},
		{"IT", "Giulia", "Ciao, sono Marta, la mamma di Luca della 3B. Sabato facciamo la festa, venite?", false},
		{"FR", "Claire", "Bonjour, je suis Nathalie, la maman de Léo (CE1). On fête son anniversaire samedi à 14h, Jules est invité !", false},
		{"DE", "Anna", "Hallo, hier ist Katrin, die Mama von Ben aus der 2b. Wir feiern am Samstag um 15 Uhr Geburtstag, kommt Mia?", false},
		{"ES", "Lucía", "Hola, soy Marta, la madre de Hugo de 2ºA. El sábado celebramos su cumple a las 5, ¿viene Lola?", false},
		{"NL", "Sanne", "Hoi, ik ben Inge, de moeder van Sem uit groep 4. Zaterdag om 14 uur vieren we zijn verjaardag, komt Noor ook?", false},
		{"PT", "Ana", "Olá, sou a Joana, mãe do Tomás do 2º B. No sábado às 15h fazemos a festa dele, a Inês vem?", false},
		{"ES", "Lucía", "Hola, soy la madre de Hugo. Tu hijo le pega en el recreo todos los días. Si no haces algo, hablo con el director.", true},
		{"GB", "Emma", "Hi, this is Jake's mum. Your son has been bullying Jake on the bus every day. If it doesn't stop I'm going to the school.", true},
	} {
		if v := r.Evaluate(localChat(tc.country, tc.owner, tc.text)); (v.Level >= LevelCaution) != tc.warn {
			t.Errorf("%s: %s, want a warning: %v", tc.text, brief(v), tc.warn)
		}
	}
}

// A customer sent by someone for a service the owner may offer is no
// dating bait: the service ask judges it (and may warn), but it is no
// romance, and it never reaches an alert on its own. "Jess gave me
// your number" alone still is bait.
func TestServiceReferralIsNoDatingBait(t *testing.T) {
	r := testRegistry(t)
	for _, tc := range []struct{ country, owner, text string }{
		{"GB", "Emma", "Hi, is this the right number for the piano teacher? My neighbour Jane recommended you, I'm looking for lessons for my son."},
		{"DE", "Anna", "Guten Tag, ich habe Ihre Nummer von Frau Becker bekommen. Geben Sie noch Nachhilfe in Mathe?"},
		{"FR", "Claire", "Bonjour, j'ai eu votre numéro par Mme Durand, vous donnez toujours des cours de piano ?"},
		{"ES", "Lucía", "Buenas, me pasó tu número Marta, ¿sigues dando clases de guitarra?"},
	} {
		v := r.Evaluate(localChat(tc.country, tc.owner, tc.text))
		if v.Level == LevelAlert || v.Kind == KindRomance {
			t.Errorf("%s: %s", tc.text, brief(v))
		}
	}
	if v := r.Evaluate(localChat("GB", "Emma", "Jess gave me your number, she said I should text you 😉")); v.Kind != KindRomance {
		t.Errorf("a friend's number as bait: %s", brief(v))
	}
}

// A dating site is no reference: "I'm Amy, I got your number from the
// dating site" is dating bait, not an introduction that vouches for
// itself; and where two people talked on an app is no trading app.
func TestDatingSiteIsNoReference(t *testing.T) {
	r := testRegistry(t)
	for _, tc := range []struct{ country, owner, text string }{
		{"GB", "Emma", "Hi, I'm Amy. I got your number from the dating site. Are you still looking?"},
		{"FR", "Claire", "Salut, je suis Julien, on a parlé sur un site de rencontre il y a quelques semaines"},
		{"ES", "Lucía", "Hola, soy Diego, hablamos en una app de citas hace tiempo"},
	} {
		v := r.Evaluate(localChat(tc.country, tc.owner, tc.text))
		if v.Level < LevelCaution || v.Kind == KindInvestment {
			t.Errorf("%s: %s", tc.text, brief(v))
		}
	}
	if v := r.Evaluate(localChat("GB", "Emma", "we talked on an app a while ago, remember me?")); v.Kind == KindInvestment {
		t.Errorf("an app they talked on: %s", brief(v))
	}
}

// A new tenant whom the building's manager gave the number says who
// writes and who vouches: no dating bait, no warning. The same tenant
// asking whether the reader is single still warns.
func TestNewTenantIsNoBait(t *testing.T) {
	r := testRegistry(t)
	for _, tc := range []struct{ country, owner, text string }{
		{"DE", "Anna", "Hallo, ich bin die neue Mieterin aus der Wohnung 3. Die Hausverwaltung hat mir Ihre Nummer gegeben."},
		{"FR", "Claire", "Bonjour, je suis la nouvelle locataire du 3e. Le syndic m'a donné votre numéro pour le local vélos."},
		{"IT", "Giulia", "Buongiorno, sono la nuova inquilina del terzo piano. L'amministratore mi ha dato il suo numero."},
		{"ES", "Lucía", "Hola, soy la nueva inquilina del 3ºA. El administrador me dio tu número para lo del trastero."},
	} {
		if v := r.Evaluate(localChat(tc.country, tc.owner, tc.text)); v.Level != LevelNone {
			t.Errorf("%s: %s", tc.text, brief(v))
		}
	}
	if v := r.Evaluate(localChat("GB", "Emma", "Hi, I'm a tenant here too, the landlord gave me your number. Are you single? 😉")); v.Level < LevelWarning {
		t.Errorf("a tenant asking whether you are single: %s", brief(v))
	}
}

// The reader's silence for days held against them, the police or a boss
// after the reader, a secret told on, and the other drama constructions
// of round 26's read half, in the seven lexicon languages (the wording
// here is not the round's); near misses stay quiet.
func TestSilenceSoughtAndToldOnInSevenLanguages(t *testing.T) {
	const silent, sought = "not answering for days", "are after you"
	runCueCases(t, []cueCase{
		{lang: "en", name: "a week and no reply", lines: []string{"s: A whole week and no reply. Nice."}, code: CodeDrama, evidence: "no reply", detail: silent},
		{lang: "en", name: "ignoring my texts since Friday", lines: []string{"s: you've been ignoring my texts since friday, what did I do"}, code: CodeDrama, detail: silent},
		{lang: "de", name: "seit Tagen keine Antwort", lines: []string{"s: Seit Tagen keine Antwort von dir. Echt jetzt?"}, code: CodeDrama, evidence: "keine Antwort", detail: silent},
		{lang: "es", name: "tres días sin contestar", lines: []string{"s: Llevas tres días sin contestar, ya ni sé qué pensar"}, code: CodeDrama, detail: silent},
		{lang: "fr", name: "réponds plus depuis lundi", lines: []string{"s: Tu réponds plus depuis lundi, j'ai fait quoi encore ?"}, code: CodeDrama, detail: silent},
		{lang: "it", name: "da giorni non rispondi", lines: []string{"s: Da giorni non rispondi. Bello eh"}, code: CodeDrama, detail: silent},
		{lang: "nl", name: "al dagen geen reactie", lines: []string{"s: Al dagen geen reactie. Wat is er aan de hand?"}, code: CodeDrama, detail: silent},
		{lang: "pt", name: "há dias que não respondes", lines: []string{"s: Há dias que não respondes. Obrigadinho."}, code: CodeDrama, detail: silent},
		{lang: "en", name: "a reply awaited is no grievance", lines: []string{"s: no reply from the garage yet, I'll call them tomorrow"}, code: CodeDrama, absent: true},
		{lang: "en", name: "the landlord after the reader", lines: []string{"s: Your landlord came by twice today looking for you. What's going on?"}, code: CodeDrama, detail: sought},
		{lang: "de", name: "die Polizei sucht dich", lines: []string{"s: Die Polizei war vorhin da und hat nach dir gefragt. Was hast du gemacht?"}, code: CodeDrama, detail: sought},
		{lang: "es", name: "la policía pregunta por ti", lines: []string{"s: Vino la policía preguntando por ti esta mañana"}, code: CodeDrama, detail: sought},
		{lang: "it", name: "i carabinieri ti cercano", lines: []string{"s: Sono passati i carabinieri, ti cercano. Chiamami"}, code: CodeDrama, detail: sought},
		{lang: "nl", name: "de politie vroeg naar je", lines: []string{"s: De politie stond vanmiddag aan de deur en vroeg naar je"}, code: CodeDrama, detail: sought},
		{lang: "pt", name: "a polícia à tua procura", lines: []string{"s: A polícia esteve cá em casa à tua procura"}, code: CodeDrama, detail: sought},
		{lang: "en", name: "looking for you alone is no threat", lines: []string{"s: I was looking for you at the party, where did you go?"}, code: CodeDrama, absent: true},
		{lang: "en", name: "told in confidence", lines: []string{"s: I told you that in confidence and now half the office knows"}, code: CodeDrama, evidence: "told you that in confidence"},
		{lang: "fr", name: "approche encore de mon frère", lines: []string{"s: Et si tu t'approches encore de mon mari, je le saurai."}, code: CodeDrama, evidence: "t'approches encore de"},
		{lang: "pt", name: "não negues", lines: []string{"s: Eu vi-te sair de casa dele às 2h. Não negues."}, code: CodeDrama, evidence: "Não negues"},
		{lang: "nl", name: "opa overleden, je moet het weten", lines: []string{"s: Oma is vanochtend overleden in het ziekenhuis."}, code: CodeDrama},
		{lang: "it", name: "un segreto da sapere", lines: []string{"s: Ho un segreto su tuo marito che devi sapere."}, code: CodeDrama, evidence: "segreto"},
		{lang: "en", name: "a thank-you for telling everyone", lines: []string{"s: you told everyone about my promotion, thank you so much!"}, code: CodeDrama, absent: true},
	})
}

// A stranger's question about an ad is its own kind, so that the warning
// can advise a seller who did post one; a wrong name alongside does not
// make it a plain wrong number.
func TestListingInquiryKind(t *testing.T) {
	r := testRegistry(t)
	for _, tc := range []struct{ country, owner, text string }{
		{"GB", "Emma", "Hi, I saw your ad on Facebook Marketplace for the sofa. Is it still available?"},
		{"DE", "Anna", "Hallo, ich habe Ihre Anzeige auf Kleinanzeigen gesehen. Ist das Fahrrad noch zu haben?"},
		{"IT", "Giulia", "Ciao Marco, ho visto il tuo annuncio su Subito, la bici è ancora disponibile?"},
	} {
		v := r.Evaluate(localChat(tc.country, tc.owner, tc.text))
		if v.Level == LevelNone || v.Kind != KindListing {
			t.Errorf("%s: level %s, kind %q, want a warning of kind %q: %s", tc.text, v.Level, v.Kind, KindListing, brief(v))
		}
	}
}

// German capitalises every noun: "Ist das Auto noch zu haben?" asks about
// a car, not whether the reader is "Auto"; a name asked, alone, with a
// surname, a title or where the person is from, still is.
func TestGermanNounIsNoNameAsked(t *testing.T) {
	r := testRegistry(t)
	for _, tc := range []struct {
		text string
		name string // "" when no is-this must fire
	}{
		{"Ist das Auto noch zu haben?", ""},
		{"Ist das Angebot noch gültig?", ""},
		{"Hallo, ist das Fahrrad schon verkauft?", ""},
		{"Ist das Jolante?", "Jolante"},
		{"Bist du Jolante Berger vom Tennisclub?", "Jolante Berger"},
		{"Bist du Jolante aus Graz, die ich im Zug getroffen habe?", "Jolante"},
		{"Ist da Frau Wendrich, ich wollte wegen morgen fragen?", "Wendrich"},
	} {
		v := r.Evaluate(localChat("DE", "Anna", tc.text))
		var got string
		for _, rs := range v.Reasons {
			if rs.Code == CodeIsThis {
				got = rs.Args["name"]
			}
		}
		if got != tc.name {
			t.Errorf("%q: is-this name %q, want %q (%s)", tc.text, got, tc.name, brief(v))
		}
	}
}

// "C'est Julien le voisin du 3ème, il y a une fuite ?": a name followed
// by what the sender is introduces them, even with a question later;
// "C'est Julien ?" alone still asks.
func TestNameWithRoleIntroduces(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "fr", name: "le voisin, une fuite", lines: []string{"s: Bonjour, c'est Julien le voisin du 3ème, il y a une fuite chez vous ?"}, code: CodeIsThis, absent: true},
		{lang: "fr", name: "le plombier demain", lines: []string{"s: C'est Julien le plombier, je peux passer demain à 9h ?"}, code: CodeIsThis, absent: true},
		{lang: "pt", name: "o canalizador", lines: []string{"s: É o João o canalizador? Posso passar amanhã às 9h?"}, code: CodeIsThis, absent: true},
		{lang: "fr", name: "c'est Julien ?", lines: []string{"s: C'est Julien ?"}, code: CodeIsThis, evidence: "C'est Julien"},
		{lang: "fr", name: "le cousin de Marc", lines: []string{"s: Salut c'est bien Julien le cousin de Marc ?"}, code: CodeIsThis, evidence: "Julien"},
	})
}

// A greeting, then a name no list knows, then words that speak to the
// reader ("Ciao Roby sei libera", "Hola Chuy tienes"), greets that name;
// after punctuation ("Hey... Thk we", "Yo! Howz u") the word is no name.
func TestGreetedNicknameBeforeAddressWord(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "it", name: "Ciao Roby sei libera", lines: []string{"s: Ehi Roby sei libera sabato pomeriggio?"}, code: CodeWrongName, evidence: "Roby"},
		{lang: "es", name: "Hola Chuy tienes", lines: []string{"s: Hola Chuy tienes tiempo hoy en la tarde?"}, code: CodeWrongName, evidence: "Chuy"},
		{lang: "fr", name: "Salut Jojo tu viens", lines: []string{"s: Salut Jojo tu viens ce soir ?"}, code: CodeWrongName, evidence: "Jojo"},
		{lang: "en", name: "slang after dots", lines: []string{"s: Hey... Thk we juz go accordin to wat we discussed"}, code: CodeWrongName, absent: true},
		{lang: "en", name: "slang after a bang", lines: []string{"s: Yo! Howz u? long time"}, code: CodeWrongName, absent: true},
	})
}

// Round 27's read half: paid work that is rating or liking apps, videos
// or products, in any wording with a job word; a shop asking for stars
// is no job. "c toi Karim ??" asks as "c'est toi Karim ?" does; a
// massage booked without the customer's name is someone else's; a
// lonely stranger asking to be written to; "contesta rápido".
func TestRound27ReadHalfConstructions(t *testing.T) {
	const rate = "rating or liking"
	runCueCases(t, []cueCase{
		{lang: "en", name: "rate apps for income", lines: []string{"s: I can offer you a job: you just rate apps with 5 stars, about 20 minutes, guaranteed income"}, code: CodeJobOffer, detail: rate},
		{lang: "pt", name: "dar 5 estrelas em apps", lines: []string{"s: oi! tenho um trabalho pra vc: é só dar 5 estrelas em apps, renda extra todo dia"}, code: CodeJobOffer, detail: rate},
		{lang: "it", name: "mettere like ai video", lines: []string{"s: Ciao, cerchiamo persone per mettere like ai video di YouTube, guadagno 80 euro al giorno"}, code: CodeJobOffer},
		{lang: "de", name: "Produkte bewerten", lines: []string{"s: Nebenjob gesucht? Einfach Produkte bewerten und täglich verdienen"}, code: CodeJobOffer, detail: rate},
		{lang: "en", name: "a shop asks for stars", lines: []string{"s: Thanks for your order! If you enjoyed it, please rate the app 5 stars. Your daily deal is waiting"}, code: CodeJobOffer, absent: true},
		{lang: "fr", name: "c toi Karim", lines: []string{"s: coucou c toi Karim ??"}, code: CodeIsThis, evidence: "c toi Karim"},
		{lang: "es", name: "su masaje confirmado", lines: []string{"s: Su masaje está confirmado para el viernes 17 a las 16:00."}, code: CodeSharedPlan, detail: "without naming you"},
		{lang: "es", name: "solita y aburrida, me escribes", lines: []string{"s: estoy solita en casa y aburrida, me escribes?"}, code: CodeDatingBait},
		{lang: "es", name: "disponible, contesta rápido", lines: []string{"s: ¿Estás disponible? Contesta rápido porfa"}, code: CodeTaskRequest},
	})
}

// Brazil's "new number" scam: "Oi tia, troquei de celular. Preciso q vc
// faça um pix pra mim, devolvo amanhã". The promise to repay, one word
// longer than "um pix", had been chosen as the money phrase and counted
// as a bare way to pay; a changed phone is a new one in English and
// Portuguese, a changed mind is not.
func TestChangedPhoneAndPixWithPromise(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "pt", name: "pix with a promise to repay", lines: []string{"s: Oi tia, troquei de celular. Preciso q vc faça um pix pra mim, devolvo amanhã"}, code: CodeMoney, evidence: "um pix"},
		{lang: "pt", name: "troquei de celular", lines: []string{"s: Oi tia, troquei de celular, salva aí"}, code: CodeNewNumber},
		{lang: "en", name: "changed my phone", lines: []string{"s: Hi auntie, I changed my phone"}, code: CodeNewNumber, evidence: "changed my phone"},
		{lang: "en", name: "a changed mind", lines: []string{"s: Mum I changed my mind about dinner, phone me"}, code: CodeNewNumber, absent: true},
	})
	r := testRegistry(t)
	v := r.Evaluate(localChat("PT", "Ana", "Oi tia, troquei de celular. Preciso q vc faça um pix pra mim, devolvo amanhã"))
	if v.Level < LevelWarning {
		t.Errorf("the new-number pix request: %s", brief(v))
	}
}

// "Vi sua foto no grupo de caminhada e não resisti ... sou a Camila": one
// photo seen is a profile seen, in seven languages, and the group where
// it was seen vouches for no one; a lost pet's photo is no profile.
func TestOnePhotoSeenIsAProfileSeen(t *testing.T) {
	const seen = "found your profile"
	runCueCases(t, []cueCase{
		{lang: "pt", name: "vi sua foto, sou a Camila", lines: []string{"s: Oi, tudo bem? Vi sua foto no grupo de caminhada e não resisti em mandar msg 😊 sou a Camila"}, code: CodeDatingBait, detail: seen},
		{lang: "en", name: "saw your photo", lines: []string{"s: Hey, I saw your photo in the running club chat and had to say hi"}, code: CodeDatingBait, detail: seen},
		{lang: "es", name: "vi tu foto", lines: []string{"s: Hola guapo, vi tu foto en el grupo y no me pude resistir"}, code: CodeDatingBait},
		{lang: "de", name: "dein Foto gesehen", lines: []string{"s: Hallo, ich hab in der Gruppe dein Foto gesehen und musste dir einfach schreiben"}, code: CodeDatingBait, detail: seen},
		{lang: "en", name: "a lost dog's photo", lines: []string{"s: Hi, I saw your photo of the lost dog on Facebook, I think I found him near the park"}, code: CodeDatingBait, absent: true},
	})
}

// "I am a widower ... looking for genuine people to connect with": a
// profile seeks people, not only a partner.
func TestProfileSeekingPeople(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "en", name: "widower seeks genuine people", lines: []string{"s: Hello, I am a widower working offshore, looking for genuine people to connect with"}, code: CodeDatingBait, detail: "dating profile"},
		{lang: "it", name: "vedova cerca persone sincere", lines: []string{"s: Buonasera, sono vedova da due anni e cerco persone sincere con cui parlare"}, code: CodeDatingBait, detail: "dating profile"},
		{lang: "en", name: "a club's new friends", lines: []string{"s: Join our running club on Sunday and make new friends!"}, code: CodeDatingBait, absent: true},
	})
}

// "Ton numéro était dans ta bio Tinder 😅 tu as un très beau sourire": a
// dating app named and the reader's smile or eyes praised; a flirt word
// beside an app's name is not enough.
func TestDatingAppAndLooksPraised(t *testing.T) {
	const praise = "praises your looks"
	runCueCases(t, []cueCase{
		{lang: "fr", name: "bio Tinder, beau sourire", lines: []string{"s: Salut ! Ton numéro était dans ta bio Tinder 😅 je voulais juste te dire que tu as un très beau sourire"}, code: CodeDatingBait, detail: praise},
		{lang: "en", name: "Bumble, gorgeous smile", lines: []string{"s: hey, found your number on your Bumble bio, you have a gorgeous smile"}, code: CodeDatingBait, detail: praise},
		{lang: "it", name: "Tinder, bel sorriso", lines: []string{"s: Ciao, ti ho trovato su Tinder, hai un bel sorriso"}, code: CodeDatingBait},
		{lang: "en", name: "an app's ad is cute", lines: []string{"s: did you see the new Tinder ad on telly? so cute"}, code: CodeDatingBait, detail: praise, absent: true},
	})
}

// A fake pastor or boss who names the church or office keeps the weight
// of the task he asks ("un frère de l'église" read as the number's
// provenance, and vouching had cut the task to a third); "your new line
// manager" is no new phone line.
func TestVouchedTaskKeepsWeight(t *testing.T) {
	r := testRegistry(t)
	v := r.Evaluate(localChat("FR", "Claire", "Bonjour, pasteur Daniel ici. J'ai besoin d'une aide discrète pour un frère de l'église dans le besoin. Êtes-vous disponible pour un service ?"))
	if v.Level == LevelNone {
		t.Errorf("the fake pastor's task: %s", brief(v))
	}
	runCueCases(t, []cueCase{
		{lang: "en", name: "new line manager", lines: []string{"s: This is Anil, your new line manager from Monday. Hi Rosa, HR gave me your number so I could say welcome before your first day"}, owner: []string{"Rosa"}, code: CodeTaskRequest, absent: true},
	})
}

// Round 28's read half, in languages without a lexicon of their own
// (other.toml): a changed number told in more words, relatives called
// by their diminutives and in Greek written in Latin letters, aunts,
// long-time-no-hear in more words, "herra" as a title, "Sore" as a
// greeting. The wordings here are not the round's.
func TestRound28OtherLanguages(t *testing.T) {
	r := testRegistry(t)
	for _, tc := range []struct {
		country, text, code string
	}{
		{"RO", "Buna mami, eu sunt, am schimbat numarul. Scrie-mi aici", CodeNewNumber},
		{"GR", "mama egw eimai, allaksa noumero, grapse mou edw", CodeNewNumber},
		{"RU", "Тётя, привет! Это я, номер новый, этот запиши", CodeNewNumber},
		{"ID", "Nek, ini cucumu. Nomorku ganti, simpan ya", CodeNewNumber},
		{"FI", "Hei isi, mun puhelin on huollossa, tässä uusi numero", CodeNewNumber},
		{"TR", "Selam, uzun zamandır senden haber alamadım, nasılsın?", CodeReconnect},
		{"PL", "Cześć, dawno się nie odzywałaś! Co u ciebie?", CodeReconnect},
		{"FI", "Hyvää iltaa herra Virtanen, tapaaminen siirtyy huomiseen", CodeWrongName},
		{"ID", "Sore Dewi, laporannya sudah dikirim belum?", CodeWrongName},
	} {
		c := localChat("GB", "Zoe", tc.text)
		c.Owner.Country = tc.country
		v := r.Evaluate(c)
		found := false
		for _, rs := range v.Reasons {
			found = found || rs.Code == tc.code
		}
		if !found {
			t.Errorf("%s: no %s: %s", tc.text, tc.code, brief(v))
		}
	}
}

// Round 29's read half: an apology refused, a side taken, a lie found
// out, a tenant threatened with eviction, a secret told "en confiance"
// (the wordings here are not the round's).
func TestRound29DramaConstructions(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "en", name: "too late for sorry", lines: []string{"s: too late for sorry now. you made your choice"}, code: CodeDrama},
		{lang: "de", name: "auf wessen Seite", lines: []string{"s: Jetzt weiß ich wenigstens, auf wessen Seite du stehst."}, code: CodeDrama},
		{lang: "it", name: "da che parte stai", lines: []string{"s: Bene, adesso so da che parte stai. Non cercarmi più"}, code: CodeDrama},
		{lang: "nl", name: "waarom lieg je", lines: []string{"s: Waarom lieg je tegen me? Ik heb je gisteren gewoon gezien"}, code: CodeDrama},
		{lang: "es", name: "desahucio", lines: []string{"s: Si no me paga antes del lunes, inicio el desahucio."}, code: CodeDrama},
		{lang: "fr", name: "dit en confiance", lines: []string{"s: Je te l'avais dit en confiance et maintenant toute la famille est au courant"}, code: CodeDrama},
		{lang: "pt", name: "tarde demais", lines: []string{"s: Guarda as tuas desculpas, já não me interessam"}, code: CodeDrama},
	})
}

// "E anche le uova se ti ricordi": if you remember to, not "do you
// remember me?"; "..., ti ricordi?" still reconnects.
func TestIfYouRememberIsNoReconnect(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "it", name: "se ti ricordi", lines: []string{"s: Amore compri il latte tornando? E anche le uova se ti ricordi"}, code: CodeReconnect, absent: true},
		{lang: "it", name: "ti ricordi?", lines: []string{"s: Ciao! Sono io, quella della festa di Capodanno, ti ricordi?"}, code: CodeReconnect},
	})
}

// "Warning: if you park in my spot again...", "Te aviso: ...",
// "Achtung: ...": a notice before a colon is no sender's label, so the
// threat after it is read; a business's label still names the sender.
func TestNoticeBeforeColonIsNoLabel(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "en", name: "Warning:", lines: []string{"s: Warning: if you park in my spot again I'm calling the landlord."}, code: CodeDrama},
		{lang: "es", name: "Te aviso:", lines: []string{"s: Te aviso: si vuelves a aparcar en mi plaza llamo a la grúa."}, code: CodeDrama},
		{lang: "de", name: "Achtung:", lines: []string{"s: Achtung: wenn du noch einmal vor meiner Einfahrt parkst, rufe ich den Abschleppdienst."}, code: CodeDrama},
	})
	r := testRegistry(t)
	a := r.analyse(localChat("GB", "Emma", "Brightside Physio: your session is on Tuesday at 4.15pm"))
	if !a.saysWhoWrites(0) {
		t.Error("a business's label no longer names the sender")
	}
}

// Round 29's read half, more of it: things claimed back, an affair asked
// about, a written warning blamed on the reader, a grandparent in
// intensive care (the wordings here are not the round's).
func TestRound29MoreDrama(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "en", name: "my stuff back", lines: []string{"s: I want my stuff back by Sunday. All of it."}, code: CodeDrama},
		{lang: "it", name: "voglio indietro", lines: []string{"s: Voglio indietro le mie cose entro sabato, compreso il divano"}, code: CodeDrama},
		{lang: "nl", name: "hoe lang loopt dat al", lines: []string{"s: Hoe lang loopt dat al met haar? Zeg het gewoon"}, code: CodeDrama},
		{lang: "en", name: "a written warning because of you", lines: []string{"s: Because of you I got a written warning today. Thanks a lot"}, code: CodeDrama},
		{lang: "pt", name: "a vó na UTI", lines: []string{"s: a vó tá na UTI desde ontem e vc nem apareceu"}, code: CodeDrama},
	})
}

// "O senhorio aceitou a sua proposta para o T2": the owner's own offer
// accepted is no stranger offering to buy; a stranger's offer still is.
func TestOwnOfferAcceptedIsNoPropertyOffer(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "pt", name: "aceitou a sua proposta", lines: []string{"s: Olá, sou a Joana da imobiliária, o senhorio aceitou a sua proposta para o T2"}, code: CodePropertyOffer, absent: true},
		{lang: "en", name: "accepted your offer", lines: []string{"s: Good news, the vendor has accepted your offer on the flat"}, code: CodePropertyOffer, absent: true},
		{lang: "en", name: "a stranger's offer", lines: []string{"s: Hi, I'd like to make an offer for your house on Elm Street, cash buyer"}, code: CodePropertyOffer},
		{lang: "pt", name: "uma proposta pela casa", lines: []string{"s: Olá, faço uma proposta para a sua casa, pago à vista"}, code: CodePropertyOffer},
	})
}

// The family asks after the reader, who is begged to come home or call:
// drama aimed at the wrong person, in every language; a greeting passed
// on is none.
func TestAskedAfter(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "en", name: "kids ask for you, come home", lines: []string{"s: Please come home. The kids keep asking for you 😢"}, code: CodeDrama},
		{lang: "it", name: "chiede di te, torna a casa", lines: []string{"s: La nonna chiede di te ogni giorno, torna a casa ti prego"}, code: CodeDrama},
		{lang: "nl", name: "vraagt naar je, kom naar huis", lines: []string{"s: Papa vraagt steeds naar je. Kom alsjeblieft naar huis"}, code: CodeDrama},
		{lang: "tr", name: "seni soruyor, eve gel", lines: []string{"s: Annem hep seni soruyor, akşam eve gel artık"}, code: CodeDrama},
		{lang: "en", name: "mum asked about you, says hi", lines: []string{"s: Mum was asking about you at lunch, she says hi"}, code: CodeDrama, absent: true},
	})
}

func TestToldSecret(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "en", name: "you told, only you knew", lines: []string{"s: So you told Dan about the loan. Only you knew about it"}, code: CodeDrama},
		{lang: "de", name: "erzählt, vertraut", lines: []string{"s: Du hast es meiner Schwester erzählt?! Ich hab dir vertraut."}, code: CodeDrama},
		{lang: "fr", name: "raconté, il n'y avait que toi", lines: []string{"s: T'as raconté à ma mère pour le boulot ? Il n'y avait que toi qui savais."}, code: CodeDrama},
		{lang: "ru", name: "рассказала, знала только ты", lines: []string{"s: Ты рассказала маме про кредит? Знала только ты."}, code: CodeDrama},
		{lang: "fi", name: "kerroit, luotin suhun", lines: []string{"s: Miksi kerroit isälle? Luotin suhun."}, code: CodeDrama},
		{lang: "en", name: "you told, no trust broken", lines: []string{"s: You told Sam about the party? Great, he's coming too!"}, code: CodeDrama, absent: true},
	})
}

func TestFamilyNewsOtherLanguages(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "sv", name: "mamma på sjukhuset", lines: []string{"s: Mamma ligger på sjukhuset sedan i natt, ring mig"}, code: CodeDrama},
		{lang: "pl", name: "babcia w szpitalu", lines: []string{"s: Babcia jest w szpitalu, przyjedź jak najszybciej"}, code: CodeDrama},
		{lang: "pl", name: "the sender's own mother", lines: []string{"s: Moja mama jest w szpitalu, nie przyjdę dzisiaj"}, code: CodeDrama, absent: true},
		{lang: "en", name: "out of hospital is good news", lines: []string{"s: Grandpa's out of hospital, he's staying with Aunt Jo for now"}, code: CodeDrama, absent: true},
		{lang: "sv", name: "hemma från sjukhuset, mår bättre", lines: []string{"s: Mamma är hemma från sjukhuset och mår bättre 😊"}, code: CodeDrama, absent: true},
		{lang: "fi", name: "äiti itkee, tuu kotiin", lines: []string{"s: Äiti itkee koko ajan, tuu jo kotiin"}, code: CodeDrama},
		{lang: "fi", name: "pääsi sairaalasta, good news", lines: []string{"s: Mummo pääsi eilen sairaalasta kotiin, kaikki hyvin"}, code: CodeDrama, absent: true},
	})
}

func TestNothingUrgent(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "en", name: "free? urgent", lines: []string{"s: Are you free? It's urgent"}, code: CodeTaskRequest},
		{lang: "en", name: "free? nothing urgent", lines: []string{"s: Are you free? Nothing urgent"}, code: CodeTaskRequest, absent: true},
		{lang: "tr", name: "müsait misin? acil", lines: []string{"s: Müsait misin? Acil"}, code: CodeTaskRequest},
		{lang: "tr", name: "müsait misin? acil değil", lines: []string{"s: Müsait misin? Acil değil, akşam konuşuruz"}, code: CodeTaskRequest, absent: true},
		{lang: "uk", name: "ви на місці? терміново", lines: []string{"s: Ви на місці? Терміново"}, code: CodeTaskRequest},
	})
}

func TestSingleAskOtherLanguages(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "pl", name: "jesteś singlem", lines: []string{"s: Hej, jesteś singlem? 😊"}, code: CodeDatingBait},
		{lang: "sv", name: "är du singel", lines: []string{"s: Är du singel eller?"}, code: CodeDatingBait},
		{lang: "ru", name: "ты не замужем", lines: []string{"s: Привет, ты не замужем?"}, code: CodeDatingBait},
		{lang: "el", name: "είσαι ελεύθερη is 'are you free'", lines: []string{"s: Είσαι ελεύθερη; Θέλω βοήθεια με την αναφορά"}, code: CodeDatingBait, absent: true},
	})
}

func TestBusinessLabelTradeFirst(t *testing.T) {
	runCueCases(t, []cueCase{
		// the trade before its name, as a label: the business says who
		// writes, so a customer it names is its own, taken for someone else's
		{lang: "de", name: "Physiotherapie Am Markt: for Lotte", lines: []string{"s: Physiotherapie Am Markt: Die Befunde von Lotte sind da, alles in Ordnung. Bei Fragen gerne anrufen."}, code: CodeSharedPlan, evidence: "Physiotherapie Am Markt"},
		{lang: "pt", name: "Clínica Bem Estar: for Mariana", lines: []string{"s: Clínica Bem Estar: os resultados da Mariana já chegaram, está tudo bem. Qualquer dúvida ligue-nos."}, code: CodeSharedPlan, evidence: "Clínica Bem Estar"},
	})
}

func TestPartingWithoutTheWord(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "en", name: "don't bother coming home", lines: []string{"s: Don't bother coming home. Your things are outside."}, code: CodeDrama},
		{lang: "nl", name: "wil je nooit meer zien", lines: []string{"s: Ik wil je nooit meer zien. Haal je spullen maar op bij je broer."}, code: CodeDrama},
		{lang: "ru", name: "не хочу тебя видеть", lines: []string{"s: Не хочу тебя видеть. Забери свои вещи до пятницы."}, code: CodeDrama},
		{lang: "en", name: "don't come home late", lines: []string{"s: Don't come home late, dinner's at 7"}, code: CodeDrama, absent: true},
	})
}

func TestPickupCodeAsked(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "de", name: "schick mir den Abholcode", lines: []string{"s: Bin gleich an der Packstation, schick mir den Abholcode, dann nehm ich dein Paket mit"}, code: CodeMoney, evidence: "Abholcode"},
		{lang: "en", name: "need your pickup code", lines: []string{"s: At the locker now, I can grab your parcel, just need your pickup code"}, code: CodeMoney, evidence: "pickup code"},
		{lang: "en", name: "a locker's own notice", lines: []string{"s: Your parcel is in locker 12 at Station Road. Pickup code 481920, valid 7 days."}, code: CodeMoney, absent: true},
	})
}

func TestChineseGivenNames(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "zh", name: "a doubled name", lines: []string{"s: 丽丽，周六下午三点老地方见，别忘了带伞"}, code: CodeWrongName, evidence: "丽丽"},
		{lang: "zh", name: "小 before a name", lines: []string{"s: 小军，你要的书我放在前台了"}, code: CodeWrongName, evidence: "小军"},
		{lang: "zh", name: "阿 before a name", lines: []string{"s: 阿明，今晚七點喺公司樓下等你"}, code: CodeWrongName, evidence: "阿明"},
		{lang: "zh", name: "thanks is no name", lines: []string{"s: 谢谢，收到了"}, code: CodeWrongName, absent: true},
		{lang: "zh", name: "auntie is no name", lines: []string{"s: 阿姨，明天我晚点到"}, code: CodeWrongName, absent: true},
		{lang: "zh", name: "the owner's own name", lines: []string{"s: 丽丽，周六下午三点老地方见"}, owner: []string{"王丽丽"}, code: CodeWrongName, absent: true},
		{lang: "ja", name: "a listed Japanese name", lines: []string{"s: 健太、明日の練習は9時からだって"}, code: CodeWrongName, evidence: "健太"},
		{lang: "ja", name: "a three-character name", lines: []string{"s: 真理子、駅に着いたら連絡して"}, code: CodeWrongName, evidence: "真理子"},
		{lang: "ja", name: "today is no name", lines: []string{"s: 今日、雨だね"}, code: CodeWrongName, absent: true},
	})
}

func TestKanaNamesWithTitles(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "ja", name: "リナちゃん", lines: []string{"s: ミカちゃん、土曜のランチ12時に駅前でいい？"}, code: CodeWrongName, evidence: "ミカちゃん"},
		{lang: "ja", name: "ケンジくん", lines: []string{"s: タカシくん、明日の練習は中止だって"}, code: CodeWrongName, evidence: "タカシくん"},
	})
}

func TestCJKFrames(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "ko", name: "boss: in a meeting, at your desk?", lines: []string{"s: 박 이사입니다. 지금 통화가 어려워요. 자리에 계세요?"}, code: CodeTaskRequest},
		{lang: "zh", name: "boss: at the office? reply fast", lines: []string{"s: 你现在在办公室吗？我这边不方便打电话，有件小事要你帮我办"}, code: CodeTaskRequest},
		{lang: "ja", name: "listing: still available", lines: []string{"s: 出品されていた自転車、まだありますか？"}, code: CodeStillAvailable},
		{lang: "ko", name: "property: would you sell", lines: []string{"s: 안녕하세요, 지금 사시는 집 매도 의향 있으신가요?"}, code: CodeStillAvailable},
		{lang: "zh", name: "dating: single now?", lines: []string{"s: 冒昧问一下，你现在单身吗？"}, code: CodeDatingBait},
		{lang: "ko", name: "dating: girlfriend?", lines: []string{"s: 혹시 여자친구 있으세요? ㅎㅎ"}, code: CodeDatingBait},
		{lang: "zh", name: "drama: don't look for me", lines: []string{"s: 钥匙我放在门卫那了，别再找我"}, code: CodeDrama},
		{lang: "zh", name: "job: paid reviews", lines: []string{"s: 在家用手机给商品写好评，当天结算"}, code: CodeJobOffer},
	})
}

// Arabic and Hebrew join "and" to the next word: a phrase after it still
// counts ("... وخليها بيناتنا", "and keep it between us").
func TestJoinedConjunction(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "ar", name: "وخليها بيناتنا", lines: []string{"s: محتاج مساعدتك في موضوع وخليها بيناتنا"}, code: CodeTaskRequest, evidence: "وخليها بيناتنا"},
		{lang: "ar", name: "without the secret", lines: []string{"s: محتاج مساعدتك في موضوع الشقة"}, code: CodeTaskRequest, absent: true},
	})
}

func TestJapaneseCasualIsThis(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "ja", name: "これX の番号だよね", lines: []string{"s: これユウタの番号だよね？久しぶり"}, code: CodeIsThis, evidence: "ユウタの番号だよね"},
		{lang: "ja", name: "a member's number asks for no one", lines: []string{"s: 会員の番号で合ってますか？"}, code: CodeIsThis, absent: true},
		{lang: "zh", name: "请问这个是X的号码吗", lines: []string{"s: 你好，请问这个是建华的号码吗？"}, code: CodeIsThis, evidence: "建华的号码吗"},
		{lang: "zh", name: "your number asks for no one", lines: []string{"s: 这是你的号码吗？"}, code: CodeIsThis, absent: true},
	})
}

func TestKoreanAuthorityThreat(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "ko", name: "police called after an ultimatum", lines: []string{"s: 계속 이러면 경찰 부르겠습니다"}, code: CodeDrama},
		{lang: "ko", name: "did you call the police?", lines: []string{"s: 경찰 불렀어?"}, code: CodeDrama, absent: true},
	})
}

func TestCaughtWith(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "en", name: "saw you ... with her", lines: []string{"s: Saw you outside the cinema on friday with her. Don't even try to lie"}, code: CodeDrama},
		{lang: "he", name: "ראיתי אותך ... איתו", lines: []string{"s: ראיתי אותך בשבת בתחנה איתו. אל תכחישי"}, code: CodeDrama},
		{lang: "ru", name: "видел тебя ... с ним", lines: []string{"s: Видел тебя в субботу в кафе с ним. Не отпирайся"}, code: CodeDrama},
		{lang: "en", name: "saw you with your dog", lines: []string{"s: Saw you at the park with your dog this morning!"}, code: CodeDrama, absent: true},
	})
}

func TestEnglishTypedShort(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "en", name: "are u the X who", lines: []string{"s: are u the Megan who did my cousins nails?"}, code: CodeIsThis, evidence: "are u the Megan"},
		{lang: "en", name: "are u taking: what you do", lines: []string{"s: Ya! when are u taking ure driving lessons?"}, code: CodeIsThis, absent: true},
		{lang: "en", name: "did u tell, i trusted u", lines: []string{"s: did u tell the whole team about my raise?? i trusted u"}, code: CodeDrama},
		{lang: "en", name: "r u married", lines: []string{"s: Hi, I am Priya from Pune. r u married?"}, code: CodeDatingBait},
		{lang: "en", name: "textmate", lines: []string{"s: hello po, can I be ur textmate? bored tonight"}, code: CodeDatingBait},
		{lang: "en", name: "not right for each other", lines: []string{"s: I've thought about it and we're just not right for each other. Don't call me again"}, code: CodeDrama},
	})
}

func TestHindiHebrewForms(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "hi", name: "tune bol diya, bharosa", lines: []string{"s: jo baat maine tujhe batayi thi wo tune Rohan ko bol diya? bharosa kiya tha"}, code: CodeDrama},
		{lang: "hi", name: "rating ka kaam", lines: []string{"s: Namaste, ghar baithe rating ka kaam hai, har din salary milegi"}, code: CodeJobOffer},
		{lang: "hi", name: "yaad hu main", lines: []string{"s: Hii! yaad hu main? college mein saath the"}, code: CodeReconnect},
		{lang: "he", name: "מלא זמן לא דיברנו", lines: []string{"s: היי! מלא זמן לא דיברנו, מה שלומך?"}, code: CodeReconnect},
		{lang: "he", name: "עבודה מהבית, עמלה", lines: []string{"s: שלום, מציעים עבודה מהבית, עמלה לכל משימה"}, code: CodeJobOffer},
	})
}

func TestArabicUkrainianForms(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "ar", name: "Arabizi hi-mum", lines: []string{"s: salam mama, telifouni ta7 w tkasser, hada numero jdid dyali"}, code: CodeNewNumber},
		{lang: "ar", name: "هل هذا رقم", lines: []string{"s: مساء الخير، هل هذا رقم الأستاذ كريم؟"}, code: CodeIsThis},
		{lang: "ar", name: "job per task from home", lines: []string{"s: مرحبا، عندنا شغل بسيط من البيت والقبض يومي"}, code: CodeJobOffer},
		{lang: "uk", name: "відчепись від мого чоловіка", lines: []string{"s: Відчепись від мого чоловіка, я все знаю"}, code: CodeDrama},
		{lang: "uk", name: "поспілкуємось", lines: []string{"s: Нудно сьогодні... може поспілкуємось? 😊"}, code: CodeDatingBait},
	})
}

func TestParcelPretext(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "en", name: "package at my door, your name?", lines: []string{"s: Hi, a package was left on my porch by mistake, I think it's for you. What's your full name so I can check the label?"}, code: CodeBait},
		{lang: "de", name: "Paket, wie heißen Sie", lines: []string{"s: Hallo, bei mir liegt ein Paket, das wohl Ihres ist. Wie heißen Sie, dann schau ich aufs Etikett"}, code: CodeBait},
		{lang: "en", name: "a courier's notice names the owner", lines: []string{"s: Hi Sarah, your parcel is in locker 4 at Station Road, code 2231"}, owner: []string{"Sarah"}, code: CodeBait, absent: true},
	})
}

func TestHindiIndonesianVietnameseRound40Forms(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "hi", name: "सीट पर हैं, मत बताना", lines: []string{"s: नमस्ते, मैं रीजनल हेड। आप सीट पर हैं? एक काम अर्जेंट है, किसी और को मत बताना"}, code: CodeTaskRequest},
		{lang: "hi", name: "खाली है क्या", lines: []string{"s: आपका फ़्लैट किराये के लिए अभी खाली है क्या?"}, code: CodeStillAvailable},
		{lang: "id", name: "masih kosong", lines: []string{"s: Kak, kamar kosnya masih kosong gak?"}, code: CodeStillAvailable},
		{lang: "vi", name: "còn bán không", lines: []string{"s: Chào chị, cái tủ lạnh chị đăng còn bán không ạ?"}, code: CodeStillAvailable},
		{lang: "vi", name: "đừng nhắn cho em nữa", lines: []string{"s: Mình dừng lại ở đây thôi anh. Đừng nhắn cho em nữa"}, code: CodeDrama},
	})
}

func TestMoreNamesWithoutCapitals(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "hi", name: "दीपक,", lines: []string{"s: दीपक, हॉल की बुकिंग शनिवार के लिए पक्की हो गई है"}, code: CodeWrongName, evidence: "दीपक"},
		{lang: "ar", name: "ماهر،", lines: []string{"s: ماهر، الطلب جاهز عند المحل، مر خده قبل الساعة ستة"}, code: CodeWrongName, evidence: "ماهر"},
		{lang: "he", name: "אביטל,", lines: []string{"s: אביטל, הזמנתי שולחן לשמונה, אל תאחרי"}, code: CodeWrongName, evidence: "אביטל"},
	})
}

func TestProfilePraise(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "en", name: "profile pic is stunning", lines: []string{"s: hi there, ur profile pic is stunning, had to say hello"}, code: CodeDatingBait},
		{lang: "es", name: "foto de perfil preciosa", lines: []string{"s: Hola, tu foto de perfil es preciosa 😍"}, code: CodeDatingBait},
		{lang: "en", name: "a photo of a lake", lines: []string{"s: Your photo of the lake is beautiful, where was it taken?"}, code: CodeDatingBait, absent: true},
	})
}

func TestKoreanVocativeNames(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "ko", name: "지은아,", lines: []string{"s: 하은아, 내일 7시에 역 앞에서 보자"}, code: CodeWrongName, evidence: "하은아"},
		{lang: "ko", name: "민수야", lines: []string{"s: 준호야 어디야? 벌써 시작했어"}, code: CodeWrongName, evidence: "준호야"},
		{lang: "ko", name: "괜찮아 is no name", lines: []string{"s: 괜찮아, 신경 쓰지 마"}, code: CodeWrongName, absent: true},
		{lang: "ko", name: "집이야 is no name", lines: []string{"s: 집이야? 나 지금 간다"}, code: CodeWrongName, absent: true},
		{lang: "ko", name: "먹어야 is no name", lines: []string{"s: 먹어야 힘이 나지"}, code: CodeWrongName, absent: true},
		{lang: "ko", name: "the owner's own name", lines: []string{"s: 하은아, 내일 보자"}, owner: []string{"김하은"}, code: CodeWrongName, absent: true},
	})
}

func TestPromisedMoney(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "en", name: "the deposit, you said", lines: []string{"s: Still waiting on the $300 for the van. You said Friday, it's Tuesday"}, code: CodeDrama},
		{lang: "de", name: "du hast gesagt, 450 €", lines: []string{"s: Die 450 € für den Urlaub. Du hast gesagt Ende des Monats"}, code: CodeDrama},
		{lang: "he", name: "הבטחת, ₪", lines: []string{"s: עברו חודשיים מה-800 ₪. הבטחת עד פסח"}, code: CodeDrama},
		{lang: "en", name: "no sum", lines: []string{"s: You said you'd call me back yesterday"}, code: CodeDrama, absent: true},
	})
}

func TestCentralEuropeanTurkishBossAndDating(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "cs", name: "na jednání, ozvěte se", lines: []string{"s: Jsem na jednání a nemůžu telefonovat, ozvěte se, až to uvidíte"}, code: CodeTaskRequest},
		{lang: "pl", name: "jesteś w pracy? pilna", lines: []string{"s: Dzień dobry, jesteś w pracy? Sprawa jest pilna"}, code: CodeTaskRequest},
		{lang: "tr", name: "sohbet edelim mi", lines: []string{"s: Bu akşam çok yalnızım, biraz sohbet edelim mi?"}, code: CodeDatingBait},
	})
}

func TestFamilyRowsAndComeHome(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "en", name: "dad's fuming", lines: []string{"s: You borrowed the car and brought it back scratched?? Dad's fuming, ring him tonight"}, code: CodeDrama},
		{lang: "pl", name: "ojciec jest wściekły", lines: []string{"s: Ojciec jest wściekły przez ciebie, zadzwoń do niego dzisiaj"}, code: CodeDrama},
		{lang: "tr", name: "anne eve dön", lines: []string{"s: Anne lütfen eve dön, hepimiz seni bekliyoruz"}, code: CodeDrama},
		{lang: "en", name: "dad's out of hospital, not furious", lines: []string{"s: Dad's home from hospital and feeling better"}, code: CodeDrama, absent: true},
		{lang: "sv", name: "Skäms.", lines: []string{"s: Det var du som lämnade grinden öppen igen. Skäms."}, code: CodeDrama},
		{lang: "nl", name: "Schaam u.", lines: []string{"s: Ge zijt niet eens naar de begrafenis gekomen. Schaam u."}, code: CodeDrama},
		{lang: "uk", name: "ви нас залили", lines: []string{"s: Ви нас знову залили, у ванній вся стеля мокра!!!"}, code: CodeDrama},
		{lang: "en", name: "water through our ceiling", lines: []string{"s: There's water coming through our ceiling AGAIN. Turn your taps off"}, code: CodeDrama},
	})
}

// More codes than a frame's code set holds is an error that says so,
// not an index out of range while compiling the frames.
func TestTooManyCodesIsAnError(t *testing.T) {
	var extra strings.Builder
	for i := range maxCodes {
		fmt.Fprintf(&extra, "[slot.zz_extra_%d]\n_ = [\"zzextra%d\"]\n\n", i, i)
	}
	fsys := lexiconsWith(t, "other.toml", "[slot.flooded_us]\n", extra.String()+"[slot.flooded_us]\n")
	// and a frame that asks for the last of them
	frames := fsys["lexicons/frames.toml"]
	frames.Data = append(append([]byte(nil), frames.Data...), fmt.Sprintf("\n[[frame]]\nname = \"zz-extra\"\ncode = \"opener.drama\"\nparts = [\"zz_extra_%d\"]\ndetail = \"x\"\n", maxCodes-1)...)
	_, err := compileLexiconFS(fsys, "lexicons", newFolder())
	if !errors.Is(err, ErrBadLexicon) || !strings.Contains(err.Error(), "codes") {
		t.Fatalf("compile with %d more slots: %v, want ErrBadLexicon saying how many codes", maxCodes, err)
	}
}

// Money said to have been sent to the reader by mistake and asked back
// (the refund-by-mistake frame), in lexicon languages and others; not
// the sender's own promise to return money, nor a sender who names the
// owner (a treasurer who paid them twice). Its own code: the warning
// says that the sender's bank reverses a real mistake.
func TestRefundByMistake(t *testing.T) {
	const detail = "sent you money by mistake"
	runCueCases(t, []cueCase{
		{lang: "en", name: "zelle sent back", lines: []string{"s: hello, I accidentally sent you $150 on Zelle, can you send it back please"}, code: CodeRefund, detail: detail, evidence: "send it back"},
		{lang: "en", name: "instead of my brother", lines: []string{"s: Hey so my rent went to this number instead of my brother's, 900 dollars, please return it today"}, code: CodeRefund, detail: detail},
		{lang: "es", name: "bizum por error", lines: []string{"s: Perdona, te hice un bizum por error de 40€, ¿me lo devuelves?"}, code: CodeRefund, detail: detail},
		{lang: "nl", name: "in plaats van mijn zus", lines: []string{"s: Ik heb het geld naar jou gestuurd in plaats van naar mijn zus, wil je het terugstorten?"}, code: CodeRefund, detail: detail},
		{lang: "de", name: "zurückzuüberweisen", lines: []string{"s: Guten Tag, mir ist ein Tippfehler passiert und 85 € sind bei Ihnen gelandet. Könnten Sie den Betrag zurückzuüberweisen?"}, code: CodeRefund, detail: detail},
		{lang: "ru", name: "по ошибке перевела", lines: []string{"s: Здравствуйте, я вам по ошибке перевела 800 рублей, верните пожалуйста"}, code: CodeRefund, detail: detail},
		{lang: "id", name: "salah transfer", lines: []string{"s: Maaf kak, saya salah transfer 300rb ke nomor ini, tolong dikembalikan ya"}, code: CodeRefund, detail: detail},
		{lang: "zh", name: "转错账", lines: []string{"s: 不好意思，我转错账了，给你转了500元，麻烦退回一下"}, code: CodeRefund, detail: detail},
		{lang: "pl", name: "zamiast do córki", lines: []string{"s: Dzień dobry, przelałam 250 zł na ten numer zamiast do córki, proszę o zwrot"}, code: CodeRefund, detail: detail},
		{lang: "en", name: "the sender gives it back", lines: []string{"s: Oops, you paid me $20 by mistake, I'll give it back to you tomorrow"}, code: CodeRefund, detail: detail, absent: true},
		{lang: "en", name: "the owner named by a treasurer", owner: []string{"Robin"}, lines: []string{"s: Hi Robin, it's Eline, I paid you for the barbecue twice by mistake ($12.50 each), could you send it back?"}, code: CodeRefund, detail: detail, absent: true},
		{lang: "en", name: "a mistake and money, nothing asked back", lines: []string{"s: sorry, by mistake I sent the invoice for $300 to this number, please ignore it"}, code: CodeRefund, detail: detail, absent: true},
	})
}

// A refund ask and the payment app it names are one ask for money: the
// score counts the heavier of pivot.refund and pivot.money once, as it
// did when the refund frame gave pivot.money.
func TestRefundAndMoneyCountOnce(t *testing.T) {
	r := testRegistry(t)
	v := r.evaluate(chat("sms", nil, "s: Scusa, ti ho mandato 50 euro per errore su Satispay, me li restituisci?"))
	best := map[string]float64{}
	for _, rs := range v.Reasons {
		code := rs.Code
		if code == CodeRefund {
			code = CodeMoney
		}
		best[code] = max(best[code], rs.Weight)
	}
	if _, ok := best[CodeMoney]; !ok || !slices.ContainsFunc(v.Reasons, func(rs Reason) bool { return rs.Code == CodeRefund }) ||
		!slices.ContainsFunc(v.Reasons, func(rs Reason) bool { return rs.Code == CodeMoney }) {
		t.Fatalf("want both pivot.refund and pivot.money: %+v", v.Reasons)
	}
	keep := 1.0
	for _, w := range best {
		keep *= 1 - w
	}
	if want := math.Round((1-keep)*1000) / 1000; v.Score != want {
		t.Errorf("score %.3f, want %.3f (the refund and the money ask once)", v.Score, want)
	}
}

// "Did you call me? I have a missed call from this number": a stranger
// asks about a call the owner never made, so that the owner explains
// who they are (the who-asks frame); not one who says who writes.
func TestMissedCallAsks(t *testing.T) {
	const detail = "as if your number were in their phone"
	runCueCases(t, []cueCase{
		{lang: "en", name: "did you just call me", lines: []string{"s: Did you just call me? I have a missed call from this number"}, code: CodeIsThis, detail: detail, evidence: "Did you just call me"},
		{lang: "ru", name: "вы мне звонили", lines: []string{"s: Добрый день, вы мне звонили? У меня пропущенный с этого номера"}, code: CodeIsThis, detail: detail},
		{lang: "it", name: "mi hai chiamato", lines: []string{"s: Scusa, mi hai chiamato? Vedo una chiamata persa"}, code: CodeIsThis, detail: detail},
		{lang: "en", name: "a caller who says who writes", lines: []string{"s: Hi, it's Tom from the tennis club, did you call me? I have a missed call from this number"}, code: CodeIsThis, detail: detail, absent: true},
	})
}

// A greeting, then a name with its title closed by a full stop, greets
// someone else in Japanese and Chinese as with a comma ("こんにちは、田中さ
// ん。明日の…", "你好，王先生。"); without the greeting a full stop does
// not make an address ("田中さん。" alone, "王先生说…" talks about him).
func TestGreetedTitledNameBeforeFullStop(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "ja", name: "こんにちは、田中さん。", lines: []string{"s: こんにちは、田中さん。明日のランチ、12時でいいですか？"}, code: CodeWrongName, evidence: "田中さん"},
		{lang: "zh", name: "你好，王先生。", lines: []string{"s: 你好，王先生。明天的会议照常吗？"}, code: CodeWrongName, evidence: "王先生"},
		{lang: "zh", name: "你好王先生。", lines: []string{"s: 你好王先生。明天下午三点见"}, code: CodeWrongName, evidence: "王先生"},
		{lang: "ja", name: "田中さん。 alone", lines: []string{"s: 田中さん。"}, code: CodeWrongName, absent: true},
		{lang: "zh", name: "王先生说", lines: []string{"s: 王先生说明天的会议照常。"}, code: CodeWrongName, absent: true},
	})
}

// Ukrainian "пане"/"пані" before a name in the vocative greet that name
// as Polish "Pani Anno" does; Vietnamese "Chào cô Hoa" as "Chào chị Lan",
// and after "xin chào" too (two greeting pairs that overlap).
func TestTitleBeforeNameGreets(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "uk", name: "пане Петре", lines: []string{"s: Добрий день, пане Петре, завтра о 10?"}, code: CodeWrongName, evidence: "Петре"},
		{lang: "uk", name: "пані Олено.", lines: []string{"s: Добрий день, пані Олено. Завтра о 10 як домовлялись?"}, code: CodeWrongName, evidence: "Олено"},
		{lang: "uk", name: "told about пан Іван", lines: []string{"s: Пан Іван сказав, що завтра прийде"}, code: CodeWrongName, absent: true},
		{lang: "vi", name: "Chào cô Hoa", lines: []string{"s: Chào cô Hoa, mai con nghỉ học ạ"}, code: CodeWrongName, evidence: "Hoa"},
		{lang: "vi", name: "Xin chào chị Lan.", lines: []string{"s: Xin chào chị Lan. Mai 5 giờ mình gặp nhau nhé?"}, code: CodeWrongName, evidence: "Lan"},
		{lang: "vi", name: "Xin chào, anh có khỏe không", lines: []string{"s: Xin chào, anh có khỏe không?"}, code: CodeWrongName, absent: true},
	})
}

// A sender who says who they are weighs less in the model's reading:
// the same words, with and without "this is Priya", under one model.
func TestIntroducedSenderSoftensModel(t *testing.T) {
	base := testRegistry(t)
	hot := &textmodel.Model{Labels: []string{"scam"}, Bits: 4, Scale: 1, Inputs: base.models.scam.Inputs,
		Bias: []float32{2}, Weights: slices.Repeat([]int8{1}, 16), PlattA: 1}
	r := base.WithModels(hot, base.models.lang)
	weight := func(text string) float64 {
		for _, rs := range r.Evaluate(chat(NetworkSMS, nil, "s: "+text)).Reasons {
			if rs.Code == CodeModel {
				return rs.Weight
			}
		}
		return 0
	}
	anon := weight("so sorry about the noise last night, it was my sister's party, won't happen again")
	named := weight("Hi, this is Priya from the flat above, so sorry about the noise last night, it was my sister's party, won't happen again")
	if anon == 0 || math.Abs(named-anon*introModelDamping) > 0.01 {
		t.Errorf("model weight %.3f with the sender's name, %.3f without; want %.2f of it", named, anon, introModelDamping)
	}
}

// A name that opens the message calls its reader when an imperative or
// a particle follows it, comma or not ("Богдан залиш ключі"); a verb
// that tells of them does not ("Богдан сказав, що прийде").
func TestVocativeWithoutComma(t *testing.T) {
	r := testRegistry(t)
	for _, tc := range []struct {
		text  string
		greet bool
	}{
		{"Богдан залиш ключі в сусідки, я після роботи заберу", true},
		{"Маша купи хлеба по дороге", true},
		{"Настя ну шо там з рибалкою на вихідних?", true},
		{"Богдан сказав, що прийде о 5", false},
		{"Маша купила хлеб, не покупай", false},
	} {
		got := false
		for _, rs := range r.Evaluate(localChat("UA", "Олена", tc.text)).Reasons {
			got = got || rs.Code == CodeWrongName
		}
		if got != tc.greet {
			t.Errorf("%s: wrong name %v, want %v", tc.text, got, tc.greet)
		}
	}
}

// A message that is nothing but one short question about a plan or the
// reader's whereabouts, from a sender who names no one and says not who
// they are, is the wrong-number opener itself ("Around for dinner
// today?"): the model, which learnt such questions from friends' texts,
// does not soften it. Said with more, or by someone who says who they
// are, it stays soft.
func TestPlainPlanAskIsNotSoftened(t *testing.T) {
	base := testRegistry(t)
	lang := base.models.lang
	calm := calmModel(base)
	r := base.WithModels(calm, lang)
	for _, tc := range []struct {
		text string
		want Level
	}{
		{"Around for dinner today?", LevelCaution},
		{"Let's practice yoga together tomorrow.", LevelCaution},
		{"Let's practice yoga together tomorrow. Sam says hi, by the way", LevelNone},
		{"Hey, are we still on for Saturday?", LevelCaution},
		{"Around for dinner today? It's Sam from next door", LevelNone},
		{"Sam here, around for dinner today?", LevelNone},
		{"Made way too much lasagne again. Around for dinner today?", LevelNone},
		{"Hey, are we still on for coffee at the usual place on Saturday?", LevelNone},
	} {
		v := r.Evaluate(chat(NetworkSMS, nil, "s: "+tc.text))
		if v.Level != tc.want {
			t.Errorf("%q: level %v (score %.2f, %s), want %v", tc.text, v.Level, v.Score, brief(v), tc.want)
		}
	}
}

// Indonesia's "mama minta pulsa" and "transfer to this account" texts:
// an ask to send money into an account, or for phone credit, in the
// languages without a lexicon; not the sender's own payment, a
// collection, or a landlord who names the reader.
func TestAccountTransferAndTopUp(t *testing.T) {
	const toAccount, topUp = "send money to an account", "phone credit"
	runCueCases(t, []cueCase{
		{lang: "id", name: "kirim ke rek a/n", lines: []string{"s: Tolong kirim uangnya ke rek BRI 1234567890 a/n Siti, jangan telpon dulu mama lagi rapat"}, code: CodeMoney, detail: toAccount},
		{lang: "id", name: "mohon transfer, a sum between", lines: []string{"s: Pembelian Sukses, Mohon Transfer Dana Rp 1.500.000 Ke Rekening Bank BRI Atas Nama Budi dengan Nomor 123456789"}, code: CodeMoney, detail: toAccount},
		{lang: "ms", name: "bank in ke akaun", lines: []string{"s: Boleh tolong bank in ke akaun Maybank ni dulu? Nanti petang saya ganti"}, code: CodeMoney, detail: toAccount},
		{lang: "id", name: "belikan pulsa", lines: []string{"s: Mama minta tolong belikan pulsa 100rb ke nomor ini ya, nanti mama ganti"}, code: CodeMoney, detail: topUp},
		{lang: "id", name: "the sender pays", lines: []string{"s: Nanti aku transfer ke rekening kamu ya, makasih udah dibantu"}, code: CodeMoney, detail: toAccount, absent: true},
		{lang: "id", name: "a class collection", lines: []string{"s: Iuran kas kelas 50rb per anak, tolong transfer ke rek BCA 0123456 a/n Bu Rina"}, code: CodeMoney, detail: toAccount, absent: true},
		{lang: "id", name: "the landlord names the reader", owner: []string{"Maya"}, lines: []string{"s: Bu Maya, uang kontrakan bulan ini tolong ditransfer ke rek BCA a/n Rahmat ya"}, code: CodeMoney, detail: toAccount, absent: true},
		{lang: "id", name: "credit bought already", lines: []string{"s: Aku udah beliin pulsa buat adik tadi pagi"}, code: CodeMoney, absent: true},
		{lang: "id", name: "isiin pulsa asked", lines: []string{"s: Ma, pulsa aku habis, bisa isiin pulsa 20rb?"}, code: CodeMoney, detail: topUp},
	})
}

// The "hi mum" text in Malay and Filipino, whose words are in other.toml.
func TestHiMumMalayAndFilipino(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "ms", name: "nombor baru, phone rosak", lines: []string{"s: Mak, ni nombor baru adik. Phone lama rosak"}, code: CodeNewNumber, evidence: "Mak"},
		{lang: "ms", name: "fon baru, simpan nombor", lines: []string{"s: Abah, ni fon baru along, simpan nombor ni"}, code: CodeNewNumber},
		{lang: "tl", name: "bago kong number", lines: []string{"s: Mama, ito na ang bago kong number"}, code: CodeNewNumber, evidence: "Mama"},
		{lang: "ms", name: "a new number, no relative", lines: []string{"s: Ni nombor baru saya untuk urusan kerja, sila simpan"}, code: CodeNewNumber, absent: true},
	})
}

// "Are you still in Boston?" in every lexicon language as in English
// (Portuguese reads it as a reconnect too), and the city it names is no
// one "is this X?" asks for.
func TestStillInCityAsked(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "en", name: "still in", lines: []string{"s: Are you still in Boston?"}, code: CodeSharedPlan},
		{lang: "de", name: "noch in", lines: []string{"s: Hallo, bist du noch in Berlin?"}, code: CodeSharedPlan},
		{lang: "es", name: "sigues en", lines: []string{"s: Hola, ¿sigues en Madrid?"}, code: CodeSharedPlan},
		{lang: "es", name: "quedamos mañana", lines: []string{"s: Hola, ¿quedamos mañana para el café?"}, code: CodeSharedPlan},
		{lang: "nl", name: "nog in", lines: []string{"s: Hoi, ben je nog in Amsterdam?"}, code: CodeSharedPlan},
		{lang: "fr", name: "toujours à", lines: []string{"s: Bonjour, vous êtes toujours à Paris ?"}, code: CodeSharedPlan},
		{lang: "it", name: "ancora a", lines: []string{"s: Ciao, sei ancora a Milano?"}, code: CodeSharedPlan},
		{lang: "fr", name: "a place is no name", lines: []string{"s: Bonjour, vous êtes toujours à Paris ?"}, code: CodeIsThis, absent: true},
		{lang: "it", name: "a city is no name", lines: []string{"s: Ciao, sei ancora a Milano?"}, code: CodeIsThis, absent: true},
		{lang: "it", name: "still Marco", lines: []string{"s: Ciao, sei ancora Marco?"}, code: CodeIsThis, evidence: "Marco"},
	})
}

// A money request written without spaces is several words: "打钱给我"
// asks as "send me money" does, not as a bare "Bizum" names a way to
// pay; and the fake landlord's "pay the rent into this account".
func TestMoneyAskWithoutSpaces(t *testing.T) {
	r := testRegistry(t)
	for _, tc := range []struct {
		text string
		want Level
	}{
		{"妈，我出事了，快打钱给我", LevelWarning},
		{"我是房东,现在外地出差,请把房租打到这个银行账户上", LevelWarning},
		{"今日の夕飯どうする？", LevelNone},
	} {
		c := chat(NetworkSMS, nil, "s: "+tc.text)
		c.Owner.Country = "TW"
		if v := r.Evaluate(c); v.Level < tc.want || tc.want == LevelNone && v.Level != LevelNone {
			t.Errorf("%q: level %v (%s), want %v", tc.text, v.Level, brief(v), tc.want)
		}
	}
	if !oneWord("Bizum") || !oneWord("振") || oneWord("打钱给我") || oneWord("send me") {
		t.Error("oneWord: a single word is one word, a run of characters is several")
	}
}

// "It's been ages" in the words Italian and French also use for it.
func TestReconnectLongTimeForms(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "it", name: "da tanto che non", lines: []string{"s: Ciao, come stai? È da tanto che non ci sentiamo"}, code: CodeReconnect},
		{lang: "fr", name: "cela fait longtemps", lines: []string{"s: Bonjour, comment allez-vous ? Cela fait longtemps"}, code: CodeReconnect},
		{lang: "it", name: "a long time at the shop", lines: []string{"s: Sono in coda da tanto tempo, arrivo tardi"}, code: CodeReconnect, absent: true},
	})
}

// "Hey handsome, wanna chat?" in every lexicon language: an endearment
// and an ask to chat from a stranger; not "guys" planning a chat, nor a
// "dear" who wants to talk about an invoice.
func TestEndearmentChat(t *testing.T) {
	const detail = "asks a stranger to chat"
	runCueCases(t, []cueCase{
		{lang: "en", name: "handsome, wanna chat", lines: []string{"s: Hey handsome, wanna chat?"}, code: CodeDatingBait, detail: detail},
		{lang: "es", name: "guapo, conocerme", lines: []string{"s: Hola guapo, ¿quieres conocerme? 😘"}, code: CodeDatingBait, detail: detail},
		{lang: "it", name: "bello, chattare", lines: []string{"s: Ciao bello, ti va di chattare?"}, code: CodeDatingBait, detail: detail},
		{lang: "de", name: "Süßer, schreiben", lines: []string{"s: Hallo Süßer, hast du Lust zu schreiben?"}, code: CodeDatingBait, detail: detail},
		{lang: "fr", name: "beau gosse, on discute", lines: []string{"s: Coucou beau gosse, on discute ?"}, code: CodeDatingBait, detail: detail},
		{lang: "nl", name: "schoonheid, chatten", lines: []string{"s: Hoi schoonheid, zin om te chatten?"}, code: CodeDatingBait, detail: detail},
		{lang: "pt", name: "lindo, conversar", lines: []string{"s: Oi lindo, quer conversar?"}, code: CodeDatingBait, detail: detail},
		{lang: "en", name: "guys", lines: []string{"s: Hey guys, wanna chat about the trip later?"}, code: CodeDatingBait, absent: true},
		{lang: "en", name: "dear, an invoice", lines: []string{"s: Hello dear, can we talk tomorrow about the invoice?"}, code: CodeDatingBait, absent: true},
	})
}

// "Your child had an accident, send money for the hospital" said
// politely in Indonesian, Vietnamese and Spanish ("anak bapak", "con của
// anh", "su hijo"): the family-news frame and the money ask.
func TestPoliteYourChildEmergency(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "id", name: "anak bapak kecelakaan", lines: []string{"s: Bapak, anak bapak kecelakaan dan sekarang di rumah sakit, butuh biaya operasi segera"}, code: CodeDrama},
		{lang: "id", name: "butuh biaya", lines: []string{"s: Bapak, anak bapak kecelakaan dan sekarang di rumah sakit, butuh biaya operasi segera"}, code: CodeMoney},
		{lang: "vi", name: "con của anh bị tai nạn", lines: []string{"s: Anh ơi, con của anh bị tai nạn đang ở bệnh viện"}, code: CodeDrama},
		{lang: "es", name: "su hijo, necesitamos dinero", lines: []string{"s: Señora, su hijo tuvo un accidente, necesitamos dinero para la operación"}, code: CodeMoney},
		{lang: "id", name: "the child's good news", lines: []string{"s: Bu, anak ibu juara kelas tahun ini, selamat ya"}, code: CodeDrama, absent: true},
	})
}

// "We need money for the operation" in every lexicon language, as the
// family-emergency text asks it.
func TestNeedMoneyInEveryLanguage(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "de", name: "brauchen Geld", lines: []string{"s: Ihr Sohn hatte einen Unfall, wir brauchen dringend Geld für die Operation"}, code: CodeMoney},
		{lang: "fr", name: "besoin d'argent", lines: []string{"s: Votre fils a eu un accident, nous avons besoin d'argent pour l'opération"}, code: CodeMoney},
		{lang: "it", name: "servono soldi", lines: []string{"s: Suo figlio ha avuto un incidente, servono soldi subito per l'operazione"}, code: CodeMoney},
		{lang: "nl", name: "geld nodig", lines: []string{"s: Uw zoon heeft een ongeluk gehad, we hebben dringend geld nodig voor de operatie"}, code: CodeMoney},
		{lang: "pt", name: "precisamos de dinheiro", lines: []string{"s: Seu filho sofreu um acidente, precisamos de dinheiro para a cirurgia"}, code: CodeMoney},
		{lang: "es", name: "necesitamos dinero", lines: []string{"s: Señora, su hijo tuvo un accidente, necesitamos dinero para la operación"}, code: CodeMoney},
	})
}

// The "hi mum" text's next ask, a bill paid for them because their bank
// app fails on the new phone, in German and Italian as in the others;
// a partner's "I'll give it back" alone asks nothing.
func TestPayABillForMe(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "de", name: "für mich bezahlen", lines: []string{"s: Kannst du eine Rechnung für mich bezahlen? Meine Banking-App geht auf dem neuen Handy nicht, ich zahle es dir morgen zurück"}, code: CodeMoney},
		{lang: "it", name: "pagarmi una bolletta", lines: []string{"s: Puoi pagarmi una bolletta? L'app della banca non funziona sul telefono nuovo, ti ridò i soldi domani"}, code: CodeMoney},
	})
	r := testRegistry(t)
	c := chat(NetworkSMS, nil, "s: Amo, hai abbastanza soldi per prendere pane e latte? Poi te li ridò quando torni a casa")
	if v := r.Evaluate(c); v.Level != LevelNone {
		t.Errorf("bread and milk, paid back: %v (%s), want none", v.Level, brief(v))
	}
}

// Italy's "hi dad" asks for a top-up of a prepaid card by name.
func TestPostepayTopUpAsked(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "it", name: "ricaricarmi la Postepay", lines: []string{"s: Ciao papà, il telefono si è spento per sempre, ti scrivo da quello nuovo. Riesci a ricaricarmi la Postepay? Devo fare benzina"}, code: CodeMoney, evidence: "ricaricarmi la Postepay"},
	})
}

// "Practice is cancelled tonight, can you let the others know?": news of
// a changed plan for the reader to pass on is a whole opener (the
// relay-ask frame), which a model that finds every text ordinary does
// not halve; not from a sender who says who they are, and not the news
// alone.
func TestRelayAskIsWhole(t *testing.T) {
	base := testRegistry(t)
	r := base.WithModels(calmModel(base), base.models.lang)
	const relay = "pass on a change of plan"
	for _, tc := range []struct {
		text string
		want Level
	}{
		{"Practice is cancelled tonight, can you let the others know?", LevelCaution},
		{"Собрание перенесли на четверг, передай остальным", LevelCaution},
		{"Das Training fällt heute aus, sag den anderen Bescheid", LevelCaution},
		{"La réunion est reportée à jeudi, tu peux prévenir les autres ?", LevelCaution},
		{"Hi, this is Dave from accounts. Practice is cancelled tonight, can you let the others know?", LevelNone},
		{"Practice is cancelled tonight", LevelNone},
	} {
		v := r.Evaluate(chat(NetworkSMS, nil, "s: "+tc.text))
		found := false
		for _, rs := range v.Reasons {
			found = found || rs.Code == CodeSharedPlan && strings.Contains(rs.Detail, relay)
		}
		if v.Level != tc.want || found != (tc.want != LevelNone) {
			t.Errorf("%q: level %v, relay reason %v (score %.2f, %s), want %v", tc.text, v.Level, found, v.Score, brief(v), tc.want)
		}
	}
}

// "Are you available?": a first message that is one availability
// question is the fake boss's probe (the bare-availability frame); not a
// question that goes on or names a day, as friends' plans do.
func TestBareAvailabilityAsk(t *testing.T) {
	const probe = "asks only whether you are free"
	runCueCases(t, []cueCase{
		{lang: "en", name: "are you available", lines: []string{"s: Are you available?"}, code: CodeTaskRequest, detail: probe},
		{lang: "en", name: "after a greeting", lines: []string{"s: Hello, are you at your desk?"}, code: CodeTaskRequest, detail: probe},
		{lang: "en", name: "after the boss's role", lines: []string{"s: Hello, it's the director. Are you around?"}, code: CodeTaskRequest, detail: probe},
		{lang: "en", name: "after a name, no role", lines: []string{"s: Hi, this is Karen. Are you available?"}, code: CodeTaskRequest, detail: probe, absent: true},
		{lang: "fi", name: "ootko koneella", lines: []string{"s: ootko koneella?"}, code: CodeTaskRequest, detail: probe},
		{lang: "en", name: "a day named", lines: []string{"s: Are you free for lunch Thursday?"}, code: CodeTaskRequest, absent: true},
		{lang: "en", name: "it goes on", lines: []string{"s: you around? just got my car back"}, code: CodeTaskRequest, absent: true},
		{lang: "en", name: "told, not asked", lines: []string{"s: I'm free now"}, code: CodeTaskRequest, absent: true},
		{lang: "en", name: "can I call you", lines: []string{"s: Can I call you?"}, code: CodeTaskRequest, detail: probe},
		{lang: "ja", name: "暇ですか", lines: []string{"s: いま、暇ですか?"}, code: CodeTaskRequest, detail: probe},
	})
}

// Three scams from strangers that are no wrong number: the hitman's
// extortion, the contest vote that takes over accounts, and the
// advance-fee deal; each in English and in languages of other lists.
func TestHitmanVoteAndDealFrames(t *testing.T) {
	const hitman, vote, deal = "paid to kill or hurt you", "vote for someone", "advance-fee"
	runCueCases(t, []cueCase{
		{lang: "en", name: "paid to kill you", lines: []string{"s: Listen carefully. I was paid to kill you, this is no joke. Pay and you live"}, code: CodeDrama, detail: hitman},
		{lang: "it", name: "pagato per ucciderti", lines: []string{"s: Buongiorno, sono stato pagato per ucciderti. Non è uno scherzo."}, code: CodeDrama, detail: hitman},
		{lang: "en", name: "killed in a film", lines: []string{"s: The film was great, the guy who was paid to kill the mayor was brilliant"}, code: CodeDrama, detail: hitman, absent: true},
		{lang: "ru", name: "проголосуй за мою племянницу", lines: []string{"s: Привет! Проголосуй за мою племянницу в конкурсе, очень нужно"}, code: CodeTaskRequest, detail: vote},
		{lang: "en", name: "vote for my daughter", lines: []string{"s: Hi, please vote for my daughter in the dance contest, link below"}, code: CodeTaskRequest, detail: vote},
		{lang: "en", name: "voted already", lines: []string{"s: I voted this morning, queue was short"}, code: CodeTaskRequest, absent: true},
		{lang: "es", name: "negocios contigo por una suma", lines: []string{"s: Hola, quiero hacer negocios contigo por 2.500.000 USD, responde a mi correo"}, code: CodeMoney, detail: deal},
		{lang: "en", name: "a deal without a sum", lines: []string{"s: Can we talk about the business deal tomorrow?"}, code: CodeMoney, detail: deal, absent: true},
	})
}

// "You have won an iPhone in our lucky draw": a prize the reader never
// entered for; not a bet won among friends.
func TestPrizeFrame(t *testing.T) {
	const prize = "won a prize"
	runCueCases(t, []cueCase{
		{lang: "en", name: "you have won an iphone", lines: []string{"s: Congratulations! You have won an iPhone 15 in our lucky draw, click to claim"}, code: CodeMoney, detail: prize},
		{lang: "en", name: "your number won a sum", lines: []string{"s: Your number has won £5,000 in the national draw"}, code: CodeMoney, detail: prize},
		{lang: "fr", name: "tu as gagné un iPhone", lines: []string{"s: Bravo !!! Tu as gagné un iPhone, choisis ta couleur"}, code: CodeMoney, detail: prize},
		{lang: "en", name: "a bet won", lines: []string{"s: You won the bet, I'll buy the beers"}, code: CodeMoney, absent: true},
	})
}

// "Ihr Werdegang hat die Aufmerksamkeit mehrerer Personalvermittler
// erregt": the career path a recruiter claims to have seen.
func TestGermanRecruiterCareerPath(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "de", name: "Werdegang, Personalvermittler", lines: []string{"s: Guten Tag, Ihr beruflicher Werdegang hat mehrere Personalvermittler überzeugt"}, code: CodeJobOffer},
	})
}

// Threats over a debt or a noise, in languages of the other lexicon:
// coming for the reader with a deadline, the police called next time.
func TestThreatsInOtherLanguages(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "en", name: "days to pay or we'll come", lines: []string{"s: You have 3 days to pay my dad back or we'll come to your house"}, code: CodeDrama, detail: "come for you"},
		{lang: "en", name: "a visit planned", lines: []string{"s: I'll come to your house tomorrow to pick up the cake"}, code: CodeDrama, absent: true},
		{lang: "hi", name: "police ko bulaunga", lines: []string{"s: Agli baar police ko bulaunga, roz raat DJ bajta hai tumhare yahan"}, code: CodeDrama, detail: "police"},
		{lang: "sv", name: "ringer jag polisen", lines: []string{"s: Nästa gång ringer jag polisen, sluta spela musik mitt i natten"}, code: CodeDrama, detail: "police"},
	})
}

// "В отношении вас возбуждено уголовное дело", "you are under
// investigation": a case said to concern the reader, the fake police's
// or bank security's opener; not news of someone else's case.
func TestPoliceCaseFrame(t *testing.T) {
	const police = "a case or an investigation concerns you"
	runCueCases(t, []cueCase{
		{lang: "pl", name: "jesteś monitorowany", lines: []string{"s: Jesteś monitorowany przez naszą jednostkę, prosimy o pilny kontakt"}, code: CodeImpersonation, detail: police},
		{lang: "en", name: "your identity was used", lines: []string{"s: Your identity was used in a crime in Madrid, reply to this number today"}, code: CodeImpersonation, detail: police},
		{lang: "en", name: "someone else's case", lines: []string{"s: Did you see the news? They opened an investigation into the fire at the mill"}, code: CodeImpersonation, absent: true},
	})
}
