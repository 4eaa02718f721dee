package aedmae.score;

import aedmae.datasets.loader.Batch;
import aedmae.datasets.loader.InputLayout;
import aedmae.eval.PixelAnomalyMap;
import aedmae.eval.ScoreWeights;
import aedmae.model.AedMae;
import aedmae.tensor.MemoryArena;
import aedmae.tensor.Rng;

import java.util.Arrays;
import java.util.List;

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
     * @param passes           complementary maskings per frame, or {@link Reconstruction#UNMASKED} (see {@link Reconstruction})
     * @param mapChannel       compare the anomaly-map channel too (C = 4) or only the frame (C = 3)
     * @param weights          α, β, γ of the Eq. 6 map handed to the visitor
     * @param tokenSource      which passes each token's reconstruction comes from
     * @param classAggregation how ŷ of the passes is combined
     */
    public record Options(int passes, boolean mapChannel, ScoreWeights weights, TokenSource tokenSource,
                          ClassAggregation classAggregation) {
        public Options {
            if (passes < 0) throw new IllegalArgumentException("scoring needs at least one pass (0 = unmasked), got " + passes);
            if (tokenSource == null || classAggregation == null) throw new IllegalArgumentException("token source and class aggregation must be set");
        }

        /** Masked-token predictions and the mean ŷ (the scoring so far). */
        public Options(int passes, boolean mapChannel, ScoreWeights weights) {
            this(passes, mapChannel, weights, TokenSource.MASKED, ClassAggregation.MEAN);
        }

        /** C, the channels Eq. 6 compares. */
        public int channels() {
            return mapChannel ? InputLayout.TARGET_CHANNELS : InputLayout.COLOURS;
        }

        public Options withWeights(ScoreWeights w) {
            return new Options(passes, mapChannel, w, tokenSource, classAggregation);
        }

        public Options with(TokenSource t, ClassAggregation a) {
            return new Options(passes, mapChannel, weights, t, a);
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
     * @param map              {@code [H, W]} o_t of Eq. 6 under the setting's weights; overwritten by the next frame
     * @param setting          which of the loop's settings this is (0 when it has one)
     * @param anomalous        whether the sample carries a (synthetic) anomaly (its label is 1)
     */
    public record Frame(Batch batch, int sample, float[] observed, float[] teacher, float[] student,
                        double classProbability, float[] map, int setting, boolean anomalous) {
        /** The frame's index in its video. */
        public int frameIndex() {
            return batch.ids().get(sample).frame();
        }
    }

    /** Receives each frame in order. */
    public interface Visitor {
        void frame(Frame f);
    }

    /** The masking seed of each batch (index: 0-based position in the stream): the same seed gives the same scores. */
    public interface MaskSeeds {
        Rng forBatch(int index, Batch batch);

        /** One generator per sample of the batch, or null (the default) for the batch's shared one. */
        default Rng[] forSamples(int index, Batch batch) {
            return null;
        }
    }

    private final List<Options> settings;
    private final Reconstruction reconstruction;
    private final AedMae model;
    private final int height, width;
    private long frames;
    private double seconds;

    public FrameLoop(AedMae model, Options options, int height, int width) {
        this(model, List.of(options), height, width);
    }

    /**
     * A loop that maps every frame under several settings from one set of passes (all settings
     * share the number of passes and the channels; each visit names its setting).
     */
    public FrameLoop(AedMae model, List<Options> settings, int height, int width) {
        if (settings.isEmpty()) throw new IllegalArgumentException("the frame loop needs at least one setting");
        for (Options o : settings)
            if (o.passes() != settings.get(0).passes() || o.mapChannel() != settings.get(0).mapChannel())
                throw new IllegalArgumentException("settings of one frame loop must share passes and channels");
        this.settings = List.copyOf(settings);
        this.reconstruction = new Reconstruction(model, settings.get(0).passes());
        this.model = model;
        this.height = height;
        this.width = width;
    }

    /** Runs over at most maxBatches batches of the stream (all of them when maxBatches < 0). */
    public void run(Iterable<Batch> batches, int maxBatches, MaskSeeds seeds, Visitor visitor) {
        int plane = height * width, channels = settings.get(0).channels(), n = 0;
        aedmae.tensor.Device device = model.device();
        float[][] maps = new float[settings.size()][plane];
        for (Batch hostBatch : batches) {
            if (maxBatches >= 0 && n >= maxBatches) break;
            long t0 = System.nanoTime();
            try (MemoryArena arena = MemoryArena.open()) { // the batch's buffers are reused by the next
                Batch b = hostBatch.to(device); // one upload of the batch's bytes; its floats are made there
                Rng[] perSample = seeds.forSamples(n, hostBatch);
                Reconstruction.AllSources all = perSample != null ? reconstruction.runAll(b.input(), perSample)
                        : reconstruction.runAll(b.input(), seeds.forBatch(n, hostBatch));
                float[] input = b.input().toArray(), labels = b.label().toArray();
                java.util.Map<TokenSource, float[][]> images = new java.util.EnumMap<>(TokenSource.class);
                for (Options o : settings)
                    images.computeIfAbsent(o.tokenSource(), src -> {
                        Reconstruction.Result r = all.get(src, ClassAggregation.MEAN);
                        return new float[][]{r.teacher().toArray(), r.student().toArray()};
                    });
                for (int i = 0; i < b.size(); i++) {
                    int off = i * ObservedFrame.CHANNELS * plane;
                    float[] x = Arrays.copyOf(ObservedFrame.of(input, i, plane), channels * plane);
                    for (int s = 0; s < settings.size(); s++) {
                        Options o = settings.get(s);
                        float[][] img = images.get(o.tokenSource());
                        float[] xt = Arrays.copyOfRange(img[0], off, off + channels * plane);
                        float[] xs = Arrays.copyOfRange(img[1], off, off + channels * plane);
                        double p = all.get(o.tokenSource(), o.classAggregation()).classProbability()[i];
                        PixelAnomalyMap.compute(x, xt, xs, p, channels, height, width, o.weights(), maps[s]);
                        visitor.frame(new Frame(b, i, x, xt, xs, p, maps[s], s, labels[i] > 0.5f));
                    }
                }
            }
            seconds += (System.nanoTime() - t0) / 1e9;
            frames += hostBatch.size();
            n++;
        }
    }

    /** The first (or only) setting. */
    public Options options() {
        return settings.get(0);
    }

    public List<Options> settings() {
        return settings;
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
