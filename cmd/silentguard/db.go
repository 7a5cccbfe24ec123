package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/rs/zerolog"

	"github.com/silentguard/silentguard/internal/app"
	"github.com/silentguard/silentguard/internal/config"
)

// migrateFlags are the flags of "db migrate".
func migrateFlags() (fs *flag.FlagSet, from, to, cfgPath *string) {
	fs = newFlags("db migrate")
	from = fs.String("from", "", "the SQLite database to copy, as sqlite:FILE")
	to = fs.String("to", "", "the empty PostgreSQL database to copy into, as postgres:URI or postgres:env:NAME (default: database.uri of the config)")
	cfgPath = fs.String("config", "", "config file, for database.uri when --to is not given")
	return fs, from, to, cfgPath
}

func cmdDB(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		return usageError(stderr, "db", `want "migrate --from sqlite:FILE --to postgres:URI"`)
	}
	if isHelpFlag(args[0]) || args[0] == "help" {
		fs, _, _, _ := migrateFlags()
		printHelp(stdout, "db", fs)
		return exitOK
	}
	if args[0] != "migrate" {
		return usageError(stderr, "db", fmt.Sprintf("unknown subcommand %q (want migrate)", args[0]))
	}
	fs, from, to, cfgPath := migrateFlags()
	if code, ok := parseFlags(fs, args[1:], stdout, stderr); !ok {
		return code
	}
	src, ok := strings.CutPrefix(*from, "sqlite:")
	if !ok || src == "" {
		return usageError(stderr, "db migrate", "--from sqlite:FILE is required (the database of a stopped daemon)")
	}
	uri, err := migrateTarget(*to, *cfgPath)
	var ce *configError
	if errors.As(err, &ce) {
		fmt.Fprintln(stderr, "silentguard db migrate: config:", ce.err)
		return exitConfig
	}
	if err != nil {
		return usageError(stderr, "db migrate", err.Error())
	}
	counts, err := app.Migrate(context.Background(), src, uri, zerolog.New(stderr).Level(zerolog.InfoLevel))
	if err != nil {
		fmt.Fprintln(stderr, "silentguard db migrate:", err)
		if errors.Is(err, app.ErrTargetNotEmpty) {
			return exitUsage
		}
		return exitDatabase
	}
	total := 0
	for _, c := range counts {
		fmt.Fprintf(stdout, "  %-40s %d\n", c.Table, c.Rows)
		total += c.Rows
	}
	fmt.Fprintf(stdout, "Copied %d rows of %d tables from %s to PostgreSQL, every table checked. Set database.type = \"postgres\" and database.uri in the config, then start SilentGuard.\n", total, len(counts), src)
	return exitOK
}

// migrateTarget reads --to (the URI, or env:NAME so that it stays off
// the command line), or the config's database.uri.
func migrateTarget(to, cfgPath string) (string, error) {
	if to == "" {
		path, err := config.Find(cfgPath)
		if err != nil {
			return "", fmt.Errorf("--to postgres:URI is required without a config: %w", err)
		}
		cfg, err := config.Load(path)
		if err != nil {
			return "", &configError{err}
		}
		if cfg.Database.Type != config.DatabasePostgres {
			return "", fmt.Errorf("--to postgres:URI is required: %s has database.type = %q", path, cfg.Database.Type)
		}
		return cfg.Database.URI.Value(), nil
	}
	v, ok := strings.CutPrefix(to, "postgres:")
	if !ok || v == "" {
		return "", errors.New("--to wants postgres:URI (postgres:postgres://user@host/db) or postgres:env:NAME")
	}
	if name, ok := strings.CutPrefix(v, "env:"); ok {
		return envValue(name)
	}
	return v, nil
}

// configError is a config that does not load (exit 10).
type configError struct{ err error }

func (e *configError) Error() string { return e.err.Error() }

func envValue(name string) (string, error) {
	v, ok := os.LookupEnv(name)
	if !ok || v == "" {
		return "", fmt.Errorf("environment variable %s is not set", name)
	}
	return v, nil
}
