package aedmae.datasets;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Where the real UCSD Ped2 folder is (system property aedmae.ped2), for tests that use it. */
final class Ped2 {
    private Ped2() {}

    /** The Ped2 folder; skips the calling test with a message when it is absent. */
    static Path folderOrSkip() {
        String p = System.getProperty("aedmae.ped2", "../shared/datasets/ped2");
        Path dir = Path.of(p);
        if (!dir.isAbsolute() && !Files.isDirectory(dir)) dir = Path.of("..").resolve(p); // run from the module folder
        boolean present = Files.isDirectory(dir.resolve("training/frames")) && Files.isDirectory(dir.resolve("testing/frames"));
        if (!present) System.out.println("SKIPPED: UCSD Ped2 not found at " + dir.toAbsolutePath() + " (set -Daedmae.ped2=...)");
        assumeTrue(present, "UCSD Ped2 not found at " + dir.toAbsolutePath() + " (set -Daedmae.ped2=...)");
        return dir;
    }
}
