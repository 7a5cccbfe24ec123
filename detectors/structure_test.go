package detectors

import (
	"strings"
	"testing"
)

// The structure rules found too rigid on real messages, each with a near
// miss that must stay quiet.
func TestStructureRules(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "en", name: "line break ends an address", lines: []string{"s: Hi Dervla\nsee you at the usual place at 5"}, code: CodeWrongName, evidence: "Dervla"},
		{lang: "en", name: "greeting not in the list", lines: []string{"s: Happy Thanksgiving Marco! Still on for Friday?"}, code: CodeWrongName, evidence: "Marco"},
		{lang: "en", name: "an aunt's name, then a greeting", owner: []string{"Robin"}, lines: []string{"s: Aunty Bisi good evening. Is Saturday lunch still holding? I will come with the children"}, code: CodeWrongName, evidence: "Bisi"},
		{lang: "en", name: "the owner's own name after the aunt", owner: []string{"Bisi"}, lines: []string{"s: Aunty Bisi good evening. Is Saturday lunch still holding?"}, code: CodeWrongName, absent: true},
		{lang: "en", name: "a shop after Mum is no name", owner: []string{"Robin"}, lines: []string{"s: Mum Tesco was shut so I went to Aldi"}, code: CodeWrongName, absent: true},
		{lang: "de", name: "Swiss bisch du", lines: []string{"s: Grüezi, bisch du d Andrea vom Chor?"}, code: CodeIsThis, evidence: "bisch du d Andrea"},
		{lang: "en", name: "wrong sent, that was for my", lines: []string{"s: Sorry, wrong sent! That was for my cousin"}, code: CodeApologyFirst},
		{lang: "fr", name: "réservez is no buyer's question", lines: []string{"s: TGV Lyria : les billets d'été sont ouverts, réservez vite sur sncf-connect.com"}, code: CodeStillAvailable, absent: true},
		{lang: "de", name: "Befund liegt vor, unnamed", lines: []string{"s: Praxis Dr. Brandt: Ihr Blutbild liegt vor. Bitte vereinbaren Sie einen Termin zur Besprechung."}, code: CodeSharedPlan, detail: "without naming you"},
		{lang: "it", name: "l'avvocato la attende, unnamed", lines: []string{"s: Studio Notarile Ricci. L'avvocato la attende lunedì per la firma del rogito."}, code: CodeSharedPlan, detail: "without naming you"},
		{lang: "es", name: "ya salió de la cirugía, unnamed", lines: []string{"s: Clínica Veterinaria San Roque: Luna ya salió de la cirugía, puede pasar por ella a las 7."}, code: CodeSharedPlan, detail: "without naming you"},
		{lang: "es", name: "desapareciste del mapa", lines: []string{"s: Holaaa, desapareciste del mapa! ¿Qué es de tu vida?"}, code: CodeReconnect, evidence: "desapareciste del mapa"},
		{lang: "en", name: "fell off the map", lines: []string{"s: hey stranger, you fell off the map! how've you been"}, code: CodeReconnect, evidence: "fell off the map"},
		{lang: "fr", name: "dans mes contacts, c'est vous ?", lines: []string{"s: Bonjour, j'ai ce numéro dans mes contacts sans nom, c'est vous ?"}, code: CodeIsThis},
		{lang: "en", name: "happy to is no greeting", lines: []string{"s: Happy to help Marco with the boxes"}, code: CodeWrongName, absent: true},
		{lang: "en", name: "is this after a lead-in", lines: []string{"s: Hey sorry to bother you but is this Mike?"}, code: CodeIsThis, evidence: "is this Mike"},
		{lang: "en", name: "is this the trade", lines: []string{"s: Is this the chiropractor? My back's gone again"}, code: CodeIsThis, evidence: "Is this the chiropractor"},
		{lang: "en", name: "is this opening the message needs no question mark", lines: []string{"s: is this the caterer for saturday"}, code: CodeIsThis, evidence: "is this the caterer"},
		{lang: "en", name: "is this in capitals, ended by a full stop", lines: []string{"s: IS THIS THE LOCKSMITH. locked out of my flat pls hurry"}, code: CodeIsThis, evidence: "IS THIS THE LOCKSMITH"},
		{lang: "nl", name: "is dit zonder vraagteken", lines: []string{"s: hallo is dit de loodgieter"}, code: CodeIsThis, evidence: "is dit de loodgieter"},
		{lang: "fr", name: "t'es is no question without its mark", lines: []string{"s: t'es le meilleur frère du monde"}, code: CodeIsThis, absent: true},
		{lang: "en", name: "are you is no question without its mark", lines: []string{"s: Are you the cutest girl in the world or what"}, code: CodeIsThis, absent: true},
		{lang: "en", name: "is this later in the message needs its mark", lines: []string{"s: Got the flowers. is this the florist from the market"}, code: CodeIsThis, absent: true},
		{lang: "es", name: "a name looked for ends at a full stop", lines: []string{"s: Buenas noches, estoy buscando a Ximena. ¿Me equivoqué?"}, code: CodeIsThis, evidence: "estoy buscando a Ximena"},
		{lang: "es", name: "con el, asked", lines: []string{"s: Hola buenas, ¿con el electricista Julio? Un vecino me pasó su contacto"}, code: CodeIsThis, evidence: "con el electricista Julio"},
		{lang: "es", name: "con and a name is no question", lines: []string{"s: Con Pedro vamos al cine, ¿te apuntas?"}, code: CodeIsThis, absent: true},
		{lang: "fr", name: "c'est-tu asks in Québec", lines: []string{"s: Allô, c'est-tu encore le numéro de la garderie Les Petits Pingouins?"}, code: CodeIsThis, evidence: "c'est-tu encore le numéro"},
		{lang: "en", name: "is this a joke is no question about you", lines: []string{"s: is this a joke?"}, code: CodeIsThis, absent: true},
		{lang: "en", name: "word ending is not a link", lines: []string{"s: landed at the airport.lol where are you"}, code: CodeRiskyDomain, absent: true},
		{lang: "en", name: "hyphenated bait name on a word ending is a link", lines: []string{"s: We detected an unusual login. Visit wf-secure.help to keep access"}, code: CodeRiskyDomain, evidence: "wf-secure.help"},
		{lang: "en", name: "hyphenated everyday word before a word ending is no link", lines: []string{"s: the check-in.today took ages, see you at the gate"}, code: CodeRiskyDomain, absent: true},
		{lang: "en", name: "scam ending still a link", lines: []string{"s: claim here: parcel-fee.top/pay"}, code: CodeRiskyDomain, evidence: "parcel-fee.top"},
		{lang: "en", name: "a bank two edits from another", lines: []string{"s: Log in at icicibank.com to confirm the payee"}, code: CodeLookalike, absent: true},
		{lang: "en", name: "doubled letter of a short slot word", lines: []string{"s: Hi mumm, my phone fell in the bath so this is my temp number"}, code: CodeNewNumber, evidence: "mumm"},
		{lang: "en", name: "an emoji closes the address", lines: []string{"s: Save this new number mum 😘 old phone is broken"}, code: CodeNewNumber},
		{lang: "en", name: "typo in a long slot word", lines: []string{"s: Mum its me, phone got smashd, text me on whatsap pls"}, code: CodeNewNumber},
		{lang: "nl", name: "Flemish hour", lines: []string{"s: Dag Koen, is het nog goed voor morgen 19u aan het station?"}, code: CodeSharedPlan, evidence: "19u"},
		{lang: "nl", name: "half past", lines: []string{"s: Hoi Sanne! Zaterdag om half 7 bij de ingang?"}, code: CodeSharedPlan, evidence: "half"},
		{lang: "nl", name: "where from is no name", lines: []string{"s: Ben je uit Gent?"}, code: CodeIsThis, absent: true},
		{lang: "en", name: "an offer for the owner's house", lines: []string{"s: Hello, would you consider selling your house? We pay cash, quick close"}, code: CodePropertyOffer},
		{lang: "en", name: "a listing inquiry", lines: []string{"s: Hi, I saw your car on Marketplace, is it still available?"}, code: CodeStillAvailable},
		{lang: "en", name: "still available, asked", lines: []string{"s: Hey, still available"}, code: CodeStillAvailable},
		{lang: "en", name: "still available, asked at the end", lines: []string{"s: Hello I saw your post and wanted to check, still for sale?"}, code: CodeStillAvailable},
		{lang: "en", name: "still available, told", lines: []string{"s: I'm not sure if its still available though"}, code: CodeStillAvailable, absent: true},
		{lang: "en", name: "an apology for an accident", lines: []string{"s: Apologies!! I think I added you to the group chat by accident"}, code: CodeApologyFirst, evidence: "Apologies"},
		{lang: "en", name: "a boss who gives a title", lines: []string{"s: Hi, Prof. Miller here. Do you have a moment? I need you to get something for a student"}, code: CodeTaskRequest},
		{lang: "en", name: "a neighbour who gives a name", lines: []string{"s: Hi, Tom here from number 12. Do you have a moment? I need you to get something from my porch"}, code: CodeTaskRequest, absent: true},
		{lang: "en", name: "a blocked sim", lines: []string{"s: hiya mam, my sim got blocked, text me on whatsapp xx"}, code: CodeNewNumber, evidence: "mam"},
		{lang: "en", name: "a stranger's endearment", lines: []string{"s: Hello dear, how are you today?"}, code: CodeReconnect, evidence: "dear"},
		{lang: "en", name: "an endearment after the greeting's name", lines: []string{"s: Good morning my friend! Hope you are doing well"}, code: CodeReconnect, evidence: "my friend"},
		{lang: "en", name: "an endearment after a greeting", lines: []string{"s: Hello beautiful, how are you today?"}, code: CodeReconnect, evidence: "beautiful"},
		{lang: "en", name: "an adjective that opens a sentence", lines: []string{"s: Beautiful day! How are you?"}, code: CodeReconnect, absent: true},
		{lang: "de", name: "an adjective that opens a sentence", lines: []string{"s: Schöner Tag heute, wie geht's dir?"}, code: CodeReconnect, absent: true},
		{lang: "en", name: "a friend mentioned is no endearment", lines: []string{"s: I met my friend, how are you?"}, code: CodeReconnect, absent: true},
		{lang: "en", name: "an endearment from a first name", lines: []string{"s: Hello dear, I'm Jessica. How are you today?"}, code: CodeReconnect, evidence: "dear"},
		{lang: "en", name: "an endearment from a role", lines: []string{"s: Hi dear, it's the new cleaner. How are you?"}, code: CodeReconnect, absent: true},
		{lang: "es", name: "a stranger's endearment", lines: []string{"s: Hola querida, ¿cómo estás?"}, code: CodeReconnect, evidence: "querida"},
		{lang: "de", name: "a stranger's endearment", lines: []string{"s: Hallo meine Liebe, wie geht es dir heute?"}, code: CodeReconnect, evidence: "meine Liebe"},
		{lang: "fr", name: "a stranger's endearment", lines: []string{"s: Bonjour mon ami, comment allez-vous ?"}, code: CodeReconnect, evidence: "mon ami"},
		{lang: "it", name: "a stranger's endearment", lines: []string{"s: Ciao cara, come stai?"}, code: CodeReconnect, evidence: "cara"},
		{lang: "nl", name: "a stranger's endearment", lines: []string{"s: Hoi lieverd, hoe gaat het met je?"}, code: CodeReconnect, evidence: "lieverd"},
		{lang: "pt", name: "a stranger's endearment", lines: []string{"s: Olá querida, tudo bem?"}, code: CodeReconnect, evidence: "querida"},
		{lang: "en", name: "blamed for a harm", lines: []string{"s: You ruined my birthday and you know it"}, code: CodeDrama, evidence: "You ruined my"},
		{lang: "en", name: "blamed for an affair", lines: []string{"s: I know you've been sleeping with him. Don't lie"}, code: CodeDrama},
		{lang: "en", name: "blamed for flirting with a partner", lines: []string{"s: you keep flirting with my husband at work"}, code: CodeDrama},
		{lang: "en", name: "a partner in touch with the reader", lines: []string{"s: Why is my boyfriend texting you at 3am?? who even are you"}, code: CodeDrama, evidence: "my boyfriend texting you"},
		{lang: "en", name: "a sister calling is no affair", lines: []string{"s: my sister is calling you later about the keys"}, code: CodeDrama, absent: true},
		{lang: "en", name: "a husband calling is no affair", lines: []string{"s: my husband is calling you about the car later, he has the details"}, code: CodeDrama, absent: true},
		{lang: "en", name: "the reader's children harmed the sender's", lines: []string{"s: Your kids smashed my window with a football, who's paying for it?"}, code: CodeDrama, evidence: "Your kids smashed my"},
		{lang: "en", name: "the reader's dog harmed the sender's", lines: []string{"s: ur dog attacked my cat this morning, the vet bill is on you"}, code: CodeDrama, evidence: "ur dog attacked my"},
		{lang: "en", name: "the reader's son helped", lines: []string{"s: your son helped my daughter with her maths, thank him for me"}, code: CodeDrama, absent: true},
		{lang: "it", name: "blamed for a harm, the clitic first", lines: []string{"s: Mi hai rovinato il compleanno, grazie tante"}, code: CodeDrama, evidence: "Mi hai rovinato"},
		{lang: "it", name: "the reader's child harmed the sender's", lines: []string{"s: Tuo figlio ha di nuovo picchiato mia figlia a scuola"}, code: CodeDrama, evidence: "Tuo figlio"},
		{lang: "it", name: "an affair, the verb saying you", lines: []string{"s: So che vai a letto con mio marito da mesi"}, code: CodeDrama, evidence: "vai a letto con mio"},
		{lang: "it", name: "a bed with a fever is no affair", lines: []string{"s: Vai a letto con la febbre, domani stai meglio"}, code: CodeDrama, absent: true},
		{lang: "es", name: "blamed for a harm, the verb saying you", lines: []string{"s: Me humillaste delante de todos el sábado"}, code: CodeDrama, evidence: "Me humillaste"},
		{lang: "es", name: "the reader's child harmed the sender's", lines: []string{"s: Tu hijo volvió a pegarle a mi hija en el colegio"}, code: CodeDrama, evidence: "Tu hijo"},
		{lang: "pt", name: "the reader's child harmed the sender's", lines: []string{"s: Seu filho bateu de novo na minha filha na escola"}, code: CodeDrama, evidence: "Seu filho"},
		{lang: "pt", name: "someone else harmed the sender", lines: []string{"s: Ele estragou o meu carro e sumiu, acredita?"}, code: CodeDrama, absent: true},
		{lang: "fr", name: "blamed for a harm", lines: []string{"s: Tu as gâché mon anniversaire, merci beaucoup"}, code: CodeDrama, evidence: "Tu as gâché mon"},
		{lang: "de", name: "blamed for a harm, the verb last", lines: []string{"s: Du hast mein Leben ruiniert und tust so als wäre nichts"}, code: CodeDrama, evidence: "Du hast mein Leben ruiniert"},
		{lang: "de", name: "the reader's child harmed the sender's, the verb last", lines: []string{"s: Dein Sohn hat meine Tochter im Bus gemobbt, das hat Folgen"}, code: CodeDrama, evidence: "Dein Sohn"},
		{lang: "nl", name: "blamed for a harm", lines: []string{"s: Je hebt me voor iedereen voor schut gezet"}, code: CodeDrama, evidence: "Je hebt me"},
		{lang: "nl", name: "blamed for a harm, the verb last", lines: []string{"s: je hebt mijn zus kapot gemaakt. ik hoop dat je je schaamt"}, code: CodeDrama, evidence: "je hebt mijn zus kapot gemaakt"},
		{lang: "fr", name: "a harm told of someone else", lines: []string{"s: Il a gâché mon anniversaire, tu te rends compte ?"}, code: CodeDrama, absent: true},
		{lang: "en", name: "texting the sender is no harm", lines: []string{"s: are you texting me later about the tickets?"}, code: CodeDrama, absent: true},
		{lang: "en", name: "seeing someone tonight is no affair", lines: []string{"s: are you seeing him tonight? say hi from me"}, code: CodeDrama, absent: true},
		{lang: "en", name: "a message passed on is no harm", lines: []string{"s: can you tell everyone my flight is delayed"}, code: CodeDrama, absent: true},
		{lang: "en", name: "news shared is no harm", lines: []string{"s: you told everyone about my promotion, thank you so much!"}, code: CodeDrama, absent: true},
		{lang: "en", name: "a harm the reader saw", lines: []string{"s: Did you see my car got damaged in the storm?"}, code: CodeDrama, absent: true},
		{lang: "en", name: "a harm the reader heard of", lines: []string{"s: Can you believe they cheated us out of the win"}, code: CodeDrama, absent: true},
		{lang: "en", name: "a lawyer of ours", lines: []string{"s: You can't just bolt your trellis to our fence. Expect a letter from our solicitor"}, code: CodeDrama, evidence: "Expect a letter"},
		{lang: "en", name: "the reader's cat harmed the sender's", lines: []string{"s: Your cat keeps getting into our garage and spraying on everything"}, code: CodeDrama, evidence: "Your cat keeps getting into our"},
		{lang: "en", name: "the police threatened without a you", lines: []string{"s: Music going til 2 again last night. Next time I'm calling the cops, no more warnings"}, code: CodeDrama},
		{lang: "en", name: "the police called for the sender", lines: []string{"s: Someone broke into the shed again, I'm calling the cops now"}, code: CodeDrama, absent: true},
		{lang: "en", name: "a broken trust", lines: []string{"s: So it was you who told the whole office I'm pregnant?? I trusted you"}, code: CodeDrama, evidence: "I trusted you"},
		{lang: "en", name: "left on read", lines: []string{"s: So you're just going to leave me on read for 4 days? Proper mature"}, code: CodeDrama},
		{lang: "fr", name: "une confiance trahie", lines: []string{"s: Je te faisais confiance, franchement. Bravo"}, code: CodeDrama, evidence: "Je te faisais confiance"},
		{lang: "de", name: "ein gebrochenes Vertrauen", lines: []string{"s: Ich hab dir vertraut, echt jetzt. Super"}, code: CodeDrama, evidence: "Ich hab dir vertraut"},
		{lang: "nl", name: "geschonden vertrouwen", lines: []string{"s: Ik vertrouwde je, echt waar. Top"}, code: CodeDrama, evidence: "Ik vertrouwde je"},
		{lang: "es", name: "una confianza traicionada", lines: []string{"s: Yo confiaba en ti, de verdad. Genial"}, code: CodeDrama, evidence: "confiaba en ti"},
		{lang: "it", name: "una fiducia tradita", lines: []string{"s: Mi fidavo di te, davvero. Bravo"}, code: CodeDrama, evidence: "Mi fidavo di te"},
		{lang: "pt", name: "uma confiança traída", lines: []string{"s: Eu confiava em você, sério. Parabéns"}, code: CodeDrama, evidence: "confiava em você"},
		{lang: "fr", name: "un huissier contre le lecteur", lines: []string{"s: Madame, deux mois de loyer en retard. Sans nouvelles de votre part d'ici lundi, je lance la procédure avec l'huissier."}, code: CodeDrama, evidence: "huissier"},
		{lang: "pt", name: "um advogado contra o leitor", lines: []string{"s: Ou você corta a sebe até sexta ou trato disto com o advogado."}, code: CodeDrama, evidence: "com o advogado"},
		{lang: "en", name: "a thief, accused", lines: []string{"s: You are a thief!! You collected my money since January and never delivered"}, code: CodeDrama, evidence: "You are a thief"},
		{lang: "en", name: "a car reversed into", lines: []string{"s: You reversed into my car at Tesco and drove off, I have your plate"}, code: CodeDrama, evidence: "You reversed into my"},
		{lang: "en", name: "a back scratched is no harm", lines: []string{"s: can you scratch my back lol"}, code: CodeDrama, absent: true},
		{lang: "en", name: "a kiss for the sender is no affair", lines: []string{"s: you kissed me last night and I can't stop smiling"}, code: CodeDrama, absent: true},
		{lang: "en", name: "an occupation describes the sender", lines: []string{"s: Hello, I'm a nurse from Manila. My friend gave me your number"}, code: CodeDatingBait, evidence: "friend"},
		{lang: "en", name: "an occupation is no role to you", lines: []string{"s: Hello dear, I'm an engineer working offshore. How are you today?"}, code: CodeReconnect, evidence: "dear"},
		{lang: "fr", name: "an occupation describes the sender", lines: []string{"s: Bonjour, je suis une infirmière à Lyon, une amie m'a donné ton numéro"}, code: CodeDatingBait, evidence: "amie"},
		{lang: "en", name: "the nurse is a role to you", lines: []string{"s: Hello dear, it's the nurse from the surgery, how are you feeling today?"}, code: CodeReconnect, absent: true},
		{lang: "en", name: "a new neighbour is a role to you", lines: []string{"s: Hi, I'm a new neighbour at number 12, a friend gave me your number"}, code: CodeDatingBait, absent: true},
		{lang: "en", name: "an opportunity pitched", lines: []string{"s: Hello my friend, I have a great opportunity for you"}, code: CodeInvestment, evidence: "have a great opportunity"},
		{lang: "en", name: "an opportunity had is no pitch", lines: []string{"s: It was a great opportunity to meet you at the fair, this is Dana from Brightline"}, code: CodeInvestment, absent: true},
		{lang: "pt", name: "an opportunity pitched", lines: []string{"s: Olá! Tenho uma oportunidade de investimento para você"}, code: CodeInvestment, evidence: "oportunidade de investimento"},
		{lang: "it", name: "a visit moved without naming you", lines: []string{"s: Buonasera, il dottore ha spostato la sua visita a lunedì alle 15"}, code: CodeSharedPlan, detail: "without naming you"},
		{lang: "en", name: "a word spelled out letter by letter", lines: []string{"s: Hi M U M my phone broke, text me on W h a t s A p p"}, code: CodeMovePlatform, evidence: "W h a t s A p p"},
		{lang: "en", name: "a relative spelled out", lines: []string{"s: Hi M U M, my phone fell in the bath"}, code: CodeNewNumber, evidence: "M U M"},
		{lang: "en", name: "a court as an ultimatum", lines: []string{"s: you took the telly and left the bills. £40 by friday or im going to the small claims court"}, code: CodeDrama, evidence: "or im"},
		{lang: "en", name: "a grievance over a pet", lines: []string{"s: Keep Biscuit's name out of your mouth. You're not getting him back"}, code: CodeDrama, evidence: "out of your mouth"},
		{lang: "en", name: "a grudge over a loan", lines: []string{"s: You still haven't returned my drill. It's been 3 months"}, code: CodeDrama, evidence: "haven't returned"},
		{lang: "en", name: "news told is no grudge", lines: []string{"s: I'm turning off my phone. My moms telling everyone I have cancer. See u when u get home"}, code: CodeDrama, absent: true},
		{lang: "en", name: "an order after the name", lines: []string{"s: Mike grab some milk on the way home"}, code: CodeWrongName, evidence: "Mike"},
		{lang: "en", name: "a name that does something", lines: []string{"s: Mike grabs milk every morning"}, code: CodeWrongName, absent: true},
		{lang: "de", name: "an order after the name", lines: []string{"s: Peter ruf mich an wenn du da bist"}, code: CodeWrongName, evidence: "Peter"},
		{lang: "en", name: "the giver named last is not the sender", lines: []string{"s: I got your number from Kim"}, code: CodeDatingBait, evidence: "your number from"},
		{lang: "nl", name: "the giver's club is not the sender's", lines: []string{"s: Ik kreeg je nummer van Kim van de salsales. Ze zei dat jij ook graag danst"}, code: CodeDatingBait},
		{lang: "en", name: "a sender who signs off", lines: []string{"s: Kim gave me your number, hope that's ok! Love, Tara"}, code: CodeDatingBait, absent: true},
		{lang: "en", name: "a name before a comma is no sender label", lines: []string{"s: Kate, quick one: did you send the slides to the client yet?"}, code: CodeWrongName, evidence: "Kate"},
		{lang: "de", name: "a car hit and a plate kept", lines: []string{"s: Du hast gestern mein Auto angefahren, ich hab das Kennzeichen!"}, code: CodeDrama, evidence: "mein Auto angefahren"},
		{lang: "de", name: "a new phone and no names", lines: []string{"s: Hey! Hab das Handy gewechselt und alle Namen verloren, wer warst du nochmal?"}, code: CodeReconnect},
		{lang: "fr", name: "screenshots as a threat", lines: []string{"s: J'ai les captures d'écran. Soit tu rends les 80 € à Isabelle avant vendredi, soit je montre tout à ta famille."}, code: CodeDrama},
		{lang: "en", name: "a relative told where to answer", lines: []string{"s: Dad I need help urgently, can you text me back on this number"}, code: CodeNewNumber, evidence: "Dad"},
		{lang: "en", name: "a pet name told where to answer", lines: []string{"s: HI DARLIN I FINISH AT 3 TEXT BACK ON THIS NUMBER LUV KATE"}, code: CodeNewNumber, absent: true},
		{lang: "nl", name: "a relative told where to answer", lines: []string{"s: Hoi mam, kun je me even appen op dit nummer?"}, code: CodeNewNumber, evidence: "mam"},
		{lang: "en", name: "a title after a greeting", lines: []string{"s: Hello Doctor, is there any way you could fit me in Thursday?"}, code: CodeWrongName, evidence: "Doctor"},
		{lang: "en", name: "a title the owner answers to", lines: []string{"s: Hi coach, can Liam skip training tonight?"}, code: CodeWrongName, absent: true, owner: []string{"Robin", "Coach"}},
		{lang: "en", name: "a title told, not said to you", lines: []string{"s: Took mum to the doctor, she is fine now"}, code: CodeWrongName, absent: true},
		{lang: "it", name: "a title after a greeting", lines: []string{"s: Buongiorno dottoressa, le porto i referti domani?"}, code: CodeWrongName, evidence: "dottoressa"},
		{lang: "en", name: "caught with a partner", lines: []string{"s: I know what you've been doing with my husband. Don't think I won't tell everyone"}, code: CodeDrama, evidence: "what you've been doing"},
		{lang: "en", name: "an affair and the family", lines: []string{"s: I have proof of the affair. Reply before I send it to your family"}, code: CodeDrama, evidence: "the affair"},
		{lang: "en", name: "a debt demanded without a sum", lines: []string{"s: Tell your brother he better pay me back by Friday or there will be trouble"}, code: CodeDrama, evidence: "better pay me back"},
		{lang: "en", name: "a favour asked quietly", lines: []string{"s: Hiya it's Claire, I'm on leave but a client payment has to go out today. Can you sort it quietly for me?"}, code: CodeTaskRequest},
		{lang: "en", name: "a penny stock pitched", lines: []string{"s: Hi, our analysts picked a hot penny stock for this week, 200% upside. Text YES for the ticker"}, code: CodeInvestment, evidence: "penny stock"},
		{lang: "fr", name: "long time no see, in French", lines: []string{"s: Salut! Longtemps qu'on s'est pas vus 😄 t'es toujours à Lausanne ?"}, code: CodeReconnect, evidence: "Longtemps qu'on s'est pas vus"},
		{lang: "es", name: "a warning over likes", lines: []string{"s: oye tu, deja de darle like a las fotos de mi novia o vamos a tener problemas"}, code: CodeDrama, evidence: "vamos a tener problemas"},
		{lang: "it", name: "a grudge over a mother", lines: []string{"s: Mamma sta malissimo per colpa tua. Chiamala e chiedile scusa"}, code: CodeDrama},
		{lang: "pt", name: "a break-up sent to a stranger", lines: []string{"s: Acabou, Ricardo.\nVou buscar minhas coisas amanhã. Não me procura mais."}, code: CodeDrama},
		{lang: "nl", name: "a hit-and-run, in Flemish", lines: []string{"s: Gij hebt mijn auto geraakt op de parking en zijt gewoon weggereden. Ik heb uw nummerplaat."}, code: CodeDrama},
		{lang: "en", name: "the wife writes", lines: []string{"s: This is his wife. Yes, WIFE. Whatever he told you about being separated is a lie."}, code: CodeDrama},
		{lang: "en", name: "a reconnect opens", lines: []string{"s: Hey! How have you been? It's been a while"}, code: CodeReconnect, evidence: "How have you been"},
		{lang: "en", name: "a reconnect after the news", lines: []string{"s: Not much happening here. Beth is at her aunt's. Charlie is working lots. How have you been?"}, code: CodeReconnect, absent: true},
		{lang: "en", name: "asked by where they met", lines: []string{"s: Hey, are you the photographer from the wedding last month?"}, code: CodeIsThis, evidence: "photographer from the wedding"},
		{lang: "en", name: "asked by what they did together", lines: []string{"s: Is this the guy I met at the Irish bar on Saturday? You said to message you"}, code: CodeIsThis, evidence: "the guy I met at the Irish bar"},
		{lang: "fr", name: "asked by what they did together", lines: []string{"s: Tu es le type que j'ai croisé au concert de samedi ?"}, code: CodeIsThis, evidence: "le type que j"},
		{lang: "en", name: "long time opens a sentence", lines: []string{"s: Hey, long time! How are you?"}, code: CodeReconnect, evidence: "long time"},
		{lang: "en", name: "long time after a name", lines: []string{"s: hey sarah, long time, how have things been"}, code: CodeReconnect, evidence: "long time"},
		{lang: "en", name: "a long time ago is no reconnect", lines: []string{"s: I finished a long time ago and showered"}, code: CodeReconnect, absent: true},
		{lang: "en", name: "a long time waiting is no reconnect", lines: []string{"s: We waited a long time for the bus, see you soon"}, code: CodeReconnect, absent: true},
		{lang: "en", name: "a name after sorry", lines: []string{"s: Sorry Tina, can't make it today after all. Rain check?"}, code: CodeWrongName, evidence: "Tina"},
		{lang: "it", name: "a name after thanks", lines: []string{"s: Grazie Marco! Ci vediamo domani in ufficio"}, code: CodeWrongName, evidence: "Marco"},
		{lang: "en", name: "sorry, then talk about someone", lines: []string{"s: Sorry Tina said no to the party"}, code: CodeWrongName, absent: true},
		{lang: "en", name: "thanks and a signature", lines: []string{"s: Parcel left with the neighbour. Thanks, Tina"}, code: CodeWrongName, absent: true},
		{lang: "en", name: "scorn", lines: []string{"s: Nicole told me everything. Honestly you should be ashamed of yourself"}, code: CodeDrama, evidence: "should be ashamed"},
		{lang: "nl", name: "scorn", lines: []string{"s: Nicole heeft me alles verteld. ik hoop dat je je schaamt"}, code: CodeDrama, evidence: "dat je je schaamt"},
		{lang: "en", name: "a neighbour at a house number is no business", lines: []string{"s: Hi, this is Tom, your new neighbour at 22. Our cat has gone missing, if you see her could you let me know?"}, code: CodeSharedPlan, absent: true},
		{lang: "en", name: "a trade with a day and a time still is", lines: []string{"s: Hi it's Mike the plumber, can do Thursday at 2"}, code: CodeSharedPlan, evidence: "Mike the plumber"},
		{lang: "pt", name: "the police named by its force", lines: []string{"s: Outra vez o carro em frente à minha garagem! Se amanhã lá estiver chamo a GNR."}, code: CodeDrama, evidence: "chamo a GNR"},
		{lang: "it", name: "news that ends its sentence", lines: []string{"s: È nata!! 3,2 kg, stanno bene tutte e due"}, code: CodeDrama, evidence: "nata"},
		{lang: "it", name: "a birth mid-sentence is no news", lines: []string{"s: La figlia di Marta è nata a Roma nel 1990"}, code: CodeDrama, absent: true},
		// three words: read as Portuguese for an owner who reads it (with
		// no languages set, the identifier is not sure enough since the
		// retraining on 2026-12-06's 498 items, and every language's words apply)
		{lang: "pt", name: "a teaser that ends its sentence", lines: []string{"s: Temos de falar."}, code: CodeDrama, evidence: "Temos de falar", ownerLangs: []string{"pt"}},
		{lang: "pt", name: "a talk about the holidays is no teaser", lines: []string{"s: temos de falar sobre as férias"}, code: CodeDrama, absent: true},
		{lang: "en", name: "blamed for tears", lines: []string{"s: thanks to you my mum's in tears again"}, code: CodeDrama, evidence: "thanks to you"},
		{lang: "de", name: "blamed for a lost job", lines: []string{"s: Dank dir hab ich jetzt meinen Job verloren"}, code: CodeDrama, evidence: "Dank dir"},
		{lang: "fr", name: "blamed for a child expelled", lines: []string{"s: À cause de toi mon fils a été exclu du collège"}, code: CodeDrama, evidence: "exclu"},
		{lang: "nl", name: "blamed for a lost job", lines: []string{"s: Dankzij jou ben ik mijn baan kwijt"}, code: CodeDrama, evidence: "kwijt"},
		{lang: "pt", name: "blamed for a lost job", lines: []string{"s: Graças a ti perdi o emprego"}, code: CodeDrama, evidence: "perdi"},
		{lang: "en", name: "tears of laughter are no harm", lines: []string{"s: because of you I cried laughing at that video"}, code: CodeDrama, absent: true},
		{lang: "en", name: "thanks for not getting lost", lines: []string{"s: thanks to you I didn't get lost, the directions were perfect!"}, code: CodeDrama, absent: true},
		{lang: "en", name: "telling the reader's landlord", lines: []string{"s: I'll be speaking to your landlord about the bins"}, code: CodeDrama, evidence: "your landlord"},
		{lang: "it", name: "telling the reader's boss", lines: []string{"s: lo dico al tuo capo, vedrai"}, code: CodeDrama, evidence: "tuo capo"},
		{lang: "es", name: "telling the reader's boss, formal", lines: []string{"s: Esto se lo cuento a su jefe mañana mismo"}, code: CodeDrama, evidence: "su jefe"},
		{lang: "en", name: "a message for the reader's mum is no threat", lines: []string{"s: I'll tell your mum you said hi!"}, code: CodeDrama, absent: true},
		{lang: "de", name: "a lawyer against the reader", lines: []string{"s: Nach allem, was passiert ist: Mein Anwalt meldet sich bei dir."}, code: CodeDrama, evidence: "Mein Anwalt"},
		{lang: "en", name: "the landlord, threatened", lines: []string{"s: If you park in my spot one more time I'm calling the landlord"}, code: CodeDrama, evidence: "I'm calling the landlord"},
		{lang: "en", name: "the landlord, asked about", lines: []string{"s: Did you call the landlord about the leak?"}, code: CodeDrama, absent: true},
		{lang: "es", name: "seen with someone, words apart", lines: []string{"s: te vi ayer en la plaza Mayor con otra"}, code: CodeDrama, evidence: "vi"},
		{lang: "de", name: "the sender pays", lines: []string{"s: Hallo Anna, Vermieter Krause hier. Das Guthaben von 300 € überweise ich nächste Woche."}, owner: []string{"Anna"}, code: CodeMoney, absent: true},
		{lang: "de", name: "the reader pays", lines: []string{"s: Hallo, kannst du mir bis morgen 300 € überweisen? Ich zahl's zurück"}, code: CodeMoney},
		{lang: "en", name: "a missed appointment", lines: []string{"s: Why didn’t you show up for your physical over the weekend?"}, code: CodeSharedPlan, evidence: "show up for your"},
		{lang: "it", name: "a missed appointment", lines: []string{"s: Salve, ieri non si è presentata e il dottore l'ha aspettata"}, code: CodeSharedPlan, evidence: "non si è presentata"},
		{lang: "en", name: "a party missed is no appointment", lines: []string{"s: why didnt you come to the party lol"}, code: CodeSharedPlan, absent: true},
		{lang: "en", name: "a grievance", lines: []string{"s: so ur just gonna ignore me after everything? typical"}, code: CodeDrama, evidence: "gonna ignore me"},
		{lang: "fr", name: "a grievance", lines: []string{"s: Merci pour rien. J'avais besoin de toi hier"}, code: CodeDrama, evidence: "Merci pour rien"},
		{lang: "en", name: "thanks for something is no grievance", lines: []string{"s: Thanks for everything yesterday, you were a star"}, code: CodeDrama, absent: true},
		{lang: "en", name: "the giver in the passive", owner: []string{"Alex"}, lines: []string{"s: your number was given to me by Kevin, he said you're a nice guy"}, code: CodeDatingBait, evidence: "your number was given"},
		{lang: "en", name: "a relative said you're single", owner: []string{"Alex"}, lines: []string{"s: my cousin said you're single and that I should text you 😊"}, code: CodeDatingBait, evidence: "said you're single"},
		{lang: "en", name: "lonely and asking to talk", owner: []string{"Alex"}, lines: []string{"s: Feeling lonely tonight, anyone want to talk? 💕"}, code: CodeDatingBait, evidence: "lonely tonight"},
		{lang: "en", name: "a trade's visit confirmed", owner: []string{"Alex"}, lines: []string{"s: Hi, confirming the electrician for 14 Oak Road on Thursday between 9 and 11"}, code: CodeSharedPlan, evidence: "confirming the electrician"},
		{lang: "en", name: "money demanded back without a sum", owner: []string{"Alex"}, lines: []string{"s: where's my money?? you said friday and it's now tuesday"}, code: CodeDrama, evidence: "where's my money"},
		{lang: "nl", name: "money demanded back without a sum", lines: []string{"s: Waar blijft mijn geld? Je zei vrijdag en het is nu dinsdag"}, code: CodeDrama, evidence: "Waar blijft mijn geld"},
		{lang: "pt", name: "money demanded back without a sum", lines: []string{"s: Cadê o meu dinheiro? Você prometeu pagar semana passada"}, code: CodeDrama, evidence: "Cadê o meu dinheiro"},
		{lang: "en", name: "the one told, named first", owner: []string{"Alex"}, lines: []string{"s: the council will hear about your overgrown hedge again"}, code: CodeDrama, evidence: "council will hear about"},
		{lang: "de", name: "the one told, named first", lines: []string{"s: Dein Chef wird davon erfahren, was du auf der Feier gesagt hast"}, code: CodeDrama, evidence: "Dein Chef wird davon erfahren"},
		{lang: "en", name: "heard about, not threatened", owner: []string{"Alex"}, lines: []string{"s: did you hear about the council closing the library?"}, code: CodeDrama, absent: true},
		{lang: "en", name: "no longer welcome", owner: []string{"Alex"}, lines: []string{"s: you are no longer welcome at my mother's house after what you pulled"}, code: CodeDrama, evidence: "no longer welcome"},
		{lang: "en", name: "a favour kept secret", owner: []string{"Alex"}, lines: []string{"s: morning! need a small favour today, keep it between us for now"}, code: CodeTaskRequest, evidence: "keep it between us"},
		{lang: "en", name: "a named boss's favour kept secret", owner: []string{"Alex"}, lines: []string{"s: Hello, it's Robert from head office. I need a quick purchase done this morning, it's confidential so don't discuss it with the team"}, code: CodeTaskRequest, evidence: "confidential"},
		{lang: "de", name: "a favour kept secret", lines: []string{"s: Hallo, ich brauche einen Gefallen, bleibt aber unter uns"}, code: CodeTaskRequest, evidence: "unter uns"},
		{lang: "en", name: "a secret without a favour", owner: []string{"Alex"}, lines: []string{"s: the surprise party is saturday, keep it between us!"}, code: CodeTaskRequest, absent: true},
		{lang: "en", name: "an ultimatum to tell the police", owner: []string{"Alex"}, lines: []string{"s: Delete those photos of my daughter RIGHT NOW or I'm going straight to the police"}, code: CodeDrama, evidence: "going straight to the police"},
		{lang: "en", name: "going to the police, no threat", owner: []string{"Alex"}, lines: []string{"s: I'm going to the police station to report my bike stolen"}, code: CodeDrama, absent: true},
		{lang: "en", name: "an apology for a text meant for another", owner: []string{"Alex"}, lines: []string{"s: oops sorry!! that was meant for my sister 🙈"}, code: CodeApologyFirst, evidence: "meant for"},
		{lang: "nl", name: "a sender label, a booking and its day, no name", lines: []string{"s: Tandartspraktijk De Linde: uw controle is verzet naar donderdag 14:20. Graag 10 minuten eerder aanwezig."}, code: CodeSharedPlan, evidence: "Tandartspraktijk De Linde"},
		{lang: "en", name: "a sender label, a booking and its day, no name", owner: []string{"Alex"}, lines: []string{"s: Brightside Physio: your session is on Tuesday at 4.15pm, please arrive 10 mins early"}, code: CodeSharedPlan, evidence: "Brightside Physio"},
		{lang: "en", name: "a label that is the reminder", owner: []string{"Alex"}, lines: []string{"s: Reminder: bins go out Tuesday night"}, code: CodeSharedPlan, absent: true},
		{lang: "en", name: "a sender label that names the owner", owner: []string{"Alex"}, lines: []string{"s: Brightside Physio: Hi Alex, your assessment is booked for Tuesday at 4.15pm"}, code: CodeSharedPlan, evidence: "Brightside Physio", absent: true},
		{lang: "nl", name: "a lawyer in an ultimatum", lines: []string{"s: Je hebt mijn tuin weer vol rommel gegooid. Ruim het op of ik neem een advocaat"}, code: CodeDrama, evidence: "een advocaat"},
		{lang: "nl", name: "thought of out of the blue", lines: []string{"s: Hé! Moest ineens aan je denken toen ik langs de oude school reed. Alles goed?"}, code: CodeReconnect, evidence: "aan je denken"},
		{lang: "nl", name: "awake, alone and wanting to talk", lines: []string{"s: ben je nog wakker? kan niet slapen en heb zin om met iemand te praten"}, code: CodeDatingBait},
		{lang: "pt", name: "the police named after the threat", lines: []string{"s: Foste tu que estacionaste no meu lugar? Tenho o vídeo e vou à PSP amanhã"}, code: CodeDrama, evidence: "vou à PSP"},
		{lang: "pt", name: "new in town and wanting a friend", lines: []string{"s: Oi, sou a Bruna, nova aqui na cidade e não conheço ninguém. Bora conversar?"}, code: CodeDatingBait},
		{lang: "en", name: "a sum asked after", owner: []string{"Alex"}, lines: []string{"s: it's been a month. where's my $250?? you promised"}, code: CodeDrama, evidence: "where's my $250"},
		{lang: "en", name: "a thing asked after is no debt", owner: []string{"Alex"}, lines: []string{"s: where's my charger? think I left it at yours 3 days ago"}, code: CodeDrama, absent: true},
		{lang: "en", name: "owed to a third person", owner: []string{"Alex"}, lines: []string{"s: Last chance. Dave wants the $900 you owe him by Friday"}, code: CodeDrama, evidence: "you owe him"},
		{lang: "en", name: "a go-between for a stranger", lines: []string{"s: Hello, I'm the secretary of Mr. Zhang, he asked me to contact you about the golf game"}, code: CodeSharedPlan, evidence: "secretary"},
		{lang: "it", name: "a name before the greeting", lines: []string{"s: Marco ciao, domani alle 9 in ufficio?"}, code: CodeWrongName, evidence: "Marco"},
		{lang: "en", name: "a good time is no one asked for", lines: []string{"s: Is this a good time to talk about the quote for the roof?"}, code: CodeIsThis, absent: true},
		{lang: "en", name: "a sister who won't stop calling is told of", lines: []string{"s: I'm turning off my phone. And my sister won't stop calling. It hurts to talk."}, code: CodeDrama, absent: true},
		{lang: "en", name: "stop calling my husband is an order", lines: []string{"s: Stop calling my husband or I will report you"}, code: CodeDrama, evidence: "Stop calling"},
		{lang: "en", name: "an accusation without a partner", lines: []string{"s: I saw you with him at the pub last night."}, code: CodeDrama, evidence: "I saw you with"},
		{lang: "it", name: "an accusation without a partner", lines: []string{"s: Ti ho visto con lei ieri sera, non negare"}, code: CodeDrama},
		{lang: "de", name: "a lower-case surname after a title", lines: []string{"s: hallo herr meier, ihr velo ist repariert und kann abgeholt werden"}, code: CodeWrongName, evidence: "herr meier"},
		{lang: "en", name: "a lower-case surname after a title", lines: []string{"s: hi mr smith, your car is ready for pickup"}, code: CodeWrongName, evidence: "mr smith"},
		{lang: "en", name: "a title and no name", lines: []string{"s: hello mr. nice guy how r u"}, code: CodeWrongName, absent: true},
		{lang: "it", name: "a name after a sender label", lines: []string{"s: FitLife: Federica, la lezione di prova di pilates è oggi alle 18.30"}, code: CodeWrongName, evidence: "Federica"},
		{lang: "en", name: "a greeting after a sender label", lines: []string{"s: Smile Dental: Hi Karen, your check-up is tomorrow at 3pm"}, code: CodeWrongName, evidence: "Karen"},
		{lang: "en", name: "a sender label names the sender", lines: []string{"s: Dr Smith Dental: your check-up is tomorrow at 3pm"}, code: CodeWrongName, absent: true},
		{lang: "en", name: "a greeting with a colon is no label", lines: []string{"s: Hi Karen: your check-up is tomorrow at 3pm"}, code: CodeWrongName, evidence: "Karen"},
		{lang: "nl", name: "only calls the owner mum", lines: []string{"s: Hoi mam"}, code: CodeCallsRelative, evidence: "Hoi mam"},
		{lang: "es", name: "only calls the owner mum", lines: []string{"s: Mami?"}, code: CodeCallsRelative, evidence: "Mami"},
		{lang: "en", name: "talks about dad", lines: []string{"s: Dad went out already..."}, code: CodeCallsRelative, absent: true},
		{lang: "en", name: "calls mum and says who writes", lines: []string{"s: Hi mum it's Chloe"}, code: CodeCallsRelative, absent: true},
		{lang: "en", name: "calls mum at length", lines: []string{"s: Hi mum, can you call me when you get a chance, it's about the car"}, code: CodeCallsRelative, absent: true},
		{lang: "en", name: "a limited account and a short link", lines: []string{"s: paypal: your account has been limited. update your information to restore access bit.ly/3xqz9lm"}, code: CodeImpersonation, evidence: "has been limited"},
		{lang: "de", name: "a parcel held back and a short link", lines: []string{"s: Post AG: Ihre Sendung wird zurückgehalten. Jetzt zahlen: bit.ly/3vK9pQ"}, code: CodeImpersonation},
		{lang: "en", name: "a limited offer is marketing", lines: []string{"s: Limited offer: 20% off everything today only bit.ly/3abc12"}, code: CodeImpersonation, absent: true},
		{lang: "en", name: "an hour in o'clock", lines: []string{"s: First session Monday morning 3 o'clock online, link to follow."}, code: CodeSharedPlan, evidence: "o'clock"},
		{lang: "fr", name: "an hour in heures", lines: []string{"s: rendez-vous samedi 15 heures devant la gare"}, code: CodeSharedPlan, evidence: "15 heures"},
		{lang: "en", name: "a job for a profile never sent", lines: []string{"s: Hey, is this Laura? Your LinkedIn came up for a remote position. The interview is on Teams chat, text only."}, code: CodeJobOffer, evidence: "Your LinkedIn"},
		{lang: "en", name: "a job after applying", lines: []string{"s: Hi, thanks for applying, your profile fits the role, can we talk tomorrow?"}, code: CodeJobOffer, absent: true},
		{lang: "en", name: "someone else's ex", lines: []string{"s: Your ex keeps messaging me. Tell her to stop or I'm reporting her"}, code: CodeDrama},
		{lang: "en", name: "a friend gone quiet", lines: []string{"s: HEY YOU!! I miss our chats, why did you go quiet on me?"}, code: CodeReconnect},
		{lang: "en", name: "shopping is no inquiry", lines: []string{"s: Can you buy milk on your way home?"}, code: CodeStillAvailable, absent: true},
		{lang: "en", name: "shopping on the way home", lines: []string{"s: Can you buy milk on your way home?"}, code: CodePropertyOffer, absent: true},
		{lang: "fr", name: "a delivery driver says who writes", lines: []string{"s: Bonjour, c'est le livreur Chronopost, je suis devant votre immeuble avec votre colis, vous êtes là ?"}, code: CodeAnonymousSender, absent: true},
		{lang: "fr", name: "where the driver is is no plan", lines: []string{"s: Bonjour, c'est le livreur Chronopost, je suis devant votre immeuble avec votre colis, vous êtes là ?"}, code: CodeSharedPlan, absent: true},
		// the role and its company as the message's label
		{lang: "fr", name: "the driver as a label", lines: []string{"s: Bonjour, livreur Chronopost, je suis devant votre immeuble, quel est le code de la porte svp ?"}, code: CodeSharedPlan, absent: true},
		{lang: "fr", name: "no one says who is at the door", lines: []string{"s: Bonjour, je suis devant votre immeuble, quel est le code de la porte ?"}, code: CodeSharedPlan},
		{lang: "de", name: "a capitalised trade is no name", lines: []string{"s: Hallo, Fahrer DHL, ich stehe vor Ihrer Tür mit einem Paket"}, code: CodeWrongName, absent: true},
		{lang: "en", name: "a business with a time and no name", lines: []string{"s: hi its Mandy from the salon, we had a cancellation so can do ur balayage thurs at 2 instead, want it?"}, code: CodeSharedPlan, evidence: "its Mandy from the salon"},
		{lang: "en", name: "a name, here, and the trade", lines: []string{"s: Hello, Mr Patel here, the maths tutor. I can't do Thursday this week, could we move the session to Friday 5pm?"}, code: CodeSharedPlan, evidence: "Patel here, the maths tutor"},
		{lang: "en", name: "the reader called sir, then the trade as a label", lines: []string{"s: Morning sir, Johan the electrician. I can come do the install tomorrow 8am"}, code: CodeSharedPlan, evidence: "Johan the electrician"},
		{lang: "en", name: "a school that sells lessons", lines: []string{"s: Hello, it's Evie from Oakleigh Riding School, just confirming your daughter's lesson Saturday at 10"}, code: CodeSharedPlan, evidence: "it's Evie from Oakleigh Riding School"},
		{lang: "en", name: "the sender's name and role after the greeting", lines: []string{"s: Hello, Mark, the neighbour at number 14. I think I saw your cat in my garden"}, code: CodeWrongName, absent: true},
		{lang: "fr", name: "le nom et le rôle de l'expéditeur", lines: []string{"s: Bonjour, Marc, le voisin du n°14. Je crois avoir vu votre chat dans mon jardin"}, code: CodeWrongName, absent: true},
		{lang: "en", name: "a name greeted, then news of a role", lines: []string{"s: Hi Mark, the plumber is late, can you let him in?"}, code: CodeWrongName, evidence: "Mark"},
		{lang: "it", name: "la persona chiesta non è chi scrive", lines: []string{"s: Ciao, sei la Francesca del corso di inglese? Ho preso il numero dal gruppo"}, code: CodeIsThis, evidence: "Francesca"},
		{lang: "de", name: "Grüß Gott grüßt, niemand unterschreibt", lines: []string{"s: Grüß Gott, ist das noch die Nummer vom Herrn Aigner? Hier ist die Resi aus Rosenheim."}, code: CodeIsThis},
		{lang: "fr", name: "une longue étiquette d'entreprise", lines: []string{"s: Centre équestre des Tilleuls : le cours de samedi 14h est maintenu malgré la pluie"}, code: CodeSharedPlan, evidence: "Centre équestre des"},
		{lang: "es", name: "una escuela de equitación como etiqueta", lines: []string{"s: Escuela de equitación El Roble: la clase del sábado se adelanta a las 9:30 por el calor"}, code: CodeSharedPlan, evidence: "Escuela de equitación El Roble"},
		{lang: "en", name: "a business signs off after thanks", lines: []string{"s: Hi, your new glasses are ready to collect from our Market St branch. Thanks, Clearview Opticians"}, code: CodeSharedPlan, evidence: "Clearview Opticians"},
		{lang: "en", name: "a friend signs off after thanks", lines: []string{"s: Your glasses are ready to collect, see you at 7. Thanks, Dave"}, code: CodeSharedPlan, evidence: "Dave", absent: true},
		{lang: "en", name: "a busy boss wants an answer", lines: []string{"s: Hello, I'm tied up on a conference call right now. Let me know when you get this text. Thanks, Karen"}, code: CodeTaskRequest, evidence: "on a conference call"},
		{lang: "en", name: "the business's name, then here", lines: []string{"s: Hello, Westside Opticians here. Your new glasses have arrived and are ready to collect"}, code: CodeSharedPlan, evidence: "Westside Opticians here"},
		{lang: "en", name: "a greeting from the business", lines: []string{"s: Hello from Riverside Vet Clinic, Max's surgery went well, you can collect him after 4pm"}, code: CodeSharedPlan, evidence: "Riverside Vet"},
		{lang: "en", name: "a greeting from the business's trade", lines: []string{"s: Hi from the dental practice, we have a cancellation tomorrow at 9"}, code: CodeSharedPlan, evidence: "the dental"},
		{lang: "en", name: "a business signs off after a full stop", lines: []string{"s: Your curtains are hemmed and ready, collect any time after 3pm. - Elm Street Tailors"}, code: CodeSharedPlan, evidence: "Elm Street Tailors"},
		{lang: "en", name: "the business's name as a label", lines: []string{"s: Good morning, Brightside Dental. Your check-up has moved to Friday at 10"}, code: CodeSharedPlan, evidence: "Brightside Dental"},
		{lang: "en", name: "a dash inside the text is no signature", lines: []string{"s: see you Friday at 10 - the salon was booked anyway"}, code: CodeSharedPlan, evidence: "salon", absent: true},
		{lang: "en", name: "a role that names its business", lines: []string{"s: Good morning, this is the receptionist from Parkside Surgery. Your blood test results are back, please call to book a review"}, code: CodeSharedPlan, evidence: "receptionist"},
		{lang: "en", name: "a greeting from a place is no business", lines: []string{"s: Hello from Spain! The hotel is lovely, back on Friday"}, code: CodeSharedPlan, evidence: "Spain", absent: true},
		{lang: "en", name: "a business signs off", lines: []string{"s: Your photos from Saturday's shoot are ready! Let me know when you want to come by - Lily Photography"}, code: CodeSharedPlan, evidence: "Lily Photography"},
		{lang: "en", name: "the trade opens the message", lines: []string{"s: Hi, driver from HomeStyle Furniture. We have your dining table on the van for today, between 1 and 3pm"}, code: CodeSharedPlan, evidence: "driver from"},
		{lang: "en", name: "a reminder from a business", lines: []string{"s: Hello, this is a reminder from Northside Eye Clinic: your pre-op assessment is on Friday at 5pm"}, code: CodeSharedPlan, evidence: "this is a reminder from Northside Eye Clinic"},
		{lang: "en", name: "one word names the trade", lines: []string{"s: hi its Tom from the carpet shop, the fitters can do wed morning instead of thurs"}, code: CodeSharedPlan, evidence: "its Tom from the carpet shop"},
		{lang: "en", name: "a business and a booking without a time", lines: []string{"s: Hi, this is Mike from Summit Roofing. Put together the estimate for the repair we talked about"}, code: CodeSharedPlan, evidence: "Summit Roofing"},
		{lang: "en", name: "a business that names the owner", lines: []string{"s: hi its Mandy from the salon. we had a cancellation for laura so can do thurs at 2"}, owner: []string{"Laura"}, code: CodeSharedPlan, evidence: "from the salon", absent: true},
		{lang: "en", name: "no typo makes a business", lines: []string{"s: I'm really not up to it still tonight babe"}, code: CodeSharedPlan, absent: true},
		{lang: "de", name: "a business with a time and no name", lines: []string{"s: Hallo, hier ist Sandra vom Salon Haarmonie, wir können Ihren Termin auf Donnerstag 14 Uhr verschieben"}, code: CodeSharedPlan, evidence: "Sandra vom Salon"},
		{lang: "it", name: "a business with a time and no name", lines: []string{"s: Ciao, sono Giulia del salone, domani alle 15 va bene per il colore?"}, code: CodeSharedPlan, evidence: "Giulia del salone"},
		{lang: "nl", name: "a business with a time and no name", lines: []string{"s: Hoi, dit is de tandartspraktijk, uw afspraak is verzet naar donderdag 9 uur"}, code: CodeSharedPlan, evidence: "tandartspraktijk"},
		{lang: "en", name: "who asks, with a reason to have the number", lines: []string{"s: Who is this? You rang me yesterday and didn't leave a message"}, code: CodeIsThis, evidence: "Who is this"},
		{lang: "en", name: "who asks, and says who writes", lines: []string{"s: who is this? its Tom, got a new phone and lost my contacts"}, code: CodeIsThis, absent: true},
		{lang: "it", name: "who asks, with a reason to have the number", lines: []string{"s: chi sei? ti ho trovato in rubrica ma senza nome"}, code: CodeIsThis, evidence: "in rubrica"},
		{lang: "en", name: "is this the person met", lines: []string{"s: Is this the lady selling the kittens? Are any of the ginger ones left"}, code: CodeIsThis, evidence: "the lady selling the kittens"},
		{lang: "en", name: "a described trade", lines: []string{"s: are you the mobile groomer that does cockapoos?"}, code: CodeIsThis, evidence: "mobile groomer that does"},
		{lang: "de", name: "a long question about a name", lines: []string{"s: Bist du der Max aus Graz, mit dem ich letzten Sommer am Hochschwab war?"}, code: CodeIsThis, evidence: "Max"},
		{lang: "nl", name: "a name with an apposition", lines: []string{"s: Hey! Ben jij Sarah, de vriendin van Lisa uit Amsterdam?"}, code: CodeIsThis, evidence: "Sarah"},
		{lang: "en", name: "a debt claimed from a stranger", lines: []string{"s: You still owe me $300 from Vegas. Pay up or I'm telling everyone"}, code: CodeDrama, evidence: "owe me $300"},
		{lang: "it", name: "a bill split is no debt", lines: []string{"s: ok ragazzi ho fatto i conti su splitwise: tu mi devi 112,50 €. bonifico o satispay"}, code: CodeDrama, absent: true},
		{lang: "de", name: "a break-up sent to the wrong person", lines: []string{"s: Es ist aus. Ich hab keine Kraft mehr für deine Lügen.\nDeine Sachen stehen im Keller."}, code: CodeDrama, evidence: "Deine Sachen"},
		{lang: "nl", name: "an apology owed to a relative", lines: []string{"s: Je bent mama nog steeds excuses schuldig voor haar verjaardag. Bel haar NU"}, code: CodeDrama, evidence: "excuses schuldig"},
		{lang: "it", name: "caught, as if someone else", lines: []string{"s: Ho visto i messaggi. Tutti. Non provare nemmeno a negare"}, code: CodeDrama, evidence: "Ho visto i messaggi"},
		{lang: "en", name: "seen at the shop is no drama", lines: []string{"s: i saw you at the shop earlier, you looked busy"}, code: CodeDrama, absent: true},
		{lang: "es", name: "an anonymous new number to save", lines: []string{"s: Agendá mi nuevo número"}, code: CodeNewNumber, evidence: "nuevo número"},
		{lang: "en", name: "a friend's new number says who", lines: []string{"s: hey its Tom, new number, save it"}, code: CodeNewNumber, absent: true},
		{lang: "en", name: "a lower-case name before from", lines: []string{"s: yo it's dre from the shop. 4 o'clock slot opened up if you still want that fade"}, code: CodeSharedPlan, evidence: "dre from the shop"},
		{lang: "en", name: "a distance is no name", lines: []string{"s: Its far from the shop, see you at 5"}, code: CodeSharedPlan, evidence: "from the shop", absent: true},
		{lang: "nl", name: "a plan as a label is no sender", lines: []string{"s: Niet vergeten: zaterdag surprise voor Ingrid d'r 50e!! Om 8 uur bij ons"}, code: CodeAnonymousSender},
		{lang: "fr", name: "another ending of a slot word", lines: []string{"s: coucou maman, carte sim bloquée, écris moi sur whatsapp"}, code: CodeNewNumber, evidence: "bloquée"},
		{lang: "en", name: "asked if free for an activity", lines: []string{"s: Are your free tomorrow for golf George?"}, code: CodeSharedPlan, evidence: "free tomorrow for golf"},
		{lang: "fr", name: "a CV approved out of the blue", lines: []string{"s: Votre CV a été approuvé par notre société"}, code: CodeJobOffer, evidence: "Votre CV a été approuvé"},
		{lang: "en", name: "a CV shortlisted after applying", lines: []string{"s: Thanks for applying, your CV has been shortlisted for the role"}, code: CodeJobOffer, absent: true},
		{lang: "fr", name: "back in town, asks to meet", lines: []string{"s: Mon amie, je suis de passage à Dakar ce week-end, on peut se voir ?"}, code: CodeReconnect, evidence: "de passage à Dakar"},
		{lang: "fr", name: "home safe is no return from afar", lines: []string{"s: je suis bien rentrée, appelle-moi"}, code: CodeReconnect, absent: true},
		{lang: "en", name: "back from a walk is no return", lines: []string{"s: Back from walk, table booked for half eight. Let me know when ur coming over."}, code: CodeReconnect, absent: true},
		{lang: "fr", name: "changed number, asked", lines: []string{"s: Salut ! Pourquoi tu réponds plus ? T'as changé de numéro ou quoi"}, code: CodeReconnect, evidence: "changé de numéro"},
		{lang: "de", name: "a boss on a private number", lines: []string{"s: Guten Morgen, hier Ihr Vorgesetzter von meinem Privathandy. Können Sie heute noch eine Überweisung freigeben?"}, code: CodeTaskRequest, evidence: "Privathandy"},
		{lang: "en", name: "a private person is no private number", lines: []string{"s: my boss is a private person, see you at 5"}, code: CodeTaskRequest, absent: true},
		{lang: "en", name: "an offer for a described house", lines: []string{"s: Dear homeowner, our client wants to buy your 3 bed semi. Offer of £285,000, no chain."}, code: CodePropertyOffer, evidence: "buy your 3 bed semi"},
		{lang: "en", name: "buying a present is no property offer", lines: []string{"s: I want to buy your mum a present"}, code: CodePropertyOffer, absent: true},
		{lang: "en", name: "a statement asked about the trade", lines: []string{"s: Hello sir you are the electrician na? Fan not working since morning"}, code: CodeIsThis, evidence: "you are the electrician"},
		{lang: "en", name: "a statement asked about something else", lines: []string{"s: K.:)you are the only girl waiting in reception ah?"}, code: CodeIsThis, absent: true},
		{lang: "en", name: "a statement told", lines: []string{"s: you are amazing, see you soon"}, code: CodeIsThis, absent: true},
		{lang: "en", name: "a plan without an introduction", lines: []string{"s: im outside the building, where are you??"}, code: CodeSharedPlan},
		{lang: "it", name: "a courier says who writes", lines: []string{"s: Ciao, sono il corriere BRT, sono sotto casa sua con il pacco, c'è qualcuno?"}, code: CodeAnonymousSender, absent: true},
		{lang: "en", name: "pay rate with an amount", lines: []string{"s: Part time online work, earn $300 a day from your phone"}, code: CodeJobOffer},
		{lang: "en", name: "days a week are no pay rate", lines: []string{"s: I work 3 days a week from home now, so free on fridays"}, code: CodeJobOffer, absent: true},
		{lang: "en", name: "one slip is a look-alike", lines: []string{"s: verify at paypai.com now"}, code: CodeLookalike, evidence: "paypai.com"},
		{lang: "en", name: "a name the message ends on, after a lead", lines: []string{"s: My vacation got pushed to June so I can't do the Napa trip with you guys after all 😞 so sorry Kristen"}, code: CodeWrongName, evidence: "Kristen"},
		{lang: "en", name: "a name the message ends on, after a comma", lines: []string{"s: Hope it was a good night at the pub, Kristen!"}, code: CodeWrongName, evidence: "Kristen"},
		{lang: "en", name: "a name that ends a sentence, after a comma", lines: []string{"s: I returned the ring to your mother today. Please stop sending flowers to my office, Richard. It's over."}, code: CodeWrongName, evidence: "Richard"},
		{lang: "en", name: "a sign-off's name mid-message is the sender's", lines: []string{"s: Got the keys from the agent today. Thanks, Karen. See you at the meeting"}, code: CodeWrongName, absent: true},
		{lang: "en", name: "a sign-off's name is the sender's", lines: []string{"s: Running late, be there in ten minutes. Thanks, Karen"}, code: CodeWrongName, absent: true},
		{lang: "pl", name: "a one-word sentence's name is a signature", lines: []string{"s: Ekipa od płytek będzie w czwartek o 8 rano zamiast w środę. Pozdrawiam, Zbigniew"}, code: CodeWrongName, absent: true},
		// with more said after it, a short sentence's name is said to the reader
		{lang: "de", name: "Drei Monate, Michael. DREI.", lines: []string{"s: Schön dass du dich auch mal meldest. Ach nee, tust du ja nicht. Drei Monate, Michael. DREI."}, code: CodeWrongName, evidence: "Michael"},
		{lang: "en", name: "a name on a line of its own signs", lines: []string{"s: The keys are under the mat, see you at the weekend\nKristen"}, code: CodeWrongName, absent: true},
		{lang: "en", name: "a message that only calls someone", lines: []string{"s: Jason"}, code: CodeWrongName, evidence: "Jason"},
		{lang: "en", name: "an elder's title and a name, then the message", lines: []string{"s: Kuya Jun I'm here at Ortigas already, 5th floor or 7th the meeting?"}, code: CodeWrongName, evidence: "Kuya Jun"},
		{lang: "en", name: "a collective address is no name", lines: []string{"s: Dear Parent, the parent-teacher meeting for Class 7B is on Saturday 15 Nov, 9am-12pm."}, code: CodeWrongName, absent: true},
		{lang: "de", name: "a collective address is no name", lines: []string{"s: Liebe Mitglieder, die Jahresversammlung ist am Freitag um 19 Uhr im Vereinsheim."}, code: CodeWrongName, absent: true},
		{lang: "en", name: "family news for a relative", lines: []string{"s: Your brother was arrested at the airport this morning. Mama is crying. Where are you??"}, code: CodeDrama, evidence: "Mama is"},
		{lang: "en", name: "family news of a fall", lines: []string{"s: Its Claire. Mum had a fall this morning and she's in A&E at the Royal. Battery nearly dead, text me back pls x"}, code: CodeDrama, evidence: "Mum had"},
		{lang: "en", name: "an aunt named is no address", lines: []string{"s: Aunt Bridget's in the hospital, they're saying it's serious. Please just come"}, code: CodeDrama, evidence: "Aunt"},
		{lang: "de", name: "family news for a relative", lines: []string{"s: Dein Bruder wurde heute am Flughafen verhaftet. Mama weint nur. Wo bist du??"}, code: CodeDrama, evidence: "Dein Bruder"},
		{lang: "fr", name: "family news for a relative", lines: []string{"s: Papi est à l'hôpital depuis ce matin, c'est grave. Viens vite"}, code: CodeDrama, evidence: "Papi est"},
		{lang: "it", name: "the sender's own family news", lines: []string{"s: Mia mamma è in ospedale, stasera non posso venire"}, code: CodeDrama, absent: true},
		{lang: "en", name: "the sender's own family news", lines: []string{"s: Sorry can't come tonight, my mum is in hospital"}, code: CodeDrama, absent: true},
		{lang: "en", name: "a night out recalled to a stranger", lines: []string{"s: heyy had so much fun last night, you left before I could say bye!! when can I see u again?"}, code: CodeDatingBait, evidence: "last night"},
		{lang: "en", name: "a night out recalled by someone who says who", lines: []string{"s: Hi Robin, it's Sam from the book club, had so much fun last night!"}, code: CodeDatingBait, absent: true, owner: []string{"Robin"}},
		{lang: "en", name: "only a stranger's greeting", lines: []string{"s: How are you doing today?"}, code: CodeReconnect, evidence: "How are you doing today"},
		{lang: "en", name: "only a greeting and an endearment", lines: []string{"s: hello dear"}, code: CodeReconnect, evidence: "hello dear"},
		{lang: "fr", name: "only a stranger's greeting, a day of two words", lines: []string{"s: Bonjour, comment allez-vous aujourd'hui ?"}, code: CodeReconnect, evidence: "aujourd'hui"},
		{lang: "es", name: "only leave to ask a question", lines: []string{"s: Hola, ¿puedo hacerte una pregunta?"}, code: CodeReconnect, evidence: "puedo hacerte una pregunta"},
		{lang: "en", name: "leave to ask, then the question", lines: []string{"s: Can I ask you a question about the flat you advertised?"}, code: CodeReconnect, absent: true},
		{lang: "en", name: "a friend's bare how are you", lines: []string{"s: Hi, how are you?"}, code: CodeReconnect, absent: true},
		{lang: "en", name: "a chatbot's question of the reader's mood", lines: []string{"s: Feeling good today? 😊"}, code: CodeReconnect, evidence: "Feeling good today"},
		{lang: "en", name: "only who the reader is, asked", lines: []string{"s: Hi, who is this?"}, code: CodeIsThis, evidence: "Hi, who is this"},
		{lang: "de", name: "only who the reader is, asked", lines: []string{"s: Hallo, wer ist das?"}, code: CodeIsThis, evidence: "wer ist das"},
		{lang: "id", name: "only who the reader is, asked", lines: []string{"s: Halo, ini siapa ya?"}, code: CodeIsThis, evidence: "ini siapa ya"},
		{lang: "en", name: "who asked, then why", lines: []string{"s: Who's this? We met at the conference last week, right?"}, code: CodeIsThis, evidence: "Who's this?", absent: true},
		{lang: "en", name: "who asked, then the sender's own news", lines: []string{"s: who is this? I'm moving on Saturday"}, code: CodeIsThis, absent: true},
		{lang: "en", name: "sorry, who is this: the apology's, once", lines: []string{"s: Sorry, who is this?"}, code: CodeIsThis, absent: true},
		{lang: "en", name: "busy, and a task handed over", lines: []string{"s: I'm tied up in a meeting and can't take calls. Need you to handle a quick purchase for me, will explain later"}, code: CodeTaskRequest, evidence: "handle"},
		{lang: "vi", name: "busy, and a task handed over", lines: []string{"s: Anh đang họp không nghe máy được, có việc gấp cần em xử lý"}, code: CodeTaskRequest, evidence: "có việc gấp"},
		{lang: "en", name: "busy twice is no task", lines: []string{"s: In a meeting, can't talk. Will call you back later"}, code: CodeTaskRequest, absent: true},
		{lang: "el", name: "busy, and a favour asked urgently", lines: []string{"s: Είμαι σε σύσκεψη, χρειάζομαι μια χάρη επειγόντως"}, code: CodeTaskRequest, evidence: "μια χάρη"},
		{lang: "en", name: "a greeting and help asked in one breath", lines: []string{"s: Good evening, how is your day going? I need your help with something"}, code: CodeTaskRequest, evidence: "need your help with something"},
		{lang: "fr", name: "a greeting and a plan asked about is no task", lines: []string{"s: Coucou! Ça va toi? Tu as prévu un truc demain?"}, code: CodeTaskRequest, absent: true},
		{lang: "en", name: "work offered as if asked for", lines: []string{"s: Hello, are you still looking for work?"}, code: CodeJobOffer, evidence: "still looking for work"},
		{lang: "en", name: "the sender's own job hunt", lines: []string{"s: Its not the same here. Still looking for a job myself"}, code: CodeJobOffer, absent: true},
		{lang: "en", name: "a plan asked about as if agreed", lines: []string{"s: Are we going to the gym tonight?"}, code: CodeSharedPlan, evidence: "Are we going to the"},
		{lang: "zh", name: "landed and nobody came to fetch", lines: []string{"s: 我已经落地了，怎么没看到接我的人？"}, code: CodeSharedPlan, evidence: "落地了"},
		{lang: "en", name: "a relative called and told of trouble", lines: []string{"s: Hi Mum, I'm in trouble, can you help me out tonight?"}, code: CodeCallsRelative, evidence: "I'm in trouble"},
		{lang: "en", name: "the sender's own mum in trouble is news, not an address", lines: []string{"s: My mum is in trouble with the council again, I need help with the forms"}, code: CodeCallsRelative, absent: true},
		{lang: "de", name: "an app's name cut into pieces", lines: []string{"s: Hallo, könnten Sie mir bitte eine Nachricht auf WA-TSA’PP schicken? Ich sehe hier keine Antworten"}, code: CodeMovePlatform, evidence: "WA-TSA’PP"},
		{lang: "en", name: "an app's name cut in two", lines: []string{"s: hi, is the bike still for sale? add me on Tele-gram"}, code: CodeMovePlatform, evidence: "Tele-gram"},
		{lang: "ru", name: "a director on a new number", lines: []string{"s: Добрый день, это ваш директор, пишу с нового номера. Вы на месте?"}, code: CodeTaskRequest, evidence: "директор"},
		{lang: "uk", name: "at the computer, and something to do between us", lines: []string{"s: Ви зараз за комп'ютером? Треба зробити дещо, тільки між нами"}, code: CodeTaskRequest, evidence: "зробити дещо"},
		{lang: "pl", name: "money asked of a parent", lines: []string{"s: Mamo, pożycz mi pieniądze, oddam jutro"}, code: CodeMoney, evidence: "pożycz mi pieniądze"},
		{lang: "id", name: "a transfer asked", lines: []string{"s: Ma, tolong transfer ke rekening ini ya, penting"}, code: CodeMoney, evidence: "tolong transfer"},
		{lang: "vi", name: "a club's dues to its treasurer ask no money of a stranger", lines: []string{"s: Chào anh, CLB cầu lông nhắc anh đóng phí tháng 3, chuyển khoản cho chị Lan thủ quỹ nhé"}, code: CodeMoney, absent: true},
		{lang: "ru", name: "writing on after the owner's wrong number", lines: []string{"s: Привет, Марина! Ты завтра придёшь?", "o: Вы ошиблись номером", "s: Ой, извините! Но вы кажетесь приятным человеком. Давайте познакомимся? Меня зовут Аня"}, code: CodeAfterDenial, evidence: "ошиблись номером"},
		{lang: "id", name: "writing on after the owner's wrong number", lines: []string{"s: Halo Budi, besok jadi ketemu?", "o: Maaf salah nomor", "s: Oh maaf ya! Tapi boleh kenalan? Aku Rina dari Jakarta"}, code: CodeAfterDenial, evidence: "salah nomor"},
		{lang: "pl", name: "a plain apology after the owner's wrong number", lines: []string{"s: Cześć Kasia, jutro o 18?", "o: Pomyłka, zły numer", "s: Przepraszam bardzo, pomyliłam numer, miłego dnia!"}, code: CodeAfterDenial, absent: true},
		{lang: "ru", name: "a plain apology after the owner's wrong number", lines: []string{"s: Привет, Марина! Ты завтра придёшь?", "o: Вы ошиблись номером", "s: Ой, извините, ошиблась номером. Хорошего дня!"}, code: CodeAfterDenial, absent: true},
		{lang: "vi", name: "crypto brought up after the owner answered", lines: []string{"s: Chào anh Tuấn, mai đi cafe không?", "o: nhầm số rồi", "s: Xin lỗi nha! Mình đang đầu tư tiền ảo, lãi lắm, anh có muốn thử không?"}, code: CodeInvestment, evidence: "tiền ảo"},
		{lang: "ru", name: "passive income pitched", lines: []string{"s: Кстати, вы инвестируете? У меня хороший пассивный доход"}, code: CodeInvestment},
		{lang: "hu", name: "a recruiter offering a part-time job", lines: []string{"s: Jó napot, Kata vagyok egy toborzó cégtől, részmunkaidős állást kínálunk otthonról."}, code: CodeJobOffer, evidence: "részmunkaidős állást"},
		{lang: "en", name: "a greeting with more to say", lines: []string{"s: How are you today? Are we still on for the cinema?"}, code: CodeReconnect, evidence: "How are you today", absent: true},
		{lang: "en", name: "rent troubles with an ask", lines: []string{"s: I can't pay the rent, can you send me $300 on Zelle?"}, code: CodeMoney},
		{lang: "en", name: "waiting somewhere never agreed", lines: []string{"s: Reached Koramangala, standing outside Third Wave. where r u?? call me once u see this"}, code: CodeSharedPlan, evidence: "standing outside"},
		// The errand frames: two parts a stranger's text never holds together.
		{lang: "en", name: "something left with the sender", lines: []string{"s: Mate you left your jacket at mine last night, want me to drop it round?"}, code: CodeSharedPlan, evidence: "you left your"},
		{lang: "en", name: "late and asking to hold the plan", lines: []string{"s: stuck in traffic on the M25, can you grab me a coffee before it starts?"}, code: CodeSharedPlan, evidence: "stuck in traffic"},
		{lang: "en", name: "landed and asking to be fetched", lines: []string{"s: We've landed! Can you come get me from terminal 2?"}, code: CodeSharedPlan, evidence: "We've landed"},
		{lang: "en", name: "a business that says what it is", lines: []string{"s: Hi, this is reception at Oak Dental, you left your glasses at the office"}, code: CodeSharedPlan, absent: true},
		{lang: "en", name: "an account locked out is no door", lines: []string{"s: Your account was locked out after 3 failed attempts. Use the code 482913 to unlock it."}, code: CodeSharedPlan, absent: true},
		{lang: "en", name: "locked out, asking for keys", lines: []string{"s: I've locked myself out again, have you got the spare key?"}, code: CodeSharedPlan, evidence: "locked myself out"},
		{lang: "en", name: "a task asked about by someone who says who", lines: []string{"s: Hi Robin, it's Sam from the book club, did you manage to finish the novel?"}, code: CodeSharedPlan, absent: true, owner: []string{"Robin"}},
		{lang: "en", name: "a sign-off that says whose parent writes", lines: []string{"s: you left your coat at ours last night! Sarah (Tom's mum)"}, code: CodeSharedPlan, absent: true},
		{lang: "en", name: "whose parent, asked after", lines: []string{"s: you left your coat at ours last night! is this Tom's mum?"}, code: CodeSharedPlan, evidence: "you left your"},
		{lang: "en", name: "a role that says it writes, at the pickup", lines: []string{"s: Hi, your driver here, I'm at the pickup point by the north entrance, silver Corolla"}, code: CodeSharedPlan, absent: true},
		{lang: "en", name: "a trade the owner's landlord booked", lines: []string{"s: Hi, Dave here, the plumber your landlord booked. I can come Tuesday between 8 and 10 to look at the boiler, does that work?"}, code: CodeSharedPlan, absent: true},
		{lang: "en", name: "the landlord as the one who writes", lines: []string{"s: Hi it's your landlord. Are you home today? I'm travelling and need you to do something urgent for me"}, code: CodeSharedPlan, evidence: "your landlord"},
		{lang: "en", name: "a courier at a locked gate", lines: []string{"s: Hi Oscar, I'm Yusuf, the courier with your Argos delivery. I'm at the gate but it's locked, can you buzz me in?"}, owner: []string{"Oscar"}, code: CodeImpersonation, absent: true},
		{lang: "en", name: "a courier and a locked account", lines: []string{"s: Royal Mail: your parcel is on hold and your account is locked. Pay the fee now to release it"}, code: CodeImpersonation, evidence: "on hold"},
		{lang: "en", name: "something left, but not with the sender", lines: []string{"s: You left your lights on in the car park, it's the blue Golf"}, code: CodeSharedPlan, absent: true},
	})
}

// An abbreviation's period does not cut the quoted opening.
func TestEvidenceKeepsAbbreviations(t *testing.T) {
	r := testRegistry(t)
	c := chat("sms", nil, "s: Hola Sr. Gómez, le confirmo la cita de mañana a las 17")
	v := r.Evaluate(c)
	found := false
	for _, rs := range v.Reasons {
		if rs.Code == CodeAnonymousSender {
			found = true
			if !strings.Contains(rs.Evidence, "Gómez") {
				t.Errorf("anonymous-sender evidence cut at the abbreviation: %q", rs.Evidence)
			}
		}
	}
	if !found {
		t.Errorf("no anonymous-sender reason: %+v", v.Reasons)
	}
}

// The owner's name with a possessive is talked about, not spoken to: it
// does not make the message one addressed to the owner.
func TestPossessiveOwnerNameIsNoAddress(t *testing.T) {
	r := testRegistry(t)
	for _, tc := range []struct {
		text      string
		addressed bool
	}{
		{"Remember me? from Mike's birthday party", false},
		{"Mike, remember me? from the birthday party", true},
		{"Hey Mike's sister here, are you coming?", false},
	} {
		a := r.analyse(chat(NetworkSMS, []string{"Mike"}, "s: "+tc.text))
		if got := a.addressedTurn >= 0; got != tc.addressed {
			t.Errorf("%q addressed to Mike: %v, want %v", tc.text, got, tc.addressed)
		}
	}
}

// The owner's name inside a longer proper noun, a place or someone
// else's full name, does not address the owner: Hà is a common given
// name and Hà Nội the capital.
func TestOwnerNameInProperNounIsNoAddress(t *testing.T) {
	r := testRegistry(t)
	for _, tc := range []struct {
		owner, text string
		addressed   bool
	}{
		{"Hà", "Dũng ơi tối nay vẫn đi ăn lẩu ở ga Hà Nội chứ? Anh đặt bàn lúc 7h rồi đó nha", false},
		{"Nam", "Dũng ơi mai về Việt Nam rồi, tối 7h gặp ở quán cũ nha", false},
		{"Victoria", "Hi Sam, meet you outside Victoria Station at 6?", false},
		// the name called, at the opening or mid-sentence
		{"Hà", "Hà Nội ơi, mai chị về nha", true}, // "Hà" opens the message: a call
		{"Nam", "Tối nay Anh Nam rảnh không?", true},
		{"Ruth", "Lovely to meet you on Sunday Ruth! Here's my number as promised", true},
		{"Ruth", "Merry Christmas Ruth and see you soon", true},
		{"Mark", "Hi Mark How are you doing?", true},
		{"Victoria", "Thanks so much Victoria, see you at the station", true},
	} {
		a := r.analyse(chat(NetworkSMS, []string{tc.owner}, "s: "+tc.text))
		if got := a.addressedTurn >= 0; got != tc.addressed {
			t.Errorf("%q addressed to %s: %v, want %v", tc.text, tc.owner, got, tc.addressed)
		}
		// a business that mentions the place does not name its customer
		if got := a.namesOwner(0); got != tc.addressed {
			t.Errorf("%q names %s: %v, want %v", tc.text, tc.owner, got, tc.addressed)
		}
	}
}

// The detail says who would be writing, from the word the owner is
// called by.
func TestRelativeDetailSaysWhoWrites(t *testing.T) {
	r := testRegistry(t)
	for text, want := range map[string]string{
		"Hi grandma": "writes as your grandchild",
		"Ciao zio":   "writes as your niece or nephew",
		"Hoi mam":    "writes as your child",
		"Hi gran, my phone broke, this is my new number": "writes as your grandchild",
	} {
		found := false
		for _, rs := range r.Evaluate(chat(NetworkSMS, nil, "s: "+text)).Reasons {
			if rs.Code == CodeCallsRelative || rs.Code == CodeNewNumber {
				found = true
				if !strings.HasPrefix(rs.Detail, want) {
					t.Errorf("%q: detail %q, want it to start %q", text, rs.Detail, want)
				}
			}
		}
		if !found {
			t.Errorf("%q: no relative reason", text)
		}
	}
}

// An anonymous new number is a caution unless the owner is asked to keep
// it: "Agendá mi nuevo número" was sent to thousands in Argentina.
func TestAnonymousNewNumberToSave(t *testing.T) {
	r := testRegistry(t)
	for _, tc := range []struct {
		text string
		want Level
	}{
		{"Agendá mi nuevo número", LevelWarning},
		{"This is my new number, save it", LevelWarning},
		{"Not tonight mate, catching up on sleep. This is my new number by the way", LevelNone},
	} {
		v := r.Evaluate(chat(NetworkSMS, nil, "s: "+tc.text))
		if v.Level != tc.want {
			t.Errorf("%q: level %v, want %v (%s)", tc.text, v.Level, tc.want, brief(v))
		}
	}
}

// A slot word in another gender or number is the same word; a word one
// letter from another stem is not.
func TestSameStem(t *testing.T) {
	for _, c := range []struct {
		w, v string
		want bool
	}{
		{"bloquee", "bloque", true}, {"rotta", "rotto", true}, {"perdidos", "perdido", true},
		{"kaputte", "kaputt", true}, {"casa", "cosa", false}, {"rota", "roto", false}, {"broken", "broke", false},
	} {
		if got := sameStem(c.w, c.v); got != c.want {
			t.Errorf("sameStem(%q, %q) = %v, want %v", c.w, c.v, got, c.want)
		}
	}
}

// A writer who capitalises nothing names the owner in lower case: "ho un
// pacco per laura" says whom the message is for as "per Laura" does.
func TestOwnerNamedInLowerCase(t *testing.T) {
	r := testRegistry(t)
	lower := r.Evaluate(chat(NetworkSMS, nil, "s: buongiorno, sono il corriere, ho un pacco per laura ma il citofono non va. scende lei?"))
	upper := r.Evaluate(chat(NetworkSMS, nil, "s: buongiorno, sono il corriere, ho un pacco per Laura ma il citofono non va. scende lei?"))
	if lower.Level != upper.Level || lower.Score != upper.Score {
		t.Fatalf("lower case %s, capitalised %s", brief(lower), brief(upper))
	}
}

// In Vietnamese the accents tell words apart: "cuối tuần" (the weekend)
// does not name Tuấn, "Tuấn ơi" and "Tuan oi" (typed without them) do.
// A French name typed with its accents still names an owner configured
// without them.
func TestOwnerNameAccents(t *testing.T) {
	checkAddressed(t, []addressedCase{
		{[]string{"Tuấn", "Trần Minh Tuấn"}, "Chào anh. Cuối tuần anh có rảnh đi cà phê không?", false},
		{[]string{"Tuấn", "Trần Minh Tuấn"}, "Tuấn ơi, mai đi cà phê nhé", true},
		{[]string{"Tuấn", "Trần Minh Tuấn"}, "Tuan oi, mai di ca phe nhe", true},
		{[]string{"Helene", "Helene Martin"}, "Bonjour Hélène, votre colis arrive demain", true},
	})
}

// A parent talked about ("Dad's will") is not the one the message is
// addressed to, whose opener cues would count a fifth.
func TestPossessiveRelativeIsNoAddress(t *testing.T) {
	r := testRegistry(t)
	for text, addressed := range map[string]bool{
		"Dad's will is not up for discussion. You weren't there for him": false,
		"Mum’s birthday is on Sunday, don't forget the cake":             false,
		"Dad, can you pick me up at 6?":                                  true,
		"Hi mum, see you at dinner":                                      true,
		"Uncle Ray's been taken to hospital by ambulance":                false,
		"Aunt Bridget is in the hospital, they say it's serious":         false,
		"Mam wants everyone there tonight":                               false,
		"Mum can you call me when you get this":                          true,
		"Uncle Ray, can you call me back?":                               true,
		"Papa liegt seit heute früh im Krankenhaus":                      false,
		"Mum fell down the stairs, we're at A&E":                         false,
		"Mamá sigue en el hospital y tú ni llamas":                       false,
		"Mãe precisa de ajuda com as compras":                            false,
		"Mama, kannst du mich abholen?":                                  true,
	} {
		a := r.analyse(chat(NetworkSMS, nil, "s: "+text))
		if got := a.addressedTurn == 0; got != addressed {
			t.Errorf("%q: addresses the owner %v, want %v", text, got, addressed)
		}
		a.release()
	}
}

// The sender's own money troubles told to the reader are no ask: a weak
// cue at most, no warning.
func TestOwnMoneyTroublesAreNoAsk(t *testing.T) {
	r := testRegistry(t)
	v := r.Evaluate(chat(NetworkSMS, nil, "s: I can't get work, I can't pay the rent, I can't even fill my gas tank. I'm stressed."))
	if v.Level >= LevelCaution {
		t.Fatalf("the sender's own troubles: %s, want no warning", brief(v))
	}
}

// A shortened form of the owner's name counts where it is said to the
// reader; a greeting or an ordinary word that happens to start the name
// names no one: "Hei" (Finnish hi) is not Heikki, Czech "Ale" (but) is
// not Alena.
func TestShortenedOwnerNameIsAnAddress(t *testing.T) {
	checkAddressed(t, []addressedCase{
		{[]string{"Heikki", "Heikki Lehtonen"}, "Hei, näin sun profiilin ja oli pakko laittaa viestiä", false},
		{[]string{"Alena", "Alena Fialová"}, "Pardon, spletla jsem si čísla. Ale máte hezkou profilovku", false},
		{[]string{"Alena", "Alena Fialová"}, "Ahoj Alena, zítra v 10?", true},
		{[]string{"Christopher"}, "hey Chris, are we still on for tomorrow?", true},
		{[]string{"Christopher"}, "Chris, the plumber is coming at 10", true},
		{[]string{"Андрій"}, "Андрію, добрий день, кур'єр Нової пошти", true},
	})
}

// A sender who says who they are and who gave the number is vouched
// for, and their opener cues count less; but asking the owner by another
// person's name ("Are you David?" to Mark) says the number was not the
// owner's, whoever gave it. Asking for someone's relation ("Are you
// Tom's dad?") stays damped: the owner may be just that.
func TestVouchedSenderAskingForAnotherName(t *testing.T) {
	r := testRegistry(t)
	weight := func(text string) float64 {
		v := r.Evaluate(chat(NetworkSMS, []string{"Mark", "Mark Evans"}, "s: "+text))
		for _, rs := range v.Reasons {
			if rs.Code == CodeIsThis {
				return rs.Weight
			}
		}
		return 0
	}
	if w := weight("Hi, I am Jenny, my assistant gave me your number. Are you David?"); w < 0.3 {
		t.Errorf("asked for David: is-this weighs %.2f, want it undamped", w)
	}
	if w := weight("Hi, I'm Jenny from the school office, Mrs Lee gave me your number. Are you Tom's dad?"); w >= 0.3 {
		t.Errorf("asked for Tom's dad: is-this weighs %.2f, want it damped", w)
	}
}

// addressedCase: whether a message to an owner with these names
// addresses them (analysis.addressedTurn).
type addressedCase struct {
	owner     []string
	text      string
	addressed bool
}

func checkAddressed(t *testing.T, cases []addressedCase) {
	t.Helper()
	r := testRegistry(t)
	for _, c := range cases {
		a := r.analyse(chat(NetworkSMS, c.owner, "s: "+c.text))
		if got := a.addressedTurn == 0; got != c.addressed {
			t.Errorf("%v, %q: addresses the owner %v, want %v", c.owner, c.text, got, c.addressed)
		}
		a.release()
	}
}
