package silentguard_test

import (
	"os/exec"
	"strings"
	"testing"
)

// The packages depend one way: cmd and internal/app wire everything;
// adapters know the core and their platform, not the config, the wiring
// or each other (they take their own options); the core knows the
// detectors, not the adapters; the detectors know neither.
func TestImportsRunOneWay(t *testing.T) {
	const module = "github.com/silentguard/silentguard/"
	out, err := exec.Command("go", "list", "-tags", "goolm", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	under := func(pkg, dir string) bool { return pkg == dir || strings.HasPrefix(pkg, dir+"/") }
	wiring := []string{"cmd", "internal/app", "internal/config"}
	forbidden := map[string][]string{
		"detectors": append([]string{"bot", "adapters"}, wiring...),
		"bot":       append([]string{"adapters"}, wiring...),
		"adapters":  wiring,
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg := strings.TrimPrefix(fields[0], module)
		for _, imp := range fields[1:] {
			dep, ok := strings.CutPrefix(imp, module)
			if !ok {
				continue
			}
			for layer, deny := range forbidden {
				if !under(pkg, layer) {
					continue
				}
				for _, d := range deny {
					if under(dep, d) {
						t.Errorf("%s imports %s", pkg, dep)
					}
				}
			}
			// An adapter does not reach into another.
			if a, _, _ := strings.Cut(strings.TrimPrefix(pkg, "adapters/"), "/"); under(pkg, "adapters") && under(dep, "adapters") && !under(dep, "adapters/"+a) {
				t.Errorf("%s imports %s", pkg, dep)
			}
		}
	}
}
