package aedmae.cli;

import aedmae.demo.DemoScene;
import aedmae.model.AedMae;
import aedmae.model.Preset;
import aedmae.nn.Checkpoint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every bad input a user can give: one line naming the flag or file and the problem, exit code 2. */
class BadInputTest {
    @TempDir
    static Path dir;
    static Path scene, tinyCkpt;

    @BeforeAll
    static void files() throws Exception {
        scene = new DemoScene(1, 3, 2, 24).write(dir.resolve("scene"));
        tinyCkpt = dir.resolve("tiny.safetensors");
        Checkpoint.save(new AedMae(Preset.named("tiny"), true, 1), tinyCkpt, Map.of("preset", "tiny"));
    }

    /** Runs the tool and checks: exit 2, one line starting "aedmae: ", containing every fragment. */
    static String refused(List<String> args, String... fragments) {
        String[] r = CliTest.run(args.toArray(String[]::new));
        String err = r[2].strip();
        assertEquals("2", r[0], String.join(" ", args) + " -> " + r[1] + r[2]);
        String first = err.lines().findFirst().orElse("");
        assertTrue(first.startsWith("aedmae: "), err);
        for (String f : fragments) assertTrue(first.contains(f), String.join(" ", args) + " -> " + first);
        assertFalse(err.contains("\tat "), "no stack trace: " + err);
        assertTrue(first.length() < 400, "short: " + first);
        return first;
    }

    /** Frame caches go to the temporary folder, never into the working directory. */
    static String cache() {
        return dir.resolve("cache").toString();
    }

    static List<String> train(String... extra) {
        List<String> a = new ArrayList<>(List.of("train", "--data", scene.toString(), "--preset", "tiny", "--cache", cache(),
                "--max-batches", "1", "--val-videos", "1", "--no-eval"));
        a.addAll(List.of(extra));
        if (!a.contains("--out")) a.addAll(List.of("--out", dir.resolve("run").toString()));
        return a;
    }

    @Test
    void numericFlagsAreCheckedWhereTheyEnter() {
        refused(train("--batch", "0"), "--batch", "got 0");
        refused(train("--batch", "-3"), "--batch");
        refused(train("--teacher-epochs", "0"), "--teacher-epochs");
        refused(train("--student-epochs", "-1"), "--student-epochs");
        refused(train("--lr", "NaN"), "--lr", "NaN");
        refused(train("--lr", "0"), "--lr");
        refused(train("--threads", "-2"), "--threads");
        refused(List.of("bench", "--preset", "tiny", "--batch", "0"), "--batch");
        refused(List.of("bench", "--preset", "tiny", "--iters", "-1"), "--iters");
        refused(List.of("eval", "--cache", cache(), "--data", scene.toString(), "--checkpoint", tinyCkpt.toString(), "--preset", "tiny", "--passes", "1000000"),
                "--passes", "1000000");
        refused(List.of("score", "--cache", cache(), "--data", scene.toString(), "--checkpoint", tinyCkpt.toString(), "--preset", "tiny", "--passes", "-1"), "--passes");
        refused(List.of("score", "--cache", cache(), "--data", scene.toString(), "--checkpoint", tinyCkpt.toString(), "--preset", "tiny", "--batch", "0"), "--batch");
        refused(List.of("bench", "--preset", "tiny", "--gemm", "mkl"), "GEMM engine", "mkl");
    }

    @Test
    void aBatchLargerThanTheDataIsRefusedInsteadOfSavingARandomModel() {
        refused(train("--batch", "500", "--out", dir.resolve("big-batch").toString()), "no full batch of 500", "--batch");
        assertFalse(Files.exists(dir.resolve("big-batch/checkpoints/final.safetensors")));
    }

    @Test
    void missingFilesAndFoldersNameTheFlag() throws Exception {
        Path none = dir.resolve("no-such.safetensors");
        refused(List.of("eval", "--cache", cache(), "--data", scene.toString(), "--checkpoint", none.toString()), "--checkpoint", "no-such.safetensors", "no such file");
        refused(List.of("eval", "--cache", cache(), "--data", scene.toString(), "--checkpoint", dir.toString()), "--checkpoint", "is a folder");
        refused(List.of("forward", "--preset", "tiny", "--checkpoint", tinyCkpt.toString(), "--input", none.toString(), "--output",
                dir.resolve("y.safetensors").toString()), "--input", "no such file");
        refused(List.of("forward", "--preset", "tiny", "--checkpoint", tinyCkpt.toString(), "--input", tinyCkpt.toString(), "--output",
                dir.toString()), "--output", "is a folder");
        refused(train("--config", dir.resolve("nothing.json").toString()), "--config", "nothing.json", "no such file");
        refused(train("--from-teacher", dir.resolve("no-teacher.safetensors").toString()), "--from-teacher", "no-teacher.safetensors");
        refused(List.of("select", "--data", scene.toString(), "--run", dir.resolve("no-run").toString()), "no-run", "config.json", "no such file");
        refused(List.of("select", "--data", scene.toString(), "--run", dir.resolve("no-run").toString(), "--validation-layouts", "0"),
                "--validation-layouts", "from 1 to 64");
        Path nulls = dir.resolve("nulls.json");
        Files.writeString(nulls, "{\"preset\": \"tiny\", \"selection\": null}");
        refused(train("--config", nulls.toString()), "nulls.json", "'selection' is null");
        Path file = dir.resolve("a-file");
        Files.writeString(file, "x");
        refused(List.of("eval", "--cache", cache(), "--data", scene.toString(), "--checkpoint", tinyCkpt.toString(), "--preset", "tiny", "--out", file.toString()),
                "--out", "is a file");
    }

    @Test
    void anotherPresetsCheckpointIsNamedAsSuch() {
        String line = refused(List.of("eval", "--cache", cache(), "--data", scene.toString(), "--checkpoint", tinyCkpt.toString(), "--preset", "demo"),
                "this is a `tiny` checkpoint, you asked for `demo`");
        assertTrue(line.length() < 300, line);
        refused(List.of("eval", "--cache", cache(), "--data", scene.toString(), "--checkpoint", tinyCkpt.toString(), "--preset", "tiny", "--no-head"),
                "has the classification head");
    }

    @Test
    void aModelOnlyCheckpointCannotBeResumed() throws Exception {
        Path run = dir.resolve("model-only");
        Files.createDirectories(run.resolve("checkpoints"));
        Files.copy(tinyCkpt, run.resolve("checkpoints/last.safetensors"));
        refused(train("--out", run.toString(), "--resume"), "last.safetensors", "not a resumable run checkpoint");
    }

    @Test
    void aCorruptLabelFileIsAnErrorNotAnEvaluationWithoutAuc() throws Exception {
        Path data = dir.resolve("ped2like");
        copyTree(scene, data);
        Files.write(data.resolve("ped2.mat"), "MATLAB 5.0 MAT-file, truncated".getBytes());
        refused(List.of("eval", "--cache", cache(), "--data", data.toString(), "--checkpoint", tinyCkpt.toString(), "--preset", "tiny"), "ped2.mat");
    }

    @Test
    void evalSaysWhenItReplacesAnEarlierReport() {
        List<String> eval = List.of("eval", "--cache", cache(), "--data", scene.toString(), "--checkpoint", tinyCkpt.toString(), "--preset", "tiny",
                "--out", dir.resolve("report").toString(), "--passes", "1");
        String[] first = CliTest.run(eval.toArray(String[]::new));
        assertEquals("0", first[0], first[2]);
        assertFalse(first[1].contains("replacing"), first[1]);
        String[] second = CliTest.run(eval.toArray(String[]::new));
        assertEquals("0", second[0], second[2]);
        assertTrue(second[1].contains("replacing the earlier report in"), second[1]);
    }

    static void copyTree(Path from, Path to) throws Exception {
        try (var s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(q);
                else Files.copy(p, q);
            }
        }
    }
}
