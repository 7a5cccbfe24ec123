package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
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
	if *direct {
		addr := runningDaemon(cfg.HTTP.Listen)
		if addr == "" {
			return ingestDirect(ctx, cfg, log, stdout, msg)
		}
		// Two processes resending the same pending warnings could send
		// one twice: the daemon alone sends.
		log.Info().Str("daemon", addr).Msg("A SilentGuard daemon is running: handing the message to it instead of judging it here")
	}
	return handOver(ctx, cfg, log, msg, source)
}

// ingestRequest is the generic endpoint's body.
type ingestRequest struct {
	Owner string `json:"owner"`
	From  string `json:"from"`
	Text  string `json:"text,omitempty"`
	Media string `json:"media,omitempty"`
	ID    string `json:"id"`
	Time  string `json:"time,omitempty"`
}

func ingestMessage(from, text, id, at string, ids []string) (ingestRequest, error) {
	if at != "" {
		if _, err := time.Parse(time.RFC3339, at); err != nil {
			return ingestRequest{}, fmt.Errorf("--time: want RFC 3339, e.g. 2026-05-07T09:12:00Z")
		}
	}
	if from != "" || text != "" {
		if from == "" || text == "" {
			return ingestRequest{}, errors.New("--from and --text go together")
		}
		if id == "" {
			id = webhook.GammuEventID("", ids, from, at, text)
		}
		return ingestRequest{From: from, Text: text, ID: id, Time: at}, nil
	}
	m, err := webhook.ParseGammu(os.LookupEnv, ids)
	if err != nil {
		return ingestRequest{}, err
	}
	if id == "" {
		id = m.ID
	}
	return ingestRequest{From: m.From, Text: m.Text, Media: m.Media, ID: id, Time: at}, nil
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

// daemonURL is the generic endpoint on the daemon's listener; a wildcard
// address is reached on loopback.
func daemonURL(listen string) (string, error) {
	host, port, err := net.SplitHostPort(listen)
	if err != nil || listen == "" {
		return "", fmt.Errorf("http.listen %q: the daemon has no listener to hand the message to (set it, or use --direct)", listen)
	}
	switch host {
	case "", "0.0.0.0":
		host = "127.0.0.1"
	case "::", "[::]":
		host = "::1"
	}
	return "http://" + net.JoinHostPort(host, port) + "/v1/messages", nil
}

// runningDaemon returns the daemon's address if one answers on listen.
func runningDaemon(listen string) string {
	u, err := daemonURL(listen)
	if err != nil {
		return ""
	}
	u = strings.TrimSuffix(u, "/v1/messages") + "/healthz"
	cli := &http.Client{Timeout: 2 * time.Second}
	resp, err := cli.Get(u)
	if err != nil {
		return ""
	}
	resp.Body.Close()
	if resp.Header.Get("Content-Type") != "application/json" {
		return "" // something else listens there
	}
	return strings.TrimSuffix(u, "/healthz")
}

// handOver posts the message to the daemon, retrying while it is down or
// restarting (connection refused, 503, 429) until ctx ends.
func handOver(ctx context.Context, cfg *config.Config, log zerolog.Logger, m ingestRequest, source string) int {
	target, err := daemonURL(cfg.HTTP.Listen)
	if err != nil {
		log.Error().Err(err).Msg("Cannot hand the message over")
		return exitConfig
	}
	body, _ := json.Marshal(m)
	client := &http.Client{Timeout: 20 * time.Second}
	backoff := 250 * time.Millisecond
	for attempt := 1; ; attempt++ {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if t := cfg.HTTP.Token.Value(); t != "" {
			req.Header.Set("Authorization", "Bearer "+t)
		}
		if source != "" {
			req.Header.Set(webhook.SourceHeader, source)
		}
		resp, err := client.Do(req)
		delay := backoff
		if err == nil {
			var answer struct{ Status, Error, Field string }
			_ = json.NewDecoder(io.LimitReader(resp.Body, 64<<10)).Decode(&answer)
			resp.Body.Close()
			switch {
			case resp.StatusCode/100 == 2:
				log.Info().Str("status", answer.Status).Int("attempts", attempt).Int("text_len", len(m.Text)).Msg("Handed the message to the daemon")
				return exitOK
			case resp.StatusCode == http.StatusUnauthorized:
				log.Error().Msg("The daemon refused the bearer token: give ingest the daemon's config (http.token or SILENTGUARD_HTTP_TOKEN)")
				return exitConfig
			case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable:
				if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && s > 0 {
					delay = time.Duration(s) * time.Second
				}
				log.Warn().Int("http_status", resp.StatusCode).Dur("retry_in", delay).Msg("The daemon asks to retry")
			default:
				log.Error().Int("http_status", resp.StatusCode).Str("field", answer.Field).Str("error", answer.Error).Msg("The daemon refused the message")
				return exitUsage
			}
		} else if ctx.Err() == nil {
			log.Warn().Err(err).Dur("retry_in", delay).Msg("The daemon is not reachable; retrying")
		}
		select {
		case <-ctx.Done():
			log.Error().Int("attempts", attempt).Msg("Gave up: the daemon did not take the message in time (Gammu's inbox still has it; `ingest --direct` needs no daemon)")
			return exitRuntime
		case <-time.After(delay):
		}
		backoff = min(backoff*2, 5*time.Second)
	}
}

// ingestDirect opens the store and runs the engine itself, then waits for
// the warning (if any) to reach every target of the owner.
func ingestDirect(ctx context.Context, cfg *config.Config, log zerolog.Logger, stdout io.Writer, m ingestRequest) int {
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
	owner := a.Engine.Owner(m.Owner)
	if owner == nil {
		log.Error().Msg("Unknown owner")
		return exitUsage
	}
	var at time.Time
	if m.Time != "" {
		at, _ = time.Parse(time.RFC3339, m.Time)
	}
	res, err := a.Engine.Handle(ctx, webhook.SMS(owner, m.From, m.Text, m.Media, m.ID, at))
	if err != nil {
		var ie *bot.InputError
		if errors.As(err, &ie) {
			log.Error().Str("field", ie.Field).Err(ie.Err).Msg("Refused the message")
			return exitUsage
		}
		log.Error().Err(err).Msg("Failed to store the message")
		return exitDatabase
	}
	log.Info().Bool("duplicate", res.Duplicate).Bool("watched", res.Watched).Str("state", res.State).Int("text_len", len(m.Text)).Msg("Stored the message")
	if res.Warning == nil {
		return exitOK
	}
	for {
		pending, err := a.Store.PendingDeliveries(context.WithoutCancel(ctx))
		left := 0
		for _, d := range pending {
			if d.WarningID == res.Warning.ID {
				left++
			}
		}
		if err == nil && left == 0 {
			log.Info().Str("warning", res.Warning.ID).Msg("Warning delivered")
			return exitOK
		}
		select {
		case <-ctx.Done():
			// Stored and pending: the daemon or the next ingest sends it.
			log.Warn().Str("warning", res.Warning.ID).Int("targets_left", left).Msg("Warning not delivered yet; it stays pending and is retried")
			return exitOK
		case <-time.After(50 * time.Millisecond):
		}
	}
}
