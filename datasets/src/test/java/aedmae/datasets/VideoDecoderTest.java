package aedmae.datasets;

import aedmae.datasets.image.RgbFrame;
import aedmae.datasets.image.VideoDecoder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.*;

/** Videos encoded in the test with the FFmpeg libraries, then decoded. */
class VideoDecoderTest {
    @TempDir
    Path dir;

    @Test
    void losslessMkvDecodesToTheExactFrames() {
        List<RgbFrame> frames = TestData.scenes(12, 24, 40, 1);
        Path mkv = TestData.encode(dir.resolve("clip.mkv"), frames, "ffv1");
        List<RgbFrame> back = decodeAll(mkv);
        assertEquals(12, back.size());
        for (int t = 0; t < 12; t++) assertArrayEquals(frames.get(t).chw(), back.get(t).chw(), "frame " + t);
        assertEquals(12, VideoDecoder.countPackets(mkv));
        assertEquals(12, new VideoFile(mkv).frameCount());
    }

    @Test
    void lossyAviAndMp4DecodeEveryFrameCloseToTheSource() {
        // smooth frames: 4:2:0 chroma subsampling and DCT blur a high-contrast texture too much to compare
        List<RgbFrame> frames = new ArrayList<>();
        for (int t = 0; t < 10; t++) {
            byte[] px = new byte[3 * 48 * 64];
            for (int c = 0; c < 3; c++)
                for (int y = 0; y < 48; y++)
                    for (int x = 0; x < 64; x++) px[(c * 48 + y) * 64 + x] = (byte) (30 + 2 * x + y + 20 * c + t);
            frames.add(new RgbFrame(48, 64, px));
        }
        for (String name : List.of("01.avi", "clip.mp4")) {
            Path f = TestData.encode(dir.resolve(name), frames, "mpeg4");
            List<RgbFrame> back = decodeAll(f);
            assertEquals(10, VideoDecoder.countPackets(f), name);
            assertEquals(10, back.size(), name);
            assertEquals(48, back.get(0).height());
            assertEquals(64, back.get(0).width());
            double err = 0;
            for (int i = 0; i < frames.get(5).chw().length; i++)
                err += Math.abs((frames.get(5).chw()[i] & 0xFF) - (back.get(5).chw()[i] & 0xFF));
            assertTrue(err / frames.get(5).chw().length < 3, name + ": mean abs error " + err / frames.get(5).chw().length);
        }
    }

    @Test
    void notAVideoIsAnErrorNamingTheFile() throws Exception {
        Path bad = dir.resolve("broken.mp4");
        Files.writeString(bad, "definitely not a video container");
        DatasetException e = assertThrows(DatasetException.class, () -> new VideoDecoder(bad).close());
        assertEquals(bad, e.path());
        assertThrows(DatasetException.class, () -> new VideoDecoder(dir.resolve("missing.avi")));
    }

    private static List<RgbFrame> decodeAll(Path file) {
        List<RgbFrame> out = new ArrayList<>();
        try (VideoDecoder d = new VideoDecoder(file)) {
            RgbFrame f;
            while ((f = d.next()) != null) out.add(f);
            assertNull(d.next());
        }
        return out;
    }
}
