//go:build pprof

package main

import (
	"net/http"
	_ "net/http/pprof" // registers /debug/pprof on the default mux
	"os"
)

// A binary built with -tags pprof serves Go's profiles on the address in
// SILENTGUARD_PPROF (e.g. 127.0.0.1:6060), for measuring the real daemon:
//
//	go tool pprof -inuse_space http://127.0.0.1:6060/debug/pprof/heap
//
// The release binary has none of this.
func init() {
	if addr := os.Getenv("SILENTGUARD_PPROF"); addr != "" {
		go func() { _ = http.ListenAndServe(addr, nil) }()
	}
}
