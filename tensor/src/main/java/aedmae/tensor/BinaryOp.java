package aedmae.tensor;

/** Elementwise binary kernels with broadcasting, out = a (op) b. Comparisons give 1 or 0. */
public enum BinaryOp {
    ADD, SUB, MUL, DIV, MAX, MIN,
    /** 1 where a == b. */
    EQ,
    /** 1 where a > b. */
    GT,
    /** 1 where a < b. */
    LT
}
