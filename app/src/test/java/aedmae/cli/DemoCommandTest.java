package aedmae.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `demo --out DIR` never deletes or overwrites what it did not create in this invocation. */
class DemoCommandTest {
    @TempDir
    Path dir;

    @Test
    void anEarlierRunAndTheUsersFilesInDirAreKept() throws Exception {
        Path run = dir.resolve("run");
        Files.createDirectories(run.resolve("checkpoints"));
        Files.writeString(run.resolve("checkpoints/last.safetensors"), "an earlier run's state");
        Files.writeString(run.resolve("my-notes.txt"), "the user's own file");
        DemoCommand demo = new DemoCommand();
        demo.out = dir;
        demo.scene = new aedmae.demo.DemoScene(1, 3, 2, 24);
        demo.preset = "tiny";
        demo.maxBatches = 1;
        assertEquals(0, demo.call());
        assertEquals("the user's own file", Files.readString(run.resolve("my-notes.txt")));
        assertEquals("an earlier run's state", Files.readString(run.resolve("checkpoints/last.safetensors")));
        assertTrue(Files.exists(dir.resolve("run-2/checkpoints/final.safetensors")), "this demo ran in run-2");
    }

    @Test
    void aSceneFolderHoldingOtherFilesIsRefused() throws Exception {
        Files.createDirectories(dir.resolve("scene"));
        Files.writeString(dir.resolve("scene/photo.png"), "not ours");
        DemoCommand demo = new DemoCommand();
        demo.out = dir;
        var e = assertThrows(java.io.IOException.class, demo::call);
        assertTrue(e.getMessage().contains("scene") && e.getMessage().contains("another --out"), e.getMessage());
        assertEquals("not ours", Files.readString(dir.resolve("scene/photo.png")));
    }
}
