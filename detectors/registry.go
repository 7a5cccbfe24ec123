package detectors

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

// TODO(detectors): DefaultConfig, Config.Validate, Registry, New, Evaluate, Codes.
