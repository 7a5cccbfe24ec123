// Package e2e builds the real silentguard command for end-to-end tests
// and load runs, the one way: as released (pure Go, CGO_ENABLED=0, with
// -tags goolm), plus the extra tags a test arms (failpoint).
package e2e

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
)

// Build builds ./cmd/silentguard into dir as the release build does, with
// extra tags; strip leaves out the symbols (-ldflags=-s -w), as the
// README's release command does. It finds the module wherever it runs.
func Build(dir string, strip bool, tags ...string) (string, error) {
	root, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}").Output()
	if err != nil {
		return "", fmt.Errorf("find the module: %w", err)
	}
	name := "silentguard"
	if len(tags) > 0 {
		name += "-" + strings.Join(tags, "-")
	}
	out := filepath.Join(dir, name)
	args := []string{"build", "-tags", strings.Join(append([]string{"goolm"}, tags...), ",")}
	if strip {
		args = append(args, "-ldflags=-s -w")
	}
	build := exec.Command("go", append(args, "-o", out, "./cmd/silentguard")...)
	build.Dir = strings.TrimSpace(string(root))
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if b, err := build.CombinedOutput(); err != nil {
		return "", fmt.Errorf("build silentguard (tags %v): %w\n%s", tags, err, b)
	}
	return out, nil
}

var (
	mu     sync.Mutex
	dir    string
	builds = map[string]*built{}
)

type built struct {
	once sync.Once
	path string
	err  error
}

// Binary is Build, with symbols (tests read them), once per process and
// set of tags, into a directory that Cleanup removes.
func Binary(tags ...string) (string, error) {
	mu.Lock()
	if dir == "" {
		d, err := os.MkdirTemp("", "sg-e2e-")
		if err != nil {
			mu.Unlock()
			return "", err
		}
		dir = d
	}
	key := strings.Join(tags, ",")
	b := builds[key]
	if b == nil {
		b = &built{}
		builds[key] = b
	}
	d := dir
	mu.Unlock()
	b.once.Do(func() { b.path, b.err = Build(d, false, tags...) })
	return b.path, b.err
}

// Cleanup removes what Binary built; TestMain calls it after the tests.
func Cleanup() {
	mu.Lock()
	defer mu.Unlock()
	if dir != "" {
		os.RemoveAll(dir)
	}
	dir, builds = "", map[string]*built{}
}

// FreeAddr is a loopback address nothing listens on (yet).
func FreeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}
