package aedmae.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line: outputs and exit codes, errors as one line naming the file and the problem. */
class CliTest {
    @TempDir
    Path dir;

    /** Runs the tool; returns {exit code, stdout, stderr}. */
    static String[] run(String... args) {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true));
        System.setErr(new PrintStream(e, true));
        try {
            int code = Main.run(args);
            return new String[]{Integer.toString(code), o.toString(), e.toString()};
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void infoPrintsTheReferenceParameterCounts() {
        String[] r = run("info", "--preset", "avenue");
        assertEquals("0", r[0]);
        assertTrue(r[1].contains("total without head        3,042,560"), r[1]);
        assertTrue(r[1].contains("classification head             257"), r[1]);
    }

    @Test
    void badInputIsOneLineAndExitCodeTwo() throws Exception {
        String[] missing = run("train", "--data", dir.resolve("nothing-here").toString());
        assertEquals("2", missing[0]);
        assertTrue(missing[2].startsWith("aedmae: ") && missing[2].contains("nothing-here"), missing[2]);
        assertFalse(missing[2].contains("\tat "), "no stack trace: " + missing[2]);

        Path junk = dir.resolve("model.safetensors");
        Files.writeString(junk, "definitely not tensors");
        Path x = dir.resolve("x.safetensors");
        Files.writeString(x, "");
        String[] bad = run("forward", "--preset", "tiny", "--checkpoint", junk.toString(), "--input", x.toString(), "--output", dir.resolve("y").toString());
        assertEquals("2", bad[0]);
        assertTrue(bad[2].contains("model.safetensors") && bad[2].contains("header length"), bad[2]);

        // the main command with --data is `train`: a missing dataset is refused the same way
        String[] main = run("--data", dir.resolve("nothing").toString(), "--preset", "tiny");
        assertEquals("2", main[0]);
        assertTrue(main[2].contains("nothing"), main[2]);

        // select needs a training run folder
        String[] select = run("select", "--data", dir.toString(), "--run", dir.resolve("no-run").toString());
        assertEquals("2", select[0]);
        assertTrue(select[2].startsWith("aedmae: ") && select[2].contains("no-run"), select[2]);

        String[] regions = run("eval", "--preset", "tiny", "--checkpoint", junk.toString(), "--data", dir.toString(), "--regions", "blobs");
        assertEquals("2", regions[0]);
        assertTrue(regions[2].contains("--regions must be components or hull, got blobs"), regions[2]);

        String[] preset = run("info", "--preset", "nope");
        assertEquals("2", preset[0]);
        assertTrue(preset[2].contains("unknown preset 'nope'") && preset[2].contains("avenue"), preset[2]);
    }

    @Test
    void forwardReproducesAPassFromTensorsOnDisk() throws Exception {
        // a checkpoint and an input written by the tool's own formats, run through `forward`
        var model = new aedmae.model.AedMae(aedmae.model.Preset.named("tiny"), true, 4);
        Path ckpt = dir.resolve("tiny.safetensors");
        aedmae.nn.Checkpoint.save(model, ckpt, java.util.Map.of());
        var in = new java.util.LinkedHashMap<String, aedmae.nn.SafeTensors.Entry>();
        in.put("input", aedmae.nn.SafeTensors.Entry.of(new aedmae.tensor.Rng(1).uniform(-1, 1, 2, 9, 16, 32)));
        long[] ids = new long[2 * 16];
        for (int i = 0; i < ids.length; i++) ids[i] = (i % 16) * 2;
        in.put("ids_keep", aedmae.nn.SafeTensors.Entry.ofLongs(ids, 2, 16));
        Path x = dir.resolve("in.safetensors"), y = dir.resolve("out.safetensors");
        aedmae.nn.SafeTensors.write(x, in, null);
        String[] r = run("forward", "--preset", "tiny", "--checkpoint", ckpt.toString(), "--input", x.toString(), "--output", y.toString());
        assertEquals("0", r[0], r[2]);
        var out = aedmae.nn.SafeTensors.read(y).tensors();
        assertEquals(java.util.List.of(2, 32, 64), java.util.Arrays.stream(out.get("teacher").shape()).boxed().toList());
        assertEquals(java.util.List.of(2, 1), java.util.Arrays.stream(out.get("cls").shape()).boxed().toList());
    }
}
