package webhook

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/silentguard/silentguard/bot"
)

// errNotUTF8 refuses a string encoding/json would have changed.
var errNotUTF8 = fmt.Errorf("%w: not valid UTF-8 (and a \\uD800-\\uDFFF escape must be half of a pair)", bot.ErrInvalid)

// maxFieldPath bounds the field path checkUTF8 reports, in bytes.
const maxFieldPath = 128

// checkUTF8 names the first string of a JSON document, by its path
// ("text", "payload.messages[0].message"), whose raw bytes are not valid
// UTF-8 or that holds a lone UTF-16 surrogate escape. encoding/json
// replaces either with U+FFFD without a word, so a message would be
// stored (and judged) with other text than was sent: the check runs on
// the raw document, before decoding, in one pass over its tokens. A bad
// key is reported without a field. A document that is not JSON passes
// unless it has a bad byte: the decoder names that error.
func checkUTF8(doc []byte) (field string, err error) {
	if utf8.Valid(doc) && !bytes.Contains(bytes.ToLower(doc), []byte(`\ud`)) {
		return "", nil
	}
	if !json.Valid(doc) {
		if !utf8.Valid(doc) {
			return "", errNotUTF8
		}
		return "", nil
	}
	// One frame per open object or array: where in it the decoder is.
	type frame struct {
		object  bool
		wantKey bool // object: the next string is a key
		key     string
		index   int // array: the index of the next value
	}
	var stack []frame
	path := func() string {
		var b strings.Builder
		for _, f := range stack {
			if f.object {
				if b.Len() > 0 {
					b.WriteByte('.')
				}
				b.WriteString(f.key)
			} else {
				b.WriteString("[" + strconv.Itoa(f.index) + "]")
			}
		}
		// It is logged and answered: a deep document gets a short one.
		if s := b.String(); len(s) > maxFieldPath {
			return strings.ToValidUTF8(s[:maxFieldPath], "") + "…"
		}
		return b.String()
	}
	// valueDone moves the innermost container past a complete value.
	valueDone := func() {
		if len(stack) == 0 {
			return
		}
		if top := &stack[len(stack)-1]; top.object {
			top.wantKey = true
		} else {
			top.index++
		}
	}
	dec := json.NewDecoder(bytes.NewReader(doc))
	for {
		start := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			// io.EOF: checked whole (the document is valid JSON).
			return "", nil
		}
		switch tok := tok.(type) {
		case json.Delim:
			switch tok {
			case '{', '[':
				stack = append(stack, frame{object: tok == '{', wantKey: tok == '{'})
			default:
				stack = stack[:len(stack)-1]
				valueDone()
			}
			continue
		case string:
			// The raw literal: the token's bytes after the separators
			// before it.
			raw := bytes.TrimLeft(doc[start:dec.InputOffset()], " \t\r\n,:")
			if len(stack) > 0 && stack[len(stack)-1].wantKey {
				if !validString(raw) {
					return "", errNotUTF8
				}
				stack[len(stack)-1].key, stack[len(stack)-1].wantKey = tok, false
				continue
			}
			if !validString(raw) {
				return path(), errNotUTF8
			}
		}
		valueDone()
	}
}

// validString tells whether a JSON string literal (quotes included, its
// syntax already checked) is valid UTF-8 whose \u escapes pair every
// surrogate.
func validString(lit []byte) bool {
	if !utf8.Valid(lit) {
		return false
	}
	pendingHigh := false // the last escape was a high surrogate
	for i := 1; i < len(lit)-1; {
		if lit[i] != '\\' {
			if pendingHigh {
				return false
			}
			i++
			continue
		}
		if lit[i+1] != 'u' {
			if pendingHigh {
				return false
			}
			i += 2
			continue
		}
		r, _ := strconv.ParseUint(string(lit[i+2:i+6]), 16, 16)
		switch {
		case r >= 0xD800 && r < 0xDC00:
			if pendingHigh {
				return false
			}
			pendingHigh = true
		case r >= 0xDC00 && r < 0xE000:
			if !pendingHigh {
				return false
			}
			pendingHigh = false
		default:
			if pendingHigh {
				return false
			}
		}
		i += 6
	}
	return !pendingHigh
}
