package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/silentguard/silentguard/bot/sqlstore"
	"github.com/silentguard/silentguard/internal/config"
)

// cmdBackup writes a consistent copy of the database, also while the
// daemon runs.
func cmdBackup(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("backup")
	cfgPath := fs.String("config", "", "config file")
	if code, ok := parseFlags(fs, args, stdout, stderr); !ok {
		return code
	}
	if fs.NArg() != 1 {
		return usageError(stderr, "backup", "want one FILE to write the copy to")
	}
	dest := fs.Arg(0)
	if _, err := os.Lstat(dest); err == nil {
		return usageError(stderr, "backup", fmt.Sprintf("%s exists; give a new file name", dest))
	}
	cfg, ok := loadConfig(*cfgPath, stderr)
	if !ok {
		return exitConfig
	}
	if cfg.Database.Type == config.DatabasePostgres {
		fmt.Fprintln(stderr, "silentguard backup: the database is PostgreSQL: back it up with pg_dump (see README, \"PostgreSQL\")")
		return exitUsage
	}
	err := sqlstore.Backup(context.Background(), cfg.DatabasePath(), dest)
	if errors.Is(err, os.ErrExist) {
		return usageError(stderr, "backup", fmt.Sprintf("%s exists; give a new file name", dest))
	}
	if err != nil {
		fmt.Fprintln(stderr, "silentguard:", err)
		return exitDatabase
	}
	st, err := os.Stat(dest)
	if err != nil {
		fmt.Fprintln(stderr, "silentguard: backup:", err)
		return exitDatabase
	}
	fmt.Fprintf(stdout, "Backed up %s to %s (%d bytes). Keep it with the config file and the secret files.\n", cfg.DatabasePath(), dest, st.Size())
	return exitOK
}
