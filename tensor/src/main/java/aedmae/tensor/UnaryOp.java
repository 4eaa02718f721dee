package aedmae.tensor;

/**
 * Elementwise unary kernels, y = f(x; p0, p1). Each constant documents its derivative, which
 * {@link Backend#unaryBackward} computes from x, y and dy.
 */
public enum UnaryOp {
    /** y = -x; dy/dx = -1. */
    NEG,
    /** y = x*p0 + p1 (scalar multiply and add); dy/dx = p0. */
    AFFINE,
    /** y = e^x; dy/dx = y. */
    EXP,
    /** y = ln x; dy/dx = 1/x. */
    LOG,
    /** y = sqrt x; dy/dx = 1/(2y). */
    SQRT,
    /** y = |x|; dy/dx = sign(x) (0 at 0, as PyTorch). */
    ABS,
    /** y = x^p0; dy/dx = p0*x^(p0-1). */
    POW,
    /** y = min(max(x, p0), p1); dy/dx = 1 inside [p0, p1], else 0. */
    CLAMP,
    /** y = 1/(1+e^-x); dy/dx = y(1-y). */
    SIGMOID,
    /** y = tanh x; dy/dx = 1-y^2. */
    TANH,
    /** y = x*Phi(x), Phi the normal CDF (erf form, as PyTorch's default GELU); dy/dx = Phi(x) + x*phi(x). */
    GELU,
    /** y = max(x, 0); dy/dx = [x > 0]. */
    RELU,
    /** y = 1/x; dy/dx = -y^2. */
    RECIPROCAL,
    /** y = x^2; dy/dx = 2x. */
    SQUARE
}
