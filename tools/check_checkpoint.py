#!/usr/bin/env python3
"""Checks that a (Java-written) safetensors checkpoint loads into the PyTorch peer with strict=True.

Reports missing, unexpected and mis-shaped tensors and exits 2 on any mismatch (or an unreadable
file); 0 when the checkpoint loads. With --forward, runs one eval forward on random input and checks
that the outputs are finite. The classification head is expected when the file holds cls_head.*
(--head yes/no forces it). Keys under a prefix (e.g. "model.") can be selected with --prefix; keys
that are not model tensors (fixture or optimiser entries with a '.'-separated prefix listed in
--ignore-prefix) are left out before the strict load.

  /usr/bin/python3 tools/check_checkpoint.py run/teacher.safetensors --preset ped2-fast --forward
"""
import argparse
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from aedmae_torch.model import AedMae  # noqa: E402
from aedmae_torch.presets import get_preset  # noqa: E402
from aedmae_torch.safetensors_io import load_file, save_file, SafetensorsError  # noqa: E402

FIXTURE_PREFIXES = ("input.", "eval.", "train.", "grad.", "grad_student.", "train_bn.", "adamw.")


def compare(model, tensors):
    """Returns (missing, unexpected, misshaped[(name, file shape, model shape)], wrong_dtype)."""
    expected = model.state_dict()
    missing = sorted(k for k in expected if k not in tensors)
    unexpected = sorted(k for k in tensors if k not in expected)
    misshaped = sorted((k, tuple(tensors[k].shape), tuple(v.shape)) for k, v in expected.items()
                       if k in tensors and tuple(tensors[k].shape) != tuple(v.shape))
    wrong_dtype = sorted((k, str(tensors[k].dtype), str(v.dtype)) for k, v in expected.items()
                         if k in tensors and tensors[k].is_floating_point() != v.is_floating_point())
    return missing, unexpected, misshaped, wrong_dtype


def main(argv=None):
    ap = argparse.ArgumentParser(description="Load a safetensors checkpoint into the PyTorch AED-MAE peer (strict).")
    ap.add_argument("checkpoint")
    ap.add_argument("--preset", required=True)
    ap.add_argument("--presets", default=None, help="presets.json (default: the Java module's resource)")
    ap.add_argument("--head", choices=["auto", "yes", "no"], default="auto")
    ap.add_argument("--prefix", default="", help="only keys starting with this prefix, prefix stripped")
    ap.add_argument("--ignore-prefix", action="append", default=None,
                    help="drop keys with this prefix (repeatable; default: the fixture prefixes input., grad., ...)")
    ap.add_argument("--forward", action="store_true", help="run one eval forward on random input")
    ap.add_argument("--batch", type=int, default=2)
    ap.add_argument("--resave", metavar="OUT", help="write the loaded state dict back as safetensors (round trip)")
    args = ap.parse_args(argv)

    try:
        preset = get_preset(args.preset, args.presets)
        tensors, meta = load_file(args.checkpoint, with_metadata=True)
    except (ValueError, SafetensorsError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if args.prefix:
        tensors = {k[len(args.prefix):]: v for k, v in tensors.items() if k.startswith(args.prefix)}
    ignore = tuple(args.ignore_prefix) if args.ignore_prefix is not None else FIXTURE_PREFIXES
    dropped = [k for k in tensors if ignore and k.startswith(ignore)]
    tensors = {k: v for k, v in tensors.items() if k not in dropped}
    head = {"yes": True, "no": False}.get(args.head, "cls_head.weight" in tensors or "cls_head.bias" in tensors)
    model = AedMae(preset, with_head=head)
    missing, unexpected, misshaped, wrong_dtype = compare(model, tensors)
    print(f"{args.checkpoint}: {len(tensors)} tensors ({len(dropped)} ignored by prefix), model expects "
          f"{len(model.state_dict())} (preset {preset.name}, head {'yes' if head else 'no'})")
    if meta:
        print("metadata keys: " + ", ".join(sorted(meta)))
    for k in missing:
        print(f"  missing:    {k} {tuple(model.state_dict()[k].shape)}")
    for k in unexpected:
        print(f"  unexpected: {k} {tuple(tensors[k].shape)}")
    for k, fs, ms in misshaped:
        print(f"  mis-shaped: {k} file {fs} model {ms}")
    for k, fd, md in wrong_dtype:
        print(f"  wrong kind: {k} file {fd} model {md}")
    if missing or unexpected or misshaped or wrong_dtype:
        print(f"MISMATCH: {len(missing)} missing, {len(unexpected)} unexpected, {len(misshaped)} mis-shaped, "
              f"{len(wrong_dtype)} float/int mismatches")
        return 2
    state = {k: v.to(model.state_dict()[k].dtype) for k, v in tensors.items()}
    model.load_state_dict(state, strict=True)
    n_body, n_all = model.count_parameters(False), model.count_parameters(True)
    print(f"OK: loaded with strict=True; {n_body:,} parameters without the head, {n_all - n_body} in the head")
    bad = [k for k, v in state.items() if v.is_floating_point() and not torch.isfinite(v).all()]
    if bad:
        print(f"WARNING: non-finite values in {', '.join(bad[:5])}{' ...' if len(bad) > 5 else ''}")
    status = 0
    if args.forward:
        model.eval()
        torch.manual_seed(0)
        x = 2 * torch.rand(args.batch, 9, preset.height, preset.width) - 1
        with torch.no_grad():
            teacher, student, prob, mask = model(x)
        finite = all(torch.isfinite(t).all() for t in (teacher, student) + ((prob,) if prob is not None else ()))
        print(f"forward: teacher {tuple(teacher.shape)} mean|.| {teacher.abs().mean():.4g}, student "
              f"{tuple(student.shape)} mean|.| {student.abs().mean():.4g}"
              + (f", cls {[round(float(v), 4) for v in prob.view(-1)]}" if prob is not None else "")
              + ("" if finite else "  NON-FINITE OUTPUT"))
        status = 0 if finite else 2
    if args.resave:
        save_file(model.state_dict(), args.resave, {"source": os.path.basename(args.checkpoint),
                                                    "preset": preset.to_json()})
        print(f"wrote {args.resave}")
    return status


if __name__ == "__main__":
    sys.exit(main())
