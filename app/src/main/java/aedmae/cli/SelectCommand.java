package aedmae.cli;

import aedmae.datasets.Dataset;
import aedmae.score.ScoreOptions;
import aedmae.tensor.cpu.Parallel;
import aedmae.train.TeacherStudentTrainer;
import aedmae.train.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * `aedmae select`: what `train` does after training, for an existing run: chooses the checkpoint
 * and the scoring setting on the run's held-out training videos, prints the choice and its
 * validation AUC, then scores the test set once with it (RUN/report, RUN/selection.csv).
 */
@Command(name = "select", mixinStandardHelpOptions = true,
        description = "Choose a training run's checkpoint and scoring setting on its held-out training videos, then evaluate that one setting on the test set.")
final class SelectCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Option(names = "--run", required = true, description = "a training run folder (config.json, checkpoints/)")
    Path run;

    @Option(names = "--validation-layouts", description = "synthetic event layouts over the held-out videos (default: the run's config, 4 where it names none)")
    Integer validationLayouts;
    @Option(names = "--validation-sped-up", description = "add sped-up real objects of the held-out videos to the kinds of validation event (default: the run's config, off where it names none)")
    Boolean validationSpedUp;
    @Option(names = "--selection-unmasked", description = "also try scoring without masking (the encoder sees every token) in the selection (default: the run's config, off where it names none)")
    Boolean selectionUnmasked;

    @Override
    public Integer call() throws Exception {
        if (data.threads > 0) Parallel.setThreads(data.threads);
        FlagChecks.range("--validation-layouts", validationLayouts, 1, 64);
        TrainConfig cfg = TrainConfig.read(run.resolve("config.json"));
        if (validationLayouts != null) cfg.validationLayouts = validationLayouts;
        if (validationSpedUp != null) cfg.validationSpedUp = validationSpedUp;
        if (selectionUnmasked != null) cfg.selectionUnmasked = selectionUnmasked;
        Dataset dataset = Dataset.open(data.data);
        TeacherStudentTrainer trainer = new TeacherStudentTrainer(cfg, dataset, run, aedmae.train.TrainListener.QUIET);
        TeacherStudentTrainer.Result r = trainer.finishedRun();
        ScoreOptions so = ScoreOptions.defaults(cfg.seed, Math.max(8, cfg.resolvedPreset().batch()), 3);
        EvaluationRun.afterTraining(trainer, r, cfg, dataset, data.cache, so, run,
                Map.of("config", run.resolve("config.json").toAbsolutePath().toString()));
        return 0;
    }
}
