package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/silentguard/silentguard/adapters/webhook"
	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/bot/memstore"
	"github.com/silentguard/silentguard/detectors"
	"github.com/silentguard/silentguard/internal/app"
	"github.com/silentguard/silentguard/internal/config"
)

// owner is the one owner of the load test's daemon.
const owner = "laura"

// ordinary texts: what most messages from unknown numbers are.
var ordinary = []string{
	"Running 10 minutes late, sorry!",
	"ok see you tomorrow then",
	"Thanks, got it 👍",
	"Can you send me the photos from Sunday?",
	"Did you manage to fix the bike?",
	"Happy birthday!! 🎉",
	"I'm outside, come down when you're ready",
	"The meeting moved to Thursday, same room",
	"Dinner at ours on Friday? Bring the kids",
	"Your order has been shipped and will arrive within 3 days.",
	"Grazie per la cena, tutto buonissimo",
	"Grazie mille, a domani!",
	"Ci sentiamo dopo, sono in riunione",
	"Porto io il vino stasera",
	"Ho lasciato le chiavi dal vicino",
	"Call me when you get this",
	"Traffic is terrible, I'll be there around 7",
	"Can we move our call to 3pm?",
	"Just landed, going to the hotel now",
	"Did the plumber come today?",
}

// replies are ordinary second messages.
var replies = []string{
	"ok",
	"Sure, no problem",
	"Perfect, thanks",
	"va bene",
	"See you there",
	"👍",
}

// scams are wrong-number conversations: an opener to a name that is not
// the owner's, the owner's "wrong number", rapport, then the pivot.
var scams = [][4]string{
	{"Hi Marco, are we still on for coffee at the usual place at 5?",
		"Sorry, wrong number",
		"Oh sorry! Nice to meet you anyway, I'm Amy. Where are you from?",
		"My uncle is a crypto analyst, I made 30% last week on his trading platform. Add me on WhatsApp and I'll show you"},
	{"Ciao Giulia, confermi per domani alle 15 dal dentista?",
		"Guardi che ha sbagliato numero",
		"Oh scusi! Piacere, sono Elena. Lei di dove è?",
		"Mio zio lavora in borsa, con la sua app ho guadagnato il 30% in una settimana, le mando il link per iscriversi"},
	{"Hey Jenny, it's Mike from the gym. Still on for Saturday morning?",
		"wrong number sorry",
		"No worries! You seem nice, I'm Mike. What do you do for work?",
		"I invest in gold and crypto with a mentor, guaranteed 20% a month. Download this app and deposit $500 to start"},
}

// message is one post of the script.
type message struct {
	conv int
	id   string
	body []byte
}

// conversation is one of the script's conversations.
type conversation struct {
	key  string
	scam bool
	msgs []message
	// expect is how many warnings (escalations included) the daemon
	// should decide for it.
	expect int
}

// script is the scripted mix: conversations and each poster's stream.
type script struct {
	convs    []*conversation
	messages int
	// expect is the total of warnings the script should cause.
	expect int
}

// newScript builds conversations until they hold n messages: a share
// scamShare of them are scam conversations (four turns, the second the
// owner's), the rest ordinary (one or two turns; one with single). first
// numbers the conversations (scripts that must not meet use different
// ranges).
func newScript(seed uint64, n int, scamShare float64, first int, single bool) *script {
	rng := rand.New(rand.NewPCG(seed, 1))
	base := time.Now().Add(-2 * time.Hour).UTC().Truncate(time.Second)
	s := &script{}
	for s.messages < n {
		i := first + len(s.convs)
		c := &conversation{key: fmt.Sprintf("c%d", i)}
		var turns []string
		var fromOwner []bool
		if rng.Float64() < scamShare {
			c.scam = true
			sc := scams[rng.IntN(len(scams))]
			turns, fromOwner = sc[:], []bool{false, true, false, false}
		} else {
			turns, fromOwner = []string{ordinary[rng.IntN(len(ordinary))]}, []bool{false}
			if !single && rng.IntN(2) == 0 {
				turns, fromOwner = append(turns, replies[rng.IntN(len(replies))]), append(fromOwner, rng.IntN(2) == 0)
			}
		}
		from := fmt.Sprintf("+39 3%02d %07d", 20+i%60, i)
		if c.scam {
			from = fmt.Sprintf("+1 %03d %03d %04d", 201+i%700, 200+i%700, i%10000)
		}
		for k, text := range turns {
			if s.messages == n {
				break
			}
			id := fmt.Sprintf("%s-%d", c.key, k)
			body, _ := json.Marshal(map[string]any{"owner": owner, "from": from, "conversation": c.key, "text": text,
				"id": id, "from_owner": fromOwner[k], "time": base.Add(time.Duration(k) * 20 * time.Minute).Format(time.RFC3339)})
			c.msgs = append(c.msgs, message{conv: len(s.convs), id: id, body: body})
			s.messages++
		}
		s.convs = append(s.convs, c)
	}
	return s
}

// streams deals the conversations to the posters, each conversation to
// one poster, whose stream interleaves its conversations at random while
// keeping each one's order (a gateway posts a conversation's next message
// after the previous one was acknowledged).
func (s *script) streams(seed uint64, posters int) [][]message {
	rng := rand.New(rand.NewPCG(seed, 2))
	out := make([][]message, posters)
	for p := range posters {
		var open [][]message
		for i := p; i < len(s.convs); i += posters {
			open = append(open, s.convs[i].msgs)
		}
		for len(open) > 0 {
			j := rng.IntN(len(open))
			out[p] = append(out[p], open[j][0])
			if open[j] = open[j][1:]; len(open[j]) == 0 {
				open[j] = open[len(open)-1]
				open = open[:len(open)-1]
			}
		}
	}
	return out
}

// computeExpectations posts the script, in order, to the real webhook
// handler on an engine with the daemon's config and a memory store, and
// records how many warnings each conversation caused.
func (s *script) computeExpectations(cfg *config.Config) error {
	reg, err := detectors.New(cfg.DetectorConfig())
	if err != nil {
		return err
	}
	store := memstore.New()
	eng := bot.New(bot.Options{Store: store, Detectors: reg, Policy: app.PolicyOf(cfg), Log: zerolog.Nop()})
	oc := cfg.Owner(owner)
	o := &bot.Owner{ID: owner, Names: oc.Names, Country: oc.Country, Languages: oc.Languages, Known: map[string]bool{},
		Targets: []bot.Target{{Name: "hook", Notifier: nopNotifier{}}}}
	eng.AddOwner(o)
	mux := http.NewServeMux()
	webhook.New(eng, "", 0, zerolog.Nop()).Register(mux)
	for _, c := range s.convs {
		for _, m := range c.msgs {
			req := httptest.NewRequest(http.MethodPost, "/v1/messages", strings.NewReader(string(m.body)))
			rec := httptest.NewRecorder()
			mux.ServeHTTP(rec, req)
			if rec.Code != http.StatusAccepted {
				return fmt.Errorf("script message %s: %d %s", m.id, rec.Code, rec.Body)
			}
		}
	}
	ws, err := store.RecentWarnings(context.Background(), owner, 1<<30)
	if err != nil {
		return err
	}
	byID := map[int64]*conversation{}
	for _, c := range s.convs {
		conv, err := store.Conversation(context.Background(), owner, webhook.Platform, c.key)
		if err != nil {
			return fmt.Errorf("script conversation %s: %w", c.key, err)
		}
		byID[conv.ID] = c
	}
	s.expect = 0
	for _, w := range ws {
		byID[w.ConversationID].expect++
		s.expect++
	}
	return nil
}

type nopNotifier struct{}

func (nopNotifier) Warn(context.Context, *bot.Warning) error { return nil }
