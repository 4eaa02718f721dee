package aedmae.watch;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Summary;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The per-camera numbers an operator watches, as Prometheus metrics (label {@code camera}):
 * frames in (decoded), frames scored, frames skipped by the skip policy, reconnects, events, the
 * latency from a frame's arrival to its final score (summary with p50 and p95), and whether the
 * camera is live. Frame rates are the counters' {@code rate()}. A registry of its own per watcher
 * (tests run several in one JVM). The same counts are kept here for the status page.
 */
public final class WatchMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter framesIn, framesScored, framesSkipped, reconnects, events;
    private final Summary latency;
    private final Gauge live, threshold;
    private final Map<String, LatencyWindow> windows = new ConcurrentHashMap<>();

    public WatchMetrics() {
        framesIn = Counter.builder().name("aedmae_watch_frames_in_total").help("frames decoded").labelNames("camera").register(registry);
        framesScored = Counter.builder().name("aedmae_watch_frames_scored_total").help("frames scored").labelNames("camera").register(registry);
        framesSkipped = Counter.builder().name("aedmae_watch_frames_skipped_total").help("frames dropped by the skip policy (drop-oldest) because the scorer was behind").labelNames("camera").register(registry);
        reconnects = Counter.builder().name("aedmae_watch_reconnects_total").help("reconnections after a dropped stream").labelNames("camera").register(registry);
        events = Counter.builder().name("aedmae_watch_events_total").help("anomaly events started").labelNames("camera").register(registry);
        // quantiles over the last minute: a bounded window whatever the run's length
        latency = Summary.builder().name("aedmae_watch_latency_seconds").help("from a frame's arrival to its final score, quantiles over the last minute")
                .quantile(0.5, 0.01).quantile(0.95, 0.005).maxAgeSeconds(60).numberOfAgeBuckets(5).labelNames("camera").register(registry);
        live = Gauge.builder().name("aedmae_watch_camera_up").help("1 while the camera's stream is live").labelNames("camera").register(registry);
        threshold = Gauge.builder().name("aedmae_watch_threshold").help("the camera's event threshold (NaN while calibrating)").labelNames("camera").register(registry);
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    /** Creates the camera's series at zero, so that /metrics lists them before anything happens. */
    void register(String camera) {
        for (Counter c : new Counter[] {framesIn, framesScored, framesSkipped, reconnects, events}) c.labelValues(camera);
        live.labelValues(camera);
        threshold.labelValues(camera);
    }

    void frameIn(String camera) { framesIn.labelValues(camera).inc(); }
    void scored(String camera, double latencySeconds) {
        framesScored.labelValues(camera).inc();
        latency.labelValues(camera).observe(latencySeconds);
        windows.computeIfAbsent(camera, c -> new LatencyWindow(1024)).add(latencySeconds);
    }
    void skipped(String camera) { framesSkipped.labelValues(camera).inc(); }
    void reconnected(String camera) { reconnects.labelValues(camera).inc(); }
    void eventStarted(String camera) { events.labelValues(camera).inc(); }
    void up(String camera, boolean isUp) { live.labelValues(camera).set(isUp ? 1 : 0); }
    void threshold(String camera, double t) { threshold.labelValues(camera).set(t); }

    public long framesIn(String camera) { return (long) framesIn.labelValues(camera).get(); }
    public long framesScored(String camera) { return (long) framesScored.labelValues(camera).get(); }
    public long framesSkipped(String camera) { return (long) framesSkipped.labelValues(camera).get(); }
    public long reconnects(String camera) { return (long) reconnects.labelValues(camera).get(); }
    public long events(String camera) { return (long) events.labelValues(camera).get(); }

    /** Latency quantile q of the camera's last 1024 scored frames, seconds (NaN before any). */
    public double latencyQuantile(String camera, double q) {
        LatencyWindow w = windows.get(camera);
        return w == null ? Double.NaN : w.quantile(q);
    }
}
