//go:build failpoint

package failpoint

import (
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
)

// Env is the variable that arms a failpoint.
const Env = "SILENTGUARD_FAILPOINT"

var (
	once   sync.Once
	name   string
	after  int
	panics bool
	mu     sync.Mutex
	hits   int
)

func load() {
	v := os.Getenv(Env)
	if v == "" {
		return
	}
	panics = strings.HasPrefix(v, "panic:")
	v = strings.TrimPrefix(v, "panic:")
	name, after = v, 1
	if i := strings.LastIndexByte(v, ':'); i > 0 {
		if n, err := strconv.Atoi(v[i+1:]); err == nil && n > 0 {
			name, after = v[:i], n
		}
	}
}

// Hit kills the process with SIGKILL (or panics, when armed so) if the
// armed point is p and its count is reached.
func Hit(p string) {
	once.Do(load)
	if name == "" || name != p {
		return
	}
	mu.Lock()
	hits++
	die := hits == after
	mu.Unlock()
	if die && panics {
		panic("failpoint " + p)
	}
	if die {
		_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
		select {} // the signal is on its way
	}
}
