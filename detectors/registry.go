package detectors

import (
	"fmt"
	"math"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"

	"mvdan.cc/xurls/v2"

	"github.com/silentguard/silentguard/detectors/textmodel"
	"github.com/silentguard/silentguard/internal/failpoint"
)

// Config holds the tunable parts of scoring. The zero value is not useful:
// start from DefaultConfig.
type Config struct {
	// Score thresholds for each level, in [0,1], increasing.
	Caution float64
	Warning float64
	Alert   float64
	// Weights overrides the default weight of a reason code (see codes.go).
	// A weight of 0 turns that cue off. Unknown codes are an error.
	Weights map[string]float64
}

// Default thresholds. Scores combine reason weights as a noisy OR
// (1 - Π(1-w)), so a threshold reads as "how sure before we say so":
// one clear opener cue crosses Caution, an opener plus chat after the
// owner's "wrong number" crosses Warning, any pivot crosses Alert.
const (
	DefaultCaution = 0.30
	DefaultWarning = 0.55
	DefaultAlert   = 0.80
)

// DefaultConfig returns the default thresholds and no weight overrides;
// DefaultWeight and Codes document the default weights.
func DefaultConfig() Config {
	return Config{Caution: DefaultCaution, Warning: DefaultWarning, Alert: DefaultAlert}
}

// Validate checks thresholds and weights. Errors wrap ErrBadConfig (and
// ErrUnknownCode for an unknown code) and name the offending key.
func (c Config) Validate() error {
	for _, th := range []struct {
		name string
		v    float64
	}{{"caution", c.Caution}, {"warning", c.Warning}, {"alert", c.Alert}} {
		if math.IsNaN(th.v) || th.v < 0 || th.v > 1 {
			return fmt.Errorf("%w: %s threshold %v is outside [0,1]", ErrBadConfig, th.name, th.v)
		}
	}
	if !(c.Caution < c.Warning && c.Warning < c.Alert) {
		return fmt.Errorf("%w: thresholds must increase: caution %v < warning %v < alert %v",
			ErrBadConfig, c.Caution, c.Warning, c.Alert)
	}
	if c.Caution == 0 {
		return fmt.Errorf("%w: caution threshold must be above 0", ErrBadConfig)
	}
	codes := make([]string, 0, len(c.Weights))
	for code := range c.Weights {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	for _, code := range codes {
		w := c.Weights[code]
		if !isKnownCode(code) {
			return fmt.Errorf("%w: weights: %w %q", ErrBadConfig, ErrUnknownCode, code)
		}
		if math.IsNaN(w) || w < 0 || w > 1 {
			return fmt.Errorf("%w: weight of %q is %v, want [0,1]", ErrBadConfig, code, w)
		}
	}
	return nil
}

// Detector is one cue family. Detectors read the shared analysis of the
// conversation and emit reasons; they never act and never fail.
type Detector interface {
	Name() string
	Detect(a *analysis, emit emitFunc)
}

// detectorList is the explicit list of cue families, in the order they
// run. Order does not change the verdict (reasons are sorted), only the
// order of reasons with equal weight and code.
func detectorList() []Detector {
	return []Detector{
		openerNames{},
		openerCues{},
		chaseCues{},
		rapportCues{},
		romanceCues{},
		pivotCues{},
		linkCues{},
		senderMeta{},
		frameCues{},
		modelCue{},
	}
}

// Registry holds the compiled lexicons and the detectors. It is immutable
// after New and safe for concurrent use.
type Registry struct {
	cfg    Config
	codes  map[string]codeInfo // with configured weights
	folder *folder
	lex    *lexicon
	// urls is the URL pattern, built at the first text that may hold a
	// link (xurls keeps it): 14 ms and 1 MB that a start-up need not pay.
	urls      func() *regexp.Regexp
	detectors []Detector
	links     *linkCache
	models    textModels
	// langMasks maps the language model's labels to lexicon languages
	// (0 for "other").
	langMasks []langMask
	// owners caches each owner's name sets (see analysis.setOwner).
	owners *ownerCache
}

// New validates cfg and compiles every lexicon once.
func New(cfg Config) (*Registry, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	codes := codeTable()
	for code, w := range cfg.Weights {
		ci := codes[code]
		ci.weight = w
		codes[code] = ci
	}
	b, err := compiledBuiltin()
	if err != nil {
		return nil, fmt.Errorf("compile lexicons: %w", err)
	}
	models, err := builtinModels()
	if err != nil {
		return nil, fmt.Errorf("load text models: %w", err)
	}
	var langMasks []langMask
	if models.lang != nil {
		for _, l := range models.lang.Labels {
			langMasks = append(langMasks, b.lex.mask(l))
		}
	}
	return &Registry{
		cfg:       cfg,
		codes:     codes,
		folder:    b.folder,
		lex:       b.lex,
		urls:      xurls.Relaxed,
		detectors: detectorList(),
		links:     &linkCache{},
		models:    models,
		langMasks: langMasks,
		owners:    &ownerCache{},
	}, nil
}

// builtin is the folding table and the compiled embedded lexicons, which
// are the same for every Registry (a config changes weights, not words)
// and read-only once built: compiled once per process.
type builtin struct {
	folder *folder
	lex    *lexicon
}

var compiledBuiltin = sync.OnceValues(func() (builtin, error) {
	f := newFolder()
	lex, err := compileLexicon(f)
	return builtin{folder: f, lex: lex}, err
})

// Languages lists the languages that have a lexicon, sorted.
func (r *Registry) Languages() []string { return append([]string(nil), r.lex.langs...) }

// WithModels returns a copy of the registry that uses these text models
// instead of the built-in ones (nil: none). It exists for cmd/sgtrain,
// which measures models before it writes them.
func (r *Registry) WithModels(scam, lang *textmodel.Model) *Registry {
	c := *r
	c.models = textModels{scam: scam, lang: lang}
	c.langMasks = nil
	if lang != nil {
		for _, l := range lang.Labels {
			c.langMasks = append(c.langMasks, r.lex.mask(l))
		}
	}
	return &c
}

// Config returns the configuration the registry was built with.
func (r *Registry) Config() Config { return r.cfg }

// Prepare builds now what the registry otherwise builds at its first use
// (the URL pattern, 14 ms; the language model's table by bucket), so that
// a measurement of judging does not count it.
func (r *Registry) Prepare() {
	r.urls()
	if m := r.models.lang; m != nil {
		m.Prepare()
	}
}

// Evaluate scores the conversation so far. It is deterministic, safe for
// concurrent use and never panics: a nil or empty conversation gives an
// empty verdict. A bug that panics in one detector costs that detector's
// reasons only, and one in the shared reading of the text the whole
// verdict (empty); either way the verdict's Fault says so.
func (r *Registry) Evaluate(c *Conversation) (v Verdict) {
	if r == nil || c == nil || len(c.Turns) == 0 {
		return Verdict{Reasons: []Reason{}}
	}
	defer func() {
		// A bug must not take the bot down, nor pass for "no warning":
		// the caller logs and counts the Fault. The fuzz and corpus tests
		// call evaluate, which contains nothing, so that such bugs fail
		// them.
		if p := recover(); p != nil {
			v = Verdict{Reasons: []Reason{}, Fault: fault(p)}
		}
	}()
	return r.run(c, true)
}

// fault describes a recovered panic for the log: its value and the three
// innermost calls it happened in. Only a runtime error's value (which
// names no text) or a failpoint's is written out; of any other, its type.
func fault(p any) string {
	pcs := make([]uintptr, 64)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(2, pcs)])
	var b strings.Builder
	s, isString := p.(string)
	if _, isRuntime := p.(runtime.Error); isRuntime || isString && strings.HasPrefix(s, "failpoint ") {
		fmt.Fprintf(&b, "panic: %v", p)
	} else {
		fmt.Fprintf(&b, "panic: a %T", p)
	}
	panicking, calls := false, 0
	for calls < 3 {
		f, more := frames.Next()
		if panicking && !strings.HasPrefix(f.Function, "runtime.") {
			sep := " at "
			if calls > 0 {
				sep = " < "
			}
			fmt.Fprintf(&b, "%s%s (%s:%d)", sep, strings.TrimPrefix(f.Function, "github.com/silentguard/silentguard/"), filepath.Base(f.File), f.Line)
			calls++
		}
		panicking = panicking || f.Function == "runtime.gopanic"
		if !more {
			break
		}
	}
	return b.String()
}

// evaluate is Evaluate that lets a panic through (for the tests).
func (r *Registry) evaluate(c *Conversation) Verdict { return r.run(c, false) }

func (r *Registry) run(c *Conversation, contain bool) Verdict {
	failpoint.Hit("detectors.evaluate") // empty but in the crash tests' build
	a := r.analyse(c)
	emit := func(rs Reason) { a.reasons = append(a.reasons, rs) }
	var failed string
	for _, d := range r.detectors {
		if !contain {
			d.Detect(a, emit)
		} else if f := detectContained(d, a, emit); f != "" && failed == "" {
			failed = f
		}
	}
	v := r.score(a, a.reasons) // copies the reasons it keeps
	v.Language = a.language()
	v.Fault = failed
	clear(a.reasons)
	a.release()
	return v
}

// detectContained runs d, and if it panics drops the reasons it gave and
// says what failed: the other detectors still judge.
func detectContained(d Detector, a *analysis, emit emitFunc) (failed string) {
	n := len(a.reasons)
	defer func() {
		if p := recover(); p != nil {
			a.reasons = a.reasons[:n]
			failed = "detector " + d.Name() + ": " + fault(p)
		}
	}()
	d.Detect(a, emit)
	return ""
}
