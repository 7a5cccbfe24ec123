// Package matrix watches owners' Matrix DMs and bridged portals (SMS,
// WhatsApp, Signal, Google Messages, iMessage through mautrix bridges) and
// warns them from a separate bot account.
//
// SilentGuard reads as the owner with a device of its own and presence
// offline. It never sends anything with the owner's account: no message,
// receipt, read marker, typing, presence, join, leave or state. It never
// accepts or rejects an invite for the owner.
package matrix

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/rs/zerolog"
	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/id"

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/bot/notify"
	"github.com/silentguard/silentguard/internal/config"
)

// DeviceName is the display name of the device SilentGuard logs in.
const DeviceName = "SilentGuard"

// Service runs the owners' readers and the bot accounts.
type Service struct {
	engine  *bot.Engine
	log     zerolog.Logger
	readers map[string]*ownerSync // by owner id
	bots    map[string]*botAccount
	client  *http.Client
}

// New prepares the Matrix side from the config; owners without
// [owner.matrix] are left out. It makes no network call.
func New(cfg *config.Config, engine *bot.Engine, log zerolog.Logger) (*Service, error) {
	s := &Service{engine: engine, log: log.With().Str("component", "matrix").Logger(),
		readers: map[string]*ownerSync{}, bots: map[string]*botAccount{},
		client: &http.Client{Timeout: 90 * time.Second}}
	for _, bc := range cfg.Matrix.Bots {
		cli, err := mautrix.NewClient(bc.Homeserver, id.UserID(bc.UserID), bc.AccessToken.Value())
		if err != nil {
			return nil, fmt.Errorf("matrix bot %s: %w", bc.UserID, err)
		}
		cli.Client = s.client
		cli.Log = zerolog.Nop()
		s.bots[bc.Homeserver] = &botAccount{engine: engine, store: engine.Store(), cli: cli,
			log: s.log.With().Str("bot", bc.UserID).Logger(), owners: map[id.UserID]*ownerLink{}}
	}
	bots := map[id.UserID]bool{}
	for _, bc := range cfg.Matrix.Bots {
		bots[id.UserID(bc.UserID)] = true
	}
	for i := range cfg.Owners {
		oc := &cfg.Owners[i]
		if !oc.Matrix.Enabled() {
			continue
		}
		cli, err := mautrix.NewClient(oc.Matrix.Homeserver, id.UserID(oc.Matrix.UserID), oc.Matrix.AccessToken.Value())
		if err != nil {
			return nil, fmt.Errorf("owner %s: matrix: %w", oc.ID, err)
		}
		cli.Client = s.client
		cli.Log = zerolog.Nop()
		cli.DeviceID = id.DeviceID(oc.Matrix.DeviceID)
		r := &ownerSync{engine: engine, store: engine.Store(), cli: cli, country: oc.Country, ownerID: oc.ID,
			history: time.Duration(oc.Matrix.HistoryDays) * 24 * time.Hour, bots: bots,
			log:   s.log.With().Str("owner", oc.ID).Logger(),
			rooms: map[id.RoomID]*room{}, direct: map[id.RoomID]bool{}, unreadable: map[id.RoomID]string{}}
		r.password = oc.Matrix.Password.Value()
		s.readers[oc.ID] = r
		if b := s.bot(oc.Matrix.Homeserver); b != nil {
			b.owners[cli.UserID] = &ownerLink{ownerID: oc.ID, reader: r}
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
func (s *Service) Notifier(oc *config.OwnerConfig, aud notify.Audience) (bot.Notifier, error) {
	b := s.bot(oc.Matrix.Homeserver)
	if b == nil || !oc.Matrix.Enabled() {
		return nil, fmt.Errorf("owner %s: no Matrix bot for %s", oc.ID, oc.Matrix.Homeserver)
	}
	mxid := id.UserID(oc.Matrix.UserID)
	link := b.owners[mxid]
	if link == nil {
		link = &ownerLink{ownerID: oc.ID, reader: s.readers[oc.ID]}
		b.owners[mxid] = link
	}
	aud.CommandPrefix = "!"
	return &notifier{bot: b, link: link, mxid: mxid, audience: aud}, nil
}

// Run logs in where needed and syncs every owner and bot until ctx ends.
func (s *Service) Run(ctx context.Context) {
	var wg sync.WaitGroup
	for ownerID, r := range s.readers {
		if err := r.login(ctx); err != nil {
			s.log.Error().Err(err).Str("owner", ownerID).Msg("Matrix login failed; this owner is not protected on Matrix")
			s.engine.ReportAdapter(ownerID, adapterName, false, "login failed")
			continue
		}
		wg.Add(1)
		go func() { defer wg.Done(); r.run(ctx) }()
	}
	for _, b := range s.bots {
		wg.Add(1)
		go func() { defer wg.Done(); b.run(ctx) }()
	}
	wg.Wait()
}

// Unreadable lists what cannot be read for an owner (for !status).
func (s *Service) Unreadable(ownerID string) []string {
	if r := s.readers[ownerID]; r != nil {
		return r.Unreadable()
	}
	return nil
}

// login makes sure the reader has a token: the configured one, one stored
// by an earlier password login, or a new device named "SilentGuard".
func (r *ownerSync) login(ctx context.Context) error {
	if r.cli.AccessToken != "" {
		return nil
	}
	if tok := r.cursor(ctx, "access_token"); tok != "" {
		r.cli.AccessToken = tok
		r.cli.DeviceID = id.DeviceID(r.cursor(ctx, "device_id"))
		return nil
	}
	if r.password == "" {
		return fmt.Errorf("no access token and no password")
	}
	resp, err := r.cli.Login(ctx, &mautrix.ReqLogin{
		Type:                     mautrix.AuthTypePassword,
		Identifier:               mautrix.UserIdentifier{Type: mautrix.IdentifierTypeUser, User: string(r.cli.UserID)},
		Password:                 r.password,
		InitialDeviceDisplayName: DeviceName,
		StoreCredentials:         true,
	})
	if err != nil {
		return fmt.Errorf("log in a %s device: %w", DeviceName, err)
	}
	if err := r.store.SetCursor(ctx, r.ownerID, adapterName, "access_token", resp.AccessToken); err != nil {
		return err
	}
	if err := r.store.SetCursor(ctx, r.ownerID, adapterName, "device_id", string(resp.DeviceID)); err != nil {
		return err
	}
	r.log.Info().Str("device", string(resp.DeviceID)).Msg("Logged in a SilentGuard device on the owner's account")
	return nil
}
