package webhook

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/detectors"
)

// GammuMessage is one message as Gammu SMSD's RunOnReceive hands it to a
// program: in environment variables (SMS_MESSAGES, SMS_n_NUMBER,
// SMS_n_TEXT, DECODED_PARTS, DECODED_n_TEXT, DECODED_n_MMS_*), with the
// backend's message IDs (inbox file names, or database row IDs) as
// arguments. One run carries one message, perhaps in several parts.
type GammuMessage struct {
	From  string
	Text  string
	Media string
	// ID is stable across reruns: the message IDs Gammu passes, else a
	// hash of the sender and the text.
	ID string
	// Parts is the number of physical messages.
	Parts int
}

// ErrNoText is returned for a message with nothing to judge: an 8-bit
// binary SMS or a delivery report.
var ErrNoText = errors.New("no text: a binary message or a delivery report")

// gammuMaxParts is the most parts a concatenated SMS can have.
const gammuMaxParts = 255

// ParseGammu reads a RunOnReceive environment. getenv is os.LookupEnv in
// the command; args are the program's arguments (Gammu's message IDs).
// Errors are *bot.InputError naming the variable.
func ParseGammu(getenv func(string) (string, bool), args []string) (GammuMessage, error) {
	get := func(k string) string {
		v, _ := getenv(k)
		// Gammu writes in the locale's charset; keep what can be read.
		return strings.ToValidUTF8(v, "\uFFFD")
	}
	count := func(k string, required bool) (int, error) {
		v, ok := getenv(k)
		if !ok || v == "" {
			if required {
				return 0, &bot.InputError{Field: k, Err: fmt.Errorf("%w: not set; is this run by Gammu SMSD's RunOnReceive? (other programs: --from and --text)", bot.ErrEmpty)}
			}
			return 0, nil
		}
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < 0 || n > gammuMaxParts {
			return 0, &bot.InputError{Field: k, Err: fmt.Errorf("%w: want a count from 0 to %d", bot.ErrInvalid, gammuMaxParts)}
		}
		return n, nil
	}
	parts, err := count("SMS_MESSAGES", true)
	if err != nil {
		return GammuMessage{}, err
	}
	decoded, err := count("DECODED_PARTS", false)
	if err != nil {
		return GammuMessage{}, err
	}
	m := GammuMessage{Parts: parts, From: strings.TrimSpace(get("SMS_1_NUMBER"))}
	var text strings.Builder
	for i := 1; i <= decoded; i++ {
		text.WriteString(get(fmt.Sprintf("DECODED_%d_TEXT", i)))
	}
	if text.Len() == 0 {
		// Not decoded (a single part, or Gammu could not join them): the
		// physical parts in order.
		for i := 1; i <= parts; i++ {
			text.WriteString(get(fmt.Sprintf("SMS_%d_TEXT", i)))
		}
	}
	m.Text = text.String()
	if m.Text == "" && decoded > 0 && (get("DECODED_1_MMS_ADDRESS") != "" || get("DECODED_1_MMS_SENDER") != "") {
		// An MMS notification: its title is all the text there is.
		m.Media, m.Text = detectors.MediaFile, get("DECODED_1_MMS_TITLE")
		if s := strings.TrimSpace(get("DECODED_1_MMS_SENDER")); s != "" {
			m.From = s
		}
	}
	if m.From == "" {
		return GammuMessage{}, &bot.InputError{Field: "SMS_1_NUMBER", Err: bot.ErrEmpty}
	}
	if m.Text == "" && m.Media == "" {
		return m, ErrNoText
	}
	m.ID = GammuEventID(get("PHONE_ID"), args, m.From, "", m.Text)
	return m, nil
}

// GammuEventID makes the event ID of a message handed to a program: the
// backend's message IDs when given (a rerun after Gammu's two-minute limit
// passes the same ones), else a hash of the phone, sender, time (when
// known) and text.
func GammuEventID(phoneID string, ids []string, from, at, text string) string {
	var clean []string
	for _, a := range ids {
		if a = strings.TrimSpace(a); a != "" {
			clean = append(clean, a)
		}
	}
	if len(clean) > 0 {
		id := "gammu:" + strings.Join(clean, ",")
		if phoneID != "" {
			id = "gammu:" + phoneID + ":" + strings.Join(clean, ",")
		}
		if len(id) <= 200 {
			return strings.ToValidUTF8(id, "?")
		}
		return ContentHash("gammu:", append([]string{phoneID}, clean...)...)
	}
	return ContentHash("gammu:h:", phoneID, from, at, text)
}
