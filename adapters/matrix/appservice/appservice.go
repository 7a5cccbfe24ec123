// Package appservice is the Matrix appservice mode: a homeserver admin
// registers SilentGuard once, and every local user who opts in (by writing
// !protect to its bot) is protected, with no password and no device of
// theirs.
//
// The homeserver pushes the events of its users' rooms in transactions.
// Events in rooms of users who did not opt in are dropped unread: only
// their room ID, type and state key are looked at, to find out whether a
// protected user is in the room. The rest goes through the per-owner
// mode's conversion and watch decision (package matrix) into the core,
// before the homeserver gets its 200.
//
// It never acts toward a sender: the bot writes only to its DM with a
// protected user (role.Bot checks the room before every send), and reads
// as a protected user (GET only) to learn a room's state.
package appservice

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rs/zerolog"
	"maunium.net/go/mautrix/id"

	"github.com/silentguard/silentguard/adapters/matrix"
	"github.com/silentguard/silentguard/adapters/matrix/internal/role"
	"github.com/silentguard/silentguard/bot"
)

// Options configure the appservice mode (internal/app reads them from
// [matrix.appservice]).
type Options struct {
	// ID, Address (where the homeserver reaches SilentGuard), BotLocalpart
	// and UsersRegex go into the registration.
	ID, Address, BotLocalpart, UsersRegex string
	// Homeserver is its client URL; ServerName the part after ":" in
	// its user IDs.
	Homeserver, ServerName string
	// Listen is where the transactions are received.
	Listen string
	// ASToken authenticates SilentGuard to the homeserver; HSToken the
	// homeserver to SilentGuard.
	ASToken, HSToken string
	// Users are protected from the start.
	Users []string
	// Country and Languages are a new user's defaults.
	Country   string
	Languages []string
}

// adapterName is the cursor namespace and health name of this mode.
const adapterName = "matrix-appservice"

// Engine is what the appservice needs of the core: the adapters' port,
// and what no other adapter does: it makes owners of the users who opt in
// (AddOwner) and forgets those who opt out (RemoveOwner), and lets them
// allow a sender by number or Matrix ID from their DM with the bot
// (AllowSender).
type Engine interface {
	bot.Core
	AddOwner(o *bot.Owner)
	RemoveOwner(id string)
	AllowSender(ctx context.Context, owner, sender string) error
}

var _ bot.Adapter = (*Service)(nil)

// Service receives the homeserver's transactions and warns protected users.
type Service struct {
	opts   Options
	engine Engine
	log    zerolog.Logger
	hc     *http.Client
	bot    role.Bot
	botID  id.UserID
	// usersRe is the users namespace: who may open a DM with the bot.
	usersRe *regexp.Regexp
	// bots is SilentGuard's own bot, whose DMs are never judged.
	bots map[id.UserID]bool

	// txnMu makes transactions one at a time (a homeserver sends them so
	// anyway): a retried one waits for the first to finish.
	txnMu sync.Mutex
	// txnCount counts the transactions stored (under txnMu); every
	// pruneEvery of them, old transaction ids are forgotten.
	txnCount, pruneEvery int
	pruning              atomic.Bool

	mu    sync.Mutex
	users map[id.UserID]*user
	rooms map[id.RoomID]*watchedRoom
	// dms are the bot's DMs, by room, with the user it shares each with.
	dms map[id.RoomID]id.UserID

	// writes bounds the bot's requests that write to the homeserver at
	// once: a burst of first warnings (each creating a DM) must not
	// choke it.
	writes chan struct{}

	dropped atomic.Uint64
	// afterOpenDM, a func() error, is the tests' stand-in for a kill
	// between a DM's creation and its record: an error returns from there.
	afterOpenDM atomic.Value
	ready       chan struct{} // closed once the listener is up
	addr        atomic.Value  // the listener's address (string)
}

// user is a local user who wrote to the bot; protected once they opt in.
type user struct {
	id       id.UserID
	settings settings
	reader   role.Reader
	conv     *matrix.Converter
	dmMu     sync.Mutex // one DM created at a time
	// inviteName is the first name the user's invite of the bot showed:
	// kept in memory only, it becomes their name when they opt in.
	inviteName string
}

// settings are what a user set in their DM with the bot, stored as JSON.
type settings struct {
	Protected bool     `json:"protected"`
	Stopped   bool     `json:"stopped,omitempty"` // wrote !stop: a config listing waits for a new !protect
	Names     []string `json:"names,omitempty"`
	Country   string   `json:"country,omitempty"`
	Languages []string `json:"languages,omitempty"`
}

// watchedRoom is a room where at least one protected user is joined or
// invited.
type watchedRoom struct {
	mu    sync.Mutex
	id    id.RoomID
	state *matrix.RoomState
	// full: the state was read, or seen from the room's creation.
	full bool
	// users are the protected users joined or invited (guarded by the
	// Service's mu, not the room's).
	users map[id.UserID]bool
	// unreadable notes encrypted events (for !status).
	encrypted bool
}

// pruneEvery is how many transactions go between two prunings of the
// transaction log.
const pruneEvery = 1000

// maxWrites is how many writes the bot makes to the homeserver at once.
const maxWrites = 16

// New prepares the appservice mode. It makes no network call.
func New(opts Options, engine Engine, hc *http.Client, log zerolog.Logger) (*Service, error) {
	if hc == nil {
		hc = &http.Client{Timeout: 60 * time.Second}
	}
	botID := id.NewUserID(opts.BotLocalpart, opts.ServerName)
	cli, err := role.NewBot(opts.Homeserver, botID, opts.ASToken, hc)
	if err != nil {
		return nil, fmt.Errorf("appservice bot: %w", err)
	}
	re, err := regexp.Compile(opts.UsersRegex)
	if err != nil {
		return nil, fmt.Errorf("appservice users regex: %w", err)
	}
	s := &Service{opts: opts, engine: engine, hc: hc, bot: cli, botID: botID, usersRe: re,
		bots: map[id.UserID]bool{botID: true}, log: log.With().Str("component", "matrix-appservice").Logger(),
		users: map[id.UserID]*user{}, rooms: map[id.RoomID]*watchedRoom{}, dms: map[id.RoomID]id.UserID{},
		ready: make(chan struct{}), writes: make(chan struct{}, maxWrites), pruneEvery: pruneEvery}
	return s, nil
}

// Name is the adapter's name, in health reports and its state.
func (s *Service) Name() string { return adapterName }

// state is the appservice's stored state for an owner ("" for none).
func (s *Service) state(owner string) bot.AdapterState {
	return s.engine.AdapterState(adapterName, owner)
}

// Dropped counts the events dropped unread: in rooms of no protected user.
func (s *Service) Dropped() uint64 { return s.dropped.Load() }

// Ready is closed once the listener accepts transactions.
func (s *Service) Ready() <-chan struct{} { return s.ready }

// Addr is the listener's address, once Ready.
func (s *Service) Addr() string { v, _ := s.addr.Load().(string); return v }

// Owners are the protected users as the core's owners (a reloaded config
// keeps them).
func (s *Service) Owners() []*bot.Owner {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*bot.Owner
	for _, u := range s.users {
		if u.settings.Protected {
			out = append(out, s.owner(u))
		}
	}
	return out
}

// Run restores the protected users and their rooms, then serves the
// homeserver's transactions until ctx ends.
func (s *Service) Run(ctx context.Context) error {
	if err := s.restore(ctx); err != nil {
		if ctx.Err() != nil {
			return nil // shut down while restoring: not a failure
		}
		return fmt.Errorf("appservice: %w", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("PUT /_matrix/app/v1/transactions/{txnID}", s.putTransaction)
	// Queries for users and aliases in the namespace: SilentGuard makes
	// none of them exist.
	mux.HandleFunc("GET /_matrix/app/v1/users/{userID}", s.notFound)
	mux.HandleFunc("GET /_matrix/app/v1/rooms/{alias}", s.notFound)
	mux.HandleFunc("POST /_matrix/app/v1/ping", s.ping)
	ln, err := net.Listen("tcp", s.opts.Listen)
	if err != nil {
		return fmt.Errorf("appservice: listen on %s: %w (%w)", s.opts.Listen, err, bot.ErrAdapterSetup)
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, MaxHeaderBytes: 16 << 10}
	s.addr.Store(ln.Addr().String())
	close(s.ready)
	s.log.Info().Str("listen", ln.Addr().String()).Str("bot", string(s.botID)).Int("protected", len(s.Owners())).
		Msg("Appservice ready for the homeserver's transactions")
	errCh := make(chan error, 1)
	go func() { errCh <- srv.Serve(ln) }()
	select {
	case <-ctx.Done():
	case err := <-errCh:
		return fmt.Errorf("appservice: %w", err)
	}
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	// Waits for a transaction in flight: its events get stored.
	_ = srv.Shutdown(sctx)
	return nil
}

func (s *Service) authorized(r *http.Request) bool {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		tok = r.URL.Query().Get("access_token") // homeservers before spec v1.4
	}
	return tok != "" && constantTimeEqual(tok, s.opts.HSToken)
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"errcode": code, "error": msg})
}

func writeEmpty(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte("{}"))
}

func (s *Service) notFound(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(r) {
		writeError(w, http.StatusForbidden, "M_FORBIDDEN", "bad hs_token")
		return
	}
	writeError(w, http.StatusNotFound, "M_NOT_FOUND", "SilentGuard makes no users or rooms")
}

func (s *Service) ping(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(r) {
		writeError(w, http.StatusForbidden, "M_FORBIDDEN", "bad hs_token")
		return
	}
	writeEmpty(w)
}

// maxTransaction bounds a transaction's body.
const maxTransaction = 64 << 20

// putTransaction stores a transaction's events before it answers 200: a
// crash before the answer makes the homeserver send it again, and what
// was stored is then recognised (by the transaction id, and by each
// event's id in the core). Any failure answers 500, and the homeserver
// retries.
func (s *Service) putTransaction(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(r) {
		if r.Header.Get("Authorization") == "" && r.URL.Query().Get("access_token") == "" {
			writeError(w, http.StatusUnauthorized, "M_UNAUTHORIZED", "no hs_token")
		} else {
			writeError(w, http.StatusForbidden, "M_FORBIDDEN", "bad hs_token")
		}
		return
	}
	txnID := r.PathValue("txnID")
	var body struct {
		Events []json.RawMessage `json:"events"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxTransaction)).Decode(&body); err != nil {
		writeError(w, http.StatusBadRequest, "M_NOT_JSON", "the transaction is not JSON")
		return
	}
	key := txnKey(txnID, body.Events)
	// Not the request's context: a homeserver that gives up waiting must
	// not leave a transaction half stored; it sends it again anyway.
	ctx := context.WithoutCancel(r.Context())
	s.txnMu.Lock()
	defer s.txnMu.Unlock()
	done, err := s.state("").Get(ctx, key)
	if err != nil {
		s.log.Error().Err(err).Msg("Failed to read the transaction log")
		writeError(w, http.StatusInternalServerError, "M_UNKNOWN", "database")
		return
	}
	if done != "" {
		writeEmpty(w)
		return
	}
	if err := s.handleEvents(ctx, body.Events); err != nil {
		s.log.Error().Err(err).Str("txn", txnID).Int("events", len(body.Events)).Msg("Failed to store a transaction; the homeserver will send it again")
		writeError(w, http.StatusInternalServerError, "M_UNKNOWN", "not stored; send it again")
		return
	}
	if err := s.state("").Set(ctx, key, fmt.Sprint(time.Now().UnixMilli())); err != nil {
		// Every event is stored: a repeat changes nothing.
		s.log.Warn().Err(err).Msg("Failed to note a transaction as done")
	}
	if s.txnCount++; s.txnCount%s.pruneEvery == 0 {
		s.pruneInBackground()
	}
	writeEmpty(w)
}

// txnKey is what a transaction is remembered by: its id and a hash of its
// events. A homeserver numbers its transactions 1, 2, 3… per appservice,
// so a homeserver whose database was restored, or a registration whose id
// changed, sends old ids again with new events: those must be read. The
// hash is of each event's id (of the event itself when it has none), not
// of the raw body: a homeserver that sends a transaction again may
// serialise its events anew (Synapse recomputes unsigned.age).
func txnKey(txnID string, events []json.RawMessage) string {
	h := sha256.New()
	for _, raw := range events {
		var e struct {
			ID string `json:"event_id"`
		}
		if json.Unmarshal(raw, &e) == nil && e.ID != "" {
			h.Write([]byte(e.ID))
		} else {
			h.Write(raw)
		}
		h.Write([]byte{0})
	}
	return "txn:" + txnID + ":" + hex.EncodeToString(h.Sum(nil)[:16])
}

// pruneInBackground forgets old transaction ids, unless that is under
// way: the transaction log does not grow without limit on a long run.
func (s *Service) pruneInBackground() {
	if !s.pruning.CompareAndSwap(false, true) {
		return
	}
	go func() {
		defer s.pruning.Store(false)
		if err := s.pruneTransactions(context.Background()); err != nil {
			s.log.Warn().Err(err).Msg("Failed to forget old transaction ids")
		}
	}()
}
