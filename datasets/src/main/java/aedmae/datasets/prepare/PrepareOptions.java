package aedmae.datasets.prepare;

import aedmae.datasets.gradient.GradientMode;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/**
 * What {@link DatasetPreparer} does.
 *
 * @param height        H of the model input (cached frames are resized to it)
 * @param width         W of the model input
 * @param cacheDir      the cache folder, or null for {@code ./cache/<dataset>-<H>x<W>}
 * @param gradientModes which motion gradients to cache
 * @param buildCache    write the cache (false: only decode and check every frame)
 * @param writePreview  write {@code synthetic-preview.png} into the cache folder
 * @param threads       videos decoded at once
 * @param progress      told after each video (may be null)
 */
public record PrepareOptions(int height, int width, Path cacheDir, Set<GradientMode> gradientModes,
                             boolean buildCache, boolean writePreview, int threads, PrepareProgress progress) {
    public PrepareOptions {
        if (height <= 0 || width <= 0) throw new IllegalArgumentException("size must be positive: " + height + "x" + width);
        if (threads <= 0) throw new IllegalArgumentException("threads must be positive");
        gradientModes = Set.copyOf(gradientModes);
    }

    /** Median gradients, cache in ./cache, preview on, one thread per core, no progress. */
    public static PrepareOptions defaults(int height, int width) {
        return new PrepareOptions(height, width, null, EnumSet.of(GradientMode.MEDIAN), true, true,
                Runtime.getRuntime().availableProcessors(), null);
    }

    public PrepareOptions withCacheDir(Path dir) {
        return new PrepareOptions(height, width, dir, gradientModes, buildCache, writePreview, threads, progress);
    }

    public PrepareOptions withGradientModes(Set<GradientMode> modes) {
        return new PrepareOptions(height, width, cacheDir, modes, buildCache, writePreview, threads, progress);
    }

    public PrepareOptions withBuildCache(boolean build) {
        return new PrepareOptions(height, width, cacheDir, gradientModes, build, writePreview, threads, progress);
    }

    public PrepareOptions withPreview(boolean preview) {
        return new PrepareOptions(height, width, cacheDir, gradientModes, buildCache, preview, threads, progress);
    }

    public PrepareOptions withThreads(int n) {
        return new PrepareOptions(height, width, cacheDir, gradientModes, buildCache, writePreview, n, progress);
    }

    public PrepareOptions withProgress(PrepareProgress p) {
        return new PrepareOptions(height, width, cacheDir, gradientModes, buildCache, writePreview, threads, p);
    }
}
