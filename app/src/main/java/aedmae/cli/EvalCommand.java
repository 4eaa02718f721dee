package aedmae.cli;

import aedmae.datasets.Dataset;
import aedmae.eval.ScoreWeights;
import aedmae.model.AedMae;
import aedmae.score.ScoreOptions;
import aedmae.train.TeacherStudentTrainer;
import aedmae.train.TrainConfig;
import aedmae.train.TrainListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** `aedmae eval`: score a checkpoint on the test videos and write the report (AUCs, ROC, plots, protocol card). */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Score a checkpoint on a dataset's test videos; micro/macro AUC, ROC curve, per-video plots and a report page.")
final class EvalCommand implements Callable<Integer> {
    @Mixin
    DeviceOption device = new DeviceOption();

    @Mixin
    DataOptions data;

    @Mixin
    ScoringFlags scoring;

    @Option(names = "--out", defaultValue = "report", description = "report folder; default ${DEFAULT-VALUE}")
    Path out;

    @Option(names = "--overlays", split = ",", description = "videos to write anomaly-map overlays for")
    Set<String> overlays;

    @Option(names = "--calibrate-from", description = "a training run folder: calibrate the Eq. 6 weights on its held-out training videos (no test data)")
    Path calibrateFrom;

    @Override
    public Integer call() throws Exception {
        FlagChecks.applyThreads(data.threads);
        scoring.checkFlags();
        ModelFiles.requireOutputFolder("--out", out); // before minutes of scoring
        device.apply();
        var regions = scoring.regionOptions(); // a bad --regions fails before the model loads
        AedMae model = scoring.loadModel();
        Dataset dataset = Dataset.open(data.data);
        ScoreOptions so = scoring.scoreOptions(overlays == null ? Set.of() : overlays, 10);
        String weights = "the paper's, raw units";
        if (calibrateFrom != null) {
            if (!Files.isRegularFile(calibrateFrom.resolve("config.json"))) {
                throw new IllegalArgumentException("--calibrate-from " + calibrateFrom + ": not a run folder (no config.json)");
            }
            TrainConfig cfg = TrainConfig.read(calibrateFrom.resolve("config.json"));
            ScoreWeights w = new TeacherStudentTrainer(cfg, dataset, calibrateFrom, TrainListener.QUIET).calibrate(model);
            if (w == null) throw new IllegalArgumentException(calibrateFrom + ": the run kept no training videos aside to calibrate on");
            so = so.withWeights(w);
            weights = String.format("calibrated on the held-out training videos of %s: %.4f, %.4f, %.4f", calibrateFrom, w.alpha(), w.beta(), w.gamma());
            System.out.println("Eq. 6 weights " + weights);
        }
        EvaluationRun.run(model, dataset, data.cache, so, regions, out, "given checkpoint", Map.of(), Map.of(),
                Map.of("checkpoint", scoring.checkpoint.toAbsolutePath().toString(), "Eq. 6 weights", weights));
        return 0;
    }
}
