package aedmae.tensor.cuda;

import aedmae.tensor.BinaryOp;
import aedmae.tensor.ReduceOp;
import aedmae.tensor.Shape;
import aedmae.tensor.UnaryOp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static aedmae.tensor.cuda.Precision.FP32;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** copy, fill, unary, binary, reductions, argmax and AdamW against their CPU twins (GPU only). */
class ElementwiseParityTest {
    @BeforeAll
    static void gpu() {
        Gpu.assume();
    }

    @Test
    void fillAndCopy() {
        Gpu t = new Gpu();
        Gpu.Pair s = t.poisoned(1000);
        t.cpu.fill(s.cpu(), 3, 990, 2.5f);
        t.gpu.fill(s.gpu(), 3, 990, 2.5f);
        t.cpu.fill(s.cpu(), 0, 3, -1f);
        t.gpu.fill(s.gpu(), 0, 3, -1f);
        t.cpu.fill(s.cpu(), 993, 7, 0f);
        t.gpu.fill(s.gpu(), 993, 7, 0f);
        t.assertClose("fill", s, FP32);

        t.eachVariant(Op.COPY, v -> {
            // contiguous, transposed, permuted 3-D, sliced with offsets, broadcast source
            int[][][] cases = {
                    {{6, 7}, {7, 1}, {7, 1}},
                    {{6, 7}, {1, 6}, {7, 1}},
                    {{3, 4, 5}, {1, 3, 12}, {20, 5, 1}},
                    {{4, 5}, {9, 1}, {5, 1}},
                    {{8, 9}, {0, 1}, {9, 1}},
                    {{}, {}, {}},
            };
            for (int[][] c : cases) {
                for (boolean acc : new boolean[]{false, true}) {
                    int[] shape = c[0];
                    Gpu.Pair src = t.randnPair(200);
                    Gpu.Pair dst = acc ? t.randnPair(200) : t.poisoned(200);
                    t.cpu.copy(shape, src.cpu(), 2, c[1], dst.cpu(), 1, c[2], acc);
                    t.gpu.copy(shape, src.gpu(), 2, c[1], dst.gpu(), 1, c[2], acc);
                    t.ran();
                    // elements outside the destination view stay NaN on both sides
                    t.assertClose(v.name() + " " + java.util.Arrays.deepToString(c) + " acc=" + acc, dst, FP32);
                }
            }
        });
    }

    private static float[] domain(Gpu t, UnaryOp op, int n) {
        return switch (op) {
            case LOG, SQRT, POW, RECIPROCAL -> t.uniform(n, 0.1, 4.0);
            default -> {
                float[] a = t.randn(n);
                for (int i = 0; i < n; i++) a[i] *= 3;
                yield a;
            }
        };
    }

    @Test
    void unaryAndItsDerivative() {
        Gpu t = new Gpu();
        for (UnaryOp op : UnaryOp.values()) {
            float p0 = op == UnaryOp.POW ? 1.7f : op == UnaryOp.CLAMP ? -0.5f : 0.75f;
            float p1 = op == UnaryOp.CLAMP ? 1.25f : -0.25f;
            for (int n : new int[]{1, 7, 1000, 4099}) {
                for (int off : new int[]{0, 3}) {
                    Gpu.Pair x = t.both(domain(t, op, n + off));
                    Gpu.Pair y = t.poisoned(n + off);
                    t.cpu.unary(op, p0, p1, x.cpu(), off, y.cpu(), off, n);
                    t.gpu.unary(op, p0, p1, x.gpu(), off, y.gpu(), off, n);
                    t.assertClose(op + " n=" + n + " off=" + off, y, FP32);
                    Gpu.Pair dy = t.randnPair(n + off);
                    Gpu.Pair dx = t.poisoned(n + off);
                    t.cpu.unaryBackward(op, p0, p1, x.cpu(), off, y.cpu(), off, dy.cpu(), off, dx.cpu(), off, n);
                    t.gpu.unaryBackward(op, p0, p1, x.gpu(), off, y.gpu(), off, dy.gpu(), off, dx.gpu(), off, n);
                    t.assertClose(op + " backward n=" + n + " off=" + off, dx, FP32);
                }
            }
            // in place: y aliases x
            Gpu.Pair x = t.both(domain(t, op, 513));
            t.cpu.unary(op, p0, p1, x.cpu(), 0, x.cpu(), 0, 513);
            t.gpu.unary(op, p0, p1, x.gpu(), 0, x.gpu(), 0, 513);
            t.assertClose(op + " in place", x, FP32);
        }
    }

    @Test
    void binaryWithBroadcasting() {
        Gpu t = new Gpu();
        t.eachVariant(Op.BINARY, v -> {
            for (BinaryOp op : BinaryOp.values()) {
                // {shape, aStrides, bStrides}
                int[][][] cases = {
                        {{5, 300}, {300, 1}, {300, 1}},
                        {{5, 300}, {300, 1}, {0, 1}},
                        {{5, 300}, {300, 1}, {1, 0}},
                        {{5, 300}, {300, 1}, {0, 0}},
                        {{4, 3, 5}, {1, 4, 12}, {15, 5, 1}},
                        {{}, {}, {}},
                };
                for (int[][] c : cases) {
                    int n = Shape.numel(c[0]);
                    float[] a = t.randn(1600), b = t.randn(1600);
                    if (op == BinaryOp.EQ) System.arraycopy(a, 0, b, 0, 800); // some equal pairs
                    if (op == BinaryOp.DIV) for (int i = 0; i < b.length; i++) b[i] = b[i] < 0 ? b[i] - 0.5f : b[i] + 0.5f;
                    Gpu.Pair pa = t.both(a), pb = t.both(b), out = t.poisoned(n + 2);
                    t.cpu.binary(op, c[0], pa.cpu(), 1, c[1], pb.cpu(), 2, c[2], out.cpu(), 2);
                    t.gpu.binary(op, c[0], pa.gpu(), 1, c[1], pb.gpu(), 2, c[2], out.gpu(), 2);
                    t.ran();
                    t.assertClose(v.name() + " " + op + " " + java.util.Arrays.deepToString(c), out, FP32);
                }
            }
        });
    }

    @Test
    void reductionsAndArgmax() {
        Gpu t = new Gpu();
        t.eachVariant(Op.REDUCE, v -> {
            for (ReduceOp op : ReduceOp.values()) {
                int[][] shapes = {{1, 1, 1}, {7, 1000, 1}, {3, 37, 1}, {4, 50, 33}, {2, 3000, 5}, {1, 20000, 1}};
                for (int[] s : shapes) {
                    int total = s[0] * s[1] * s[2];
                    Gpu.Pair x = t.randnPair(total + 3);
                    Gpu.Pair out = t.poisoned(s[0] * s[2] + 1);
                    t.cpu.reduce(op, x.cpu(), 3, s[0], s[1], s[2], out.cpu(), 1);
                    t.gpu.reduce(op, x.gpu(), 3, s[0], s[1], s[2], out.gpu(), 1);
                    t.ran();
                    t.assertClose(v.name() + " " + op + " " + java.util.Arrays.toString(s), out, FP32);
                }
            }
        });
        float[] data = t.randn(6 * 40 * 7);
        for (int i = 0; i < 6; i++) data[i * 40 * 7 + 5 * 7] = data[i * 40 * 7 + 9 * 7] = 100f; // ties: first wins
        Gpu.Pair x = t.both(data);
        assertArrayEquals(t.cpu.argmax(x.cpu(), 0, 6, 40, 7), t.gpu.argmax(x.gpu(), 0, 6, 40, 7), "argmax, seed " + t.seed);
        assertArrayEquals(t.cpu.argmax(x.cpu(), 5, 3, 555, 1), t.gpu.argmax(x.gpu(), 5, 3, 555, 1), "argmax rows, seed " + t.seed);
    }

    @Test
    void adamwStep() {
        Gpu t = new Gpu();
        int n = 10007;
        Gpu.Pair p = t.randnPair(n + 4), g = t.randnPair(n + 2), m = t.randnPair(n), v = t.both(t.uniform(n, 0, 2));
        float lr = 1e-3f, b1 = 0.9f, b2 = 0.95f, eps = 1e-8f, wd = 0.05f;
        int step = 7;
        float bc1 = (float) (1 - Math.pow(b1, step)), bc2 = (float) (1 - Math.pow(b2, step));
        t.cpu.adamw(p.cpu(), 4, g.cpu(), 2, m.cpu(), v.cpu(), n, lr, b1, b2, eps, wd, bc1, bc2);
        t.gpu.adamw(p.gpu(), 4, g.gpu(), 2, m.gpu(), v.gpu(), n, lr, b1, b2, eps, wd, bc1, bc2);
        t.assertClose("adamw p", p, FP32);
        t.assertClose("adamw m", m, FP32);
        t.assertClose("adamw v", v, FP32);
    }
}
