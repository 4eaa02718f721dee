package aedmae.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** `aedmae watch`: bad input is one line and exit code 2; a run ends its open events and finishes its clips. */
class WatchCommandTest {
    @TempDir
    Path dir;

    @Test
    void badInputIsOneLineAndExitCodeTwo() throws Exception {
        String[] missing = CliTest.run("watch", "--config", dir.resolve("cams.json").toString());
        assertEquals("2", missing[0]);
        assertTrue(missing[2].contains("cams.json: no such config file"), missing[2]);

        Path junk = Files.writeString(dir.resolve("junk.json"), "{\"cameras\": [");
        String[] json = CliTest.run("watch", "--config", junk.toString());
        assertEquals("2", json[0]);
        assertTrue(json[2].contains("junk.json: not valid JSON"), json[2]);

        Path noUrl = Files.writeString(dir.resolve("nourl.json"), "{\"cameras\": [{\"id\": \"a\"}]}");
        String[] cam = CliTest.run("watch", "--config", noUrl.toString());
        assertEquals("2", cam[0]);
        assertTrue(cam[2].contains("nourl.json: camera 1 needs an \"id\" and a \"url\""), cam[2]);

        String[] spec = CliTest.run("watch", "--camera", "just-a-url");
        assertEquals("2", spec[0]);
        assertTrue(spec[2].contains("--camera just-a-url: expected ID=URL"), spec[2]);

        String[] ckpt = CliTest.run("watch", "--camera", "a=../examples/demo-cameras.mp4", "--checkpoint", dir.resolve("none.safetensors").toString(),
                "--preset", "demo", "--port", "-1", "--out", dir.resolve("out").toString());
        assertEquals("2", ckpt[0]);
        assertTrue(ckpt[2].contains("none.safetensors"), ckpt[2]);
        assertFalse(ckpt[2].contains("\tat "), "no stack trace: " + ckpt[2]);
    }

    @Test
    void stoppingEndsTheOpenEventAndFinishesItsClip() throws Exception {
        Path out = dir.resolve("watch");
        // threshold -1: every frame is abnormal, so an event is open when the run stops
        String[] r = CliTest.run("watch", "--camera", "lobby=../examples/demo-cameras.mp4", "--checkpoint", "../examples/demo-model.safetensors",
                "--preset", "demo", "--temporal-sigma", "2", "--threshold", "-1", "--duration", "4", "--clip-seconds", "1",
                "--port", "-1", "--out", out.toString());
        assertEquals("0", r[0], r[2]);
        List<String> events = Files.readAllLines(out.resolve("events.jsonl"));
        assertTrue(events.get(0).contains("\"phase\":\"start\""), events.toString());
        assertTrue(events.get(events.size() - 1).contains("\"phase\":\"end\""), "the open event was ended: " + events);
        try (var clips = Files.list(out.resolve("clips"))) {
            List<Path> files = clips.toList();
            assertEquals(1, files.size(), files.toString());
            assertTrue(files.get(0).toString().endsWith(".mp4"), "finished, not a .part: " + files);
            assertTrue(Files.size(files.get(0)) > 1000);
        }
        assertTrue(r[1].contains("camera lobby:") && r[1].contains("scored"), r[1]);
    }
}
