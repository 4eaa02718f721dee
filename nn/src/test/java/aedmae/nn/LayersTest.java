package aedmae.nn;

import aedmae.tensor.GradCheck;
import aedmae.tensor.Rng;
import aedmae.tensor.Tensor;
import aedmae.tensor.autograd.GradMode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LayersTest {
    private final Rng rng = new Rng(1);

    @Test
    void cvtBlockNamesAndParameterCount() {
        CvtBlock blk = new CvtBlock(256, 4, 2, 0.1f, () -> rng, rng);
        // the avenue encoder block: see docs/model-spec.md (3 blocks = 1,606,656 parameters)
        assertEquals(535_552, blk.parameterCount());
        List<String> names = List.copyOf(blk.namedState().keySet());
        for (String n : List.of("norm1.weight", "attn.conv_proj_q.conv.weight", "attn.conv_proj_q.bn.running_mean",
                "attn.conv_proj_v.bn.num_batches_tracked", "attn.proj_q.weight", "attn.proj.bias", "mlp.net.0.weight",
                "mlp.net.3.weight", "norm2.bias")) {
            assertTrue(names.contains(n), "missing " + n + " in " + names);
        }
        assertFalse(names.contains("mlp.net.1.weight"));
    }

    @Test
    void gradientThroughAWholeBlock() {
        // dropout 0 so the block is deterministic; BatchNorm in training mode (batch statistics)
        CvtBlock blk = new CvtBlock(8, 2, 2, 0f, () -> rng, rng);
        Tensor x = rng.uniform(-1, 1, 2, 1 + 2 * 3, 8).requiresGrad(true);
        GradCheck.check("cvt block input", t -> blk.forward(t[0], 2, 3), x);
        // and with respect to a few parameters of different kinds
        Tensor wq = blk.attn.projQ.weight.get(), dw = blk.attn.convProjK.conv.weight.get(), bnw = blk.attn.convProjV.bn.weight.get();
        Tensor mlp = blk.mlp.net.namedParameters().get("0.weight").get(), ln = blk.norm2.weight.get();
        GradCheck.check("cvt block parameters", t -> blk.forward(x.detach(), 2, 3), 1e-2, 3e-3, 3e-2, wq, dw, bnw, mlp, ln);
    }

    @Test
    void trainAndEvalDifferForBatchNormAndDropout() {
        CvtBlock blk = new CvtBlock(8, 2, 2, 0.5f, () -> rng, rng);
        Tensor x = rng.uniform(-1, 1, 3, 1 + 4, 8);
        Tensor runningBefore = blk.attn.convProjQ.bn.runningMean.get().copy();
        Tensor train1, train2, eval1, eval2;
        try (var s = GradMode.disable()) {
            blk.train(true);
            train1 = blk.forward(x, 2, 2);
            train2 = blk.forward(x, 2, 2);
            blk.eval();
            eval1 = blk.forward(x, 2, 2);
            eval2 = blk.forward(x, 2, 2);
        }
        GradCheck.assertClose(eval1, eval2, 0, 0, "eval is deterministic");
        assertNotEquals(0.0, maxDiff(train1, train2), "dropout draws new masks in training");
        assertNotEquals(0.0, maxDiff(train1, eval1), "train and eval differ");
        assertNotEquals(0.0, maxDiff(runningBefore, blk.attn.convProjQ.bn.runningMean.get()), "training updates running statistics");
        assertEquals(2f, blk.attn.convProjQ.bn.numBatchesTracked.get().item());
    }

    @Test
    void batchNormModuleMatchesFunctionalAndFreezingStopsGradients() {
        BatchNorm2d bn = new BatchNorm2d(3);
        Tensor x = rng.uniform(-1, 1, 2, 3, 4, 4);
        Tensor y = bn.forward(x);
        Tensor ref = x.sub(x.mean(new int[]{0, 2, 3}, true)).div(x.var(new int[]{0, 2, 3}, false, true).add(1e-5f).sqrt());
        GradCheck.assertClose(ref, y, 1e-5, 1e-4, "batch norm module");
        bn.setTrainable(false);
        assertTrue(bn.trainableParameters().isEmpty());
        assertFalse(bn.forward(x).requiresGrad(), "a frozen module records no graph");
    }

    @Test
    void tokenRowMlpEqualsTheGridConvolution() {
        ConvMlp mlp = new ConvMlp(8, 16, 0f, () -> rng, rng);
        Tensor x = rng.uniform(-1, 1, 2, 1 + 3 * 4, 8).requiresGrad(true);
        GradCheck.assertClose(mlp.forwardAsConvolution(x, 3, 4), mlp.forward(x, 3, 4), 1e-5, 1e-5, "MLP as rows vs as 1x1 convolutions");
        GradCheck.check("conv mlp", t -> mlp.forward(t[0], 3, 4), x);
    }

    @Test
    void sequentialNamesChildrenByPosition() {
        Sequential s = new Sequential(new Linear(3, 4, true, rng), new Gelu(), new Linear(4, 2, false, rng));
        assertArrayEquals(new String[]{"0.weight", "0.bias", "2.weight"}, s.namedParameters().keySet().toArray(new String[0]));
        assertArrayEquals(new int[]{5, 2}, s.forward(Tensor.zeros(5, 3)).shape());
    }

    private static double maxDiff(Tensor a, Tensor b) {
        float[] x = a.toArray(), y = b.toArray();
        double m = 0;
        for (int i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
        return m;
    }
}
