package aedmae.tensor.cuda;

import aedmae.tensor.Backend;
import aedmae.tensor.Backends;
import aedmae.tensor.BinaryOp;
import aedmae.tensor.Storage;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Runs everywhere (CPU backend): conv then BN equals the folded conv plus bias. */
class BatchNormFoldingTest {
    @Test
    void foldedConvolutionMatchesConvolutionThenBatchNorm() {
        Random r = new Random(3);
        int n = 2, h = 5, w = 7, c = 6, size = n * h * w * c;
        float[] x = new float[size], wt = new float[9 * c], mean = new float[c], var = new float[c], gamma = new float[c], beta = new float[c];
        for (int i = 0; i < size; i++) x[i] = (float) r.nextGaussian();
        for (int i = 0; i < 9 * c; i++) wt[i] = (float) r.nextGaussian();
        for (int i = 0; i < c; i++) {
            mean[i] = (float) r.nextGaussian();
            var[i] = 0.1f + r.nextFloat();
            gamma[i] = (float) r.nextGaussian();
            beta[i] = (float) r.nextGaussian();
        }
        Backend cpu = Backends.cpu();
        Storage sx = cpu.upload(x, 0, size), y = cpu.allocate(size), ref = cpu.allocate(size);
        cpu.depthwiseConv3x3(sx, 0, cpu.upload(wt, 0, wt.length), 0, n, h, w, c, y, 0);
        cpu.batchNorm(y, 0, cpu.upload(mean, 0, c), cpu.upload(var, 0, c), cpu.upload(gamma, 0, c), cpu.upload(beta, 0, c), 1e-5f,
                n * h * w, c, 1, ref, 0);
        BatchNormFolding.Folded f = BatchNormFolding.fold(wt, mean, var, gamma, beta, 1e-5f);
        Storage got = cpu.allocate(size);
        cpu.depthwiseConv3x3(sx, 0, cpu.upload(f.weights(), 0, 9 * c), 0, n, h, w, c, got, 0);
        cpu.binary(BinaryOp.ADD, new int[]{n * h * w, c}, got, 0, new int[]{c, 1}, cpu.upload(f.bias(), 0, c), 0, new int[]{0, 1}, got, 0);
        float[] a = new float[size], b = new float[size];
        cpu.download(ref, 0, a, 0, size);
        cpu.download(got, 0, b, 0, size);
        for (int i = 0; i < size; i++) assertEquals(a[i], b[i], 1e-4 * (1 + Math.abs(a[i])), "element " + i);
    }

    @Test
    void shapesAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> BatchNormFolding.fold(new float[8], new float[1], new float[1], null, null, 1e-5f));
    }
}
