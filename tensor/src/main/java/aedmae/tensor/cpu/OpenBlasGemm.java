package aedmae.tensor.cpu;

import aedmae.tensor.GemmDesc;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * The same GEMM contract as {@link Gemm} (C = alpha * op(A) * op(B) + beta * C, batched as
 * {@link GemmDesc} describes), computed by OpenBLAS's {@code cblas_sgemm} through Bytedeco's
 * presets. An option, off by default: OpenBLAS sums in another order than {@link Gemm}, so the
 * results differ in the last bits, and the default path keeps its bits. Select it with
 * {@code -Daedmae.gemm=openblas} or {@link Gemm#setEngine}; {@link Gemm} is its twin and the
 * parity test compares the two.
 *
 * <p>The operands live in Java arrays and OpenBLAS needs native memory, so each product copies the
 * parts of A, B (and C when beta != 0) it reads into per-thread native buffers and copies C back.
 * OpenBLAS runs its own threads: as many as {@link Parallel#threads()}.
 */
final class OpenBlasGemm {
    private static final ThreadLocal<FloatPointer[]> BUFFERS = ThreadLocal.withInitial(() -> new FloatPointer[3]);
    private static int threadsSet;

    private OpenBlasGemm() {}

    /** Loads the native library (once); throws with the loader's reason when it cannot. */
    static synchronized void load() {
        int t = Parallel.threads();
        if (threadsSet != t) {
            org.bytedeco.openblas.presets.openblas_nolapack.blas_set_num_threads(t);
            threadsSet = t;
        }
    }

    /** Whether OpenBLAS takes g; when not (no depth, or a leading dimension BLAS rejects), {@link Gemm} does. */
    static boolean accepts(GemmDesc g) {
        return g.k() > 0 && g.m() > 0 && g.n() > 0
                && g.lda() >= (g.transA() ? g.m() : g.k()) && g.ldb() >= (g.transB() ? g.k() : g.n()) && g.ldc() >= g.n();
    }

    static void gemm(GemmDesc g) {
        load();
        float[] a = ((CpuStorage) g.a()).data, b = ((CpuStorage) g.b()).data, c = ((CpuStorage) g.c()).data;
        int m = g.m(), n = g.n(), k = g.k();
        // extents (in floats) of one batch element's A, B and C, as stored (row-major)
        long aLen = g.transA() ? (long) (k - 1) * g.lda() + m : (long) (m - 1) * g.lda() + k;
        long bLen = g.transB() ? (long) (n - 1) * g.ldb() + k : (long) (k - 1) * g.ldb() + n;
        long cLen = (long) (m - 1) * g.ldc() + n;
        FloatPointer[] buf = BUFFERS.get();
        FloatPointer pa = buffer(buf, 0, aLen), pb = buffer(buf, 1, bLen), pc = buffer(buf, 2, cLen);
        for (int i = 0; i < g.batch(); i++) {
            int b1 = i / g.batch2(), b2 = i % g.batch2();
            int aOff = g.aOff() + b1 * g.aStride1() + b2 * g.aStride2();
            int bOff = g.bOff() + b1 * g.bStride1() + b2 * g.bStride2();
            int cOff = g.cOff() + b1 * g.cStride1() + b2 * g.cStride2();
            pa.position(0).put(a, aOff, (int) aLen);
            pb.position(0).put(b, bOff, (int) bLen);
            if (g.beta() != 0f) pc.position(0).put(c, cOff, (int) cLen);
            openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor,
                    g.transA() ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                    g.transB() ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                    m, n, k, g.alpha(), pa.position(0), g.lda(), pb.position(0), g.ldb(), g.beta(), pc.position(0), g.ldc());
            if (g.ldc() == n) {
                pc.position(0).get(c, cOff, (int) cLen);
            } else { // rows only: the gaps between C's rows are not C's
                for (int r = 0; r < m; r++) pc.position((long) r * g.ldc()).get(c, cOff + r * g.ldc(), n);
            }
        }
    }

    private static FloatPointer buffer(FloatPointer[] buf, int slot, long n) {
        long want = Math.max(n, 1);
        if (buf[slot] == null || buf[slot].capacity() < want) {
            if (buf[slot] != null) buf[slot].close();
            buf[slot] = new FloatPointer(want);
        }
        return buf[slot];
    }
}
