package aedmae.cli;

import aedmae.datasets.Dataset;
import aedmae.demo.DemoScene;
import aedmae.score.ScoreOptions;
import aedmae.train.TeacherStudentTrainer;
import aedmae.train.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The embedded default: a synthetic scene made on the fly (pedestrians on a walkway; test clips
 * with a fast "cyclist", a large "cart" or someone crossing off the walkway), trained briefly with
 * both stages, scored and evaluated: prints the AUC and where the report is. A few minutes on a
 * 2-core CPU, no download.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Run the embedded demo: make a synthetic scene, train both stages briefly, score, evaluate, report.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--out", defaultValue = "runs/demo", description = "demo folder; default ${DEFAULT-VALUE}")
    Path out = Path.of("runs/demo");

    @Option(names = "--seed", defaultValue = "1")
    long seed = 1;

    @Option(names = "--scene-only", description = "write the synthetic scene (training and test frame folders, labels) to OUT/scene and stop")
    boolean sceneOnly;

    /** For tests: a smaller scene, preset and epochs than the demo's. */
    DemoScene scene;
    String preset = "demo";
    int maxBatches = 0;

    @Mixin
    DeviceOption device = new DeviceOption();

    @Override
    public Integer call() throws Exception {
        aedmae.tensor.Device d = device.apply();
        if (sceneOnly) {
            Path dir = (scene != null ? scene : DemoScene.standard(seed)).write(out.resolve("scene"));
            System.out.println("aedmae demo: synthetic scene (" + DemoScene.HEIGHT + "x" + DemoScene.WIDTH + " frames) in " + dir.toAbsolutePath());
            return 0;
        }
        System.out.println("aedmae demo: a synthetic scene (pedestrians on a walkway; test clips with a cyclist, a cart or a crossing),");
        System.out.println("trained with both stages of AED-MAE on " + (d.type() == aedmae.tensor.Device.Type.CPU ? "this CPU" : "device " + d) + ", then scored and evaluated.");
        Path sceneDir = (scene != null ? scene : DemoScene.standard(seed)).write(out.resolve("scene"));
        Dataset dataset = Dataset.open(sceneDir);
        TrainConfig cfg = TrainConfig.forPreset(preset);
        cfg.seed = seed;
        cfg.validationVideos = 1;
        cfg.cacheDir = out.resolve("cache").toString();
        cfg.preset = preset;
        cfg.maxBatchesPerEpoch = maxBatches;
        Path run = freshRunFolder(out);
        System.out.println("run folder: " + run.toAbsolutePath());
        Progress progress = new Progress();
        TeacherStudentTrainer trainer = new TeacherStudentTrainer(cfg, dataset, run, progress);
        TeacherStudentTrainer.Result r = trainer.run(false);
        progress.close();
        ScoreOptions so = ScoreOptions.defaults(seed, 16, 2).withOverlays(Set.of("01", "02", "03"), 10);
        EvaluationRun.afterTraining(trainer, r, cfg, dataset, Path.of(cfg.cacheDir), so, run,
                Map.of("scene", "synthetic demo scene, seed " + seed));
        System.out.println("next: ./aedmae --data ../shared/datasets/ped2 --preset ped2-240 --synthetic scene --validation-sped-up"
                + " --epoch-validation-layouts 2 --teacher-epochs 36   (UCSD Ped2, the README's headline: trains and evaluates in about 53 minutes on 2 cores)");
        return 0;
    }

    /**
     * A fresh run each time, without deleting anything: out/run, or out/run-2, out/run-3, ... when
     * earlier demos (or the user) have taken those names.
     */
    static Path freshRunFolder(Path out) {
        Path run = out.resolve("run");
        for (int k = 2; Files.exists(run); k++) run = out.resolve("run-" + k);
        return run;
    }
}
