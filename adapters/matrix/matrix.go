// Package matrix watches owners' Matrix DMs and bridged portals (SMS,
// WhatsApp, Signal, Google Messages, iMessage through mautrix bridges) and
// warns them from a separate bot account.
//
// SilentGuard reads as the owner with a device of its own and presence
// offline. It never sends anything with the owner's account: no message,
// receipt, read marker, typing, presence, join, leave or state. It never
// accepts or rejects an invite for the owner. The types say so: this
// package holds the owner's account as a role.Reader and the bot as a
// role.Bot, which offer no call that could (see package role).
//
// The files split the work as mautrix bridges split connector and
// msgconv: sync.go runs each owner's sync and hands the timeline to the
// core; rooms.go keeps room state (DM or group, bridge, members);
// msgconv.go turns events into the core's messages, with no I/O;
// invites.go judges and notes invites; history.go hands over the first
// sync's history; pending.go keeps encrypted events until their keys
// come; botaccount.go is the bot that warns and answers commands.
package matrix

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/rs/zerolog"
	"go.mau.fi/util/dbutil"
	"maunium.net/go/mautrix/id"
	"maunium.net/go/mautrix/sqlstatestore"

	"github.com/silentguard/silentguard/adapters/matrix/internal/role"
	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/bot/notify"
)

// ErrNoCrypto is returned when the config asks for encryption that this
// build lacks.
var ErrNoCrypto = errors.New("matrix.encryption is on, but this binary was built without -tags goolm: rebuild with `go build -tags goolm ./cmd/silentguard`")

// DeviceName is the display name of the device SilentGuard logs in.
const DeviceName = "SilentGuard"

// Options are the Matrix side's settings (internal/app reads them from
// the config's [matrix] and [owner.matrix] tables).
type Options struct {
	// Encryption makes SilentGuard's devices end-to-end encryption devices
	// (needs a build with -tags goolm); PickleKey protects their keys in
	// the database.
	Encryption bool
	PickleKey  string
	Bots       []BotOptions
	// Owners are the owners watched on Matrix.
	Owners []OwnerOptions
	// HTTPClient makes the calls to the homeservers; nil means a client
	// with a 90 s timeout.
	HTTPClient *http.Client
}

// BotOptions is one bot account; it warns every owner on its homeserver.
type BotOptions struct {
	Homeserver, UserID, AccessToken string
}

// OwnerOptions is one owner's own account, which SilentGuard reads (never
// writes) with a device of its own: AccessToken and DeviceID of a device
// made for it, or Password, with which it logs in a device named
// DeviceName once.
type OwnerOptions struct {
	// ID is the owner's id in the core; Country reads their contacts'
	// numbers written without a country code.
	ID, Country                               string
	Homeserver, UserID, AccessToken, DeviceID string
	Password                                  string
	// RecoveryKey cross-signs SilentGuard's device.
	RecoveryKey string
	// History > 0 judges the unknown DMs of that recent past once, on the
	// very first start, for a single summary.
	History time.Duration
}

// Service runs the owners' readers and the bot accounts.
type Service struct {
	core bot.Core
	db   *dbutil.Database
	// encryption settings; pickleKey protects the crypto state at rest.
	encryption bool
	pickleKey  string
	state      *sqlstatestore.SQLStateStore
	log        zerolog.Logger
	readers    map[string]*ownerSync // by owner id
	bots       map[string]*botAccount
	// owners are the watched owners' accounts, by owner id.
	owners map[string]OwnerOptions
	client *http.Client
}

// New prepares the Matrix side. It makes no network call. The core gets
// what the accounts read and keeps their sync state; db is the encryption
// library's own storage (mautrix's crypto and state stores), which only it
// reads and writes.
func New(opts Options, core bot.Core, db *dbutil.Database, log zerolog.Logger) (*Service, error) {
	if opts.Encryption && !role.CryptoBuilt {
		return nil, ErrNoCrypto
	}
	s := &Service{core: core, db: db, encryption: opts.Encryption, pickleKey: opts.PickleKey,
		log:     log.With().Str("component", "matrix").Logger(),
		readers: map[string]*ownerSync{}, bots: map[string]*botAccount{}, owners: map[string]OwnerOptions{},
		client: opts.HTTPClient}
	if s.client == nil {
		s.client = &http.Client{Timeout: 90 * time.Second}
	}
	for _, bc := range opts.Bots {
		cli, err := role.NewBot(bc.Homeserver, id.UserID(bc.UserID), bc.AccessToken, s.client)
		if err != nil {
			return nil, fmt.Errorf("matrix bot %s: %w", bc.UserID, err)
		}
		s.bots[bc.Homeserver] = &botAccount{core: core, cli: cli,
			log: s.log.With().Str("bot", bc.UserID).Logger(), owners: map[id.UserID]*ownerLink{}}
	}
	bots := map[id.UserID]bool{}
	for _, bc := range opts.Bots {
		bots[id.UserID(bc.UserID)] = true
	}
	for _, oc := range opts.Owners {
		cli, err := role.NewReader(oc.Homeserver, id.UserID(oc.UserID), oc.AccessToken, id.DeviceID(oc.DeviceID), s.client)
		if err != nil {
			return nil, fmt.Errorf("owner %s: matrix: %w", oc.ID, err)
		}
		r := &ownerSync{msgconv: msgconv{ownerID: oc.ID, me: cli.UserID(), bots: bots, country: oc.Country},
			core: core, state: core.AdapterState(adapterName, oc.ID), cli: cli, history: oc.History,
			log:   s.log.With().Str("owner", oc.ID).Logger(),
			rooms: map[id.RoomID]*room{}, direct: map[id.RoomID]bool{}, unreadable: map[id.RoomID]string{},
			invites: map[id.RoomID]bool{}}
		r.password = oc.Password
		r.recoveryKey = oc.RecoveryKey
		s.readers[oc.ID] = r
		s.owners[oc.ID] = oc
		if b := s.bot(oc.Homeserver); b != nil {
			b.owners[cli.UserID()] = &ownerLink{ownerID: oc.ID, reader: r}
		}
	}
	return s, nil
}

func (s *Service) bot(homeserver string) *botAccount {
	for hs, b := range s.bots {
		if sameServer(hs, homeserver) {
			return b
		}
	}
	return nil
}

func sameServer(a, b string) bool {
	trim := func(s string) string {
		for len(s) > 0 && s[len(s)-1] == '/' {
			s = s[:len(s)-1]
		}
		return s
	}
	return trim(a) == trim(b)
}

// Notifier is the "matrix" notification target of an owner: a DM from the
// bot of the owner's homeserver.
func (s *Service) Notifier(ownerID string, aud notify.Audience) (bot.Notifier, error) {
	oc, ok := s.owners[ownerID]
	if !ok {
		return nil, fmt.Errorf("owner %s: no Matrix account", ownerID)
	}
	b := s.bot(oc.Homeserver)
	if b == nil {
		return nil, fmt.Errorf("owner %s: no Matrix bot for %s", oc.ID, oc.Homeserver)
	}
	mxid := id.UserID(oc.UserID)
	link := b.owners[mxid]
	if link == nil {
		link = &ownerLink{ownerID: oc.ID, reader: s.readers[oc.ID]}
		b.owners[mxid] = link
	}
	aud.CommandPrefix = "!"
	return &notifier{bot: b, link: link, mxid: mxid, audience: aud}, nil
}

// Name is the adapter's name, its health's and its state's.
func (s *Service) Name() string { return adapterName }

// Run logs in where needed and syncs every owner and bot until ctx ends.
// An owner whose login fails is reported unprotected, not an error.
func (s *Service) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	if s.encryption && (len(s.readers) > 0 || len(s.bots) > 0) {
		st, err := role.NewStateStore(ctx, s.db)
		if err != nil && ctx.Err() != nil {
			return nil // shut down while starting: not a failure to report
		}
		if err != nil {
			s.log.Error().Err(err).Msg("Matrix encryption cannot start; Matrix is off")
			for ownerID := range s.readers {
				s.core.ReportAdapter(ownerID, adapterName, false, "encryption setup failed")
			}
			return nil
		}
		s.state = st
	}
	for _, b := range s.bots {
		if s.encryption {
			c, err := b.cli.Crypto(ctx, s.cryptoConfig(b.log))
			if err != nil {
				// Warnings still go out in rooms that are not encrypted.
				b.log.Error().Err(err).Msg("The bot's encryption failed to start; its DMs stay unencrypted")
			} else {
				b.crypto = c
			}
		}
	}
	for ownerID, r := range s.readers {
		err := r.login(ctx)
		if err != nil && ctx.Err() != nil {
			break // shut down while logging in: the owner is not told it failed
		}
		if err != nil {
			s.log.Error().Err(err).Str("owner", ownerID).Msg("Matrix login failed; this owner is not protected on Matrix")
			s.core.ReportAdapter(ownerID, adapterName, false, "login failed")
			continue
		}
		if s.encryption {
			if err := r.setupCrypto(ctx, s.cryptoConfig(r.log)); err != nil {
				r.log.Error().Err(err).Msg("Encryption failed to start; encrypted rooms cannot be read")
			}
		}
		wg.Add(1)
		go func() { defer wg.Done(); r.run(ctx) }()
	}
	for _, b := range s.bots {
		wg.Add(1)
		go func() { defer wg.Done(); b.run(ctx) }()
	}
	wg.Wait()
	return nil
}

// Unreadable lists what cannot be read for an owner (for !status).
func (s *Service) Unreadable(ownerID string) []string {
	if r := s.readers[ownerID]; r != nil {
		return r.Unreadable()
	}
	return nil
}

func (s *Service) cryptoConfig(log zerolog.Logger) role.CryptoConfig {
	return role.CryptoConfig{DB: s.db, State: s.state, PickleKey: s.pickleKey, Log: log}
}

// login makes sure the reader has a token: the configured one, one stored
// by an earlier password login, or a new device named "SilentGuard".
func (r *ownerSync) login(ctx context.Context) error {
	if r.cli.HasToken() {
		return nil
	}
	if tok := r.cursor(ctx, "access_token"); tok != "" {
		r.cli.UseToken(tok, id.DeviceID(r.cursor(ctx, "device_id")))
		return nil
	}
	if r.password == "" {
		return fmt.Errorf("no access token and no password")
	}
	resp, err := r.cli.Login(ctx, r.password, DeviceName)
	if err != nil {
		return fmt.Errorf("log in a %s device: %w", DeviceName, err)
	}
	if err := r.state.Set(ctx, "access_token", resp.AccessToken); err != nil {
		return err
	}
	if err := r.state.Set(ctx, "device_id", string(resp.DeviceID)); err != nil {
		return err
	}
	r.log.Info().Str("device", string(resp.DeviceID)).Msg("Logged in a SilentGuard device on the owner's account")
	return nil
}

// setupCrypto makes the reader's device an encryption device, loading its
// keys from the database (created once, on the first start) and, with a
// recovery key, cross-signing it.
func (r *ownerSync) setupCrypto(ctx context.Context, cfg role.CryptoConfig) error {
	c, err := r.cli.Crypto(ctx, cfg)
	if err != nil {
		return err
	}
	r.crypto = c
	if r.recoveryKey == "" {
		r.note = "SilentGuard's device is not cross-signed (no recovery_key): bridges that share keys only with verified devices leave it out"
		r.log.Warn().Msg("No recovery key: SilentGuard's device is not cross-signed")
		return nil
	}
	if err := c.VerifyWithRecoveryKey(ctx, r.recoveryKey); err != nil {
		// The error never holds the key.
		r.note = "SilentGuard's device could not be cross-signed with the recovery key"
		r.log.Error().Err(err).Msg("Cross-signing with the recovery key failed")
		return nil
	}
	r.log.Info().Msg("SilentGuard's device is cross-signed with the owner's recovery key")
	return nil
}
