package aedmae.datasets;

import aedmae.datasets.image.RgbFrame;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The real UCSD Ped2 folder: layout, counts and labels as its README states them. */
class Ped2DatasetTest {
    /** 1-based inclusive abnormal ranges per test video, from the dataset README. */
    private static final int[][] RANGES = {{61, 180}, {95, 180}, {1, 146}, {31, 180}, {1, 129}, {1, 159},
            {46, 180}, {1, 180}, {1, 120}, {1, 150}, {1, 180}, {88, 180}};
    private static final int[] LENGTHS = {180, 180, 150, 180, 150, 180, 180, 180, 120, 150, 180, 180};

    @Test
    void detectsCommonLayoutWithCountsFromTheReadme() {
        Path root = Ped2.folderOrSkip();
        Dataset ds = Dataset.open(root);
        assertEquals(Layout.FRAME_FOLDERS, ds.layout());
        assertEquals("ped2", ds.name());
        assertEquals(16, ds.train().size());
        assertEquals(12, ds.test().size());
        assertEquals(2550, ds.train().stream().mapToInt(Video::frameCount).sum());
        assertEquals(2010, ds.test().stream().mapToInt(Video::frameCount).sum());
        assertEquals(List.of("01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"),
                ds.test().stream().map(Video::name).toList());
    }

    @Test
    void labelsFromPed2MatMatchTheReadme() {
        Dataset ds = Dataset.open(Ped2.folderOrSkip());
        int abnormal = 0;
        for (int v = 0; v < 12; v++) {
            Video video = ds.test().get(v);
            assertEquals(LENGTHS[v], video.frameCount(), video.name());
            int[] y = video.frameLabels();
            assertEquals(LENGTHS[v], y.length);
            for (int t = 0; t < y.length; t++) {
                int expected = t + 1 >= RANGES[v][0] && t + 1 <= RANGES[v][1] ? 1 : 0;
                assertEquals(expected, y[t], "video " + video.name() + " frame " + t);
            }
            for (int label : y) abnormal += label;
        }
        assertEquals(1648, abnormal);
    }

    @Test
    void decodesOneFrameAt360x240() {
        Dataset ds = Dataset.open(Ped2.folderOrSkip());
        FrameFolder f = (FrameFolder) ds.train().get(0).source();
        assertTrue(f.files().get(0).getFileName().toString().startsWith("000"));
        RgbFrame frame = f.read(0);
        assertEquals(240, frame.height());
        assertEquals(360, frame.width());
        assertTrue(f.notes().isEmpty(), f.notes().toString());
    }
}
