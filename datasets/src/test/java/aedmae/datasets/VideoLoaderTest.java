package aedmae.datasets;

import aedmae.datasets.frames.FrameStore;
import aedmae.datasets.gradient.GradientMode;
import aedmae.datasets.gradient.MotionGradient;
import aedmae.datasets.loader.Batch;
import aedmae.datasets.loader.BatchStream;
import aedmae.datasets.loader.FrameId;
import aedmae.datasets.loader.LoaderOptions;
import aedmae.datasets.loader.Sample;
import aedmae.datasets.loader.VideoLoader;
import aedmae.datasets.synthetic.PastedObject;
import aedmae.datasets.synthetic.Sprite;
import aedmae.datasets.synthetic.Trajectory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.*;

class VideoLoaderTest {
    private static final int H = 12, W = 16, PLANE = H * W;

    @TempDir
    Path dir;
    Path root;

    @BeforeEach
    void dataset() throws Exception {
        root = toyDataset(dir.resolve("toy"));
    }

    /** Three training videos (10, 7, 5 frames) and two test videos (6, 4) of 24×32, labelled. */
    static Path toyDataset(Path root) throws Exception {
        TestData.frameFolder(root.resolve("training/frames/01"), 10, 24, 32, 0);
        TestData.frameFolder(root.resolve("training/frames/02"), 7, 24, 32, 1);
        TestData.frameFolder(root.resolve("training/frames/03"), 5, 24, 32, 2);
        TestData.frameFolder(root.resolve("testing/frames/01"), 6, 24, 32, 3);
        TestData.frameFolder(root.resolve("testing/frames/02"), 4, 24, 32, 4);
        LayoutDetectorTest.writeGt(root.resolve("toy.mat"), new int[][] {{3, 4}}, new int[][] {{1, 4}});
        return root;
    }

    private LoaderOptions options() {
        return LoaderOptions.defaults(H, W).withCacheDir(dir.resolve("cache")).withBatchSize(4).withWorkers(2).withSeed(7);
    }

    @Test
    void testBatchesFollowVideosAndFramesWithLabels() {
        try (VideoLoader loader = new VideoLoader(Dataset.open(root), options())) {
            List<FrameId> ids = new ArrayList<>();
            List<Integer> gt = new ArrayList<>();
            List<Batch> batches = new ArrayList<>();
            try (BatchStream s = loader.testBatches()) {
                assertEquals(3, s.size());
                for (Batch b : s) {
                    batches.add(b);
                    ids.addAll(b.ids());
                    for (int g : b.groundTruth()) gt.add(g);
                }
            }
            assertEquals(10, ids.size());
            assertEquals(new FrameId("01", 0, 0), ids.get(0));
            assertEquals(new FrameId("01", 0, 5), ids.get(5));
            assertEquals(new FrameId("02", 1, 0), ids.get(6));
            assertEquals(List.of(0, 0, 1, 1, 0, 0, 1, 1, 1, 1), gt);
            Batch b0 = batches.get(0);
            assertArrayEquals(new int[] {4, 9, H, W}, b0.input().shape());
            assertArrayEquals(new int[] {4, 4, H, W}, b0.target().shape());
            assertArrayEquals(new int[] {4, 3, H, W}, b0.gradient().shape());
            assertArrayEquals(new int[] {4, 1, H, W}, b0.anomalyMap().shape());
            assertArrayEquals(new int[] {4}, b0.label().shape());
            assertEquals(2, batches.get(2).size());
            for (Batch b : batches) {
                for (float l : b.label().toArray()) assertEquals(0f, l);
                for (float m : b.anomalyMap().toArray()) assertEquals(0f, m);
            }

            // sample (01, t=1): t−3 is missing, so frame 1 stands in; t+3 is frame 4
            FrameStore store = loader.testStore();
            float[] in = b0.input().toArray(), tg = b0.target().toArray(), gr = b0.gradient().toArray();
            int i = 1;
            assertFrame(store, 0, 1, in, i * 9 * PLANE);
            assertFrame(store, 0, 1, in, i * 9 * PLANE + 3 * PLANE);
            assertFrame(store, 0, 4, in, i * 9 * PLANE + 6 * PLANE);
            assertFrame(store, 0, 1, tg, i * 4 * PLANE);
            for (int p = 0; p < PLANE; p++) assertEquals(-1f, tg[i * 4 * PLANE + 3 * PLANE + p]);
            byte[] g = new byte[3 * PLANE];
            store.readGradient(0, 1, g, 0);
            for (int p = 0; p < 3 * PLANE; p++) assertEquals(g[p] & 0xFF, gr[i * 3 * PLANE + p]);
            assertArrayEquals(new int[] {1, 1, 1, 1}, loader.testLabels(1));
            try (BatchStream one = loader.testBatches(1)) {
                assertEquals(1, one.size()); // video 02: 4 frames, one batch
                assertEquals(new FrameId("02", 1, 3), one.next().ids().get(3));
            }
        }
    }

    @Test
    void trainingIsSeededShuffledCompleteAndResumable() {
        LoaderOptions o = options().withSyntheticShare(0);
        List<float[]> first = new ArrayList<>();
        List<List<FrameId>> order0, order0again, order1, oneWorker;
        try (VideoLoader loader = new VideoLoader(Dataset.open(root), o)) {
            assertEquals(22, loader.trainFrameCount());
            assertEquals(6, loader.batchesPerEpoch());
            order0 = ids(loader.trainBatches(0), first);
            order0again = ids(loader.trainBatches(0), null);
            order1 = ids(loader.trainBatches(1), null);
            // resuming at batch 2 gives the epoch's batches 2..5
            assertEquals(order0.subList(2, 6), ids(loader.trainBatches(0, 2), null));
        }
        try (VideoLoader loader = new VideoLoader(Dataset.open(root), o.withWorkers(1).withPrefetch(1))) {
            List<float[]> again = new ArrayList<>();
            oneWorker = ids(loader.trainBatches(0), again);
            for (int k = 0; k < first.size(); k++) assertArrayEquals(first.get(k), again.get(k));
        }
        assertEquals(order0, order0again);
        assertEquals(order0, oneWorker);
        assertNotEquals(order0, order1);
        Set<FrameId> seen = new HashSet<>();
        order0.forEach(seen::addAll);
        assertEquals(22, seen.size()); // every frame exactly once
        assertEquals(2, order0.get(5).size()); // 22 = 5·4 + 2
    }

    @Test
    void syntheticShareAndWhatTheModelSees() {
        try (VideoLoader loader = new VideoLoader(Dataset.open(root), options().withBatchSize(8))) {
            int position = 0;
            for (Batch b : loader.trainBatches(3)) {
                float[] label = b.label().toArray(), map = b.anomalyMap().toArray(), tg = b.target().toArray(), in = b.input().toArray();
                int synthetic = 0;
                for (int i = 0; i < b.size(); i++, position++) {
                    synthetic += (int) label[i];
                    int mapped = 0;
                    for (int p = 0; p < PLANE; p++) {
                        float m = map[i * PLANE + p];
                        mapped += (int) m;
                        assertEquals(m == 1 ? 1f : -1f, tg[i * 4 * PLANE + 3 * PLANE + p]);
                        // input frame t carries the object; the target is the clean frame: they differ only in the mask
                        if (m == 0)
                            for (int c = 0; c < 3; c++)
                                assertEquals(tg[i * 4 * PLANE + c * PLANE + p], in[i * 9 * PLANE + 3 * PLANE + c * PLANE + p]);
                    }
                    assertEquals(label[i] == 1, mapped > 0);
                    assertFrame(loader.trainStore(), b.ids().get(i).videoIndex(), b.ids().get(i).frame(), tg, i * 4 * PLANE);
                    if (i == 3) { // the batch holds exactly what trainSample rebuilds
                        Sample s = loader.trainSample(3, position);
                        assertEquals(b.ids().get(i), s.id());
                        assertArrayEquals(java.util.Arrays.copyOfRange(in, i * 9 * PLANE, (i + 1) * 9 * PLANE), s.input());
                        assertArrayEquals(java.util.Arrays.copyOfRange(b.gradient().toArray(), i * 3 * PLANE, (i + 1) * 3 * PLANE), s.gradient());
                        assertEquals(label[i], s.label());
                    }
                }
                if (b.size() == 8) assertEquals(2, synthetic, "25% of 8");
            }
        }
    }

    @Test
    void syntheticSampleGradientIsOfThePastedFrames() {
        try (VideoLoader loader = new VideoLoader(Dataset.open(root), options())) {
            FrameStore store = loader.trainStore();
            Sprite sprite = new Sprite(3, 3, filled(27, (byte) 255), filled(9, (byte) 1));
            PastedObject obj = new PastedObject(sprite, new Trajectory(8, 6, 2, 0, 0, 1), 1.0, H, W, "white square");
            int v = 0, t = 0; // at the video's start: t−3 and t−1 are frame 0 itself, with the object where it is at t
            Sample s = loader.sample(Split.TRAIN, v, t, obj);
            assertEquals(1, s.label());
            byte[] prev = new byte[3 * PLANE], next = new byte[3 * PLANE], g = new byte[3 * PLANE], mask = new byte[PLANE];
            store.readFrame(v, 0, prev, 0);
            obj.paste(0, prev, null);
            store.readFrame(v, 1, next, 0);
            obj.paste(1, next, null);
            MotionGradient.compute(prev, next, H, W, GradientMode.MEDIAN, g, 0);
            for (int p = 0; p < 3 * PLANE; p++) assertEquals(g[p] & 0xFF, s.gradient()[p]);
            byte[] f0 = new byte[3 * PLANE];
            store.readFrame(v, 0, f0, 0);
            obj.paste(0, f0, mask);
            for (int p = 0; p < PLANE; p++) {
                assertEquals(mask[p], (byte) s.anomalyMap()[p]);
                assertEquals(((f0[p] & 0xFF) - 127.5f) / 127.5f, s.input()[p], 1e-6); // channel 0 of frame "t−3" = pasted frame 0
            }
        }
    }

    @Test
    void cacheOffGivesTheSameBatches() {
        List<float[]> cached = new ArrayList<>(), decoded = new ArrayList<>();
        try (VideoLoader a = new VideoLoader(Dataset.open(root), options())) {
            ids(a.trainBatches(2), cached);
            ids(a.testBatches(), cached);
            assertTrue(a.trainStore().cached());
        }
        try (VideoLoader b = new VideoLoader(Dataset.open(root), options().withCache(false))) {
            ids(b.trainBatches(2), decoded);
            ids(b.testBatches(), decoded);
            assertFalse(b.trainStore().cached());
        }
        assertEquals(cached.size(), decoded.size());
        for (int k = 0; k < cached.size(); k++) assertArrayEquals(cached.get(k), decoded.get(k), "batch array " + k);
    }

    @Test
    void aUsersVideoFileIsScoredWithoutLabels() {
        Path mkv = TestData.encode(dir.resolve("street.mkv"), TestData.scenes(5, 24, 32, 0), "ffv1");
        List<String> log = new ArrayList<>();
        try (VideoLoader loader = new VideoLoader(Dataset.open(mkv), options(), log::add)) {
            assertEquals(5, loader.testFrameCount());
            int n = 0;
            for (Batch b : loader.testBatches()) {
                for (int g : b.groundTruth()) assertEquals(-1, g);
                n += b.size();
            }
            assertEquals(5, n);
            assertNull(loader.testLabels(0));
            assertThrows(DatasetException.class, loader::trainStore);
        }
        assertEquals(1, log.size());
        assertTrue(Files.isRegularFile(dir.resolve("cache/testing/street.frames")));
        // without the cache a video file cannot be read at random
        try (VideoLoader loader = new VideoLoader(Dataset.open(mkv), options().withCache(false))) {
            assertThrows(DatasetException.class, loader::testStore);
        }
    }

    @Test
    void labelsThatDoNotFitTheFramesAreRefused() throws Exception {
        LayoutDetectorTest.writeGt(root.resolve("toy.mat"), new int[][] {{3, 9}}, new int[][] {{1, 4}});
        try (VideoLoader loader = new VideoLoader(Dataset.open(root), options())) {
            DatasetException e = assertThrows(DatasetException.class, loader::testStore);
            assertTrue(e.path().toString().contains("toy.mat"), e.getMessage());
            assertTrue(e.problem().contains("3-9 ends after the last frame (6)"), e.problem());
        }
    }

    private static List<List<FrameId>> ids(BatchStream stream, List<float[]> arrays) {
        List<List<FrameId>> out = new ArrayList<>();
        try (stream) {
            for (Batch b : stream) {
                out.add(b.ids());
                if (arrays != null) {
                    arrays.add(b.input().toArray());
                    arrays.add(b.target().toArray());
                    arrays.add(b.gradient().toArray());
                    arrays.add(b.anomalyMap().toArray());
                    arrays.add(b.label().toArray());
                }
            }
        }
        return out;
    }

    /** The normalised frame t of video v equals a [3, H, W] block of a at off. */
    private static void assertFrame(FrameStore store, int v, int t, float[] a, int off) {
        byte[] f = new byte[3 * PLANE];
        store.readFrame(v, t, f, 0);
        for (int p = 0; p < 3 * PLANE; p++) assertEquals(((f[p] & 0xFF) - 127.5f) / 127.5f, a[off + p], 1e-6, "value " + p);
    }

    private static byte[] filled(int n, byte v) {
        byte[] a = new byte[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    @Test
    void temporalJumpSamplesTakeNeighboursThreeStridesAwayWithTheForegroundAsMap() throws Exception {
        Path r = dir.resolve("jumps");
        TestData.frameFolder(r.resolve("training/frames/01"), 30, H, W, 0);
        TestData.frameFolder(r.resolve("testing/frames/01"), 4, H, W, 1);
        try (VideoLoader loader = new VideoLoader(Dataset.open(r), options())) {
            byte[] fg = new byte[PLANE];
            fg[5] = fg[6] = 1;
            Sample s = loader.sample(Split.TRAIN, 0, 15, new aedmae.datasets.synthetic.TemporalJump(3, fg, "test"));
            Sample plain = loader.sample(Split.TRAIN, 0, 15, null);
            Sample at6 = loader.sample(Split.TRAIN, 0, 6, null), at24 = loader.sample(Split.TRAIN, 0, 24, null);
            assertEquals(1, s.label());
            // input: frames 6, 15, 24 (t ± 9), each the frame t of its own plain sample
            for (int p = 0; p < 3 * PLANE; p++) {
                assertEquals(at6.input()[3 * PLANE + p], s.input()[p]);
                assertEquals(plain.input()[3 * PLANE + p], s.input()[3 * PLANE + p]);
                assertEquals(at24.input()[3 * PLANE + p], s.input()[6 * PLANE + p]);
                assertEquals(plain.gradient()[p], s.gradient()[p]); // loss weights from the clean frame's motion
            }
            for (int p = 0; p < PLANE; p++) {
                assertEquals(fg[p], (int) s.anomalyMap()[p]);
                assertEquals(fg[p] == 1 ? 1f : -1f, s.target()[3 * PLANE + p]);
            }
        }
    }
}
