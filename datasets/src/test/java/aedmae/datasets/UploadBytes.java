package aedmae.datasets;

import aedmae.datasets.loader.Batch;
import aedmae.datasets.loader.BatchStream;
import aedmae.datasets.loader.LoaderOptions;
import aedmae.datasets.loader.VideoLoader;
import aedmae.tensor.Device;
import aedmae.tensor.Tensor;
import aedmae.tensor.sim.SimBackend;
import aedmae.tensor.sim.SimTransfers;

import java.nio.file.Path;
import java.util.Locale;

/**
 * What one batch moves to the model's device, measured on the simulated device (which counts
 * transfers), for bench/RESULTS.md (issue 11): uploads and bytes per training batch (synthetic
 * share 0.25) and per scoring batch, against the bytes of the batch's float tensors (what the
 * loader uploaded before batches carried uint8 frames).
 * <p>
 * Usage: {@code UploadBytes <dataset> <H> <W> <batch> <cacheRoot> <batches>}
 */
public final class UploadBytes {
    public static void main(String[] args) {
        Path data = Path.of(args[0]);
        int h = Integer.parseInt(args[1]), w = Integer.parseInt(args[2]), b = Integer.parseInt(args[3]), batches = Integer.parseInt(args[5]);
        Path cache = Path.of(args[4]).resolve(data.getFileName() + "-" + h + "x" + w);
        Device.setDefault(Device.SIM); // the model's device: the loader leaves the floats to it
        LoaderOptions o = LoaderOptions.defaults(h, w).withCacheDir(cache).withBatchSize(b).withSeed(1).withSyntheticShare(0.25);
        try (VideoLoader loader = new VideoLoader(Dataset.open(data), o)) {
            report("training", loader.trainBatches(0), batches, h, w, b);
            report("scoring", loader.testBatches(), batches, h, w, b);
        }
    }

    private static void report(String what, BatchStream stream, int batches, int h, int w, int b) {
        SimBackend sim = SimBackend.INSTANCE;
        long uploads = 0, bytes = 0, floats = 0;
        int n = 0;
        try (stream) {
            for (Batch host : stream) {
                if (n == batches) break;
                SimTransfers before = sim.transfers();
                Batch d = host.to(Device.SIM);
                for (Tensor t : new Tensor[]{d.input(), d.target(), d.gradient(), d.anomalyMap(), d.label()}) floats += 4L * t.numel();
                sim.synchronize();
                SimTransfers moved = sim.transfers().since(before);
                uploads += moved.uploads();
                bytes += moved.uploadBytes();
                n++;
            }
        }
        System.out.printf(Locale.ROOT, "%s, %dx%d, batch %d, %d batches: %.1f uploads/batch, %.2f MiB/batch as uint8 bytes, %.2f MiB/batch as floats (%.1fx)%n",
                what, h, w, b, n, (double) uploads / n, bytes / 1048576.0 / n, floats / 1048576.0 / n, (double) floats / bytes);
    }

    private UploadBytes() {}
}
