#!/usr/bin/env python3
"""Exports the PyTorch peer of AED-MAE to ONNX, for the ONNX Runtime comparison (issue 16).

The exported graph is the peer's inference forward in eval mode (BatchNorm running statistics),
with the masking given as inputs rather than drawn inside the graph, so that ONNX Runtime and the
Java model can be fed the same masking and their outputs compared:

  inputs   x           [B, 9, H, W] float32
           ids_keep    [B, K] int64   kept token ids in encoder order
           ids_restore [B, L] int64   position of each original token in the shuffled order
  outputs  teacher     [B, L, P], student [B, L, P], cls_logit [B, 1]

B is a dynamic axis. The graph is the peer's own forward: the patch embedding runs over all L
patches and the kept tokens are then gathered (the Java model embeds only the kept patches).
Weights come from a safetensors checkpoint (one the Java side wrote, so both run the same
numbers) or, without --weights, from the peer's seeded initialisation.

  /usr/bin/python3 tools/export_onnx.py --preset avenue --weights W.safetensors --out avenue.onnx

Needs Debian's python3-torch and python3-onnx (apt-get install -y python3-torch python3-onnx).
"""
import argparse
import os
import sys

try:
    import torch
    import torch.nn as nn
except ImportError:
    print("error: torch is missing: apt-get install -y python3-torch python3-onnx (run with /usr/bin/python3)",
          file=sys.stderr)
    sys.exit(3)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from aedmae_torch.model import AedMae  # noqa: E402
from aedmae_torch.presets import get_preset  # noqa: E402
from aedmae_torch.safetensors_io import load_file, SafetensorsError  # noqa: E402


class MaskedForward(nn.Module):
    """forward(x, ids_keep, ids_restore) = the peer's forward_logits with the masking as inputs."""

    def __init__(self, model):
        super().__init__()
        self.m = model

    def forward(self, x, ids_keep, ids_restore):
        m = self.m
        t = m.patch_embed(x)  # [B, L, D]
        b, _, d = t.shape
        t = torch.gather(t, 1, ids_keep.unsqueeze(-1).expand(b, ids_keep.shape[1], d))
        t = torch.cat([m.cls_token.expand(b, -1, -1), t], dim=1)
        for blk in m.blocks:
            t = blk(t, m.grid_h, m.enc_grid_w)
        latent = m.norm(t)
        teacher, student = m.forward_decoder(latent, ids_restore)
        return teacher, student, m.cls_head(latent[:, 0])


def main(argv=None):
    ap = argparse.ArgumentParser(description="Export the PyTorch AED-MAE peer to ONNX (masking as inputs).")
    ap.add_argument("--preset", default="avenue")
    ap.add_argument("--presets", default=None, help="presets.json (default: the Java module's resource)")
    ap.add_argument("--weights", default=None, help="safetensors checkpoint to load (strict); default: seeded init")
    ap.add_argument("--out", required=True)
    ap.add_argument("--opset", type=int, default=17)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    try:
        import onnx  # noqa: F401  (torch.onnx needs it for the checker)
    except ImportError:
        print("error: onnx is missing: apt-get install -y python3-onnx", file=sys.stderr)
        return 3
    try:
        p = get_preset(args.preset, args.presets)
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    torch.manual_seed(args.seed)
    model = AedMae(p)
    if args.weights:
        try:
            state = load_file(args.weights)
        except (OSError, SafetensorsError) as e:
            print(f"error: {args.weights}: {e}", file=sys.stderr)
            return 2
        try:
            model.load_state_dict({k: v for k, v in state.items()}, strict=True)
        except RuntimeError as e:
            print(f"error: {args.weights}: {str(e).splitlines()[0]}", file=sys.stderr)
            return 2
    model.eval()
    wrapper = MaskedForward(model).eval()
    b, L, K = 2, p.num_tokens, p.num_kept
    x = torch.rand(b, 9, p.height, p.width) * 2 - 1
    perm = torch.stack([torch.randperm(L) for _ in range(b)])
    ids_keep = perm[:, :K].contiguous()
    ids_restore = torch.argsort(perm, dim=1)
    with torch.no_grad():
        torch.onnx.export(wrapper, (x, ids_keep, ids_restore), args.out, opset_version=args.opset,
                          input_names=["x", "ids_keep", "ids_restore"],
                          output_names=["teacher", "student", "cls_logit"],
                          dynamic_axes={n: {0: "B"} for n in ("x", "ids_keep", "ids_restore", "teacher", "student", "cls_logit")},
                          do_constant_folding=True)
    print(f"wrote {args.out}: preset {p.name}, torch {torch.__version__}, opset {args.opset}, "
          f"{os.path.getsize(args.out) / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
