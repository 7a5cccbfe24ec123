package detectors

import "errors"

// Detectors errors.
var (
	// ErrBadConfig is wrapped by every Config.Validate error.
	ErrBadConfig = errors.New("invalid detectors config")
	// ErrUnknownCode means a Config weight names a code that does not exist.
	ErrUnknownCode = errors.New("unknown reason code")
	// ErrBadLexicon means an embedded lexicon file is malformed; it can only
	// happen when a lexicon is edited, and tests catch it.
	ErrBadLexicon = errors.New("bad lexicon")
)
