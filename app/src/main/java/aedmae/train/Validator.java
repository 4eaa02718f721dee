package aedmae.train;

import aedmae.datasets.loader.BatchStream;
import aedmae.datasets.loader.VideoLoader;
import aedmae.datasets.synthetic.SyntheticAnomalyGenerator;
import aedmae.datasets.synthetic.ValidationEvents;
import aedmae.eval.FrameLevelAuc;
import aedmae.eval.FrameLevelAucResult;
import aedmae.eval.FrameScores;
import aedmae.eval.PixelAnomalyMap;
import aedmae.eval.RocAuc;
import aedmae.eval.ScoreWeights;
import aedmae.model.AedMae;
import aedmae.score.FrameLoop;
import aedmae.score.ObservedFrame;
import aedmae.score.ScoreOptions;
import aedmae.score.VideoScoring;
import aedmae.tensor.Rng;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

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
    /** One plan of events per layout; the first is also the calibration's (its normal frames). */
    private final List<ValidationEvents> layouts;

    /** @param heldOut a loader whose training videos are the held-out ones; seed fixes the events */
    Validator(VideoLoader heldOut, long seed) {
        this(heldOut, seed, 1, false);
    }

    /**
     * @param layouts event layouts over the same held-out videos: layout 0 from the seed, layout l
     *                from its own seed
     * @param spedUp  whether sped-up real objects are among the kinds of event
     */
    Validator(VideoLoader heldOut, long seed, int layouts, boolean spedUp) {
        this.loader = heldOut;
        List<ValidationEvents> plans = new ArrayList<>();
        for (int l = 0; l < layouts; l++) plans.add(heldOut.validationEvents(layoutSeed(seed, l), spedUp));
        this.layouts = List.copyOf(plans);
    }

    /** Layout 0 keeps the run's seed (so one layout is the earlier validation, bit for bit). */
    private static long layoutSeed(long seed, int layout) {
        return layout == 0 ? seed : seed * 1_000_003L + 7_919L * layout;
    }

    /** The first layout's events. */
    ValidationEvents events() {
        return layouts.get(0);
    }

    int layoutCount() {
        return layouts.size();
    }

    /** Frames in events and in all, and the number of events, over every layout, for the log: {abnormal, total, events}. */
    int[] frameCounts() {
        int abnormal = 0, total = 0, events = 0;
        for (int v = 0; v < loader.trainStore().videoCount(); v++) total += loader.trainStore().frameCount(v);
        for (ValidationEvents plan : layouts) {
            for (ValidationEvents.Event e : plan.events()) abnormal += e.length();
            events += plan.events().size();
        }
        return new int[]{abnormal, total * layouts.size(), events};
    }

    /**
     * The held-out videos' frame scores under each setting, over every layout (outer list: settings,
     * in order; inner: layout by layout, video by video), from one set of reconstructions per
     * video and layout.
     */
    List<List<FrameScores>> scores(AedMae model, List<ScoreOptions> settings) {
        return scores(model, settings, layouts.size());
    }

    /** As {@link #scores(AedMae, List)}, over the first {@code layoutCount} layouts. */
    private List<List<FrameScores>> scores(AedMae model, List<ScoreOptions> settings, int layoutCount) {
        model.eval(); // the trainer resets the modes at the next epoch start
        VideoScoring scoring = new VideoScoring(model, settings);
        List<List<FrameScores>> out = new ArrayList<>();
        settings.forEach(s -> out.add(new ArrayList<>()));
        int h = loader.options().height(), w = loader.options().width();
        for (int l = 0; l < layoutCount; l++)
            for (int v = 0; v < loader.trainStore().videoCount(); v++) {
                String name = "val-" + loader.trainStore().videos().get(v).name() + (l == 0 ? "" : "-layout" + l);
                try (BatchStream stream = loader.eventBatches(v, layouts.get(l))) {
                    List<FrameScores> fs = scoring.scoreVideo(stream, v, name, null, true, null, null, h, w);
                    for (int s = 0; s < fs.size(); s++) out.get(s).add(fs.get(s));
                }
            }
        return out;
    }

    /**
     * The validation AUCs (final scores) of one setting over every layout of this validator: the
     * per-epoch check, which also picks the teacher that stage 2 starts from.
     */
    FrameLevelAucResult evaluate(AedMae model, ScoreOptions so) {
        return auc(scores(model, List.of(so)).get(0));
    }

    /**
     * Micro AUC per kind of event: the frames of that kind's events against every normal frame
     * (other events' frames left out), over the videos of {@link #scores(AedMae, List)} in its
     * order. NaN for a kind without events. Shows which kinds a setting detects.
     */
    Map<SyntheticAnomalyGenerator.Kind, Double> aucByKind(List<FrameScores> videos) {
        Map<SyntheticAnomalyGenerator.Kind, Double> out = new EnumMap<>(SyntheticAnomalyGenerator.Kind.class);
        int perLayout = loader.trainStore().videoCount();
        for (SyntheticAnomalyGenerator.Kind kind : SyntheticAnomalyGenerator.Kind.values()) {
            List<Double> scores = new ArrayList<>();
            List<Integer> labels = new ArrayList<>();
            for (int i = 0; i < videos.size(); i++) {
                ValidationEvents plan = layouts.get(i / perLayout);
                int v = i % perLayout;
                FrameScores f = videos.get(i);
                for (int t = 0; t < f.frames(); t++) {
                    if (f.labels()[t] == 0) {
                        scores.add(f.smoothed()[t]);
                        labels.add(0);
                    } else if (plan.kindAt(v, t) == kind) {
                        scores.add(f.smoothed()[t]);
                        labels.add(1);
                    }
                }
            }
            boolean any = labels.contains(1);
            out.put(kind, any ? RocAuc.auc(scores.stream().mapToDouble(Double::doubleValue).toArray(),
                    labels.stream().mapToInt(Integer::intValue).toArray()) : Double.NaN);
        }
        return out;
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
            try (BatchStream stream = loader.eventBatches(v, events())) {
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
