//go:build !unix

package app

import "os"

// lockDatabase takes no lock where flock does not exist.
func lockDatabase(string) (*os.File, error) { return nil, nil }
