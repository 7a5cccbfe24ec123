package main

import (
	"context"
	"encoding/json"

	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/mattn/go-isatty"
	"github.com/rs/zerolog"
	xlanguage "golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/silentguard/silentguard/adapters/webhook"
	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/bot/memstore"
	"github.com/silentguard/silentguard/bot/warntext"
	"github.com/silentguard/silentguard/detectors"
	"github.com/silentguard/silentguard/internal/app"
	"github.com/silentguard/silentguard/internal/config"
	"github.com/silentguard/silentguard/internal/evaluate"
	"github.com/silentguard/silentguard/internal/suggest"
)

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// defaultsOrConfig gives check and eval the built-in defaults, or a file's.
func defaultsOrConfig(path string, stderr io.Writer) (*config.Config, bool) {
	if path == "" {
		return config.Default(), true
	}
	return loadConfig(path, stderr)
}

func cmdCheck(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("check")
	var names multiFlag
	fs.Var(&names, "owner-name", "a name the owner answers to (repeatable)")
	country := fs.String("country", "US", "owner's country (ISO 3166)")
	lang := fs.String("lang", "en", "owner's language")
	from := fs.String("from", "", "sender's phone number")
	name := fs.String("name", "", "sender's display name")
	network := fs.String("network", "sms", "network: sms, whatsapp, signal, telegram, matrix, imessage, gmessages")
	asJSON := fs.Bool("json", false, "print the verdict as JSON")
	cfgPath := fs.String("config", "", "config file (default: built-in defaults)")
	if code, ok := parseFlags(fs, args, stdout, stderr); !ok {
		return code
	}
	text := strings.Join(fs.Args(), " ")
	if text == "-" || (text == "" && !isTerminal(stdin)) {
		b, err := io.ReadAll(io.LimitReader(stdin, 64<<10))
		if err != nil {
			fmt.Fprintln(stderr, "silentguard check: read standard input:", err)
			return exitUsage
		}
		text = strings.TrimSpace(string(b))
	}
	if text == "" {
		return usageError(stderr, "check", "no message: give its TEXT, or - to read it from standard input")
	}
	cfg, ok := defaultsOrConfig(*cfgPath, stderr)
	if !ok {
		return exitConfig
	}
	if len(names) == 0 {
		// Said, not hidden: without the owner's names any greeted name
		// looks like someone else's.
		fmt.Fprintln(stderr, "silentguard check: judged without the owner's names (add --owner-name NAME for each name they answer to): a greeting to any name counts as meant for someone else.")
	}
	cc, note, err := config.ParseCountry(*country)
	if err != nil {
		return usageError(stderr, "check", "--country: "+strings.TrimPrefix(err.Error(), config.ErrBadValue.Error()+": "))
	}
	if note != "" {
		fmt.Fprintln(stderr, "silentguard check: note: --country", note)
	}
	language, note, err := supportedLanguage(*lang)
	if err != nil {
		return usageError(stderr, "check", "--lang: "+err.Error())
	}
	if note != "" {
		fmt.Fprintln(stderr, "silentguard check: note: --lang", note)
	}
	ctx := context.Background()
	reg, err := detectors.New(cfg.DetectorConfig())
	if err != nil {
		fmt.Fprintln(stderr, "silentguard check:", err)
		return exitConfig
	}
	store := memstore.New()
	eng := bot.New(bot.Options{Store: store, Detectors: reg, Policy: app.PolicyOf(cfg), Log: zerolog.Nop()})
	rec := &evaluate.Recorder{}
	eng.AddOwner(&bot.Owner{ID: "check", Names: names, Country: cc, Languages: []string{language},
		Known: map[string]bool{}, Targets: []bot.Target{{Name: "check", Notifier: rec}}})
	sender := bot.Sender{ID: "unknown-sender", DisplayName: *name, Network: detectors.ParseNetwork(*network)}
	if *from != "" {
		if e164, ok := webhook.PhoneE164(*from, cc); ok {
			sender.ID, sender.Phone = e164, e164
		} else {
			fmt.Fprintf(stderr, "silentguard check: --from %q is not a phone number\n", *from)
			return exitUsage
		}
		if sender.DisplayName == "" {
			sender.DisplayName = *from
		}
	}
	res, err := eng.Handle(ctx, bot.Message{Platform: string(sender.Network), Owner: "check", ConversationKey: "check",
		Sender: sender, Text: text, EventID: "1"})
	if err != nil {
		fmt.Fprintln(stderr, "silentguard check:", err)
		return exitUsage
	}
	notified := res.Warning != nil
	if *asJSON {
		_ = json.NewEncoder(stdout).Encode(struct {
			Notified bool `json:"notified"`
			detectors.Verdict
		}{notified, res.Verdict})
	} else {
		printVerdict(stdout, res.Verdict, notified)
	}
	if res.Verdict.Fault != "" {
		fmt.Fprintln(stderr, "silentguard check: the detectors failed on this text (a bug, please report it):", res.Verdict.Fault)
		return exitRuntime
	}
	if notified {
		return exitNotified
	}
	return exitOK
}

// supportedLanguage reads a language the warnings are written in: a code
// of warntext.Languages(), in any case or with a region ("pt-BR", read as
// "pt" with a note), or an ISO 639-2 code ("ita"). Anything else is an
// error that names the nearest supported code and lists them all.
func supportedLanguage(s string) (lang, note string, err error) {
	langs := warntext.Languages()
	in := strings.TrimSpace(s)
	if slices.Contains(langs, in) {
		return in, "", nil
	}
	if tag, err := xlanguage.Parse(in); err == nil {
		base, _ := tag.Base()
		if slices.Contains(langs, base.String()) {
			if strings.EqualFold(in, base.String()) {
				return base.String(), "", nil
			}
			return base.String(), fmt.Sprintf("%q read as %q", in, base.String()), nil
		}
	}
	// Names, in English or in the language itself: "Italian", "italiano".
	names := map[string]string{}
	var choices []string
	for _, l := range langs {
		t := xlanguage.Make(l)
		for _, n := range []string{display.English.Languages().Name(t), display.Self.Name(t), l} {
			names[strings.ToLower(n)] = l
			choices = append(choices, strings.ToLower(n))
		}
	}
	list := strings.Join(langs, ", ")
	if near := suggest.Nearest(strings.ToLower(in), choices); near != "" {
		return "", "", fmt.Errorf("%q is not a supported language; did you mean %q? (one of %s)", in, names[near], list)
	}
	return "", "", fmt.Errorf("%q is not a supported language (one of %s)", in, list)
}

func printVerdict(w io.Writer, v detectors.Verdict, notified bool) {
	fmt.Fprintf(w, "level: %s  score: %.2f", v.Level, v.Score)
	if v.Kind != "" {
		fmt.Fprintf(w, "  kind: %s", v.Kind)
	}
	if notified {
		fmt.Fprint(w, "  → the owner would be warned")
	} else {
		fmt.Fprint(w, "  → no warning")
	}
	fmt.Fprintln(w)
	for _, r := range v.Reasons {
		fmt.Fprintf(w, "  %-24s %.2f  %s\n", r.Code, r.Weight, r.Detail)
	}
	if v.Fault != "" {
		fmt.Fprintln(w, "  NOT FULLY JUDGED: the detectors failed on this text, so the verdict lacks that part")
	}
}

func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

func cmdEval(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("eval")
	asJSON := fs.Bool("json", false, "print one JSON object on one line")
	showMisses := fs.Bool("show-misses", false, "list each miss and false alarm with its reasons")
	cfgPath := fs.String("config", "", "config file (default: built-in defaults)")
	if code, ok := parseFlags(fs, args, stdout, stderr); !ok {
		return code
	}
	if fs.NArg() == 0 {
		return usageError(stderr, "eval", "no corpus FILE (try detectors/testdata/sample.jsonl)")
	}
	cfg, ok := defaultsOrConfig(*cfgPath, stderr)
	if !ok {
		return exitConfig
	}
	cases, err := evaluate.Load(fs.Args()...)
	if err != nil {
		fmt.Fprintln(stderr, "silentguard eval:", err)
		return exitUsage
	}
	var progress func(int)
	if f, ok := stderr.(*os.File); ok && isatty.IsTerminal(f.Fd()) && len(cases) >= 200 {
		progress = func(done int) {
			if done%50 == 0 || done == len(cases) {
				fmt.Fprintf(stderr, "\r%s %d/%d", bar(done, len(cases), 30), done, len(cases))
				if done == len(cases) {
					fmt.Fprintln(stderr)
				}
			}
		}
	}
	outs, rep, err := evaluate.Run(context.Background(), cases, cfg.DetectorConfig(), app.PolicyOf(cfg), progress)
	if err != nil {
		fmt.Fprintln(stderr, "silentguard eval:", err)
		return exitRuntime
	}
	if *asJSON {
		b, _ := json.Marshal(rep)
		fmt.Fprintln(stdout, string(b))
	} else {
		rep.WriteTable(stdout)
	}
	if *showMisses {
		printMisses(stdout, outs)
	}
	if rep.DetectorFaults > 0 {
		fmt.Fprintf(stderr, "silentguard eval: the detectors failed on %d turns (a bug; run check on them to see where)\n", rep.DetectorFaults)
		return exitRuntime
	}
	return exitOK
}

func bar(done, total, width int) string {
	n := done * width / max(total, 1)
	return "[" + strings.Repeat("#", n) + strings.Repeat(".", width-n) + "]"
}

func printMisses(w io.Writer, outs []evaluate.Outcome) {
	fmt.Fprintln(w, "\nMisses (positives not warned on time) and false alarms:")
	for _, o := range outs {
		c := o.Case
		var what string
		switch {
		case c.Warn && !o.OnTime():
			what = fmt.Sprintf("MISS (warned at turn %d, due by %d)", o.WarnedAt, c.WarnBy)
			if o.WarnedAt == 0 {
				what = fmt.Sprintf("MISS (never warned, due by turn %d)", c.WarnBy)
			}
		case !c.Warn && o.Warned():
			what = fmt.Sprintf("FALSE ALARM (at turn %d)", o.WarnedAt)
		default:
			continue
		}
		fmt.Fprintf(w, "\n%s [%s] %s — level %s, score %.2f\n", c.ID, c.Category, what, o.Verdict.Level, o.Verdict.Score)
		for i, t := range c.Turns {
			if i >= 3 {
				fmt.Fprintf(w, "    … %d more turns\n", len(c.Turns)-3)
				break
			}
			fmt.Fprintf(w, "    %s: %s\n", t.From, t.Text)
		}
		for _, r := range o.Verdict.Reasons {
			fmt.Fprintf(w, "    - %s %.2f %s\n", r.Code, r.Weight, r.Detail)
		}
	}
}
