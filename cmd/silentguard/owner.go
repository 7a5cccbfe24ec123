package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/rs/zerolog"

	"github.com/silentguard/silentguard/adapters/webhook"
	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/internal/app"
	"github.com/silentguard/silentguard/internal/config"
)

// ownerWait is how long allow, false-alarm and status wait for a daemon
// that holds the database to answer (one that is starting).
const ownerWait = 10 * time.Second

// cmdOwner runs one of the owner's commands from the command line: allow,
// false-alarm or status. When a daemon answers on http.listen the command
// goes to it (with http.token), so that the daemon, which holds the
// database, does it; otherwise it opens the database itself, taking the
// daemon's lock for as long as it runs.
func cmdOwner(name string, args []string, stdout, stderr io.Writer) int {
	fs := newFlags(name)
	cfgPath := fs.String("config", "", "config file")
	ownerHelp := "owner id (default: the only owner)"
	if name == "status" {
		ownerHelp = "owner id (default: every owner)"
	}
	owner := fs.String("owner", "", ownerHelp)
	wait := fs.Duration("wait", ownerWait, "how long to wait for a daemon that holds the database but does not answer yet")
	if code, ok := parseFlags(fs, args, stdout, stderr); !ok {
		return code
	}
	arg := ""
	switch {
	case name == "status" && fs.NArg() > 0:
		return usageError(stderr, name, fmt.Sprintf("unexpected argument %q", fs.Arg(0)))
	case name == "allow" && fs.NArg() != 1:
		return usageError(stderr, name, "want one SENDER (a phone number, @user:server, telegram:ID) or a warning's REF; quote a number with spaces")
	case name == "false-alarm" && fs.NArg() != 1:
		return usageError(stderr, name, "want one warning REF (as in the warning: K7Q2)")
	case name != "status":
		arg = fs.Arg(0)
	}
	cfg, ok := loadConfig(*cfgPath, stderr)
	if !ok {
		return exitConfig
	}
	switch {
	case *owner == "" && name != "status" && len(cfg.Owners) == 1:
		*owner = cfg.Owners[0].ID
	case *owner == "" && name != "status":
		return usageError(stderr, name, "several owners: give --owner ID")
	case *owner != "" && cfg.Owner(*owner) == nil:
		return usageError(stderr, name, fmt.Sprintf("--owner %q: no [[owner]] has this id in %s", *owner, cfg.Path()))
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, *wait)
	defer cancel()
	log := newLogger(cfg, stderr).Level(zerolog.WarnLevel)
	for {
		if base := (webhook.Daemon{Listen: cfg.HTTP.Listen}).Running(); base != "" {
			return ownerViaDaemon(ctx, cfg, base, name, *owner, arg, stdout, stderr)
		}
		a, err := app.Open(ctx, cfg, log, io.Discard)
		if errors.Is(err, app.ErrInUse) {
			// A daemon that is starting, or one without a listener.
			select {
			case <-ctx.Done():
				fmt.Fprintf(stderr, "silentguard %s: %v\nA SilentGuard that holds the database does not answer on http.listen (%q): give it a listener, or stop it.\n",
					name, err, cfg.HTTP.Listen)
				return exitRuntime
			case <-time.After(200 * time.Millisecond):
			}
			continue
		}
		if err != nil {
			fmt.Fprintf(stderr, "silentguard %s: %v\n", name, err)
			return exitDatabase
		}
		defer a.Close()
		var text string
		switch name {
		case "allow":
			text, err = a.AllowCommand(ctx, *owner, arg)
		case "false-alarm":
			text, err = a.FalseAlarmCommand(ctx, *owner, arg)
		default:
			text, err = a.StatusCommand(ctx, *owner)
		}
		switch {
		case errors.Is(err, bot.ErrUnknownOwner), errors.Is(err, app.ErrNoWarning), errors.Is(err, app.ErrBadSender):
			fmt.Fprintf(stderr, "silentguard %s: %v\n", name, err)
			return exitUsage
		case err != nil:
			fmt.Fprintf(stderr, "silentguard %s: %v\n", name, err)
			return exitDatabase
		}
		fmt.Fprintln(stdout, text)
		return exitOK
	}
}

// ownerViaDaemon sends the command to the daemon at base.
func ownerViaDaemon(ctx context.Context, cfg *config.Config, base, name, owner, arg string, stdout, stderr io.Writer) int {
	target := base + app.OwnerAPIPath + name
	method, body := http.MethodPost, ""
	if name == "status" {
		method = http.MethodGet
		if owner != "" {
			target += "?owner=" + url.QueryEscape(owner)
		}
	} else {
		b, _ := json.Marshal(app.OwnerRequest{Owner: owner, Arg: arg})
		body = string(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, target, strings.NewReader(body))
	if err != nil {
		fmt.Fprintf(stderr, "silentguard %s: %v\n", name, err)
		return exitUsage
	}
	req.Header.Set("Content-Type", "application/json")
	if t := cfg.HTTP.Token.Value(); t != "" {
		req.Header.Set("Authorization", "Bearer "+t)
	}
	resp, err := (&http.Client{Timeout: 20 * time.Second}).Do(req)
	if err != nil {
		fmt.Fprintf(stderr, "silentguard %s: the daemon at %s did not answer: %v\n", name, base, err)
		return exitRuntime
	}
	defer resp.Body.Close()
	var answer struct{ Text, Error string }
	_ = json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&answer)
	switch {
	case resp.StatusCode == http.StatusOK:
		fmt.Fprintln(stdout, answer.Text)
		return exitOK
	case resp.StatusCode == http.StatusUnauthorized:
		fmt.Fprintf(stderr, "silentguard %s: the daemon refused the bearer token: use the daemon's config (http.token or SILENTGUARD_HTTP_TOKEN)\n", name)
		return exitConfig
	case resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusBadRequest:
		fmt.Fprintf(stderr, "silentguard %s: %s\n", name, answer.Error)
		return exitUsage
	default:
		fmt.Fprintf(stderr, "silentguard %s: the daemon answered HTTP %d: %s\n", name, resp.StatusCode, answer.Error)
		return exitRuntime
	}
}
