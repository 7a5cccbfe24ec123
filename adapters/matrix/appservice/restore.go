package appservice

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"maunium.net/go/mautrix/id"
)

// txnKeep is how long a transaction id is remembered: a homeserver retries
// a transaction within minutes; its events' ids guard beyond that.
const txnKeep = 24 * time.Hour

// restore loads what earlier runs stored: the bot's DMs, each user's
// settings (and the users the config lists), and the rooms each protected
// user is in. It forgets transaction ids older than txnKeep.
func (s *Service) restore(ctx context.Context) error {
	dms, err := s.state("").List(ctx, dmPrefix)
	if err != nil {
		return fmt.Errorf("load the bot's DMs: %w", err)
	}
	for k, uid := range dms {
		s.dms[id.RoomID(strings.TrimPrefix(k, dmPrefix))] = id.UserID(uid)
	}
	saved, err := s.state("").List(ctx, userPrefix)
	if err != nil {
		return fmt.Errorf("load users: %w", err)
	}
	for k := range saved {
		uid := strings.TrimPrefix(k, userPrefix)
		raw, err := s.state(uid).Get(ctx, settingsKey)
		if err != nil {
			return fmt.Errorf("load settings of %s: %w", uid, err)
		}
		if raw == "" {
			// Forgotten (silentguard forget): a user as new.
			delete(saved, k)
			if err := s.state("").Delete(ctx, k); err != nil {
				return fmt.Errorf("forget %s: %w", uid, err)
			}
			continue
		}
		u, err := s.ensureUser(id.UserID(uid))
		if err != nil {
			return err
		}
		if err := json.Unmarshal([]byte(raw), &u.settings); err != nil {
			return fmt.Errorf("settings of %s: %w", u.id, err)
		}
	}
	for _, uid := range s.opts.Users {
		u, err := s.ensureUser(id.UserID(uid))
		if err != nil {
			return err
		}
		if !u.settings.Protected && !u.settings.Stopped {
			// Listed by the admin: protected from the start, as if they
			// had written !protect, whatever else they set; a !stop wins.
			if err := s.protect(ctx, u); err != nil {
				return err
			}
		}
	}
	for _, o := range s.Owners() {
		uid := id.UserID(o.ID)
		s.engine.AddOwner(o)
		s.engine.ReportAdapter(o.ID, adapterName, true, "")
		rooms, err := s.state(o.ID).List(ctx, "room:")
		if err != nil {
			return fmt.Errorf("load rooms of %s: %w", uid, err)
		}
		for k, record := range rooms {
			s.restoreRoom(id.RoomID(strings.TrimPrefix(k, "room:")), uid, record)
		}
	}
	return s.pruneTransactions(ctx)
}

func (s *Service) pruneTransactions(ctx context.Context) error {
	txns, err := s.state("").List(ctx, "txn:")
	if err != nil {
		return fmt.Errorf("load transaction ids: %w", err)
	}
	cutoff := time.Now().Add(-txnKeep).UnixMilli()
	for k, v := range txns {
		if at, err := strconv.ParseInt(v, 10, 64); err == nil && at < cutoff {
			if err := s.state("").Delete(ctx, k); err != nil {
				return fmt.Errorf("forget an old transaction id: %w", err)
			}
		}
	}
	return nil
}
