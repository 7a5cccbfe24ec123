package corpus

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// hostLike finds what may be a site's name in a free-text source
// ("argumenti.ru — «Новый вид...»", "Kompas.com, ... - https://...").
var hostLike = regexp.MustCompile(`(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}`)

// sourceSites returns the sites a source names, each as written and as
// its last two labels (three under co., com., org., blogspot. and
// wordpress.), so that "tekno.kompas.com" meets "kompas.com". A file name
// of an address's path ("0.html") is no site. Coarse on purpose: a new
// item near a report's page is left out rather than argued about.
func sourceSites(source string) []string {
	var out []string
	for _, h := range hostLike.FindAllString(source, -1) {
		h = strings.ToLower(h)
		if strings.HasSuffix(h, ".html") || strings.HasSuffix(h, ".htm") || strings.HasSuffix(h, ".php") || strings.HasSuffix(h, ".aspx") || strings.HasSuffix(h, ".asp") {
			continue
		}
		labels := strings.Split(h, ".")
		n := 2
		switch labels[len(labels)-2] {
		case "co", "com", "org", "blogspot", "wordpress":
			n = 3
		}
		out = append(out, h, strings.Join(labels[max(0, len(labels)-n):], "."))
	}
	return out
}

func TestSourceSites(t *testing.T) {
	for source, want := range map[string][]string{
		"argumenti.ru — «Новый вид SMS-мошенничества»":                 {"argumenti.ru", "argumenti.ru"},
		"Kompas.com Tekno – Korban Penipuan Kerja":                     {"kompas.com", "kompas.com"},
		"Anandasa - http://anandasa.blogspot.com/2011/09/waspada.html": {"anandasa.blogspot.com", "anandasa.blogspot.com"},
		"zpravy.tiscali.cz – Pozor na novou vlnu":                      {"zpravy.tiscali.cz", "tiscali.cz"},
		"written": nil,
	} {
		if got := sourceSites(source); strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("sourceSites(%q) = %q, want %q", source, got, want)
		}
	}
}

// The real openers of detectors/testdata/reports measure the detectors on
// messages nobody here wrote. A base item written from the page a report
// quotes may retell its opener, and the model trained on it meets the
// opener again: no base item may name a site a report names, but for the
// older ones listed in testdata/train/report-sites.txt.
func TestNoNewBaseItemNamesAReportSite(t *testing.T) {
	reportSite := map[string]string{} // site -> a report line that names it
	files, err := filepath.Glob("../../detectors/testdata/reports/*.jsonl")
	if err != nil || len(files) == 0 {
		t.Fatalf("no reports found: %v", err)
	}
	for _, f := range files {
		eachLine(t, f, func(n int, line []byte) {
			var r struct {
				ID     string `json:"id"`
				Source string `json:"source"`
			}
			if err := json.Unmarshal(line, &r); err != nil {
				t.Fatalf("%s:%d: %v", f, n, err)
			}
			for _, s := range sourceSites(r.Source) {
				reportSite[s] = filepath.Base(f) + " " + r.ID
			}
		})
	}
	listed := map[string]bool{}
	eachLine(t, "../../detectors/testdata/train/report-sites.txt", func(_ int, line []byte) {
		if id := strings.TrimSpace(string(line)); id != "" && !strings.HasPrefix(id, "#") {
			listed[id] = true
		}
	})
	bases, err := LoadBases("../../detectors/testdata/train/src")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, b := range bases {
		for _, s := range sourceSites(b.Source) {
			r, ok := reportSite[s]
			if !ok {
				continue
			}
			seen[b.ID] = true
			if !listed[b.ID] {
				t.Errorf("%s: its source names %s, the site of report %s: write it from another page", b.ID, s, r)
			}
			break
		}
	}
	for id := range listed {
		if !seen[id] {
			t.Errorf("report-sites.txt lists %s, which names no report's site (any more): remove the line", id)
		}
	}
}

func eachLine(t *testing.T, path string, f func(n int, line []byte)) {
	t.Helper()
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		f(n, sc.Bytes())
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
}
