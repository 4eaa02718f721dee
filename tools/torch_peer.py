#!/usr/bin/env python3
"""Times the PyTorch peer of AED-MAE with the same shapes, batch and threads as the Java runs.

  inference: eval mode, torch.inference_mode(), full forward (fresh random masking each call,
             teacher + student + classification head)
  train:     train mode, forward + stage-1 loss L1 (synthetic random gradient and anomaly maps)
             + backward + AdamW step

Reports the median time per iteration and frames/s (batch / median); on CUDA, iterations are timed
with CUDA events after warm-up. The last line printed is one JSON object with all numbers.
Works with torch 1.13 and 2.x; --compile needs torch 2.x.

  /usr/bin/python3 tools/torch_peer.py --preset avenue --batch 32 --threads 2 --device cpu --iters 3
  python3 tools/torch_peer.py --preset avenue --batch 100 --device cuda --train --iters 50 --warmup 10
"""
import argparse
import json
import os
import platform
import statistics
import sys
import time


def _pin_library_threads(argv):
    """Debian's torch calls the system BLAS (OpenBLAS when installed), whose thread pool is sized from
    the environment when the library loads: set it from --threads before torch is imported."""
    for i, a in enumerate(argv):
        value = a.split("=", 1)[1] if a.startswith("--threads=") else (
            argv[i + 1] if a == "--threads" and i + 1 < len(argv) else None)
        if value and value.isdigit():
            for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
                os.environ.setdefault(var, value)


_pin_library_threads(sys.argv[1:])

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from aedmae_torch.model import AedMae, SDPA_AVAILABLE, set_attention_impl  # noqa: E402
from aedmae_torch.presets import get_preset  # noqa: E402
from aedmae_torch import losses, optim  # noqa: E402


class LogitsForward(nn.Module):
    """forward(x) = model.forward_logits(x): one callable to hand to torch.compile."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, x):
        return self.model.forward_logits(x)


def cpu_name():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "cpu"


def blas_library():
    """The BLAS the process actually mapped (Debian's torch links the system libblas.so.3)."""
    try:
        with open("/proc/self/maps") as f:
            libs = {line.split()[-1] for line in f if "blas" in line.lower() and "/" in line}
        return ",".join(sorted(libs)) or None
    except OSError:
        return None


def synthetic_batch(p, batch, device, seed=0):
    """x [B,9,H,W] and target [B,4,H,W] in [-1, 1], gradient [B,3,H,W] in 0..255, anomaly maps with a
    box in the first quarter of the batch, labels [B]."""
    g = torch.Generator(device="cpu").manual_seed(seed)
    H, W = p.height, p.width
    x = (2 * torch.rand(batch, 9, H, W, generator=g) - 1)
    gradient = torch.floor(torch.rand(batch, 3, H, W, generator=g) * 256)
    anomaly = torch.zeros(batch, 1, H, W)
    n_abn = max(1, batch // 4)
    anomaly[:n_abn, :, H // 4: H // 2, W // 4: W // 2] = 1.0
    target = torch.cat([2 * torch.rand(batch, 3, H, W, generator=g) - 1, 2 * anomaly - 1], dim=1)
    label = (torch.arange(batch) < n_abn).float()
    return [t.to(device) for t in (x, target, gradient, anomaly, label)]


def main(argv=None):
    ap = argparse.ArgumentParser(description="Time the PyTorch AED-MAE peer (inference or one training step).")
    ap.add_argument("--preset", default="avenue")
    ap.add_argument("--presets", default=None, help="presets.json (default: the Java module's resource)")
    ap.add_argument("--batch", type=int, default=None, help="default: the preset's batch")
    ap.add_argument("--threads", type=int, default=None, help="torch.set_num_threads (default: torch's choice)")
    ap.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    ap.add_argument("--train", action="store_true", help="time a training step instead of inference")
    ap.add_argument("--iters", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--compile", action="store_true", help="torch.compile the model (torch 2.x)")
    ap.add_argument("--cuda-graph", action="store_true", help="inference as one captured torch.cuda graph, replayed (CUDA only)")
    ap.add_argument("--tf32", action="store_true", help="allow TF32 matmuls/convs on CUDA (default: off, FP32)")
    ap.add_argument("--attention", choices=["auto", "math", "sdpa"], default="auto",
                    help="auto: scaled_dot_product_attention where available (torch >= 2.1), else explicit math")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", action="store_true", help="print only the final JSON line")
    args = ap.parse_args(argv)

    try:
        p = get_preset(args.preset, args.presets)
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    batch = args.batch or p.batch
    if args.threads:
        torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    if args.device == "cuda":
        if not torch.cuda.is_available():
            print("error: --device cuda but torch.cuda.is_available() is false", file=sys.stderr)
            return 2
        torch.backends.cuda.matmul.allow_tf32 = args.tf32
        torch.backends.cudnn.allow_tf32 = args.tf32
        torch.backends.cudnn.benchmark = True
    torch.manual_seed(args.seed)
    log = (lambda *a: None) if args.json else (lambda *a: print(*a, flush=True))

    model = AedMae(p).to(device)
    attention = args.attention if args.attention != "auto" else ("sdpa" if SDPA_AVAILABLE else "math")
    try:
        set_attention_impl(model, attention)
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    fwd = LogitsForward(model)
    if args.compile:
        if not hasattr(torch, "compile"):
            print(f"error: --compile needs torch 2.x (have {torch.__version__})", file=sys.stderr)
            return 2
        fwd = torch.compile(fwd)
    x, target, gradient, anomaly, label = synthetic_batch(p, batch, device, args.seed)
    opt = optim.make_adamw(model.named_parameters(), lr=p.lr, weight_decay=0.05) if args.train else None

    def step():
        if args.train:
            opt.zero_grad(set_to_none=True)
            teacher, student, logit, mask = fwd(x)
            w = losses.motion_weights(gradient, anomaly, p.patch)
            l1, _, _ = losses.teacher_loss(teacher, logit, target, w, label, p.patch)
            l1.backward()
            opt.step()
            return l1
        with torch.inference_mode():
            return fwd(x)

    if args.train:
        model.train()
    else:
        model.eval()
    cuda = args.device == "cuda"
    if args.cuda_graph:
        if not cuda or args.train:
            print("error: --cuda-graph times inference on --device cuda only", file=sys.stderr)
            return 2
        side = torch.cuda.Stream()  # warm up on a side stream, as torch.cuda.graphs asks, then capture one forward
        side.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(side):
            for _ in range(3):
                step()
        torch.cuda.current_stream().wait_stream(side)
        graph = torch.cuda.CUDAGraph()
        with torch.inference_mode(), torch.cuda.graph(graph):
            fwd(x)
        step = graph.replay
    log(f"torch {torch.__version__}, {args.device}, preset {p.name} {p.height}x{p.width} p{p.patch}, "
        f"batch {batch}, threads {torch.get_num_threads()}, {'train' if args.train else 'inference'}, attention {attention}, "
        f"BLAS {blas_library()}")
    times = []
    for i in range(args.warmup + args.iters):
        if cuda:
            start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
            start.record()
            step()
            end.record()
            end.synchronize()
            dt = start.elapsed_time(end) / 1000.0
        else:
            t0 = time.perf_counter()
            step()
            dt = time.perf_counter() - t0
        warm = i < args.warmup
        log(f"  {'warmup' if warm else 'iter'} {i - args.warmup if not warm else i}: {dt * 1000:.1f} ms"
            f" ({batch / dt:.1f} frames/s)")
        if not warm:
            times.append(dt)
    med = statistics.median(times)
    result = {
        "impl": "pytorch", "torch": torch.__version__, "device": args.device,
        "device_name": torch.cuda.get_device_name(device) if cuda else cpu_name(),
        "threads": torch.get_num_threads(), "preset": p.name, "height": p.height, "width": p.width,
        "patch": p.patch, "batch": batch, "mode": "train" if args.train else "inference",
        "compile": args.compile, "cuda_graph": args.cuda_graph, "attention": attention, "tf32": bool(args.tf32 and cuda), "iters": args.iters, "warmup": args.warmup,
        "median_s": med, "mean_s": statistics.mean(times), "min_s": min(times), "max_s": max(times),
        "frames_per_s": batch / med, "times_s": times,
        "parameters": model.count_parameters(include_head=True),
        "peak_mem_bytes": torch.cuda.max_memory_allocated(device) if cuda else None,
        "blas": blas_library(),
        "loadavg": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
    }
    log(f"median {med * 1000:.1f} ms/iter, {batch / med:.1f} frames/s")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
