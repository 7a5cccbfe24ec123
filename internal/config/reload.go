package config

import (
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// ErrNeedsRestart is wrapped by the error of a reload that changes a
// setting only a restart applies.
var ErrNeedsRestart = errors.New("changed, but only a restart applies this setting; the running config is kept (restart, or undo the change)")

// CheckReload tells whether next may replace c in a running daemon
// (SIGHUP). A reload applies the owners (names, country, languages, time
// zone, allow-list, vCard, notification targets), [smtp] and [detectors].
// Everything else is bound to what runs since the start, and a change of
// it is refused with the first key that differs, at its line in next's
// file: data_dir, [database], [log], [watch], [delivery], [http],
// [matrix], [telegram], [sms], an owner's [owner.matrix] (and country,
// for an owner watched on Matrix), and adding or removing an owner watched
// on Matrix.
func (c *Config) CheckReload(next *Config) error {
	for _, s := range []struct {
		key      string
		old, new any
	}{
		{"data_dir", c.DataDir, next.DataDir},
		{"memory_limit_mib", c.MemoryLimitMiB, next.MemoryLimitMiB},
		{"database", c.Database, next.Database},
		{"log", c.Log, next.Log},
		{"watch", c.Watch, next.Watch},
		{"delivery", c.Delivery, next.Delivery},
		{"http", c.HTTP, next.HTTP},
		{"matrix", c.Matrix, next.Matrix},
		{"telegram", c.Telegram, next.Telegram},
		{"sms", c.SMS, next.SMS},
	} {
		if k := firstDiff(s.key, reflect.ValueOf(s.old), reflect.ValueOf(s.new)); k != "" {
			return next.needsRestart(k, ErrNeedsRestart)
		}
	}
	gone := map[string]*OwnerConfig{}
	for i := range c.Owners {
		gone[c.Owners[i].ID] = &c.Owners[i]
	}
	for i := range next.Owners {
		o := &next.Owners[i]
		var was OwnerMatrixConfig
		prev := gone[o.ID]
		if prev != nil {
			was = prev.Matrix
			delete(gone, o.ID)
		}
		if k := firstDiff(fmt.Sprintf("owner[%d].matrix", i), reflect.ValueOf(was), reflect.ValueOf(o.Matrix)); k != "" {
			return next.needsRestart(k, ErrNeedsRestart)
		}
		// The Matrix reader reads bridged numbers with the country it
		// started with.
		if prev != nil && o.Matrix.Enabled() && prev.Country != o.Country {
			return next.needsRestart(fmt.Sprintf("owner[%d].country", i), fmt.Errorf("%w (the owner is watched on Matrix)", ErrNeedsRestart))
		}
	}
	ids := make([]string, 0, len(gone))
	for id, o := range gone {
		if o.Matrix.Enabled() {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	if len(ids) > 0 {
		return &FieldError{File: next.path, Key: "owner", Value: quote(ids[0]),
			Err: fmt.Errorf("%w (an owner watched on Matrix was removed)", ErrNeedsRestart)}
	}
	return nil
}

// needsRestart is a FieldError for key at its line. It never shows the
// value: it may be a secret.
func (c *Config) needsRestart(key string, err error) error {
	return &FieldError{File: c.path, Line: lineOfDotted(c.data, key), Key: key, Err: err}
}

// firstDiff returns the key of the first setting that differs between a
// and b ("" when none does), walking the TOML keys of structs and lists of
// tables. Other values compare whole (a secret by what it says and what it
// resolved to); an empty map equals a missing one.
func firstDiff(key string, a, b reflect.Value) string {
	switch {
	case a.Kind() == reflect.Struct && hasTOMLKeys(a.Type()):
		for i := 0; i < a.NumField(); i++ {
			f := a.Type().Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
			if !f.IsExported() || name == "" || name == "-" {
				continue
			}
			if k := firstDiff(key+"."+name, a.Field(i), b.Field(i)); k != "" {
				return k
			}
		}
		return ""
	case a.Kind() == reflect.Slice && a.Type().Elem().Kind() == reflect.Struct && hasTOMLKeys(a.Type().Elem()):
		for i := 0; i < min(a.Len(), b.Len()); i++ {
			if k := firstDiff(fmt.Sprintf("%s[%d]", key, i), a.Index(i), b.Index(i)); k != "" {
				return k
			}
		}
		if a.Len() != b.Len() {
			return fmt.Sprintf("%s[%d]", key, min(a.Len(), b.Len()))
		}
		return ""
	case a.Kind() == reflect.Map && a.Len() == 0 && b.Len() == 0:
		return ""
	case !reflect.DeepEqual(a.Interface(), b.Interface()):
		return key
	}
	return ""
}

// hasTOMLKeys tells whether a struct type is a TOML table of ours (not a
// leaf value such as Secret).
func hasTOMLKeys(t reflect.Type) bool {
	for i := 0; i < t.NumField(); i++ {
		if f := t.Field(i); f.IsExported() && f.Tag.Get("toml") != "" {
			return true
		}
	}
	return false
}
