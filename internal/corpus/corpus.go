// Package corpus reads labelled conversations (the JSON Lines format of
// ../shared/corpus/README.md) and expands the project's own training
// corpus (detectors/testdata/train) from the base items people wrote.
// It is the one reader of that format: eval, the detectors' tests and
// the model trainer all use it.
package corpus

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
)

// Case is one labelled conversation.
type Case struct {
	ID       string `json:"id"`
	Lang     string `json:"lang"`
	Network  string `json:"network,omitempty"`
	Owner    Owner  `json:"owner"`
	Sender   Sender `json:"sender"`
	Turns    []Turn `json:"turns"`
	Warn     bool   `json:"warn"`
	WarnBy   int    `json:"warn_by,omitempty"`
	Category string `json:"category,omitempty"`
	Note     string `json:"note,omitempty"`

	// Set on expanded training cases: the frame and the base item the
	// case was made from, and where the base item's pattern comes from.
	Frame  string `json:"frame,omitempty"`
	Base   string `json:"base,omitempty"`
	Source string `json:"source,omitempty"`
}

// Owner is the protected person of a case.
type Owner struct {
	Names     []string `json:"names"`
	Country   string   `json:"country,omitempty"`
	Languages []string `json:"languages,omitempty"`
}

// Sender is what the platform tells about the other side.
type Sender struct {
	Phone       string `json:"phone,omitempty"`
	DisplayName string `json:"display_name,omitempty"`
}

// Turn is one message; From is "sender" or "owner".
type Turn struct {
	From  string    `json:"from"`
	Text  string    `json:"text"`
	Media string    `json:"media,omitempty"`
	At    time.Time `json:"at,omitzero"`
}

// FromOwner tells whether the owner wrote the turn.
func (t Turn) FromOwner() bool { return t.From == "owner" }

// Load reads JSON Lines files. Errors name the file and line; an id used
// twice (in any of the files) is an error.
func Load(paths ...string) ([]Case, error) {
	var out []Case
	seen := map[string]string{}
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return nil, fmt.Errorf("load corpus: %w", err)
		}
		cases, err := read(f, p, seen)
		f.Close()
		if err != nil {
			return nil, err
		}
		out = append(out, cases...)
	}
	return out, nil
}

// Read reads one JSON Lines stream; name is used in errors.
func Read(r io.Reader, name string) ([]Case, error) {
	return read(r, name, map[string]string{})
}

func read(r io.Reader, name string, seen map[string]string) ([]Case, error) {
	var out []Case
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for line := 1; sc.Scan(); line++ {
		b := sc.Bytes()
		if len(b) == 0 {
			continue
		}
		var c Case
		if err := json.Unmarshal(b, &c); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, line, err)
		}
		if err := c.Check(); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, line, err)
		}
		if prev, dup := seen[c.ID]; dup {
			return nil, fmt.Errorf("%s:%d: id %q already used at %s", name, line, c.ID, prev)
		}
		seen[c.ID] = fmt.Sprintf("%s:%d", name, line)
		out = append(out, c)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read corpus %s: %w", name, err)
	}
	return out, nil
}

// Check validates the fields every reader relies on.
func (c *Case) Check() error {
	switch {
	case c.ID == "":
		return errors.New("id: required")
	case len(c.Turns) == 0:
		return fmt.Errorf("%s: turns: required", c.ID)
	case len(c.Owner.Names) == 0:
		return fmt.Errorf("%s: owner.names: required", c.ID)
	case c.Warn && (c.WarnBy < 1 || c.WarnBy > len(c.Turns)):
		return fmt.Errorf("%s: warn_by: %d is not between 1 and the number of turns", c.ID, c.WarnBy)
	}
	for i, t := range c.Turns {
		if t.From != "sender" && t.From != "owner" {
			return fmt.Errorf("%s: turns[%d].from: %q is neither sender nor owner", c.ID, i, t.From)
		}
	}
	return nil
}

// OwnerStarted tells whether the owner wrote first: such conversations
// are never watched.
func (c *Case) OwnerStarted() bool { return len(c.Turns) > 0 && c.Turns[0].FromOwner() }

// NetworkOrSMS is the case's network, "sms" when unset.
func (c *Case) NetworkOrSMS() string {
	if c.Network == "" {
		return "sms"
	}
	return c.Network
}
