// Command silentguard watches new conversations from unknown contacts for
// the "wrong number" scam and warns the owner privately. It never acts
// toward the sender.
package main

import (
	"context"
	"errors"

	"fmt"
	"io"
	"math"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"syscall"

	"github.com/mattn/go-isatty"
	"github.com/rs/zerolog"

	silentguard "github.com/silentguard/silentguard"
	"github.com/silentguard/silentguard/adapters/matrix"
	"github.com/silentguard/silentguard/adapters/matrix/appservice"
	"github.com/silentguard/silentguard/internal/app"
	"github.com/silentguard/silentguard/internal/config"
	"github.com/silentguard/silentguard/internal/suggest"
)

// Version is set at build time with -ldflags "-X main.Version=...".
var Version = ""

// Exit codes: each startup failure class has its own, for systemd logs.
const (
	exitOK       = 0
	exitNotified = 1 // check: the owner would be notified
	exitUsage    = 2
	exitConfig   = 10
	exitDatabase = 11
	exitRuntime  = 12
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cmd := "run"
	if len(args) > 0 && isHelpFlag(args[0]) {
		cmd, args = "help", nil
	} else if len(args) > 0 && (args[0] == "" || args[0][0] != '-' || args[0] == "--version" || args[0] == "-version") {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "run":
		return cmdRun(args, stdout, stderr)
	case "check":
		return cmdCheck(args, stdin, stdout, stderr)
	case "eval":
		return cmdEval(args, stdout, stderr)
	case "config":
		return cmdConfig(args, stdout, stderr)
	case "matrix":
		return cmdMatrix(args, stdout, stderr)
	case "forget":
		return cmdForget(args, stdout, stderr)
	case "ingest":
		return cmdIngest(args, stdout, stderr)
	case "backup":
		return cmdBackup(args, stdout, stderr)
	case "db":
		return cmdDB(args, stdout, stderr)
	case "allow", "false-alarm", "status":
		return cmdOwner(cmd, args, stdout, stderr)
	case "version", "--version", "-version":
		if len(args) > 0 && isHelpFlag(args[0]) {
			printHelp(stdout, "version", nil)
			return exitOK
		}
		fmt.Fprint(stdout, versionText())
		return exitOK
	case "help":
		return cmdHelp(args, stdin, stdout, stderr)
	default:
		return unknownCommand(stderr, cmd)
	}
}

func version() string {
	if Version != "" {
		return Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// revision is the source revision the binary was built from, or "".
func revision() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" {
				return s.Value
			}
		}
	}
	return ""
}

// versionText is what `silentguard version` prints: the module version,
// the source revision, its time and whether the tree had uncommitted
// changes, the Go version and the build tags, as Go recorded them in the
// binary (stripping symbols keeps them).
func versionText() string {
	settings := map[string]string{}
	goVersion := runtime.Version()
	if bi, ok := debug.ReadBuildInfo(); ok {
		goVersion = bi.GoVersion
		for _, s := range bi.Settings {
			settings[s.Key] = s.Value
		}
	}
	or := func(key, def string) string {
		if v := settings[key]; v != "" {
			return v
		}
		return def
	}
	var b strings.Builder
	fmt.Fprintf(&b, "silentguard %s\n", version())
	fmt.Fprintf(&b, "  revision  %s\n", or("vcs.revision", "unknown (built without -buildvcs=true, or outside a git clone)"))
	fmt.Fprintf(&b, "  time      %s\n", or("vcs.time", "unknown"))
	fmt.Fprintf(&b, "  modified  %s\n", or("vcs.modified", "unknown"))
	fmt.Fprintf(&b, "  go        %s %s/%s\n", goVersion, runtime.GOOS, runtime.GOARCH)
	fmt.Fprintf(&b, "  tags      %s\n", or("-tags", "(none)"))
	if !strings.Contains(","+settings["-tags"]+",", ",goolm,") {
		b.WriteString("  note      built without -tags goolm: no Matrix encryption\n")
	}
	return b.String()
}

// loadConfig finds and loads the config, printing the error.
func loadConfig(flagValue string, stderr io.Writer) (*config.Config, bool) {
	path, err := config.Find(flagValue)
	if err != nil {
		fmt.Fprintln(stderr, "silentguard:", err)
		return nil, false
	}
	cfg, err := config.Load(path)
	if err != nil {
		fmt.Fprintln(stderr, "silentguard: config:", err)
		return nil, false
	}
	return cfg, true
}

// newLogger writes JSON lines, or with log.format "auto" on a terminal (or
// "console") human-readable ones, coloured only on a terminal and never
// when NO_COLOR is set (no-color.org).
func newLogger(cfg *config.Config, w io.Writer) zerolog.Logger {
	level, err := zerolog.ParseLevel(cfg.Log.Level)
	if err != nil {
		level = zerolog.InfoLevel
	}
	tty := false
	if f, ok := w.(*os.File); ok {
		tty = isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())
	}
	if cfg.Log.Format == "console" || (cfg.Log.Format == "auto" && tty) {
		w = zerolog.ConsoleWriter{Out: w, TimeFormat: "15:04:05", NoColor: !tty || os.Getenv("NO_COLOR") != ""}
	}
	return zerolog.New(w).Level(level).With().Timestamp().Logger()
}

func cmdRun(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("run")
	cfgPath := fs.String("config", "", "config file")
	if code, ok := parseFlags(fs, args, stdout, stderr); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return usageError(stderr, "run", fmt.Sprintf("unexpected argument %q", fs.Arg(0)))
	}
	// SIGHUP reloads the config; caught from here on, so that one sent
	// during the start does not end the process (its default action).
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	cfg, ok := loadConfig(*cfgPath, stderr)
	if !ok {
		return exitConfig
	}
	log := newLogger(cfg, stderr)
	for _, n := range cfg.Notes() {
		log.Warn().Str("note", n).Msg("A config value was read as something else")
	}
	log.Info().Str("version", version()).Str("revision", revision()).Str("config", cfg.Path()).Msg("Starting SilentGuard")
	if limit, from := memoryLimit(cfg, os.Getenv); limit > 0 {
		if from == "config" {
			debug.SetMemoryLimit(limit)
		}
		log.Info().Int64("mib", limit>>20).Str("from", from).Msg("Memory limit")
	}
	gogc, from := setGC(os.Getenv)
	log.Info().Int("gogc", gogc).Str("from", from).Msg("Garbage collection")
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	a, err := app.Open(ctx, cfg, log, stdout)
	if err != nil {
		log.Error().Err(err).Msg("Failed to start")
		return exitDatabase
	}
	defer a.Close()
	go reloadOnHangup(ctx, a, hup, log)
	if err := a.Run(ctx); err != nil {
		log.Error().Err(err).Msg("Stopped with an error")
		if errors.Is(err, app.ErrStartup) {
			return exitDatabase
		}
		return exitRuntime
	}
	log.Info().Msg("Stopped")
	return exitOK
}

// reloadOnHangup reloads the config at each SIGHUP until ctx ends. A
// config that is refused is logged with its file, line and key, and the
// running one stays in force.
func reloadOnHangup(ctx context.Context, a *app.App, hup <-chan os.Signal, log zerolog.Logger) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-hup:
		}
		log.Info().Str("config", a.Config.Path()).Msg("Reloading the config (SIGHUP)")
		if err := a.Reload(); err != nil {
			log.Error().Err(err).Msg("Config reload refused; the running config stays in force")
		}
	}
}

func cmdConfig(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		return usageError(stderr, "config", `want "check [FILE]" or "example"`)
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		printHelp(stdout, "config", nil)
		return exitOK
	case "example":
		if len(args) > 1 && isHelpFlag(args[1]) {
			printHelp(stdout, "config", nil)
			return exitOK
		}
		_, _ = stdout.Write(silentguard.ExampleConfig)
		return exitOK
	case "check":
		fs := newFlags("config check")
		cfgPath := fs.String("config", "", "config file")
		if code, ok := parseFlags(fs, args[1:], stdout, stderr); !ok {
			return code
		}
		p := *cfgPath
		if fs.NArg() > 0 {
			p = fs.Arg(0)
		}
		cfg, ok := loadConfig(p, stderr)
		if !ok {
			return exitConfig
		}
		for _, n := range cfg.Notes() {
			fmt.Fprintln(stdout, "note:", n)
		}
		fmt.Fprintf(stdout, "%s: OK — %d owner(s), database %s, listener %q\n", cfg.Path(), len(cfg.Owners), cfg.DatabaseName(), cfg.HTTP.Listen)
		for _, o := range cfg.Owners {
			fmt.Fprintf(stdout, "  owner %s: country %s, languages %v, %d known contact(s), %d notification target(s)\n",
				o.ID, o.Country, o.Languages, len(o.Known()), len(o.Notify))
		}
		return exitOK
	default:
		msg := fmt.Sprintf("unknown subcommand %q (want check or example)", args[0])
		if near := suggest.Nearest(args[0], []string{"check", "example"}); near != "" {
			msg = fmt.Sprintf("unknown subcommand %q; did you mean %q?", args[0], near)
		}
		return usageError(stderr, "config", msg)
	}
}

func cmdForget(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("forget")
	cfgPath := fs.String("config", "", "config file")
	owner := fs.String("owner", "", "owner id whose data to delete")
	if code, ok := parseFlags(fs, args, stdout, stderr); !ok {
		return code
	}
	if *owner == "" {
		return usageError(stderr, "forget", "--owner ID is required")
	}
	cfg, ok := loadConfig(*cfgPath, stderr)
	if !ok {
		return exitConfig
	}
	ctx := context.Background()
	store, err := app.OpenStore(ctx, cfg)
	if err != nil {
		fmt.Fprintln(stderr, "silentguard forget:", err)
		return exitDatabase
	}
	defer store.Close()
	if err := store.Forget(ctx, *owner); err != nil {
		fmt.Fprintln(stderr, "silentguard forget:", err)
		return exitDatabase
	}
	if o := cfg.Owner(*owner); o != nil && o.Matrix.UserID != "" {
		if err := matrix.ForgetAccount(ctx, store.DB(), o.Matrix.UserID); err != nil {
			fmt.Fprintln(stderr, "silentguard forget:", err)
			return exitDatabase
		}
	}
	// An appservice user's owner id is their Matrix ID; the bot's index
	// of its DMs and users names them too.
	if err := appservice.Forget(ctx, store, *owner); err != nil {
		fmt.Fprintln(stderr, "silentguard forget:", err)
		return exitDatabase
	}
	// Rewrite the file so that deleted rows leave nothing on disk (on
	// PostgreSQL, VACUUM: their space reusable at once).
	if err := store.Vacuum(ctx); err != nil {
		fmt.Fprintln(stderr, "silentguard forget: vacuum:", err)
		return exitDatabase
	}
	if cfg.Owner(*owner) == nil {
		fmt.Fprintf(stdout, "note: %q is not an owner in %s; deleted whatever was stored under that id\n", *owner, cfg.Path())
	}
	fmt.Fprintf(stdout, "Forgot everything stored about owner %q in %s\n", *owner, cfg.DatabaseName())
	if cfg.Database.Type == config.DatabasePostgres {
		fmt.Fprintln(stdout, "PostgreSQL: the rows are deleted and VACUUM has made their space reusable; their bytes stay in the server's files until it reuses that space, and in its WAL and backups until those roll over")
	}
	return exitOK
}

// gcPercent is the daemon's GOGC unless the environment sets one: a
// burst's garbage is collected half as often as Go's default (100) would,
// for 5 % more messages a second in the load test and 3-4 MB more memory
// during a burst. An idle daemon gives it all back (see app's memory
// release), so the idle figures do not change.
const gcPercent = 200

// setGC sets gcPercent unless GOGC is set (the runtime has read it), and
// tells the percent in force and where it comes from.
func setGC(getenv func(string) string) (int, string) {
	from := "GOGC"
	if getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
		from = "default"
	}
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}}
	metrics.Read(s)
	return int(s[0].Value.Uint64()), from
}

// memoryLimit is the Go runtime's soft memory limit in bytes and where it
// comes from: GOMEMLIMIT when set (the runtime has read it), else the
// config's memory_limit_mib; 0 for none.
func memoryLimit(cfg *config.Config, getenv func(string) string) (int64, string) {
	if env := getenv("GOMEMLIMIT"); env != "" {
		if l := debug.SetMemoryLimit(-1); l != math.MaxInt64 {
			return l, "GOMEMLIMIT"
		}
		return 0, "GOMEMLIMIT"
	}
	return int64(cfg.MemoryLimitMiB) << 20, "config"
}
