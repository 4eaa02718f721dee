package aedmae.train;

import aedmae.datasets.loader.BatchStream;
import aedmae.datasets.loader.VideoLoader;
import aedmae.datasets.synthetic.ValidationEvents;
import aedmae.eval.FrameLevelAuc;
import aedmae.eval.FrameLevelAucResult;
import aedmae.eval.FrameScores;
import aedmae.eval.PixelAnomalyMap;
import aedmae.eval.ScoreWeights;
import aedmae.model.AedMae;
import aedmae.score.FrameLoop;
import aedmae.score.ObservedFrame;
import aedmae.score.ScoreOptions;
import aedmae.score.VideoScoring;
import aedmae.tensor.Rng;

import java.util.ArrayList;
import java.util.List;

/**
 * Model and scoring selection without test labels. Training videos are all normal, so a few of
 * them are held out and given contiguous synthetic events ({@link ValidationEvents}: runs of
 * 30-60 frames with an object at a few times the scene's own speed, stretched or zig-zagging, or
 * a temporal jump), the same events at every check. They are then scored exactly like test
 * videos ({@link VideoScoring#scoreVideo}: same masks, Eq. 6 map, 3-D smoothing, frame score,
 * temporal Gaussian, normalisation) and judged by the same frame-level AUCs. The normal frames of
 * the same videos calibrate the Eq. 6 weights ({@link #calibratedWeights}).
 */
final class Validator {
    private final VideoLoader loader;
    private final ValidationEvents events;

    /** @param heldOut a loader whose training videos are the held-out ones; seed fixes the events */
    Validator(VideoLoader heldOut, long seed) {
        this.loader = heldOut;
        this.events = heldOut.validationEvents(seed);
    }

    ValidationEvents events() {
        return events;
    }

    /** Frames in events and in all, for the log: {abnormal, total}. */
    int[] frameCounts() {
        int abnormal = 0, total = 0;
        for (int v = 0; v < loader.trainStore().videoCount(); v++) total += loader.trainStore().frameCount(v);
        for (ValidationEvents.Event e : events.events()) abnormal += e.length();
        return new int[]{abnormal, total};
    }

    /**
     * The held-out videos' frame scores under each setting (outer list: settings, in order; inner:
     * videos), from one set of reconstructions per video.
     */
    List<List<FrameScores>> scores(AedMae model, List<ScoreOptions> settings) {
        model.eval(); // the trainer resets the modes at the next epoch start
        VideoScoring scoring = new VideoScoring(model, settings);
        List<List<FrameScores>> out = new ArrayList<>();
        settings.forEach(s -> out.add(new ArrayList<>()));
        int h = loader.options().height(), w = loader.options().width();
        for (int v = 0; v < loader.trainStore().videoCount(); v++) {
            String name = "val-" + loader.trainStore().videos().get(v).name();
            try (BatchStream stream = loader.eventBatches(v, events)) {
                List<FrameScores> fs = scoring.scoreVideo(stream, v, name, null, true, null, null, h, w);
                for (int s = 0; s < fs.size(); s++) out.get(s).add(fs.get(s));
            }
        }
        return out;
    }

    /** The validation AUCs (final scores) of one setting. */
    FrameLevelAucResult evaluate(AedMae model, ScoreOptions so) {
        return auc(scores(model, List.of(so)).get(0));
    }

    /** Frame-level AUCs of the final scores of held-out videos. */
    static FrameLevelAucResult auc(List<FrameScores> videos) {
        return FrameLevelAuc.evaluate(videos.stream().map(FrameScores::smoothedScores).toList());
    }

    /** The validation micro AUC of the model under the given options, in [0, 1] (0.5 when undefined). */
    double score(AedMae model, ScoreOptions so) {
        double auc = evaluate(model, so).micro();
        return Double.isNaN(auc) ? 0.5 : auc;
    }

    /**
     * Eq. 6 weights rescaled to the data, one per frame-loop setting: the setting's α, β, γ divided
     * by the spread (standard deviation) of each term's frame maximum over the normal held-out
     * frames (outside every event), under that setting's token source and ŷ aggregation. In raw
     * units the teacher error of a [-1, 1] image (up to 16 per pixel over 4 channels) swamps
     * γ·ŷ (at most 0.3); rescaled, each term counts by how much it varies on normal data. Uses no
     * test data.
     */
    List<ScoreWeights> calibratedWeights(AedMae model, List<FrameLoop.Options> settings, long seed) {
        model.eval();
        int h = loader.options().height(), w = loader.options().width(), plane = h * w, n = settings.size();
        double[][] sum = new double[n][3], sq = new double[n][3];
        int[] count = new int[n];
        FrameLoop loop = new FrameLoop(model, settings, h, w);
        for (int v = 0; v < loader.trainStore().videoCount(); v++) {
            int video = v;
            try (BatchStream stream = loader.eventBatches(v, events)) {
                loop.run(stream, -1, (index, b) -> new Rng(seed * 1_000_003L + video * 100_003L + b.ids().get(0).frame()), f -> {
                    if (f.anomalous()) return; // normal frames only
                    int channels = settings.get(f.setting()).channels(), s = f.setting();
                    double err = 0, disc = 0;
                    for (int q = 0; q < plane; q++) {
                        err = Math.max(err, PixelAnomalyMap.squaredDistance(f.observed(), f.teacher(), channels, plane, q));
                        disc = Math.max(disc, PixelAnomalyMap.squaredDistance(f.teacher(), f.student(), channels, plane, q));
                    }
                    double[] val = {err, disc, f.classProbability()};
                    for (int k = 0; k < 3; k++) {
                        sum[s][k] += val[k];
                        sq[s][k] += val[k] * val[k];
                    }
                    count[s]++;
                });
            }
        }
        List<ScoreWeights> out = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            double[] scale = new double[3];
            for (int k = 0; k < 3; k++) {
                double mean = sum[s][k] / Math.max(count[s], 1);
                scale[k] = Math.sqrt(Math.max(sq[s][k] / Math.max(count[s], 1) - mean * mean, 0)) + 1e-6;
            }
            ScoreWeights paper = settings.get(s).weights();
            out.add(new ScoreWeights(paper.alpha() / scale[0], paper.beta() / scale[1], paper.gamma() / scale[2]));
        }
        return out;
    }
}
