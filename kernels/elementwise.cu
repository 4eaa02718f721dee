// Elementwise kernels (twin of aedmae.tensor.cpu.Elementwise): unary functions, their
// derivatives, and broadcasting binary arithmetic. Op codes are the constants below; the Java
// side maps its enums to them explicitly (aedmae.tensor.cuda.Elementwise), never by ordinal.
#include "common.cuh"

// UnaryOp codes
#define U_NEG 0
#define U_AFFINE 1
#define U_EXP 2
#define U_LOG 3
#define U_SQRT 4
#define U_ABS 5
#define U_POW 6
#define U_CLAMP 7
#define U_SIGMOID 8
#define U_TANH 9
#define U_GELU 10
#define U_RELU 11
#define U_RECIPROCAL 12
#define U_SQUARE 13

// BinaryOp codes
#define B_ADD 0
#define B_SUB 1
#define B_MUL 2
#define B_DIV 3
#define B_MAX 4
#define B_MIN 5
#define B_EQ 6
#define B_GT 7
#define B_LT 8

/** x^p with the CPU twin's special cases (exact for squares and square roots). */
__device__ __forceinline__ float pow_j(float x, float p) {
    if (p == 2.f) return x * x;
    if (p == 1.f) return x;
    if (p == 0.5f) return sqrtf(x);
    return powf(x, p);
}

__device__ __forceinline__ float sigmoid_f(float x) {
    // split by sign so exp never overflows
    if (x >= 0.f) return 1.f / (1.f + expf(-x));
    float z = expf(x);
    return z / (1.f + z);
}

__device__ __forceinline__ float unary_f(int op, float x, float p0, float p1) {
    switch (op) {
        case U_NEG: return -x;
        case U_AFFINE: return fmaf(x, p0, p1);
        case U_EXP: return expf(x);
        case U_LOG: return logf(x);
        case U_SQRT: return sqrtf(x);
        case U_ABS: return fabsf(x);
        case U_POW: return pow_j(x, p0);
        case U_CLAMP: return jmin(jmax(x, p0), p1);
        case U_SIGMOID: return sigmoid_f(x);
        case U_TANH: return tanhf(x);
        case U_GELU: return gelu_f(x);
        case U_RELU: return jmax(x, 0.f);
        case U_RECIPROCAL: return 1.f / x;
        case U_SQUARE: return x * x;
    }
    return __int_as_float(0x7fc00000); // unknown op: NaN, caught by the parity tests
}

/** f'(x) from x and y = f(x), as documented per UnaryOp. */
__device__ __forceinline__ float unary_grad(int op, float x, float y, float p0, float p1) {
    switch (op) {
        case U_NEG: return -1.f;
        case U_AFFINE: return p0;
        case U_EXP: return y;
        case U_LOG: return 1.f / x;
        case U_SQRT: return 0.5f / y;
        case U_ABS: return x > 0.f ? 1.f : (x < 0.f ? -1.f : x); // signum: 0 at 0, NaN at NaN
        case U_POW: return p0 * pow_j(x, p0 - 1.f);
        case U_CLAMP: return (x >= p0 && x <= p1) ? 1.f : 0.f;
        case U_SIGMOID: return y * (1.f - y);
        case U_TANH: return 1.f - y * y;
        case U_GELU: return gelu_grad_f(x);
        case U_RELU: return x > 0.f ? 1.f : 0.f;
        case U_RECIPROCAL: return -y * y;
        case U_SQUARE: return 2.f * x;
    }
    return __int_as_float(0x7fc00000);
}

__device__ __forceinline__ float binary_f(int op, float a, float b) {
    switch (op) {
        case B_ADD: return a + b;
        case B_SUB: return a - b;
        case B_MUL: return a * b;
        case B_DIV: return a / b;
        case B_MAX: return jmax(a, b);
        case B_MIN: return jmin(a, b);
        case B_EQ: return a == b ? 1.f : 0.f;
        case B_GT: return a > b ? 1.f : 0.f;
        case B_LT: return a < b ? 1.f : 0.f;
    }
    return __int_as_float(0x7fc00000);
}

/**
 * unary: y[i] = f(x[i]; p0, p1) for n contiguous elements; float4 when both are 16-byte
 * aligned. Reads x; overwrites y (y may alias x: each element is read before it is written,
 * by the same thread).
 */
extern "C" __global__ void unary(int op, float p0, float p1, long long n, const float* x, float* y) {
    if (aligned16(x) && aligned16(y)) {
        long long n4 = n >> 2;
        for (long long i = global_thread(); i < n4; i += grid_threads()) {
            float4 v = reinterpret_cast<const float4*>(x)[i];
            v.x = unary_f(op, v.x, p0, p1);
            v.y = unary_f(op, v.y, p0, p1);
            v.z = unary_f(op, v.z, p0, p1);
            v.w = unary_f(op, v.w, p0, p1);
            reinterpret_cast<float4*>(y)[i] = v;
        }
        for (long long i = (n4 << 2) + global_thread(); i < n; i += grid_threads()) y[i] = unary_f(op, x[i], p0, p1);
    } else {
        for (long long i = global_thread(); i < n; i += grid_threads()) y[i] = unary_f(op, x[i], p0, p1);
    }
}

/**
 * unary_backward: dx[i] = dy[i] * f'(x[i]) with f' from x and y. x or y may be null when the
 * op's derivative does not read it (the host passes whatever it has). Reads x, y, dy;
 * overwrites dx.
 */
extern "C" __global__ void unary_backward(int op, float p0, float p1, long long n, const float* x,
                                          const float* y, const float* dy, float* dx) {
    for (long long i = global_thread(); i < n; i += grid_threads()) {
        float xv = x ? x[i] : 0.f, yv = y ? y[i] : 0.f;
        dx[i] = dy[i] * unary_grad(op, xv, yv, p0, p1);
    }
}

/**
 * binary_strided: out[f] = a[f.aStrides] op b[f.bStrides] for every flat index f of the merged
 * shape; out contiguous. layout.stride[0] = a, [1] = b. Broadcasting is a stride of 0.
 * Reads a, b; overwrites out (may alias a when a is contiguous).
 */
extern "C" __global__ void binary_strided(int op, StridedLayout layout, long long n, const float* a,
                                          const float* b, float* out) {
    for (long long f = global_thread(); f < n; f += grid_threads()) {
        long long off[2];
        strided_offsets<2>(layout, (int)f, off);
        out[f] = binary_f(op, a[off[0]], b[off[1]]);
    }
}

/**
 * binary_contiguous: out[i] = a[i] op b[i] (sb = 1) or a[i] op b[0] (sb = 0, a scalar b),
 * float4 over aligned pointers. Reads a, b; overwrites out (may alias a or b).
 */
extern "C" __global__ void binary_contiguous(int op, long long n, const float* a, const float* b,
                                             int sb, float* out) {
    if (aligned16(a) && aligned16(out) && (sb == 0 || aligned16(b))) {
        long long n4 = n >> 2;
        float bs = sb == 0 ? b[0] : 0.f;
        for (long long i = global_thread(); i < n4; i += grid_threads()) {
            float4 va = reinterpret_cast<const float4*>(a)[i];
            float4 vb = sb == 0 ? make_float4(bs, bs, bs, bs) : reinterpret_cast<const float4*>(b)[i];
            float4 r;
            r.x = binary_f(op, va.x, vb.x);
            r.y = binary_f(op, va.y, vb.y);
            r.z = binary_f(op, va.z, vb.z);
            r.w = binary_f(op, va.w, vb.w);
            reinterpret_cast<float4*>(out)[i] = r;
        }
        for (long long i = (n4 << 2) + global_thread(); i < n; i += grid_threads())
            out[i] = binary_f(op, a[i], b[sb ? i : 0]);
    } else {
        for (long long i = global_thread(); i < n; i += grid_threads()) out[i] = binary_f(op, a[i], b[sb ? i : 0]);
    }
}
