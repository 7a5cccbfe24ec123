package config

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/emersion/go-vcard"
)

// LoadVCard reads a vCard export of the owner's address book and returns
// its phone numbers in E.164 (national numbers in the given country).
// Numbers that don't parse are skipped; skipped counts them.
func LoadVCard(path, country string) (numbers []string, skipped int, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, fmt.Errorf("read vcard: %w", err)
	}
	defer f.Close()
	// A device or a pipe ("/dev/zero", "/dev/stdin") would be read
	// forever, and the config would never load.
	if fi, err := f.Stat(); err != nil {
		return nil, 0, fmt.Errorf("read vcard: %w", err)
	} else if !fi.Mode().IsRegular() {
		return nil, 0, fmt.Errorf("read vcard %s: not a regular file", path)
	}
	dec := vcard.NewDecoder(f)
	for i := 1; ; i++ {
		card, err := dec.Decode()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, 0, fmt.Errorf("read vcard %s: card %d: %w", path, i, err)
		}
		for _, tel := range card.Values(vcard.FieldTelephone) {
			e164, err := NormalizePhone(trimTelURI(tel), country)
			if err != nil {
				skipped++
				continue
			}
			numbers = append(numbers, e164)
		}
	}
	return numbers, skipped, nil
}

// trimTelURI accepts vCard 4's "tel:+1-202-555-0143" form.
func trimTelURI(s string) string {
	if len(s) > 4 && (s[:4] == "tel:" || s[:4] == "TEL:") {
		return s[4:]
	}
	return s
}
