// Package app wires a loaded configuration into a running SilentGuard:
// store, detectors, engine, notifiers, adapters and the HTTP listener.
package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	stdlog "log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rs/zerolog"
	"go.mau.fi/util/dbutil"

	"github.com/silentguard/silentguard/adapters/matrix"
	"github.com/silentguard/silentguard/adapters/matrix/appservice"
	"github.com/silentguard/silentguard/adapters/telegram"
	"github.com/silentguard/silentguard/adapters/webhook"
	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/bot/notify"
	"github.com/silentguard/silentguard/bot/sqlstore"
	"github.com/silentguard/silentguard/bot/warntext"
	"github.com/silentguard/silentguard/detectors"
	"github.com/silentguard/silentguard/internal/config"
	"github.com/silentguard/silentguard/internal/metrics"
	"github.com/silentguard/silentguard/internal/ownerpage"
)

// App is a running SilentGuard.
type App struct {
	// Config is the config the App was opened with: what only a restart
	// changes (database, listener, adapters) is as it says. Reload
	// applies the rest of a new one.
	Config *config.Config
	Store  *sqlstore.Store
	Engine *bot.Engine
	Matrix *matrix.Service
	// Appservice is nil unless [matrix.appservice] is enabled.
	Appservice *appservice.Service
	// Telegram is nil when telegram.enabled is off.
	Telegram *telegram.Adapter
	// adapters are run by Run, all the same way (the webhook joins them
	// there, once its listener is bound).
	adapters []bot.Adapter
	page     *ownerpage.Page
	Metrics  *metrics.Metrics
	log      zerolog.Logger
	stdout   io.Writer
	lock     *os.File // the database's lock file, held until Close

	// leading is set once this process holds the lease (see Run).
	leading atomic.Bool
	// phases counts the start's late steps (taking the lease, which
	// starts the adapters): activity for releaseMemory, like messages.
	phases atomic.Uint64
	// notifyClient makes the HTTP and ntfy notifiers' posts, only while
	// the lease is held (see leaseTransport).
	notifyClient *http.Client
	// lease is the lease once held; what only its holder may do (a
	// session's poll, a send) checks it first (see checkLease).
	lease atomic.Pointer[sqlstore.Lease]

	mu      sync.Mutex     // held by Reload
	current *config.Config // the config in force: Config, or the last reloaded
	// outputs are the console notifiers' writers by path ("" for
	// stdout), shared by the notifiers of every reload.
	outputs map[string]*output
}

// Open builds everything from cfg. stdout is where console notifiers
// without a path write.
// Only one App at a time may use a database: another one (in any
// process) gets ErrInUse.
func Open(ctx context.Context, cfg *config.Config, log zerolog.Logger, stdout io.Writer) (*App, error) {
	ctx = log.WithContext(ctx)
	var lock *os.File
	if cfg.Database.Type == config.DatabaseSQLite {
		if cfg.Database.Path == "" {
			if err := sqlstore.PrivateDir(ctx, cfg.DataDir); err != nil {
				return nil, err
			}
		}
		if cfg.DatabasePath() != ":memory:" {
			var err error
			if lock, err = lockDatabase(cfg.DatabasePath()); err != nil {
				return nil, err
			}
		}
	}
	reg, err := detectors.New(cfg.DetectorConfig())
	if err != nil {
		lock.Close()
		return nil, fmt.Errorf("detectors: %w", err)
	}
	store, err := OpenStore(ctx, cfg)
	if err != nil {
		lock.Close()
		return nil, err
	}
	a := &App{Config: cfg, current: cfg, Store: store, log: log, lock: lock, stdout: stdout,
		Metrics: metrics.New(), outputs: map[string]*output{}}
	// As notify's default client (a connection per warning in flight to
	// each receiver), gated by the lease.
	nt := http.DefaultTransport.(*http.Transport).Clone()
	nt.MaxIdleConnsPerHost = 8
	a.notifyClient = &http.Client{Timeout: 20 * time.Second, Transport: a.leaseTransport(nt)}
	store.Observe(a.Metrics.Store)
	// A read-only or damaged database stops the start here (exit 11), not
	// at the first message it cannot store.
	if err := store.Check(ctx); err != nil {
		a.Close()
		return nil, err
	}
	a.Engine = bot.New(bot.Options{
		Store:     store,
		Detectors: reg,
		Policy:    PolicyOf(cfg),
		Delivery: bot.DeliveryOptions{
			RetryMin: cfg.Delivery.RetryMin.D(), RetryMax: cfg.Delivery.RetryMax.D(),
			FailureAlert: cfg.Delivery.FailureAlert,
			Gate:         a.checkLease,
		},
		Log:          log.With().Str("component", "core").Logger(),
		LogSensitive: cfg.Log.Sensitive,
		Observer:     a.Metrics,
	})
	if err := a.openOwnerPage(ctx); err != nil {
		a.Close()
		return nil, err
	}
	a.Metrics.Watch(a.Engine)
	mopts := matrixOptions(cfg)
	mopts.HTTPClient = &http.Client{Timeout: 90 * time.Second, Transport: a.leaseTransport(http.DefaultTransport)}
	if a.Matrix, err = matrix.New(mopts, a.Engine, store.DB(), log); err != nil {
		a.Close()
		return nil, err
	}
	a.adapters = append(a.adapters, a.Matrix)
	if cfg.Matrix.Appservice.Enabled {
		opts, err := AppserviceOptions(ctx, cfg, store)
		if err == nil {
			a.Appservice, err = appservice.New(opts, a.Engine, nil, log)
		}
		if err != nil {
			a.Close()
			return nil, err
		}
		a.Metrics.AppserviceDropped(a.Appservice.Dropped)
		a.adapters = append(a.adapters, a.Appservice)
	}
	if tc := &cfg.Telegram; tc.Enabled {
		webhookURL, secret := "", ""
		if tc.Mode == config.TelegramWebhook {
			webhookURL, secret = tc.WebhookURL, tc.WebhookSecret.Value()
		}
		a.Telegram, err = telegram.New(telegram.Options{Token: tc.Token.Value(), APIURL: tc.APIURL,
			PollTimeout: tc.PollTimeout.D(), Owners: tc.UserOwners(), Core: a.Engine, Log: log,
			WebhookURL: webhookURL, WebhookSecret: secret,
			HTTPClient: &http.Client{Timeout: 30 * time.Second, Transport: a.leaseTransport(http.DefaultTransport)}})
		if err != nil {
			a.Close()
			return nil, err
		}
		a.adapters = append(a.adapters, a.Telegram)
	}
	owners, err := a.owners(cfg)
	if err != nil {
		a.Close()
		return nil, err
	}
	a.Engine.SetOwners(owners)
	a.Metrics.Notifiers(a.Engine.NotifierKinds())
	return a, nil
}

// OpenStore opens the database the config names: the SQLite file, or
// PostgreSQL with the config's pool. Several processes may share a
// PostgreSQL database; a SQLite file is for one (Open locks it).
func OpenStore(ctx context.Context, cfg *config.Config) (*sqlstore.Store, error) {
	if cfg.Database.Type == config.DatabasePostgres {
		d := &cfg.Database
		idle := d.MaxIdleConns
		if idle == 0 {
			idle = d.MaxOpenConns // idle connections keep their prepared statements
		}
		return sqlstore.OpenPostgres(ctx, d.URI.Value(), sqlstore.PoolOptions{
			MaxOpenConns: d.MaxOpenConns, MaxIdleConns: idle, ConnMaxLifetime: d.ConnMaxLifetime.D()})
	}
	return sqlstore.OpenSQLite(ctx, cfg.DatabasePath())
}

// PolicyOf reads the watch policy from the config.
func PolicyOf(cfg *config.Config) bot.Policy {
	return bot.Policy{
		Window: cfg.Watch.Window.D(), MaxMessages: cfg.Watch.MaxMessages,
		Retention: cfg.Watch.Retention.D(), MinLevel: cfg.MinLevel(),
	}
}

// owners builds every owner of cfg with their notifiers.
func (a *App) owners(cfg *config.Config) ([]*bot.Owner, error) {
	out := make([]*bot.Owner, 0, len(cfg.Owners))
	for i := range cfg.Owners {
		o, err := a.owner(cfg, &cfg.Owners[i])
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	if a.Appservice != nil {
		// The users who opted in are owners too; a reload keeps them.
		out = append(out, a.Appservice.Owners()...)
	}
	return out, nil
}

func (a *App) owner(cfg *config.Config, oc *config.OwnerConfig) (*bot.Owner, error) {
	o := &bot.Owner{ID: oc.ID, Names: oc.Names, Country: oc.Country, Languages: oc.Languages, Known: map[string]bool{}}
	if oc.Timezone != "" {
		o.Location, _ = time.LoadLocation(oc.Timezone)
	}
	for _, k := range oc.Known() {
		o.Known[k] = true
	}
	for _, nc := range oc.Notify {
		aud := notify.Audience{Lang: o.Lang(), Country: o.Country, Device: nc.Device, Quote: warntext.ParseQuoteOr(nc.Quote, warntext.QuoteShort)}
		var n bot.Notifier
		switch nc.Type {
		case "console":
			out, err := a.output(nc.Path)
			if err != nil {
				return nil, fmt.Errorf("owner %s: notifier %s: %w", oc.ID, nc.Name, err)
			}
			n = notify.NewConsole(out, aud)
		case "matrix":
			mn, err := a.Matrix.Notifier(oc.ID, aud)
			if err != nil {
				return nil, err
			}
			n = mn
		case "telegram":
			if a.Telegram == nil {
				return nil, fmt.Errorf("owner %s: notifier %s: telegram.enabled is off", oc.ID, nc.Name)
			}
			n = a.Telegram.Notifier(oc.ID, aud)
		case "email":
			aud.Link = a.pageLink(aud)
			n = emailNotifier(&cfg.SMTP, nc, aud)
		case "ntfy", "http":
			aud.Link = a.pageLink(aud)
			n = &notify.HTTP{Audience: aud, Ntfy: nc.Type == "ntfy", URL: nc.URL, Topic: nc.Topic,
				Priority: nc.Priority, Token: nc.Token.Value(), Client: a.notifyClient}
		default:
			return nil, fmt.Errorf("owner %s: notifier type %q is not built in", oc.ID, nc.Type)
		}
		o.Targets = append(o.Targets, bot.Target{Name: nc.Name, Notifier: n, Kind: nc.Type})
	}
	return o, nil
}

// output is a console notifier's writer. The notifiers of a reloaded
// config share it with the old ones, which may still be sending.
type output struct {
	mu sync.Mutex
	w  io.Writer
	f  *os.File // nil for stdout
}

func (o *output) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.w.Write(p)
}

// output opens a console notifier's file once ("" is stdout).
func (a *App) output(path string) (*output, error) {
	if o := a.outputs[path]; o != nil {
		return o, nil
	}
	o := &output{w: a.stdout}
	if path != "" {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, err
		}
		f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
		if err != nil {
			return nil, err
		}
		o.w, o.f = f, f
	}
	a.outputs[path] = o
	return o, nil
}

// Reload reads the config file again and applies what changed in the
// owners (names, country, languages, time zone, allow-list, vCard),
// their notifiers, [smtp] and [detectors]. A config that does not load,
// or that changes what only a restart applies (config.CheckReload), is
// refused with the error, and the running one stays in force whole.
// Messages being judged finish with the old config; the next ones get the
// new.
func (a *App) Reload() (err error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	defer func() { a.Metrics.Reloaded(err == nil) }()
	next, err := config.Load(a.current.Path())
	if err != nil {
		return err
	}
	if err := a.current.CheckReload(next); err != nil {
		return err
	}
	var reg *detectors.Registry
	if !reflect.DeepEqual(a.current.DetectorConfig(), next.DetectorConfig()) {
		if reg, err = detectors.New(next.DetectorConfig()); err != nil {
			return fmt.Errorf("detectors: %w", err)
		}
	}
	owners, err := a.owners(next)
	if err != nil {
		return err
	}
	for _, n := range next.Notes() {
		a.log.Warn().Str("note", n).Msg("A config value was read as something else")
	}
	if reg != nil {
		a.Engine.SetDetectors(reg)
	}
	a.Engine.SetOwners(owners)
	if a.Config.HTTP.Listen != "" {
		for _, o := range owners {
			a.Engine.ReportAdapter(o.ID, webhook.Platform, true, "") // a new owner's; no change for the others
		}
	}
	a.Metrics.Notifiers(a.Engine.NotifierKinds())
	a.current = next
	a.log.Info().Int("owners", len(owners)).Bool("detectors_changed", reg != nil).Msg("Config reloaded")
	return nil
}

// Close releases the store and files.
func (a *App) Close() {
	if err := a.Store.Close(); err != nil {
		a.log.Error().Err(err).Msg("Failed to close the database")
	}
	for _, o := range a.outputs {
		if o.f != nil {
			o.f.Close()
		}
	}
	// Last: the next daemon may open the database once it is closed.
	a.lock.Close()
}

// Run serves until ctx ends, then drains and returns. Stored messages and
// pending warnings survive; what was not yet sent goes out on the next run.
func (a *App) Run(ctx context.Context) error {
	cfg := a.Config
	deliveryCtx, stopDelivery := context.WithCancel(context.WithoutCancel(ctx))
	defer stopDelivery()
	adaptersCtx, stopAdapters := context.WithCancel(ctx)
	defer stopAdapters()
	errCh := make(chan error, 1)
	// The adapters' sessions (Telegram's updates, the Matrix syncs),
	// delivery and the purge run in one process at a time: the holder of
	// the lease. On SQLite that is this one at once (the file's lock); on
	// a shared PostgreSQL the others take webhook intake and wait.
	leaseCh := make(chan *sqlstore.Lease, 1)
	if a.Store.Dialect() == dbutil.SQLite {
		lease, err := a.Store.AcquireLease(ctx, leaseName, nil)
		if err != nil {
			return fmt.Errorf("%w: %w", ErrStartup, err)
		}
		if err := a.Engine.Start(deliveryCtx); err != nil {
			return fmt.Errorf("%w: start delivery: %w", ErrStartup, err)
		}
		leaseCh <- lease
	} else {
		go func() {
			lease, err := a.Store.AcquireLease(adaptersCtx, leaseName, func() {
				a.log.Info().Str("lease", leaseName).Msg("Another instance holds the adapters and delivery; serving webhook intake and waiting to take over")
			})
			if err == nil {
				// Its delivery records are written only while its token
				// is the lease row's.
				a.Store.FenceDelivery(lease)
				if err := a.Engine.Start(deliveryCtx); err != nil {
					lease.Release()
					select {
					case errCh <- fmt.Errorf("start delivery: %w", err):
					default:
					}
					return
				}
				leaseCh <- lease
			}
		}()
	}
	var srv *http.Server
	// The webhook's intake runs in every instance; the other adapters in
	// the lease's holder.
	var everywhere []bot.Adapter
	if cfg.HTTP.Listen != "" {
		token := cfg.HTTP.Token.Value()
		if token == "" { // config.Load refuses this unless the address is loopback
			a.log.Warn().Str("listen", cfg.HTTP.Listen).Msg("The webhook has no bearer token; any local process can post to it")
		}
		mux := http.NewServeMux()
		wh := webhook.New(a.Engine, token, cfg.HTTP.MaxBody, a.log)
		if err := AddSMSSources(wh, cfg); err != nil {
			return fmt.Errorf("%w: %w", ErrStartup, err)
		}
		wh.Register(mux)
		everywhere = append(everywhere, wh)
		mux.HandleFunc("/healthz", a.serveHealth)
		mux.HandleFunc("GET /healthz/holder", a.serveHolder)
		a.registerOwner(mux)
		mux.Handle("GET /metrics", a.metricsHandler())
		if a.Telegram != nil && cfg.Telegram.Mode == config.TelegramWebhook {
			mux.Handle(cfg.Telegram.WebhookPath(), a.onlyLeading(a.Telegram.Handler()))
		}
		ln, err := net.Listen("tcp", cfg.HTTP.Listen)
		if err != nil {
			return fmt.Errorf("%w: listen on %s: %w", ErrStartup, cfg.HTTP.Listen, err)
		}
		srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
			WriteTimeout: 30 * time.Second, MaxHeaderBytes: 16 << 10,
			// net/http's own complaints (bad TLS, panics) as structured lines too.
			ErrorLog: stdlog.New(httpErrorLog{a.log}, "", 0)}
		a.log.Info().Str("listen", ln.Addr().String()).Msg("HTTP listener ready")
		go func() { errCh <- fmt.Errorf("http: %w", srv.Serve(ln)) }()
	}
	var running sync.WaitGroup
	run := func(adapters []bot.Adapter) {
		for _, ad := range adapters {
			running.Add(1)
			go func() {
				defer running.Done()
				// An adapter that fails stops SilentGuard (its error says
				// which adapter it is).
				if err := ad.Run(adaptersCtx); err != nil {
					if errors.Is(err, bot.ErrAdapterSetup) {
						err = fmt.Errorf("%w: %w", ErrStartup, err)
					}
					select {
					case errCh <- err:
					default:
						a.log.Error().Err(err).Str("adapter", ad.Name()).Msg("Adapter stopped")
					}
				}
			}()
		}
	}
	run(everywhere)
	purgeDone := make(chan struct{})
	go a.releaseMemory(adaptersCtx)
	var runErr error
	var lost <-chan struct{}
wait:
	for {
		select {
		case <-ctx.Done():
			break wait
		case err := <-errCh:
			if !errors.Is(err, http.ErrServerClosed) {
				runErr = err
			}
			break wait
		case <-lost:
			// Another instance may hold the lease by now: stop at once
			// (a supervisor starts this one again, as a waiting one). No
			// new attempt and no send in flight: the new holder sends
			// what is pending.
			a.leading.Store(false)
			stopDelivery()
			a.Engine.AbortDelivery()
			runErr = sqlstore.ErrLeaseLost
			break wait
		case lease := <-leaseCh:
			defer lease.Release()
			lost = lease.Lost()
			a.lease.Store(lease)
			a.leading.Store(true)
			run(a.adapters)
			a.phases.Add(1)
			go func() { a.Engine.RunPurge(adaptersCtx); close(purgeDone) }()
			if a.Store.Dialect() != dbutil.SQLite {
				go a.wakeDelivery(adaptersCtx)
			}
			a.log.Info().Int("owners", len(cfg.Owners)).Msg("SilentGuard is running")
		}
	}
	if lost == nil { // never held the lease: no purge to wait for
		close(purgeDone)
	}
	a.log.Info().Msg("Shutting down")
	stopAdapters()
	running.Wait()
	<-purgeDone
	if srv != nil {
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		_ = srv.Shutdown(sctx) // waits for requests in flight: their messages get stored
		cancel()
	}
	// Deliveries in flight may finish (the engine cancels them after its
	// stop grace, 10 s); pending ones are resent next run.
	done := make(chan struct{})
	go func() { a.Engine.Wait(); close(done) }()
	stopDelivery()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		a.log.Warn().Msg("Delivery did not stop in time")
	}
	return runErr
}

// leaseName is the lease of the adapters (but the webhook's intake),
// delivery and the purge.
const leaseName = "adapters"

// wakeDelivery has the lease's holder send, every sharedDeliveryPoll,
// the warnings that the other instances stored, until ctx ends.
func (a *App) wakeDelivery(ctx context.Context) {
	t := time.NewTicker(sharedDeliveryPoll)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			a.Engine.WakeDelivery()
		}
	}
}

// checkLease tells whether this process may act as the lease's holder: nil
// before it holds the lease (nothing that needs it runs then) and while
// the lease is held, confirmed on the spot when the last confirmation is
// old (a process frozen, then thawed); an error once it is lost.
func (a *App) checkLease(ctx context.Context) error {
	return a.lease.Load().Check(ctx)
}

// leaseTransport makes the sessions' HTTP calls (Telegram's getUpdates,
// the Matrix syncs, the notifiers' sends through them) only while the
// lease is held: a holder thawed after another took over makes no call.
func (a *App) leaseTransport(base http.RoundTripper) http.RoundTripper {
	return roundTripper(func(r *http.Request) (*http.Response, error) {
		if err := a.checkLease(r.Context()); err != nil {
			return nil, fmt.Errorf("%s to %s: %w", r.Method, r.URL.Host, err) // the path may hold a token
		}
		return base.RoundTrip(r)
	})
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// onlyLeading serves h in the lease's holder; the others answer 503, so
// that the sender (Telegram retries) comes again, to the holder.
func (a *App) onlyLeading(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !a.leading.Load() {
			http.Error(w, "another instance holds the sessions", http.StatusServiceUnavailable)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// sharedDeliveryPoll is how often the lease's holder looks for warnings
// that the other instances stored.
const sharedDeliveryPoll = 500 * time.Millisecond

// idleAfter is how long nothing must happen before the memory of the
// last burst goes back to the system.
const idleAfter = time.Second

// releaseMemory returns to the system the memory the process no longer
// uses: at start, what compiling the detectors left (several times their
// size), and after each burst of messages, once the engine has been idle
// for idleAfter, what the burst left, the engine's caches included. The
// Go runtime would otherwise keep it for minutes, sized for the next
// burst; a daemon beside a family's phones is idle most of the time. Each
// release is one garbage collection.
func (a *App) releaseMemory(ctx context.Context) {
	debug.FreeOSMemory()
	// pending: something ran since the last release. The start counts
	// too: the adapters start after the first release (once the lease is
	// held, which on a loaded machine can take longer than idleAfter),
	// and what they leave would otherwise stay until the first burst.
	activity := func() uint64 { return a.Engine.Activity() + a.phases.Load() }
	pending, last, since := true, activity(), time.Now()
	t := time.NewTicker(idleAfter / 4)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		switch n := activity(); {
		case n != last:
			last, since, pending = n, time.Now(), true
		case pending && time.Since(since) >= idleAfter:
			a.Engine.DropCaches()
			debug.FreeOSMemory()
			pending = false
		}
	}
}

// serveHealth answers 503 when an owner's protection is down (an adapter,
// a notifier that keeps failing, a database that cannot be written). Who
// the owners are and what fails is told only with the bearer token, when
// there is one (always, on a listener others can reach).
func (a *App) serveHealth(w http.ResponseWriter, r *http.Request) {
	rep := a.Engine.CheckHealth(r.Context())
	status := http.StatusOK
	if !rep.OK {
		status = http.StatusServiceUnavailable
	}
	body := map[string]any{"ok": rep.OK}
	if webhook.Authorized(r, a.Config.HTTP.Token.Value()) {
		body["adapters"], body["failing_notifiers"] = rep.Adapters, rep.FailingNotifiers
		if rep.Database != "" {
			body["database"] = rep.Database
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// serveHolder answers 200 in the lease's holder and 503 in the others: a
// reverse proxy's active health check for the routes only the holder
// serves (a Telegram webhook), since a proxy retries a refused connection
// but not a 503 answer.
func (a *App) serveHolder(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	if !a.leading.Load() {
		w.WriteHeader(http.StatusServiceUnavailable)
	}
	_ = json.NewEncoder(w).Encode(map[string]bool{"holder": a.leading.Load()})
}

// metricsHandler serves the metrics; with http.token set (always, on a
// listener others can reach) only to a request that bears it.
func (a *App) metricsHandler() http.Handler {
	token, h := a.Config.HTTP.Token.Value(), a.Metrics.Handler()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !webhook.Authorized(r, token) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="silentguard"`)
			http.Error(w, "a bearer token is required", http.StatusUnauthorized)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		h.ServeHTTP(w, r)
	})
}

// ErrInUse is Open's error when another SilentGuard holds the database.
var ErrInUse = errors.New("database in use")

// ErrStartup marks a Run error that happened before serving began (the
// listener could not bind, a source could not be set up).
var ErrStartup = errors.New("start-up failed")

// httpErrorLog turns net/http's log lines into warnings of the app's log.
type httpErrorLog struct{ log zerolog.Logger }

func (h httpErrorLog) Write(p []byte) (int, error) {
	h.log.Warn().Str("component", "http").Msg(strings.TrimSpace(string(p)))
	return len(p), nil
}
