package aedmae.cli;

import aedmae.datasets.DatasetException;
import aedmae.datasets.labels.MatLabels;
import aedmae.datasets.labels.NpyReader;
import aedmae.datasets.labels.TextLabels;
import aedmae.nn.SafeTensors;
import aedmae.train.TrainConfig;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import java.time.Duration;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing (Jazzer) of every parser that reads a file a user gives: safetensors
 * checkpoints, .npy and MAT label files, text labels and config JSON. For any bytes each parser
 * either returns or throws its one documented exception (IOException for safetensors and configs,
 * DatasetException for labels); it allocates no more than a bounded multiple of the file's size
 * (a header claiming 2^40 elements must not make it try), and it never hangs (30 s per input:
 * generous, because a 2-core machine shared by several builds is slow).
 *
 * <p>In the normal suite this runs in regression mode: each file of the committed corpus
 * (src/test/resources/aedmae/cli/UserFilesFuzzTestInputs/METHOD/) once. To fuzz, run
 * {@code tools/fuzz.sh [target]} (60 s per target): new inputs that break a promise go to that
 * folder (commit them with the fix); the generated corpus stays in app/.cifuzz-corpus/ (ignored).
 */
class UserFilesFuzzTest {
    /** Allowed allocation: a multiple of the input (decoded tensors are wider than their bytes) plus a constant. */
    private static final long PER_BYTE = 64, FIXED = 16L << 20;
    /**
     * MAT files hold zlib-compressed variables, which may inflate up to about 1032 times (deflate's
     * limit), and the MFL library allocated 16.8 MB on a corrupt 246-byte compressed variable
     * (found by fuzzing; corpus file matLabels/corrupt-compressed-16mb) before failing cleanly.
     */
    private static final long MAT_PER_BYTE = 1100, MAT_FIXED = 64L << 20;
    private static Path dir;

    @BeforeAll
    static void folder() throws IOException {
        dir = Files.createTempDirectory("aedmae-fuzz");
    }

    @AfterAll
    static void clean() throws IOException {
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void safetensors(byte[] data) throws IOException {
        parse(data, "x.safetensors", FIXED, PER_BYTE, SafeTensors::read);
    }

    @FuzzTest(maxDuration = "60s")
    void npyLabels(byte[] data) throws IOException {
        parse(data, "x.npy", FIXED, PER_BYTE, NpyReader::readFrameLabels);
    }

    @FuzzTest(maxDuration = "60s")
    void matLabels(byte[] data) throws IOException {
        parse(data, "x.mat", MAT_FIXED, MAT_PER_BYTE, f -> {
            if (MatLabels.hasVariable(f, "gt")) MatLabels.readRanges(f);
            if (MatLabels.hasVariable(f, "volLabel")) MatLabels.readVolumeLabels(f);
        });
    }

    @FuzzTest(maxDuration = "60s")
    void textLabels(byte[] data) throws IOException {
        parse(data, "x.txt", FIXED, PER_BYTE, TextLabels::read);
    }

    @FuzzTest(maxDuration = "60s")
    void configJson(byte[] data) throws IOException {
        parse(data, "config.json", FIXED, PER_BYTE, f -> {
            try {
                TrainConfig.read(f).validate();
            } catch (IllegalArgumentException e) { // validate(): a field out of range, named
                if (!e.getMessage().startsWith("training config: ") && !e.getMessage().startsWith("unknown preset")) throw new AssertionError(e);
            }
        });
    }

    /** A parser of a user's file. */
    private interface Parser {
        void parse(Path file) throws IOException;
    }

    /**
     * Writes the bytes to a file and parses it: it must return or throw its documented exception
     * (IOException for safetensors and configs, DatasetException for labels) naming the file.
     */
    private static void parse(byte[] data, String name, long fixed, long perByte, Parser parser) throws IOException {
        Path f = write(name, data);
        bounded(data, fixed, perByte, () -> {
            try {
                parser.parse(f);
            } catch (IOException e) {
                namesTheFile(e.getMessage(), f, e);
            } catch (DatasetException e) {
                namesTheFile(e.path().toString(), f, e);
            }
        });
    }

    private static void namesTheFile(String where, Path f, Exception e) {
        if (where == null || !where.startsWith(f.toString())) throw new AssertionError("the message names no file: " + e, e);
    }

    private static Path write(String name, byte[] data) throws IOException {
        return Files.write(dir.resolve(name), data);
    }

    /**
     * Runs body in its own thread with a time limit (no hang) and checks what that thread
     * allocated against the input's size (no allocation proportional to a claimed size).
     */
    private static void bounded(byte[] data, long fixed, long perByte, Runnable body) {
        long used = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long before = threads.getCurrentThreadAllocatedBytes();
            body.run();
            return threads.getCurrentThreadAllocatedBytes() - before;
        }, "a parser hangs");
        assertTrue(used <= fixed + perByte * data.length, "allocated " + used + " bytes for a " + data.length + "-byte file");
    }
}
