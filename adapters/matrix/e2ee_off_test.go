//go:build !goolm

package matrix_test

import "testing"

func neverActsEncrypted(t *testing.T) {
	t.Skip("SKIPPED, NOT RUN: the encrypted never-act check needs end-to-end encryption: go test -tags goolm (as .ci/run and README.md do)")
}

var encryptedNeverActTests []string
