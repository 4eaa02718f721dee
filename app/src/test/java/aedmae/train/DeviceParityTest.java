package aedmae.train;

import aedmae.datasets.Dataset;
import aedmae.datasets.loader.LoaderOptions;
import aedmae.demo.DemoScene;
import aedmae.model.AedMae;
import aedmae.nn.Checkpoint;
import aedmae.nn.SafeTensors;
import aedmae.score.Evaluation;
import aedmae.score.ScoreOptions;
import aedmae.tensor.Backends;
import aedmae.tensor.Device;
import aedmae.tensor.sim.SimTransfers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One path on every device: training (both stages, validation, calibration) and scoring on the
 * simulated device give the CPU's numbers to float tolerance (after a few AdamW steps parameters
 * agree to about 1e-5 relative), with the model on the device and batches moved there.
 */
class DeviceParityTest {
    @TempDir
    static Path dir;
    static Dataset dataset;
    private final Device before = Device.defaultDevice();

    @BeforeAll
    static void scene() throws IOException {
        dataset = Dataset.open(new DemoScene(3, 3, 2, 24).write(dir.resolve("scene")));
    }

    @AfterEach
    void restore() {
        Device.setDefault(before);
    }

    private static TrainConfig config() {
        TrainConfig c = EndToEndTest.config(dir);
        return c;
    }

    /** Trains and scores on a device; returns {losses and validation scores, final parameters, frame scores}. */
    private Object[] runOn(Device device, String name) throws IOException {
        Device.setDefault(device);
        Path run = dir.resolve(name);
        TeacherStudentTrainer.Result r = new TeacherStudentTrainer(config(), dataset, run, TrainListener.QUIET).run(false);
        List<Double> metrics = new ArrayList<>();
        Matcher m = Pattern.compile("\"(loss|reconstruction|classification|validation)\":\\s*([-0-9.eE]+)")
                .matcher(Files.readString(run.resolve("metrics.jsonl")));
        while (m.find()) metrics.add(Double.parseDouble(m.group(2)));
        AedMae model = new AedMae(config().resolvedPreset(), true, 9);
        assertEquals(device, model.device(), "the model lives on the default device");
        Checkpoint.load(model, r.bestCheckpoint(), true);
        LoaderOptions lo = LoaderOptions.defaults(16, 32).withCacheDir(dir.resolve("cache")).withWorkers(1);
        Evaluation.Scored scored = Evaluation.score(model, dataset, lo, ScoreOptions.defaults(1, 8, 2), null, s -> {});
        return new Object[]{metrics, SafeTensors.read(run.resolve("checkpoints/final.safetensors")).tensors(),
                scored.videos().get(1).raw(), r.calibratedWeights()};
    }

    /**
     * The device compared with the CPU: sim (default), or cuda with -Daedmae.parity.device=cuda
     * (tools/gpu-run.sh), where TF32 GEMMs and attention widen the tolerance.
     */
    @Test
    @SuppressWarnings("unchecked")
    void trainingAndScoringOnTheDeviceGiveTheCpuNumbers() throws IOException {
        Device device = Device.parse(System.getProperty("aedmae.parity.device", "sim"));
        if (device.type() == Device.Type.CUDA) {
            org.junit.jupiter.api.Assumptions.assumeTrue(Backends.cudaAvailable(), () -> "no CUDA here: " + Backends.cudaUnavailableReason());
        }
        double tol = device.type() == Device.Type.CUDA ? 2e-2 : 1e-4, tolMetrics = device.type() == Device.Type.CUDA ? 2e-2 : 1e-6;
        Object[] cpu = runOn(Device.CPU, "cpu");
        SimTransfers t0 = Backends.sim().transfers();
        Object[] sim = runOn(device, device.toString().replace(':', '-'));
        if (device.type() == Device.Type.SIM) {
            SimTransfers moved = Backends.sim().transfers().since(t0);
            assertTrue(moved.uploads() > 0 && moved.kernels() > 1000, "the work ran on sim: " + moved);
        }

        List<Double> mc = (List<Double>) cpu[0], ms = (List<Double>) sim[0];
        assertTrue(mc.size() >= 6, "losses were logged: " + mc);
        assertEquals(mc.size(), ms.size());
        for (int i = 0; i < mc.size(); i++) assertEquals(mc.get(i), ms.get(i), tolMetrics * Math.max(1, Math.abs(mc.get(i))), "metric " + i);
        Map<String, SafeTensors.Entry> pc = (Map<String, SafeTensors.Entry>) cpu[1], ps = (Map<String, SafeTensors.Entry>) sim[1];
        assertEquals(pc.keySet(), ps.keySet());
        for (String k : pc.keySet()) {
            if (pc.get(k).floats() != null) assertArrayEquals(pc.get(k).floats(), ps.get(k).floats(), (float) tol, "parameter " + k);
        }
        assertArrayEquals((double[]) cpu[2], (double[]) sim[2], tol, "frame scores");
        var wc = (aedmae.eval.ScoreWeights) cpu[3];
        var ws = (aedmae.eval.ScoreWeights) sim[3];
        assertEquals(wc.alpha(), ws.alpha(), tol * wc.alpha(), "calibrated alpha");
        assertEquals(wc.beta(), ws.beta(), tol * wc.beta(), "calibrated beta");
        assertEquals(wc.gamma(), ws.gamma(), tol * wc.gamma(), "calibrated gamma");
    }
}
