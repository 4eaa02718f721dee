package aedmae.score;

import aedmae.datasets.loader.Batch;
import aedmae.datasets.loader.InputLayout;
import aedmae.eval.PixelAnomalyMap;
import aedmae.eval.ScoreWeights;
import aedmae.model.AedMae;
import aedmae.tensor.MemoryArena;
import aedmae.tensor.Rng;

import java.util.Arrays;

/**
 * The one frame loop of scoring, shared by test-time scoring ({@link VideoScoring}) and model
 * selection and calibration on held-out training videos ({@code train.Validator}): for each batch,
 * the deterministic reconstructions ({@link Reconstruction}); for each frame, the observed frame
 * x_t, the teacher's and student's images, ŷ_t and the pixel map of Eq. 6
 * ({@link PixelAnomalyMap}). What becomes of a frame (3-D smoothing and a video's frame scores, or
 * a pseudo-AUC, or the spread of each Eq. 6 term) is the visitor's business.
 *
 * <p>Dimension letters as in the package: B frames of a batch, C channels compared by Eq. 6, H/W.
 */
public final class FrameLoop {
    /**
     * What the loop does with each batch.
     *
     * @param passes     complementary maskings per frame (see {@link Reconstruction})
     * @param mapChannel compare the anomaly-map channel too (C = 4) or only the frame (C = 3)
     * @param weights    α, β, γ of the Eq. 6 map handed to the visitor
     */
    public record Options(int passes, boolean mapChannel, ScoreWeights weights) {
        public Options {
            if (passes < 1) throw new IllegalArgumentException("scoring needs at least one masking pass, got " + passes);
        }

        /** C, the channels Eq. 6 compares. */
        public int channels() {
            return mapChannel ? InputLayout.TARGET_CHANNELS : InputLayout.COLOURS;
        }
    }

    /**
     * One frame, reconstructed and mapped.
     *
     * @param batch            the batch it came in
     * @param sample           its index in the batch
     * @param observed         {@code [C, H, W]} x_t
     * @param teacher          {@code [C, H, W]} x̂_t
     * @param student          {@code [C, H, W]} x̃_t
     * @param classProbability ŷ_t
     * @param map              {@code [H, W]} o_t of Eq. 6 under the loop's weights; overwritten by the next frame
     */
    public record Frame(Batch batch, int sample, float[] observed, float[] teacher, float[] student,
                        double classProbability, float[] map) {
        /** The frame's index in its video. */
        public int frameIndex() {
            return batch.ids().get(sample).frame();
        }

        /** 1 when the sample carries a (synthetic) anomaly, else 0. */
        public boolean anomalous() {
            return batch.label().get(sample) > 0.5f;
        }
    }

    /** Receives each frame in order. */
    public interface Visitor {
        void frame(Frame f);
    }

    /** The masking seed of each batch (index: 0-based position in the stream): the same seed gives the same scores. */
    public interface MaskSeeds {
        Rng forBatch(int index, Batch batch);
    }

    private final Options options;
    private final Reconstruction reconstruction;
    private final int height, width;
    private long frames;
    private double seconds;

    public FrameLoop(AedMae model, Options options, int height, int width) {
        this.options = options;
        this.reconstruction = new Reconstruction(model, options.passes());
        this.height = height;
        this.width = width;
    }

    /** Runs over at most maxBatches batches of the stream (all of them when maxBatches < 0). */
    public void run(Iterable<Batch> batches, int maxBatches, MaskSeeds seeds, Visitor visitor) {
        int plane = height * width, channels = options.channels(), n = 0;
        float[] map = new float[plane];
        for (Batch b : batches) {
            if (maxBatches >= 0 && n >= maxBatches) break;
            long t0 = System.nanoTime();
            try (MemoryArena arena = MemoryArena.open()) { // the batch's buffers are reused by the next
                Reconstruction.Result r = reconstruction.run(b.input(), seeds.forBatch(n, b));
                float[] input = b.input().toArray(), teacher = r.teacher().toArray(), student = r.student().toArray();
                for (int i = 0; i < b.size(); i++) {
                    int off = i * ObservedFrame.CHANNELS * plane;
                    float[] x = Arrays.copyOf(ObservedFrame.of(input, i, plane), channels * plane);
                    float[] xt = Arrays.copyOfRange(teacher, off, off + channels * plane);
                    float[] xs = Arrays.copyOfRange(student, off, off + channels * plane);
                    double p = r.classProbability()[i];
                    PixelAnomalyMap.compute(x, xt, xs, p, channels, height, width, options.weights(), map);
                    visitor.frame(new Frame(b, i, x, xt, xs, p, map));
                }
            }
            seconds += (System.nanoTime() - t0) / 1e9;
            frames += b.size();
            n++;
        }
    }

    public Options options() {
        return options;
    }

    /** Frames run so far. */
    public long frames() {
        return frames;
    }

    /** Frames per second of the loop so far (model, maps and visitors). */
    public double framesPerSecond() {
        return seconds == 0 ? 0 : frames / seconds;
    }
}
