package aedmae.demo;

import aedmae.datasets.Dataset;
import aedmae.datasets.Video;
import aedmae.datasets.regions.RegionLabelFinder;
import aedmae.datasets.regions.RegionLabels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo scene knows where its anomalies are: one region per abnormal frame, one track per video. */
class DemoSceneRegionsTest {
    @TempDir
    Path dir;

    @Test
    void everyAbnormalFrameHasTheObjectsBox() throws Exception {
        Dataset ds = Dataset.open(new DemoScene(3, 1, 3, 40).write(dir.resolve("scene")));
        RegionLabelFinder.Found f = RegionLabelFinder.find(ds);
        assertEquals(3, f.byVideo().size(), f.note());
        for (Video v : ds.test()) {
            RegionLabels r = f.byVideo().get(v.name());
            int[] labels = v.frameLabels();
            assertEquals(DemoScene.WIDTH, r.width());
            assertEquals(DemoScene.HEIGHT, r.height());
            assertEquals(1, r.trackCount());
            int abnormal = 0;
            for (int t = 0; t < labels.length; t++) {
                assertEquals(labels[t], r.regions(t).size(), "video " + v.name() + " frame " + t);
                abnormal += labels[t];
                for (var b : r.regions(t)) assertTrue(b.x0() >= 0 && b.x1() <= DemoScene.WIDTH && b.y0() >= 0 && b.y1() <= DemoScene.HEIGHT, b.toString());
            }
            assertTrue(abnormal > 0, "video " + v.name() + " has an anomaly");
        }
    }
}
