package webhook

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/rs/zerolog"

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/detectors"
	"github.com/silentguard/silentguard/internal/bottest"
)

func envOf(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestParseGammu(t *testing.T) {
	cases := []struct {
		name      string
		env       map[string]string
		args      []string
		from      string
		text      string
		media     string
		id        string
		errField  string
		errIs     error
		sameIDAs  string
		diffIDAs  string
		idPrefix  string
		idAbsence string
	}{
		{name: "single part", env: map[string]string{"SMS_MESSAGES": "1", "DECODED_PARTS": "0", "SMS_1_NUMBER": "+12025550143",
			"SMS_1_TEXT": "Hi Marco, coffee at 5?", "SMS_1_CLASS": "-1"}, args: []string{"IN20260507_091200_00_+12025550143_00.txt"},
			from: "+12025550143", text: "Hi Marco, coffee at 5?", id: "gammu:IN20260507_091200_00_+12025550143_00.txt"},
		{name: "multipart decoded", env: map[string]string{"SMS_MESSAGES": "2", "DECODED_PARTS": "1",
			"SMS_1_NUMBER": "+12025550143", "SMS_1_TEXT": "Hi Marco, are we still on for", "SMS_2_NUMBER": "+12025550143", "SMS_2_TEXT": " coffee?",
			"DECODED_1_TEXT": "Hi Marco, are we still on for coffee?", "PHONE_ID": "modem1"},
			args: []string{"IN1_00.txt", "IN1_01.txt"}, from: "+12025550143", text: "Hi Marco, are we still on for coffee?", id: "gammu:modem1:IN1_00.txt,IN1_01.txt"},
		{name: "multipart not decoded", env: map[string]string{"SMS_MESSAGES": "2", "SMS_1_NUMBER": "+12025550143",
			"SMS_1_TEXT": "part one ", "SMS_2_TEXT": "part two"}, args: []string{"7", "8"}, from: "+12025550143", text: "part one part two", id: "gammu:7,8"},
		{name: "database ids", env: map[string]string{"SMS_MESSAGES": "1", "SMS_1_NUMBER": "3331234567", "SMS_1_TEXT": "ciao"},
			args: []string{"1234"}, from: "3331234567", text: "ciao", id: "gammu:1234"},
		{name: "mms indication", env: map[string]string{"SMS_MESSAGES": "1", "DECODED_PARTS": "1", "SMS_1_NUMBER": "+12025550143",
			"DECODED_1_MMS_SENDER": "+12025550199", "DECODED_1_MMS_TITLE": "photo for you", "DECODED_1_MMS_ADDRESS": "http://mms.example/x"},
			args: []string{"9"}, from: "+12025550199", text: "photo for you", media: detectors.MediaFile},
		{name: "no ids: hash", env: map[string]string{"SMS_MESSAGES": "1", "SMS_1_NUMBER": "+12025550143", "SMS_1_TEXT": "ciao"},
			from: "+12025550143", text: "ciao", idPrefix: "gammu:h:"},
		{name: "binary", env: map[string]string{"SMS_MESSAGES": "1", "SMS_1_NUMBER": "+12025550143", "SMS_1_CLASS": "1"}, errIs: ErrNoText},
		{name: "not run by gammu", env: map[string]string{}, errField: "SMS_MESSAGES"},
		{name: "bad count", env: map[string]string{"SMS_MESSAGES": "many"}, errField: "SMS_MESSAGES"},
		{name: "too many parts", env: map[string]string{"SMS_MESSAGES": "99999"}, errField: "SMS_MESSAGES"},
		{name: "bad decoded count", env: map[string]string{"SMS_MESSAGES": "1", "DECODED_PARTS": "-1"}, errField: "DECODED_PARTS"},
		{name: "no number", env: map[string]string{"SMS_MESSAGES": "1", "SMS_1_TEXT": "ciao"}, errField: "SMS_1_NUMBER"},
		{name: "not utf-8", env: map[string]string{"SMS_MESSAGES": "1", "SMS_1_NUMBER": "+12025550143", "SMS_1_TEXT": "ciao \xff"},
			args: []string{"1"}, from: "+12025550143", text: "ciao \uFFFD", id: "gammu:1"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m, err := ParseGammu(envOf(tc.env), tc.args)
			if tc.errIs != nil || tc.errField != "" {
				var ie *bot.InputError
				if tc.errIs != nil && !errors.Is(err, tc.errIs) {
					t.Fatalf("err %v, want %v", err, tc.errIs)
				}
				if tc.errField != "" && (!errors.As(err, &ie) || ie.Field != tc.errField) {
					t.Fatalf("err %v, want one naming %s", err, tc.errField)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if m.From != tc.from || m.Text != tc.text || m.Media != tc.media {
				t.Errorf("got %+v", m)
			}
			if tc.id != "" && m.ID != tc.id {
				t.Errorf("id %q, want %q", m.ID, tc.id)
			}
			if tc.idPrefix != "" && !strings.HasPrefix(m.ID, tc.idPrefix) {
				t.Errorf("id %q, want prefix %q", m.ID, tc.idPrefix)
			}
			// A rerun (Gammu's two-minute limit) gives the same ID.
			again, _ := ParseGammu(envOf(tc.env), tc.args)
			if again.ID != m.ID {
				t.Errorf("unstable id: %q then %q", m.ID, again.ID)
			}
		})
	}
	a := GammuEventID("", nil, "+12025550143", "", "ciao")
	if b := GammuEventID("", nil, "+12025550143", "", "ciao!"); a == b {
		t.Error("different texts share an id")
	}
	if b := GammuEventID("", nil, "+12025550143", "2026-05-07T09:12:00Z", "ciao"); a == b {
		t.Error("a known time does not enter the id")
	}
	long := GammuEventID("p", []string{strings.Repeat("x", 300)}, "", "", "")
	if len(long) > 200 || !strings.HasPrefix(long, "gammu:") {
		t.Errorf("long ids not hashed: %q", long)
	}
}

func fuzzEngine(f *testing.F) (*Handler, *bot.Owner) {
	eng := bottest.New(f, bottest.Options{})
	o := &bot.Owner{ID: "laura", Names: []string{"Laura"}, Country: "IT"}
	eng.AddOwner(o)
	eng.AddOwner(&bot.Owner{ID: "nonna", Names: []string{"Maria"}, Country: "IT"})
	return New(eng, "", 64<<10, zerolog.Nop()), o
}

// checkAccepted holds every parser to the core's contract.
func checkAccepted(t *testing.T, m bot.Message, prefix string) {
	t.Helper()
	if m.Owner == "" || m.Platform != Platform || m.ConversationKey == "" || m.Sender.ID == "" ||
		!strings.HasPrefix(m.EventID, prefix) || (m.Text == "" && m.Media == "") {
		t.Errorf("accepted an incomplete message: %+v", m)
	}
	if !utf8.ValidString(m.Text) || !utf8.ValidString(m.Sender.ID) {
		t.Errorf("accepted invalid UTF-8: %+v", m)
	}
}

func FuzzTwilioForm(f *testing.F) {
	f.Add(twilioForm("SM1", scammer, "+393400000001", "Ciao Marco").Encode(), true)
	f.Add("From=whatsapp%3A%2B12025550143&To=whatsapp%3A%2B393400000002&Body=hi&MessageSid=SM2&ProfileName=Amy", false)
	f.Add("From=AMAZON&Body=&NumMedia=1&MediaContentType0=image%2Fjpeg&SmsMessageSid=SM3", true)
	f.Add("MessageStatus=delivered&MessageSid=SM4", true)
	f.Add("NumMedia=-1&From=%2B1&Body=x&MessageSid=a", true)
	f.Add("%zz", true)
	h, _ := fuzzEngine(f)
	byToken := &source{Source: Source{Name: "t", Type: SourceTwilio, Owner: "laura"}}
	byNumber := &source{Source: Source{Name: "n", Type: SourceTwilio, Numbers: map[string]string{"+393400000001": "laura", "+393400000002": "nonna"}}}
	at := time.Date(2026, 5, 7, 9, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, body string, fixedOwner bool) {
		form, err := url.ParseQuery(body)
		if err != nil {
			return
		}
		s := byNumber
		if fixedOwner {
			s = byToken
		}
		_ = TwilioSignature("k", "https://x/v1/twilio/t", form)
		m, ignore, err := h.parseTwilio(s, form, at)
		if err != nil {
			var ie *bot.InputError
			if !errors.As(err, &ie) || ie.Field == "" || ie.Err == nil {
				t.Errorf("error without a field: %v", err)
			}
			return
		}
		if ignore {
			return
		}
		checkAccepted(t, m, "twilio:")
	})
}

func FuzzAndroidJSON(f *testing.F) {
	f.Add(androidBody(scammer, "Ciao Marco", "2024-06-22T15:46:11.000+07:00"))
	f.Add([]byte(`{"event":"sms:batch:received","payload":{"messages":[{"message":"a","phoneNumber":"1","receivedAt":"2024-06-22T15:46:11"}]}}`))
	f.Add([]byte(`{"event":"system:ping","payload":{"health":{}}}`))
	f.Add([]byte(`{"event":"sms:received","payload":null}`))
	f.Add([]byte(`{"event":`))
	f.Add([]byte(`[]`))
	_, owner := fuzzEngine(f)
	owner.Location = time.UTC
	f.Fuzz(func(t *testing.T, body []byte) {
		msgs, _, err := parseAndroid(owner, body)
		if err != nil {
			var ie *bot.InputError
			if !errors.As(err, &ie) || ie.Err == nil || err.Error() == "" {
				t.Errorf("bad error: %v", err)
			}
			return
		}
		for _, m := range msgs {
			checkAccepted(t, m, "android:")
			if m.At.IsZero() {
				t.Errorf("no time: %+v", m)
			}
		}
		_ = AndroidSignature("k", body, "1")
	})
}

func FuzzGammuEnv(f *testing.F) {
	f.Add("SMS_MESSAGES=1\nSMS_1_NUMBER=+12025550143\nSMS_1_TEXT=Hi Marco\nDECODED_PARTS=0", "IN1.txt")
	f.Add("SMS_MESSAGES=2\nDECODED_PARTS=1\nSMS_1_NUMBER=1\nDECODED_1_TEXT=ab\nSMS_2_TEXT=b", "1 2")
	f.Add("SMS_MESSAGES=1\nDECODED_PARTS=1\nSMS_1_NUMBER=1\nDECODED_1_MMS_ADDRESS=x\nDECODED_1_MMS_TITLE=t", "")
	f.Add("SMS_MESSAGES=255\nDECODED_PARTS=255", "")
	f.Fuzz(func(t *testing.T, env, args string) {
		vars := map[string]string{}
		for _, line := range strings.Split(env, "\n") {
			if k, v, ok := strings.Cut(line, "="); ok {
				vars[k] = v
			}
		}
		m, err := ParseGammu(envOf(vars), strings.Fields(args))
		if errors.Is(err, ErrNoText) {
			return
		}
		if err != nil {
			var ie *bot.InputError
			if !errors.As(err, &ie) || ie.Field == "" {
				t.Errorf("error without a variable name: %v", err)
			}
			return
		}
		if m.From == "" || m.ID == "" || len(m.ID) > 200 || (m.Text == "" && m.Media == "") || !utf8.ValidString(m.Text) || !utf8.ValidString(m.ID) {
			t.Errorf("accepted an incomplete message: %+v", m)
		}
	})
}
