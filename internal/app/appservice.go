package app

import (
	"context"
	"encoding/hex"
	"fmt"

	"github.com/silentguard/silentguard/adapters/matrix/appservice"
	"github.com/silentguard/silentguard/internal/config"
)

// secretStore makes a random secret once and keeps it (sqlstore.Store).
type secretStore interface {
	Secret(ctx context.Context, name string, n int) ([]byte, error)
}

// Names of the appservice tokens in the database's secret table.
const (
	asTokenSecret = "matrix-appservice-as-token"
	hsTokenSecret = "matrix-appservice-hs-token"
)

// AppserviceOptions reads [matrix.appservice]. A token the config does not
// give is made once and kept in the database, so that the registration
// written today still holds after a restart.
func AppserviceOptions(ctx context.Context, cfg *config.Config, secrets secretStore) (appservice.Options, error) {
	a := &cfg.Matrix.Appservice
	o := appservice.Options{ID: a.ID, Address: a.Address, BotLocalpart: a.BotLocalpart, UsersRegex: a.UsersRegex,
		Homeserver: a.Homeserver, ServerName: a.ServerName, Listen: a.Listen,
		ASToken: a.ASToken.Value(), HSToken: a.HSToken.Value(),
		Users: a.Users, Country: a.Country, Languages: a.Languages}
	for _, t := range []struct {
		v    *string
		name string
	}{{&o.ASToken, asTokenSecret}, {&o.HSToken, hsTokenSecret}} {
		if *t.v != "" {
			continue
		}
		b, err := secrets.Secret(ctx, t.name, 32)
		if err != nil {
			return appservice.Options{}, fmt.Errorf("appservice token: %w", err)
		}
		*t.v = hex.EncodeToString(b)
	}
	return o, nil
}
