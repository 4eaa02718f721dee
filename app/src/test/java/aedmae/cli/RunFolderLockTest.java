package aedmae.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run folder is locked while a training uses it: a second training on it gets one line and exit 2. */
class RunFolderLockTest {
    @TempDir
    Path dir;

    @Test
    void aSecondTrainingOnALockedRunFolderIsRefusedAndTheLockDiesWithItsProcess() throws Exception {
        Path scene = new aedmae.demo.DemoScene(1, 3, 2, 24).write(dir.resolve("scene"));
        Path run = dir.resolve("run");
        Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(), run.toString())
                .redirectErrorStream(true).start();
        try {
            String line = new BufferedReader(new InputStreamReader(other.getInputStream())).readLine();
            assertEquals("locked", line, "the stand-in process holds the lock");
            String[] second = CliTest.run("train", "--data", scene.toString(), "--preset", "tiny", "--out", run.toString(), "--cache", dir.resolve("cache").toString(),
                    "--teacher-epochs", "1", "--student-epochs", "1", "--max-batches", "1", "--val-videos", "1", "--no-eval");
            assertEquals("2", second[0], second[1] + second[2]);
            assertTrue(second[2].startsWith("aedmae: ") && second[2].contains(run.toString()) && second[2].contains("in use"), second[2]);
            assertEquals(1, second[2].strip().lines().count(), "one line: " + second[2]);
        } finally {
            other.destroyForcibly(); // a crash: the OS releases its lock
            other.waitFor(30, TimeUnit.SECONDS);
        }
        String[] after = CliTest.run("train", "--data", scene.toString(), "--preset", "tiny", "--out", run.toString(), "--cache", dir.resolve("cache").toString(),
                "--teacher-epochs", "1", "--student-epochs", "1", "--max-batches", "1", "--val-videos", "1", "--no-eval");
        assertEquals("0", after[0], after[2]);
    }
}
