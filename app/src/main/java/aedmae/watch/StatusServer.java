package aedmae.watch;

import com.google.gson.Gson;
import com.sun.net.httpserver.HttpExchange;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator's view over HTTP: {@code /metrics} (Prometheus), {@code /} (a status page: each
 * camera's latest frame with its map, its score over the last minutes against its threshold,
 * its recent events, frame rates, skips and latency), {@code /status.json} (what the page shows)
 * and {@code /frame/ID.png}.
 */
public final class StatusServer implements AutoCloseable {
    private static final Gson GSON = new Gson();
    private final Watcher watcher;
    private final HTTPServer server;
    private final byte[] page;
    private final Map<String, long[]> lastSample = new ConcurrentHashMap<>(); // nanos, in, scored
    private final Map<String, double[]> lastRates = new ConcurrentHashMap<>();

    /** Starts serving on the port (0 = any free port) of the given address. */
    public StatusServer(Watcher watcher, String host, int port) throws IOException {
        this.watcher = watcher;
        try (InputStream in = StatusServer.class.getResourceAsStream("/aedmae/watch/status.html")) {
            if (in == null) throw new IOException("status.html missing from the jar");
            this.page = in.readAllBytes();
        }
        this.server = HTTPServer.builder().hostname(host).port(port).registry(watcher.metrics().registry())
                .defaultHandler(this::handle).buildAndStart();
    }

    public int port() {
        return server.getPort();
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String path = x.getRequestURI().getPath();
            if (path.equals("/") || path.equals("/index.html")) {
                send(x, 200, "text/html; charset=utf-8", page);
            } else if (path.equals("/status.json")) {
                send(x, 200, "application/json", GSON.toJson(status()).getBytes(StandardCharsets.UTF_8));
            } else if (path.startsWith("/frame/") && path.endsWith(".png")) {
                String id = URLDecoder.decode(path.substring(7, path.length() - 4), StandardCharsets.UTF_8);
                WatchedCamera c = watcher.camera(id);
                CausalScorer.Scored s = c == null ? null : c.latest();
                if (s == null) send(x, 404, "text/plain", ("no frame of camera " + id + " yet").getBytes(StandardCharsets.UTF_8));
                else send(x, 200, "image/png", SnapshotWriter.png(s, c.scorer.preset().height(), c.scorer.preset().width()));
            } else {
                send(x, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static void send(HttpExchange x, int code, String type, byte[] body) throws IOException {
        x.getResponseHeaders().set("Content-Type", type);
        x.getResponseHeaders().set("Cache-Control", "no-store");
        x.sendResponseHeaders(code, body.length);
        try (OutputStream o = x.getResponseBody()) {
            o.write(body);
        }
    }

    /** What the status page shows, as a JSON-ready map. */
    Map<String, Object> status() {
        WatchMetrics m = watcher.metrics();
        List<Object> cams = new ArrayList<>();
        for (WatchedCamera c : watcher.cameras()) {
            String id = c.config.id();
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("id", id);
            o.put("url", c.config.url());
            o.put("state", c.feed.state().name());
            o.put("lastError", c.feed.lastError());
            long in = m.framesIn(id), scored = m.framesScored(id);
            double[] rates = rates(id, in, scored);
            o.put("inputFps", rates[0]);
            o.put("scoredFps", rates[1]);
            o.put("framesIn", in);
            o.put("framesScored", scored);
            o.put("framesSkipped", m.framesSkipped(id));
            o.put("reconnects", m.reconnects(id));
            o.put("latencyP50", nullIfNaN(m.latencyQuantile(id, 0.5)));
            o.put("latencyP95", nullIfNaN(m.latencyQuantile(id, 0.95)));
            Hysteresis h = c.detector.hysteresis();
            o.put("threshold", h == null ? null : h.high());
            CausalScorer.Scored s = c.latest();
            o.put("hasFrame", s != null);
            o.put("score", s == null ? null : s.score());
            o.put("eventOpen", c.detector.active());
            o.put("history", c.history.sample(300));
            o.put("events", c.recentEvents());
            cams.add(o);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("lookAheadFrames", watcher.options().lookAhead());
        out.put("batch", watcher.options().batch());
        out.put("cameras", cams);
        return out;
    }

    private static Double nullIfNaN(double v) {
        return Double.isNaN(v) ? null : v;
    }

    /** Frames per second in and scored since the previous sample at least a second ago. */
    private double[] rates(String id, long in, long scored) {
        long now = System.nanoTime();
        long[] prev = lastSample.get(id);
        if (prev == null) {
            lastSample.put(id, new long[] {now, in, scored});
            return lastRates.getOrDefault(id, new double[] {0, 0});
        }
        double dt = (now - prev[0]) / 1e9;
        if (dt < 1) return lastRates.getOrDefault(id, new double[] {0, 0});
        double[] r = {(in - prev[1]) / dt, (scored - prev[2]) / dt};
        lastSample.put(id, new long[] {now, in, scored});
        lastRates.put(id, r);
        return r;
    }

    @Override
    public void close() {
        server.close();
    }
}
