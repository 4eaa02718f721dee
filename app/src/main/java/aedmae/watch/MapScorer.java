package aedmae.watch;

import aedmae.eval.PixelAnomalyMap;
import aedmae.model.AedMae;
import aedmae.model.Preset;
import aedmae.score.ObservedFrame;
import aedmae.score.Reconstruction;
import aedmae.score.ScoreOptions;
import aedmae.tensor.MemoryArena;
import aedmae.tensor.Rng;
import aedmae.tensor.Tensor;

import java.util.Arrays;
import java.util.List;

/**
 * The adapter between live frames and the offline scoring code: a batch of frames (possibly from
 * many cameras) goes through {@link Reconstruction} (the same complementary maskings as
 * {@code aedmae score}) and Eq. 6 ({@link PixelAnomalyMap}), and comes back as one pixel map
 * [H, W] per frame. The smoothing that follows is per camera ({@link CausalScorer}).
 *
 * <p>Not thread-safe: one scoring thread.
 */
public final class MapScorer {
    private static final float[] NORM = new float[256];

    static {
        for (int v = 0; v < 256; v++) NORM[v] = (v - 127.5f) / 127.5f; // as the datasets' loader
    }

    private final AedMae model;
    private final ScoreOptions options;
    private final Reconstruction reconstruction;

    public MapScorer(AedMae model, ScoreOptions options) {
        this.model = model;
        this.options = options;
        this.reconstruction = new Reconstruction(model, options.passes());
        model.eval();
    }

    public Preset preset() {
        return model.preset();
    }

    public ScoreOptions options() {
        return options;
    }

    /** Eq. 6 maps [H, W] of the frames, in order. */
    public float[][] maps(List<LiveFrame> frames) {
        Preset p = model.preset();
        int b = frames.size(), h = p.height(), w = p.width(), plane = h * w;
        int channels = options.mapChannel() ? 4 : 3;
        float[] input = new float[b * 9 * plane];
        for (int i = 0; i < b; i++) {
            LiveFrame f = frames.get(i);
            normalise(f.previous(), input, (i * 9) * plane);
            normalise(f.current(), input, (i * 9 + 3) * plane);
            normalise(f.next(), input, (i * 9 + 6) * plane);
        }
        float[][] out = new float[b][plane];
        try (MemoryArena arena = MemoryArena.open()) {
            // the masks depend on the seed and the batch's first frame only: a replay scores the same every time
            LiveFrame first = frames.get(0);
            Rng rng = new Rng(options.seed() * 1_000_003L + first.camera().hashCode() * 100_003L + first.index());
            Reconstruction.Result r = reconstruction.run(Tensor.of(input, b, 9, h, w), rng);
            float[] teacher = r.teacher().toArray(), student = r.student().toArray();
            for (int i = 0; i < b; i++) {
                int off = i * 4 * plane;
                float[] x = Arrays.copyOf(ObservedFrame.of(input, i, plane), channels * plane);
                PixelAnomalyMap.compute(x, Arrays.copyOfRange(teacher, off, off + channels * plane),
                        Arrays.copyOfRange(student, off, off + channels * plane), r.classProbability()[i],
                        channels, h, w, options.scoring().weights(), out[i]);
            }
        }
        return out;
    }

    private static void normalise(byte[] chw, float[] dst, int off) {
        for (int i = 0; i < chw.length; i++) dst[off + i] = NORM[chw[i] & 0xFF];
    }
}
