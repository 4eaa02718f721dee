package aedmae.tensor.cuda;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static aedmae.tensor.cuda.Precision.FP32;

/** softmax, LayerNorm and BatchNorm, forward and backward, against their CPU twins (GPU only). */
class NormParityTest {
    @BeforeAll
    static void gpu() {
        Gpu.assume();
    }

    @Test
    void softmaxForwardAndBackward() {
        Gpu t = new Gpu();
        t.eachVariant(Op.SOFTMAX, v -> {
            for (int cols : new int[]{1, 5, 128, 300, 801, 1500, 3000}) {
                int rows = 37;
                float[] x = t.randn(rows * cols + 2);
                for (int i = 0; i < x.length; i += 7) x[i] *= 10;
                x[2 + cols + 1] = Float.NEGATIVE_INFINITY; // a masked entry in row 1
                Gpu.Pair px = t.both(x), y = t.poisoned(rows * cols + 1);
                t.cpu.softmax(px.cpu(), 2, y.cpu(), 1, rows, cols);
                t.gpu.softmax(px.gpu(), 2, y.gpu(), 1, rows, cols);
                t.ran();
                t.assertClose(v.name() + " cols=" + cols, y, FP32);
                // in place
                Gpu.Pair inPlace = t.both(x);
                t.cpu.softmax(inPlace.cpu(), 0, inPlace.cpu(), 0, rows, cols);
                t.gpu.softmax(inPlace.gpu(), 0, inPlace.gpu(), 0, rows, cols);
                t.ran();
                t.assertClose(v.name() + " in place cols=" + cols, inPlace, FP32);
                Gpu.Pair dy = t.randnPair(rows * cols), dx = t.poisoned(rows * cols);
                t.cpu.softmaxBackward(y.cpu(), 1, dy.cpu(), 0, dx.cpu(), 0, rows, cols);
                t.gpu.softmaxBackward(y.gpu(), 1, dy.gpu(), 0, dx.gpu(), 0, rows, cols);
                t.assertClose("softmax backward cols=" + cols, dx, FP32);
            }
        });
    }

    @Test
    void layerNormForwardAndBackward() {
        Gpu t = new Gpu();
        t.eachVariant(Op.LAYER_NORM, v -> {
            for (int cols : new int[]{16, 128, 256, 1000, 1500, 2500}) {
                for (int affine = 0; affine < 3; affine++) {
                    int rows = 45;
                    float[] xs = t.randn(rows * cols + 3);
                    for (int i = 0; i < xs.length; i++) xs[i] = xs[i] * 2 + 0.7f; // an offset the mean must remove
                    Gpu.Pair x = t.both(xs);
                    Gpu.Pair w = affine > 0 ? t.randnPair(cols) : null, b = affine > 1 ? t.randnPair(cols) : null;
                    Gpu.Pair y = t.poisoned(rows * cols), mean = t.poisoned(rows), rstd = t.poisoned(rows);
                    t.cpu.layerNorm(x.cpu(), 3, w == null ? null : w.cpu(), b == null ? null : b.cpu(), 1e-6f, rows, cols, y.cpu(), 0, mean.cpu(), rstd.cpu());
                    t.gpu.layerNorm(x.gpu(), 3, w == null ? null : w.gpu(), b == null ? null : b.gpu(), 1e-6f, rows, cols, y.gpu(), 0, mean.gpu(), rstd.gpu());
                    t.ran();
                    String what = v.name() + " cols=" + cols + " affine=" + affine;
                    t.assertClose(what + " y", y, FP32);
                    t.assertClose(what + " mean", mean, FP32);
                    t.assertClose(what + " rstd", rstd, FP32);
                    Gpu.Pair dy = t.randnPair(rows * cols), dx = t.poisoned(rows * cols + 1);
                    Gpu.Pair dw = affine > 0 ? t.poisoned(cols) : null, db = affine > 1 ? t.poisoned(cols) : null;
                    t.cpu.layerNormBackward(x.cpu(), 3, w == null ? null : w.cpu(), mean.cpu(), rstd.cpu(), dy.cpu(), 0, rows, cols,
                            dx.cpu(), 1, dw == null ? null : dw.cpu(), db == null ? null : db.cpu());
                    t.gpu.layerNormBackward(x.gpu(), 3, w == null ? null : w.gpu(), mean.gpu(), rstd.gpu(), dy.gpu(), 0, rows, cols,
                            dx.gpu(), 1, dw == null ? null : dw.gpu(), db == null ? null : db.gpu());
                    t.assertClose(what + " dx", dx, FP32);
                    if (dw != null) t.assertClose(what + " dw", dw, FP32);
                    if (db != null) t.assertClose(what + " db", db, FP32);
                }
            }
        });
    }

    @Test
    void batchNormStatsForwardBackward() {
        Gpu t = new Gpu();
        // {outer, C, inner}: NCHW planes, channels-last rows (the CvT projections), tiny
        int[][] shapes = {{4, 8, 50}, {500, 40, 1}, {3, 256, 1}, {2, 3, 1000}, {1, 1, 1}};
        for (int[] s : shapes) {
            int outer = s[0], c = s[1], inner = s[2], n = outer * c * inner;
            float[] xs = t.randn(n + 2);
            for (int i = 0; i < xs.length; i++) xs[i] = xs[i] * 3 + 5; // mean far from 0: the two-pass variance matters
            Gpu.Pair x = t.both(xs);
            Gpu.Pair mean = t.poisoned(c), var = t.poisoned(c);
            t.cpu.batchNormStats(x.cpu(), 2, outer, c, inner, mean.cpu(), var.cpu());
            t.gpu.batchNormStats(x.gpu(), 2, outer, c, inner, mean.gpu(), var.gpu());
            String what = "batchnorm " + java.util.Arrays.toString(s);
            t.assertClose(what + " mean", mean, FP32);
            t.assertClose(what + " var", var, FP32);
            Gpu.Pair w = t.randnPair(c), b = t.randnPair(c), y = t.poisoned(n);
            t.cpu.batchNorm(x.cpu(), 2, mean.cpu(), var.cpu(), w.cpu(), b.cpu(), 1e-5f, outer, c, inner, y.cpu(), 0);
            t.gpu.batchNorm(x.gpu(), 2, mean.gpu(), var.gpu(), w.gpu(), b.gpu(), 1e-5f, outer, c, inner, y.gpu(), 0);
            t.assertClose(what + " y", y, FP32);
            for (boolean batchStats : new boolean[]{true, false}) {
                Gpu.Pair dy = t.randnPair(n), dx = t.poisoned(n), dw = t.poisoned(c), db = t.poisoned(c);
                t.cpu.batchNormBackward(x.cpu(), 2, mean.cpu(), var.cpu(), w.cpu(), 1e-5f, batchStats, outer, c, inner, dy.cpu(), 0, dx.cpu(), 0, dw.cpu(), db.cpu());
                t.gpu.batchNormBackward(x.gpu(), 2, mean.gpu(), var.gpu(), w.gpu(), 1e-5f, batchStats, outer, c, inner, dy.gpu(), 0, dx.gpu(), 0, dw.gpu(), db.gpu());
                t.assertClose(what + " dx batchStats=" + batchStats, dx, FP32);
                t.assertClose(what + " dw", dw, FP32);
                t.assertClose(what + " db", db, FP32);
            }
            // dx and the affine gradients are optional
            Gpu.Pair dy = t.randnPair(n), dw = t.poisoned(c);
            t.cpu.batchNormBackward(x.cpu(), 2, mean.cpu(), var.cpu(), null, 1e-5f, true, outer, c, inner, dy.cpu(), 0, null, 0, dw.cpu(), null);
            t.gpu.batchNormBackward(x.gpu(), 2, mean.gpu(), var.gpu(), null, 1e-5f, true, outer, c, inner, dy.gpu(), 0, null, 0, dw.gpu(), null);
            t.assertClose(what + " dw only", dw, FP32);
        }
    }
}
