package app

import (
	"time"

	"github.com/silentguard/silentguard/adapters/matrix"
	"github.com/silentguard/silentguard/internal/config"
)

// matrixOptions reads the Matrix side's settings from the config; owners
// without [owner.matrix] are left out.
func matrixOptions(cfg *config.Config) matrix.Options {
	opts := matrix.Options{Encryption: cfg.Matrix.Encryption, PickleKey: cfg.Matrix.PickleKey.Value()}
	for _, bc := range cfg.Matrix.Bots {
		opts.Bots = append(opts.Bots, matrix.BotOptions{Homeserver: bc.Homeserver, UserID: bc.UserID, AccessToken: bc.AccessToken.Value()})
	}
	for _, oc := range cfg.Owners {
		if !oc.Matrix.Enabled() {
			continue
		}
		m := &oc.Matrix
		opts.Owners = append(opts.Owners, matrix.OwnerOptions{ID: oc.ID, Country: oc.Country,
			Homeserver: m.Homeserver, UserID: m.UserID, AccessToken: m.AccessToken.Value(), DeviceID: m.DeviceID,
			Password: m.Password.Value(), RecoveryKey: m.RecoveryKey.Value(),
			History: time.Duration(m.HistoryDays) * 24 * time.Hour})
	}
	return opts
}
