package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/silentguard/silentguard/adapters/matrix/appservice"
	"github.com/silentguard/silentguard/bot/sqlstore"
	"github.com/silentguard/silentguard/internal/app"
	"github.com/silentguard/silentguard/internal/config"
	"github.com/silentguard/silentguard/internal/suggest"
)

func cmdMatrix(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		return usageError(stderr, "matrix", `want "registration"`)
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		fs, _, _ := registrationFlags()
		printHelp(stdout, "matrix", fs)
		return exitOK
	case "registration":
		return cmdRegistration(args[1:], stdout, stderr)
	default:
		msg := fmt.Sprintf("unknown subcommand %q (want registration)", args[0])
		if near := suggest.Nearest(args[0], []string{"registration"}); near != "" {
			msg = fmt.Sprintf("unknown subcommand %q; did you mean %q?", args[0], near)
		}
		return usageError(stderr, "matrix", msg)
	}
}

func registrationFlags() (fs *flag.FlagSet, cfgPath, out *string) {
	fs = newFlags("matrix registration")
	cfgPath = fs.String("config", "", "config file")
	out = fs.String("out", "", "write the registration to FILE (mode 0600) instead of standard output")
	return fs, cfgPath, out
}

// cmdRegistration writes the appservice registration for the homeserver.
// Tokens the config does not give are made once and kept in the database,
// so running it again writes the same file.
func cmdRegistration(args []string, stdout, stderr io.Writer) int {
	fs, cfgPath, out := registrationFlags()
	if code, ok := parseFlags(fs, args, stdout, stderr); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return usageError(stderr, "matrix registration", fmt.Sprintf("unexpected argument %q", fs.Arg(0)))
	}
	cfg, ok := loadConfig(*cfgPath, stderr)
	if !ok {
		return exitConfig
	}
	if !cfg.Matrix.Appservice.Enabled {
		fmt.Fprintf(stderr, "silentguard matrix registration: %s: [matrix.appservice] enabled is not true\n", cfg.Path())
		return exitConfig
	}
	ctx := context.Background()
	if cfg.Database.Type != config.DatabasePostgres && cfg.Database.Path == "" {
		if err := sqlstore.PrivateDir(ctx, cfg.DataDir); err != nil {
			fmt.Fprintln(stderr, "silentguard matrix registration:", err)
			return exitDatabase
		}
	}
	// The daemon's own database: the tokens made here are the ones it
	// finds there (on PostgreSQL too).
	store, err := app.OpenStore(ctx, cfg)
	if err != nil {
		fmt.Fprintln(stderr, "silentguard matrix registration:", err)
		return exitDatabase
	}
	opts, err := app.AppserviceOptions(ctx, cfg, store)
	store.Close()
	if err != nil {
		fmt.Fprintln(stderr, "silentguard matrix registration:", err)
		return exitDatabase
	}
	text := appservice.RegistrationYAML(opts)
	if *out == "" {
		fmt.Fprint(stdout, text)
		return exitOK
	}
	if err := writePrivate(*out, []byte(text)); err != nil {
		fmt.Fprintln(stderr, "silentguard matrix registration:", err)
		return exitRuntime
	}
	fmt.Fprintf(stdout, "Wrote %s. Add it to the homeserver (README.md, \"Matrix appservice mode\") and restart it.\n", *out)
	return exitOK
}

// writePrivate writes a file that holds secrets: into a new file of mode
// 0600 next to path, renamed over path once written. A file already at
// path is replaced, never written into: whoever could read it (it may
// have been 0644, or open) does not see the secrets.
func writePrivate(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // once renamed, there is nothing left to remove
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
