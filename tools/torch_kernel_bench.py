#!/usr/bin/env python3
"""The vendor-library side of the kernel benchmark: PyTorch (cuBLAS, cuDNN, its fused attention)
on the same shapes as aedmae.tensor.cuda.KernelBench, timed the same way (CUDA events, warm-up,
median), plus the two ceilings docs/kernel-method.md asks for (a large device-to-device copy, a large matrix
product). Run on the GPU machine by tools/gpu-run.sh; writes OUT/kernel-bench-torch.md.

    python3 tools/torch_kernel_bench.py --out DIR [--quick]
"""
import argparse
import datetime
import math
import os
import statistics
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=".")
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    try:
        import torch
        import torch.nn.functional as F
    except ImportError as e:
        print(f"torch bench: PyTorch not available ({e})")
        return 0
    if not torch.cuda.is_available():
        print("torch bench: no CUDA device")
        return 0
    dev = torch.device("cuda")
    reps = 5 if args.quick else 21
    rows = []

    def time_ms(fn):
        for _ in range(3):
            fn()
        torch.cuda.synchronize()
        ms = []
        for _ in range(reps):
            a, b = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
            a.record()
            fn()
            b.record()
            b.synchronize()
            ms.append(a.elapsed_time(b))
        return statistics.median(ms)

    def row(op, impl, shape, ms, rate):
        line = f"| {op} | {impl} | {shape} | {ms:.4f} | {rate} |"
        rows.append(line)
        print(line, flush=True)

    # ceilings
    nbytes = (256 << 20) if args.quick else (1 << 30)
    src = torch.randn(nbytes // 4, device=dev)
    dst = torch.empty_like(src)
    ms = time_ms(lambda: dst.copy_(src))
    row("ceiling", "device copy", f"{nbytes >> 20} MiB", ms, f"{2 * nbytes / ms / 1e6:.0f} GB/s")
    del src, dst
    n = 4096 if args.quick else 8192
    for name, dtype, tf32 in (("fp32", torch.float32, False), ("tf32", torch.float32, True), ("bf16", torch.bfloat16, False)):
        torch.backends.cuda.matmul.allow_tf32 = tf32
        a = torch.randn(n, n, device=dev, dtype=dtype)
        b = torch.randn(n, n, device=dev, dtype=dtype)
        ms = time_ms(lambda: a @ b.t())
        row("ceiling", f"cuBLAS {name}", f"{n}^3", ms, f"{2 * n ** 3 / ms / 1e9:.1f} TFLOP/s")
    torch.backends.cuda.matmul.allow_tf32 = True

    # the model's products (F.linear: x W^T), TF32 and BF16
    shapes = [(40100, 256, 256), (40100, 512, 256), (80100, 128, 128), (80100, 1024, 128), (40000, 256, 2304)]
    if args.quick:
        shapes = shapes[:2]
    for m, nn_, k in shapes:
        for dtype in (torch.float32, torch.bfloat16):
            x = torch.randn(m, k, device=dev, dtype=dtype)
            w = torch.randn(nn_, k, device=dev, dtype=dtype)
            ms = time_ms(lambda: F.linear(x, w))
            row("gemm", "cuBLAS " + ("tf32" if dtype == torch.float32 else "bf16"), f"{m}x{nn_}x{k} Bt", ms,
                f"{2 * m * nn_ * k / ms / 1e9:.1f} TFLOP/s")

    # attention with the reference's scale 1/sqrt(dim)
    batch = 10 if args.quick else 100
    for t, h, dh in ((401, 4, 64), (801, 4, 32)):
        d = h * dh
        for dtype in (torch.float32, torch.bfloat16):
            q, k, v = (torch.randn(batch, h, t, dh, device=dev, dtype=dtype) for _ in range(3))
            ms = time_ms(lambda: F.scaled_dot_product_attention(q, k, v, scale=1 / math.sqrt(d)))
            flops = 4 * batch * h * t * t * dh
            row("attention", f"SDPA {str(dtype).split('.')[-1]}", f"B={batch} T={t} H={h} dh={dh}", ms,
                f"{flops / ms / 1e9:.1f} TFLOP/s")

    rows_dec = 8010 if args.quick else 80100
    for r, c in ((rows_dec, 128), (rows_dec // 2, 256)):
        x = torch.randn(r, c, device=dev)
        ln = torch.nn.LayerNorm(c, eps=1e-6).to(dev)
        ms = time_ms(lambda: ln(x))
        row("layer_norm", "torch", f"{r}x{c}", ms, f"{8 * r * c / ms / 1e6:.0f} GB/s")
    x = torch.randn(rows_dec * 256, device=dev)
    ms = time_ms(lambda: F.gelu(x))
    row("unary", "torch gelu", f"{x.numel()}", ms, f"{8 * x.numel() / ms / 1e6:.0f} GB/s")
    srows = 3204 if args.quick else 32040
    s = torch.randn(srows, 801, device=dev)
    ms = time_ms(lambda: torch.softmax(s, dim=-1))
    row("softmax", "torch", f"{srows}x801", ms, f"{8 * s.numel() / ms / 1e6:.0f} GB/s")

    report = (f"# PyTorch reference on the kernel-benchmark shapes\n\n{datetime.date.today()}, "
              f"{torch.cuda.get_device_name()}, torch {torch.__version__}, CUDA {torch.version.cuda}\n\n"
              "| op | implementation | shape | median ms | achieved |\n|---|---|---|---|---|\n" + "\n".join(rows) + "\n")
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "kernel-bench-torch.md"), "w") as f:
        f.write(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
