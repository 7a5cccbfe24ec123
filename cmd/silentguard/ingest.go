package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/rs/zerolog"

	"github.com/silentguard/silentguard/adapters/webhook"
	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/internal/app"
	"github.com/silentguard/silentguard/internal/config"
)

// ingest's exit codes, beyond the shared ones: 0 stored (or a duplicate,
// or nothing to judge), 2 a message SilentGuard refuses, 10 config, 11
// database (--direct), 12 the daemon could not be reached in time.

// ingestWait stays under Gammu's two-minute limit on RunOnReceive.
const ingestWait = 90 * time.Second

// cmdIngest takes one received message from a program-per-message gateway
// (Gammu SMSD's RunOnReceive) and hands it to the running daemon, or with
// --direct stores and judges it itself. Gammu closes every file
// descriptor, so it reads nothing from standard input.
func cmdIngest(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("ingest")
	cfgPath := fs.String("config", "", "config file")
	ownerID := fs.String("owner", "", "owner id (default: the owner of the only gammu source, or the only owner)")
	sourceName := fs.String("source", "", "name of the [[sms.source]] (type gammu) the message comes from")
	direct := fs.Bool("direct", false, "store and judge here, and deliver any warning, instead of handing over to the daemon")
	from := fs.String("from", "", "sender's number (instead of Gammu's SMS_1_NUMBER)")
	text := fs.String("text", "", "message text (instead of Gammu's environment)")
	id := fs.String("id", "", "message ID that makes a redelivery harmless (default: Gammu's message IDs, else a hash)")
	at := fs.String("time", "", "when it was received, RFC 3339 (default: now)")
	wait := fs.Duration("wait", ingestWait, "give up after this long (Gammu stops waiting at two minutes)")
	logPath := fs.String("log", "", "append logs to this file (Gammu closes standard error)")
	if code, ok := parseFlags(fs, args, stdout, stderr); !ok {
		return code
	}
	cfg, ok := loadConfig(*cfgPath, stderr)
	if !ok {
		return exitConfig
	}
	logOut := stderr
	if *logPath != "" {
		f, err := os.OpenFile(*logPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
		if err != nil {
			fmt.Fprintln(stderr, "silentguard ingest: --log:", err)
			return exitUsage
		}
		defer f.Close()
		logOut = f
	}
	log := newLogger(cfg, logOut).With().Str("component", "ingest").Logger()

	msg, err := ingestMessage(*from, *text, *id, *at, fs.Args())
	if errors.Is(err, webhook.ErrNoText) {
		log.Info().Msg("Nothing to judge: a binary message or a delivery report")
		return exitOK
	}
	if err != nil {
		log.Error().Err(err).Msg("Cannot read the message")
		return exitUsage
	}
	owner, source, err := ingestOwner(cfg, *ownerID, *sourceName)
	if err != nil {
		log.Error().Err(err).Msg("Cannot tell whose message this is")
		return exitUsage
	}
	msg.Owner = owner
	log = log.With().Str("owner", owner).Str("source", source).Logger()
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, *wait)
	defer cancel()
	daemon := webhook.Daemon{Listen: cfg.HTTP.Listen, Token: cfg.HTTP.Token.Value(), Source: source, Log: log}
	if *direct {
		addr := daemon.Running()
		if addr == "" {
			return ingestDirect(ctx, cfg, log, stdout, msg)
		}
		// Two processes resending the same pending warnings could send
		// one twice: the daemon alone sends.
		log.Info().Str("daemon", addr).Msg("A SilentGuard daemon is running: handing the message to it instead of judging it here")
	}
	return handOver(ctx, log, daemon, msg)
}

func ingestMessage(from, text, id, at string, ids []string) (webhook.Received, error) {
	if at != "" {
		if _, err := time.Parse(time.RFC3339, at); err != nil {
			return webhook.Received{}, fmt.Errorf("--time: want RFC 3339, e.g. 2026-05-07T09:12:00Z")
		}
	}
	if from != "" || text != "" {
		if from == "" || text == "" {
			return webhook.Received{}, errors.New("--from and --text go together")
		}
		if id == "" {
			id = webhook.GammuEventID("", ids, from, at, text)
		}
		return webhook.Received{From: from, Text: text, ID: id, Time: at}, nil
	}
	m, err := webhook.ParseGammu(os.LookupEnv, ids)
	if err != nil {
		return webhook.Received{}, err
	}
	if id == "" {
		id = m.ID
	}
	return webhook.Received{From: m.From, Text: m.Text, Media: m.Media, ID: id, Time: at}, nil
}

// ingestOwner decides whose message this is: --source's owner, --owner,
// the only gammu source's owner, or the only owner.
func ingestOwner(cfg *config.Config, owner, source string) (string, string, error) {
	if source != "" {
		s := cfg.Source(source)
		if s == nil || s.Type != config.SourceGammu {
			return "", "", fmt.Errorf("--source %q: no [[sms.source]] of type gammu has this name", source)
		}
		if owner != "" && owner != s.Owner {
			return "", "", fmt.Errorf("--owner %q: source %q belongs to %q", owner, source, s.Owner)
		}
		return s.Owner, s.Name, nil
	}
	if owner != "" {
		if cfg.Owner(owner) == nil {
			return "", "", fmt.Errorf("--owner %q: no [[owner]] has this id in %s", owner, cfg.Path())
		}
		for _, s := range cfg.SMS.Sources {
			if s.Type == config.SourceGammu && s.Owner == owner {
				return owner, s.Name, nil
			}
		}
		return owner, "", nil
	}
	var gammu []config.SMSSourceConfig
	for _, s := range cfg.SMS.Sources {
		if s.Type == config.SourceGammu {
			gammu = append(gammu, s)
		}
	}
	switch {
	case len(gammu) == 1:
		return gammu[0].Owner, gammu[0].Name, nil
	case len(gammu) == 0 && len(cfg.Owners) == 1:
		return cfg.Owners[0].ID, "", nil
	default:
		return "", "", errors.New("several owners: give --source NAME (a [[sms.source]] of type gammu) or --owner ID")
	}
}

// handOver posts the message to the daemon, retrying while it is down or
// restarting until ctx ends.
func handOver(ctx context.Context, log zerolog.Logger, d webhook.Daemon, m webhook.Received) int {
	err := d.HandOver(ctx, m)
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, webhook.ErrNoListener), errors.Is(err, webhook.ErrBadToken):
		log.Error().Err(err).Msg("Cannot hand the message over")
		return exitConfig
	case errors.Is(err, webhook.ErrRefused):
		log.Error().Err(err).Msg("The daemon refused the message")
		return exitUsage
	default:
		log.Error().Err(err).Msg("Gave up: the daemon did not take the message in time (Gammu's inbox still has it; `ingest --direct` needs no daemon)")
		return exitRuntime
	}
}

// ingestDirect opens the store and runs the engine itself, then waits for
// the warning (if any) to reach every target of the owner.
func ingestDirect(ctx context.Context, cfg *config.Config, log zerolog.Logger, stdout io.Writer, m webhook.Received) int {
	a, err := app.Open(ctx, cfg, log, stdout)
	if errors.Is(err, app.ErrInUse) {
		// Another ingest --direct (Gammu may run them side by side) or a
		// daemon without a listener: wait for it, within --wait.
		log.Info().Msg("Another SilentGuard holds the database; waiting for it")
		for errors.Is(err, app.ErrInUse) {
			select {
			case <-ctx.Done():
				log.Error().Err(err).Msg("The database stayed in use")
				return exitRuntime
			case <-time.After(100 * time.Millisecond):
			}
			a, err = app.Open(ctx, cfg, log, stdout)
		}
	}
	if err != nil {
		log.Error().Err(err).Msg("Failed to open SilentGuard")
		return exitDatabase
	}
	defer a.Close()
	deliveryCtx, stopDelivery := context.WithCancel(context.WithoutCancel(ctx))
	defer func() { stopDelivery(); a.Engine.Wait() }()
	// Also resends what earlier runs left pending.
	if err := a.Engine.Start(deliveryCtx); err != nil {
		log.Error().Err(err).Msg("Failed to start delivery")
		return exitDatabase
	}
	_, err = webhook.Direct(ctx, a.Engine, log, m)
	var ie *bot.InputError
	switch {
	case errors.As(err, &ie):
		log.Error().Str("field", ie.Field).Err(ie.Err).Msg("Refused the message")
		return exitUsage
	case err != nil:
		log.Error().Err(err).Msg("Failed to store the message")
		return exitDatabase
	}
	return exitOK
}
