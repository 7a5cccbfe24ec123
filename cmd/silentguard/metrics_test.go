package main

import (
	"io"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/silentguard/silentguard/internal/testwait"
)

// scrape GETs /metrics with the bearer token when given: the status and
// the body.
func (d *daemon) scrape(t *testing.T, token string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, "http://"+d.addr+"/metrics", nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("scrape: %v", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// metricValues parses a scrape: "name{label=value,...}" (labels sorted as
// served) to value; a histogram gives its _count.
func metricValues(t *testing.T, body string) (map[string]float64, []*dto.MetricFamily) {
	t.Helper()
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(strings.NewReader(body))
	if err != nil {
		t.Fatalf("parse the scrape: %v\n%s", err, body)
	}
	out := map[string]float64{}
	var list []*dto.MetricFamily
	for name, f := range fams {
		list = append(list, f)
		for _, m := range f.GetMetric() {
			var labels []string
			for _, l := range m.GetLabel() {
				labels = append(labels, l.GetName()+"="+l.GetValue())
			}
			key := name + "{" + strings.Join(labels, ",") + "}"
			switch {
			case m.Counter != nil:
				out[key] = m.GetCounter().GetValue()
			case m.Gauge != nil:
				out[key] = m.GetGauge().GetValue()
			case m.Histogram != nil:
				out[key] = float64(m.GetHistogram().GetSampleCount())
			}
		}
	}
	return out, list
}

// After a scripted conversation, /metrics of the real binary counts what
// happened; no owner id, name, number, target name or text appears in it;
// and off loopback it answers only with the bearer token.
func TestMetricsAfterAConversation(t *testing.T) {
	const token = "e2e-metrics-token-0123456789"
	e := newEnv(t)
	// No "notifier failing" notice: it would be one more console delivery.
	hook := e.failingHook(t, token, "grandmas-phone", 1000)
	d := e.start(t)

	for _, tc := range []struct{ name, token string }{{"no token", ""}, {"a wrong token", "e2e-wrong-token-0123456789"}} {
		if code, body := d.scrape(t, tc.token); code != http.StatusUnauthorized || strings.Contains(body, "silentguard_") {
			t.Errorf("scrape with %s: %d %q, want 401 and no metrics", tc.name, code, body)
		}
	}

	for i, s := range script {
		req, _ := http.NewRequest(http.MethodPost, "http://"+d.addr+"/v1/messages",
			strings.NewReader(jsonMsg("m"+string(rune('1'+i)), s.text, s.fromOwner, t0.Add(time.Duration(i)*time.Minute))))
		req.Header.Set("Authorization", "Bearer "+token)
		if code, body, _ := d.do(req); code != http.StatusAccepted {
			t.Fatalf("post %d: %d %s", i, code, body)
		}
	}
	testwait.For(t, "the warning and the escalation on the console", 10*time.Second, func() bool { return len(readConsole(t, e.console)) == 2 })
	var v map[string]float64
	var fams []*dto.MetricFamily
	body := ""
	testwait.For(t, "both warnings to have failed on the HTTP target", 10*time.Second, func() bool {
		code, b := d.scrape(t, token)
		if code != http.StatusOK {
			t.Fatalf("scrape with the token: %d %s", code, b)
		}
		body = b
		v, fams = metricValues(t, b)
		return v[`silentguard_warnings_pending{notifier=http}`] == 2 && v[`silentguard_warnings_failed_total{notifier=http,permanent=false}`] >= 2
	})

	levels := map[string]float64{}
	for _, w := range readConsole(t, e.console) {
		levels[w.level]++
	}
	verdicts := 0.0
	for _, l := range []string{"none", "caution", "warning", "alert"} {
		verdicts += v[`silentguard_verdicts_total{level=`+l+`}`]
	}
	if verdicts != float64(len(script)) {
		t.Errorf("verdicts %v in all, want %d (one per message of a watched conversation)", verdicts, len(script))
	}
	for l, n := range levels {
		if got := v[`silentguard_verdicts_total{level=`+l+`}`]; got < n {
			t.Errorf("verdicts at %s: %v, want at least the %v warned at", l, got, n)
		}
	}
	for key, want := range map[string]float64{
		`silentguard_messages_received_total{adapter=webhook}`:                4,
		`silentguard_messages_received_total{adapter=matrix}`:                 0,
		`silentguard_conversations_watched{}`:                                 1,
		`silentguard_warnings_sent_total{notifier=console}`:                   2,
		`silentguard_warnings_sent_total{notifier=http}`:                      0,
		`silentguard_warnings_pending{notifier=console}`:                      0,
		`silentguard_warnings_failed_total{notifier=console,permanent=false}`: 0,
		`silentguard_warnings_failed_total{notifier=http,permanent=true}`:     0,
		`silentguard_delivery_latency_seconds{notifier=console}`:              2,
		`silentguard_adapters{adapter=webhook,state=up}`:                      1,
		`silentguard_adapters{adapter=webhook,state=down}`:                    0,
		`silentguard_config_last_reload_successful{}`:                         1,
	} {
		if got, ok := v[key]; !ok || got != want {
			t.Errorf("%s = %v (served: %v), want %v", key, got, ok, want)
		}
	}
	for _, op := range []string{"write", "read"} {
		if v[`silentguard_store_latency_seconds{op=`+op+`}`] == 0 {
			t.Errorf("no store latency observed for %s", op)
		}
	}

	// The README's table documents every metric of ours, and only those.
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	documented := regexp.MustCompile("(?m)^\\| `(silentguard_[a-z_]+)` \\|").FindAllStringSubmatch(string(readme), -1)
	served := map[string]bool{}
	for _, f := range fams {
		if strings.HasPrefix(f.GetName(), "silentguard_") {
			served[f.GetName()] = true
		}
	}
	for _, m := range documented {
		if !served[m[1]] {
			t.Errorf("the README documents %s, which is not served", m[1])
		}
		delete(served, m[1])
	}
	for name := range served {
		t.Errorf("%s is served but not in the README's table", name)
	}

	// Nothing personal: not in names, label values or help texts, and the
	// words and names nowhere in the body.
	for _, s := range []string{"laura", "Laura", "Bianchi", "Marco", "Amy", "crypto", "WhatsApp", "grandmas-phone", hook, e.console} {
		if strings.Contains(body, s) {
			t.Errorf("the scrape holds %q", s)
		}
	}
	for _, f := range fams {
		for _, m := range f.GetMetric() {
			for _, l := range m.GetLabel() {
				for _, s := range []string{"555", "0143", "+1", "laura", "warnings", "sgw_"} {
					if strings.Contains(l.GetValue(), s) {
						t.Errorf("%s has label %s=%q", f.GetName(), l.GetName(), l.GetValue())
					}
				}
			}
		}
	}
	d.stop(t)
}

// On loopback without a token, /metrics answers anyone local.
func TestMetricsOnLoopbackWithoutToken(t *testing.T) {
	d := newEnv(t).start(t)
	if code, body := d.scrape(t, ""); code != http.StatusOK || !strings.Contains(body, "silentguard_messages_received_total") {
		t.Errorf("scrape: %d, want 200 with the metrics:\n%s", code, body)
	}
	d.stop(t)
}
