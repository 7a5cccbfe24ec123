//go:build !goolm

package matrix_test

import "testing"

func neverActsEncrypted(t *testing.T) {
	t.Skip("end-to-end encryption needs -tags goolm (as .ci/run and README.md use)")
}
