package appservice

import (
	"context"
	"encoding/json"
	"errors"
	"strings"

	"github.com/nyaruka/phonenumbers"
	"golang.org/x/text/language"
	"maunium.net/go/mautrix/event"

	"github.com/silentguard/silentguard/adapters/matrix"
	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/internal/phone"
)

// The commands a user writes in their DM with the bot: opting in and out,
// their settings, and the core's own (!status, !allow REF, !false REF).

const (
	helloText = "Hello! I am SilentGuard. I watch new chats from unknown contacts for the \"wrong number\" scam " +
		"and warn you here, privately; I never write to anyone else. Write !protect to start, !stop to end, !help for more."
	protectedText = "You are protected: I watch your new chats from unknown contacts and warn you here. " +
		"Set the names you answer to with !names Laura, Lalla; your country with !country IT; " +
		"your languages with !languages it, en. !stop ends it."
	stoppedText     = "Protection stopped: I no longer read your chats. Write !protect to start again."
	notProtected    = "You are not protected yet: write !protect to start."
	appserviceHelp  = "Commands here: !protect, !stop, !names A, B, !country CC, !languages xx, yy, !allow SENDER (a number or @user:server), !status, !help."
	encryptedAdvice = "Encrypted chats cannot be read in this mode."
)

// appserviceCommands are the commands this mode answers itself, listed
// with the core's.
var appserviceCommands = []string{"protect", "stop", "names A, B", "country CC", "languages xx, yy"}

// command answers a command a user wrote in their DM with the bot.
func (s *Service) command(ctx context.Context, evt *event.Event) error {
	s.mu.Lock()
	owner := s.dms[evt.RoomID]
	s.mu.Unlock()
	if evt.Sender != owner {
		return nil // the bot's own messages, or someone who is not the DM's user
	}
	var c event.MessageEventContent
	if json.Unmarshal(evt.Content.VeryRaw, &c) != nil || !bot.AnswersTo(c.Body, "!") {
		return nil
	}
	u, err := s.ensureUser(owner)
	if err != nil {
		return err
	}
	text, err := s.answer(ctx, u, c.Body)
	if err != nil {
		return err
	}
	s.reply(ctx, u, text, "sg-reply-"+string(evt.ID))
	return nil
}

// answer runs one command; an error means it could not be stored (the
// transaction is then retried).
func (s *Service) answer(ctx context.Context, u *user, body string) (string, error) {
	line, _, _ := strings.Cut(strings.TrimSpace(body), "\n")
	rest, _ := strings.CutPrefix(line, "!")
	name, arg, _ := strings.Cut(strings.TrimSpace(rest), " ")
	name, arg = strings.ToLower(name), strings.TrimSpace(arg)
	protected := s.protected(u.id)
	switch name {
	case "protect":
		if err := s.protect(ctx, u); err != nil {
			return "", err
		}
		s.log.Info().Str("user", string(u.id)).Msg("A user opted in")
		return protectedText, nil
	case "stop":
		if err := s.stop(ctx, u); err != nil {
			return "", err
		}
		s.log.Info().Str("user", string(u.id)).Msg("A user opted out")
		return stoppedText, nil
	case "names", "country", "languages":
		reply, err := s.set(u, name, arg)
		if err != nil {
			return reply, nil //nolint:nilerr // a bad value is answered, not retried
		}
		if err := s.saveSettings(ctx, u); err != nil {
			return "", err
		}
		if protected {
			s.mu.Lock()
			u.conv = matrix.NewConverter(string(u.id), u.id, s.bots, u.settings.Country)
			o := s.owner(u)
			s.mu.Unlock()
			s.engine.AddOwner(o)
		}
		return reply, nil
	}
	if !protected {
		if name == "help" || name == "start" || bot.IsHelpWord(body) {
			return helloText + "\n" + appserviceHelp, nil
		}
		return notProtected, nil
	}
	if name == "allow" && looksLikeSender(arg) {
		sender, err := normalizeSender(arg, u.settings.Country)
		if err != nil {
			return "Not a phone number or a Matrix ID: " + err.Error(), nil
		}
		s.engine.AddOwner(s.ownerOf(u))
		if err := s.engine.AllowSender(ctx, string(u.id), sender); err != nil {
			return "", err
		}
		return "Allowed: no warnings about " + sender + " from now on.", nil
	}
	// The core knows the user, even if a reload that began before they
	// opted in set its owners without them.
	s.engine.AddOwner(s.ownerOf(u))
	in := bot.CommandInput{Owner: string(u.id), Text: body, Prefix: "!", More: appserviceCommands}
	if name == "status" {
		in.Unreadable = s.unreadable(ctx, u.id)
	}
	return s.engine.Command(ctx, in), nil
}

// set changes one setting; an error is the answer to a bad value.
func (s *Service) set(u *user, name, arg string) (string, error) {
	var list []string
	for _, f := range strings.FieldsFunc(arg, func(r rune) bool { return r == ',' || r == ';' }) {
		if f = strings.TrimSpace(f); f != "" {
			list = append(list, f)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch name {
	case "names":
		if len(list) == 0 {
			return "Write the names you answer to: !names Laura, Lalla", errBadValue
		}
		u.settings.Names = list
		return "Names set: " + strings.Join(list, ", "), nil
	case "country":
		cc := strings.ToUpper(strings.TrimSpace(arg))
		if len(cc) != 2 || phonenumbers.GetCountryCodeForRegion(cc) == 0 {
			return "Write a two-letter country code: !country IT", errBadValue
		}
		u.settings.Country = cc
		return "Country set: " + cc, nil
	default:
		var langs []string
		for _, l := range strings.FieldsFunc(arg, func(r rune) bool { return r == ',' || r == ' ' }) {
			base, err := language.ParseBase(l)
			if err != nil {
				return "Write language codes: !languages it, en", errBadValue
			}
			langs = append(langs, base.String())
		}
		if len(langs) == 0 {
			return "Write language codes: !languages it, en", errBadValue
		}
		u.settings.Languages = langs
		return "Languages set: " + strings.Join(langs, ", "), nil
	}
}

var errBadValue = errors.New("bad value")

// looksLikeSender tells a sender (a number, a Matrix ID) from a warning's
// reference (K7Q2).
func looksLikeSender(arg string) bool {
	digits := 0
	for _, r := range arg {
		if r >= '0' && r <= '9' {
			digits++
		}
	}
	return strings.HasPrefix(arg, "@") || strings.HasPrefix(arg, "+") || digits >= 6
}

func normalizeSender(arg, country string) (string, error) {
	if strings.HasPrefix(arg, "@") {
		if !strings.Contains(arg, ":") || strings.ContainsAny(arg, " \t") {
			return "", errors.New("want @user:server")
		}
		return arg, nil
	}
	e164, err := phone.E164(arg, country)
	if err != nil {
		return "", errors.New("want a number such as +39 333 1234567")
	}
	return e164, nil
}
