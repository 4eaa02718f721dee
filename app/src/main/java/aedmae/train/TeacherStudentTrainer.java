package aedmae.train;

import aedmae.datasets.Dataset;
import aedmae.datasets.Video;
import aedmae.datasets.loader.Batch;
import aedmae.datasets.loader.BatchStream;
import aedmae.datasets.loader.LoaderOptions;
import aedmae.datasets.loader.VideoLoader;
import aedmae.datasets.synthetic.SyntheticConfig;
import aedmae.eval.ScoreWeights;
import aedmae.model.AedMae;
import aedmae.model.Masking;
import aedmae.model.Objectives;
import aedmae.model.Preset;
import aedmae.model.Stage;
import aedmae.score.FrameLoop;
import aedmae.score.ScoreOptions;
import aedmae.nn.AdamW;
import aedmae.nn.Checkpoint;
import aedmae.tensor.MemoryArena;
import aedmae.tensor.Rng;
import aedmae.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The paper's two-stage training (Sec. 3):
 * <ol>
 * <li>Stage 1, teacher: encoder, classification head and teacher decoder learn to reconstruct
 *     the clean frame t and the anomaly map from masked inputs with synthetic anomalies, under the
 *     motion-weighted loss (Eq. 1-3) plus the head's cross-entropy (Eq. 5).</li>
 * <li>Stage 2, student: everything else frozen (and in eval mode), the student block, its norm
 *     and its prediction layer learn to reproduce the teacher (Eq. 4).</li>
 * </ol>
 * After every epoch one run checkpoint is written atomically (model, optimiser moments and
 * progress in one file), so a killed run loses at most one epoch and {@code --resume} continues
 * exactly: data order, synthetic anomalies, masks and dropout are functions of (seed, stage,
 * epoch, batch), and the optimiser state is restored. Model selection uses held-out training
 * videos (see {@link Validator}) unless the config asks for "last" or, explicitly, "oracle-test".
 *
 * <p>Files under the run folder: config.json, metrics.jsonl, checkpoints/last.safetensors (run
 * state), checkpoints/teacher.safetensors, checkpoints/final.safetensors and
 * checkpoints/best.safetensors (models only, loadable by the reference code).
 */
public final class TeacherStudentTrainer {
    /** What a run produced. */
    public record Result(Path finalCheckpoint, Path bestCheckpoint, String selection, String bestEpoch, double bestScore,
                         double teacherSeconds, double studentSeconds, int teacherEpochs, int studentEpochs,
                         List<String> validationVideos, double framesPerSecond) {}

    private final TrainConfig cfg;
    private final Dataset dataset;
    private final Path out;
    private final TrainListener listener;
    /** Oracle mode's scorer: test micro AUC of a model (set by the caller, which owns scoring). */
    private ToDoubleFunction<AedMae> oracle;

    public TeacherStudentTrainer(TrainConfig cfg, Dataset dataset, Path out, TrainListener listener) {
        this.cfg = cfg.validate();
        this.dataset = dataset;
        this.out = out;
        this.listener = listener;
    }

    /** Sets the test-set scorer used by selection "oracle-test" (its numbers are optimistic; reports say so). */
    public TeacherStudentTrainer oracle(ToDoubleFunction<AedMae> testMicroAuc) {
        this.oracle = testMicroAuc;
        return this;
    }

    private Path ckpt(String name) {
        return out.resolve("checkpoints").resolve(name + ".safetensors");
    }

    public Result run(boolean resume) throws IOException {
        try (RunLock lock = RunLock.acquire(out)) {
            return runLocked(resume);
        }
    }

    private Result runLocked(boolean resume) throws IOException {
        Preset p = cfg.resolvedPreset();
        Files.createDirectories(out.resolve("checkpoints"));
        if (cfg.keepEpochCheckpoints) Files.createDirectories(out.resolve("checkpoints").resolve("epochs"));
        removeLeftoverTemporaryFiles();
        Path configFile = out.resolve("config.json");
        if (cfg.fromTeacher != null && !(cfg.selfDistillation && p.studentEpochs() > 0))
            throw new IllegalArgumentException("--from-teacher starts stage 2, but this run has no student stage (self-distillation off or 0 student epochs)");
        if (resume) {
            if (!Files.exists(ckpt("last"))) throw new IOException(ckpt("last") + ": nothing to resume (no run checkpoint in " + out + ")");
            RunCheckpoint.Progress prev = RunCheckpoint.peek(ckpt("last"));
            if (!cfg.toJson().equals(TrainConfig.fromJson(prev.configJson()).toJson())) { // older runs wrote -1 for "the preset's"
                throw new IllegalArgumentException("the configuration differs from the run being resumed in " + out
                        + " (use the same flags and config file, or another --out)");
            }
        } else if (Files.exists(ckpt("last"))) {
            throw new IllegalArgumentException(out + " already holds a run: pass --resume to continue it, or choose another --out");
        }
        cfg.write(configFile);

        // data: training videos minus the validation ones
        List<Video> all = dataset.train();
        List<Video> val = validationVideos(all);
        List<Video> train = new ArrayList<>(all);
        train.removeAll(val);
        if (train.isEmpty()) throw new IllegalArgumentException(dataset.name() + ": no training video left after keeping " + val.size() + " for validation");
        LoaderOptions lo = loaderOptions(p);
        listener.log(String.format("data: %s, %d training videos (%d frames), %d held out for validation%s", dataset.name(), train.size(),
                train.stream().mapToInt(Video::frameCount).sum(), val.size(),
                val.isEmpty() ? "" : " (" + String.join(", ", val.stream().map(Video::name).toList()) + ")"));
        listener.log("components: " + cfg.ablations());

        AedMae model = new AedMae(p, cfg.classificationHead, cfg.seed);
        MetricsLog metrics = new MetricsLog(out.resolve("metrics.jsonl"));
        try (VideoLoader loader = new VideoLoader(dataset.withTrainVideos(train), lo);
             VideoLoader valLoader = val.isEmpty() ? null : new VideoLoader(dataset.withTrainVideos(val), validationLoaderOptions(p))) {
            if (cfg.syntheticData && cfg.syntheticShare > 0 && cfg.synthetic.equals("scene"))
                listener.log("synthetic anomalies fitted to the scene's motion: " + loader.syntheticGenerator().sceneMotion().describe());
            Validator validator = valLoader == null ? null : new Validator(valLoader, cfg.seed, cfg.epochValidationLayouts, cfg.validationSpedUp);
            if (validator != null) {
                int[] fc = validator.frameCounts();
                listener.log(String.format("validation: %d synthetic events on the held-out videos in %d layout(s) (%d of %d frames), scored like the test set",
                        fc[2], validator.layoutCount(), fc[0], fc[1]));
            }
            int batches = cfg.maxBatchesPerEpoch > 0 ? Math.min(cfg.maxBatchesPerEpoch, loader.batchesPerEpoch()) : loader.batchesPerEpoch();
            if (batches == 0) {
                throw new IllegalArgumentException(dataset.name() + ": " + loader.trainFrameCount() + " training frames (after keeping "
                        + val.size() + " videos for validation) make no full batch of " + p.batch() + "; use a smaller --batch");
            }

            // ---------------------------------------------------------------- resume point
            Stage stage = Stage.TEACHER;
            int startEpoch = 1;
            double best = Double.NEGATIVE_INFINITY;
            String bestEpoch = "";
            AdamW opt = newOptimizer(model, Stage.TEACHER, p, batches);
            if (resume) {
                RunCheckpoint.Progress prog = RunCheckpoint.peek(ckpt("last"));
                boolean teacherDone = prog.stage() == Stage.STUDENT || prog.epoch() >= p.teacherEpochs();
                if (prog.stage() == Stage.TEACHER && !teacherDone) {
                    RunCheckpoint.load(ckpt("last"), model, opt);
                    startEpoch = prog.epoch() + 1;
                } else if (prog.stage() == Stage.TEACHER) {
                    // killed between the last teacher epoch and the first student checkpoint:
                    // redo the hand-over, so stage 2 starts from the selected teacher here too
                    RunCheckpoint.load(ckpt("last"), model, null);
                    stage = Stage.STUDENT;
                    handOverToStudent(model, p, prog.bestEpoch());
                } else {
                    stage = Stage.STUDENT;
                    freezeForStudent(model);
                    opt = newOptimizer(model, Stage.STUDENT, p, batches);
                    RunCheckpoint.load(ckpt("last"), model, opt);
                    startEpoch = prog.epoch() + 1;
                }
                best = teacherDone && prog.stage() == Stage.TEACHER ? Double.NEGATIVE_INFINITY : prog.bestScore();
                bestEpoch = prog.bestEpoch();
                metrics.truncateAfter(prog.stage().label(), prog.epoch());
                listener.log("resuming " + prog.stage() + " after epoch " + prog.epoch() + " (step " + prog.step() + ")");
            }

            if (!resume && cfg.fromTeacher != null) { // stage 1 skipped: the given teacher is the hand-over
                Checkpoint.load(model, Path.of(cfg.fromTeacher), true);
                Checkpoint.save(model, ckpt("teacher"), Map.of("stage", Stage.TEACHER.label(), "preset", p.name(), "from", cfg.fromTeacher));
                listener.log("stage 1 skipped: stage 2 starts from " + cfg.fromTeacher);
                stage = Stage.STUDENT;
            }

            // ---------------------------------------------------------------- stage 1: teacher
            if (stage == Stage.TEACHER) {
                for (int e = startEpoch; e <= p.teacherEpochs(); e++) {
                    EpochMetrics m = epoch(model, opt, loader, Stage.TEACHER, e, p.teacherEpochs(), batches, e - 1, validator);
                    if (track(m) && selectionScore(m) > best) {
                        best = selectionScore(m);
                        bestEpoch = "teacher " + e;
                        Checkpoint.save(model, ckpt("best-teacher"), Map.of("epoch", bestEpoch, "score", Double.toString(best)));
                    }
                    keepEpoch(model, "teacher", e);
                    RunCheckpoint.save(ckpt("last"), model, opt, new RunCheckpoint.Progress(Stage.TEACHER, e, opt.stepCount(), best, bestEpoch, cfg.toJson()));
                    metrics.append(m);
                    listener.epochEnded(m);
                }
                handOverToStudent(model, p, bestEpoch);
                stage = Stage.STUDENT;
                startEpoch = 1;
                best = Double.NEGATIVE_INFINITY;
            }

            // ---------------------------------------------------------------- stage 2: student
            boolean distil = cfg.selfDistillation && p.studentEpochs() > 0;
            if (distil) {
                freezeForStudent(model);
                if (startEpoch == 1) opt = newOptimizer(model, Stage.STUDENT, p, batches);
                for (int e = startEpoch; e <= p.studentEpochs(); e++) {
                    EpochMetrics m = epoch(model, opt, loader, Stage.STUDENT, e, p.studentEpochs(), batches, p.teacherEpochs() + e - 1, validator);
                    if (track(m) && selectionScore(m) > best) {
                        best = selectionScore(m);
                        bestEpoch = "student " + e;
                        Checkpoint.save(model, ckpt("best"), Map.of("epoch", bestEpoch, "score", Double.toString(best)));
                    }
                    keepEpoch(model, "student", e);
                    RunCheckpoint.save(ckpt("last"), model, opt, new RunCheckpoint.Progress(Stage.STUDENT, e, opt.stepCount(), best, bestEpoch, cfg.toJson()));
                    metrics.append(m);
                    listener.epochEnded(m);
                }
            }
            model.eval();
            Checkpoint.save(model, ckpt("final"), Map.of("stage", (distil ? Stage.STUDENT : Stage.TEACHER).label(), "preset", p.name()));
            if (cfg.selection == ModelSelection.LAST || !Files.exists(ckpt("best")) || !distil) {
                Files.copy(ckpt("final"), ckpt("best"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                if (!distil && cfg.selection != ModelSelection.LAST) bestEpoch = bestEpoch.isEmpty() ? "last" : bestEpoch;
            }
            return summarise(p, val, bestEpoch, best);
        }
    }

    /** What a finished run in the run folder produced (from its metrics and last checkpoint), to evaluate it again. */
    public Result finishedRun() throws IOException {
        if (!Files.exists(ckpt("last")) || !Files.exists(out.resolve("metrics.jsonl")))
            throw new IOException(out + ": not a training run folder (no checkpoints/last.safetensors or metrics.jsonl)");
        RunCheckpoint.Progress prog = RunCheckpoint.peek(ckpt("last"));
        return summarise(cfg.resolvedPreset(), validationVideos(dataset.train()), prog.bestEpoch(), prog.bestScore());
    }

    /**
     * Removes the temporary files a kill can leave behind: ".NAME.*.tmp" of the atomic checkpoint
     * writes and "config.json.tmp". Only those patterns, only in this run folder, and only under
     * the run lock, so nothing another process is writing and nothing the tool did not make.
     */
    private void removeLeftoverTemporaryFiles() throws IOException {
        List<Path> leftovers = new ArrayList<>();
        try (var s = Files.list(out.resolve("checkpoints"))) {
            s.filter(f -> f.getFileName().toString().matches("\\..+\\.safetensors\\..*\\.tmp")).forEach(leftovers::add);
        }
        if (Files.exists(out.resolve("config.json.tmp"))) leftovers.add(out.resolve("config.json.tmp"));
        for (Path f : leftovers) Files.deleteIfExists(f);
        if (!leftovers.isEmpty()) listener.log("removed " + leftovers.size() + " temporary file(s) left by an interrupted run in " + out);
    }

    /**
     * The end of stage 1: the model becomes the selected teacher (unless selection is "last") and
     * is saved as teacher.safetensors. Idempotent, so a resumed run repeats it when a kill came
     * before the first student checkpoint.
     */
    private void handOverToStudent(AedMae model, Preset p, String bestEpoch) throws IOException {
        if (cfg.selection != ModelSelection.LAST && Files.exists(ckpt("best-teacher"))) {
            Checkpoint.load(model, ckpt("best-teacher"), true);
            listener.log("stage 2 starts from the selected teacher (" + bestEpoch + ")");
        }
        Checkpoint.save(model, ckpt("teacher"), Map.of("stage", Stage.TEACHER.label(), "preset", p.name()));
    }

    /**
     * Eq. 6 weights calibrated for a model on this run's held-out training videos (the paper's
     * weights divided by each term's spread on their normal frames; see Validator), for masked
     * tokens and the mean ŷ. Null when the run keeps no videos aside.
     */
    public ScoreWeights calibrate(AedMae model) {
        List<Video> val = validationVideos(dataset.train());
        if (val.isEmpty()) return null;
        try (VideoLoader l = new VideoLoader(dataset.withTrainVideos(val), validationLoaderOptions(model.preset()))) {
            FrameLoop.Options o = new FrameLoop.Options(2, true, weightsFor(cfg, cfg.selfDistillation));
            return new Validator(l, cfg.seed).calibratedWeights(model, List.of(o), cfg.seed).get(0);
        }
    }

    /**
     * Chooses, on this run's held-out training videos only, the checkpoint and the scoring setting
     * (see {@link SettingSelection}) among the run's kept epochs (or its best and final models
     * when it kept none).
     */
    public SettingSelection.Choice select(ScoreOptions base, java.util.function.Consumer<String> log) throws IOException {
        Preset p = cfg.resolvedPreset();
        List<Video> val = validationVideos(dataset.train());
        if (val.isEmpty()) throw new IllegalArgumentException(out + ": the run kept no training videos aside, nothing to select on");
        boolean distil = cfg.selfDistillation && p.studentEpochs() > 0;
        java.util.LinkedHashMap<String, Path> candidates = new java.util.LinkedHashMap<>();
        String stage = distil ? "student" : "teacher";
        int epochs = distil ? p.studentEpochs() : p.teacherEpochs();
        for (int e = 1; e <= epochs; e++)
            if (Files.exists(epochCheckpoint(out, stage, e))) candidates.put(stage + " " + e, epochCheckpoint(out, stage, e));
        if (candidates.isEmpty()) {
            if (Files.exists(ckpt("best"))) candidates.put("best", ckpt("best"));
            if (Files.exists(ckpt("final"))) candidates.put("final", ckpt("final"));
        }
        if (candidates.isEmpty()) throw new IOException(out + ": no checkpoint to select from");
        try (VideoLoader l = new VideoLoader(dataset.withTrainVideos(val), validationLoaderOptions(p))) {
            Validator validator = new Validator(l, cfg.seed, cfg.validationLayouts, cfg.validationSpedUp);
            return new SettingSelection(validator, cfg, val.stream().map(Video::name).toList(), distil ? teacherChoice() : null, log)
                    .choose(candidates, base.withWeights(weightsFor(cfg, distil)));
        }
    }

    /**
     * "teacher 19, by the per-epoch validation on 2 layouts": the teacher stage 2 started from, as the
     * per-epoch check picked it (recorded in best-teacher's metadata); null where the run kept the last
     * teacher or has no record.
     */
    private String teacherChoice() throws IOException {
        if (cfg.fromTeacher != null) return cfg.fromTeacher + ", " + GIVEN_TEACHER;
        Path f = ckpt("best-teacher");
        if (cfg.selection == ModelSelection.LAST || !Files.exists(f)) return null;
        String epoch = aedmae.nn.SafeTensors.read(f).metadata().get("epoch");
        int layouts = cfg.epochValidationLayouts;
        return epoch == null ? null : epoch + ", by the per-epoch validation on " + layouts + (layouts == 1 ? " layout" : " layouts");
    }

    /**
     * The held-out videos' loader options: the run's, with the validation seed and always the
     * scene-fitted generator, so that runs trained with different generators are judged on the
     * same events.
     */
    private LoaderOptions validationLoaderOptions(Preset p) {
        return loaderOptions(p).withSynthetic(SyntheticConfig.defaults().withShare(0.5)).withSeed(cfg.seed + 7919);
    }

    /** checkpoints/epochs/STAGE-NN.safetensors: the model after an epoch (for selection afterwards on validation). */
    private void keepEpoch(AedMae model, String stage, int epoch) throws IOException {
        if (!cfg.keepEpochCheckpoints) return;
        Checkpoint.save(model, epochCheckpoint(out, stage, epoch), Map.of("stage", stage, "epoch", Integer.toString(epoch), "preset", model.preset().name()));
    }

    /** Where a run keeps the model of one epoch. */
    public static Path epochCheckpoint(Path run, String stage, int epoch) {
        return run.resolve("checkpoints").resolve("epochs").resolve(String.format("%s-%02d.safetensors", stage, epoch));
    }

    /** One epoch of a stage; returns its metrics (validation included when due). */
    private EpochMetrics epoch(AedMae model, AdamW opt, VideoLoader loader, Stage stage, int epoch, int epochs, int batches,
                               int loaderEpoch, Validator validator) {
        boolean student = stage == Stage.STUDENT;
        // modes are set at every epoch start: validation leaves the model in eval mode
        if (student) freezeForStudent(model);
        else model.train(true);
        Rng maskRng = new Rng(mix(cfg.seed, student ? 2 : 1, epoch));
        model.setDropoutRng(new Rng(mix(cfg.seed, student ? 4 : 3, epoch)));
        listener.epochStarted(stage.label(), epoch, epochs, batches);
        double sumLoss = 0, sumRec = 0, sumCls = 0;
        int frames = 0, n = 0;
        long t0 = System.nanoTime();
        JvmCounters jvm0 = JvmCounters.now();
        try (BatchStream stream = loader.trainBatches(loaderEpoch)) {
            for (Batch b : stream) {
                if (n >= batches) break;
                double[] l = student ? studentStep(model, opt, b, maskRng) : teacherStep(model, opt, b, maskRng);
                sumLoss += l[0];
                sumRec += l[1];
                sumCls += l[2];
                frames += b.size();
                n++;
                listener.batchDone(l[0], b.size());
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        JvmCounters jvm = JvmCounters.now().since(jvm0);
        double validation = Double.NaN, test = Double.NaN;
        boolean due = cfg.evalEvery > 0 ? epoch % cfg.evalEvery == 0 || epoch == epochs : epoch == epochs;
        if (due && cfg.selection == ModelSelection.VALIDATION && validator != null)
            validation = validator.score(model, ScoreOptions.defaults(cfg.seed, model.preset().batch(), 3).withWeights(weightsFor(cfg, student)));
        if (due && cfg.selection == ModelSelection.ORACLE_TEST && oracle != null) test = oracle.applyAsDouble(model);
        return new EpochMetrics(stage.label(), epoch, sumLoss / n, sumRec / n, sumCls / n, opt.currentLr(), frames / seconds, seconds, validation, test,
                jvm.allocatedBytes() / (1024.0 * 1024.0) / Math.max(1, n), jvm.gcMillis() / 1e3);
    }

    /** Stage 1 step: Eq. 3 (+ Eq. 5). Returns {loss, reconstruction, classification}. */
    private double[] teacherStep(AedMae model, AdamW opt, Batch b, Rng maskRng) {
        try (MemoryArena arena = MemoryArena.open()) { // the step's buffers are reused by the next step
            return teacherStepIn(model, opt, b, maskRng);
        }
    }

    private double[] teacherStepIn(AedMae model, AdamW opt, Batch hostBatch, Rng maskRng) {
        Batch b = hostBatch.to(model.device()); // one upload per step
        Masking masking = model.randomMasking(b.size(), maskRng);
        AedMae.Loss loss = model.forwardLoss(Stage.TEACHER, b.input(), masking, Ablations.target(b.target(), cfg.anomalyMaps),
                tokenWeights(b, model.preset()), b.label().reshape(b.size(), 1), cfg.clsWeight, cfg.studentLoss);
        double cls = loss.classification() == null ? 0 : loss.classification().item();
        double recValue = loss.reconstruction().item();
        opt.zeroGrad();
        loss.total().backward();
        opt.step();
        opt.zeroGrad(); // gradients die with the step's arena
        return new double[]{loss.total().item(), recValue, cls};
    }

    /** Stage 2 step: Eq. 4 (or the reference's masked mean). */
    private double[] studentStep(AedMae model, AdamW opt, Batch b, Rng maskRng) {
        try (MemoryArena arena = MemoryArena.open()) {
            return studentStepIn(model, opt, b, maskRng);
        }
    }

    private double[] studentStepIn(AedMae model, AdamW opt, Batch hostBatch, Rng maskRng) {
        Batch b = hostBatch.to(model.device());
        Masking masking = model.randomMasking(b.size(), maskRng);
        AedMae.Loss loss = model.forwardLoss(Stage.STUDENT, b.input(), masking, null, tokenWeights(b, model.preset()), null,
                cfg.clsWeight, cfg.studentLoss);
        opt.zeroGrad();
        loss.total().backward();
        opt.step();
        opt.zeroGrad();
        double l = loss.total().item();
        return new double[]{l, l, 0};
    }

    /** Eq. 1-2 weights (with anomaly maps), or uniform ones when motion weighting is switched off. */
    private Tensor tokenWeights(Batch b, Preset p) {
        if (!cfg.motionWeights) return Objectives.uniformWeights(b.size(), p.tokens());
        return Objectives.motionWeights(b.gradient(), cfg.anomalyMaps ? b.anomalyMap() : null, p.patch());
    }

    /** Stage 2: only the student block, its norm and its prediction layer train; the rest is frozen and in eval mode. */
    private static void freezeForStudent(AedMae model) {
        model.setTrainable(false);
        model.eval();
        model.decoderStudentBlock.setTrainable(true).train(true);
        model.decoderStudentNorm.setTrainable(true).train(true);
        model.decoderStudentPred.setTrainable(true).train(true);
    }

    private AdamW newOptimizer(AedMae model, Stage stage, Preset p, int batchesPerEpoch) {
        var params = stage == Stage.STUDENT ? model.studentParameters() : model.namedParameters();
        int epochs = stage == Stage.STUDENT ? p.studentEpochs() : p.teacherEpochs();
        AdamW opt = new AdamW(params, p.lr(), 0.9f, 0.95f, 1e-8f, cfg.weightDecay);
        opt.schedule(cfg.lrSchedule.rates(p.lr(), cfg.warmupEpochs * batchesPerEpoch, epochs * batchesPerEpoch));
        return opt;
    }

    private boolean track(EpochMetrics m) {
        return !Double.isNaN(selectionScore(m));
    }

    private double selectionScore(EpochMetrics m) {
        return cfg.selection == ModelSelection.ORACLE_TEST ? m.testMicroAuc() : m.validation();
    }

    private LoaderOptions loaderOptions(Preset p) {
        LoaderOptions lo = LoaderOptions.defaults(p.height(), p.width())
                .withBatchSize(p.batch()).withSeed(cfg.seed)
                .withGradientMode(cfg.gradients)
                .withSynthetic((cfg.synthetic.equals("constant") ? SyntheticConfig.constantSpeeds() : SyntheticConfig.defaults())
                        .withShare(cfg.syntheticData ? cfg.syntheticShare : 0).withSpedUpShare(cfg.syntheticSpedUp))
                .withDropLast(true);
        if (cfg.workers > 0) lo = lo.withWorkers(cfg.workers);
        if (cfg.cacheDir != null) lo = lo.withCacheDir(Path.of(cfg.cacheDir));
        return lo;
    }

    private List<Video> validationVideos(List<Video> all) {
        if (cfg.selection != ModelSelection.VALIDATION) return List.of();
        List<Video> val = new ArrayList<>();
        if (!cfg.validationNames.isEmpty()) {
            for (String name : cfg.validationNames) {
                Video v = all.stream().filter(x -> x.name().equals(name)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("validation video " + name + " is not a training video of " + dataset.name()));
                val.add(v);
            }
            return val;
        }
        List<Video> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparing(Video::name));
        int k = Math.min(cfg.validationVideos, Math.max(0, sorted.size() - 1));
        return List.copyOf(sorted.subList(sorted.size() - k, sorted.size()));
    }

    /**
     * Eq. 6 weights for validation: the paper's, without the terms a run does not have (during
     * stage 1 the student is untrained, so beta is 0 then; without the head, gamma is 0).
     */
    static ScoreWeights weightsFor(TrainConfig cfg, boolean studentTrained) {
        ScoreWeights w = ScoreWeights.PAPER;
        return new ScoreWeights(w.alpha(), cfg.selfDistillation && studentTrained ? w.beta() : 0, cfg.classificationHead ? w.gamma() : 0);
    }

    private Result summarise(Preset p, List<Video> val, String bestEpoch, double best) throws IOException {
        double teacherS = 0, studentS = 0, frames = 0, seconds = 0;
        com.google.gson.Gson g = new com.google.gson.Gson();
        for (String line : Files.readAllLines(out.resolve("metrics.jsonl"))) {
            if (line.isBlank()) continue;
            EpochMetrics m = g.fromJson(line, EpochMetrics.class);
            if (Stage.ofLabel(m.stage()) == Stage.TEACHER) teacherS += m.seconds();
            else studentS += m.seconds();
            frames += m.framesPerSecond() * m.seconds();
            seconds += m.seconds();
        }
        return new Result(ckpt("final"), ckpt("best"), cfg.selection.toString(), bestEpoch, best, teacherS, studentS, p.teacherEpochs(),
                cfg.selfDistillation ? p.studentEpochs() : 0, val.stream().map(Video::name).toList(), seconds > 0 ? frames / seconds : 0);
    }

    /** How the protocol card names a teacher that was given, not chosen. */
    static final String GIVEN_TEACHER = "given with --from-teacher (stage 1 skipped)";

    private static long mix(long seed, int a, int b) {
        long z = seed * 0x9E3779B97F4A7C15L + a * 0xBF58476D1CE4E5B9L + b * 0x94D049BB133111EBL;
        return z ^ (z >>> 29);
    }
}
