// Package metrics serves SilentGuard's Prometheus metrics.
//
// Label values are kinds only: adapters (webhook, matrix, telegram),
// verdict levels, notifier types and store operations. No metric carries
// an owner's id or name, a sender, a phone number, a target's name or any
// text: owner ids are often names, and a scrape may be stored for years.
package metrics

import (
	"context"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/detectors"
)

// Metrics holds SilentGuard's collectors. It is a bot.Observer and the
// store's observer.
type Metrics struct {
	reg       *prometheus.Registry
	received  *prometheus.CounterVec
	verdicts  *prometheus.CounterVec
	faults    prometheus.Counter
	sent      *prometheus.CounterVec
	failed    *prometheus.CounterVec
	latency   *prometheus.HistogramVec
	store     *prometheus.HistogramVec
	reloads   *prometheus.CounterVec
	reloadOK  prometheus.Gauge
	reloadAt  prometheus.Gauge
	scrapeCtx time.Duration
	// dropped counts the Matrix appservice's dropped events (nil: none).
	dropped atomic.Pointer[func() uint64]
}

var _ bot.Observer = (*Metrics)(nil)

// Adapters are the platforms whose counters exist from the start.
var Adapters = []string{"webhook", "matrix", "telegram"}

// New makes the collectors, with the Go runtime's and the process's.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		received: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "silentguard_messages_received_total",
			Help: "Messages stored, by adapter (duplicates not counted)."}, []string{"adapter"}),
		verdicts: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "silentguard_verdicts_total",
			Help: "Judgements of watched conversations, by the verdict's level."}, []string{"level"}),
		faults: prometheus.NewCounter(prometheus.CounterOpts{Name: "silentguard_detector_failures_total",
			Help: "Judgements in which a detector failed (a bug) and the verdict lacks its part; the log says where."}),
		sent: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "silentguard_warnings_sent_total",
			Help: "Warnings and notices delivered, by notifier type."}, []string{"notifier"}),
		failed: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "silentguard_warnings_failed_total",
			Help: "Failed delivery attempts, by notifier type; permanent=\"true\" when the warning was set aside."},
			[]string{"notifier", "permanent"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "silentguard_delivery_latency_seconds",
			Help:    "From a warning's decision to its delivery, by notifier type (retries included).",
			Buckets: []float64{.01, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60, 300, 1800}}, []string{"notifier"}),
		store: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "silentguard_store_latency_seconds",
			Help:    "Database operations: op=\"write\" a transaction from request to commit, op=\"read\" a query.",
			Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, 1, 5}}, []string{"op"}),
		reloads: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "silentguard_config_reloads_total",
			Help: "Config reloads asked with SIGHUP, by result (applied, refused)."}, []string{"result"}),
		reloadOK: prometheus.NewGauge(prometheus.GaugeOpts{Name: "silentguard_config_last_reload_successful",
			Help: "1 when the last reload was applied (or none was asked), 0 when it was refused."}),
		reloadAt: prometheus.NewGauge(prometheus.GaugeOpts{Name: "silentguard_config_last_reload_success_timestamp_seconds",
			Help: "When the running config was loaded (start or reload), Unix time."}),
		scrapeCtx: 5 * time.Second,
	}
	// Served from the start (0 without the appservice), so that the
	// series exists before the mode is turned on.
	m.reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "silentguard_appservice_dropped_events_total",
		Help: "Events the Matrix appservice dropped unread: in rooms of no protected user."},
		func() float64 {
			if f := m.dropped.Load(); f != nil {
				return float64((*f)())
			}
			return 0
		}))
	m.reg.MustRegister(m.received, m.verdicts, m.faults, m.sent, m.failed, m.latency, m.store, m.reloads, m.reloadOK, m.reloadAt,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	for _, a := range Adapters {
		m.received.WithLabelValues(a)
	}
	for _, l := range []detectors.Level{detectors.LevelNone, detectors.LevelCaution, detectors.LevelWarning, detectors.LevelAlert} {
		m.verdicts.WithLabelValues(l.String())
	}
	for _, r := range []string{"applied", "refused"} {
		m.reloads.WithLabelValues(r)
	}
	m.reloadOK.Set(1)
	m.reloadAt.SetToCurrentTime()
	return m
}

// Notifiers makes the per-notifier series exist (at zero) for these
// notifier types, so that a dashboard shows them before the first warning.
func (m *Metrics) Notifiers(kinds []string) {
	for _, k := range kinds {
		m.sent.WithLabelValues(k)
		m.failed.WithLabelValues(k, "false")
		m.failed.WithLabelValues(k, "true")
	}
}

// MessageReceived implements bot.Observer.
func (m *Metrics) MessageReceived(platform string) { m.received.WithLabelValues(platform).Inc() }

// Judged implements bot.Observer.
func (m *Metrics) Judged(level detectors.Level) { m.verdicts.WithLabelValues(level.String()).Inc() }

// DetectorFailed implements bot.Observer.
func (m *Metrics) DetectorFailed() { m.faults.Inc() }

// Delivered implements bot.Observer.
func (m *Metrics) Delivered(kind string, latency time.Duration) {
	m.sent.WithLabelValues(kind).Inc()
	m.latency.WithLabelValues(kind).Observe(latency.Seconds())
}

// DeliveryFailed implements bot.Observer.
func (m *Metrics) DeliveryFailed(kind string, permanent bool) {
	p := "false"
	if permanent {
		p = "true"
	}
	m.failed.WithLabelValues(kind, p).Inc()
}

// AppserviceDropped exports the count of events the appservice dropped
// unread (rooms of no protected user).
func (m *Metrics) AppserviceDropped(count func() uint64) { m.dropped.Store(&count) }

// Store is the store's observer (sqlstore.Store.Observe).
func (m *Metrics) Store(op string, d time.Duration) { m.store.WithLabelValues(op).Observe(d.Seconds()) }

// Reloaded counts a reload, applied or refused.
func (m *Metrics) Reloaded(applied bool) {
	if applied {
		m.reloads.WithLabelValues("applied").Inc()
		m.reloadOK.Set(1)
		m.reloadAt.SetToCurrentTime()
		return
	}
	m.reloads.WithLabelValues("refused").Inc()
	m.reloadOK.Set(0)
}

// Watch adds the metrics read from the engine at each scrape: watched
// conversations, pending deliveries and adapter states.
func (m *Metrics) Watch(e *bot.Engine) {
	m.reg.MustRegister(&engineCollector{e: e, timeout: m.scrapeCtx})
}

// Handler serves the metrics in Prometheus' text format. A metric that
// cannot be read (the database is locked) is left out of that scrape, and
// the others are served.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError})
}

var (
	watchedDesc = prometheus.NewDesc("silentguard_conversations_watched",
		"Conversations being watched (unknown sender, still in their opening), all owners together.", nil, nil)
	pendingDesc = prometheus.NewDesc("silentguard_warnings_pending",
		"Deliveries of warnings and notices waiting to be sent or retried, by notifier type.", []string{"notifier"}, nil)
	adapterDesc = prometheus.NewDesc("silentguard_adapters",
		"Adapters (one per owner and platform) by state: up, or down (protection stopped).", []string{"adapter", "state"}, nil)
)

// engineCollector reads the engine's state at scrape time.
type engineCollector struct {
	e       *bot.Engine
	timeout time.Duration
}

func (c *engineCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- watchedDesc
	ch <- pendingDesc
	ch <- adapterDesc
}

func (c *engineCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), c.timeout)
	defer cancel()
	if n, err := c.e.Watched(ctx); err != nil {
		ch <- prometheus.NewInvalidMetric(watchedDesc, err)
	} else {
		ch <- prometheus.MustNewConstMetric(watchedDesc, prometheus.GaugeValue, float64(n))
	}
	if pending, err := c.e.PendingByKind(ctx); err != nil {
		ch <- prometheus.NewInvalidMetric(pendingDesc, err)
	} else {
		for _, k := range c.e.NotifierKinds() {
			if _, ok := pending[k]; !ok {
				pending[k] = 0
			}
		}
		for k, n := range pending {
			ch <- prometheus.MustNewConstMetric(pendingDesc, prometheus.GaugeValue, float64(n), k)
		}
	}
	states, _ := c.e.Health()
	counts := map[string][2]int{} // adapter -> up, down
	for _, s := range states {
		n := counts[s.Adapter]
		if s.OK {
			n[0]++
		} else {
			n[1]++
		}
		counts[s.Adapter] = n
	}
	for a, n := range counts {
		ch <- prometheus.MustNewConstMetric(adapterDesc, prometheus.GaugeValue, float64(n[0]), a, "up")
		ch <- prometheus.MustNewConstMetric(adapterDesc, prometheus.GaugeValue, float64(n[1]), a, "down")
	}
}
