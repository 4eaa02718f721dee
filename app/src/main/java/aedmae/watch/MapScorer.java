package aedmae.watch;

import aedmae.datasets.loader.Batch;
import aedmae.datasets.loader.FrameId;
import aedmae.datasets.loader.InputLayout;
import aedmae.model.AedMae;
import aedmae.model.Preset;
import aedmae.score.FrameLoop;
import aedmae.score.ScoreOptions;
import aedmae.tensor.Rng;
import aedmae.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * The adapter between live frames and the scoring code: a batch of frames (possibly from many
 * cameras) becomes a loader {@link Batch} and goes through the shared {@link FrameLoop} (the
 * complementary maskings and Eq. 6 of {@code aedmae score}), and comes back as one pixel map
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
    private final FrameLoop loop;

    public MapScorer(AedMae model, ScoreOptions options) {
        this.model = model;
        this.options = options;
        this.loop = new FrameLoop(model, options.frameLoop(), model.preset().height(), model.preset().width());
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
        int b = frames.size(), h = p.height(), w = p.width(), plane = h * w, colours = InputLayout.COLOURS * plane;
        float[] input = new float[b * InputLayout.INPUT_CHANNELS * plane];
        List<FrameId> ids = new ArrayList<>(b);
        for (int i = 0; i < b; i++) {
            LiveFrame f = frames.get(i);
            int base = i * InputLayout.INPUT_CHANNELS * plane;
            normalise(f.previous(), input, base);
            normalise(f.current(), input, base + colours);
            normalise(f.next(), input, base + 2 * colours);
            ids.add(new FrameId(f.camera(), 0, (int) f.index()));
        }
        // only the input is scored; the training tensors of a loader batch stay empty
        Tensor none = Tensor.zeros(b, 1);
        int[] unknown = new int[b];
        java.util.Arrays.fill(unknown, -1);
        Batch batch = new Batch(Tensor.of(input, b, InputLayout.INPUT_CHANNELS, h, w), none, none, none, Tensor.zeros(b), ids, unknown);
        // each frame's masks depend on the seed, its camera and its index only, not on which frames
        // share its batch (that depends on timing): a frame scores the same however it was batched
        Rng[] perFrame = new Rng[b];
        for (int i = 0; i < b; i++) perFrame[i] = new Rng(options.seed() * 1_000_003L + frames.get(i).camera().hashCode() * 100_003L + frames.get(i).index());
        float[][] out = new float[b][];
        loop.run(List.of(batch), -1, new FrameLoop.MaskSeeds() {
            @Override
            public Rng forBatch(int index, Batch x) {
                return perFrame[0];
            }

            @Override
            public Rng[] forSamples(int index, Batch x) {
                return perFrame;
            }
        }, f -> out[f.sample()] = f.map().clone());
        return out;
    }

    private static void normalise(byte[] chw, float[] dst, int off) {
        for (int i = 0; i < chw.length; i++) dst[off + i] = NORM[chw[i] & 0xFF];
    }
}
