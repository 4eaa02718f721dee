package aedmae.datasets.loader;

import aedmae.datasets.gradient.GradientMode;
import aedmae.datasets.synthetic.SyntheticConfig;

import java.nio.file.Path;

/**
 * How {@link VideoLoader} builds batches.
 *
 * @param height       H of the model input (from the preset)
 * @param width        W of the model input
 * @param batchSize    samples per batch (the paper uses 100)
 * @param seed         seed of the shuffling and of the synthetic anomalies; with the epoch number
 *                     it fixes every training batch
 * @param gradientMode median-filtered (paper) or plain (reference code) motion gradients
 * @param useCache     read frames and gradients from the on-disk cache, building what is missing or
 *                     stale (true); false decodes image files on every read (frame folders only)
 * @param cacheDir     the cache folder, or null for {@code ./cache/<dataset>-<H>x<W>}
 * @param workers      threads that decode and assemble samples in the background
 * @param prefetch     batches prepared ahead of the consumer; memory holds at most prefetch + 1
 *                     batches whatever the dataset's size
 * @param dropLast     drop a last, smaller training batch
 * @param synthetic    the synthetic anomaly settings (share 0 turns them off)
 */
public record LoaderOptions(int height, int width, int batchSize, long seed, GradientMode gradientMode,
                            boolean useCache, Path cacheDir, int workers, int prefetch, boolean dropLast,
                            SyntheticConfig synthetic) {
    public LoaderOptions {
        if (height <= 0 || width <= 0) throw new IllegalArgumentException("input size must be positive: " + height + "x" + width);
        if (batchSize <= 0) throw new IllegalArgumentException("batch size must be positive: " + batchSize);
        if (workers <= 0 || prefetch <= 0) throw new IllegalArgumentException("workers and prefetch must be positive");
    }

    /**
     * Defaults: batch 100, seed 0, median gradients, cache on in ./cache, half the cores as
     * workers, 2 batches ahead, keep the last batch, {@link SyntheticConfig#defaults()} (25%).
     */
    public static LoaderOptions defaults(int height, int width) {
        return new LoaderOptions(height, width, 100, 0, GradientMode.MEDIAN, true, null,
                Math.max(1, Runtime.getRuntime().availableProcessors() / 2), 2, false, SyntheticConfig.defaults());
    }

    public LoaderOptions withBatchSize(int b) {
        return new LoaderOptions(height, width, b, seed, gradientMode, useCache, cacheDir, workers, prefetch, dropLast, synthetic);
    }

    public LoaderOptions withSeed(long s) {
        return new LoaderOptions(height, width, batchSize, s, gradientMode, useCache, cacheDir, workers, prefetch, dropLast, synthetic);
    }

    public LoaderOptions withGradientMode(GradientMode m) {
        return new LoaderOptions(height, width, batchSize, seed, m, useCache, cacheDir, workers, prefetch, dropLast, synthetic);
    }

    public LoaderOptions withCache(boolean use) {
        return new LoaderOptions(height, width, batchSize, seed, gradientMode, use, cacheDir, workers, prefetch, dropLast, synthetic);
    }

    public LoaderOptions withCacheDir(Path dir) {
        return new LoaderOptions(height, width, batchSize, seed, gradientMode, useCache, dir, workers, prefetch, dropLast, synthetic);
    }

    public LoaderOptions withWorkers(int n) {
        return new LoaderOptions(height, width, batchSize, seed, gradientMode, useCache, cacheDir, n, prefetch, dropLast, synthetic);
    }

    public LoaderOptions withPrefetch(int n) {
        return new LoaderOptions(height, width, batchSize, seed, gradientMode, useCache, cacheDir, workers, n, dropLast, synthetic);
    }

    public LoaderOptions withDropLast(boolean d) {
        return new LoaderOptions(height, width, batchSize, seed, gradientMode, useCache, cacheDir, workers, prefetch, d, synthetic);
    }

    public LoaderOptions withSynthetic(SyntheticConfig s) {
        return new LoaderOptions(height, width, batchSize, seed, gradientMode, useCache, cacheDir, workers, prefetch, dropLast, s);
    }

    /** Shortcut: the share of training samples with a synthetic anomaly (0 = none). */
    public LoaderOptions withSyntheticShare(double share) {
        return withSynthetic(synthetic.withShare(share));
    }
}
