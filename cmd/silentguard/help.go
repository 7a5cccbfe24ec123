package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/silentguard/silentguard/internal/suggest"
)

// helpText is one command's help: what `silentguard help NAME` and
// `silentguard NAME -h` print, with the command's flags in between.
type helpText struct {
	synopsis string // after "silentguard "
	about    string
	examples []string
}

// commandNames are the commands, for "did you mean".
var commandNames = []string{"run", "check", "eval", "config", "matrix", "forget", "backup", "db", "ingest", "allow", "false-alarm", "status", "version", "help"}

// commandList is the list `silentguard help` prints.
var commandList = [][2]string{
	{"[run] [--config FILE]", "watch and warn (the default)"},
	{"check [flags] [TEXT | -]", "judge one message, print the verdict"},
	{"eval [flags] FILE...", "measure the detectors on a labelled corpus"},
	{"config check [FILE]", "validate a config file"},
	{"config example", "print the documented example config"},
	{"matrix registration [--out FILE]", "write the Matrix appservice registration"},
	{"forget --owner ID", "delete everything stored about an owner"},
	{"backup FILE", "copy the database to FILE, also while it runs"},
	{"db migrate [flags]", "copy a SQLite database into an empty PostgreSQL"},
	{"ingest [flags] [ID...]", "take one SMS from Gammu's RunOnReceive"},
	{"allow [flags] SENDER|REF", "you know this sender: no more warnings"},
	{"false-alarm [flags] REF", "a warning was wrong"},
	{"status [--owner ID]", "what is watched, the last warnings (as !status)"},
	{"version", "print the version and how it was built (also --version)"},
	{"help [COMMAND]", "a command's flags and examples"},
}

var helps = map[string]helpText{
	"run": {
		synopsis: "[run] [--config FILE]",
		about: `Watches new direct conversations from unknown contacts on the configured
accounts and gateways, and warns each owner privately when one looks like
the "wrong number" scam. It never acts toward the sender. SIGINT or SIGTERM
stops it; warnings in flight get up to 10 seconds to finish.

Only one run may use a SQLite database at a time: a second one exits 11
with an error naming the lock file (silentguard.db.lock beside the
database). Several may share a PostgreSQL database: each takes webhook
intake, and one at a time (the holder of a lease in the database) runs the
Matrix and Telegram sessions and delivery; a holder that loses its lease
exits 12.

Exit codes: 0 stopped, 10 bad config, 11 database or start-up failure
(another run holds the database, the listener's port is taken), 12
runtime failure.`,
		examples: []string{
			"silentguard config example > silentguard.toml   # then edit it",
			"silentguard run --config silentguard.toml",
			"silentguard --config /etc/silentguard/silentguard.toml",
		},
	},
	"check": {
		synopsis: "check [flags] [TEXT | -]",
		about: `Judges one message as if an unknown contact had sent it, with the built-in
defaults (or --config's detectors and watch policy), and prints the level,
the score and the reasons. Nothing is stored. With "-", or no TEXT and a
pipe, the text is read from standard input.

Exit codes: 0 the owner would not be notified, 1 they would, 2 bad usage,
10 a bad --config, 12 the detectors failed on the text (a bug: the verdict
printed lacks the part that failed, and standard error says where).`,
		examples: []string{
			`silentguard check --owner-name Laura --country IT --lang it "Ciao Marco, confermi per domani alle 15?"`,
			`silentguard check --json --from "+1 202 555 0143" "Hi, is this Anna? We met at the conference"`,
			`pbpaste | silentguard check --owner-name Sam -`,
		},
	},
	"eval": {
		synopsis: "eval [--json] [--show-misses] [--config FILE] FILE...",
		about: `Feeds labelled conversations (JSON Lines, one conversation a line) through
the same path as a running SilentGuard and prints on-time recall and false
alarms by category. detectors/testdata/sample.jsonl is a small example.

Exit codes: 0 done, 2 bad usage or an unreadable corpus, 10 a bad --config,
12 a runtime failure, or the detectors failed on some turn (a bug: the
report counts them first as detector_faults).`,
		examples: []string{
			"silentguard eval detectors/testdata/sample.jsonl",
			"silentguard eval --show-misses --config silentguard.toml mine.jsonl",
			"silentguard eval --json detectors/testdata/*.jsonl",
		},
	},
	"config": {
		synopsis: "config check [FILE] | config example",
		about: `"config check" loads a config file the way run does (default: --config,
./silentguard.toml, then $XDG_CONFIG_HOME/silentguard/config.toml), resolves
its secrets, and prints a summary or the first error with its file, line,
key and value (exit 10). "config example" prints every option, commented,
with its default.`,
		examples: []string{
			"silentguard config example > silentguard.toml",
			"silentguard config check silentguard.toml",
			"silentguard config check --config /etc/silentguard/silentguard.toml",
		},
	},
	"matrix": {
		synopsis: "matrix registration [--config FILE] [--out FILE]",
		about: `Writes the appservice registration of [matrix.appservice] for the
homeserver: SilentGuard's id, the URL where the homeserver reaches it, its
tokens, its bot and the users it may protect (a namespace that is not
exclusive). Tokens the config does not give are made once and kept in the
database, so the file is the same each time. Install it in Synapse
(app_service_config_files) or Dendrite (app_service_api.config_files) and
restart the homeserver.

Exit codes: 0 written, 2 bad usage, 10 bad config (or [matrix.appservice]
not enabled), 11 the database could not be opened, 12 --out could not be
written.`,
		examples: []string{
			"silentguard matrix registration --config /etc/silentguard/silentguard.toml --out /etc/matrix/silentguard.yaml",
		},
	},
	"forget": {
		synopsis: "forget --owner ID [--config FILE]",
		about: `Deletes every conversation, warning, feedback, cursor and Matrix session
stored for one owner, then rewrites the database file so that nothing of
it stays on disk. Other owners' data is kept. Stop the daemon first.`,
		examples: []string{
			"silentguard forget --owner nonna --config /etc/silentguard/silentguard.toml",
		},
	},
	"backup": {
		synopsis: "backup [--config FILE] FILE",
		about: `Writes a consistent copy of the database to FILE (SQLite's VACUUM INTO),
also while the daemon runs. FILE must not exist; it is created readable by
its owner only. The database is opened read-only and not upgraded, so a
backup taken before installing a new version keeps the old schema. Keep it
with the config file and the secret files: together they restore
everything.

Exit codes: 0 written, 2 bad usage (FILE exists, or the database is
PostgreSQL: use pg_dump), 10 bad config, 11 the database could not be read
or FILE written.`,
		examples: []string{
			"silentguard backup --config /etc/silentguard/silentguard.toml /var/backups/silentguard-$(date +%F).db",
			"sudo -u silentguard silentguard backup --config /etc/silentguard/silentguard.toml /var/lib/silentguard/before-upgrade.db",
		},
	},
	"db": {
		synopsis: "db migrate --from sqlite:FILE [--to postgres:URI] [--config FILE]",
		about: `"db migrate" copies a SQLite database into an empty PostgreSQL one:
conversations, turns, warnings and their deliveries, feedback, allowed
senders, cursors, secrets, and the Matrix devices' room state and
encryption keys. It copies in one transaction, which commits only once
every table counts as many rows as the source; a target that holds any row
is refused. Stop the daemon first (the SQLite lock is taken). Without
--to, the config's database.uri is used; postgres:env:NAME reads the URI
from a variable, which keeps its password off the command line.

Exit codes: 0 copied, 2 bad usage or a target that is not empty, 10 bad
config, 11 the copy failed (nothing was committed).`,
		examples: []string{
			"silentguard db migrate --from sqlite:/var/lib/silentguard/silentguard.db --config /etc/silentguard/silentguard.toml",
			"SG_DB=postgres://silentguard:PASSWORD@db/silentguard silentguard db migrate --from sqlite:data/silentguard.db --to postgres:env:SG_DB",
		},
	},
	"ingest": {
		synopsis: "ingest [flags] [MESSAGE-ID...]",
		about: `Reads one received SMS from the environment Gammu SMSD's RunOnReceive sets
(SMS_MESSAGES, SMS_1_NUMBER, SMS_1_TEXT, DECODED_PARTS, DECODED_1_TEXT...),
with Gammu's message IDs as arguments, and hands it to the running daemon
(POST /v1/messages on http.listen). Other programs can pass --from and
--text instead. Nothing is read from standard input.

Exit codes: 0 stored (or a duplicate, or nothing to judge), 2 a message or
usage refused, 10 config, 11 database (--direct), 12 the daemon did not
answer in time.`,
		examples: []string{
			"RunOnReceive = /usr/local/bin/silentguard ingest --config /etc/silentguard/silentguard.toml --log /var/log/silentguard/ingest.log",
			`silentguard ingest --from "+39 347 123 4567" --text "Ciao Marco, ci sei domani?" --id sms-42`,
			"silentguard ingest --direct --source modem   # no daemon: judge and warn here",
		},
	},
	"allow": {
		synopsis: "allow [--owner ID] [--config FILE] SENDER | REF",
		about: `Records that the owner knows a sender: no more warnings about them, and
conversations with them are no longer watched. SENDER is written as in
the allow-list: a phone number in any format (a national number is read
in the owner's country), a Matrix ID or telegram:<user id>; it then holds
on every network, bridged ones included. REF is a warning's reference:
its sender, on its network. Nothing is sent to anyone.

When a daemon answers on http.listen, the command goes to it (with
http.token); otherwise it opens the database itself. --owner may be left
out when there is one owner.

Exit codes: 0 done, 2 bad usage (an unknown owner, reference or sender),
10 config, 11 database, 12 a daemon holds the database but did not answer.`,
		examples: []string{
			`silentguard allow --owner nonna "+39 340 123 4567"`,
			"silentguard allow --owner nonna K7Q2",
			"silentguard allow --owner alex @dentist:example.org",
		},
	},
	"false-alarm": {
		synopsis: "false-alarm [--owner ID] [--config FILE] REF",
		about: `Records that warning REF was a false alarm (what the owner page's "This
was a false alarm" and !false REF record). It changes what SilentGuard
watches in no way; to stop warnings about the sender, use allow.

Talks to a running daemon or to the database as allow does; the same exit
codes.`,
		examples: []string{
			"silentguard false-alarm --owner nonna K7Q2",
			"silentguard false-alarm --config /etc/silentguard/silentguard.toml --owner alex 4HXR",
		},
	},
	"status": {
		synopsis: "status [--owner ID] [--config FILE]",
		about: `Prints what !status answers in the owner's chat with the bot, in the
owner's language: how many conversations are watched, what cannot be
read, the last warnings with their references, and warnings that could
not be delivered. Without --owner, every owner's, each under its id.

Talks to a running daemon (which also knows what its adapters cannot
read) or to the database as allow does; the same exit codes.`,
		examples: []string{
			"silentguard status",
			"silentguard status --owner nonna --config /etc/silentguard/silentguard.toml",
		},
	},
	"version": {
		synopsis: "version",
		about: `Prints the module version, the source revision and its time (and whether
the tree had uncommitted changes), the Go version and the build tags. A
binary built without -tags goolm cannot use Matrix encryption.`,
		examples: []string{"silentguard version"},
	},
	"help": {
		synopsis: "help [COMMAND]",
		about:    `Prints the list of commands, or one command's help with its flags and examples.`,
		examples: []string{"silentguard help", "silentguard help ingest"},
	},
}

// usage is the list of commands.
func usage() string {
	var b strings.Builder
	b.WriteString("silentguard — warns you privately about \"wrong number\" scam openers.\n\nUsage:\n")
	for _, l := range commandList {
		fmt.Fprintf(&b, "  silentguard %-25s %s\n", l[0], l[1])
	}
	b.WriteString(`
The config file defaults to ./silentguard.toml, then
$XDG_CONFIG_HOME/silentguard/config.toml. Run "silentguard help COMMAND"
(or "silentguard COMMAND -h") for a command's flags and examples.
`)
	return b.String()
}

// printHelp writes a command's help; fs (nil for a command without flags)
// gives its flags.
func printHelp(w io.Writer, name string, fs *flag.FlagSet) {
	h := helps[name]
	fmt.Fprintf(w, "Usage: silentguard %s\n\n%s\n", h.synopsis, h.about)
	if fs != nil {
		hasFlags := false
		fs.VisitAll(func(*flag.Flag) { hasFlags = true })
		if hasFlags {
			fmt.Fprint(w, "\nFlags:\n")
			fs.SetOutput(w)
			fs.PrintDefaults()
			fs.SetOutput(io.Discard)
		}
	}
	if len(h.examples) > 0 {
		fmt.Fprint(w, "\nExamples:\n")
		for _, e := range h.examples {
			fmt.Fprintf(w, "  %s\n", e)
		}
	}
}

// newFlags makes a command's flag set; parseFlags reports its errors.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("silentguard "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parseFlags parses a command's flags. -h prints the command's help on
// stdout (exit 0); a bad flag prints the error and where help is on
// stderr (exit 2). When ok is false the command returns code.
func parseFlags(fs *flag.FlagSet, args []string, stdout, stderr io.Writer) (code int, ok bool) {
	name := strings.TrimPrefix(fs.Name(), "silentguard ")
	err := fs.Parse(args)
	switch {
	case err == nil:
		return exitOK, true
	case errors.Is(err, flag.ErrHelp):
		printHelp(stdout, helpName(name), fs)
		return exitOK, false
	default:
		return usageError(stderr, name, err.Error()), false
	}
}

// usageError says what is wrong and where the help is; it returns exit 2.
func usageError(stderr io.Writer, name, msg string) int {
	fmt.Fprintf(stderr, "silentguard %s: %s\nRun \"silentguard help %s\" for its flags and examples.\n", name, msg, helpName(name))
	return exitUsage
}

// helpName maps "config check" to the help of "config".
func helpName(name string) string {
	base, _, _ := strings.Cut(name, " ")
	return base
}

func isHelpFlag(s string) bool { return s == "-h" || s == "-help" || s == "--help" }

// cmdHelp prints the command list, or one command's help (through the
// command itself, so that its flags are listed).
func cmdHelp(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stdout, usage())
		return exitOK
	}
	name := args[0]
	if _, ok := helps[name]; !ok || name == "help" {
		if name == "help" {
			printHelp(stdout, "help", nil)
			return exitOK
		}
		return unknownCommand(stderr, name)
	}
	return run([]string{name, "-h"}, stdin, stdout, stderr)
}

// unknownCommand names the nearest command, if one is close.
func unknownCommand(stderr io.Writer, name string) int {
	if near := suggest.Nearest(name, commandNames); near != "" {
		fmt.Fprintf(stderr, "silentguard: unknown command %q; did you mean %q?\nRun \"silentguard help\" for the list of commands.\n", name, near)
		return exitUsage
	}
	fmt.Fprintf(stderr, "silentguard: unknown command %q\n\n%s", name, usage())
	return exitUsage
}
