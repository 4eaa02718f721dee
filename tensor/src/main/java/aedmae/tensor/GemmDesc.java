package aedmae.tensor;

/**
 * One batched matrix product, C[b] = alpha * op(A[b]) * op(B[b]) + beta * C[b], as the GEMM
 * kernels take it.
 *
 * <p>Matrices are row-major views: element (i, j) of a matrix with leading dimension ld is at
 * {@code off + i*ld + j}; op(X) is X or its transpose. The batch index b runs over up to two
 * dimensions (batch1 x batch2, batch2 fastest) with their own strides per operand, so
 * attention's [batch, head] views need no copy. A stride of 0 broadcasts an operand.
 *
 * <p>Shapes: op(A) is M x K, op(B) is K x N, C is M x N. C is modified; A and B are not.
 */
public record GemmDesc(
        int batch1, int batch2,
        int m, int n, int k,
        float alpha, float beta,
        Storage a, int aOff, int lda, boolean transA, int aStride1, int aStride2,
        Storage b, int bOff, int ldb, boolean transB, int bStride1, int bStride2,
        Storage c, int cOff, int ldc, int cStride1, int cStride2) {

    /** A single (non-batched) product. */
    public static GemmDesc single(int m, int n, int k, float alpha, float beta,
                                  Storage a, int aOff, int lda, boolean transA,
                                  Storage b, int bOff, int ldb, boolean transB,
                                  Storage c, int cOff, int ldc) {
        return new GemmDesc(1, 1, m, n, k, alpha, beta,
                a, aOff, lda, transA, 0, 0, b, bOff, ldb, transB, 0, 0, c, cOff, ldc, 0, 0);
    }

    public int batch() {
        return batch1 * batch2;
    }

    /** Floating-point operations of the whole product (2*M*N*K per batch element). */
    public double flops() {
        return 2.0 * batch() * m * n * k;
    }
}
