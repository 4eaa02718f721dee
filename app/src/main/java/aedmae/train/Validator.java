package aedmae.train;

import aedmae.datasets.loader.Batch;
import aedmae.datasets.loader.BatchStream;
import aedmae.datasets.loader.VideoLoader;
import aedmae.eval.PixelAnomalyMap;
import aedmae.eval.RocAuc;
import aedmae.eval.ScoreWeights;
import aedmae.model.AedMae;
import aedmae.score.ObservedFrame;
import aedmae.score.Reconstruction;
import aedmae.tensor.MemoryArena;
import aedmae.tensor.Rng;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Model selection without test labels. Training videos are all normal, so a few of them are
 * held out and given synthetic anomalies on half of their frames (a fixed sample, the same at
 * every check). The validation score is the AUC with which the frame score (max of the Eq. 6
 * map) separates the frames with a pasted anomaly from the clean ones: it measures what the
 * method is built for, on data the model never trained on. The same frames calibrate the Eq. 6
 * weights ({@link #calibratedWeights}).
 */
final class Validator {
    private final VideoLoader loader;
    private final int batches;
    private final long seed;

    Validator(VideoLoader heldOut, int batches, long seed) {
        this.loader = heldOut;
        this.batches = batches;
        this.seed = seed;
    }

    /** One held-out frame as the scorer sees it: x_t [4, H, W], teacher and student [4, H, W], y-hat. */
    private interface FrameVisitor {
        void visit(float[] observed, float[] teacher, float[] student, double classProbability, boolean pasted);
    }

    /** Runs the model (eval mode, 2 complementary maskings) over the fixed held-out sample. */
    private void frames(AedMae model, FrameVisitor visitor) {
        model.eval(); // the trainer resets the modes at the next epoch start
        Reconstruction rec = new Reconstruction(model, 2);
        int plane = loader.options().height() * loader.options().width();
        int n = 0;
        try (BatchStream stream = loader.trainBatches(0)) {
            for (Batch b : stream) {
                if (n++ >= batches) break;
                try (MemoryArena arena = MemoryArena.open()) {
                    Reconstruction.Result r = rec.run(b.input(), new Rng(seed + n));
                    float[] in = b.input().toArray(), t = r.teacher().toArray(), s = r.student().toArray(), y = b.label().toArray();
                    for (int i = 0; i < b.size(); i++) {
                        visitor.visit(ObservedFrame.of(in, i, plane), Arrays.copyOfRange(t, i * 4 * plane, (i + 1) * 4 * plane),
                                Arrays.copyOfRange(s, i * 4 * plane, (i + 1) * 4 * plane), r.classProbability()[i], y[i] > 0.5f);
                    }
                }
            }
        }
    }

    /** The pseudo-AUC of the model under Eq. 6 with the given weights, in [0, 1]. */
    double score(AedMae model, ScoreWeights weights) {
        int h = loader.options().height(), w = loader.options().width();
        List<Double> scores = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        float[] map = new float[h * w];
        frames(model, (x, t, s, p, pasted) -> {
            PixelAnomalyMap.compute(x, t, s, p, 4, h, w, weights, map);
            double m = 0;
            for (float v : map) m = Math.max(m, v);
            scores.add(m);
            labels.add(pasted ? 1 : 0);
        });
        double auc = RocAuc.auc(scores.stream().mapToDouble(Double::doubleValue).toArray(), labels.stream().mapToInt(Integer::intValue).toArray());
        return Double.isNaN(auc) ? 0.5 : auc;
    }

    /**
     * Eq. 6 weights rescaled to the data: the paper's alpha, beta, gamma divided by the spread
     * (standard deviation) of each term's frame maximum over the normal (unpasted) held-out
     * frames. In raw units the teacher error of a [-1, 1] image (up to 16 per pixel over 4
     * channels) swamps gamma * y-hat (at most 0.3); rescaled, each term counts by how much it
     * varies on normal data. Uses no test data.
     */
    ScoreWeights calibratedWeights(AedMae model, ScoreWeights paper) {
        int plane = loader.options().height() * loader.options().width();
        double[] sum = new double[3], sq = new double[3];
        int[] count = {0};
        frames(model, (x, t, s, p, pasted) -> {
            if (pasted) return; // normal frames only
            double err = 0, disc = 0;
            for (int q = 0; q < plane; q++) {
                double e = 0, d = 0;
                for (int c = 0; c < 4; c++) {
                    double a = x[c * plane + q] - t[c * plane + q], bb = t[c * plane + q] - s[c * plane + q];
                    e += a * a;
                    d += bb * bb;
                }
                err = Math.max(err, e);
                disc = Math.max(disc, d);
            }
            double[] v = {err, disc, p};
            for (int k = 0; k < 3; k++) {
                sum[k] += v[k];
                sq[k] += v[k] * v[k];
            }
            count[0]++;
        });
        double[] scale = new double[3];
        for (int k = 0; k < 3; k++) {
            double mean = sum[k] / Math.max(count[0], 1);
            scale[k] = Math.sqrt(Math.max(sq[k] / Math.max(count[0], 1) - mean * mean, 0)) + 1e-6;
        }
        return new ScoreWeights(paper.alpha() / scale[0], paper.beta() / scale[1], paper.gamma() / scale[2]);
    }
}
