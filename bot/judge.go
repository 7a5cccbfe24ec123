package bot

import (
	"fmt"

	"github.com/silentguard/silentguard/detectors"
)

// Judge runs the detectors on messages the owner brought to check (a
// forwarded message, a pasted text) as the opening of a conversation with
// sender. Nothing is stored, no policy applies and no one is warned: the
// adapter answers the owner with the verdict. turns are oldest first. A
// verdict with a Fault lacks what failed (logged and counted here): the
// adapter must not answer it as an all-clear.
func (e *Engine) Judge(ownerID string, sender Sender, turns []detectors.Turn) (detectors.Verdict, error) {
	o := e.Owner(ownerID)
	if o == nil {
		return detectors.Verdict{}, fmt.Errorf("%w %q", ErrUnknownOwner, ownerID)
	}
	dc := detectors.Conversation{
		Turns:  turns,
		Sender: sender,
		Owner:  o.detectorOwner(),
	}
	v := e.det.Load().Evaluate(&dc)
	if v.Fault != "" {
		e.log.Error().Str("owner", ownerID).Str("fault", v.Fault).
			Msg("The detectors failed on a message the owner asked to check (a bug: please report this line)")
		e.obs.DetectorFailed()
	}
	return v, nil
}
