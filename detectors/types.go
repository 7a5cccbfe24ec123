// Package detectors scores a conversation for the "wrong number" scam and
// explains its verdict. It is pure: no I/O, no platform library. The bot
// core decides what to do with a Verdict; nothing here acts on anything.
package detectors

import "time"

// Media kinds a turn can carry besides (or instead of) text.
const (
	MediaNone    = ""
	MediaPhoto   = "photo"
	MediaVoice   = "voice"
	MediaVideo   = "video"
	MediaSticker = "sticker"
	MediaContact = "contact"
	MediaFile    = "file"
)

// Turn is one message of the conversation, oldest first.
type Turn struct {
	FromOwner bool
	// Text is the message text, or the caption of a media message.
	Text  string
	Media string
	At    time.Time
}

// Sender is what the platform tells about the other side. The bot core
// shares this type (bot.Sender).
type Sender struct {
	// ID is the platform identity: a Matrix user ID, a Telegram user ID, a
	// phone number (or alphanumeric sender ID) for SMS.
	ID string
	// Phone is E.164 when known ("+12025550143"), empty otherwise.
	Phone       string
	DisplayName string
	// Network is where the conversation happens (ParseNetwork).
	Network Network
	// Bridged is true when the conversation reaches the owner through a
	// bridge (a Matrix portal for SMS, WhatsApp...).
	Bridged bool
	// MessageRequest is the platform's own word that the sender is not a
	// contact (bridgev2's com.beeper.message_request, set by Signal).
	MessageRequest bool
	// OwnerJoined: the owner has joined the conversation (accepted the
	// stranger's Matrix invite), so the warning's advice is no longer
	// about the invite. Each message tells it anew. No detector reads it.
	OwnerJoined bool
}

// Owner is the protected person.
type Owner struct {
	// Names are the names and nicknames the owner answers to.
	Names []string
	// Country is ISO 3166-1 alpha-2, upper case ("IT").
	Country string
	// Languages are BCP 47 primary tags ("it", "en"), preferred first.
	Languages []string
}

// Conversation is the conversation so far.
type Conversation struct {
	Turns  []Turn
	Sender Sender
	Owner  Owner
}

// Level is how strongly the owner should be warned.
type Level int

const (
	LevelNone Level = iota
	LevelCaution
	LevelWarning
	LevelAlert
)

var levelNames = [...]string{"none", "caution", "warning", "alert"}

func (l Level) String() string {
	if l < 0 || int(l) >= len(levelNames) {
		return "unknown"
	}
	return levelNames[l]
}

// ParseLevel is the inverse of Level.String.
func ParseLevel(s string) (Level, bool) {
	for i, n := range levelNames {
		if n == s {
			return Level(i), true
		}
	}
	return LevelNone, false
}

// MarshalText makes levels read as words in JSON and TOML.
func (l Level) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

// Reason is one cue that contributed to a verdict.
type Reason struct {
	// Code is stable (see codes.go); warnings are translated by code.
	Code   string  `json:"code"`
	Weight float64 `json:"weight"`
	// Turn is the index in Conversation.Turns of the message that holds the
	// evidence, or -1 when the reason comes from sender metadata.
	Turn int `json:"turn"`
	// Evidence is the exact words of the original message (a substring of
	// Turns[Turn].Text), or the metadata value (a phone number, a name).
	Evidence string `json:"evidence"`
	// Detail is a short English sentence for the owner built around the
	// evidence ("greets 'Marco', which is not one of your names").
	Detail string `json:"detail"`
	// Args holds the values the detail was built from, keyed by the names
	// documented with each code, so that warnings can be translated.
	Args map[string]string `json:"args,omitempty"`
	// Spans are byte ranges of Turns[Turn].Text that hold the evidence,
	// when it is made of several parts ("Hi mum" ... "my phone broke");
	// Evidence is then the first.
	Spans [][2]int `json:"spans,omitempty"`

	// strength scales the code's weight for this reason (0 means 1): a
	// cue seen where it means less, such as small talk before the owner
	// answered, counts for part of its weight.
	strength float64
	// unnamedBooking: a business writes about a booking or an order
	// without naming the owner. The model, which learnt business wording
	// mostly from businesses that name their customer, does not soften it.
	unnamedBooking bool
	// plainAsk: the whole message is a question about a plan or where
	// the reader is (see analysis.plainPlanAsk).
	plainAsk bool
	// whole: a frame that is a whole opener by itself (frameDef.Whole):
	// neither the model's low reading nor a group's "everyone" halves it.
	whole bool
	// asksRelation: an "is this X?" asks for someone's relation ("Are
	// you Tom's dad?"), which the owner may well be, not for a person.
	asksRelation bool
}

// Verdict is the result of Evaluate.
type Verdict struct {
	Score   float64  `json:"score"`
	Level   Level    `json:"level"`
	Kind    string   `json:"kind"`
	Reasons []Reason `json:"reasons"`
	// Language is the language the sender's words were identified as
	// (BCP 47 primary tag), "" when it could not be told.
	Language string `json:"language,omitempty"`
	// Fault is set when the detectors failed on this conversation (a
	// bug): what failed and where, never the text. The verdict is the
	// other detectors' (empty when the shared reading of the text
	// failed); the caller should log and count it, and not take a quiet
	// verdict for an all-clear.
	Fault string `json:"fault,omitempty"`
}
