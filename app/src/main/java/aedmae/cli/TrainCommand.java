package aedmae.cli;

import aedmae.datasets.Dataset;
import aedmae.datasets.gradient.GradientMode;
import aedmae.model.StudentLoss;
import aedmae.score.Evaluation;
import aedmae.score.ScoreOptions;
import aedmae.train.LrSchedule;
import aedmae.train.ModelSelection;
import aedmae.train.RunLock;
import aedmae.train.TeacherStudentTrainer;
import aedmae.train.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** `aedmae train`: the paper's two-stage training, then (unless --no-eval) scoring and evaluation. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train the teacher (stage 1) and the student (stage 2), checkpointing every epoch; then evaluate on the test videos.")
final class TrainCommand implements Callable<Integer> {
    @Mixin
    DeviceOption device = new DeviceOption();

    @Mixin
    DataOptions data;

    @Option(names = "--preset", defaultValue = "ped2-fast", completionCandidates = PresetNames.class, description = "preset; default ${DEFAULT-VALUE}")
    String preset;

    @Option(names = "--out", description = "run folder (default runs/<dataset>-<preset>)")
    Path out;

    @Option(names = "--config", description = "JSON config file (see config.json of any run); flags override it")
    Path config;

    @Option(names = "--resume", description = "continue the run in --out from its last checkpoint")
    boolean resume;

    @Option(names = "--seed") Long seed;
    @Option(names = "--teacher-epochs") Integer teacherEpochs;
    @Option(names = "--student-epochs") Integer studentEpochs;
    @Option(names = "--batch") Integer batch;
    @Option(names = "--lr") Float lr;
    @Option(names = "--lr-schedule", description = "constant or cosine") String lrSchedule;
    @Option(names = "--synthetic-share", description = "share of training frames with a synthetic anomaly (paper: 0.25)") Double syntheticShare;
    @Option(names = "--synthetic-sped-up", description = "share of the synthetic anomalies that are a real object of the scene sped up 2-4x (default 0: then the validation's sped-up kind is never trained on)") Double syntheticSpedUp;
    @Option(names = "--synthetic", description = "scene (speeds from the scene's motion, stretched sprites, temporal jumps) or constant (the earlier generator)") String synthetic;
    @Option(names = "--gradients", description = "median (paper) or plain (reference code)") String gradients;
    @Option(names = "--student-loss", description = "paper (Eq. 4) or reference (masked mean)") String studentLoss;
    @Option(names = "--val-videos", description = "training videos kept aside for model selection") Integer valVideos;
    @Option(names = "--validation-layouts", description = "synthetic event layouts over the held-out videos for the final selection (default 4)") Integer validationLayouts;
    @Option(names = "--epoch-validation-layouts", description = "event layouts of the per-epoch validation, which picks the teacher stage 2 starts from (default 1)") Integer epochValidationLayouts;
    @Option(names = "--validation-sped-up", description = "add sped-up real objects of the held-out videos (a kind never trained on) to the validation's events") Boolean validationSpedUp;
    @Option(names = "--from-teacher", description = "skip stage 1: start stage 2 from this teacher checkpoint (e.g. another run's checkpoints/epochs/teacher-24.safetensors)") Path fromTeacher;
    @Option(names = "--selection-unmasked", description = "the final selection also tries scoring without masking (one pass, the encoder sees every token)") Boolean selectionUnmasked;
    @Option(names = "--selection", description = "validation, last, or oracle-test (selects on the TEST set: optimistic, reported as such)") String selection;
    @Option(names = "--eval-every", description = "validate every N epochs") Integer evalEvery;
    @Option(names = "--max-batches", description = "batches per epoch (for quick trials)") Integer maxBatches;
    @Option(names = "--temporal-sigma", defaultValue = "3", description = "temporal Gaussian sigma for scoring (frames); default ${DEFAULT-VALUE}") double temporalSigma;

    // Table 2 switches
    @Option(names = "--no-motion-weights") boolean noMotionWeights;
    @Option(names = "--no-self-distillation") boolean noSelfDistillation;
    @Option(names = "--no-synthetic") boolean noSynthetic;
    @Option(names = "--no-anomaly-maps") boolean noAnomalyMaps;
    @Option(names = "--no-head") boolean noHead;

    @Option(names = "--no-eval", description = "skip scoring and evaluation after training")
    boolean noEval;

    @Override
    public Integer call() throws Exception {
        FlagChecks.applyThreads(data.threads);
        FlagChecks.range("--teacher-epochs", teacherEpochs, 1, FlagChecks.MAX_EPOCHS);
        FlagChecks.range("--student-epochs", studentEpochs, 1, FlagChecks.MAX_EPOCHS); // no stage 2: --no-self-distillation
        FlagChecks.range("--batch", batch, 1, FlagChecks.MAX_BATCH);
        FlagChecks.positive("--lr", lr, 1f);
        FlagChecks.range("--val-videos", valVideos, 0, Integer.MAX_VALUE);
        FlagChecks.range("--validation-layouts", validationLayouts, 1, 64);
        FlagChecks.range("--epoch-validation-layouts", epochValidationLayouts, 1, 64);
        FlagChecks.range("--eval-every", evalEvery, 0, Integer.MAX_VALUE);
        FlagChecks.range("--max-batches", maxBatches, 0, Integer.MAX_VALUE);
        FlagChecks.nonNegative("--temporal-sigma", temporalSigma);
        FlagChecks.unitInterval("--synthetic-sped-up", syntheticSpedUp);
        device.apply();
        TrainConfig cfg = config != null ? TrainConfig.read(ModelFiles.requireFile("--config", config)) : TrainConfig.forPreset(preset);
        if (config == null || preset != null && !preset.equals("ped2-fast")) cfg.preset = preset;
        if (seed != null) cfg.seed = seed;
        if (teacherEpochs != null) cfg.teacherEpochs = teacherEpochs;
        if (studentEpochs != null) cfg.studentEpochs = studentEpochs;
        if (batch != null) cfg.batch = batch;
        if (lr != null) cfg.lr = lr;
        if (lrSchedule != null) cfg.lrSchedule = TrainConfig.choice(LrSchedule.class, "lrSchedule", lrSchedule);
        if (syntheticShare != null) cfg.syntheticShare = syntheticShare;
        if (synthetic != null) cfg.synthetic = synthetic;
        if (syntheticSpedUp != null) cfg.syntheticSpedUp = syntheticSpedUp;
        if (gradients != null) cfg.gradients = TrainConfig.choice(GradientMode.class, "gradients", gradients);
        if (studentLoss != null) cfg.studentLoss = TrainConfig.choice(StudentLoss.class, "studentLoss", studentLoss);
        if (valVideos != null) cfg.validationVideos = valVideos;
        if (validationLayouts != null) cfg.validationLayouts = validationLayouts;
        if (epochValidationLayouts != null) cfg.epochValidationLayouts = epochValidationLayouts;
        if (validationSpedUp != null) cfg.validationSpedUp = validationSpedUp;
        if (selectionUnmasked != null) cfg.selectionUnmasked = selectionUnmasked;
        if (fromTeacher != null) {
            if (!java.nio.file.Files.isRegularFile(fromTeacher)) throw new IllegalArgumentException(fromTeacher + ": no such teacher checkpoint (--from-teacher)");
            cfg.fromTeacher = fromTeacher.toAbsolutePath().normalize().toString();
        }
        if (selection != null) cfg.selection = TrainConfig.choice(ModelSelection.class, "selection", selection);
        if (evalEvery != null) cfg.evalEvery = evalEvery;
        if (maxBatches != null) cfg.maxBatchesPerEpoch = maxBatches;
        if (data.cache != null) cfg.cacheDir = data.cache.toString();
        if (noMotionWeights) cfg.motionWeights = false;
        if (noSelfDistillation) cfg.selfDistillation = false;
        if (noSynthetic) cfg.syntheticData = false;
        if (noAnomalyMaps) cfg.anomalyMaps = false;
        if (noHead) cfg.classificationHead = false;
        cfg.validate();
        Dataset dataset = Dataset.open(data.data);
        Path run = out != null ? out : Path.of("runs", dataset.safeName() + "-" + cfg.preset);
        ScoreOptions so = ScoreOptions.defaults(cfg.seed, Math.max(8, cfg.resolvedPreset().batch()), temporalSigma);
        Progress progress = new Progress();
        TeacherStudentTrainer trainer = new TeacherStudentTrainer(cfg, dataset, run, progress);
        if (cfg.selection == ModelSelection.ORACLE_TEST) {
            System.out.println("WARNING: selection oracle-test picks the epoch with the best TEST AUC; its numbers are optimistic and the report says so");
            trainer.oracle(m -> Evaluation.microAuc(Evaluation.score(m, dataset,
                    aedmae.datasets.loader.LoaderOptions.defaults(m.preset().height(), m.preset().width()), so, null, s -> {}).videos()));
        }
        System.out.println("run folder: " + run.toAbsolutePath());
        try (RunLock lock = RunLock.acquire(run)) { // held through training and evaluation
            return trainAndEvaluate(trainer, progress, cfg, dataset, so, run);
        }
    }

    private int trainAndEvaluate(TeacherStudentTrainer trainer, Progress progress, TrainConfig cfg, Dataset dataset,
                                 ScoreOptions so, Path run) throws Exception {
        TeacherStudentTrainer.Result r = trainer.run(resume);
        progress.close();
        System.out.printf("trained: teacher %d epochs in %.1f min, student %d epochs in %.1f min (%.1f frames/s); selected %s (%s)%n",
                r.teacherEpochs(), r.teacherSeconds() / 60, r.studentEpochs(), r.studentSeconds() / 60, r.framesPerSecond(), r.bestEpoch(), r.selection());
        System.out.println("checkpoints: " + r.bestCheckpoint().toAbsolutePath() + " (selected), " + r.finalCheckpoint().getFileName() + " (last)");
        if (noEval) return 0;
        EvaluationRun.afterTraining(trainer, r, cfg, dataset, data.cache, so, run,
                Map.of("config", run.resolve("config.json").toAbsolutePath().toString()));
        return 0;
    }
}
