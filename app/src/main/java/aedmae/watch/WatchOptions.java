package aedmae.watch;

import java.nio.file.Path;

/**
 * How a watcher runs.
 *
 * @param batch             frames per forward pass, across cameras
 * @param batchTimeoutMs    a batch that has not filled goes to the model this long after its first frame
 * @param lookAhead         look-ahead D of the temporal Gaussian, frames (0 = causal)
 * @param queueSeconds      frames that may wait per camera, in seconds of its video: the skip policy drops
 *                          the oldest beyond this
 * @param falseAlarmsPerHour target rate of the calibrated thresholds
 * @param band              hysteresis band, a fraction of (θ − median normal score)
 * @param endSeconds        seconds below the end level that end an event
 * @param updateSeconds     an open event sends an update at most this often (when its peak rose)
 * @param margin            above the highest normal score, as a fraction of its spread, when the
 *                          normal video is too short for the rate
 * @param downAfterSeconds  a camera down this long is reported
 * @param outDir            events.jsonl, snapshots and clips go here
 * @param clipSeconds       seconds of video before and after an event in its clip (0 = no clips)
 */
public record WatchOptions(int batch, int batchTimeoutMs, int lookAhead, double queueSeconds, double falseAlarmsPerHour,
                           double band, double endSeconds, double updateSeconds, double margin, double downAfterSeconds,
                           Path outDir, double clipSeconds) {
    public WatchOptions {
        if (batch < 1) throw new IllegalArgumentException("--batch must be >= 1, got " + batch);
        if (batchTimeoutMs < 0) throw new IllegalArgumentException("--batch-timeout must be >= 0 ms, got " + batchTimeoutMs);
        if (lookAhead < 0) throw new IllegalArgumentException("--look-ahead must be >= 0 frames, got " + lookAhead);
        if (!(queueSeconds > 0)) throw new IllegalArgumentException("--queue-seconds must be > 0, got " + queueSeconds);
        if (!(falseAlarmsPerHour > 0)) throw new IllegalArgumentException("--false-alarms-per-hour must be > 0, got " + falseAlarmsPerHour);
    }

    /** Batch 8, 40 ms, look-ahead 4 frames, 1 s queues, 1 false alarm/hour, band 0.3, 1 s to end, updates every 2 s, clips ±3 s. */
    public static WatchOptions defaults(Path outDir) {
        return new WatchOptions(8, 40, 4, 1.0, 1.0, 0.3, 1.0, 2.0, 0.1, 10, outDir, 3);
    }

    public WatchOptions withBatch(int b, int timeoutMs) {
        return new WatchOptions(b, timeoutMs, lookAhead, queueSeconds, falseAlarmsPerHour, band, endSeconds, updateSeconds, margin, downAfterSeconds, outDir, clipSeconds);
    }

    public WatchOptions withLookAhead(int d) {
        return new WatchOptions(batch, batchTimeoutMs, d, queueSeconds, falseAlarmsPerHour, band, endSeconds, updateSeconds, margin, downAfterSeconds, outDir, clipSeconds);
    }

    public WatchOptions withFalseAlarmsPerHour(double r) {
        return new WatchOptions(batch, batchTimeoutMs, lookAhead, queueSeconds, r, band, endSeconds, updateSeconds, margin, downAfterSeconds, outDir, clipSeconds);
    }

    public WatchOptions withClipSeconds(double s) {
        return new WatchOptions(batch, batchTimeoutMs, lookAhead, queueSeconds, falseAlarmsPerHour, band, endSeconds, updateSeconds, margin, downAfterSeconds, outDir, s);
    }

    public WatchOptions withQueueSeconds(double s) {
        return new WatchOptions(batch, batchTimeoutMs, lookAhead, s, falseAlarmsPerHour, band, endSeconds, updateSeconds, margin, downAfterSeconds, outDir, clipSeconds);
    }
}
