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
import java.util.Map;

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
        ModelFiles.requireOutputFolder("report folder", reportDir);
        if (java.nio.file.Files.exists(reportDir.resolve("report.html"))) {
            System.out.println("replacing the earlier report in " + reportDir.toAbsolutePath());
        }
        LoaderOptions lo = LoaderOptions.defaults(model.preset().height(), model.preset().width()).withPrefetch(2);
        if (cache != null) lo = lo.withCacheDir(cache);
        long t0 = System.nanoTime();
        Evaluation.Scored scored = Evaluation.score(model, dataset, lo, so, ro != null ? ro : RegionOptions.defaults(model.preset().patch()), Report.overlayDir(reportDir), System.out::println);
        double scoringSeconds = (System.nanoTime() - t0) / 1e9;
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

    /** Evaluates the selected model of a training run, with the run's epochs, wall times and settings on the card. */
    static Report afterTraining(aedmae.train.TeacherStudentTrainer.Result r, aedmae.train.TrainConfig cfg, Dataset dataset, Path cache,
                                ScoreOptions so, Path reportDir, Map<String, Object> extra) throws IOException {
        AedMae model = new AedMae(cfg.resolvedPreset(), cfg.classificationHead, cfg.seed);
        aedmae.nn.Checkpoint.load(model, r.bestCheckpoint(), true);
        Map<String, Integer> epochs = new java.util.LinkedHashMap<>();
        epochs.put("teacher", r.teacherEpochs());
        epochs.put("student", r.studentEpochs());
        Map<String, Double> wall = new java.util.LinkedHashMap<>();
        wall.put("teacher", r.teacherSeconds());
        wall.put("student", r.studentSeconds());
        Map<String, Object> settings = new java.util.LinkedHashMap<>();
        settings.put("components", cfg.ablations());
        settings.put("selected epoch", r.bestEpoch());
        settings.put("validation videos", String.join(", ", r.validationVideos()));
        settings.put("training frames/s", String.format("%.1f", r.framesPerSecond()));
        settings.putAll(extra);
        return run(model, dataset, cache, so, reportDir, cfg.selection.toString(), epochs, wall, settings);
    }

    /** Both scorings of a training run: the paper's Eq. 6 weights (report/) and, when measured, the calibrated ones (report-calibrated/). */
    static void bothScorings(aedmae.train.TeacherStudentTrainer.Result r, aedmae.train.TrainConfig cfg, Dataset dataset, Path cache,
                             ScoreOptions so, Path runDir, Map<String, Object> extra) throws IOException {
        Map<String, Object> paper = new java.util.LinkedHashMap<>(extra);
        paper.put("Eq. 6 weights", "the paper's, raw units");
        afterTraining(r, cfg, dataset, cache, so, runDir.resolve("report"), paper);
        if (r.calibratedWeights() == null) return;
        var w = r.calibratedWeights();
        System.out.printf("%nthe same model with calibrated Eq. 6 weights %.4f, %.4f, %.4f (the paper's divided by each term's spread on normal held-out training frames):%n",
                w.alpha(), w.beta(), w.gamma());
        Map<String, Object> cal = new java.util.LinkedHashMap<>(extra);
        cal.put("Eq. 6 weights", String.format("calibrated on normal held-out training frames: %.4f, %.4f, %.4f", w.alpha(), w.beta(), w.gamma()));
        afterTraining(r, cfg, dataset, cache, so.withWeights(w), runDir.resolve("report-calibrated"), cal);
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
