package aedmae.cli;

import aedmae.datasets.Dataset;
import aedmae.model.AedMae;
import aedmae.score.ScoreOptions;
import aedmae.tensor.cpu.Parallel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** `aedmae eval`: score a checkpoint on the test videos and write the report (AUCs, ROC, plots, protocol card). */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Score a checkpoint on a dataset's test videos; micro/macro AUC, ROC curve, per-video plots and a report page.")
final class EvalCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Mixin
    ScoringFlags scoring;

    @Option(names = "--out", defaultValue = "report", description = "report folder; default ${DEFAULT-VALUE}")
    Path out;

    @Option(names = "--overlays", split = ",", description = "videos to write anomaly-map overlays for")
    Set<String> overlays;

    @Override
    public Integer call() throws Exception {
        if (data.threads > 0) Parallel.setThreads(data.threads);
        AedMae model = scoring.loadModel();
        ScoreOptions so = scoring.scoreOptions(overlays == null ? Set.of() : overlays, 10);
        EvaluationRun.run(model, Dataset.open(data.data), data.cache, so, out, "given checkpoint", Map.of(), Map.of(),
                Map.of("checkpoint", scoring.checkpoint.toAbsolutePath().toString()));
        return 0;
    }
}
