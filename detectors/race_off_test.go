//go:build !race

package detectors

const raceBuild = false
