// Package failpoint lets the crash tests kill the real process at a named
// point (SIGKILL, like a power-less crash of the process), so that the
// delivery rule can be proven against the real binary.
//
// It works only in binaries built with the failpoint tag (the crash tests
// build with -tags goolm,failpoint); elsewhere Hit is empty, so the release
// binary holds no code that an environment variable could use to kill it.
// Armed by SILENTGUARD_FAILPOINT, as "name" or "name:N" (die on the N-th
// time the point is reached, 1-based). "panic:name" (or "panic:name:N")
// panics there instead, once, to prove that a bug in one place is
// contained where the code says it is.
package failpoint
