package bot

import "errors"

// PermanentError is a notifier's refusal that sending the same warning
// again will not change (an HTTP 4xx, a mail server's 5xx). Such a delivery
// is set aside as failed, kept for status, and the owner is told through
// their other targets; it does not hold the target's later warnings.
type PermanentError struct{ Err error }

func (e *PermanentError) Error() string { return e.Err.Error() }
func (e *PermanentError) Unwrap() error { return e.Err }

// Permanent marks a notifier's error as permanent (nil stays nil).
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return &PermanentError{Err: err}
}

// IsPermanent tells whether err, or an error it wraps, is permanent.
func IsPermanent(err error) bool {
	var p *PermanentError
	return errors.As(err, &p)
}
