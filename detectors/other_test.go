package detectors

import (
	"errors"
	"strings"
	"testing"
)

// Languages without a lexicon (other.toml): the "hi mum", wrong-name,
// "is this" and reconnect openers in a few of them, and none of their
// words in a message told to be in a lexicon language.
func TestOtherLanguages(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "id", name: "ini benar nomor", lines: []string{"s: Permisi, ini benar nomor Bu Sari yang les privat matematika?"}, code: CodeIsThis, evidence: "ini benar nomor"},
		{lang: "ro", name: "acesta este numărul", lines: []string{"s: Bună ziua, acesta este numărul doamnei Elena de la meditații?"}, code: CodeIsThis, evidence: "acesta este numărul"},
		{lang: "pl", name: "cześć mamo", lines: []string{"s: Cześć mamo, to mój nowy numer, stary telefon się zepsuł. Napisz na WhatsAppie"}, code: CodeNewNumber, evidence: "nowy numer"},
		{lang: "sv", name: "hej mamma", lines: []string{"s: Hej mamma, detta är mitt nya nummer. Min telefon gick sönder"}, code: CodeNewNumber, evidence: "mitt nya nummer"},
		{lang: "fi", name: "hei äiti", lines: []string{"s: Hei äiti, tämä on uusi numeroni. Puhelin hajosi"}, code: CodeNewNumber, evidence: "uusi numeroni"},
		{lang: "el", name: "γεια σου μαμά", lines: []string{"s: Γεια σου μαμά, αυτό είναι το νέο μου νούμερο"}, code: CodeNewNumber},
		{lang: "pl", name: "tato, telefon się zepsuł (frame)", lines: []string{"s: Tato, telefon mi się zepsuł, zapisz ten numer i napisz na WhatsAppie"}, code: CodeNewNumber, evidence: "Tato"},
		{lang: "no", name: "mamma, mobilen knust (frame)", lines: []string{"s: Mamma, mobilen min er knust. Lagre dette nummeret"}, code: CodeNewNumber, evidence: "Mamma"},
		// writing from a friend's or a borrowed phone, the child's own broken
		{lang: "el", name: "από το κινητό ενός φίλου", lines: []string{"s: Μπαμπά, σου γράφω από το κινητό ενός φίλου, το δικό μου χάλασε"}, code: CodeNewNumber, evidence: "κινητό ενός φίλου"},
		{lang: "tr", name: "arkadaşımın telefonundan", lines: []string{"s: Baba ben, arkadaşımın telefonundan yazıyorum, benimki bozuldu"}, code: CodeNewNumber, evidence: "arkadaşımın telefonundan"},
		{lang: "cs", name: "z mobilu kamarádky", lines: []string{"s: Ahoj mami, píšu z mobilu kamarádky, můj je v opravě"}, code: CodeNewNumber, evidence: "z mobilu kamarádky"},
		// "mobilu" is a phone, as a slot word, not only inside the cue above
		{lang: "cs", name: "mami, mobilu rozbitý (frame)", lines: []string{"s: Mami, v mobilu mám rozbitý displej, piš mi sem"}, code: CodeNewNumber, evidence: "Mami"},
		{lang: "ru", name: "Лен, в силе завтра?", lines: []string{"s: Лен, в силе завтра в 19:00 у Пушкинской?"}, code: CodeWrongName, evidence: "Лен"},
		// the owner's name in the vocative ("Андрію" to Андрій, "Наталю" to
		// Наталія) or a short form ("Вика" to Виктория) is the owner's
		{lang: "uk", name: "Андрію to Андрій", owner: []string{"Андрій", "Андрій Коваль"}, lines: []string{"s: Андрію, добрий день, кур'єр Нової пошти. Посилку привезу сьогодні з 15 до 17, будете вдома?"}, code: CodeWrongName, absent: true},
		{lang: "uk", name: "Наталю to Наталія", owner: []string{"Наталія"}, lines: []string{"s: Доброго дня, Наталю! Завтра в 10 як домовлялись?"}, code: CodeWrongName, absent: true},
		{lang: "uk", name: "Наталю to Ольга", owner: []string{"Ольга"}, lines: []string{"s: Доброго дня, Наталю! Завтра в 10 як домовлялись?"}, code: CodeWrongName, evidence: "Наталю"},
		{lang: "ru", name: "Вика to Виктория", owner: []string{"Виктория"}, lines: []string{"s: Вика, скинь фотки с выходных плиз"}, code: CodeWrongName, absent: true},
		{lang: "ar", name: "يا عمرو, greeted", lines: []string{"s: يا عمرو انا تحت البيت انزل بسرعة"}, code: CodeWrongName, evidence: "عمرو"},
		{lang: "ar", name: "هذا رقم سامر؟", lines: []string{"s: هلا، هذا رقم سامر؟ بغيت استفسر عن الشقة"}, code: CodeIsThis, evidence: "هذا رقم سامر"},
		{lang: "he", name: "זה המספר של יוסי?", lines: []string{"s: זה המספר של יוסי מהמילואים?"}, code: CodeIsThis, evidence: "זה המספר של יוסי"},
		{lang: "hi", name: "ये अंकित का नंबर है?", lines: []string{"s: ये अंकित का नंबर है? पिछले हफ्ते शादी में मिले थे"}, code: CodeIsThis, evidence: "अंकित का नंबर है"},
		{lang: "hi", name: "क्या ये आपका नंबर है? asks for no one", lines: []string{"s: क्या ये आपका नंबर है?"}, code: CodeIsThis, absent: true},
		{lang: "ru", name: "Настя to Анастасия", owner: []string{"Анастасия", "Анастасия Орлова"}, lines: []string{"s: Привет, Настя! Завтра в 19:00 как договаривались?"}, code: CodeWrongName, absent: true},
		{lang: "el", name: "Κώστα, greeted", lines: []string{"s: Κώστα, πέρνα από το φούρνο όταν γυρνάς"}, code: CodeWrongName},
		{lang: "ru", name: "пишу с чужого номера", lines: []string{"s: Пап, это я. Пишу с чужого номера, свой утопил. Очень надо помочь"}, code: CodeNewNumber},
		{lang: "ja", name: "父さん、番号変わった", lines: []string{"s: 父さん、俺だけど携帯水没して番号変わった。今大丈夫?"}, code: CodeNewNumber},
		{lang: "ru", name: "сто лет не общались", lines: []string{"s: Привет! Сто лет не общались 😊 ты номер сменил?"}, code: CodeReconnect},
		{lang: "ru", name: "номер мне дала подруга, познакомиться", lines: []string{"s: Привет, номер мне дала подруга, сказала что ты интересный. Меня зовут Алина. Можно познакомиться?"}, code: CodeDatingBait},
		{lang: "ja", name: "山本さんの携帯でしょうか", lines: []string{"s: 突然すみません、山本さんの携帯でしょうか?"}, code: CodeIsThis},
		{lang: "ru", name: "напоминаем о записи", lines: []string{"s: Салон красоты: напоминаем о записи на маникюр завтра в 12:00"}, code: CodeSharedPlan, detail: "without naming you"},
		// "hi mum" composed from slots in Cyrillic, Arabic, Hebrew and Hindi:
		// wordings no cue lists as a phrase
		{lang: "ru", name: "Мамуль, телефон сломался (frame)", lines: []string{"s: Мамуль, у меня телефон сломался, пиши сюда"}, code: CodeNewNumber, evidence: "Мамуль"},
		{lang: "uk", name: "Тату, телефон не працює (frame)", lines: []string{"s: Тату, телефон не працює, збережи цей номер"}, code: CodeNewNumber, evidence: "Тату"},
		{lang: "ar", name: "يمه جوالي خربان (frame)", lines: []string{"s: يمه جوالي خربان، احفظي هالرقم"}, code: CodeNewNumber, evidence: "يمه"},
		{lang: "he", name: "אבא, הטלפון נפל למים (frame)", lines: []string{"s: אבא, הטלפון נפל למים. תשמור את המספר הזה"}, code: CodeNewNumber, evidence: "אבא"},
		{lang: "hi", name: "पापा फोन चोरी (frame)", lines: []string{"s: पापा मेरा फोन चोरी हो गया, इस नंबर पर मैसेज करना"}, code: CodeNewNumber, evidence: "पापा"},
		{lang: "hi", name: "mummy phone gir gaya (frame)", lines: []string{"s: mummy phone gir gaya paani me, ab isi number pe msg karna"}, code: CodeNewNumber, evidence: "mummy"},
		{lang: "el", name: "Μανούλα, κινητό για επισκευή (frame)", lines: []string{"s: Μανούλα, το κινητό μου είναι για επισκευή, κράτα αυτό το νούμερο"}, code: CodeNewNumber, evidence: "Μανούλα"},
		{lang: "tr", name: "Teyzecim telefonum çalındı (frame)", lines: []string{"s: Teyzecim telefonum çalındı, şimdilik bu numara, kaydeder misin"}, code: CodeNewNumber, evidence: "Teyzecim"},
		{lang: "tr", name: "kusura bakmayın, yanlış kaydetmişim (apology first)", lines: []string{"s: Kusura bakmayın, numaranızı yanlış kaydetmişim galiba. Nerelisiniz?"}, code: CodeApologyFirst},
		{lang: "el", name: "είναι το τηλέφωνο του Νίκου;", lines: []string{"s: Καλησπέρα, είναι το τηλέφωνο του Νίκου του υδραυλικού;"}, code: CodeIsThis},
		{lang: "tr", name: "Hala geçerli mi? is no aunt", lines: []string{"s: Hala geçerli mi? telefonum bozuldu, bu numaradan yazıyorum"}, code: CodeNewNumber, detail: "writes as your child or relative", absent: true},
		{lang: "sv", name: "farsan, mobilen snodd (frame)", lines: []string{"s: Farsan, mobilen blev snodd igår, skriv till mig på det här numret"}, code: CodeNewNumber, evidence: "Farsan"},
		{lang: "hu", name: "nagyi, szerelőnél a telóm (frame)", lines: []string{"s: Nagyi, szerelőnél van a telóm, addig ezen a számon írj"}, code: CodeNewNumber, evidence: "Nagyi"},
		{lang: "da", name: "undskyld, forkerte nummer (apology first)", lines: []string{"s: Undskyld, jeg har vist skrevet til det forkerte nummer. Hvor bor du henne?"}, code: CodeApologyFirst},
		{lang: "el", name: "Το πάμε για Κυριακή; asks for no one", lines: []string{"s: Το πάμε για Κυριακή; Έχω δουλειά το Σάββατο"}, code: CodeIsThis, absent: true},
		{lang: "cs", name: "Je tohle Jana?", lines: []string{"s: Dobrý den, je tohle Jana? Mám od vás číslo z kurzu"}, code: CodeIsThis, evidence: "tohle Jana"},
		{lang: "sv", name: "Är det du, Johan?", lines: []string{"s: Hej! Är det du, Johan?"}, code: CodeIsThis},
		{lang: "ca", name: "La Laia ha fet els deures? talks about Laia", lines: []string{"s: La Laia ha fet els deures? Divendres té examen de mates"}, code: CodeWrongName, absent: true},
		{lang: "ca", name: "ets la Marta?", lines: []string{"s: Hola, ets la Marta? Em va passar el número la Júlia"}, code: CodeIsThis, evidence: "ets la Marta"},
		{lang: "hu", name: "Kovács úrral beszélek?", lines: []string{"s: Jó napot, Kovács úrral beszélek?"}, code: CodeIsThis},
		{lang: "ko", name: "지영이 번호 맞아?", lines: []string{"s: 이거 지영이 번호 맞아?"}, code: CodeIsThis},
		{lang: "ja", name: "ありがとう、田中さん！ asks for no one", lines: []string{"s: ありがとう、田中さん！"}, code: CodeIsThis, absent: true},
		{lang: "cs", name: "Je to pravda? asks for no one", lines: []string{"s: Je to pravda?"}, code: CodeIsThis, absent: true},
		{lang: "cs", name: "kamarádka mi dala tvoje číslo stays the dating script", lines: []string{"s: Ahoj, kamarádka mi dala tvoje číslo, jsem Lenka 😊 nechceš si psát?"}, code: CodeDatingBait},
		{lang: "ru", name: "the director asks for gift cards", lines: []string{"s: Здравствуйте, это Олег Петрович, директор. Срочно нужно купить подарочные карты для партнёров, сможете?"}, code: CodeTaskRequest, evidence: "подарочные карты"},
		{lang: "ar", name: "the manager asks for iTunes cards", lines: []string{"s: مرحبا، انا المدير خالد، ممكن تشتري لي بطاقات ايتونز الحين؟ ضروري"}, code: CodeTaskRequest},
		{lang: "cs", name: "mluvím s majitelem? asks for the owner", lines: []string{"s: Dobrý den, mluvím s majitelem toho bytu na Palackého?"}, code: CodeIsThis},
		{lang: "fi", name: "puhunko vuokranantajan kanssa?", lines: []string{"s: Hei, puhunko vuokranantajan kanssa? Se yksiö Kalevankadulla"}, code: CodeIsThis},
		{lang: "uk", name: "я розмовляю з власником?", lines: []string{"s: Вибачте, я розмовляю з власником авто з оголошення?"}, code: CodeIsThis},
		{lang: "ar", name: "هل أتحدث مع مكتب المحامي؟", lines: []string{"s: مرحبا، هل أتحدث مع مكتب المحامي؟"}, code: CodeIsThis},
		{lang: "hi", name: "क्या मेरी बात … डीलर से हो रही है?", lines: []string{"s: नमस्ते, क्या मेरी बात गुप्ता प्रॉपर्टी डीलर से हो रही है?"}, code: CodeIsThis},
		{lang: "he", name: "זאת מיכל?", lines: []string{"s: היי, זאת מיכל?"}, code: CodeIsThis, evidence: "מיכל"},
		{lang: "el", name: "eisai o Nikos? in Greeklish", lines: []string{"s: Geia, eisai o Nikos apo to gym?"}, code: CodeIsThis, evidence: "Nikos"},
		{lang: "uk", name: "я розмовляю з мамою asks for no one", lines: []string{"s: Дякую, я розмовляю з мамою зараз, передзвоню"}, code: CodeIsThis, absent: true},
		{lang: "ru", name: "мы раньше не встречались? (reconnect)", lines: []string{"s: Добрый день! Простите, мы раньше не встречались? Ваше фото кажется знакомым"}, code: CodeReconnect},
		{lang: "el", name: "Θυμάσαι που πήγαμε …; recalls a shared trip, no reconnect", lines: []string{"s: Θυμάσαι που πήγαμε στη Νάξο; Τι ωραία"}, code: CodeReconnect, absent: true},
		{lang: "fi", name: "muistatko mut? (reconnect)", lines: []string{"s: Moikka! Muistatko mut vielä? Me oltiin samassa koulussa Oulussa"}, code: CodeReconnect},
		{lang: "ru", name: "видела тебя в тиндере (dating app)", lines: []string{"s: Привет, кажется мы общались в тиндере, но он меня удалил. Продолжим тут?"}, code: CodeDatingBait},
		{lang: "ar", name: "لوحدي بالبيت … نحكي شوي (alone, flirt)", lines: []string{"s: مساء الخير، انا لوحدي بالبيت الليلة 🙈 بدك نحكي شوي؟"}, code: CodeDatingBait},
		{lang: "fi", name: "kirjoitat arvosteluja hotelleista, palkkio heti (rate task)", lines: []string{"s: Moi, meillä ois kotityö: kirjoitat arvosteluja hotelleista, palkkio heti"}, code: CodeJobOffer, evidence: "arvosteluja hotelleista"},
		{lang: "ar", name: "سامحني … بالغلط (apology first)", lines: []string{"s: سامحني، شكلي حفظت رقمك بالغلط بدل رقم اخوي"}, code: CodeApologyFirst},
		{lang: "ru", name: "ты на месте? нужно купить хлеб is a family errand", lines: []string{"s: Мам, ты на месте? Нужно купить хлеб и молоко"}, code: CodeTaskRequest, absent: true},
		{lang: "uk", name: "ти вільний? потрібно купити подарунок is no boss's task", lines: []string{"s: Ти вільний? Потрібно купити подарунок мамі"}, code: CodeTaskRequest, absent: true},
		{lang: "ru", name: "Вадим Николаевич, … (name and patronymic greet)", lines: []string{"s: Вадим Николаевич, добрый день. Отчёт готов, могу занести в 7"}, code: CodeWrongName, evidence: "Вадим"},
		{lang: "ru", name: "Николаевич сказал … talks about him", lines: []string{"s: Николаевич сказал что придёт"}, code: CodeWrongName, absent: true},
		{lang: "fi", name: "Sori Lars, … (a greeting the list lacked)", lines: []string{"s: Sori Lars, en pääse tänään, lapsi on kipeä"}, code: CodeWrongName, evidence: "Lars"},
		{lang: "cs", name: "Zdar Tome, … (a greeting the list lacked)", lines: []string{"s: Zdar Tome, v kolik zítra squash?"}, code: CodeWrongName, evidence: "Tome"},
		{lang: "ru", name: "Дим, … (Дима in the vocative)", lines: []string{"s: Дим, я вчера у тебя зонт забыл, занеси в понедельник"}, code: CodeWrongName, evidence: "Дим"},
		{lang: "cs", name: "Ahoj Tomáši, … (Tomáš in the vocative)", lines: []string{"s: Ahoj Tomáši, jak to vypadá se sobotou?"}, code: CodeWrongName, evidence: "Tomáši"},
		{lang: "uk", name: "Марино, … to Марина is the owner", owner: []string{"Марина"}, lines: []string{"s: Марино, торт я вже забрала"}, code: CodeWrongName, absent: true},
		{lang: "ru", name: "Сон, … is no name", lines: []string{"s: Сон, мне приснился странный"}, code: CodeWrongName, absent: true},
		{lang: "ar", name: "كريم انا برا (a name, then I'm: no comma in Arabic)", lines: []string{"s: كريم انا برا، وينك؟"}, code: CodeWrongName, evidence: "كريم"},
		{lang: "ru", name: "Олег сказал … talks about Oleg", lines: []string{"s: Олег сказал что придёт позже"}, code: CodeWrongName, absent: true},
		{lang: "cs", name: "nech mého muže na pokoji (drama, the object between)", lines: []string{"s: Nech mého muže na pokoji, vím o vás všechno"}, code: CodeDrama},
		{lang: "cs", name: "nechte mě na pokoji is no rival told off", lines: []string{"s: Nechte mě na pokoji, jsem unavená"}, code: CodeDrama, absent: true},
		{lang: "no", name: "Hvordan er det i Roma? asks where, not who", lines: []string{"s: Hvordan er det i Roma? Spis en gelato for meg"}, code: CodeIsThis, absent: true},
		{lang: "pl", name: "Jesteś w domu? asks where, not who", lines: []string{"s: Jesteś w domu? Zadzwoń"}, code: CodeIsThis, absent: true},
		{lang: "ru", name: "Ты в Москве? asks where, not who", lines: []string{"s: Привет, ты в Москве?"}, code: CodeIsThis, absent: true},
		{lang: "no", name: "Er det Maria? asks who", lines: []string{"s: Hei, er det Maria?"}, code: CodeIsThis, evidence: "er det Maria"},
		{lang: "no", name: "Pappa, det er meg (frame; 'meg' is no name)", lines: []string{"s: Pappa, det er meg, har mistet telefonen, skriv her"}, code: CodeNewNumber, evidence: "Pappa"},
		{lang: "sv", name: "extrajobb hemifrån, 1000 kr om dagen", lines: []string{"s: Extrajobb hemifrån, 1000 kr om dagen, bara mobilen behövs"}, code: CodeJobOffer},
		{lang: "da", name: "arbejder hjemmefra i dag: no job offered", lines: []string{"s: Jeg arbejder hjemmefra i dag, ring hvis du har brug for noget"}, code: CodeJobOffer, absent: true},
		{lang: "zh", name: "看到你的资料，交个朋友", lines: []string{"s: 你好，看到你的资料，想跟你交个朋友"}, code: CodeDatingBait, evidence: "看到你的资料"},
		{lang: "vi", name: "thấy anh trên Facebook, làm quen", lines: []string{"s: Chào anh, em thấy anh trên Facebook, làm quen nhé"}, code: CodeDatingBait},
		// a name with a title after it, in a script without capitals
		{lang: "hi", name: "नमस्ते सुमित जी, greeted", lines: []string{"s: नमस्ते सुमित जी, कल की मीटिंग 11 बजे है"}, code: CodeWrongName, evidence: "सुमित"},
		{lang: "hi", name: "राहुल भाई, greeted", lines: []string{"s: राहुल भाई, कल शाम को मिलते हैं"}, code: CodeWrongName, evidence: "राहुल"},
		{lang: "hi", name: "राहुल भाई बोल रहे थे: talk about him", lines: []string{"s: राहुल भाई बोल रहे थे कि कल बारिश होगी"}, code: CodeWrongName, absent: true},
		{lang: "tr", name: "Merhaba Emre Bey, greeted", lines: []string{"s: Merhaba Emre Bey, yarın görüşüyoruz değil mi?"}, code: CodeWrongName, evidence: "Emre"},
		// sums and times written with other scripts' digits and currencies
		{lang: "ar", name: "٢٠٠ ريال يومياً", lines: []string{"s: عندنا شغل من البيت، ٢٠٠ ريال يومياً، مهتم؟"}, code: CodeJobOffer, evidence: "٢٠٠ ريال يومياً"},
		{lang: "ru", name: "3000 рублей в день", lines: []string{"s: Работа из дома, 3000 рублей в день, нужен только телефон"}, code: CodeJobOffer},
		{lang: "ar", name: "مرحبا سامر، بكرة الساعة ٨", lines: []string{"s: مرحبا سامر، بكرة الساعة ٨ عند الكافيه؟"}, code: CodeSharedPlan, evidence: "بكرة الساعة ٨"},
		{lang: "ru", name: "Сто лет тебя не слышала", lines: []string{"s: Привет! Сто лет тебя не слышала, как ты?"}, code: CodeReconnect},
		{lang: "ru", name: "из отдела кадров, ваше резюме", lines: []string{"s: Добрый день, это Ольга из отдела кадров. Ваше резюме нас заинтересовало"}, code: CodeJobOffer},
		// "hi mum" typed in Latin letters: Arabizi, Hinglish, transliterated Russian
		{lang: "ar", name: "Arabizi: mobaili et3atal, rakami el gedid", lines: []string{"s: Mama ana, mobaili et3atal, da rakami el gedid"}, code: CodeNewNumber, evidence: "Mama"},
		{lang: "hi", name: "Hinglish: Maa, temporary number", lines: []string{"s: Maa mera mobile kharab ho gaya hai, ye mera temporary number hai"}, code: CodeNewNumber, evidence: "Maa"},
		{lang: "ru", name: "translit: Mam eto ya, noviy nomer", lines: []string{"s: Mam eto ya, telefon slomalsya, eto moy noviy nomer"}, code: CodeNewNumber},
		// the fake boss: "are you available? I need something handled urgently"
		{lang: "cs", name: "máte chvilku? něco vyřídit", lines: []string{"s: Dobrý den, máte chvilku? Potřebuji od vás rychle něco vyřídit"}, code: CodeTaskRequest},
		{lang: "ru", name: "вы сейчас свободны? срочно решить", lines: []string{"s: Добрый день, вы сейчас свободны? Нужно срочно решить один вопрос"}, code: CodeTaskRequest},
		{lang: "he", name: "אתה פנוי עכשיו? טובה דחופה", lines: []string{"s: היי, אתה פנוי עכשיו? אני צריך ממך טובה דחופה"}, code: CodeTaskRequest},
		{lang: "tr", name: "müsait misin? (no task asked)", lines: []string{"s: Merhaba, müsait misin? Akşam yemeğe gelsene"}, code: CodeTaskRequest, absent: true},
		{lang: "ar", name: "الشقة لسا متاحة؟", lines: []string{"s: مرحبا، هل الشقة اللي في الإعلان لسا متاحة؟"}, code: CodeStillAvailable},
		{lang: "he", name: "אני עדיין פנוי מחר: a person, not a listing", lines: []string{"s: אני עדיין פנוי מחר בערב, בא לך לבוא?"}, code: CodeStillAvailable, absent: true},
		// drama sent to the wrong person: "stop texting my husband", "pay me back"
		{lang: "ru", name: "хватит писать моему мужу", lines: []string{"s: Хватит писать моему мужу, я всё знаю"}, code: CodeDrama},
		{lang: "he", name: "תפסיקי לכתוב לבעלי", lines: []string{"s: תפסיקי לכתוב לבעלי, אני יודעת הכל"}, code: CodeDrama},
		{lang: "uk", name: "коли ти повернеш мені гроші", lines: []string{"s: Коли ти повернеш мені гроші? Вже місяць минув"}, code: CodeDrama},
		{lang: "ru", name: "я всё знаю, не переживай: no accusation", lines: []string{"s: Да я всё знаю, не переживай, завтра увидимся"}, code: CodeDrama, absent: true},
		// the English list's quarrels as each language texts them
		{lang: "sv", name: "du ljög för mig", lines: []string{"s: Du ljög för mig hela sommaren. Ring inte mer"}, code: CodeDrama, evidence: "ljög för mig"},
		{lang: "cs", name: "dlužíš mi omluvu", lines: []string{"s: Po tom, co jsi řekla na oslavě, mi dlužíš omluvu"}, code: CodeDrama},
		{lang: "el", name: "ξέρω τι έκανες", lines: []string{"s: Ξέρω τι έκανες το Σάββατο. Μην το αρνηθείς"}, code: CodeDrama},
		{lang: "tr", name: "park yerime park etmişsin", lines: []string{"s: Yine benim park yerime park etmişsin, son kez söylüyorum"}, code: CodeDrama},
		{lang: "fi", name: "kaiken mitä tein sun eteen jälkeen", lines: []string{"s: Kaiken sen jälkeen mitä mä tein sun eteen, näin sä kiität"}, code: CodeDrama},
		{lang: "id", name: "kamu bohong sama aku", lines: []string{"s: Kamu bohong sama aku selama ini, jangan hubungi aku lagi"}, code: CodeDrama},
		// family news from someone who says whose child they are: their
		// own family, named (the family-news frame's relative_of)
		{lang: "uk", name: "це Андрій, син Валентини Іванівни: мама у лікарні", lines: []string{"s: Доброго дня, це Андрій, син Валентини Іванівни, у якої ви винаймаєте квартиру. Мама зараз у лікарні, тож поки всім займаюсь я"}, code: CodeDrama, absent: true},
		{lang: "cs", name: "jsem Jakub, syn pana Horáka: táta v nemocnici", lines: []string{"s: Dobrý den, jsem Jakub, syn pana Horáka, od kterého máte pronajatý byt. Táta je v nemocnici, tak to teď řeším já"}, code: CodeDrama, absent: true},
		{lang: "en", name: "this is Andrew, son of Valentina: Mum is in hospital", lines: []string{"s: Hi, this is Andrew, son of Valentina, your landlady. Mum is in hospital so I'm handling things now"}, code: CodeDrama, absent: true},
		{lang: "ru", name: "это Андрей (whose son unsaid): мама в больнице", lines: []string{"s: Привет, это Андрей. Мама в больнице, позвони"}, code: CodeDrama},
		// "Name from somewhere" after a greeting is the sender's name (as en "from")
		{lang: "ru", name: "Привет, Дима из бухгалтерии", lines: []string{"s: Привет, Дима из бухгалтерии, номер дал Петя. В отчёте за понедельник нет цифр за октябрь"}, code: CodeWrongName, absent: true},
		{lang: "ru", name: "Привет Дима, из-за пробки: Dima greeted", lines: []string{"s: Привет Дима, из-за пробки опоздаю на полчаса"}, code: CodeWrongName},
		// a neighbour's complaint of the reader's car, dog or music (the
		// nuisance frame), "your" before the noun, after it, or in its ending
		{lang: "ru", name: "Ваша машина опять на моём месте", lines: []string{"s: Ваша машина опять стоит на моём месте! Уберите сейчас же"}, code: CodeDrama, evidence: "Ваша машина"},
		{lang: "ro", name: "Mașina ta pe locul meu", lines: []string{"s: Mașina ta e iar parcată pe locul meu, mut-o acum"}, code: CodeDrama, evidence: "Mașina ta"},
		{lang: "fi", name: "Autonne minun autopaikallani", lines: []string{"s: Autonne on seissyt minun autopaikallani kolme päivää. Siirtäkää se tänään"}, code: CodeDrama, evidence: "Autonne"},
		{lang: "el", name: "Το αυτοκίνητό σας μου κλείνει την είσοδο", lines: []string{"s: Το αυτοκίνητό σας μου κλείνει την είσοδο του γκαράζ!"}, code: CodeDrama},
		{lang: "ru", name: "Ваша машина готова: a garage, no complaint", lines: []string{"s: Добрый день! Ваша машина готова, можно забирать до 19:00"}, code: CodeDrama, absent: true},
		{lang: "ru", name: "это Ирина из 47-й: introduced", lines: []string{"s: Здравствуйте, это Ирина из 47-й квартиры. Ваша машина стоит на моём месте, переставьте, пожалуйста"}, code: CodeDrama, absent: true},
		// near misses: the same words, no quarrel with the reader
		{lang: "sv", name: "han ljög för mig: someone else", lines: []string{"s: Mäklaren ljög för mig om taket, vi får ta det med banken"}, code: CodeDrama, absent: true},
		{lang: "cs", name: "omlouvám se: the sender apologises", lines: []string{"s: Omlouvám se za včerejšek, zítra to napravím"}, code: CodeDrama, absent: true},
		{lang: "vi", name: "còn độc thân (are you single)", lines: []string{"s: Chào anh, bạn em cho số anh, nói anh còn độc thân"}, code: CodeDatingBait},
		{lang: "tr", name: "Numaranı kaydettim: no one gave a number", lines: []string{"s: Numaranı kaydettim, yarın ararım"}, code: CodeDatingBait, absent: true},
		{lang: "ru", name: "Вы на связи? Надо срочно", lines: []string{"s: Добрый вечер, вы на связи? Надо срочно кое-что решить, ответьте"}, code: CodeTaskRequest},
		{lang: "hu", name: "Anyu sírt, kérj bocsánatot (owed apology)", lines: []string{"s: Anyu egész éjjel sírt, hívd fel és kérj bocsánatot tőle"}, code: CodeDrama},
		{lang: "hi", name: "paise wapas kar dunga: no debt demanded", lines: []string{"s: paise wapas kar dunga kal, tension mat lo"}, code: CodeDrama, absent: true},
		// a mother mentioned, not addressed, with a phone that broke: no "hi mum"
		{lang: "ru", name: "у мамы телефон сломался", lines: []string{"s: Привет, у мамы телефон сломался, она тебе позже позвонит"}, code: CodeNewNumber, absent: true},
		{lang: "ar", name: "معليش، رقم غلط (apology first)", lines: []string{"s: معليش، شكلي كاتب الرقم غلط. بس انت من وين؟"}, code: CodeApologyFirst},
		{lang: "he", name: "סליחה, בטעות (apology first)", lines: []string{"s: סליחה, שלחתי לך בטעות. אבל איזה כיף שיצא ככה, מה שלומך?"}, code: CodeApologyFirst},
		{lang: "hi", name: "maaf kijiye galti se (apology first)", lines: []string{"s: maaf kijiye, galti se aapko msg chala gaya. aap kahan se ho?"}, code: CodeApologyFirst},
		{lang: "ru", name: "мама, новый номер", lines: []string{"s: Мама, привет! Это мой новый номер, старый телефон сломался"}, code: CodeNewNumber, evidence: "новый номер"},
		{lang: "uk", name: "мамо, новий номер", lines: []string{"s: Мамо, привіт, це мій новий номер. Напиши мені у WhatsApp"}, code: CodeNewNumber, evidence: "Мамо"},
		{lang: "bg", name: "мамо, нов номер", lines: []string{"s: Здравей мамо, това е новият ми номер"}, code: CodeNewNumber, evidence: "новият ми номер"},
		{lang: "hr", name: "mama, novi broj", lines: []string{"s: Bok mama, ovo je moj novi broj, mobitel mi se pokvario"}, code: CodeNewNumber, evidence: "novi broj"},
		{lang: "pl", name: "mamo, telefon wpadł do WC, z nowego numeru", lines: []string{"s: Mamo, telefon wpadł mi do WC i nie działa, piszę z nowego numeru"}, code: CodeNewNumber, evidence: "Mamo"},
		{lang: "sv", name: "det här är mitt tillfälliga nr: 'Det' is no name", lines: []string{"s: Hej pappa! Tappade mobilen i toan och den är helt död. Det här är mitt tillfälliga nr, radera det gamla"}, code: CodeNewNumber, evidence: "pappa"},
		{lang: "no", name: "det gamle nummeret virker ikke", lines: []string{"s: Mamma! Det gamle nummeret mitt virker ikke lenger, bruk dette fra nå av"}, code: CodeNewNumber, evidence: "Mamma"},
		{lang: "cs", name: "dítě se představí", lines: []string{"s: Ahoj, tady Petr ze třídy, tohle je moje nové číslo"}, code: CodeNewNumber, absent: true},
		{lang: "hu", name: "szia Kata", lines: []string{"s: Szia Kata, holnap este találkozunk?"}, code: CodeWrongName, evidence: "Kata"},
		{lang: "sv", name: "god morgon Johan", lines: []string{"s: God morgon Johan, mötet är flyttat till torsdag. Kan du boka rummet?"}, code: CodeWrongName, evidence: "Johan"},
		{lang: "ro", name: "vorbesc cu", lines: []string{"s: Bună ziua, vorbesc cu domnul Popescu?"}, code: CodeIsThis, evidence: "vorbesc cu domnul Popescu"},
		{lang: "id", name: "apakah ini", lines: []string{"s: Halo, apakah ini Budi? Saya teman lama"}, code: CodeIsThis, evidence: "apakah ini Budi"},
		{lang: "zh", name: "亲爱的，你好吗", lines: []string{"s: 亲爱的，你好吗？"}, code: CodeReconnect, evidence: "亲爱的"},
		{lang: "ru", name: "дорогая, как дела", lines: []string{"s: Привет, дорогая, как дела?"}, code: CodeReconnect, evidence: "дорогая"},
		{lang: "tr", name: "merhaba canım", lines: []string{"s: Merhaba canım, nasılsın?"}, code: CodeReconnect, evidence: "canım"},
		{lang: "ar", name: "مرحبا عزيزي", lines: []string{"s: مرحبا عزيزي، كيف حالك؟"}, code: CodeReconnect, evidence: "عزيزي"},
		{lang: "pl", name: "cześć kochanie", lines: []string{"s: Cześć kochanie, jak się masz?"}, code: CodeReconnect, evidence: "kochanie"},
		{lang: "ar", name: "هل هذا أحمد؟ (Arabic question mark)", lines: []string{"s: مرحبا، هل هذا أحمد؟ أخذت رقمك من سامي"}, code: CodeIsThis, evidence: "هل هذا أحمد"},
		{lang: "ar", name: "هل هذا صحيح؟ asks about no one", lines: []string{"s: هل هذا صحيح؟"}, code: CodeIsThis, absent: true},
		{lang: "pl", name: "praca dorywcza", lines: []string{"s: Oferujemy pracę dorywczą online, 300 zł dziennie. Zainteresowana?"}, code: CodeJobOffer},
		{lang: "tr", name: "yarı zamanlı iş", lines: []string{"s: Evden yarı zamanlı iş teklifimiz var, günlük 1000 TL. İlgilenir misiniz?"}, code: CodeJobOffer},
		{lang: "he", name: "עבודה מהבית", lines: []string{"s: אנחנו מציעים עבודה מהבית, 500 ש\"ח ליום. מעוניינת?"}, code: CodeJobOffer},
		{lang: "sv", name: "fortfarande tillgänglig", lines: []string{"s: Hej, är lägenheten fortfarande tillgänglig?"}, code: CodeStillAvailable},
		{lang: "ru", name: "квартира ещё сдаётся", lines: []string{"s: Здравствуйте, квартира ещё сдаётся?"}, code: CodeStillAvailable},
		{lang: "sv", name: "din tid är bekräftad", lines: []string{"s: Din tid imorgon kl 10:00 är bekräftad"}, code: CodeSharedPlan, detail: "without naming you"},
		{lang: "pl", name: "przypominamy o wizycie", lines: []string{"s: Przypominamy o wizycie jutro o 10:00"}, code: CodeSharedPlan, detail: "without naming you"},
		{lang: "zh", name: "请问是王总吗", lines: []string{"s: 你好，请问是王总吗？"}, code: CodeIsThis, evidence: "王总"},
		{lang: "zh", name: "李姐，… (a title greets)", lines: []string{"s: 李姐，明天下午三点的会议还开吗？"}, code: CodeWrongName, evidence: "李姐"},
		{lang: "ko", name: "abuse from a stranger", lines: []string{"s: 전화 안하냐 새끼야"}, code: CodeDrama, evidence: "새끼야"},
		{lang: "ko", name: "please move your car is no abuse", lines: []string{"s: 차 빼 주세요, 출차해야 해요"}, code: CodeDrama, absent: true},
		{lang: "ja", name: "オンラインワーク", lines: []string{"s: 多くのオンラインワークの機会があります。ご興味ある方はLINEまで連絡下さい"}, code: CodeJobOffer, evidence: "オンラインワーク"},
		{lang: "ja", name: "着いたよ、どこにいる？", lines: []string{"s: 改札出たとこ着いたよ〜 どこにいる？"}, code: CodeSharedPlan, detail: "waiting for you"},
		{lang: "ja", name: "既読スルーとか", lines: []string{"s: なんで既読スルーなん？ほんまありえへん"}, code: CodeDrama},
		{lang: "ja", name: "既読スルー excused is no grievance", lines: []string{"s: 既読スルーしてたわけじゃないよ、会議中だった"}, code: CodeDrama, absent: true},
		{lang: "ja", name: "モニター募集", lines: []string{"s: 商品モニターを募集中です。在宅で1日30分、どなたでもOKです"}, code: CodeJobOffer},
		{lang: "da", name: "vi bekræfter jeres bordreservation", lines: []string{"s: Hej, vi bekræfter jeres bordreservation lørdag kl. 18.30. Venlig hilsen restauranten"}, code: CodeSharedPlan, detail: "without naming you"},
		{lang: "fi", name: "on valmiina noudettavaksi", lines: []string{"s: Tilaamasi kakku on valmiina noudettavaksi huomenna klo 12 alkaen."}, code: CodeSharedPlan, detail: "without naming you"},
		{lang: "fi", name: "sinut on valittu etätyöhön", lines: []string{"s: Hei! Sinut on valittu osa-aikaiseen etätyöhön, palkka 100 euroa päivässä"}, code: CodeJobOffer},
		{lang: "tr", name: "sen Burak mısın?", lines: []string{"s: Merhaba, sen Deniz misin? Numaranı kuzenin verdi"}, code: CodeIsThis, evidence: "sen Deniz"},
		{lang: "tr", name: "sen nerdesin? asks no one", lines: []string{"s: Sen nerdesin? Herkes seni bekliyor"}, code: CodeIsThis, absent: true},
		{lang: "ja", name: "田中です says who writes", lines: []string{"s: 田中です、番号変わりました。登録お願いします"}, code: CodeNewNumber, absent: true},
		{lang: "ja", name: "番号変わりました, 見たら返信", lines: []string{"s: 番号変わりました。見たら返信ください"}, code: CodeNewNumber, evidence: "番号変わりました"},
		{lang: "vi", name: "má ơi, số tạm", lines: []string{"s: Má ơi con đây, điện thoại con bị khóa nên con dùng số tạm. Má nhắn zalo số này nha"}, code: CodeNewNumber, detail: "calls you"},
		{lang: "vi", name: "lưu nhầm số", lines: []string{"s: Xin lỗi bạn nha, mình lưu nhầm số rồi 😅"}, code: CodeApologyFirst},
		// a day and an hour are a plan, in scripts the model does not read
		{lang: "ja", name: "明日の17時 alone is an everyday plan", lines: []string{"s: 明日の17時、渋谷で待ってるね"}, code: CodeAnonymousSender, absent: true},
		{lang: "ko", name: "내일 저녁 7시", lines: []string{"s: 내일 저녁 7시 강남역 앞에서 만나요~"}, code: CodeSharedPlan, evidence: "내일 저녁 7시"},
		{lang: "zh", name: "聽日 … 七點 (Cantonese, a numeral hour)", lines: []string{"s: 記得聽日幫我攞返條裙呀，洗衣舖七點收舖"}, code: CodeSharedPlan, evidence: "七點"},
		{lang: "zh", name: "我是小王 says who writes", lines: []string{"s: 我是小王，我换号码了，收到请回复"}, code: CodeNewNumber, absent: true},
		{lang: "zh", name: "我是你的老朋友 does not", lines: []string{"s: 我是你的老朋友，我换号码了，收到请回复"}, code: CodeNewNumber},
		{lang: "zh", name: "一点 is 'a little', not one o'clock", lines: []string{"s: 明天早一点出发吧"}, code: CodeSharedPlan, absent: true},
		{lang: "zh", name: "总是 is no title", lines: []string{"s: 总是下雨，烦死了"}, code: CodeWrongName, absent: true},
		{lang: "vi", name: "xin lỗi, nhắn nhầm số (no lexicon language)", lines: []string{"s: Xin lỗi, tôi nhắn nhầm số"}, code: CodeApologyFirst},
		{lang: "en", name: "a Polish name in an English text", lines: []string{"s: Hi Łukasz, are we still on for coffee tomorrow at 5?"}, code: CodeWrongName, evidence: "Łukasz"},
		{lang: "zh", name: "不好意思打扰了，请问是张先生吗 (a long lead-in)", lines: []string{"s: 不好意思打扰了，请问是张先生吗？"}, code: CodeIsThis, evidence: "张先生"},
		{lang: "ja", name: "友達からこの番号を聞きました", lines: []string{"s: こんにちは、突然のメッセージ失礼します。友達からこの番号を聞きました"}, code: CodeDatingBait},
		{lang: "ja", name: "予定通り", lines: []string{"s: 明日の17時、予定通りで大丈夫ですか？"}, code: CodeSharedPlan, evidence: "予定通り"},
		{lang: "tr", name: "Deniz sen misin (the name first)", lines: []string{"s: Selam Deniz sen misin? Numaranı Seda verdi"}, code: CodeIsThis, evidence: "Deniz sen misin"},
		{lang: "el", name: "λάθος αριθμός", lines: []string{"s: Ωχ συγγνώμη, λάθος αριθμός! Αλλά καλή σας μέρα"}, code: CodeApologyFirst},
		{lang: "fi", name: "vielä vapaana", lines: []string{"s: Moi! Onko myynnissä oleva auto vielä vapaana?"}, code: CodeStillAvailable},
		{lang: "id", name: "ini Dewi ya?", lines: []string{"s: Halo, ini Dewi ya? Aku dapat nomornya dari Putri"}, code: CodeIsThis, evidence: "Dewi"},
		{lang: "id", name: "ini benar? asks about no one", lines: []string{"s: Ini benar?"}, code: CodeIsThis, absent: true},
		{lang: "hu", name: "ez Anikó száma?", lines: []string{"s: Jó napot, ez Anikó száma, aki matekkorrepetálást tart?"}, code: CodeIsThis, evidence: "Anikó"},
		{lang: "cs", name: "vím o všem (an accusation)", lines: []string{"s: Přestaň psát mýmu manželovi!! Vím o všem, viděla jsem ty zprávy."}, code: CodeDrama},
		{lang: "sv", name: "känner vi varandra?", lines: []string{"s: Ursäkta att jag skriver, hittade det här numret i min telefon. Känner vi varandra?"}, code: CodeReconnect},
		{lang: "da", name: "taler jeg med udlejeren?", lines: []string{"s: Goddag, taler jeg med udlejeren af lejligheden på Vesterbro?"}, code: CodeIsThis},
		{lang: "pl", name: "Twoja wnuczka (a courtesy capital is no name)", lines: []string{"s: babciu to ja, Twoja wnuczka. zgubiłam telefon i piszę z nowego"}, code: CodeNewNumber},
		{lang: "tr", name: "beni hatırladın mı", lines: []string{"s: Merhaba, beni hatırladın mı? Geçen yaz tanışmıştık"}, code: CodeReconnect},
		{lang: "fi", name: "vaihdoitko numeroa", lines: []string{"s: Moi, vaihdoitko numeroa? En löytänyt sua vanhasta"}, code: CodeReconnect, evidence: "vaihdoitko numeroa"},
		{lang: "tr", name: "Mehmet Bey merhaba", lines: []string{"s: Mehmet Bey merhaba, cuma saat 9:00 toplantısı için sunumu hazırladım"}, code: CodeWrongName, evidence: "Mehmet"},
		{lang: "da", name: "hej farmor (frame)", lines: []string{"s: Hej farmor! Har mistet min telefon og har et midlertidigt nummer"}, code: CodeNewNumber, evidence: "farmor"},
		{lang: "cs", name: "omylem", lines: []string{"s: Promiňte, asi jsem si vaše číslo uložila omylem. Kdo jste?"}, code: CodeApologyFirst, evidence: "omylem"},
		{lang: "sv", name: "fel nummer", lines: []string{"s: Oj förlåt, fel nummer! Men ha en fin dag"}, code: CodeApologyFirst, evidence: "fel nummer"},
		{lang: "hu", name: "rossz számra", lines: []string{"s: Jaj bocsi, rossz számra írtam!"}, code: CodeApologyFirst, evidence: "rossz számra"},
		{lang: "id", name: "salah kirim", lines: []string{"s: Eh maaf salah kirim, semoga harinya menyenangkan ya"}, code: CodeApologyFirst, evidence: "salah kirim"},
		{lang: "zh", name: "请问是王先生吗", lines: []string{"s: 你好，请问是王先生吗？"}, code: CodeIsThis, evidence: "请问是王先生"},
		// every polite form of "is this X's phone?"
		{lang: "ja", name: "でお間違いないでしょうか", lines: []string{"s: 恵美さんの携帯でお間違いないでしょうか？"}, code: CodeIsThis, evidence: "恵美さんの携帯"},
		{lang: "ja", name: "で合ってますか", lines: []string{"s: すみません、健太さんの番号で合ってますか？"}, code: CodeIsThis, evidence: "健太さんの番号"},
		{lang: "ja", name: "でお間違いない to 恵美", owner: []string{"恵美", "佐藤恵美"}, lines: []string{"s: 恵美さんの携帯でお間違いないでしょうか？"}, code: CodeIsThis, absent: true},
		{lang: "ko", name: "님 번호 맞으신가요", lines: []string{"s: 안녕하세요 민수님 번호 맞으신가요?"}, code: CodeIsThis, evidence: "민수님 번호 맞으신가요"},
		{lang: "zh", name: "你是不是总是迟到 asks no one", lines: []string{"s: 你是不是总是迟到？"}, code: CodeIsThis, absent: true},
		{lang: "zh", name: "3号…新家 is no new number", lines: []string{"s: 爸，3号我们去新家看看吧"}, code: CodeNewNumber, absent: true},
		{lang: "zh", name: "好久不见", lines: []string{"s: 好久不见，最近怎么样？"}, code: CodeReconnect, evidence: "好久不见"},
		{lang: "zh", name: "发错人了", lines: []string{"s: 不好意思，发错人了。你是做什么工作的？"}, code: CodeApologyFirst, evidence: "发错"},
		{lang: "zh", name: "妈，新号码", lines: []string{"s: 妈，我手机坏了，这是我的新号码，加我微信"}, code: CodeNewNumber},
		{lang: "zh", name: "妈妈做的饭", lines: []string{"s: 妈妈做的饭很好吃，明天见"}, code: CodeNewNumber, absent: true},
		{lang: "ja", name: "田中さんの携帯ですか", lines: []string{"s: こんにちは、田中さんの携帯ですか？"}, code: CodeIsThis, evidence: "田中さんの携帯ですか"},
		{lang: "ja", name: "a name inside a longer sentence", lines: []string{"s: 昨日会ったのは佐藤さんですか？"}, code: CodeIsThis, absent: true},
		{lang: "zh", name: "王先生您好 greets a name", lines: []string{"s: 王先生您好，明天下午三点的会议还照常吗？"}, code: CodeWrongName, evidence: "王先生"},
		{lang: "zh", name: "李总， greets a name", lines: []string{"s: 李总，合同我已经发到您邮箱了，请查收"}, code: CodeWrongName, evidence: "李总"},
		{lang: "zh", name: "王先生说 talks about someone", lines: []string{"s: 王先生说明天的会议取消了"}, code: CodeWrongName, absent: true},
		{lang: "zh", name: "建国， a listed given name greets", lines: []string{"s: 建国，你让我帮你取的快递拿到了"}, code: CodeWrongName, evidence: "建国"},
		{lang: "zh", name: "王建国， surname and listed name greet", lines: []string{"s: 王建国，明天的会议改到三点了"}, code: CodeWrongName, evidence: "王建国"},
		{lang: "zh", name: "志明你… a listed name then you greets", lines: []string{"s: 志明你到哪了"}, code: CodeWrongName, evidence: "志明"},
		{lang: "zh", name: "谢谢你 is no name then you", lines: []string{"s: 谢谢你的帮助"}, code: CodeWrongName, absent: true},
		{lang: "zh", name: "王建国说 talks about someone", lines: []string{"s: 王建国说明天的会议取消了"}, code: CodeWrongName, absent: true},
		{lang: "ja", name: "田中さん、 greets a name", lines: []string{"s: 田中さん、明日の3時の打ち合わせ、予定通りで大丈夫ですか？"}, code: CodeWrongName, evidence: "田中さん"},
		{lang: "ar", name: "مرحبا أحمد greets a name", lines: []string{"s: مرحبا أحمد، هل ما زال موعدنا غدا الساعة الخامسة؟"}, code: CodeWrongName, evidence: "أحمد"},
		{lang: "ar", name: "مرحبا صديقي greets no name", lines: []string{"s: مرحبا صديقي، كيف حالك؟"}, code: CodeWrongName, absent: true},
		{lang: "he", name: "היי דני greets a name", lines: []string{"s: היי דני, אנחנו עדיין נפגשים מחר בחמש?"}, code: CodeWrongName, evidence: "דני"},
		{lang: "ru", name: "это Ольга? asks for a name", lines: []string{"s: Здравствуйте, это Ольга? Мы с вами договаривались о встрече"}, code: CodeIsThis, evidence: "Ольга"},
		{lang: "ru", name: "Это правда? asks for no one", lines: []string{"s: Это правда? Не верю"}, code: CodeIsThis, absent: true},
		{lang: "ru", name: "Это after a greeting is no name", lines: []string{"s: Добрый день! Это Ольга, ваш новый менеджер"}, code: CodeWrongName, absent: true},
		{lang: "ar", name: "آسف، رقم خطأ", lines: []string{"s: آسف، رقم خطأ"}, code: CodeApologyFirst},
		{lang: "he", name: "סליחה, טעות במספר", lines: []string{"s: סליחה, טעות במספר"}, code: CodeApologyFirst},
		{lang: "ar", name: "زمان ما شفتك! فاكرني؟", lines: []string{"s: مرحبا، زمان ما شفتك! فاكرني؟"}, code: CodeReconnect},
		{lang: "he", name: "מזמן לא דיברנו! זוכר אותי?", lines: []string{"s: היי, מזמן לא דיברנו! זוכר אותי?"}, code: CodeReconnect},
		{lang: "ru", name: "предлагаем удалённую работу", lines: []string{"s: Здравствуйте! Предлагаем удалённую работу, 2-3 часа в день, доход от 5000 рублей. Интересно?"}, code: CodeJobOffer},
		{lang: "ru", name: "ищу удаленную работу is no offer", lines: []string{"s: Я ищу удаленную работу, может знаешь кого-нибудь?"}, code: CodeJobOffer, absent: true},
		{lang: "pl", name: "koleżanka dała mi twój numer", lines: []string{"s: Cześć, koleżanka dała mi twój numer, mówiła że jesteś miły 😊"}, code: CodeDatingBait},
		{lang: "ru", name: "мне дала твой номер подруга", lines: []string{"s: Привет, мне дала твой номер подруга, сказала что ты одинокий"}, code: CodeDatingBait},
		{lang: "zh", name: "我朋友给了我你的号码", lines: []string{"s: 你好，我朋友给了我你的号码，可以认识一下吗？"}, code: CodeDatingBait},
		{lang: "ar", name: "صديقتي أعطتني رقمك", lines: []string{"s: مرحبا، صديقتي أعطتني رقمك، ممكن نتعرف؟"}, code: CodeDatingBait},
		{lang: "pl", name: "a named giver is no friend", lines: []string{"s: Dzień dobry, pani Kowalska dała mi pana numer w sprawie mieszkania"}, code: CodeDatingBait, absent: true},
		{lang: "ja", name: "お久しぶり", lines: []string{"s: お久しぶりです、元気ですか？"}, code: CodeReconnect, evidence: "お久しぶり"},
		{lang: "ja", name: "間違えました", lines: []string{"s: すみません、間違えました！でも素敵な一日を。"}, code: CodeApologyFirst},
		{lang: "ja", name: "お母さん、新しい番号", lines: []string{"s: お母さん、スマホ壊れたから新しい番号です。LINE追加してね"}, code: CodeNewNumber},
		{lang: "zh", name: "好久不見 (traditional)", lines: []string{"s: 好久不見！最近好嗎？有空回個電話"}, code: CodeReconnect, evidence: "好久不見"},
		{lang: "ko", name: "오랜 친구", lines: []string{"s: 잘 지내지? 오랜 친구, 주말에 연락해"}, code: CodeReconnect, evidence: "오랜 친구"},
		{lang: "ro", name: "ați fost selectat, salariu zilnic", lines: []string{"s: Bună ziua! Ați fost selectat pentru un post online. Salariu zilnic 300 lei"}, code: CodeJobOffer},
		{lang: "ko", name: "좋아요 클릭 부업", lines: []string{"s: 상품 좋아요 클릭만 하면 즉시 지급! 간편 참여 가능"}, code: CodeJobOffer},
		{lang: "zh", name: "媽，這是我的新號碼 (traditional)", lines: []string{"s: 媽，我手機壞了，這是我的新號碼，加我LINE"}, code: CodeNewNumber, evidence: "這是我的新號"},
		{lang: "zh", name: "請問是林先生嗎", lines: []string{"s: 請問是林先生嗎？"}, code: CodeIsThis},
		{lang: "vi", name: "có phải anh Minh không", lines: []string{"s: Chào anh, có phải anh Minh không ạ?"}, code: CodeIsThis, evidence: "có phải anh Minh"},
		{lang: "ko", name: "안녕하세요, then 씨 맞으신가요", lines: []string{"s: 안녕하세요 김민수씨 맞으신가요?"}, code: CodeIsThis, evidence: "김민수씨 맞으신가요"},
		{lang: "ko", name: "민지씨, greeted", lines: []string{"s: 안녕하세요 민지씨, 내일 10시 예약 확인드립니다"}, code: CodeWrongName, evidence: "민지씨"},
		{lang: "ko", name: "민지씨 to 김민지", owner: []string{"김민지"}, lines: []string{"s: 민지씨, 내일 봐요"}, code: CodeWrongName, absent: true},
		// Korean spaces its words: a name and title that open the
		// message and end at a space are said to the reader; with a
		// particle ("민수씨가") they are the subject; a role ("고객님",
		// "부장님") or one syllable ("형님") is no name
		{lang: "ko", name: "민수씨 spaced", lines: []string{"s: 민수씨 오늘 회식 장소 바뀌었대요~"}, code: CodeWrongName, evidence: "민수씨"},
		{lang: "ko", name: "하늘님 spaced", lines: []string{"s: 하늘님 다음 주 월요일 오후 3시에 병원에서 뵙는 거 맞죠?"}, code: CodeWrongName, evidence: "하늘님"},
		{lang: "ko", name: "민수씨가 is the subject", lines: []string{"s: 민수씨가 오늘 못 온대요"}, code: CodeWrongName, absent: true},
		{lang: "ko", name: "고객님 is a role", lines: []string{"s: 고객님 주문하신 상품이 발송되었습니다"}, code: CodeWrongName, absent: true},
		{lang: "ko", name: "부장님 is a role", lines: []string{"s: 부장님 보고서 수정본 올려놨습니다"}, code: CodeWrongName, absent: true},
		{lang: "ko", name: "형님 is a word", lines: []string{"s: 형님 말씀하신 건은 금요일에 보시죠"}, code: CodeWrongName, absent: true},
		{lang: "ko", name: "민수씨 spaced to 김민수", owner: []string{"김민수"}, lines: []string{"s: 민수씨 오늘 회식 장소 바뀌었대요~"}, code: CodeWrongName, absent: true},
		// Vietnamese calls a name with "ơi" after it; a kin word or a
		// pronoun there names no one
		{lang: "vi", name: "Dũng ơi", lines: []string{"s: Dũng ơi tối nay vẫn đi ăn lẩu chứ? Anh đặt bàn lúc 7h rồi đó"}, code: CodeWrongName, evidence: "Dũng"},
		{lang: "vi", name: "chị Hùng oi, unmarked", lines: []string{"s: chi Hùng oi mai e ghe lay lai do, tam 7h nha"}, code: CodeWrongName, evidence: "chi Hùng"},
		{lang: "vi", name: "Mẹ ơi names no one", lines: []string{"s: Mẹ ơi con về trễ nha"}, code: CodeWrongName, absent: true},
		{lang: "vi", name: "Anh ơi names no one", lines: []string{"s: Anh ơi tối nay anh về mấy giờ?"}, code: CodeWrongName, absent: true},
		{lang: "vi", name: "Dũng ơi to Dũng", owner: []string{"Dũng", "Nguyễn Văn Dũng"}, lines: []string{"s: Dũng ơi tối nay vẫn đi ăn lẩu chứ?"}, code: CodeWrongName, absent: true},
		{lang: "pt", name: "oi is a greeting", lines: []string{"s: Maria oi tudo bem"}, code: CodeWrongName, absent: true},
		// a booking falls on any weekday, not only the weekend's
		{lang: "ja", name: "月曜日 booking", lines: []string{"s: ご予約ありがとうございます。月曜日10時にお待ちしております"}, code: CodeSharedPlan, evidence: "月曜日10時"},
		{lang: "ko", name: "월요일 booking", lines: []string{"s: 다음 주 월요일 오후 3시 예약 확인드립니다"}, code: CodeSharedPlan},
		{lang: "zh", name: "周一 plan", lines: []string{"s: 周一下午3点在公司楼下见"}, code: CodeSharedPlan, evidence: "周一"},
		// the same in Japanese and Chinese: a space after the title
		{lang: "ja", name: "山本様 spaced", lines: []string{"s: 山本様 ご予約ありがとうございます。明日10時にお待ちしております"}, code: CodeWrongName, evidence: "山本様"},
		{lang: "ja", name: "お客様 is a role", lines: []string{"s: お客様 ご注文ありがとうございます"}, code: CodeWrongName, absent: true},
		{lang: "ja", name: "お母さん is family", lines: []string{"s: お母さん 今日遅くなるね"}, code: CodeWrongName, absent: true},
		{lang: "ja", name: "田中さんが is the subject", lines: []string{"s: 田中さんが来ました"}, code: CodeWrongName, absent: true},
		{lang: "zh", name: "建国姐 spaced", lines: []string{"s: 建国姐 我到楼下了，你家是几楼？"}, code: CodeWrongName, evidence: "建国姐"},
		{lang: "ko", name: "고객님 is no name", lines: []string{"s: 고객님, 주문하신 상품이 발송되었습니다"}, code: CodeWrongName, absent: true},
		{lang: "en", name: "Hinglish: mera naya number", lines: []string{"s: Mummy mera phone kharab ho gaya, ye mera naya number hai"}, code: CodeNewNumber, evidence: "mera naya number"},
		{lang: "hi", name: "माँ, नया नंबर", lines: []string{"s: माँ मेरा फोन खराब हो गया, यह मेरा नया नंबर है"}, code: CodeNewNumber, detail: "माँ"},
		{lang: "hi", name: "मैं is no mother", lines: []string{"s: मैं कल आऊंगा, यह मेरा नया नंबर है"}, code: CodeNewNumber, detail: "claims to be someone you know"},
		{lang: "zh", name: "妈, 室友的号, 加我新微信", lines: []string{"s: 妈，这是室友的号，你加一下我新微信，有事跟你说"}, code: CodeNewNumber},
		{lang: "vi", name: "mẹ ơi, mượn máy bạn", lines: []string{"s: Mẹ ơi con đây, điện thoại con bị hỏng, con đang mượn máy bạn nhắn cho mẹ"}, code: CodeNewNumber},
		{lang: "ko", name: "대표, 회의 중, 기프트카드", lines: []string{"s: 김 과장, 나 대표인데 회의 중이라 통화가 어려워. 급하게 기프트카드 좀 사서 핀번호 보내줘"}, code: CodeTaskRequest},
		{lang: "hi", name: "मीटिंग में, अभी फ्री हैं?", lines: []string{"s: नमस्ते, मैं मीटिंग में हूँ, बात नहीं हो पाएगी। क्या आप अभी फ्री हैं?"}, code: CodeTaskRequest},
		{lang: "hi", name: "क्या आप रोहित जी बोल रहे हैं", lines: []string{"s: नमस्ते, क्या आप रोहित जी बोल रहे हैं?"}, code: CodeIsThis},
		{lang: "hi", name: "घर बैठे कमाई", lines: []string{"s: पार्ट टाइम काम, घर बैठे रोज़ कमाई, सिर्फ वीडियो लाइक करने हैं"}, code: CodeJobOffer},
		{lang: "ko", name: "오랜만이에요", lines: []string{"s: 오랜만이에요! 잘 지내셨어요?"}, code: CodeReconnect, evidence: "오랜만이에요"},
		{lang: "ko", name: "잘못 보냈어요", lines: []string{"s: 죄송합니다, 잘못 보냈어요. 그런데 어디 사세요?"}, code: CodeApologyFirst},
		{lang: "ko", name: "엄마 새 번호", lines: []string{"s: 엄마 나 폰 고장났어, 이거 새 번호야"}, code: CodeNewNumber, evidence: "새 번호"},
		// Korean endings join the word: read as syllables, "깨져서" is "깨져"
		// and "번호로" is "번호"
		{lang: "ko", name: "폰 액정 깨져서 (frame)", lines: []string{"s: 엄마 나 폰 액정 깨져서 이 번호로 연락해"}, code: CodeNewNumber, evidence: "엄마 나 폰 액정 깨져"},
		{lang: "ko", name: "할머니 저예요", lines: []string{"s: 할머니 저예요, 폰을 잃어버려서 친구 폰으로 연락드려요"}, code: CodeNewNumber},
		{lang: "ko", name: "엄마 폰 요금 is no new number", lines: []string{"s: 엄마 폰 요금 얼마야?"}, code: CodeNewNumber, absent: true},
		{lang: "ko", name: "김민수 씨 맞나요", lines: []string{"s: 안녕하세요, 김민수 씨 맞나요?"}, code: CodeIsThis, evidence: "김민수 씨 맞나요"},
		{lang: "ko", name: "the owner's own name after 혹시", owner: []string{"김민수"}, lines: []string{"s: 혹시 김민수 씨 맞나요? 택배입니다"}, code: CodeIsThis, absent: true},
		// "anne" is mother in Turkish, a name in English and French
		{lang: "tr", name: "merhaba anne is no wrong name", lines: []string{"s: Merhaba anne, bu benim yeni numaram, telefonum bozuldu"}, code: CodeWrongName, absent: true},
		{lang: "tr", name: "anne, telefonum bozuldu (frame)", lines: []string{"s: Anne telefonum bozuldu, bu numarayı kaydet"}, code: CodeNewNumber, evidence: "Anne telefonum bozuldu"},
		{lang: "en", name: "hi Anne is a name in English", lines: []string{"s: Hi Anne, are we still on for lunch tomorrow?"}, code: CodeWrongName, evidence: "Anne"},
		// "hi mum" in Vietnamese, Hebrew and Arabic
		{lang: "vi", name: "mẹ ơi, số mới", lines: []string{"s: Mẹ ơi, đây là số mới của con, điện thoại con bị hỏng"}, code: CodeNewNumber, evidence: "số mới của con"},
		{lang: "he", name: "אמא, המספר החדש שלי", lines: []string{"s: היי אמא, זה המספר החדש שלי, הטלפון שלי התקלקל"}, code: CodeNewNumber, evidence: "המספר החדש שלי"},
		{lang: "ar", name: "ماما رقمي الجديد", lines: []string{"s: مرحبا ماما هذا رقمي الجديد"}, code: CodeNewNumber, evidence: "رقمي الجديد"},
		// days and clock times in more languages
		{lang: "hu", name: "holnap 5-kor", lines: []string{"s: Szia Anna, holnap 5-kor találkozunk?"}, code: CodeSharedPlan, evidence: "holnap 5-kor"},
		{lang: "ru", name: "завтра в 7", lines: []string{"s: Привет, Саша! Завтра в 7 как договаривались?"}, code: CodeSharedPlan, evidence: "Завтра в 7"},
		{lang: "hr", name: "sutra u 6", lines: []string{"s: Bok Ivana, vidimo se sutra u 6?"}, code: CodeSharedPlan, evidence: "sutra u 6"},
		// "is it still available?", and a marketplace named in a question
		{lang: "sv", name: "finns den kvar", lines: []string{"s: Hej, finns den kvar? Kan hämta i kväll"}, code: CodeStillAvailable, evidence: "finns den kvar"},
		{lang: "id", name: "dijual di OLX masih ada?", lines: []string{"s: Halo, rumah yang dijual di OLX masih ada? Saya lagi di luar kota"}, code: CodeStillAvailable},
		{lang: "pl", name: "bought on Allegro is told", lines: []string{"s: Kupiłam to na Allegro, super rzecz"}, code: CodeStillAvailable, absent: true},
		// Greek asks with ";"
		{lang: "el", name: "ακόμα διαθέσιμο;", lines: []string{"s: Καλημέρα, το σπίτι της αγγελίας είναι ακόμα διαθέσιμο; Είμαι στο εξωτερικό"}, code: CodeStillAvailable, evidence: "ακόμα διαθέσιμο"},
		{lang: "el", name: "βρήκα τον αριθμό σας", lines: []string{"s: Καλησπέρα, βρήκα τον αριθμό σας στο παλιό μου κινητό. Μήπως δουλεύαμε μαζί;"}, code: CodeReconnect, evidence: "βρήκα τον αριθμό σας"},
		{lang: "el", name: "ο νέος μου αριθμός", lines: []string{"s: Γεια σου μαμά, αυτός είναι ο νέος μου αριθμός"}, code: CodeNewNumber, evidence: "νέος μου αριθμός"},
		{lang: "el", name: "άλλαξα αριθμό", lines: []string{"s: Μαμά, άλλαξα αριθμό, έσπασε το κινητό μου"}, code: CodeNewNumber},
		{lang: "ru", name: "давно не виделись", lines: []string{"s: Привет! Давно не виделись, как дела?"}, code: CodeReconnect, evidence: "Давно не виделись"},
		{lang: "ru", name: "ошиблась номером", lines: []string{"s: Извините, ошиблась номером. А вы откуда?"}, code: CodeApologyFirst, evidence: "ошиблась номером"},
		{lang: "ru", name: "не after a word is no greeting", lines: []string{"s: Привет! Завтра не смогу, извини"}, code: CodeWrongName, absent: true},
		{lang: "vi", name: "nhắn nhầm số", lines: []string{"s: Xin lỗi, em nhắn nhầm số. Anh ở đâu vậy?"}, code: CodeApologyFirst},
		{lang: "id", name: "kerja sampingan", lines: []string{"s: Kerja sampingan cuma modal HP tanpa pengalaman. Balas YA, admin kami akan hubungi kamu"}, code: CodeJobOffer},
		{lang: "tr", name: "ek gelir, deneyim gerekmez", lines: []string{"s: Sadece telefonla ek gelir, deneyim gerekmez. EVET yaz"}, code: CodeJobOffer, evidence: "deneyim gerekmez"},
		{lang: "zh", name: "兼职日结", lines: []string{"s: 您好，招聘兼职，日结工资，点赞就能赚钱"}, code: CodeJobOffer},
		{lang: "da", name: "hej camilla, lower case", lines: []string{"s: hej camilla, mødet er flyttet til torsdag kl. 14. kan du sige det til de andre?"}, code: CodeWrongName, evidence: "camilla"},
		{lang: "fi", name: "moi mikko, lower case", lines: []string{"s: moi mikko, palaveri siirtyi huomiseen klo 10"}, code: CodeWrongName, evidence: "mikko"},
		{lang: "pl", name: "an apology without a mistake", lines: []string{"s: Przepraszam, że piszę tak późno, jutro o 9 w biurze?"}, code: CodeApologyFirst, absent: true},
	})
	// "far" is dad in Swedish and Norwegian, never in an English text
	r := testRegistry(t)
	for _, tc := range []struct {
		text string
		dad  bool
	}{
		{"Far, det här är mitt nya nummer, min telefon gick sönder", true},
		{"Far out, this is my new number plate and the car finally looks great", false},
	} {
		a := r.analyse(chat(NetworkSMS, nil, "s: "+tc.text))
		if got := a.isRelativeAt(0, 0); got != tc.dad {
			t.Errorf("%q: 'far' read as a relative: %v, want %v", tc.text, got, tc.dad)
		}
		a.release()
	}
}

// other.toml must say it is other.toml: a language file copied under
// that name would otherwise apply its words to every language.
func TestOtherLexiconDeclaresItself(t *testing.T) {
	fsys := lexiconsWith(t, "other.toml", `lang = "other"`, `lang = "pl"`)
	_, err := compileLexiconFS(fsys, "lexicons", newFolder())
	if !errors.Is(err, ErrBadLexicon) || !strings.Contains(err.Error(), `other.toml declares lang "pl"`) {
		t.Fatalf("compile: %v, want ErrBadLexicon naming other.toml and its lang", err)
	}
}

// A text in another script is no lexicon language: folded to Latin
// look-alikes, Bulgarian read as English and lost its words.
func TestOtherScriptsAreNotIdentified(t *testing.T) {
	for _, tc := range []struct {
		text  string
		latin bool
	}{
		{"Здравей мамо, това е новият ми номер", false},
		{"Γεια σου μαμά, αυτό είναι το νέο μου νούμερο", false},
		{"Ciao mamma, questo è il mio nuovo numero", true},
		{"Hi mum, it's me, новый", true}, // more Latin letters than Cyrillic: a lexicon may apply
		{"12:30 ✅", true},
	} {
		if got := mostlyLatin(tc.text); got != tc.latin {
			t.Errorf("mostlyLatin(%q) = %v, want %v", tc.text, got, tc.latin)
		}
	}
	r := testRegistry(t)
	a := r.analyse(chat(NetworkSMS, nil, "s: Здравей мамо, това е новият ми номер"))
	defer a.release()
	if a.turns[0].lang != 0 {
		t.Errorf("a Bulgarian text was told to be language mask %b, want none", a.turns[0].lang)
	}
}

// A guard names a code or a declared slot; a typo is an error that names
// the file and the key, not a guard that silently guards nothing.
func TestGuardOfUnknownTarget(t *testing.T) {
	for _, tc := range []struct{ old, new, want string }{
		{`[guard."slot.drama_verb"]`, `[guard."slot.drama_verbs"]`, `en.toml: guard of undeclared slot "drama_verbs"`},
		{`[guard."pivot.money"]`, `[guard."pivot.mony"]`, `en.toml: guard of unknown code "pivot.mony"`},
	} {
		_, err := compileLexiconFS(lexiconsWith(t, "en.toml", tc.old, tc.new), "lexicons", newFolder())
		if !errors.Is(err, ErrBadLexicon) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: compile: %v, want ErrBadLexicon with %q", tc.new, err, tc.want)
		}
	}
}

// "王先生，" said to 王伟 addresses the owner.
func TestTitledOwnerNameIsNoWrongName(t *testing.T) {
	r := testRegistry(t)
	v := r.Evaluate(&Conversation{Turns: []Turn{{Text: "王先生，明天的会议还照常吗？"}}, Owner: Owner{Names: []string{"王伟"}}})
	for _, rs := range v.Reasons {
		if rs.Code == CodeWrongName {
			t.Fatalf("the owner's own surname read as another name: %+v", rs)
		}
	}
}

// "田中さんですか？" asked of 田中太郎 asks for the owner.
func TestIsThisAfterTheOwnersName(t *testing.T) {
	r := testRegistry(t)
	v := r.Evaluate(&Conversation{Turns: []Turn{{Text: "田中さんですか？"}}, Owner: Owner{Names: []string{"田中太郎"}}})
	for _, rs := range v.Reasons {
		if rs.Code == CodeIsThis {
			t.Fatalf("asked for the owner's own name: %+v", rs)
		}
	}
	v = r.Evaluate(&Conversation{Turns: []Turn{{Text: "田中さんですか？"}}, Owner: Owner{Names: []string{"佐藤花子"}}})
	if v.Level == LevelNone {
		t.Fatal("asked for someone else: no warning")
	}
}

// An owner whose name is written in Chinese characters, kana or Korean
// syllables is named by the run of them ("김민수님", "小林様"): a
// business's reminder to them is no booking for someone else.
func TestOwnerNamedInLogograms(t *testing.T) {
	r := testRegistry(t)
	for _, tc := range []struct {
		owner []string
		text  string
		want  Level
	}{
		{[]string{"민수", "김민수"}, "김민수님, 내일 오전 10시 예약이 확정되었습니다. 변경은 회신 주세요", LevelNone},
		// someone else's name, and their booking (as 小林様 to 山本)
		{[]string{"지영", "박지영"}, "김민수님, 내일 오전 10시 예약이 확정되었습니다. 변경은 회신 주세요", LevelWarning},
		{[]string{"小林", "小林 花子"}, "【美容室Lumière】小林様 5月16日(土)11:00 カット&カラーのご予約を承りました。", LevelNone},
		// someone else's name after the salon's label, and their booking
		{[]string{"山本"}, "【美容室Lumière】小林様 5月16日(土)11:00 カット&カラーのご予約を承りました。", LevelWarning},
		{[]string{"张伟"}, "【瑞尔齿科】张先生您好，您预约的周四下午2:30洗牙已确认", LevelNone},
		// someone else's name and their booking's day and time (周四
		// is read since the weekdays joined the days)
		{[]string{"李娜"}, "【瑞尔齿科】张先生您好，您预约的周四下午2:30洗牙已确认", LevelWarning},
	} {
		v := r.Evaluate(chat(NetworkSMS, tc.owner, "s: "+tc.text))
		if v.Level != tc.want {
			t.Errorf("owner %v, %q: level %s, want %s (%s)", tc.owner, tc.text, v.Level, tc.want, brief(v))
		}
	}
}

// An unnamed sender's new number counts as much as "save this number"
// when it asks to be answered ("收到请回复"), and less without.
func TestNewNumberWithAReplyAsked(t *testing.T) {
	r := testRegistry(t)
	level := func(text string) Level {
		return r.Evaluate(chat("sms", nil, "s: "+text)).Level
	}
	if l := level("我换号码了，收到请回复。"); l < LevelWarning {
		t.Errorf("new number and a reply asked: level %s, want a warning", l)
	}
	if l := level("我换号码了。"); l >= LevelCaution {
		t.Errorf("new number alone: level %s, want none", l)
	}
}

// Chinese, Japanese and Korean, and a little Vietnamese, in the frames of
// the other lexicon: a frame's parts counted in words, not characters,
// and the words of each frame, with the everyday sentences that share
// them.
func TestChineseJapaneseKoreanFrames(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "ja", name: "apology in kana", lines: []string{"s: あ、すみません！送る相手を間違えました🙏"}, code: CodeApologyFirst},
		{lang: "ja", name: "apology thirteen words apart", lines: []string{"s: 間違えて違う人に送っちゃいました、本当にごめんなさい"}, code: CodeApologyFirst},
		{lang: "zh", name: "存错号", lines: []string{"s: 不好意思，我存错号了，打扰了"}, code: CodeApologyFirst},
		{lang: "ko", name: "번호를 잘못 저장", lines: []string{"s: 앗 죄송합니다 번호를 잘못 저장했네요"}, code: CodeApologyFirst},
		{lang: "ja", name: "ご無沙汰", lines: []string{"s: ご無沙汰しています！お元気ですか"}, code: CodeReconnect},
		{lang: "ko", name: "잘 지냈어", lines: []string{"s: 잘 지냈어? 요즘 통 연락이 없네"}, code: CodeReconnect},
		{lang: "zh", name: "lonely, wants to chat", lines: []string{"s: 今晚好寂寞，想找个人聊聊天"}, code: CodeDatingBait},
		{lang: "ko", name: "얘기할 사람", lines: []string{"s: 주말인데 얘기할 사람이 없네요"}, code: CodeDatingBait},
		{lang: "zh", name: "neighbour calls the property office", lines: []string{"s: 你家的狗天天叫，再这样我就找物业了"}, code: CodeDrama},
		{lang: "ko", name: "경찰에 신고", lines: []string{"s: 주차 좀 제대로 하세요. 한 번만 더 이러면 경찰에 신고합니다"}, code: CodeDrama},
		{lang: "ja", name: "管理会社に言います", lines: []string{"s: ゴミの出し方を守ってください。次やったら管理会社に言いますよ"}, code: CodeDrama},
		{lang: "ja", name: "貸したお金", lines: []string{"s: 先月貸したお金、いつ返してくれるの？"}, code: CodeDrama},
		{lang: "ja", name: "pay per task, unit first", lines: []string{"s: アンケートに答えるだけ、1件3000円の報酬です"}, code: CodeJobOffer},
		{lang: "zh", name: "每单20元", lines: []string{"s: 每单20元，佣金当天到账"}, code: CodeJobOffer},
		{lang: "ko", name: "경력 무관", lines: []string{"s: 경력 무관! 주부님 대학생 환영합니다"}, code: CodeJobOffer},
		{lang: "ja", name: "the fake boss asks for a favour", lines: []string{"s: お疲れ様です、部長です。今大丈夫ですか？急ぎでお願いしたいことがあります"}, code: CodeTaskRequest},
		{lang: "zh", name: "the fake boss is in a meeting", lines: []string{"s: 我是老板，在开会不方便接电话，你现在有空吗"}, code: CodeTaskRequest},
		{lang: "zh", name: "加我微信", lines: []string{"s: 你好，方便的话加我微信聊"}, code: CodeMovePlatform},
		{lang: "ko", name: "카톡으로 연락", lines: []string{"s: 카톡으로 연락주세요~"}, code: CodeMovePlatform},
		{lang: "zh", name: "mum, a broken phone, this number", lines: []string{"s: 妈，我手机摔坏了，先用这个号"}, code: CodeNewNumber},
		{lang: "ja", name: "ママ、画面割れちゃった", lines: []string{"s: ママ、スマホ落として画面割れちゃった。しばらくこの番号に連絡して"}, code: CodeNewNumber},
		{lang: "zh", name: "阿嬤, a grandparent addressed", lines: []string{"s: 阿嬤，我手機壞了，先用這個號"}, code: CodeNewNumber, evidence: "阿嬤"},
		{lang: "ko", name: "엄마, 이 번호로", lines: []string{"s: 엄마 나 폰 고장나서 이 번호로 연락해"}, code: CodeNewNumber},

		{lang: "zh", name: "请问是阿强吗", lines: []string{"s: 你好，请问是阿明吗？"}, code: CodeIsThis, evidence: "请问是阿明吗"},
		{lang: "zh", name: "係咪小陳呀", lines: []string{"s: 喂，係咪小陳呀？我係樓上住戶"}, code: CodeIsThis, evidence: "係咪小陳呀"},
		{lang: "zh", name: "這是…的手機嗎", lines: []string{"s: 您好，請問這是美玲老師的手機嗎？想問鋼琴課的事"}, code: CodeIsThis, evidence: "請問這是美玲老師的手機嗎"},
		{lang: "zh", name: "请问是健身房吗", lines: []string{"s: 请问是健身房吗？想问一下价格"}, code: CodeIsThis},

		{lang: "ja", name: "様ご注文: a business writes to its customer", lines: []string{"s: お世話になっております。高橋様ご注文のソファですが、配送日を調整中です"}, code: CodeWrongName, evidence: "高橋様"},
		{lang: "ja", name: "様のご予約", lines: []string{"s: 高橋様のご予約は金曜日の15時で承っております"}, code: CodeWrongName, evidence: "高橋様"},
		{lang: "ja", name: "the owner's own booking", owner: []string{"高橋", "高橋 美咲"}, lines: []string{"s: 高橋様のご予約は金曜日の15時で承っております"}, code: CodeWrongName, absent: true},

		{lang: "zh", name: "先生预订的: a hotel writes to its guest", lines: []string{"s: 酒店前台通知。志强先生预订的周六大床房已确认"}, code: CodeWrongName, evidence: "志强先生"},
		{lang: "ko", name: "동현 언니~", lines: []string{"s: 지영 언니~ 어제 말한 김치 따로 담아놨어요"}, code: CodeWrongName, evidence: "지영 언니"},

		// everyday sentences with the same words
		{lang: "ko", name: "my sister, not a name", lines: []string{"s: 우리 언니 어제 결혼했어요"}, code: CodeWrongName, absent: true},
		{lang: "ko", name: "a close friend's sister", lines: []string{"s: 친한 언니 결혼식 가요"}, code: CodeWrongName, absent: true},
		{lang: "ja", name: "someone's mother came", lines: []string{"s: 山田さんのお母さんが来ました"}, code: CodeWrongName, absent: true},
		{lang: "zh", name: "is it tomorrow?", lines: []string{"s: 请问是明天吗？"}, code: CodeIsThis, absent: true},
		{lang: "zh", name: "is it yours?", lines: []string{"s: 这是你的吗？"}, code: CodeIsThis, absent: true},
		{lang: "zh", name: "is this a small matter?", lines: []string{"s: 这是小事吗？你别管了"}, code: CodeIsThis, absent: true},
		{lang: "zh", name: "are you tired? (Cantonese)", lines: []string{"s: 係咪好攰呀？早啲瞓啦"}, code: CodeIsThis, absent: true},
		{lang: "zh", name: "who is it?", lines: []string{"s: 请问是哪位？"}, code: CodeIsThis, absent: true},
		{lang: "ja", name: "sorry I left you on read", lines: []string{"s: 既読スルーしてごめん！昨日は寝落ちしてた"}, code: CodeDrama, absent: true},
		{lang: "ja", name: "sorry I left you on read (no apology frame)", lines: []string{"s: 既読スルーしてごめん！昨日は寝落ちしてた"}, code: CodeApologyFirst, absent: true},
		{lang: "ko", name: "I'll ask my husband", lines: []string{"s: 우리 남편한테 물어보고 연락드릴게요"}, code: CodeDrama, absent: true},
		{lang: "ja", name: "I'll call the office today", lines: []string{"s: 今日中に会社に連絡しますね"}, code: CodeDrama, absent: true},
		{lang: "zh", name: "a real recruiter", lines: []string{"s: 您好，我是星辰公司人事部，感谢您应聘会计职位，请问明天上午十点方便来面试吗？"}, code: CodeJobOffer, absent: true},
		{lang: "vi", name: "a business's zalo.me link", lines: []string{"s: Đặt vé tại zalo.me ✈️"}, code: CodeMovePlatform, absent: true},
	})
}

// The frames of the other languages in Vietnamese, and in Chinese,
// Japanese and Korean where they lacked words: who asks with a reason to
// have the number, the fake boss's payee and secret, a recruiter who has
// "your CV", a friend who gave the number, a new number to save, and a
// business confirming someone else's booking. Everyday sentences with the
// same words stay quiet.
func TestVietnameseAndMoreOtherFrames(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "vi", name: "in my contacts, who is it?", lines: []string{"s: Chào bạn, số này trong danh bạ của mình mà mình không nhớ là ai. Mình có quen nhau không?"}, code: CodeIsThis},
		{lang: "ja", name: "連絡先に, どなたか", lines: []string{"s: 突然すみません、連絡先にこの番号が残っていたのですが、どちら様でしょうか"}, code: CodeIsThis},
		{lang: "zh", name: "通讯录里, 你是谁", lines: []string{"s: 你好，我通讯录里存着这个号码，请问你是谁？"}, code: CodeIsThis},
		{lang: "ko", name: "연락처에, 누구신지", lines: []string{"s: 연락처에 이 번호가 저장되어 있는데 누구신지 여쭤봐도 될까요?"}, code: CodeIsThis},
		{lang: "vi", name: "the fake boss pays a partner", lines: []string{"s: Em ơi chị đang bận, em chuyển giúp chị 5 triệu cho đối tác nhé, chiều chị gửi lại"}, code: CodeMoney},
		{lang: "ja", name: "the fake boss pays a client", lines: []string{"s: 至急、取引先に80万円を振り込んでもらえますか"}, code: CodeMoney},
		{lang: "ja", name: "a LINE group, kept secret", lines: []string{"s: 新しい案件の件でLINEグループを作成してください。まだ誰にも言わないでください"}, code: CodeTaskRequest},
		{lang: "zh", name: "a group and its QR code, kept secret", lines: []string{"s: 帮我新建一个群，把二维码发给我，先不要告诉其他同事"}, code: CodeTaskRequest},
		{lang: "zh", name: "我司 has your CV", lines: []string{"s: 您好，我司已收到您的简历，请添加专员微信了解岗位"}, code: CodeJobOffer},
		{lang: "vi", name: "a friend gave the number, to get to know you", lines: []string{"s: Chào anh, bạn em cho em số để làm quen, anh không phiền chứ?"}, code: CodeDatingBait},
		{lang: "vi", name: "a new number, save it", lines: []string{"s: Anh ơi em đổi số rồi, anh lưu lại giúp em nha"}, code: CodeNewNumber},
		{lang: "ja", name: "is this X's new number? (casual)", lines: []string{"s: あれ、これ真由美くんの新しい番号？？"}, code: CodeIsThis, evidence: "真由美くんの新しい番号"},
		{lang: "ja", name: "X's number, right? (casual)", lines: []string{"s: これ健太くんの番号で合ってる？"}, code: CodeIsThis, evidence: "健太くんの番号で合ってる"},
		{lang: "vi", name: "a clinic confirms someone's appointment", lines: []string{"s: Phòng khám xác nhận lịch hẹn của chị Hương lúc 9h sáng thứ Bảy"}, code: CodeSharedPlan},

		// everyday sentences with the same words
		{lang: "vi", name: "I sent the CV to HR", lines: []string{"s: Em gửi hồ sơ của bạn cho phòng nhân sự rồi nhé"}, code: CodeJobOffer, absent: true},
		{lang: "vi", name: "my pay came in", lines: []string{"s: Mẹ ơi tháng này lương con về rồi, con chuyển giúp mẹ tiền điện nha"}, code: CodeMoney, absent: true},
		{lang: "vi", name: "mum is in a meeting", lines: []string{"s: Con ơi đừng gọi nhé mẹ đang họp, tối mẹ gọi lại"}, code: CodeTaskRequest, absent: true},
		{lang: "ja", name: "I will send the group's QR code", lines: []string{"s: 明日の会議、LINEグループ作ってQRコード送るね"}, code: CodeTaskRequest, absent: true},
		{lang: "zh", name: "a company's holiday notice", lines: []string{"s: 我司将于下周一放假，请各位客户知悉"}, code: CodeJobOffer, absent: true},
		{lang: "ja", name: "the meeting time, right?", lines: []string{"s: 明日の集合時間、10時で合ってる？"}, code: CodeIsThis, absent: true},
		{lang: "ja", name: "can you tell me Yamada's number?", lines: []string{"s: 山田さんの番号教えてもらえる？"}, code: CodeIsThis, absent: true},
		{lang: "vi", name: "my own appointment", lines: []string{"s: Mai anh có lịch hẹn bác sĩ lúc 9h, em nhớ nhắc anh nha"}, code: CodeSharedPlan, absent: true},

		// round 30's constructions, in other words
		{lang: "el", name: "X εσύ είσαι;", lines: []string{"s: Νίκο εσύ είσαι; Σε βρήκα στις επαφές"}, code: CodeIsThis},
		{lang: "el", name: "είστε η X από ...;", lines: []string{"s: Καλημέρα, είστε η Σοφία από το φροντιστήριο;"}, code: CodeIsThis},
		{lang: "el", name: "έχεις αλλάξει νούμερο;", lines: []string{"s: Γεια! Έχεις αλλάξει νούμερο; Δεν απαντάς καθόλου"}, code: CodeReconnect},
		{lang: "el", name: "μου έκλεψαν το κινητό, unaccented", lines: []string{"s: μπαμπα μου εκλεψαν το κινητο, γραψε μου εδω"}, code: CodeNewNumber},
		{lang: "tr", name: "telefonu düşürdüm, bu numaraya yaz", lines: []string{"s: Anne ben, telefonumu düşürdüm çalışmıyor, bu numaraya yaz"}, code: CodeNewNumber},
		{lang: "fi", name: "ootko vaihtanut numeroa", lines: []string{"s: Heippa, ootko vaihtanut numeroa? Viestit ei mene perille"}, code: CodeReconnect},
		{lang: "fi", name: "kaveri antoi sun numeron", lines: []string{"s: Moi, mun kaveri antoi sun numeron, haluaisin tutustua"}, code: CodeDatingBait},
		{lang: "hu", name: "téves szám, apology first", lines: []string{"s: Jaj bocsánat, téves szám volt! De ha már itt vagyunk, hogy vagy?"}, code: CodeApologyFirst},
		{lang: "hu", name: "Laci to László", owner: []string{"László", "László Kiss"}, lines: []string{"s: Szia Laci, holnap átviszem a létrát"}, code: CodeWrongName, absent: true},
		{lang: "hu", name: "Laci to Erzsébet", owner: []string{"Erzsébet", "Erzsébet Kiss"}, lines: []string{"s: Szia Laci, holnap átviszem a létrát"}, code: CodeWrongName, evidence: "Laci"},
		{lang: "zh", name: "这个是X的号码吗", lines: []string{"s: 请问这个是小李的号码吗"}, code: CodeIsThis},
		{lang: "ko", name: "X 번호 아니야?", lines: []string{"s: 이거 지훈이 번호 아니야?"}, code: CodeIsThis},
		{lang: "zh", name: "翻到了你的号码", lines: []string{"s: 换手机的时候翻到了你的号码，你最近还好吗"}, code: CodeReconnect},
		{lang: "ko", name: "구경 좀 시켜", lines: []string{"s: 부산에 처음 와봤는데 구경 좀 시켜줄 수 있어요?"}, code: CodeDatingBait},
		// the same words, meant otherwise
		{lang: "el", name: "είστε η καλύτερη", lines: []string{"s: Είστε η καλύτερη γειτόνισσα, ευχαριστώ για το γλυκό!"}, code: CodeIsThis, absent: true},
		{lang: "id", name: "laci is a drawer", lines: []string{"s: Kuncinya ada di laci meja, ambil aja ya"}, code: CodeWrongName, absent: true},
		// a sender who says their role is checkable; a neighbour naming a
		// time is no business booking
		{lang: "ro", name: "sunt X, colega de tură: no dating bait", lines: []string{"s: Bună, sunt Ioana, colega de tură de dimineață. Șefa mi-a dat numărul tău, putem schimba sâmbăta?"}, code: CodeDatingBait, absent: true},
		{lang: "ro", name: "o prietenă mi-a dat numărul: dating bait", lines: []string{"s: Bună, sunt Ioana. O prietenă mi-a dat numărul tău, zice că ești de treabă"}, code: CodeDatingBait},
		{lang: "pl", name: "sąsiadka z paczką: no booking", lines: []string{"s: Dzień dobry, jestem Ewa, sąsiadka spod szóstki. Kurier zostawił u mnie paczkę dla Pani, będę w domu po 18:00."}, code: CodeSharedPlan, absent: true},
	})
}

// wordSpan counts two characters of Chinese, Japanese or Korean as one
// word and every other token as one.
func TestWordSpan(t *testing.T) {
	for _, tc := range []struct {
		text string
		want int
	}{
		{"sent it by mistake, sorry", 5},
		{"ごめんなさい", 3},
		{"間違えて送った sorry", 5},
	} {
		r := testRegistry(t)
		a := &analysis{r: r, lex: r.lex, c: &Conversation{Turns: []Turn{{Text: tc.text}}}, turns: []turnInfo{{t: r.normalize(tc.text)}}}
		if got := a.wordSpan(0, 0, len(a.turns[0].t.toks)); got != tc.want {
			t.Errorf("wordSpan(%q) = %d, want %d", tc.text, got, tc.want)
		}
	}
}

// Introductions in languages without a lexicon of their own say who
// writes as English ones do (sentences written for this test); "it's
// me" and a question say no one.
func TestOtherLanguagesSayWhoWrites(t *testing.T) {
	checkSaysWho(t, []saysWhoCase{
		{"Γεια σας, είμαι η Βάσω, η μαμά του Άρη από το τμήμα Πασχαλίτσες", true},
		{"Καλησπέρα, ο Στέφανος είμαι από το λογιστήριο", true},
		{"שלום, אני עומר מהצוות של דני בעבודה", true},
		{"היי זאת הילה מהקומה השלישית", true},
		{"مساء الخير، انا سامي جارك في الدور التاني", true},
		{"السلام عليكم، معك خالد من قسم المحاسبة", true},
		{"Namaste, main Rahul, B-204 se", true},
		{"Привет, меня зовут Оля, я из соседнего подъезда", true},
		{"Привіт, це Настя з кол-центру", true},
		{"Chào chị, em là Hương ở căn 1205", true},
		{"Hej! Budi heter jag, jobbar ihop med din sambo", true},
		{"Hei, Pekka tässä, uusi naapuri rapusta B", true},
		{"Мам, это я, у меня новый номер", false},
		{"Здравствуйте, это Ольга?", false},
		{"אני בבית עד הערב", false},
	})
}

// The drama frames in the languages without a lexicon: a partner's
// rival told off, a debt, a caught affair, scorn, a break-up, a grudge,
// a lawyer. A verb that only says writing or calling counts right
// beside "my husband", "my wife", never anywhere in the message.
func TestOtherLanguagesDrama(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "ru", name: "не пиши моему мужу", lines: []string{"s: Не пиши больше моему мужу, поняла?"}, code: CodeDrama, evidence: "моему мужу"},
		{lang: "pl", name: "przestań pisać do męża", lines: []string{"s: Przestań pisać do mojego męża, bo pożałujesz"}, code: CodeDrama},
		{lang: "tr", name: "kocamla mesajlaşıyorsun", lines: []string{"s: Kocamla mesajlaştığını biliyorum, kocamla mesajlaşıyorsun utanmıyor musun"}, code: CodeDrama},
		{lang: "he", name: "תפסיק לכתוב לאשתי", lines: []string{"s: תפסיק לכתוב לאשתי, זו אזהרה אחרונה"}, code: CodeDrama},
		{lang: "hu", name: "tartozol nekem", lines: []string{"s: Még mindig tartozol nekem 20 ezerrel, mikor adod meg?"}, code: CodeDrama},
		{lang: "uk", name: "я бачила тебе з ним", lines: []string{"s: Я бачила тебе з ним у суботу, не бреши"}, code: CodeDrama},
		{lang: "cs", name: "styď se", lines: []string{"s: Styď se, je to ženatý chlap"}, code: CodeDrama},
		{lang: "ro", name: "de ce m-ai blocat", lines: []string{"s: De ce m-ai blocat peste tot? Nu meritam asta"}, code: CodeDrama},
		{lang: "el", name: "θα σε μηνύσω", lines: []string{"s: Θα σε μηνύσω, ο δικηγόρος μου θα σε βρει"}, code: CodeDrama},
		{lang: "ar", name: "خلاص انتهينا", lines: []string{"s: خلاص انتهينا، لا عاد تكلمني"}, code: CodeDrama},
		// everyday sentences with the same words
		{lang: "ru", name: "не пиши, муж дома", lines: []string{"s: Не пиши мне сейчас, я на совещании, муж заберёт детей"}, code: CodeDrama, absent: true},
		{lang: "pl", name: "nie pisz, mąż odbierze", lines: []string{"s: Nie pisz teraz, mąż odbierze dzieci ze szkoły"}, code: CodeDrama, absent: true},
		{lang: "tr", name: "kocam evde", lines: []string{"s: Bana şimdi yazma, kocam evde, akşam ararım"}, code: CodeDrama, absent: true},
		{lang: "ru", name: "мой муж передал", lines: []string{"s: Мой муж сказал, что ты звонила, перезвоню вечером"}, code: CodeDrama, absent: true},
		{lang: "hu", name: "a férjemmel megyünk", lines: []string{"s: Szombaton a férjemmel megyünk a piacra, jössz?"}, code: CodeDrama, absent: true},
	})
}

// The fake boss in the languages without a lexicon: are you free, an
// errand, in a meeting, reply when you see this, keep it quiet.
func TestOtherLanguagesFakeBoss(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "ru", name: "вы на месте? поручение", lines: []string{"s: Добрый день, вы сейчас на месте? Есть срочное поручение"}, code: CodeTaskRequest},
		{lang: "pl", name: "na spotkaniu, odpisz", lines: []string{"s: Jestem na spotkaniu, nie mogę rozmawiać. Odpisz jak zobaczysz"}, code: CodeTaskRequest},
		{lang: "tr", name: "müsait misiniz, kimseye söylemeyin", lines: []string{"s: Merhaba, müsait misiniz? Kimseye söylemeyin lütfen"}, code: CodeTaskRequest},
		{lang: "he", name: "אתה פנוי? בקשה קטנה", lines: []string{"s: היי, אתה פנוי? יש לי בקשה קטנה"}, code: CodeTaskRequest},
		{lang: "hu", name: "értekezleten, írjon vissza", lines: []string{"s: Értekezleten vagyok, nem tudok beszélni, írjon vissza"}, code: CodeTaskRequest},
		{lang: "ar", name: "انت فاضي؟ عندي طلب", lines: []string{"s: مرحبا، انت فاضي؟ عندي طلب صغير"}, code: CodeTaskRequest},
		// the same words, meant otherwise
		{lang: "ru", name: "на совещании, перезвоню", lines: []string{"s: Я на совещании до трёх, перезвоню"}, code: CodeTaskRequest, absent: true},
		{lang: "pl", name: "mam prośbę, no question", lines: []string{"s: Mam prośbę do sąsiadów: proszę nie parkować przed bramą"}, code: CodeTaskRequest, absent: true},
		{lang: "tr", name: "toplantıdayım, akşam ararım", lines: []string{"s: Toplantıdayım, akşam ararım seni"}, code: CodeTaskRequest, absent: true},
	})
}

// Pet forms said at a message's start are names ("Piotrek, odbierzesz
// małego?"), and the owner's own pet form is the owner's.
func TestOtherLanguagesPetForms(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "pl", name: "Piotrek to Zofia", owner: []string{"Zofia", "Zofia Nowak"}, lines: []string{"s: Piotrek, odbierzesz małego z treningu o 18?"}, code: CodeWrongName, evidence: "Piotrek"},
		{lang: "pl", name: "Piotrek to Piotr", owner: []string{"Piotr", "Piotr Nowak"}, lines: []string{"s: Piotrek, odbierzesz małego z treningu o 18?"}, code: CodeWrongName, absent: true},
		{lang: "hu", name: "Dóri to Erzsébet", owner: []string{"Erzsébet", "Kiss Erzsébet"}, lines: []string{"s: Dóri, hazafelé hozz kenyeret meg tejet"}, code: CodeWrongName, evidence: "Dóri"},
		{lang: "hu", name: "Dóri to Dorottya", owner: []string{"Dorottya", "Kiss Dorottya"}, lines: []string{"s: Dóri, hazafelé hozz kenyeret meg tejet"}, code: CodeWrongName, absent: true},
		{lang: "ru", name: "Катюш to Ольга", owner: []string{"Ольга", "Ольга Смирнова"}, lines: []string{"s: Катюш, купи по дороге хлеб и молоко"}, code: CodeWrongName, evidence: "Катюш"},
		{lang: "ru", name: "Катюш to Екатерина", owner: []string{"Екатерина", "Екатерина Смирнова"}, lines: []string{"s: Катюш, купи по дороге хлеб и молоко"}, code: CodeWrongName, absent: true},
		{lang: "uk", name: "Марино to Олена", owner: []string{"Олена", "Олена Коваль"}, lines: []string{"s: Марино, завтра о 9 заїду за тобою"}, code: CodeWrongName, evidence: "Марино"},
		{lang: "cs", name: "Honza to Jan", owner: []string{"Jan", "Jan Novák"}, lines: []string{"s: Honza, vezmeš cestou chleba?"}, code: CodeWrongName, absent: true},
	})
}

// "Are you X?" after a bare "you" of a language whose names take cases:
// the name must end what is asked ("Вы Игорь из автосервиса?"), since
// "Ты Саше звонила?" asks whether you called Sasha.
func TestOtherLanguagesAreYouX(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "ru", name: "Вы Игорь из автосервиса?", lines: []string{"s: Вы Игорь из автосервиса на Ленина?"}, code: CodeIsThis, evidence: "Вы Игорь"},
		{lang: "uk", name: "Ти Оксана з бухгалтерії?", lines: []string{"s: Ти Оксана з бухгалтерії?"}, code: CodeIsThis},
		{lang: "ru", name: "Вы Игорь Петров?", lines: []string{"s: Добрый день. Вы Игорь Петров?"}, code: CodeIsThis},
		{lang: "pl", name: "Jesteś tym Kubą z siłowni?", lines: []string{"s: Jesteś tym Kubą z siłowni?"}, code: CodeIsThis},
		{lang: "he", name: "אתה רועי מהחוג?", lines: []string{"s: אתה רועי מהחוג גיטרה?"}, code: CodeIsThis},
		{lang: "ru", name: "Ты Саше звонила?", lines: []string{"s: Ты Саше звонила?"}, code: CodeIsThis, absent: true},
		{lang: "ru", name: "Вы Ольге передали документы?", lines: []string{"s: Вы Ольге передали документы?"}, code: CodeIsThis, absent: true},
		{lang: "uk", name: "Ви Андрію передали ключі?", lines: []string{"s: Ви Андрію передали ключі?"}, code: CodeIsThis, absent: true},
		{lang: "ru", name: "Маша to Мария", owner: []string{"Мария", "Мария Иванова"}, lines: []string{"s: Ты Маша из третьего подъезда?"}, code: CodeIsThis, absent: true},
	})
}

func TestOtherLanguagesAreYouXNoCapitals(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "ar", name: "حضرتك أستاذ أحمد اللي…؟", lines: []string{"s: لو سمحت، حضرتك أستاذ أحمد اللي اتقابلنا في معرض الكتاب؟"}, code: CodeIsThis},
		{lang: "he", name: "אתה אוסף את נועה?", lines: []string{"s: אתה אוסף את נועה מהגן היום? אני תקועה בעבודה עד 5"}, code: CodeIsThis, absent: true},
		{lang: "ar", name: "انت او سعود؟", lines: []string{"s: السيارة خربت عند الدوار، البطارية فاضية. تقدر تجي انت او سعود؟"}, code: CodeIsThis, absent: true},
	})
}

// A neighbour's complaint of the reader's pet or leak, in the languages
// without a lexicon; "your son" and a night are no complaint.
func TestOtherLanguagesNuisance(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "uk", name: "ваш собака гавкав", lines: []string{"s: Доброго дня, це сусід знизу. Ваш собака знову гавкав до ранку"}, code: CodeDrama},
		{lang: "tr", name: "köpeğiniz havladı", lines: []string{"s: Köpeğiniz yine sabaha kadar havladı, artık yeter!"}, code: CodeDrama},
		{lang: "ru", name: "вы нас залили", lines: []string{"s: Соседи, вы нас залили, потолок мокрый"}, code: CodeDrama},
		{lang: "ru", name: "ваш сын всю ночь", lines: []string{"s: Ваш сын всю ночь не спал?"}, code: CodeDrama, absent: true},
		{lang: "pl", name: "twój pies jest słodki", lines: []string{"s: Twój pies jest przesłodki, jak ma na imię?"}, code: CodeDrama, absent: true},
	})
}

// "Anna from the parents' group" says who writes in more languages, as
// English "from" does; a capitalised first word before a one-letter "z"
// or before "din" (Scandinavian "your") is no name.
func TestOtherLanguagesFromIntroduces(t *testing.T) {
	checkSaysWho(t, []saysWhoCase{
		{"Hej, Zsofi från föräldragruppen. Kan du ta med något att dricka på fredag?", true},
		{"Hei, Jordi fra borettslaget. Vi har dugnad på lørdag", true},
		{"Babciu to ja, ukradli mi telefon w tramwaju. Piszę z numeru kolegi", false},
		{"Bilen din står på plassen vår igjen. Flytt den!", false},
	})
}

// Finnish, whose endings change every word: the forms a quarrel, a
// boring night and "who is this?" take in speech.
func TestFinnishForms(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "fi", name: "olet mulle vielä velkaa", lines: []string{"s: Olet mulle vielä velkaa 300 euroa, milloin maksat?"}, code: CodeDrama},
		{lang: "fi", name: "teidän koira haukkui", lines: []string{"s: Teidän koira haukkui taas aamuun asti"}, code: CodeDrama},
		{lang: "fi", name: "tylsää tänään, jutella", lines: []string{"s: Tylsää tänään... haluisitko jutella vähän?"}, code: CodeDatingBait},
		{lang: "fi", name: "kuka tämä on, ilman nimeä", lines: []string{"s: Kuka tämä on? Sun numero on mun puhelimessa ilman nimeä"}, code: CodeIsThis},
		{lang: "fi", name: "olen sulle velkaa", lines: []string{"s: Olen sulle velkaa 20 euroa, maksan huomenna"}, code: CodeDrama, absent: true},
	})
}

// Swedish, Danish and Norwegian: a quarrel over a relative, a dog that
// barked, a boring night, "who is this?".
func TestScandinavianForms(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "sv", name: "hur kan du säga så till min syster", lines: []string{"s: Hur kan du säga så till min syster?!"}, code: CodeDrama},
		{lang: "sv", name: "er hund skällde", lines: []string{"s: Er hund skällde hela natten igen"}, code: CodeDrama},
		{lang: "sv", name: "tråkigt ikväll, snacka", lines: []string{"s: Tråkigt ikväll... vill du snacka lite?"}, code: CodeDatingBait},
		{lang: "no", name: "hvem er dette, uten navn", lines: []string{"s: Hvem er dette? Har deg i telefonen uten navn"}, code: CodeIsThis},
		{lang: "sv", name: "min syster hälsar", lines: []string{"s: Min syster hälsar, vi ses på lördag!"}, code: CodeDrama, absent: true},
	})
}

// Hebrew and Arabic: debts, being caught, a quarrel over a sister, the
// boss at work, "saved without a name", a friend's phone.
func TestHebrewArabicForms(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "he", name: "עדיין חייב לי", lines: []string{"s: אתה עדיין חייב לי 500 שקל, מתי אתה מחזיר?"}, code: CodeDrama},
		{lang: "he", name: "ראיתי אותך איתה", lines: []string{"s: ראיתי אותך איתה אתמול, אל תנסה לשקר"}, code: CodeDrama},
		{lang: "he", name: "מטלפון של חבר", lines: []string{"s: אבא, אני כותב מטלפון של חבר, אתה יכול לשלם לי חשבון היום?"}, code: CodeNewNumber},
		{lang: "ar", name: "لسا عليك", lines: []string{"s: لسا عليك ٥٠٠ دينار، امتى بترجعهم؟"}, code: CodeDrama},
		{lang: "ar", name: "كيف تتجرأ ... اختي", lines: []string{"s: كيف تتجرأ تحكي هيك مع اختي؟!"}, code: CodeDrama},
		{lang: "ar", name: "مين معي، بدون اسم", lines: []string{"s: مين معي؟ رقمك محفوظ عندي بدون اسم"}, code: CodeIsThis},
		{lang: "ar", name: "اختي جاية بكرة", lines: []string{"s: اختي جاية بكرة، تعال تغدى معنا"}, code: CodeDrama, absent: true},
	})
}

// Russian and Ukrainian: a debt with words between, seen yesterday with
// her, a quarrel over a sister, barking, a profile seen.
func TestRussianUkrainianForms(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "ru", name: "до сих пор должна", lines: []string{"s: Ты мне до сих пор должна 5000, когда отдашь?"}, code: CodeDrama},
		{lang: "uk", name: "досі винна", lines: []string{"s: Ти мені досі винна 2000 гривень, коли віддаси?"}, code: CodeDrama},
		{lang: "ru", name: "как ты смеешь ... с моей сестрой", lines: []string{"s: Как ты смеешь так разговаривать с моей сестрой?!"}, code: CodeDrama},
		{lang: "uk", name: "побачила твою анкету", lines: []string{"s: Побачила твою анкету, ти дуже милий. Звідки ти?"}, code: CodeDatingBait},
		{lang: "ru", name: "я тебе должна", lines: []string{"s: Я тебе должна 500 за такси, завтра переведу"}, code: CodeDrama, absent: true},
	})
}

// Turkish and Polish: seen with someone, a quarrel over a sister, the
// family asks after you, a profile seen.
func TestTurkishPolishForms(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "tr", name: "seni onunla gördüm", lines: []string{"s: Dün seni onunla gördüm, yalan söyleme"}, code: CodeDrama},
		{lang: "tr", name: "nasıl cüret edersin ... kız kardeşimle", lines: []string{"s: Kız kardeşimle böyle konuşmaya nasıl cüret edersin?!"}, code: CodeDrama},
		{lang: "pl", name: "o ciebie pytają, wracaj do domu", lines: []string{"s: Wracaj do domu, dzieci ciągle o ciebie pytają"}, code: CodeDrama},
		{lang: "pl", name: "widziałam twój profil", lines: []string{"s: Widziałam twój profil, jesteś słodki. Skąd jesteś?"}, code: CodeDatingBait},
		{lang: "tr", name: "annemle konuştum", lines: []string{"s: Annemle konuştum, pazar yemeğe geliyorlar"}, code: CodeDrama, absent: true},
	})
}

// Hungarian and Greek: seen with her, a quarrel over a sister, a dog
// that barked, an urgent matter, a boring night, who is this, a number
// saved wrong.
func TestHungarianGreekForms(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "hu", name: "hogy merészelsz ... a húgommal", lines: []string{"s: Hogy merészelsz így beszélni a húgommal?!"}, code: CodeDrama},
		{lang: "hu", name: "a kutyájuk ugatott", lines: []string{"s: A kutyájuk megint egész éjjel ugatott"}, code: CodeDrama},
		{lang: "hu", name: "munkában vagy, sürgős ügyben", lines: []string{"s: Munkában vagy? Sürgős ügyben kellene a segítséged"}, code: CodeTaskRequest},
		{lang: "hu", name: "ki ez, név nélkül", lines: []string{"s: Ki ez? Név nélkül van elmentve a számod"}, code: CodeIsThis},
		{lang: "el", name: "πώς τολμάς ... στην αδερφή μου", lines: []string{"s: Πώς τολμάς να μιλάς έτσι στην αδερφή μου;!"}, code: CodeDrama},
		{lang: "hu", name: "ki ez a srác a képen", lines: []string{"s: Ki ez a srác a képen? Nagyon helyes"}, code: CodeIsThis, absent: true},
	})
}

// Czech and Romanian: a debt with words between, the family asks after
// you, seen yesterday with her, a dog that barked.
func TestCzechRomanianForms(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "cs", name: "pořád mi dlužíš", lines: []string{"s: Pořád mi dlužíš 3000 Kč, kdy je vrátíš?"}, code: CodeDrama},
		{lang: "cs", name: "se na tebe ptají, vrať se domů", lines: []string{"s: Vrať se domů, děti se na tebe pořád ptají"}, code: CodeDrama},
		{lang: "ro", name: "te-am văzut ieri cu ea", lines: []string{"s: Te-am văzut ieri cu ea, nu minți"}, code: CodeDrama},
		{lang: "ro", name: "câinele vostru a lătrat", lines: []string{"s: Să vă fie rușine! Câinele vostru a lătrat iar toată noaptea"}, code: CodeDrama},
		{lang: "cs", name: "já ti dlužím", lines: []string{"s: Já ti dlužím 200 Kč za kino, pošlu zítra"}, code: CodeDrama, absent: true},
	})
}

// Indonesian and Vietnamese: seen with her, a quarrel over a sister, a
// dog, who is this, a debt, we need to talk, a sad night, a friend's
// phone.
func TestIndonesianVietnameseForms(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "id", name: "anjing kalian menggonggong", lines: []string{"s: Malu dong! Anjing kalian menggonggong semalaman lagi"}, code: CodeDrama},
		{lang: "id", name: "siapa ya, tanpa nama", lines: []string{"s: Siapa ya? Nomor kamu ada di kontakku tanpa nama"}, code: CodeIsThis},
		{lang: "vi", name: "vẫn còn nợ tao", lines: []string{"s: Mày vẫn còn nợ tao 2 triệu, bao giờ trả?"}, code: CodeDrama},
		{lang: "vi", name: "sao mày dám ... em gái tao", lines: []string{"s: Sao mày dám nói vậy với em gái tao?!"}, code: CodeDrama},
		{lang: "vi", name: "nhắn từ máy bạn", lines: []string{"s: Bố ơi con nhắn từ máy bạn, bố đóng giúp con một hóa đơn hôm nay được không?"}, code: CodeNewNumber},
		{lang: "id", name: "adik saya ulang tahun", lines: []string{"s: Adik saya ulang tahun besok, datang ya ke rumah"}, code: CodeDrama, absent: true},
	})
}

// A tradesman who says who sent him ("Sharma ji ne aapka number diya",
// "číslo na vás mi dal pan Novák") writes as one the owner's side
// arranged, in the languages without a lexicon too: no warning. The
// same words after an unnamed friend, or with no giver at all, stay the
// dating script.
func TestNamedGiverVouchesInOtherLanguages(t *testing.T) {
	r := testRegistry(t)
	for _, tc := range []struct {
		text string
		want Level
	}{
		{"Namaste, main Suresh plumber, Sharma ji ne aapka number diya. Kal 10 baje aa jaun?", LevelNone},
		{"Dobrý den, jsem Petr, elektrikář, číslo na vás mi dal pan Novák. Můžu přijít zítra v 9?", LevelNone},
		{"Dobrý den, jsem Petr, elektrikář. Můžu přijít zítra v 9?", LevelCaution},
		// "they gave me your number" names no one who could vouch
		{"Привет, я Аня, мне дали твой номер. Давай пообщаемся? 😊", LevelCaution},
	} {
		c := chat(NetworkSMS, []string{"Robin"}, "s: "+tc.text)
		c.Owner.Languages = nil
		if v := r.Evaluate(c); v.Level != tc.want {
			t.Errorf("%q: level %v, want %v (%v)", tc.text, v.Level, tc.want, v.Reasons)
		}
	}
}
