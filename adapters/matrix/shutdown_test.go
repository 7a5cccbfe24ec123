package matrix_test

import (
	"context"
	"net"
	"sync"
	"testing"

	"github.com/rs/zerolog"

	"github.com/silentguard/silentguard/adapters/matrix"
	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/internal/bottest"
	"github.com/silentguard/silentguard/internal/testwait"
)

// reportCore records the adapter health the service reports.
type reportCore struct {
	bot.Core
	mu      sync.Mutex
	reports []string
}

func (c *reportCore) ReportAdapter(owner, adapter string, ok bool, reason string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !ok {
		c.reports = append(c.reports, owner+": "+reason)
	}
	c.Core.ReportAdapter(owner, adapter, ok, reason)
}

// A shutdown while an owner's device logs in is a clean stop: the owner
// is not told that the login failed (they would read "not protected on
// Matrix" after every restart that fell there).
func TestShutdownWhileLoggingIn(t *testing.T) {
	// A homeserver that accepts the login request and never answers.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	reached := make(chan struct{}) // the login request arrived
	go func() {
		var once sync.Once
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			t.Cleanup(func() { c.Close() })
			once.Do(func() { close(reached) })
		}
	}()
	eng := bottest.New(t, bottest.Options{})
	engCtx, stopEngine := context.WithCancel(context.Background())
	defer stopEngine()
	if err := eng.Start(engCtx); err != nil {
		t.Fatal(err)
	}
	core := &reportCore{Core: eng}
	hs := "http://" + ln.Addr().String()
	svc, err := matrix.New(matrix.Options{Owners: []matrix.OwnerOptions{{ID: "laura", Country: "IT",
		Homeserver: hs, UserID: "@laura:localhost", Password: "secret"}}}, core, nil, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	testwait.StopsCleanly(t, "Run logging in", bottest.WaitTimeout, reached, svc.Run)
	stopEngine()
	eng.Wait()
	core.mu.Lock()
	defer core.mu.Unlock()
	if len(core.reports) > 0 {
		t.Errorf("reported to the owner after a shutdown mid-login: %q", core.reports)
	}
}
