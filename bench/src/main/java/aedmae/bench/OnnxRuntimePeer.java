package aedmae.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import aedmae.model.AedMae;
import aedmae.model.Masking;
import aedmae.model.ModelOutput;
import aedmae.model.Preset;
import aedmae.nn.Checkpoint;
import aedmae.nn.Init;
import aedmae.tensor.MemoryArena;
import aedmae.tensor.Rng;
import aedmae.tensor.Tensor;
import aedmae.tensor.autograd.GradMode;
import aedmae.tensor.cpu.Parallel;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * The ONNX Runtime peer (issue 16): the PyTorch peer exported to ONNX (tools/export_onnx.py), run
 * by ONNX Runtime for Java with the same batch and threads as `aedmae bench`. Three verbs:
 *
 * <pre>
 *   weights PRESET FILE                    write the Java model's (perturbed, seeded) weights for the exporter
 *   check   PRESET FILE.onnx WEIGHTS B     run Java and ONNX Runtime on the same input and masking; max |diff|
 *   time    PRESET FILE.onnx B THREADS ITERS WARMUP   time ONNX Runtime inference; median frames/s
 * </pre>
 * Inference per iteration, as in `aedmae bench`: a fresh random masking (its ids are inputs of
 * the graph), one forward pass. tools/compare_cpu.sh drives the three verbs.
 */
public final class OnnxRuntimePeer {
    private OnnxRuntimePeer() {}

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        if (args.length < 3) {
            System.err.println("usage: OnnxRuntimePeer weights PRESET FILE | check PRESET ONNX WEIGHTS BATCH | time PRESET ONNX BATCH THREADS ITERS WARMUP");
            System.exit(2);
        }
        Preset p = Preset.named(args[1]);
        switch (args[0]) {
            case "weights" -> writeWeights(p, Path.of(args[2]));
            case "check" -> check(p, Path.of(args[2]), Path.of(args[3]), Integer.parseInt(args[4]));
            case "time" -> time(p, Path.of(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    Integer.parseInt(args[5]), Integer.parseInt(args[6]));
            default -> {
                System.err.println("unknown verb " + args[0]);
                System.exit(2);
            }
        }
    }

    /**
     * A seeded model whose every tensor is moved off its initial value (biases, LayerNorm and
     * BatchNorm affine and running statistics), so the check exercises all of them.
     */
    static AedMae perturbedModel(Preset p) {
        AedMae model = new AedMae(p, true, 1);
        Init.perturb(model, new Rng(7), 0.05f);
        model.eval();
        return model;
    }

    static void writeWeights(Preset p, Path file) throws Exception {
        Checkpoint.save(perturbedModel(p), file, Map.of("preset", p.name()));
        System.out.println("wrote " + file);
    }

    private static OrtSession session(OrtEnvironment env, Path onnx, int threads) throws OrtException {
        if (!Files.isRegularFile(onnx)) {
            System.err.println(onnx + ": no such ONNX file (tools/export_onnx.py writes it)");
            System.exit(2);
        }
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        o.setIntraOpNumThreads(threads);
        o.setInterOpNumThreads(1);
        o.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        return env.createSession(onnx.toString(), o);
    }

    /** The graph's inputs for one batch: x, ids_keep, ids_restore. */
    private static Map<String, OnnxTensor> inputs(OrtEnvironment env, Preset p, float[] x, int batch, Masking m) throws OrtException {
        long[] keep = Arrays.stream(m.idsKeep().data()).asLongStream().toArray();
        long[] restore = Arrays.stream(m.idsRestore().data()).asLongStream().toArray();
        return Map.of(
                "x", OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[]{batch, 9, p.height(), p.width()}),
                "ids_keep", OnnxTensor.createTensor(env, LongBuffer.wrap(keep), new long[]{batch, m.kept()}),
                "ids_restore", OnnxTensor.createTensor(env, LongBuffer.wrap(restore), new long[]{batch, m.tokens()}));
    }

    static void check(Preset p, Path onnx, Path weights, int batch) throws Exception {
        AedMae model = new AedMae(p, true, 1);
        Checkpoint.load(model, weights, true);
        model.eval();
        Rng rng = new Rng(3);
        float[] x = rng.uniformArray(batch * 9 * p.height() * p.width(), -1f, 1f);
        Masking m = model.randomMasking(batch, rng);
        float[] teacher, student, logit;
        try (var s = GradMode.disable(); MemoryArena arena = MemoryArena.open()) {
            ModelOutput out = model.forward(Tensor.of(x, batch, 9, p.height(), p.width()), m);
            teacher = out.teacher().contiguous().toArray();
            student = out.student().contiguous().toArray();
            logit = out.clsLogit().contiguous().toArray();
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = session(env, onnx, Parallel.threads())) {
            Map<String, OnnxTensor> in = inputs(env, p, x, batch, m);
            try (OrtSession.Result r = session.run(in)) {
                double dt = maxDiff(teacher, r.get("teacher").get()), ds = maxDiff(student, r.get("student").get()),
                        dl = maxDiff(logit, r.get("cls_logit").get());
                double scale = Math.max(maxAbs(teacher), maxAbs(student));
                System.out.printf("check %s batch %d: max |Java - ONNX Runtime| teacher %.2e, student %.2e, cls logit %.2e (outputs up to %.2f)%n",
                        p.name(), batch, dt, ds, dl, scale);
                if (!(Math.max(dt, ds) <= 1e-4 * Math.max(1, scale) && dl <= 1e-4)) {
                    System.out.println("check FAILED: the ONNX graph and the Java model disagree");
                    System.exit(1);
                }
            }
            in.values().forEach(OnnxTensor::close);
        }
    }

    private static double maxDiff(float[] java, ai.onnxruntime.OnnxValue v) {
        FloatBuffer fb = ((OnnxTensor) v).getFloatBuffer();
        if (fb.remaining() != java.length) throw new IllegalStateException("sizes differ: " + java.length + " vs " + fb.remaining());
        double m = 0;
        for (int i = 0; i < java.length; i++) m = Math.max(m, Math.abs(java[i] - fb.get(i)));
        return m;
    }

    private static double maxAbs(float[] a) {
        double m = 0;
        for (float v : a) m = Math.max(m, Math.abs(v));
        return m;
    }

    static void time(Preset p, Path onnx, int batch, int threads, int iters, int warmup) throws Exception {
        Rng rng = new Rng(2);
        float[] x = rng.uniformArray(batch * 9 * p.height() * p.width(), -1f, 1f);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        double[] times = new double[iters];
        try (OrtSession session = session(env, onnx, threads)) {
            for (int i = -warmup; i < iters; i++) {
                long t0 = System.nanoTime();
                Masking m = Masking.random(batch, p.tokens(), p.keptTokens(), rng);
                Map<String, OnnxTensor> in = inputs(env, p, x, batch, m);
                try (OrtSession.Result r = session.run(in)) {
                    ((OnnxTensor) r.get(0)).getFloatBuffer().get(0);
                }
                in.values().forEach(OnnxTensor::close);
                if (i >= 0) times[i] = (System.nanoTime() - t0) / 1e9;
            }
        }
        double[] sorted = times.clone();
        Arrays.sort(sorted);
        double median = sorted[iters / 2];
        System.out.printf("onnxruntime %s: preset %s, inference, batch %d, %d threads%n", OrtEnvironment.getEnvironment().getVersion(), p.name(), batch, threads);
        System.out.printf("  times (s): %s%n", Arrays.toString(Arrays.stream(times).map(t -> Math.round(t * 1000) / 1000.0).toArray()));
        System.out.printf("  median %.3f s/batch  ->  %.1f frames/s%n", median, batch / median);
    }
}
