package aedmae.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class StreamingVolumeSmootherTest {
    static final float[] VOL = {0.787f, 0.239f, 0.876f, 0.059f, 0.336f, 0.15f, 0.45f, 0.796f, 0.231f, 0.052f, 0.405f,
            0.199f, 0.091f, 0.58f, 0.299f, 0.672f, 0.2f, 0.942f, 0.365f, 0.105f, 0.629f, 0.927f, 0.44f, 0.955f, 0.5f,
            0.425f, 0.62f, 0.995f, 0.949f, 0.46f, 0.758f, 0.497f, 0.529f, 0.786f, 0.415f, 0.734f, 0.711f, 0.932f, 0.115f,
            0.729f, 0.927f, 0.968f, 0.015f, 0.864f, 0.981f, 0.957f, 0.149f, 0.973f, 0.89f, 0.822f, 0.48f, 0.232f, 0.802f,
            0.924f, 0.266f, 0.539f, 0.443f, 0.931f, 0.041f, 0.732f};

    @Test
    void matchesScipyGaussianFilter3d() {
        // scipy.ndimage.gaussian_filter(vol [4,3,5], sigma=(1.0, 0.7, 1.3)) in float64; radii 4, 3, 5
        // (y has 3 rows, so reflection repeats).
        double[] expected = {0.5586026255507233, 0.5401496870917966, 0.49515921807477314, 0.4072124252191114,
                0.3294429377015084, 0.47899308555877607, 0.5011310490002122, 0.4991804132057843, 0.44234178649658484,
                0.37783193569884976, 0.4269699298035462, 0.4429395629028182, 0.46834955210690865, 0.4747899919566504,
                0.45720156239185544, 0.5920296701673415, 0.5762828704769464, 0.546602455379883, 0.4809655586620385,
                0.41402645873595656, 0.5807469988543901, 0.5896182971717361, 0.5819006437576415, 0.540189073795647,
                0.4949476606366778, 0.5603201153584586, 0.5715347151177457, 0.5876859167215202, 0.593844331605907,
                0.5858217600938924, 0.6307509137567968, 0.6175474489366695, 0.6155471391337467, 0.5961984772438761,
                0.5599895440301517, 0.62955229671448, 0.6300514030190005, 0.626392376147354, 0.6058022419264473,
                0.5812465983744662, 0.6446591953215395, 0.6352837205106137, 0.6272314859134087, 0.6345406426926912,
                0.6494321185539467, 0.6449906207473346, 0.6388649055220057, 0.6695779153276904, 0.6943593337022211,
                0.6848059322047944, 0.5915377980295947, 0.6036371862394946, 0.6259130876513092, 0.6243378134432442,
                0.6025264671095462, 0.6114610384979623, 0.6052658504126565, 0.5947702690251424, 0.5941255830090841,
                0.6087883075070551};
        MapSmoothing s = new MapSmoothing(MapSmoothing.Kind.GAUSSIAN, 1.0, 0.7, 1.3, 4, 3, 5, Boundary.REFLECT);
        float[] v = VOL.clone();
        StreamingVolumeSmoother.smoothInPlace(s, v, 4, 3, 5);
        for (int i = 0; i < v.length; i++) assertEquals(expected[i], v[i], 2e-6, "voxel " + i);
    }

    @Test
    void streamingEqualsInPlaceEqualsNaiveForEveryBoundary() {
        Random rng = new Random(7);
        int t = 9, h = 6, w = 7;
        float[] vol = new float[t * h * w];
        for (int i = 0; i < vol.length; i++) vol[i] = rng.nextFloat();
        for (Boundary b : Boundary.values()) {
            MapSmoothing s = new MapSmoothing(MapSmoothing.Kind.GAUSSIAN, 1.5, 1.0, 0.8, 6, 4, 3, b);
            double[] naive = naive3d(vol, t, h, w, s);
            float[] inPlace = vol.clone();
            StreamingVolumeSmoother.smoothInPlace(s, inPlace, t, h, w);
            float[] streamed = new float[vol.length];
            int[] next = {0};
            StreamingVolumeSmoother sm = new StreamingVolumeSmoother(s, h, w, (f, map) -> {
                assertEquals(next[0]++, f, "frames come out in order");
                System.arraycopy(map, 0, streamed, f * h * w, h * w);
            });
            float[] frame = new float[h * w];
            for (int f = 0; f < t; f++) {
                System.arraycopy(vol, f * h * w, frame, 0, h * w);
                sm.push(frame);
                java.util.Arrays.fill(frame, Float.NaN); // the smoother must have copied it
            }
            assertEquals(t, sm.finish());
            assertArrayEquals(inPlace, streamed, b + ": streaming and in-place agree exactly");
            for (int i = 0; i < vol.length; i++) assertEquals(naive[i], inPlace[i], 1e-5, b + " voxel " + i);
        }
    }

    @Test
    void streamingHoldsFewFramesAndEmitsEarly() {
        MapSmoothing s = MapSmoothing.box(1, 0);
        int[] emitted = {0};
        StreamingVolumeSmoother sm = new StreamingVolumeSmoother(s, 1, 1, (f, map) -> emitted[0]++);
        sm.push(new float[] {1});
        assertEquals(0, emitted[0], "frame 0 needs frame 1");
        sm.push(new float[] {2});
        assertEquals(1, emitted[0]);
        sm.push(new float[] {3});
        assertEquals(2, emitted[0]);
        sm.finish();
        assertEquals(3, emitted[0]);
    }

    @Test
    void boxFilterByHand() {
        // Box radius 1 in time, reflect: frame 0 = (1 + 1 + 2)/3, frame 1 = (1+2+3)/3, frame 2 = (2+3+3)/3.
        float[] v = {1, 2, 3};
        StreamingVolumeSmoother.smoothInPlace(MapSmoothing.box(1, 0), v, 3, 1, 1);
        assertArrayEquals(new float[] {4f / 3, 2f, 8f / 3}, v, 1e-6f);
    }

    @Test
    void noneLeavesTheVolumeAlone() {
        float[] v = VOL.clone();
        StreamingVolumeSmoother.smoothInPlace(MapSmoothing.none(), v, 4, 3, 5);
        assertArrayEquals(VOL, v);
    }

    @Test
    void wrongMapSizeNamesTheFrame() {
        StreamingVolumeSmoother sm = new StreamingVolumeSmoother(MapSmoothing.none(), 2, 2, (f, m) -> { });
        sm.push(new float[4]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sm.push(new float[3]));
        assertEquals(true, e.getMessage().contains("frame 1"), e.getMessage());
    }

    /** Direct triple sum over the 3-D kernel, every index mapped by the boundary rule. */
    static double[] naive3d(float[] vol, int t, int h, int w, MapSmoothing s) {
        double[] kt = s.kernelT(), ky = s.kernelY(), kx = s.kernelX();
        int rt = kt.length / 2, ry = ky.length / 2, rx = kx.length / 2;
        Boundary b = s.boundary();
        double[] out = new double[vol.length];
        for (int f = 0; f < t; f++) for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
            double acc = 0;
            for (int a = 0; a < kt.length; a++) for (int c = 0; c < ky.length; c++) for (int d = 0; d < kx.length; d++) {
                int ff = b.index(f + a - rt, t), yy = b.index(y + c - ry, h), xx = b.index(x + d - rx, w);
                if (ff < 0 || yy < 0 || xx < 0) continue;
                acc += kt[a] * ky[c] * kx[d] * vol[(ff * h + yy) * w + xx];
            }
            out[(f * h + y) * w + x] = acc;
        }
        return out;
    }
}
