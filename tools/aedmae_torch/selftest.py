"""Self-test of the PyTorch peer: run `/usr/bin/python3 -m tools.aedmae_torch.selftest` from the repo root.

Checks the avenue parameter count (3,042,560 + 257 for the head), the spec's state-dict names,
masking by ids_keep against random masking, patchify, the motion weights and a safetensors round trip.
"""
import os
import sys
import tempfile

import torch

from .model import AedMae
from .presets import REPO_ROOT, load_presets
from . import losses
from .safetensors_io import save_file, load_file

SPEC_NAMES = [
    "patch_embed.proj.weight", "patch_embed.norm.bias", "cls_token", "blocks.0.norm1.weight",
    "blocks.0.attn.conv_proj_q.conv.weight", "blocks.0.attn.conv_proj_q.bn.running_mean",
    "blocks.0.attn.proj_q.weight", "blocks.0.attn.proj.bias", "blocks.0.mlp.net.0.weight",
    "blocks.0.mlp.net.3.weight", "norm.weight", "decoder_embed.weight", "mask_token",
    "decoder_blocks.2.norm2.bias", "decoder_norm.weight", "decoder_pred.weight",
    "decoder_student_block.attn.proj_k.weight", "decoder_student_norm.weight",
    "decoder_student_pred.bias", "cls_head.weight", "cls_head.bias"]


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    return bool(cond)


FIXTURE = os.path.join(REPO_ROOT, "app", "src", "test", "resources", "fixtures", "tiny.safetensors")


def check_fixture(preset):
    """The committed fixture loads strictly and a float32 forward reproduces its float64-derived outputs."""
    if not os.path.exists(FIXTURE):
        print(f"skip {FIXTURE} absent (run tools/make_fixtures.py)")
        return True
    t = load_file(FIXTURE)
    state = {k: v for k, v in t.items() if "." not in k or k.split(".")[0] not in
             ("input", "eval", "train", "grad", "grad_student", "train_bn", "adamw")}
    model = AedMae(preset)
    model.load_state_dict(state, strict=True)
    model.eval()
    with torch.no_grad():
        teacher, student, prob, mask = model(t["input.x"], ids_keep=t["input.ids_keep"])
    err = max(float((teacher - t["eval.teacher"]).abs().max()), float((student - t["eval.student"]).abs().max()),
              float((prob - t["eval.cls"]).abs().max()))
    ok = check(err < 1e-4 and torch.equal(mask, t["eval.mask"]),
               f"fixture eval outputs reproduced in float32 (max abs err {err:.2e})")
    model.train()
    teacher, student, logit, mask = model.forward_logits(t["input.x"], ids_keep=t["input.ids_keep"])
    w = losses.motion_weights(t["input.gradient"], t["input.anomaly_map"], preset.patch)
    l1, _, _ = losses.teacher_loss(teacher, logit, t["input.target"], w, t["input.label"], preset.patch)
    l1.backward()
    gerr = max(float((q.grad - t["grad." + n]).abs().max()) for n, q in model.named_parameters() if q.grad is not None)
    ok &= check(abs(float(l1) - float(t["train.loss_teacher"])) < 1e-4 and gerr < 1e-4,
                f"fixture L1 and its gradients reproduced in float32 (max abs grad err {gerr:.2e})")
    return ok


def main():
    ok = True
    presets = load_presets()
    avenue = AedMae(presets["avenue"])
    n_body = avenue.count_parameters(include_head=False)
    n_all = avenue.count_parameters(include_head=True)
    ok &= check(n_body == 3_042_560, f"avenue parameters without head = {n_body:,} (want 3,042,560)")
    ok &= check(n_all - n_body == 257, f"avenue head parameters = {n_all - n_body} (want 257)")
    names = set(avenue.state_dict().keys())
    missing = [n for n in SPEC_NAMES if n not in names]
    ok &= check(not missing, f"spec state-dict names present (missing: {missing})")

    torch.manual_seed(0)
    p = presets["tiny"]
    model = AedMae(p).double().eval()
    x = torch.randn(2, 9, p.height, p.width, dtype=torch.float64)
    noise = torch.rand(2, p.num_tokens, dtype=torch.float64)
    with torch.no_grad():
        for q in model.parameters():
            q.normal_(0, 0.3)
        a = model(x, noise=noise)
        ids_keep = torch.argsort(noise, dim=1)[:, :p.num_kept]
        b = model(x, ids_keep=ids_keep)
    ok &= check(a[0].shape == (2, p.num_tokens, p.patch_values) and a[2].shape == (2, 1), "tiny output shapes")
    same = all(torch.allclose(u, v, atol=1e-12) for u, v in zip(a, b))
    ok &= check(same, "masking by ids_keep == masking by noise")
    ok &= check(torch.equal(a[3].sum(1), torch.full((2,), float(p.num_tokens - p.num_kept), dtype=a[3].dtype)),
                "mask has L-K ones per sample")
    ok &= check(bool((a[3].gather(1, ids_keep) == 0).all()), "kept tokens have mask 0")

    img = torch.arange(2 * 4 * 8 * 12, dtype=torch.float64).reshape(2, 4, 8, 12)
    tok = losses.patchify(img, 4)
    ok &= check(tok[0, 1, 4 * 1 + 2] == img[0, 2, 0, 5] and tok[1, 2, (4 * 2 + 1) * 4 + 3] == img[1, 3, 2, 9],
                "patchify order (h, w, p_row, p_col, channel)")
    ok &= check(torch.equal(losses.unpatchify(tok, 4, 8, 12, 4), img), "unpatchify inverts patchify")

    grad = torch.zeros(2, 3, 8, 12)
    grad[0, 1, 5, 6] = 40.0
    amap = torch.zeros(2, 1, 8, 12)
    amap[0, 0, 0, 0] = 1.0
    w = losses.motion_weights(grad, amap, 4)
    m4 = 40 / 3  # one channel of three carries the gradient
    ok &= check(abs(float(w[0, 0]) - 128 / (128 + m4)) < 1e-6 and abs(float(w[0, 4]) - m4 / (128 + m4)) < 1e-6,
                "motion weights: anomaly floor 128, channel mean")
    ok &= check(torch.allclose(w[1], torch.full((6,), 1 / 6)), "motion weights: zero map gives uniform weights")

    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "t.safetensors")
        sd = {k: v for k, v in model.state_dict().items()}
        sd["a.i64"] = torch.arange(5)
        save_file(sd, path, {"k": "v"})
        back, meta = load_file(path, with_metadata=True)
        with open(path, "rb") as f:
            n = int.from_bytes(f.read(8), "little")
        rt = meta == {"k": "v"} and set(back) == set(sd) and n % 8 == 0 and \
            all(back[k].dtype == sd[k].dtype and torch.equal(back[k], sd[k]) for k in sd)
        ok &= check(rt, "safetensors round trip (F64, I64, metadata, 8-byte header padding)")
    ok &= check_fixture(presets["tiny"])
    print("selftest " + ("passed" if ok else "FAILED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
