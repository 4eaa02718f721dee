package aedmae.watch;

import aedmae.datasets.image.BilinearResize;
import aedmae.datasets.image.ImageFiles;
import aedmae.datasets.image.RgbFrame;
import aedmae.model.Preset;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Everything the watcher holds for one camera: its feed and queue, its scoring pipeline
 * ({@link CausalScorer}), its threshold (fixed, calibrated on normal video before it starts, or
 * on the stream's first seconds), its event detector, and what the status page shows.
 */
final class WatchedCamera {
    final CameraConfig config;
    final MapScorer scorer;
    final PendingFrames pending;
    final CameraFeed feed;
    final CausalScorer causal;
    final EventDetector detector;
    final ScoreHistory history;
    private final WatchMetrics metrics;
    private final WatchOptions options;
    private final Consumer<String> log;
    private final Consumer<CausalScorer.Scored> tap;
    private final List<Double> calibrationScores = new ArrayList<>();
    private final ArrayDeque<AnomalyEvent> recent = new ArrayDeque<>();
    private volatile CausalScorer.Scored latest;
    private volatile ThresholdCalibration.Result calibration;

    /**
     * @param fixed a threshold known before the camera starts (given, or calibrated on normal video), or null to
     *              calibrate on the stream's first {@link CameraConfig#calibrationSeconds()}
     */
    WatchedCamera(CameraConfig config, MapScorer scorer, Hysteresis fixed, ThresholdCalibration.Result calibration, WatchOptions options,
                  WatchMetrics metrics, Object signal, EventDetector.Listener events, Consumer<CausalScorer.Scored> tap, Consumer<String> log) {
        this.config = config;
        this.scorer = scorer;
        this.options = options;
        this.metrics = metrics;
        this.log = log;
        this.tap = tap;
        this.calibration = calibration;
        Preset p = scorer.preset();
        double fps = assumedFps();
        this.pending = new PendingFrames(Math.max(1, (int) Math.round(options.queueSeconds() * fps)), signal);
        this.causal = new CausalScorer(scorer.options().scoring(), options.lookAhead(), p.height(), p.width(), mask(config, p), this::scored);
        this.detector = new EventDetector(config.id(), fixed, p.height(), p.width(), (int) Math.round(options.updateSeconds() * fps), events);
        this.history = new ScoreHistory((int) Math.round(300 * fps));
        this.feed = new CameraFeed(config, p.height(), p.width(), pending, metrics, options.downAfterSeconds(), log);
        metrics.threshold(config.id(), fixed == null ? Double.NaN : fixed.high());
    }

    /** The frame rate the camera is assumed to run at before its source says (config, else 25). */
    double assumedFps() {
        return config.fps() > 0 ? config.fps() : feed != null && feed.fps() > 0 ? feed.fps() : FrameSource.DEFAULT_FPS;
    }

    static Hysteresis fixedThreshold(CameraConfig c, WatchOptions o, double fps) {
        return Double.isNaN(c.threshold()) ? null : new Hysteresis(c.threshold(), c.threshold(), endFrames(o, fps));
    }

    static int endFrames(WatchOptions o, double fps) {
        return Math.max(1, (int) Math.round(o.endSeconds() * fps));
    }

    private static byte[] mask(CameraConfig c, Preset p) {
        if (c.mask() == null) return null;
        RgbFrame m = ImageFiles.read(c.mask());
        byte[] grey = java.util.Arrays.copyOf(m.chw(), m.planeSize()); // the red plane; masks are black and white
        byte[] small = BilinearResize.resizeMaskNearest(grey, m.height(), m.width(), p.height(), p.width());
        for (int i = 0; i < small.length; i++) small[i] = (small[i] & 0xFF) >= 128 ? (byte) 1 : 0;
        return small;
    }

    /** A frame's final score (scoring thread). */
    private void scored(CausalScorer.Scored s) {
        metrics.scored(config.id(), (System.nanoTime() - s.frame().arrivalNanos()) / 1e9);
        latest = s;
        history.add(s.frame().epochMillis(), s.score());
        tap.accept(s);
        if (detector.hysteresis() == null) calibrateLive(s.score());
        detector.accept(s);
    }

    private void calibrateLive(double score) {
        double fps = assumedFps();
        calibrationScores.add(score);
        if (calibrationScores.size() < config.calibrationSeconds() * fps) return;
        double[] run = calibrationScores.stream().mapToDouble(Double::doubleValue).toArray();
        calibration = ThresholdCalibration.calibrate(List.of(run), fps, options.falseAlarmsPerHour(), options.band(), endFrames(options, fps), options.margin());
        detector.setHysteresis(calibration.hysteresis());
        metrics.threshold(config.id(), calibration.hysteresis().high());
        log.accept(calibration.describe(config.id(), options.falseAlarmsPerHour()) + " [first seconds of the live stream]");
        calibrationScores.clear();
    }

    CausalScorer.Scored latest() {
        return latest;
    }

    ThresholdCalibration.Result calibration() {
        return calibration;
    }

    synchronized void remember(AnomalyEvent e) {
        recent.addFirst(e);
        while (recent.size() > 20) recent.removeLast();
    }

    synchronized List<AnomalyEvent> recentEvents() {
        return List.copyOf(recent);
    }
}
