package aedmae.score;

import aedmae.datasets.Dataset;
import aedmae.datasets.loader.BatchStream;
import aedmae.datasets.loader.InputLayout;
import aedmae.datasets.loader.LoaderOptions;
import aedmae.datasets.loader.VideoLoader;
import aedmae.demo.DemoScene;
import aedmae.eval.PixelAnomalyMap;
import aedmae.eval.ScoreWeights;
import aedmae.model.AedMae;
import aedmae.model.Preset;
import aedmae.tensor.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FrameLoopTest {
    @TempDir
    Path dir;

    @Test
    void eachFrameComesWithItsEq6MapInVideoOrderAndTheSameSeedGivesTheSameMaps() throws IOException {
        Dataset dataset = Dataset.open(new DemoScene(2, 1, 1, 12).write(dir.resolve("scene")));
        AedMae model = new AedMae(Preset.named("tiny"), true, 3);
        model.eval();
        LoaderOptions lo = LoaderOptions.defaults(16, 32).withBatchSize(5).withCacheDir(dir.resolve("cache")).withWorkers(1);
        for (boolean mapChannel : new boolean[]{true, false}) {
            FrameLoop.Options options = new FrameLoop.Options(2, mapChannel, ScoreWeights.PAPER);
            List<float[]> first = new ArrayList<>(), second = new ArrayList<>();
            List<Integer> frames = new ArrayList<>();
            try (VideoLoader loader = new VideoLoader(dataset, lo)) {
                for (List<float[]> maps : List.of(first, second)) {
                    FrameLoop loop = new FrameLoop(model, options, 16, 32);
                    try (BatchStream stream = loader.testBatches(0)) {
                        loop.run(stream, -1, (i, b) -> new Rng(7 + i), f -> {
                            assertEquals(options.channels() * 16 * 32, f.observed().length);
                            float[] expected = new float[16 * 32];
                            PixelAnomalyMap.compute(f.observed(), f.teacher(), f.student(), f.classProbability(), options.channels(),
                                    16, 32, ScoreWeights.PAPER, expected);
                            assertArrayEquals(expected, f.map(), "the map is Eq. 6 of the frame's own arrays");
                            maps.add(f.map().clone());
                            if (maps == first) frames.add(f.frameIndex());
                        });
                    }
                    assertEquals(12, loop.frames());
                }
            }
            for (int t = 0; t < 12; t++) {
                assertEquals(t, frames.get(t));
                // same masks, same maps (to rounding: until exp is JIT-independent, a warm JVM may round differently)
                assertArrayEquals(first.get(t), second.get(t), 1e-5f, "frame " + t);
            }
        }
        assertEquals(InputLayout.TARGET_CHANNELS, new FrameLoop.Options(1, true, ScoreWeights.PAPER).channels());
        assertEquals(InputLayout.COLOURS, new FrameLoop.Options(1, false, ScoreWeights.PAPER).channels());
    }

    @Test
    void atLeastOnePass() {
        assertThrows(IllegalArgumentException.class, () -> new FrameLoop.Options(-1, true, ScoreWeights.PAPER));
        assertEquals(Reconstruction.UNMASKED, new FrameLoop.Options(0, true, ScoreWeights.PAPER).passes(), "0: one unmasked pass");
    }
}
