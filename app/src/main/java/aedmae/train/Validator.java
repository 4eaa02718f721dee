package aedmae.train;

import aedmae.datasets.loader.BatchStream;
import aedmae.datasets.loader.VideoLoader;
import aedmae.eval.PixelAnomalyMap;
import aedmae.eval.RocAuc;
import aedmae.eval.ScoreWeights;
import aedmae.model.AedMae;
import aedmae.score.ObservedFrame;
import aedmae.score.FrameLoop;
import aedmae.tensor.Rng;

import java.util.ArrayList;
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

    /**
     * Runs the shared frame loop (eval mode, 2 complementary maskings, Eq. 6 over the frame and
     * the anomaly-map channel) over the fixed held-out sample.
     */
    private void frames(AedMae model, ScoreWeights weights, FrameLoop.Visitor visitor) {
        model.eval(); // the trainer resets the modes at the next epoch start
        FrameLoop loop = new FrameLoop(model, new FrameLoop.Options(2, true, weights), loader.options().height(), loader.options().width());
        try (BatchStream stream = loader.trainBatches(0)) {
            loop.run(stream, batches, (index, batch) -> new Rng(seed + index + 1), visitor);
        }
    }

    /** The pseudo-AUC of the model under Eq. 6 with the given weights, in [0, 1]. */
    double score(AedMae model, ScoreWeights weights) {
        List<Double> scores = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        frames(model, weights, f -> {
            double m = 0;
            for (float v : f.map()) m = Math.max(m, v);
            scores.add(m);
            labels.add(f.anomalous() ? 1 : 0);
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
        frames(model, paper, f -> {
            if (f.anomalous()) return; // normal frames only
            int channels = ObservedFrame.CHANNELS;
            double err = 0, disc = 0;
            for (int q = 0; q < plane; q++) {
                err = Math.max(err, PixelAnomalyMap.squaredDistance(f.observed(), f.teacher(), channels, plane, q));
                disc = Math.max(disc, PixelAnomalyMap.squaredDistance(f.teacher(), f.student(), channels, plane, q));
            }
            double[] v = {err, disc, f.classProbability()};
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
