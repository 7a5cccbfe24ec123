//go:build !failpoint

package failpoint

// Hit does nothing: this build has no failpoints (see failpoint.go).
func Hit(string) {}
