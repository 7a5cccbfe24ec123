package detectors

// Reason codes. They are stable: warnings are translated by code, feedback
// and eval results refer to them, and config weights are keyed by them.
// The comment after each lists the Args keys its reasons carry besides
// Evidence.
const (
	// Misdirected opener.
	CodeWrongName       = "opener.wrong_name"       // name: the greeted name
	CodeSharedPlan      = "opener.shared_plan"      // (evidence: the plan, time or place)
	CodeIsThis          = "opener.is_this"          // name: who they ask for, may be empty
	CodeStillAvailable  = "opener.still_available"  //
	CodeReconnect       = "opener.reconnect"        // ("long time no see", "remember me?")
	CodeBait            = "opener.bait"             // ("new voice message", "see the photos")
	CodeAnonymousSender = "opener.anonymous_sender" // writes as if known, never says who
	CodeImpersonation   = "opener.impersonation"    // org: bank, courier, tax office...
	CodeApologyFirst    = "opener.apology_first"    // ("sorry, I saved your number by mistake")
	CodeDatingBait      = "opener.dating_bait"      // ("my friend gave me your number", "home alone")
	CodePropertyOffer   = "opener.property_offer"   // ("would you sell your house? cash offer")
	CodeTaskRequest     = "opener.task_request"     // ("are you available? I need a task done")
	CodeDrama           = "opener.drama"            // ("stay away from my husband")
	CodeCallsRelative   = "opener.calls_relative"   // relative, word: as in pivot.new_number ("Hoi mam", "Mami?")
	CodeChase           = "opener.chases_reply"     // writes again unanswered: "Hello??", "did you get my message?"

	// Rapport after an answer.
	CodeAfterDenial = "rapport.after_denial" // (evidence: the owner's "wrong number")
	CodeSmallTalk   = "rapport.small_talk"   // ("where are you from", "what do you do")
	CodeFate        = "rapport.fate"         // ("nice to meet you anyway", "it must be fate")
	CodeCompliment  = "rapport.compliment"   //
	CodePhoto       = "rapport.photo"        // media: kind of media sent unasked

	// Romance.
	CodeAffection  = "romance.affection"  //
	CodePetName    = "romance.pet_name"   //
	CodeLoneliness = "romance.loneliness" //

	// Pivot.
	CodeInvestment   = "pivot.investment"    // topic: crypto, forex, gold, stocks...
	CodeMentor       = "pivot.mentor"        // (an aunt or uncle who is an analyst)
	CodeReturns      = "pivot.returns"       // (guaranteed returns, "I made 30%")
	CodeTradingApp   = "pivot.trading_app"   // app: the platform named, may be empty
	CodeMoney        = "pivot.money"         // (money, gift cards, urgent help, codes, bank or ID details)
	CodeRefund       = "pivot.refund"        // (money "sent by mistake", asked back: the sender's bank reverses a real mistake)
	CodeMovePlatform = "pivot.move_platform" // platform: WhatsApp, Telegram, Line...
	CodeJobOffer     = "pivot.job_offer"     // (paid per task, likes, reviews)
	CodeNewNumber    = "pivot.new_number"    // relative: mum, dad, grandma...; word: the word as typed ("mamma")

	// Links and apps.
	CodeLink       = "link.unknown"     // domain
	CodeLookalike  = "link.lookalike"   // domain, brand
	CodeShortener  = "link.shortener"   // domain
	CodeIPHost     = "link.ip_host"     // host
	CodeAppInstall = "link.app_install" // domain (APK, TestFlight, profile...)
	CodeInvite     = "link.invite"      // domain, platform (t.me, wa.me...)
	CodePunycode   = "link.punycode"    // domain, unicode: the decoded form
	// CodeRiskyDomain is a link to an unknown site whose name is built like
	// throw-away scam sites: a cheap top-level domain (.top, .online...) or
	// a hyphenated string of bait words (delivery, claim, gift, crypto...).
	CodeRiskyDomain = "link.risky_domain" // domain, why: "tld" or "words"

	// Sender metadata.
	CodeForeignNumber = "sender.foreign_number" // country: ISO code of the number
	CodeNumberType    = "sender.number_type"    // type: voip, toll_free, premium, unknown
	CodeInvalidNumber = "sender.invalid_number" //
	CodeBareNumber    = "sender.bare_number"    // (display name is only a phone number)
	CodeNetwork       = "sender.network"        // network: the bridged network

	// The trained text model: the message reads like the scam's openers
	// and pivots (evidence: the words that weigh most; Spans: up to three).
	CodeModel = "model.reads_like" // probability: "0.87"; phrases: the quoted words
)

// Kinds name the stage or flavour of scam a verdict points at, the most
// advanced one first when several apply.
const (
	KindNone         = ""
	KindWrongNumber  = "wrong-number"
	KindRapport      = "rapport"
	KindRomance      = "romance"
	KindInvestment   = "investment"
	KindMoney        = "money"
	KindMovePlatform = "move-platform"
	KindJob          = "job"
	KindHiMum        = "hi-mum"
	KindLink         = "link"
	KindImpersonate  = "impersonation"
	// KindListing: a stranger asks about something for sale. The owner
	// may have posted an ad, so the advice is not "never answer".
	KindListing = "listing"
	// KindRefund: money "sent by mistake", asked back. A real mistake is
	// the sender's bank's to reverse, so the advice is "send nothing".
	KindRefund = "refund"
)
