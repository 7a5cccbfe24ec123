//go:build race

package detectors

// raceBuild: the race detector changes how much is allocated (and drops
// some of what sync.Pools are given), so allocation bars do not hold.
const raceBuild = true
