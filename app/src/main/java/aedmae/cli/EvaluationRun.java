package aedmae.cli;

import aedmae.datasets.Dataset;
import aedmae.datasets.loader.LoaderOptions;
import aedmae.eval.FrameLevelAucResult;
import aedmae.localization.RegionOptions;
import aedmae.model.AedMae;
import aedmae.report.MachineInfo;
import aedmae.report.ProtocolCard;
import aedmae.report.Report;
import aedmae.score.Evaluation;
import aedmae.score.ScoreOptions;
import aedmae.tensor.Device;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import aedmae.eval.Normalisation;
import aedmae.eval.ScoreWeights;
import aedmae.score.TokenSource;
import aedmae.train.ModelSelection;
import aedmae.train.SettingSelection;
import aedmae.train.TeacherStudentTrainer;
import aedmae.train.TrainConfig;

/** Scores a model on a dataset's test videos and writes the report with its protocol card. */
final class EvaluationRun {
    private EvaluationRun() {}

    static Report run(AedMae model, Dataset dataset, Path cache, ScoreOptions so, Path reportDir, String selection,
                      Map<String, Integer> epochs, Map<String, Double> wallTime, Map<String, Object> settings) throws IOException {
        return run(model, dataset, cache, so, null, reportDir, selection, epochs, wallTime, settings);
    }

    /** {@link #run} with how regions are cut out of the maps (null: {@link RegionOptions#defaults}). */
    static Report run(AedMae model, Dataset dataset, Path cache, ScoreOptions so, RegionOptions ro, Path reportDir, String selection,
                      Map<String, Integer> epochs, Map<String, Double> wallTime, Map<String, Object> settings) throws IOException {
        prepareReportFolder(reportDir);
        long t0 = System.nanoTime();
        Evaluation.Scored scored = Evaluation.score(model, dataset, loaderOptions(model, cache), so, ro != null ? ro : RegionOptions.defaults(model.preset().patch()),
                Report.overlayDir(reportDir), System.out::println);
        return report(model, dataset, so, scored, (System.nanoTime() - t0) / 1e9, reportDir, selection, epochs, wallTime, settings);
    }

    /** Refuses a report folder that cannot be one; says when an earlier report is replaced. */
    private static void prepareReportFolder(Path reportDir) throws IOException {
        ModelFiles.requireOutputFolder("report folder", reportDir);
        if (java.nio.file.Files.exists(reportDir.resolve("report.html"))) {
            System.out.println("replacing the earlier report in " + reportDir.toAbsolutePath());
        }
    }

    private static LoaderOptions loaderOptions(AedMae model, Path cache) {
        LoaderOptions lo = LoaderOptions.defaults(model.preset().height(), model.preset().width()).withPrefetch(2);
        return cache != null ? lo.withCacheDir(cache) : lo;
    }

    /** The report folder of scored test videos, with its protocol card; prints the AUCs. */
    private static Report report(AedMae model, Dataset dataset, ScoreOptions so, Evaluation.Scored scored, double scoringSeconds, Path reportDir,
                                 String selection, Map<String, Integer> epochs, Map<String, Double> wallTime, Map<String, Object> settings) throws IOException {
        ProtocolCard.Builder card = ProtocolCard.builder().dataset(dataset.name() + " (" + dataset.root() + ")").preset(model.preset().name())
                .seed(so.seed()).scoring(so.scoring()).headlineMacro("padded").modelSelection(selection)
                .machine(MachineInfo.detect(model.device().toString())).software("aedmae 0.1.0, Java " + System.getProperty("java.version"))
                .setting("scoring", so.describe()).setting("scoring frames/s", String.format("%.1f", scored.framesPerSecond()))
                .setting("scoring wall time (s)", String.format("%.1f", scoringSeconds));
        epochs.forEach(card::epochs);
        wallTime.forEach(card::wallTime);
        settings.forEach(card::setting);
        Report report = Evaluation.report(reportDir, card.build(), scored);
        print(report, scored.framesPerSecond());
        return report;
    }

    /**
     * The evaluation of a training run with every choice made on validation: chooses the checkpoint
     * and scoring setting on the held-out training videos ({@link SettingSelection}), prints the
     * choice and its validation AUC, then scores the test set once with that setting (report/ in the
     * run folder). Beside it: the same setting with per-video min–max normalisation the other way,
     * and the other token sources and weights, reported as they fall and used for nothing.
     */
    static Report selected(TeacherStudentTrainer trainer, TrainConfig cfg, Dataset dataset, Path cache, ScoreOptions base, Path runDir,
                           Map<String, Integer> epochs, Map<String, Double> wallTime, Map<String, Object> extra) throws IOException {
        long t0 = System.nanoTime();
        SettingSelection.Choice choice = trainer.select(base, System.out::println);
        SettingSelection.writeCsv(runDir.resolve("selection.csv"), choice.grid());
        SettingSelection.writeChart(runDir.resolve("selection.png"), choice);
        SettingSelection.Candidate c = choice.chosen(), twin = choice.twin();
        System.out.printf("%nchosen on validation (%d settings, held-out videos %s; test labels not used; grid in %s, %.0f s):%n  %s%n",
                choice.grid().size(), String.join(", ", choice.videos()), runDir.resolve("selection.csv"), (System.nanoTime() - t0) / 1e9, c.describe());
        System.out.printf("  validation AUC: micro %.2f %%, macro %.2f %% (with normalisation %s: micro %.2f %%, macro %.2f %%)%n",
                100 * c.validation().micro(), 100 * c.validation().macroPadded(), normalised(twin) ? "on" : "off",
                100 * twin.validation().micro(), 100 * twin.validation().macroPadded());
        System.out.println("  validation micro AUC by kind of event: " + c.byKindText());
        System.out.println("  resampled events: " + choice.evidence().describe(twin));
        // the test set: the chosen setting first, then the others scored alongside for the record
        List<ScoreOptions> settings = new ArrayList<>();
        List<String> names = new ArrayList<>();
        settings.add(c.options());
        names.add("chosen");
        for (TokenSource t : choice.calibrated().keySet()) // one unmasked pass has a single source
            for (String w : List.of("paper", "calibrated")) {
                if (t == c.options().tokenSource() && w.equals(c.weights())) continue;
                ScoreWeights weights = w.equals("paper") ? base.scoring().weights() : choice.calibrated().get(t);
                settings.add(c.options().with(t, c.options().classAggregation()).withWeights(weights));
                names.add("tokens " + SettingSelection.tokensTag(c.options().with(t, c.options().classAggregation())) + ", " + w + " weights");
            }
        AedMae model = new AedMae(cfg.resolvedPreset(), cfg.classificationHead, cfg.seed);
        aedmae.nn.Checkpoint.load(model, c.path(), true);
        Path reportDir = runDir.resolve("report");
        prepareReportFolder(reportDir);
        long t1 = System.nanoTime();
        List<Evaluation.Scored> scored = Evaluation.scoreAll(model, dataset, loaderOptions(model, cache), settings,
                RegionOptions.defaults(model.preset().patch()), Report.overlayDir(reportDir), System.out::println);
        double seconds = (System.nanoTime() - t1) / 1e9;
        Map<String, Object> card = new LinkedHashMap<>(extra);
        card.putAll(choice.cardSettings());
        System.out.printf("%ntest result of the chosen setting (%s):%n", c.describe());
        Report report = report(model, dataset, c.options(), scored.get(0), seconds, reportDir, "validation (checkpoint and scoring)", epochs, wallTime, card);
        FrameLevelAucResult twinTest = Evaluation.aucs(SettingSelection.refilter(scored.get(0).videos(), twin.options()))[1];
        System.out.printf("  the same with per-video min-max normalisation %s: micro %.2f %%, macro %.2f %% padded, %.2f %% defined%n",
                normalised(twin) ? "on" : "off", 100 * twinTest.micro(), 100 * twinTest.macroPadded(), 100 * twinTest.macroDefinedOnly());
        StringBuilder others = new StringBuilder("setting,test_micro,test_macro_padded,test_macro_defined,test_micro_minmax,test_macro_padded_minmax\n");
        System.out.println("  other settings on the test set, scored alongside and used for nothing (same checkpoint, class probability, sigma):");
        for (int i = 0; i < settings.size(); i++) {
            FrameLevelAucResult plain = Evaluation.aucs(SettingSelection.refilter(scored.get(i).videos(), settings.get(i).withTemporal(c.options().scoring().temporal(), Normalisation.NONE)))[1];
            FrameLevelAucResult mm = Evaluation.aucs(SettingSelection.refilter(scored.get(i).videos(), settings.get(i).withTemporal(c.options().scoring().temporal(), Normalisation.MIN_MAX_PER_VIDEO)))[1];
            if (i > 0) System.out.printf("    %-36s micro %.2f %%, macro %.2f %% (min-max: %.2f / %.2f)%n", names.get(i),
                    100 * plain.micro(), 100 * plain.macroPadded(), 100 * mm.micro(), 100 * mm.macroPadded());
            others.append(String.format(java.util.Locale.ROOT, "%s,%.4f,%.4f,%.4f,%.4f,%.4f%n", names.get(i), plain.micro(), plain.macroPadded(),
                    plain.macroDefinedOnly(), mm.micro(), mm.macroPadded()));
        }
        java.nio.file.Files.writeString(reportDir.resolve("other-settings-test.csv"), others);
        return report;
    }

    private static boolean normalised(SettingSelection.Candidate c) {
        return c.options().scoring().normalisation() != Normalisation.NONE;
    }

    /** Evaluates the selected model of a training run, with the run's epochs, wall times and settings on the card. */
    static Report afterTraining(TeacherStudentTrainer trainer, TeacherStudentTrainer.Result r, TrainConfig cfg, Dataset dataset, Path cache,
                                ScoreOptions so, Path runDir, Map<String, Object> extra) throws IOException {
        Map<String, Integer> epochs = new LinkedHashMap<>();
        epochs.put("teacher", r.teacherEpochs());
        epochs.put("student", r.studentEpochs());
        Map<String, Double> wall = new LinkedHashMap<>();
        wall.put("teacher", r.teacherSeconds());
        wall.put("student", r.studentSeconds());
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("components", cfg.ablations());
        settings.put("synthetic anomalies", cfg.synthetic.equals("scene") ? "fitted to the scene (speeds from its measured motion, stretched sprites, temporal jumps)" : "constant speeds (the earlier generator)");
        settings.put("validation videos", String.join(", ", r.validationVideos()));
        settings.put("training frames/s", String.format("%.1f", r.framesPerSecond()));
        settings.putAll(extra);
        if (cfg.selection == ModelSelection.VALIDATION && !r.validationVideos().isEmpty())
            return selected(trainer, cfg, dataset, cache, so, runDir, epochs, wall, settings);
        AedMae model = new AedMae(cfg.resolvedPreset(), cfg.classificationHead, cfg.seed);
        aedmae.nn.Checkpoint.load(model, r.bestCheckpoint(), true);
        settings.put("selected epoch", r.bestEpoch());
        return run(model, dataset, cache, so, runDir.resolve("report"), cfg.selection.toString(), epochs, wall, settings);
    }

    static void print(Report r, double fps) {
        var s = r.summary();
        if (s.evaluated()) {
            FrameLevelAucResult raw = s.raw(), sm = s.smoothed();
            System.out.printf("frame-level AUC on %d test videos (%d frames, %d abnormal):%n", s.videos(), s.frames(), s.abnormalFrames());
            System.out.printf("  micro %.2f %% (raw %.2f %%)%n", 100 * sm.micro(), 100 * raw.micro());
            System.out.printf("  macro %.2f %% padded (reference convention), %.2f %% over the %d videos where it is defined (raw: %.2f / %.2f)%n",
                    100 * sm.macroPadded(), 100 * sm.macroDefinedOnly(), sm.perVideo().size() - sm.skippedInDefinedOnly().size(),
                    100 * raw.macroPadded(), 100 * raw.macroDefinedOnly());
        } else {
            System.out.println("no ground truth: frame scores written, no AUC");
        }
        if (s.localization() != null) System.out.println("  where: " + aedmae.report.ReportWriter.localizationLine(s.localization()));
        System.out.printf("scoring: %.1f frames/s%n", fps);
        System.out.println("report: " + r.html().toAbsolutePath());
    }
}
