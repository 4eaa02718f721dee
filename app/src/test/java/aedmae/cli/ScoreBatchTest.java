package aedmae.cli;

import aedmae.demo.DemoScene;
import aedmae.model.AedMae;
import aedmae.model.Preset;
import aedmae.nn.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `score --batch`: the frames per forward pass are the user's choice; every frame is still scored once. */
class ScoreBatchTest {
    @TempDir
    Path dir;

    @Test
    void aSmallBatchScoresEveryFrameAsTheDefaultDoes() throws Exception {
        Path scene = new DemoScene(1, 3, 2, 24).write(dir.resolve("scene"));
        Path ckpt = dir.resolve("tiny.safetensors");
        Checkpoint.save(new AedMae(Preset.named("tiny"), true, 1), ckpt, Map.of("preset", "tiny"));
        List<String> rows = null;
        for (String batch : new String[]{null, "3"}) {
            Path out = dir.resolve("out-" + batch);
            List<String> args = new java.util.ArrayList<>(List.of("score", "--data", scene.toString(), "--checkpoint", ckpt.toString(),
                    "--preset", "tiny", "--cache", dir.resolve("cache").toString(), "--overlay-stride", "0", "--out", out.toString()));
            if (batch != null) args.addAll(List.of("--batch", batch));
            String[] r = CliTest.run(args.toArray(String[]::new));
            assertEquals("0", r[0], r[1] + r[2]);
            List<Path> csvs;
            try (var s = Files.list(out.resolve("scores"))) {
                csvs = s.sorted().toList();
            }
            assertTrue(!csvs.isEmpty(), "score CSVs written");
            List<String> frames = new java.util.ArrayList<>();
            for (Path csv : csvs) {
                List<String> lines = Files.readAllLines(csv);
                for (String line : lines.subList(1, lines.size())) frames.add(csv.getFileName() + ":" + line.split(",")[0]);
            }
            if (rows == null) rows = frames;
            else assertEquals(rows, frames, "the same frames scored with --batch " + batch);
        }
    }
}
