package aedmae.train;

import aedmae.datasets.Dataset;
import aedmae.datasets.loader.LoaderOptions;
import aedmae.demo.DemoScene;
import aedmae.model.AedMae;
import aedmae.nn.Checkpoint;
import aedmae.nn.SafeTensors;
import aedmae.report.MachineInfo;
import aedmae.report.ProtocolCard;
import aedmae.report.Report;
import aedmae.score.Evaluation;
import aedmae.score.ScoreOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A tiny end-to-end run on generated frames: both stages, scoring, evaluation, resumption. */
class EndToEndTest {
    @TempDir
    static Path dir;
    static Dataset dataset;

    @BeforeAll
    static void scene() throws IOException {
        dataset = Dataset.open(new DemoScene(3, 3, 2, 24).write(dir.resolve("scene")));
    }

    static TrainConfig config() {
        return config(dir);
    }

    /** The tiny two-stage run of these tests, caching frames under dir. */
    static TrainConfig config(Path dir) {
        TrainConfig c = TrainConfig.forPreset("tiny");
        c.teacherEpochs = 2;
        c.studentEpochs = 1;
        c.batch = 4;
        c.maxBatchesPerEpoch = 3;
        c.validationVideos = 1;
        c.validationLayouts = 1;
        c.cacheDir = dir.resolve("cache").toString();
        c.workers = 1;
        return c;
    }

    @Test
    void bothStagesThenScoringAndAReport() throws IOException {
        Path run = dir.resolve("run");
        TeacherStudentTrainer trainer = new TeacherStudentTrainer(config(), dataset, run, TrainListener.QUIET);
        TeacherStudentTrainer.Result r = trainer.run(false);
        assertEquals(2, r.teacherEpochs());
        for (String f : new String[]{"teacher-01", "teacher-02", "student-01"})
            assertTrue(Files.exists(run.resolve("checkpoints/epochs/" + f + ".safetensors")), f);
        // every choice on the held-out video: 1 checkpoint x 3 token sources x 2 aggregations x 2 weights x 5 sigmas x 2 normalisations
        SettingSelection.Choice choice = trainer.select(ScoreOptions.defaults(1, 8, 2), s -> {});
        assertEquals(120, choice.grid().size());
        double bestMicro = choice.grid().stream().mapToDouble(c -> c.validation().micro()).max().orElseThrow();
        assertEquals(bestMicro, choice.chosen().validation().micro(), 0.0, "the chosen setting has the best validation micro AUC");
        assertTrue(bestMicro > 0 && bestMicro <= 1, "validation micro AUC " + bestMicro);
        assertEquals("student 1", choice.chosen().checkpoint());
        assertNotEquals(choice.chosen().options().scoring().normalisation(), choice.twin().options().scoring().normalisation());
        assertEquals(choice.chosen().options().tokenSource(), choice.twin().options().tokenSource());
        for (var w : choice.calibrated().values())
            assertTrue(w.alpha() > 0 && w.beta() > 0 && w.gamma() > 0 && Double.isFinite(w.gamma()), "calibrated Eq. 6 weights from the held-out video: " + w);
        assertTrue(choice.cardSettings().get("choices made on").toString().contains("test labels were not consulted"));
        assertTrue(choice.cardSettings().get("choice: teacher stage 2 started from").toString()
                .matches("teacher [12], by the per-epoch validation on 1 layout \\(chosen on validation\\)"), choice.cardSettings().toString());
        assertTrue(choice.chosen().byKind().values().stream().anyMatch(a -> a >= 0 && a <= 1), "an AUC per kind of event: " + choice.chosen().byKindText());
        // how firmly the validation chose: an interval over resampled events, the twin's and the runner-up's chances
        SettingSelection.Evidence ev = choice.evidence();
        assertTrue(0 <= ev.interval().low() && ev.interval().low() <= ev.interval().high() && ev.interval().high() <= 1, ev.toString());
        assertTrue(ev.twinAbove() >= 0 && ev.twinAbove() <= 1 && ev.runnerUpAbove() >= 0 && ev.runnerUpAbove() <= 1, ev.toString());
        assertTrue(ev.runnerUp().validation().micro() <= choice.chosen().validation().micro());
        assertTrue(!ev.runnerUp().checkpoint().equals(choice.chosen().checkpoint()) || !ev.runnerUp().weights().equals(choice.chosen().weights())
                || ev.runnerUp().options().tokenSource() != choice.chosen().options().tokenSource()
                || ev.runnerUp().options().classAggregation() != choice.chosen().options().classAggregation(), "the runner-up reads the passes otherwise");
        assertTrue(choice.cardSettings().get("validation micro AUC interval of the choice").toString().startsWith("90 % interval"), choice.cardSettings().toString());
        Path chart = dir.resolve("selection.png");
        SettingSelection.writeChart(chart, choice);
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(chart.toFile());
        assertEquals(900, img.getWidth(), "the selection as a picture");
        // the masking too, when asked: one unmasked pass is one reading (2 weights x 5 sigmas x 2 normalisations)
        TrainConfig unmasked = config();
        unmasked.selectionUnmasked = true;
        SettingSelection.Choice withUnmasked = new TeacherStudentTrainer(unmasked, dataset, run, TrainListener.QUIET).select(ScoreOptions.defaults(1, 8, 2), s -> {});
        assertEquals(140, withUnmasked.grid().size());
        assertEquals(choice.grid().get(0).validation().micro(), withUnmasked.grid().get(0).validation().micro(), 0.0, "the masked settings as before");
        var rows = withUnmasked.grid().stream().filter(c -> SettingSelection.tokensTag(c.options()).equals("unmasked")).toList();
        assertEquals(20, rows.size());
        assertTrue(rows.stream().allMatch(c -> c.options().passes() == aedmae.score.Reconstruction.UNMASKED && c.describe().contains("tokens unmasked")));
        assertTrue(rows.stream().mapToDouble(c -> c.validation().micro()).distinct().count() > 1, "unmasked settings judged on validation");
        assertEquals(withUnmasked.chosen().options().passes(), withUnmasked.twin().options().passes());
        assertTrue(!withUnmasked.calibrated().isEmpty());
        // two event layouts over the same held-out video: every setting is judged on both
        TrainConfig two = config();
        two.validationLayouts = 2;
        SettingSelection.Choice wider = new TeacherStudentTrainer(two, dataset, run, TrainListener.QUIET).select(ScoreOptions.defaults(1, 8, 2), s -> {});
        assertEquals(120, wider.grid().size());
        assertEquals(2 * choice.grid().get(0).validation().perVideo().size(), wider.grid().get(0).validation().perVideo().size());
        assertTrue(wider.cardSettings().get("choices made on").toString().contains("2 layouts"), wider.cardSettings().toString());
        assertNotEquals(choice.grid().get(0).validation().micro(), wider.grid().get(0).validation().micro(), "other events, another AUC");
        assertEquals(3, Files.readAllLines(run.resolve("metrics.jsonl")).size(), "one metrics line per epoch of both stages");
        // the per-epoch validation, which picks the teacher stage 2 starts from, judges on every layout too;
        // training itself does not look at it: the first teacher epoch is the same model
        Path run2 = dir.resolve("run-two-layouts");
        two.epochValidationLayouts = 2;
        new TeacherStudentTrainer(two, dataset, run2, TrainListener.QUIET).run(false);
        assertNotEquals(Files.readAllLines(run.resolve("metrics.jsonl")).get(0).replaceAll(".*\"validation\":([^,]*),.*", "$1"),
                Files.readAllLines(run2.resolve("metrics.jsonl")).get(0).replaceAll(".*\"validation\":([^,]*),.*", "$1"),
                "teacher 1 judged on two layouts' events");
        assertArrayEquals(Files.readAllBytes(run.resolve("checkpoints/epochs/teacher-01.safetensors")),
                Files.readAllBytes(run2.resolve("checkpoints/epochs/teacher-01.safetensors")));
        assertTrue(new TeacherStudentTrainer(two, dataset, run2, TrainListener.QUIET).select(ScoreOptions.defaults(1, 8, 2), s -> {})
                .cardSettings().get("choice: teacher stage 2 started from").toString().contains("on 2 layouts"), "the protocol card says how");
        for (String f : new String[]{"config.json", "checkpoints/last.safetensors", "checkpoints/teacher.safetensors",
                "checkpoints/final.safetensors", "checkpoints/best.safetensors"}) {
            assertTrue(Files.exists(run.resolve(f)), f);
        }
        // stage 2 again from the run's own teacher, stage 1 skipped: every epoch seeds itself, so the student is the same bits
        TrainConfig fromTeacher = config();
        fromTeacher.fromTeacher = run.resolve("checkpoints/teacher.safetensors").toString();
        Path run3 = dir.resolve("run-from-teacher");
        new TeacherStudentTrainer(fromTeacher, dataset, run3, TrainListener.QUIET).run(false);
        assertArrayEquals(Files.readAllBytes(run.resolve("checkpoints/epochs/student-01.safetensors")),
                Files.readAllBytes(run3.resolve("checkpoints/epochs/student-01.safetensors")), "student 1 from the same teacher");
        assertTrue(!Files.exists(run3.resolve("checkpoints/epochs/teacher-01.safetensors")), "no teacher epoch trained");
        assertEquals(1, Files.readAllLines(run3.resolve("metrics.jsonl")).size(), "the student's epoch only");
        assertTrue(new TeacherStudentTrainer(fromTeacher, dataset, run3, TrainListener.QUIET).select(ScoreOptions.defaults(1, 8, 2), s -> {})
                .cardSettings().get("choice: teacher stage 2 started from").toString().endsWith("given with --from-teacher (stage 1 skipped)"));
        TrainConfig noStudent = config();
        noStudent.fromTeacher = fromTeacher.fromTeacher;
        noStudent.selfDistillation = false;
        assertThrows(IllegalArgumentException.class, () -> new TeacherStudentTrainer(noStudent, dataset, dir.resolve("run-no-student"), TrainListener.QUIET).run(false));
        // the selected checkpoint loads strictly into a fresh model (reference-compatible names)
        AedMae model = new AedMae(config().resolvedPreset(), true, 9);
        Checkpoint.load(model, r.bestCheckpoint(), true);
        ScoreOptions so = ScoreOptions.defaults(1, 8, 2);
        LoaderOptions lo = LoaderOptions.defaults(16, 32).withCacheDir(dir.resolve("cache")).withWorkers(1);
        Evaluation.Scored scored = Evaluation.score(model, dataset, lo, so, null, s -> {});
        assertEquals(2, scored.videos().size());
        assertEquals(24, scored.videos().get(0).raw().length);
        // scoring is deterministic for a seed
        Evaluation.Scored again = Evaluation.score(model, dataset, lo, so, null, s -> {});
        assertArrayEquals(scored.videos().get(1).raw(), again.videos().get(1).raw(), 0.0);
        // every frame's regions are found, deterministically; the demo scene's region labels give RBDC / TBDC
        assertEquals(24, scored.localization().videos().get(0).frames());
        assertEquals(scored.localization().videos().get(1).regions(5), again.localization().videos().get(1).regions(5));
        assertTrue(scored.localization().evaluated());
        double rbdc = scored.localization().summary().rbdc(), tbdc = scored.localization().summary().tbdc();
        assertTrue(rbdc >= 0 && rbdc <= 1 && tbdc >= 0 && tbdc <= 1, "RBDC " + rbdc + ", TBDC " + tbdc);
        assertEquals(2, scored.localization().summary().tracks(), "one abnormal object per test video");
        Report report = Evaluation.report(dir.resolve("report"), ProtocolCard.builder().dataset("demo").preset("tiny").seed(1)
                .scoring(so.scoring()).modelSelection("validation").machine(MachineInfo.detect("cpu")).build(), scored);
        assertTrue(Files.isRegularFile(dir.resolve("report/regions/" + scored.videos().get(0).name() + ".csv")));
        assertTrue(report.summary().evaluated());
        double micro = report.summary().smoothed().micro();
        assertTrue(micro >= 0 && micro <= 1, "micro AUC " + micro);
        assertTrue(Files.exists(report.html()) && Files.exists(report.rocPng()));
        assertEquals(rbdc, report.summary().localization().rbdc());
        assertTrue(Files.isRegularFile(dir.resolve("report/detection-curve.png")));
    }

    @Test
    void aResumedRunEndsWithTheSameParametersAsAnUninterruptedOne() throws IOException {
        Path straight = dir.resolve("straight"), killed = dir.resolve("killed");
        new TeacherStudentTrainer(config(), dataset, straight, TrainListener.QUIET).run(false);
        // "kill" the second run right after its first epoch has been checkpointed
        TrainListener killer = new TrainListener() {
            @Override
            public void epochEnded(EpochMetrics m) {
                throw new IllegalStateException("killed");
            }
        };
        assertThrows(IllegalStateException.class, () -> new TeacherStudentTrainer(config(), dataset, killed, killer).run(false));
        assertEquals("1", SafeTensors.read(killed.resolve("checkpoints/last.safetensors")).metadata().get("epoch"));
        assertThrows(IllegalArgumentException.class, () -> new TeacherStudentTrainer(config(), dataset, killed, TrainListener.QUIET).run(false),
                "starting over a run without --resume is refused");
        // what a kill can leave: a partial metrics line and the temporary files of atomic writes
        Files.writeString(killed.resolve("metrics.jsonl"), "{\"stage\":\"teacher\",\"epo", java.nio.file.StandardOpenOption.APPEND);
        Path tmp = Files.writeString(killed.resolve("checkpoints/.last.safetensors.12345.tmp"), "half a checkpoint");
        Path cfgTmp = Files.writeString(killed.resolve("config.json.tmp"), "{");
        Path mine = Files.writeString(killed.resolve("checkpoints/notes.tmp"), "a user's file, not the tool's pattern");
        new TeacherStudentTrainer(config(), dataset, killed, TrainListener.QUIET).run(true);
        assertTrue(!Files.exists(tmp) && !Files.exists(cfgTmp), "leftover temporary files are cleaned");
        assertTrue(Files.exists(mine), "only the tool's own temporary files are removed");
        Map<String, SafeTensors.Entry> a = SafeTensors.read(straight.resolve("checkpoints/final.safetensors")).tensors();
        Map<String, SafeTensors.Entry> b = SafeTensors.read(killed.resolve("checkpoints/final.safetensors")).tensors();
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) {
            if (a.get(k).floats() != null) assertArrayEquals(a.get(k).floats(), b.get(k).floats(), 0f, "parameter " + k);
            else assertArrayEquals(a.get(k).longs(), b.get(k).longs(), "buffer " + k);
        }
        assertEquals(3, Files.readAllLines(killed.resolve("metrics.jsonl")).size(), "the metrics log has each epoch once");
        assertArrayEquals(Files.readAllBytes(straight.resolve("checkpoints/final.safetensors")),
                Files.readAllBytes(killed.resolve("checkpoints/final.safetensors")), "the same bytes");
    }

    /** A kill during the first student epoch: the resumed stage 2 must still start from the selected teacher. */
    @Test
    void aRunKilledInTheFirstStudentEpochResumesFromTheSelectedTeacher() throws IOException {
        TrainConfig cfg = config();
        cfg.teacherEpochs = 3;
        cfg.studentEpochs = 2;
        Path straight = dir.resolve("straight3"), killed = dir.resolve("killed3");
        TeacherStudentTrainer.Result s = new TeacherStudentTrainer(cfg, dataset, straight, TrainListener.QUIET).run(false);
        TrainListener killer = new TrainListener() {
            @Override
            public void epochStarted(String stage, int epoch, int epochs, int batches) {
                if (stage.equals("student")) throw new IllegalStateException("killed");
            }
        };
        assertThrows(IllegalStateException.class, () -> new TeacherStudentTrainer(cfg, dataset, killed, killer).run(false));
        Files.deleteIfExists(killed.resolve("checkpoints/teacher.safetensors")); // killed before it was written
        TeacherStudentTrainer.Result k = new TeacherStudentTrainer(cfg, dataset, killed, TrainListener.QUIET).run(true);
        assertTrue(Files.exists(killed.resolve("checkpoints/teacher.safetensors")), "teacher.safetensors is written on resume");
        assertSameTensors(straight.resolve("checkpoints/teacher.safetensors"), killed.resolve("checkpoints/teacher.safetensors"));
        assertSameTensors(straight.resolve("checkpoints/final.safetensors"), killed.resolve("checkpoints/final.safetensors"));
        assertSameTensors(straight.resolve("checkpoints/best.safetensors"), killed.resolve("checkpoints/best.safetensors"));
        assertEquals(s.bestEpoch(), k.bestEpoch(), "the selected epoch is labelled the same");
        assertEquals(5, Files.readAllLines(killed.resolve("metrics.jsonl")).size(), "the metrics log has each epoch once");
    }

    @Test
    void theSameSeedGivesTheSameCheckpointBytes() throws IOException {
        Path one = dir.resolve("seed-one"), two = dir.resolve("seed-two");
        new TeacherStudentTrainer(config(), dataset, one, TrainListener.QUIET).run(false);
        new TeacherStudentTrainer(config(), dataset, two, TrainListener.QUIET).run(false);
        for (String f : new String[]{"teacher", "best", "final", "last"}) {
            assertArrayEquals(Files.readAllBytes(one.resolve("checkpoints/" + f + ".safetensors")),
                    Files.readAllBytes(two.resolve("checkpoints/" + f + ".safetensors")), f + ".safetensors");
        }
    }

    static void assertSameTensors(Path x, Path y) throws IOException {
        Map<String, SafeTensors.Entry> a = SafeTensors.read(x).tensors();
        Map<String, SafeTensors.Entry> b = SafeTensors.read(y).tensors();
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) {
            if (a.get(k).floats() != null) assertArrayEquals(a.get(k).floats(), b.get(k).floats(), 0f, y.getFileName() + ": " + k);
            else assertArrayEquals(a.get(k).longs(), b.get(k).longs(), y.getFileName() + ": " + k);
        }
    }

    @Test
    void aChangedConfigIsRefusedOnResume() throws IOException {
        Path run = dir.resolve("changed");
        new TeacherStudentTrainer(config(), dataset, run, TrainListener.QUIET).run(false);
        TrainConfig other = config();
        other.lr = 5e-3f;
        var e = assertThrows(IllegalArgumentException.class, () -> new TeacherStudentTrainer(other, dataset, run, TrainListener.QUIET).run(true));
        assertTrue(e.getMessage().contains("differs"), e.getMessage());
    }

    @Test
    void aFullDiskNamesTheFile() {
        Path full = Path.of("/dev/full");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isWritable(full), "no /dev/full on this system");
        var e = assertThrows(IOException.class, () -> new MetricsLog(full).append(
                new EpochMetrics("teacher", 1, 0, 0, 0, 0, 0, 0, Double.NaN, Double.NaN, 0, 0)));
        assertTrue(e.getMessage().startsWith("/dev/full: cannot write (No space left on device"), e.getMessage());
    }
}
