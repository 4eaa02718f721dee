package aedmae.cli;

import aedmae.datasets.Dataset;
import aedmae.model.AedMae;
import aedmae.model.Preset;
import aedmae.nn.Checkpoint;
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
@Command(name = "eval", description = "Score a checkpoint on a dataset's test videos; micro/macro AUC, ROC curve, per-video plots and a report page.")
final class EvalCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Option(names = "--checkpoint", required = true, description = "model checkpoint (.safetensors)")
    Path checkpoint;

    @Option(names = "--preset", defaultValue = "ped2-fast", completionCandidates = PresetNames.class)
    String preset;

    @Option(names = "--out", defaultValue = "report", description = "report folder; default ${DEFAULT-VALUE}")
    Path out;

    @Option(names = "--no-head", description = "the checkpoint has no classification head")
    boolean noHead;

    @Option(names = "--seed", defaultValue = "1") long seed;
    @Option(names = "--passes", defaultValue = "2", description = "complementary masking passes per frame; default ${DEFAULT-VALUE}") int passes;
    @Option(names = "--temporal-sigma", defaultValue = "3", description = "temporal Gaussian sigma (frames); default ${DEFAULT-VALUE}") double temporalSigma;
    @Option(names = "--overlays", split = ",", description = "videos to write anomaly-map overlays for") Set<String> overlays;

    @Override
    public Integer call() throws Exception {
        if (data.threads > 0) Parallel.setThreads(data.threads);
        Preset p = Preset.named(preset);
        AedMae model = new AedMae(p, !noHead, seed);
        Checkpoint.load(model, checkpoint, true);
        ScoreOptions so = ScoreOptions.defaults(seed, Math.max(8, p.batch()), temporalSigma).withPasses(passes)
                .withOverlays(overlays == null ? Set.of() : overlays, 10);
        EvaluationRun.run(model, Dataset.open(data.data), data.cache, so, out, "given checkpoint", Map.of(), Map.of(),
                Map.of("checkpoint", checkpoint.toAbsolutePath().toString()));
        return 0;
    }
}
