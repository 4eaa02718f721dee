package aedmae.watch;

import aedmae.datasets.image.ImageFiles;
import aedmae.datasets.image.RgbFrame;
import aedmae.datasets.image.VideoDecoder;
import aedmae.eval.ScoringConfig;
import aedmae.eval.VideoScorer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The live pipeline on a recording: reproducible (same masks), and the offline scores when it may look ahead the whole filter. */
class ReplayTest {
    @Test
    void fullLookAheadGivesTheOfflineScoresAndReplaysAreReproducible(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("frames");
        try (VideoDecoder d = new VideoDecoder(LiveFixture.CLIP)) {
            for (int t = 0; t < 40; t++) {
                RgbFrame f = d.next();
                ImageFiles.writePng(f, folder.resolve(String.format("%03d.png", t)));
            }
        }
        MapScorer scorer = LiveFixture.demoScorer();
        ScoringConfig config = scorer.options().scoring();
        int radius = config.temporal().radius();
        var p = scorer.preset();

        List<float[]> maps = new ArrayList<>();
        List<Double> live = new ArrayList<>();
        CausalScorer causal = new CausalScorer(config, radius, p.height(), p.width(), null, s -> live.add(s.score()));
        try (var r = Replay.open(folder)) {
            Replay.run(r, "cam", scorer, 8, causal, maps::add);
        }
        assertEquals(40, live.size());
        VideoScorer offline = new VideoScorer(p.height(), p.width(), config);
        maps.forEach(offline::accept);
        double[] expected = offline.finish("cam", null).smoothed();
        // the ends differ: offline reflects the scores there, live renormalises over what it has
        for (int t = radius; t < 40 - radius; t++) assertEquals(expected[t], live.get(t), 1e-9 * Math.abs(expected[t]), "frame " + t);

        List<Double> again = new ArrayList<>();
        try (var r = Replay.open(folder)) {
            Replay.run(r, "cam", scorer, 8, new CausalScorer(config, radius, p.height(), p.width(), null, s -> again.add(s.score())), null);
        }
        // the same masks: the same scores, up to float rounding (the CPU kernels' lane reductions
        // round differently before and after the JIT compiles them)
        for (int t = 0; t < 40; t++) assertEquals(live.get(t), again.get(t), 1e-6 * live.get(t), "frame " + t);
    }
}
