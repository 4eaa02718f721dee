package aedmae.train;

import aedmae.datasets.synthetic.SyntheticAnomalyGenerator;
import aedmae.eval.EventBootstrap;
import aedmae.eval.FrameLevelAucResult;
import aedmae.eval.FrameScores;
import aedmae.eval.GaussianSmoothing1d;
import aedmae.eval.Normalisation;
import aedmae.eval.ScoreWeights;
import aedmae.eval.VideoScorer;
import aedmae.model.AedMae;
import aedmae.nn.Checkpoint;
import aedmae.score.ClassAggregation;
import aedmae.score.FrameLoop;
import aedmae.score.Reconstruction;
import aedmae.score.ScoreOptions;
import aedmae.score.TokenSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Every choice of the evaluation protocol made on held-out training videos, never on test labels
 * ({@link Validator}: synthetic events scored exactly like test videos). The grid:
 * <ul>
 *   <li>checkpoint: each kept epoch of the last stage;</li>
 *   <li>token source: masked, visible or all passes ({@link TokenSource});</li>
 *   <li>ŷ over the passes: mean or max ({@link ClassAggregation});</li>
 *   <li>Eq. 6 weights: the paper's, or calibrated (the paper's divided by each term's spread on the
 *       normal held-out frames, for that token source and aggregation);</li>
 *   <li>temporal Gaussian σ: {@link #SIGMAS} (0 = none);</li>
 *   <li>per-video min–max normalisation: off or on;</li>
 *   <li>with {@code TrainConfig.selectionUnmasked}, the masking too: the base's complementary passes,
 *       or one pass without masking ({@link Reconstruction#UNMASKED}, a single reading).</li>
 * </ul>
 * Each checkpoint costs two passes over the held-out videos (calibration, then all settings from
 * one set of reconstructions); σ and normalisation only re-filter the frame scores. The setting
 * with the highest validation micro AUC wins; ties go to the earlier one in the order above (the
 * paper's settings come first).
 */
public final class SettingSelection {
    /** Temporal Gaussian σ (frames) tried; 0 = no temporal filter. */
    public static final double[] SIGMAS = {0, 3, 6, 11, 21};

    /**
     * One point of the grid and its validation AUCs.
     *
     * @param checkpoint the epoch's name ("student 3")
     * @param weights    "paper" or "calibrated"
     */
    public record Candidate(String checkpoint, Path path, ScoreOptions options, String weights, FrameLevelAucResult validation,
                            Map<SyntheticAnomalyGenerator.Kind, Double> byKind) {
        /** One line: checkpoint, tokens, ŷ, weights, σ, normalisation. */
        public String describe() {
            return String.format(Locale.ROOT, "%s, tokens %s, class probability %s, %s Eq. 6 weights, temporal sigma %s, %s", checkpoint,
                    tokensTag(options), options.classAggregation().tag(), weights, sigmaText(options.scoring().temporal()),
                    options.scoring().normalisation() == Normalisation.NONE ? "no normalisation" : "per-video min-max normalisation");
        }

        /** "object 91.2 %, stretched 88.0 %, ...": the validation micro AUC of each kind of event. */
        public String byKindText() {
            StringBuilder sb = new StringBuilder();
            byKind.forEach((k, auc) -> sb.append(sb.length() == 0 ? "" : ", ").append(k.name().toLowerCase(Locale.ROOT).replace('_', ' '))
                    .append(Double.isNaN(auc) ? " (no event)" : String.format(Locale.ROOT, " %.2f %%", 100 * auc)));
            return sb.toString();
        }
    }

    /**
     * The winner, the grid and what is needed to score the test set with it.
     *
     * @param chosen     the winning setting
     * @param twin       the same setting with normalisation the other way (always reported beside it)
     * @param grid       every setting tried, in order
     * @param calibrated the chosen checkpoint's calibrated weights for each token source, under the
     *                   chosen ŷ aggregation
     * @param videos     the held-out videos
     * @param layouts    the synthetic event layouts laid over them
     * @param teacher    how the teacher that stage 2 started from was chosen ("teacher 19, by the per-epoch
     *                   validation on 2 layouts"), or null where the run records no such choice
     * @param evidence   how firmly the validation chose (resampled events)
     */
    public record Choice(Candidate chosen, Candidate twin, List<Candidate> grid, Map<TokenSource, ScoreWeights> calibrated,
                         List<String> videos, int layouts, String teacher, Evidence evidence) {
        /** The protocol card's entries: each choice, its value, and that it was made on validation. */
        public Map<String, Object> cardSettings() {
            Map<String, Object> m = new LinkedHashMap<>();
            ScoreOptions o = chosen.options();
            String how = " (chosen on validation)";
            m.put("choices made on", "held-out training videos " + String.join(", ", videos)
                    + " with synthetic events (" + layouts + (layouts == 1 ? " layout" : " layouts") + "), scored like the test set; test labels were not consulted");
            if (teacher != null) m.put("choice: teacher stage 2 started from", teacher + (teacher.endsWith(TeacherStudentTrainer.GIVEN_TEACHER) ? "" : how));
            m.put("choice: checkpoint", chosen.checkpoint() + how);
            m.put("choice: token source", (o.passes() == Reconstruction.UNMASKED ? "unmasked (one pass without masking)" : o.tokenSource().tag()) + how);
            m.put("choice: class probability over passes", o.classAggregation().tag() + how);
            ScoreWeights w = o.scoring().weights();
            m.put("choice: Eq. 6 weights", String.format(Locale.ROOT, "%s, %.4f / %.4f / %.4f%s", chosen.weights(), w.alpha(), w.beta(), w.gamma(), how));
            m.put("choice: temporal sigma", sigmaText(o.scoring().temporal()) + how);
            m.put("choice: per-video min-max normalisation", (o.scoring().normalisation() == Normalisation.NONE ? "off" : "on") + how);
            m.put("validation AUC of the choice", String.format(Locale.ROOT, "micro %.2f %%, macro %.2f %% (%d settings compared)",
                    100 * chosen.validation().micro(), 100 * chosen.validation().macroPadded(), grid.size()));
            m.put("validation micro AUC of the choice by kind of event", chosen.byKindText());
            m.put("validation micro AUC interval of the choice", evidence.describe(twin));
            return m;
        }
    }

    /**
     * How firmly the validation chose, by resampling its events ({@link EventBootstrap}).
     *
     * @param interval      a 90 % interval of the chosen setting's validation micro AUC
     * @param twinAbove     the share of resamples in which the normalisation twin scores higher
     * @param runnerUp      the best setting of another checkpoint, token source or weighting, or null where there is none
     * @param runnerUpAbove the share of resamples in which the runner-up scores higher
     */
    public record Evidence(EventBootstrap.Interval interval, double twinAbove, Candidate runnerUp, double runnerUpAbove) {
        /** One line for the console and the protocol card. */
        public String describe(Candidate twin) {
            String s = String.format(Locale.ROOT, "%.0f %% interval %.2f-%.2f %% over %d resamples of %d events and %d normal stretches; "
                            + "per-video min-max %s beats it in %.0f %% of them",
                    100 * interval.level(), 100 * interval.low(), 100 * interval.high(), EventBootstrap.RESAMPLES, interval.abnormalSegments(),
                    interval.normalSegments(), twin.options().scoring().normalisation() == Normalisation.NONE ? "off" : "on", 100 * twinAbove);
            return runnerUp == null ? s : s + String.format(Locale.ROOT, ", the runner-up (%s, %.2f %%) in %.0f %%", runnerUp.describe(),
                    100 * runnerUp.validation().micro(), 100 * runnerUpAbove);
        }
    }

    private final Validator validator;
    private final TrainConfig cfg;
    private final List<String> videos;
    private final Consumer<String> log;
    private final String teacher;

    /** @param teacher how stage 2's teacher was chosen, for the protocol card (null: no record) */
    SettingSelection(Validator validator, TrainConfig cfg, List<String> videos, String teacher, Consumer<String> log) {
        this.validator = validator;
        this.cfg = cfg;
        this.videos = videos;
        this.teacher = teacher;
        this.log = log;
    }

    /**
     * Scores the grid on validation and returns the best setting.
     *
     * @param checkpoints name → checkpoint file, in order
     * @param base        passes, seed, batch, 3-D filter and the paper's weights for this run
     */
    Choice choose(Map<String, Path> checkpoints, ScoreOptions base) throws IOException {
        List<Candidate> grid = new ArrayList<>();
        Candidate best = null;
        Map<String, Calibration> calibratedByCheckpoint = new LinkedHashMap<>(); // "student 3 @ 2" (checkpoint @ passes)
        Map<Candidate, List<FrameScores>> raws = new java.util.IdentityHashMap<>(); // each setting's scores before the temporal filter
        for (Map.Entry<String, Path> c : checkpoints.entrySet()) {
            long t0 = System.nanoTime();
            AedMae model = new AedMae(cfg.resolvedPreset(), cfg.classificationHead, cfg.seed);
            Checkpoint.load(model, c.getValue(), true);
            Candidate bestHere = null;
            for (int passes : maskingSchemes(base)) {
                List<Reading> combos = readings(passes);
                ScoreOptions scheme = base.withPasses(passes);
                List<FrameLoop.Options> loopSettings = new ArrayList<>();
                for (Reading r : combos) loopSettings.add(scheme.frameLoop().with(r.tokens(), r.aggregation()));
                List<ScoreWeights> calibrated = validator.calibratedWeights(model, loopSettings, base.seed());
                calibratedByCheckpoint.put(c.getKey() + " @ " + passes, new Calibration(combos, calibrated));
                // every (tokens, ŷ, weights) from one set of reconstructions, frame scores before the temporal filter
                List<ScoreOptions> settings = new ArrayList<>();
                List<String> weightNames = new ArrayList<>();
                for (int i = 0; i < combos.size(); i++)
                    for (int k = 0; k < 2; k++) {
                        settings.add(scheme.with(combos.get(i).tokens(), combos.get(i).aggregation()).withWeights(k == 0 ? base.scoring().weights() : calibrated.get(i))
                                .withTemporal(GaussianSmoothing1d.none(), Normalisation.NONE));
                        weightNames.add(k == 0 ? "paper" : "calibrated");
                    }
                List<List<FrameScores>> raw = validator.scores(model, settings);
                for (int s = 0; s < settings.size(); s++)
                    for (double sigma : SIGMAS)
                        for (Normalisation norm : Normalisation.values()) {
                            GaussianSmoothing1d g = sigma == 0 ? GaussianSmoothing1d.none() : GaussianSmoothing1d.scipy(sigma);
                            ScoreOptions o = settings.get(s).withTemporal(g, norm);
                            List<FrameScores> filtered = refilter(raw.get(s), o);
                            Candidate cand = new Candidate(c.getKey(), c.getValue(), o, weightNames.get(s), Validator.auc(filtered),
                                    validator.aucByKind(filtered));
                            grid.add(cand);
                            raws.put(cand, raw.get(s));
                            if (bestHere == null || cand.validation().micro() > bestHere.validation().micro()) bestHere = cand;
                        }
            }
            log.accept(String.format(Locale.ROOT, "validation of %s: best micro AUC %.2f %% (%s); %.0f s", c.getKey(),
                    100 * bestHere.validation().micro(), bestHere.describe(), (System.nanoTime() - t0) / 1e9));
            if (best == null || bestHere.validation().micro() > best.validation().micro()) best = bestHere;
        }
        Candidate chosen = best;
        Candidate twin = grid.stream().filter(c -> c.checkpoint().equals(chosen.checkpoint()) && c.weights().equals(chosen.weights())
                && c.options().passes() == chosen.options().passes()
                && c.options().tokenSource() == chosen.options().tokenSource()
                && c.options().classAggregation() == chosen.options().classAggregation()
                && c.options().scoring().temporal().equals(chosen.options().scoring().temporal())
                && c.options().scoring().normalisation() != chosen.options().scoring().normalisation()).findFirst().orElseThrow();
        Evidence evidence = evidence(chosen, twin, grid, raws);
        Map<TokenSource, ScoreWeights> cal = new LinkedHashMap<>();
        Calibration cw = calibratedByCheckpoint.get(chosen.checkpoint() + " @ " + chosen.options().passes());
        for (int i = 0; i < cw.readings().size(); i++)
            if (cw.readings().get(i).aggregation() == chosen.options().classAggregation()) cal.put(cw.readings().get(i).tokens(), cw.weights().get(i));
        return new Choice(chosen, twin, List.copyOf(grid), cal, videos, validator.layoutCount(), teacher, evidence);
    }

    /**
     * The resampled evidence for the choice: the interval of its validation micro AUC, and how often
     * its normalisation twin and the runner-up (the best setting that differs in checkpoint, masking,
     * token source, ŷ aggregation or weights) would have won on the same resampled events.
     */
    private Evidence evidence(Candidate chosen, Candidate twin, List<Candidate> grid, Map<Candidate, List<FrameScores>> raws) {
        List<aedmae.eval.VideoScores> mine = finalScores(raws.get(chosen), chosen.options());
        Candidate runnerUp = null;
        for (Candidate c : grid)
            if (!sameReading(c, chosen) && (runnerUp == null || c.validation().micro() > runnerUp.validation().micro())) runnerUp = c;
        return new Evidence(EventBootstrap.microInterval(mine, EventBootstrap.RESAMPLES, cfg.seed, 0.9),
                EventBootstrap.shareAbove(mine, finalScores(raws.get(twin), twin.options()), EventBootstrap.RESAMPLES, cfg.seed),
                runnerUp, runnerUp == null ? Double.NaN
                        : EventBootstrap.shareAbove(mine, finalScores(raws.get(runnerUp), runnerUp.options()), EventBootstrap.RESAMPLES, cfg.seed));
    }

    /** Whether two settings share checkpoint, masking, token source, ŷ aggregation and weights (they may differ in σ and normalisation). */
    private static boolean sameReading(Candidate a, Candidate b) {
        return a.checkpoint().equals(b.checkpoint()) && a.weights().equals(b.weights()) && a.options().passes() == b.options().passes()
                && a.options().tokenSource() == b.options().tokenSource() && a.options().classAggregation() == b.options().classAggregation();
    }

    private static List<aedmae.eval.VideoScores> finalScores(List<FrameScores> raw, ScoreOptions o) {
        return refilter(raw, o).stream().map(FrameScores::smoothedScores).toList();
    }

    /** How the passes of a frame are read: token source and ŷ aggregation. */
    private record Reading(TokenSource tokens, ClassAggregation aggregation) {}

    /** A checkpoint's calibrated Eq. 6 weights, one per reading of one masking scheme. */
    private record Calibration(List<Reading> readings, List<ScoreWeights> weights) {}

    /** The masking schemes compared: the base's complementary passes, then (when asked) one unmasked pass. */
    private int[] maskingSchemes(ScoreOptions base) {
        return cfg.selectionUnmasked && base.passes() != Reconstruction.UNMASKED ? new int[]{base.passes(), Reconstruction.UNMASKED} : new int[]{base.passes()};
    }

    /** Every token source and ŷ aggregation; one pass has one prediction per token and one ŷ, so one reading. */
    private static List<Reading> readings(int passes) {
        if (passes <= 1) return List.of(new Reading(TokenSource.ALL, ClassAggregation.MEAN));
        List<Reading> r = new ArrayList<>();
        for (TokenSource t : TokenSource.values())
            for (ClassAggregation a : ClassAggregation.values()) r.add(new Reading(t, a));
        return r;
    }

    /** The CSV's and the card's name of a setting's token source: "unmasked" for the one pass without masking. */
    public static String tokensTag(ScoreOptions o) {
        return o.passes() == Reconstruction.UNMASKED ? "unmasked" : o.tokenSource().tag();
    }

    /** The frame scores again through another temporal filter and normalisation (raw scores unchanged). */
    public static List<FrameScores> refilter(List<FrameScores> videos, ScoreOptions o) {
        return videos.stream().map(f -> VideoScorer.smoothFrameScores(f.name(), f.raw(), f.labels(), o.scoring())).toList();
    }

    /** Writes the grid as CSV: one row per setting with its validation AUCs. */
    public static void writeCsv(Path file, List<Candidate> grid) {
        StringBuilder sb = new StringBuilder("checkpoint,tokens,class_probability,weights,alpha,beta,gamma,temporal_sigma,normalisation,val_micro,val_macro_padded");
        for (SyntheticAnomalyGenerator.Kind k : SyntheticAnomalyGenerator.Kind.values()) sb.append(",val_").append(k.name().toLowerCase(Locale.ROOT));
        sb.append('\n');
        for (Candidate c : grid) {
            ScoreOptions o = c.options();
            ScoreWeights w = o.scoring().weights();
            sb.append(String.format(Locale.ROOT, "%s,%s,%s,%s,%.6g,%.6g,%.6g,%s,%s,%.6f,%.6f", c.checkpoint(), tokensTag(o),
                    o.classAggregation().tag(), c.weights(), w.alpha(), w.beta(), w.gamma(), o.scoring().temporal().sigma(),
                    o.scoring().normalisation() == Normalisation.NONE ? "none" : "min-max", c.validation().micro(), c.validation().macroPadded()));
            for (SyntheticAnomalyGenerator.Kind k : SyntheticAnomalyGenerator.Kind.values())
                sb.append(String.format(Locale.ROOT, ",%.6f", c.byKind().getOrDefault(k, Double.NaN)));
            sb.append('\n');
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, sb);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Draws the selection ({@link aedmae.report.SelectionChart}): per checkpoint, the best validation
     * micro AUC of each token source (and of unmasked scoring where it was tried), the choice and its
     * interval over resampled events.
     */
    public static void writeChart(Path file, Choice choice) {
        List<String> checkpoints = choice.grid().stream().map(Candidate::checkpoint).distinct().toList();
        Map<String, double[]> series = new LinkedHashMap<>();
        for (Candidate c : choice.grid()) {
            double[] best = series.computeIfAbsent("tokens " + tokensTag(c.options()), k -> {
                double[] a = new double[checkpoints.size()];
                java.util.Arrays.fill(a, Double.NaN);
                return a;
            });
            int i = checkpoints.indexOf(c.checkpoint());
            if (Double.isNaN(best[i]) || c.validation().micro() > best[i]) best[i] = c.validation().micro();
        }
        EventBootstrap.Interval in = choice.evidence().interval();
        try {
            aedmae.report.SelectionChart.write(file, "Choices on validation (" + choice.grid().size() + " settings, " + choice.layouts() + " event layouts)",
                    checkpoints, series, checkpoints.indexOf(choice.chosen().checkpoint()), choice.chosen().validation().micro(), in.low(), in.high());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    static String sigmaText(GaussianSmoothing1d g) {
        return g.sigma() == 0 ? "none" : String.format(Locale.ROOT, "%.0f frames", g.sigma());
    }
}
