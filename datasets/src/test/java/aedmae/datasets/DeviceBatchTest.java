package aedmae.datasets;

import aedmae.datasets.gradient.GradientMode;
import aedmae.datasets.loader.Batch;
import aedmae.datasets.loader.BatchStream;
import aedmae.datasets.loader.InputLayout;
import aedmae.datasets.loader.LoaderOptions;
import aedmae.datasets.loader.VideoLoader;
import aedmae.tensor.Device;
import aedmae.tensor.Tensor;
import aedmae.tensor.sim.SimBackend;
import aedmae.tensor.sim.SimTransfers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A batch crosses to the model's device as its uint8 bytes, once, and its floats made there are
 * the host's bit for bit (issue 11), checked on the simulated device, which counts transfers.
 */
class DeviceBatchTest {
    private static final int H = 12, W = 16, PLANE = H * W;

    @TempDir
    Path dir;
    Path root;

    @BeforeEach
    void dataset() throws Exception {
        root = VideoLoaderTest.toyDataset(dir.resolve("toy"));
    }

    private LoaderOptions options(GradientMode mode) {
        return LoaderOptions.defaults(H, W).withCacheDir(dir.resolve("cache-" + mode)).withBatchSize(8).withWorkers(2).withSeed(7)
                .withGradientMode(mode).withSyntheticShare(0.5);
    }

    @Test
    void aTrainingBatchCrossesOnceAsBytesAndGivesTheHostsFloats() {
        for (GradientMode mode : GradientMode.values())
            try (VideoLoader loader = new VideoLoader(Dataset.open(root), options(mode))) {
                Batch host = first(loader.trainBatches(0));
                assertTrue(sum(host.label()) > 0, "the batch has pasted objects");
                checkUpload(host, mode + " training batch");
            }
    }

    @Test
    void aScoringBatchCrossesOnceAsBytesAndSharesItsFrames() {
        try (VideoLoader loader = new VideoLoader(Dataset.open(root), options(GradientMode.MEDIAN))) {
            Batch host = first(loader.testBatches());
            long bytes = checkUpload(host, "scoring batch");
            // 8 consecutive frames (6 of one video, 2 of the next): at most 8 + 6 distinct frames, not 8 × 4
            long frames = (long) 3 * PLANE * (8 + 3 + 3);
            assertTrue(bytes < frames + 8L * (3 * PLANE + PLANE + 1 + 16) + 16, "frames shared between samples: " + bytes + " bytes");
        }
    }

    @Test
    void datasetsDoesNotImportTheCpuBackend() throws IOException {
        Path main = Path.of("src/main/java");
        assertTrue(Files.isDirectory(main), "run from the datasets module: " + main.toAbsolutePath());
        try (Stream<Path> files = Files.walk(main)) {
            List<Path> offenders = files.filter(f -> f.toString().endsWith(".java")).filter(f -> {
                try {
                    String s = Files.readString(f);
                    return s.contains("aedmae.tensor.cpu.") || s.contains("aedmae.tensor.sim.") || s.contains("aedmae.tensor.cuda.");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
            assertEquals(List.of(), offenders, "datasets must reach the tensor library through its device-neutral API");
        }
    }

    /** Moves host to sim; asserts one upload of the batch's bytes and the host's values bit for bit. Returns the bytes. */
    private static long checkUpload(Batch host, String what) {
        int b = host.size();
        float[][] want = arrays(host.to(Device.CPU));
        SimBackend sim = SimBackend.INSTANCE;
        SimTransfers before = sim.transfers();
        Batch onSim = host.to(Device.SIM);
        Tensor[] made = {onSim.input(), onSim.target(), onSim.gradient(), onSim.anomalyMap(), onSim.label()};
        sim.synchronize();
        SimTransfers moved = sim.transfers().since(before);
        long floatBytes = 0;
        for (Tensor t : made) floatBytes += 4L * t.numel();
        assertEquals(1, moved.uploads(), what + ": one upload");
        assertEquals(4 * ((host.uploadBytes() + 3) / 4), moved.uploadBytes(), what + ": the uint8 bytes");
        assertEquals(0, moved.downloads(), what + ": nothing read back");
        assertTrue(3 * moved.uploadBytes() < floatBytes, what + ": " + moved.uploadBytes() + " bytes against " + floatBytes + " as floats");
        assertEquals((long) 4 * b * PLANE * (InputLayout.INPUT_CHANNELS + InputLayout.TARGET_CHANNELS + InputLayout.GRADIENT_CHANNELS + 1) + 4L * b, floatBytes);
        float[][] got = arrays(onSim);
        String[] names = {"input", "target", "gradient", "anomaly map", "label"};
        for (int k = 0; k < got.length; k++) assertArrayEquals(want[k], got[k], what + ": " + names[k] + " on sim");
        return moved.uploadBytes();
    }

    private static float[][] arrays(Batch b) {
        return new float[][]{b.input().toArray(), b.target().toArray(), b.gradient().toArray(), b.anomalyMap().toArray(), b.label().toArray()};
    }

    private static float sum(Tensor t) {
        float s = 0;
        for (float v : t.toArray()) s += v;
        return s;
    }

    private static Batch first(BatchStream stream) {
        try (stream) {
            Iterator<Batch> it = stream.iterator();
            return it.next();
        }
    }
}
