package aedmae.datasets;

import aedmae.datasets.image.ImageFiles;
import aedmae.datasets.image.RgbFrame;
import aedmae.datasets.synthetic.ExternalAnomalySequences;
import aedmae.datasets.synthetic.ForegroundObjects;
import aedmae.datasets.synthetic.PastedObject;
import aedmae.datasets.synthetic.SceneMotion;
import aedmae.datasets.synthetic.TemporalJump;
import aedmae.datasets.synthetic.Sprite;
import aedmae.datasets.synthetic.SyntheticAnomaly;
import aedmae.datasets.synthetic.SyntheticAnomalyGenerator;
import aedmae.datasets.synthetic.SyntheticConfig;
import aedmae.datasets.synthetic.Trajectory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.*;

class SyntheticAnomalyTest {
    private static final int H = 32, W = 48;

    @TempDir
    Path dir;

    @Test
    void maskCoversExactlyThePastedPixelsEvenAtTheBorder() {
        // a diamond-shaped sprite of one colour, pasted on a uniform background of another
        int sh = 7, sw = 7;
        byte[] rgb = new byte[3 * sh * sw], mask = new byte[sh * sw];
        for (int y = 0; y < sh; y++)
            for (int x = 0; x < sw; x++) {
                mask[y * sw + x] = (byte) (Math.abs(y - 3) + Math.abs(x - 3) <= 3 ? 1 : 0);
                rgb[y * sw + x] = (byte) 250;
                rgb[sh * sw + y * sw + x] = 10;
                rgb[2 * sh * sw + y * sw + x] = (byte) 128;
            }
        Sprite sprite = new Sprite(sh, sw, rgb, mask);
        PastedObject obj = new PastedObject(sprite, new Trajectory(5, 16, 4, 0, 0, 1), 0.9, H, W, "diamond");
        for (int dt = -3; dt <= 3; dt++) {
            byte[] clean = uniform(40), frame = clean.clone(), m = new byte[H * W];
            int pasted = obj.paste(dt, frame, m);
            int inMask = 0;
            for (int p = 0; p < H * W; p++) {
                boolean changed = frame[p] != clean[p] || frame[H * W + p] != clean[H * W + p] || frame[2 * H * W + p] != clean[2 * H * W + p];
                assertEquals(m[p] == 1, changed, "dt " + dt + " pixel " + p);
                inMask += m[p];
            }
            assertEquals(pasted, inMask);
            // at dt = −3 the diamond's centre is at x = −7: it is entirely outside; at dt = −1 partly inside
            if (dt == -3) assertEquals(0, pasted);
            if (dt == 0) assertEquals(sprite.area(), pasted);
            if (dt == -1) assertTrue(pasted > 0 && pasted < sprite.area(), "pasted " + pasted);
        }
        // blending: round(0.1·40 + 0.9·250) = 229
        byte[] f = uniform(40);
        obj.paste(0, f, null);
        int[] tl = obj.topLeft(0);
        assertEquals(229, f[(tl[1] + 3) * W + tl[0] + 3] & 0xFF);
    }

    @Test
    void foregroundObjectsCutTheMovingSquare() {
        ArrayFrameStore store = new ArrayFrameStore(List.of(TestData.scenes(16, H, W, 0)));
        ForegroundObjects fo = new ForegroundObjects(store, 30, 0.001, 0.1);
        Sprite s = fo.cut(new SplittableRandom(1), 0, 5);
        assertNotNull(s);
        assertEquals(6, s.height());
        assertEquals(6, s.width());
        assertEquals(36, s.area());
        assertEquals(250, s.rgb()[0] & 0xFF);
        assertEquals(240, s.rgb()[36] & 0xFF);
        // the background has no square left in it
        byte[] bg = fo.background(0);
        assertEquals(TestData.scene(H, W, 0, 0).at(0, 0, 0), bg[0] & 0xFF);
    }

    @Test
    void generatedAnomaliesAreDeterministicConsistentAndExactlyMasked() {
        ArrayFrameStore store = new ArrayFrameStore(List.of(TestData.scenes(16, H, W, 0), TestData.scenes(16, H, W, 1)));
        SyntheticAnomalyGenerator gen = new SyntheticAnomalyGenerator(store, SyntheticConfig.constantSpeeds());
        for (long seed = 0; seed < 20; seed++) {
            SyntheticAnomaly a = gen.generate(new SplittableRandom(seed), 0, 8);
            SyntheticAnomaly b = gen.generate(new SplittableRandom(seed), 0, 8);
            assertEquals(a.description(), b.description());
            PastedObject p = assertInstanceOf(PastedObject.class, a);
            assertTrue(a.description().startsWith("object from v1"), a.description()); // from the other video
            byte[] clean = TestData.scene(H, W, 8, 0).chw(), fa = clean.clone(), fb = clean.clone(), m = new byte[H * W];
            int n = a.paste(0, fa, m);
            b.paste(0, fb, null);
            assertArrayEquals(fa, fb);
            assertTrue(n > 0);
            // every pixel: in the mask it is the blend of background and sprite, outside it is untouched
            Sprite s = p.sprite();
            int[] tl = p.topLeft(0);
            double alpha = p.opacity();
            int count = 0;
            for (int y = 0; y < H; y++)
                for (int x = 0; x < W; x++) {
                    int q = y * W + x, sx = x - tl[0], sy = y - tl[1];
                    boolean onSprite = sx >= 0 && sy >= 0 && sx < s.width() && sy < s.height() && s.mask()[sy * s.width() + sx] == 1;
                    assertEquals(onSprite ? 1 : 0, m[q], "mask at " + x + "," + y);
                    for (int c = 0; c < 3; c++) {
                        int bg = clean[c * H * W + q] & 0xFF;
                        int expected = onSprite ? (int) ((1 - (float) alpha) * bg + (float) alpha * (s.rgb()[c * s.height() * s.width() + sy * s.width() + sx] & 0xFF) + 0.5f) : bg;
                        assertEquals(expected, fa[c * H * W + q] & 0xFF);
                    }
                    count += onSprite ? 1 : 0;
                }
            assertEquals(count, n);
            // the whole object is inside frame t; other frames follow the trajectory
            assertEquals(s.area(), n);
            Trajectory path = p.trajectory();
            int[] tl3 = p.topLeft(3), tlm3 = p.topLeft(-3);
            // three frames later the box moved by 3·v (plus at most the zig-zag amplitude, 0.05·W, and rounding)
            double slack = 0.05 * W + 1;
            assertEquals(3 * path.vx(), tl3[0] - tl[0], slack);
            assertEquals(3 * path.vy(), tl3[1] - tl[1], slack);
            assertEquals(-3 * path.vx(), tlm3[0] - tl[0], slack);
            double speed = path.speed() / W;
            assertTrue(speed >= 0.02 - 1e-9 && speed <= 0.06 + 1e-9, "speed " + speed);
        }
    }

    @Test
    void sceneMotionMeasuresTheObjectsOwnSpeedAndSize() {
        // the test scene's 6×6 square moves 2 px per frame to the right
        ArrayFrameStore store = new ArrayFrameStore(List.of(TestData.scenes(24, H, 64, 0), TestData.scenes(24, H, 64, 1)));
        SceneMotion m = SceneMotion.measure(store, new ForegroundObjects(store, 30, 0.001, 0.1));
        assertTrue(m.usable(), m.describe());
        assertEquals(2.0, m.speedP50(), 1e-9, m.describe());
        assertEquals(2.0, m.speedP95(), 1e-9, m.describe());
        assertEquals(6.0, m.heightP50(), 1e-9, m.describe());
        // a scene where nothing moves has no usable motion: speeds fall back to frame widths
        ArrayFrameStore still = new ArrayFrameStore(List.of(java.util.Collections.nCopies(12, TestData.scene(H, 64, 0, 0))));
        assertFalse(SceneMotion.measure(still, new ForegroundObjects(still, 30, 0.001, 0.1)).usable());
    }

    @Test
    void sceneFittedObjectsMoveAtMultiplesOfTheSceneSpeedAndSomeAreStretched() {
        ArrayFrameStore store = new ArrayFrameStore(List.of(TestData.scenes(24, H, 64, 0), TestData.scenes(24, H, 64, 1)));
        SyntheticConfig cfg = SyntheticConfig.defaults().withTemporalJumpShare(0);
        SyntheticAnomalyGenerator gen = new SyntheticAnomalyGenerator(store, cfg);
        double p95 = gen.sceneMotion().speedP95();
        int stretched = 0;
        for (long seed = 0; seed < 40; seed++) {
            PastedObject p = assertInstanceOf(PastedObject.class, gen.generate(new SplittableRandom(seed), 0, 12));
            double multiple = p.trajectory().speed() / p95;
            assertTrue(multiple >= cfg.minSpeedMultiple() - 1e-9 && multiple <= cfg.maxSpeedMultiple() + 1e-9, "speed multiple " + multiple);
            if (p.description().contains("stretched")) stretched++;
        }
        assertTrue(stretched > 3 && stretched < 25, "stretched " + stretched + " of 40 (probability 0.3)");
        // a stretched kind changes the square's aspect ratio; the plain kind keeps it
        for (long seed = 0; seed < 10; seed++) {
            Sprite st = ((PastedObject) gen.generate(new SplittableRandom(seed), 0, 12, SyntheticAnomalyGenerator.Kind.STRETCHED)).sprite();
            assertTrue((double) Math.max(st.height(), st.width()) / Math.min(st.height(), st.width()) >= 1.2, st.height() + "x" + st.width());
            Sprite plain = ((PastedObject) gen.generate(new SplittableRandom(seed), 0, 12, SyntheticAnomalyGenerator.Kind.OBJECT)).sprite();
            assertEquals(plain.height(), plain.width());
        }
    }

    @Test
    void temporalJumpMapsTheMovingForegroundAndNeedsRoomForItsNeighbours() {
        ArrayFrameStore store = new ArrayFrameStore(List.of(TestData.scenes(24, H, 64, 0)));
        SyntheticAnomalyGenerator gen = new SyntheticAnomalyGenerator(store, SyntheticConfig.defaults());
        TemporalJump j = gen.temporalJump(0, 12, 3);
        assertNotNull(j);
        assertEquals(3, j.stride());
        byte[] frame = TestData.scene(H, 64, 12, 0).chw(), before = frame.clone(), mask = new byte[H * 64];
        assertEquals(36, j.paste(0, frame, mask)); // the 6×6 square of frame 12
        assertArrayEquals(before, frame); // nothing is pasted
        int x0 = 2 + 2 * 12 + 1, y0 = 4;
        for (int y = 0; y < H; y++)
            for (int x = 0; x < 64; x++)
                assertEquals(y >= y0 && y < y0 + 6 && x >= x0 && x < x0 + 6 ? 1 : 0, mask[y * 64 + x], x + "," + y);
        assertEquals(0, j.paste(9, frame, mask)); // neighbours are left alone
        assertNull(gen.temporalJump(0, 5, 2), "t − 6 is before the video's start");
        assertNull(gen.temporalJump(0, 12, 4), "t + 12 is past its end");
    }

    @Test
    void externalSequencesPasteTheirMaskedPixels() throws Exception {
        Path root = dir.resolve("ubnormal-like");
        for (int t = 0; t < 3; t++) {
            RgbFrame f = RgbFrame.blank(20, 20), m = RgbFrame.blank(20, 20);
            for (int y = 4; y < 8; y++)
                for (int x = 2 + 4 * t; x < 6 + 4 * t; x++)
                    for (int c = 0; c < 3; c++) {
                        f.chw()[(c * 20 + y) * 20 + x] = (byte) 200;
                        m.chw()[(c * 20 + y) * 20 + x] = (byte) 255;
                    }
            ImageFiles.writePng(f, Files.createDirectories(root.resolve("jump/frames")).resolve(t + ".png"));
            ImageFiles.writePng(m, Files.createDirectories(root.resolve("jump/masks")).resolve(t + ".png"));
        }
        ExternalAnomalySequences seqs = ExternalAnomalySequences.open(root);
        assertEquals(1, seqs.size());
        SyntheticAnomaly a = seqs.pick(new SplittableRandom(2), 10, 10, 1.0);
        byte[] frame = new byte[300], mask = new byte[100];
        int n = a.paste(0, frame, mask);
        assertEquals(4, n); // a 4×4 square at half size
        for (int p = 0; p < 100; p++) assertEquals(mask[p] == 1 ? 200 : 0, frame[p] & 0xFF);

        // frames and masks must pair up
        Files.delete(root.resolve("jump/masks/2.png"));
        DatasetException e = assertThrows(DatasetException.class, () -> ExternalAnomalySequences.open(root));
        assertTrue(e.problem().contains("2 masks for 3 frames"), e.problem());
        assertThrows(DatasetException.class, () -> ExternalAnomalySequences.open(Files.createDirectories(dir.resolve("none"))));
    }

    private static byte[] uniform(int v) {
        byte[] f = new byte[3 * H * W];
        java.util.Arrays.fill(f, (byte) v);
        return f;
    }
}
