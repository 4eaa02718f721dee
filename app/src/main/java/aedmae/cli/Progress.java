package aedmae.cli;

import aedmae.train.EpochMetrics;
import aedmae.train.TrainListener;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * The training run on the terminal: a progress bar per epoch with frames/s and ETA (progressbar
 * library, on stderr), and one summary line per epoch on stdout.
 */
final class Progress implements TrainListener {
    /** A terminal gets a live bar; a log file gets a line every LOG_INTERVAL seconds instead. */
    private final boolean tty = System.console() != null;
    private static final double LOG_INTERVAL = 30;
    private ProgressBar bar;
    private String task;
    private int max;
    private double lastLog;
    private long t0;
    private int frames;
    private double lossSum;
    private int batches;

    @Override
    public void epochStarted(String stage, int epoch, int epochs, int batches) {
        close();
        t0 = System.nanoTime();
        frames = 0;
        lossSum = 0;
        this.batches = 0;
        task = String.format("%s %d/%d", stage, epoch, epochs);
        max = batches;
        lastLog = 0;
        if (!tty) return;
        bar = new ProgressBarBuilder().setTaskName(String.format("%s %d/%d", stage, epoch, epochs)).setInitialMax(batches)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(1000).setUnit(" batches", 1)
                .setSpeedUnit(ChronoUnit.SECONDS).showSpeed().setEtaFunction(state -> java.util.Optional.empty())
                .continuousUpdate().build();
    }

    @Override
    public void batchDone(double loss, int frames) {
        this.frames += frames;
        lossSum += loss;
        batches++;
        double s = (System.nanoTime() - t0) / 1e9;
        long remaining = (long) ((max - batches) * s / batches);
        String msg = String.format("loss %.4f, %.1f frames/s, ETA %s", lossSum / batches, this.frames / s, format(Duration.ofSeconds(remaining)));
        if (bar != null) {
            bar.step();
            bar.setExtraMessage(" " + msg);
        } else if (s - lastLog >= LOG_INTERVAL && batches < max) {
            lastLog = s;
            System.out.printf("  %s: batch %d/%d, %s%n", task, batches, max, msg);
        }
    }

    @Override
    public void epochEnded(EpochMetrics m) {
        close();
        System.out.printf("%s %d: loss %.5f (rec %.5f, cls %.5f), lr %.2e, %.1f frames/s, %.1f s (heap %.0f MiB/batch, GC %.1f s)%s%s%n", m.stage(), m.epoch(), m.loss(), m.lossRec(),
                m.lossCls(), m.lr(), m.framesPerSecond(), m.seconds(), m.heapMiBPerBatch(), m.gcSeconds(),
                Double.isNaN(m.validation()) ? "" : String.format(", validation AUC %.4f", m.validation()),
                Double.isNaN(m.testMicroAuc()) ? "" : String.format(", TEST micro AUC %.4f (oracle)", m.testMicroAuc()));
    }

    @Override
    public void log(String line) {
        close();
        System.out.println(line);
    }

    void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    private static String format(Duration d) {
        long s = d.getSeconds();
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, (s % 3600) / 60) : String.format("%dm%02ds", s / 60, s % 60);
    }
}
