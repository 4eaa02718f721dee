#!/usr/bin/env python3
"""Writes the cross-implementation fixtures the Java tests compare against.

  app/src/test/resources/fixtures/tiny.safetensors  whole model at the "tiny" preset, B = 2:
      parameters and buffers under their state-dict names, inputs, eval/train outputs, losses,
      gradients, BatchNorm running stats after one training forward, student loss and gradients,
      and a 3-step AdamW run.
  app/src/test/resources/fixtures/ops.safetensors   single ops (GELU, LayerNorm, BatchNorm2d, convs,
      softmax, BCE with logits, pools, patchify, motion weights, AdamW) with inputs, outputs and the
      gradients of a random projection sum(y * dy) of the output.

Every value is computed in float64 from the stored float32 parameters and inputs and stored as
float32 (indices and counters as int64). Run from anywhere: /usr/bin/python3 tools/make_fixtures.py
"""
import argparse
import copy
import json
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from aedmae_torch.model import AedMae  # noqa: E402
from aedmae_torch.presets import REPO_ROOT, get_preset  # noqa: E402
from aedmae_torch import losses, optim  # noqa: E402
from aedmae_torch.safetensors_io import save_file  # noqa: E402

SEED = 20261123
BATCH = 2
ADAMW_LR, ADAMW_WD, ADAMW_STEPS = 1e-3, 0.05, 3

CONVENTIONS = """\
Shapes: B batch, L = Hp*Wp tokens, K = floor(L*(1-maskRatio)) kept, P = p*p*4.
Masking: input.ids_keep [B,K] lists the kept tokens in encoder order (not sorted: the encoder lays them
out as an Hp x (K/Hp) grid in this order); removed ids follow in ascending order; mask [B,L] is 1 for removed.
patchify: [N,C,H,W] -> [N,L,p*p*C], token order (h,w), value order (p_row,p_col,channel), channel fastest.
Weights (Eq. 1-2): M_b = max(128, max gradient[b]); g' = gradient + anomaly_map*M_b (over the 3 channels);
m = p x p max-pool per channel, mean over channels -> [B,L]; w = m / sum_L m (uniform 1/L if the sum is 0).
err_t[b,i] = mean_P (teacher - patchify(target))^2; L_rec = sum_b sum_i w*err_t (summed over the batch).
L_cls = mean_b BCE-with-logits(cls_logit_b, label_b); train.loss_teacher = L1 = L_rec + 1.0*L_cls.
train.loss_student = L2 = sum_b sum_i w * mean_P (student - teacher.detach())^2 from the same train forward;
grad_student.* = dL2/d(student parameters) only.
grad.* = dL1/d(parameter); student parameters get no gradient from L1 and are stored as zeros.
Train mode: dropout p = preset dropout (0 here), BatchNorm uses batch statistics over (B,h,w) with biased
variance for normalising; running stats updated with momentum 0.1 and the unbiased variance (n/(n-1));
num_batches_tracked += 1. Eval mode uses the stored running stats. BatchNorm eps 1e-5, LayerNorm eps 1e-6.
Attention scores are scaled by encDim^-0.5 / decDim^-0.5 (the full dim), GELU is the exact erf form.
AdamW = torch.optim.AdamW: p *= 1 - lr*wd; m = b1*m + (1-b1)*g; v = b2*v + (1-b2)*g^2;
p -= lr/(1-b1^t) * m / (sqrt(v)/sqrt(1-b2^t) + eps); betas (0.9, 0.95), eps 1e-8; weight decay only for
parameters with ndim > 1 (see no_decay). adamw.*: 3 steps on L1 with the same batch in train mode, from the
stored parameters and buffers; parameters without a gradient (the student branch) are skipped entirely
by torch (no decay either), so they stay unchanged. adamw.loss[t] = L1 before step t+1.
Zero gradients: d/d(attn.proj_k.bias) is mathematically 0 in every block (softmax is invariant to adding
q.b_k to all scores of a row); the stored values are float64 rounding noise (~1e-16). A float32
implementation gets noise ~1e-8 there, which AdamW (eps 1e-8) turns into steps up to ~lr each: compare
grad.*.proj_k.bias with an absolute tolerance and adamw.param.*.proj_k.bias with atol >= steps*lr."""


def randomise(model, gen):
    """Non-trivial random values for every parameter and buffer (not the zero/one init), so every path
    (biases, norm affines, tokens, BN running stats) is exercised."""
    with torch.no_grad():
        for name, q in model.named_parameters():
            if q.ndim == 1 and name.endswith(".weight"):      # LayerNorm / BatchNorm scale
                q.copy_(1.0 + 0.2 * torch.randn(q.shape, generator=gen))
            elif q.ndim == 1:                                  # biases
                q.copy_(0.1 * torch.randn(q.shape, generator=gen))
            elif name in ("cls_token", "mask_token"):
                q.copy_(0.5 * torch.randn(q.shape, generator=gen))
            else:                                              # conv / linear weights
                gain = 3.0 if name.endswith(("proj_q.weight", "proj_k.weight")) else 1.0  # sharper softmax
                q.copy_(gain * torch.randn(q.shape, generator=gen) / q[0].numel() ** 0.5)
        for name, b in model.named_buffers():
            if name.endswith("running_mean"):
                b.copy_(0.1 * torch.randn(b.shape, generator=gen))
            elif name.endswith("running_var"):
                b.copy_(0.5 + torch.rand(b.shape, generator=gen))
            elif name.endswith("num_batches_tracked"):
                b.fill_(7)


def make_inputs(p, gen):
    """Inputs in float32: x, ids_keep, target, gradient, anomaly_map, label."""
    B, H, W, L, K = BATCH, p.height, p.width, p.num_tokens, p.num_kept
    x = 2 * torch.rand(B, 9, H, W, generator=gen) - 1
    ids_keep = torch.stack([torch.randperm(L, generator=gen)[:K] for _ in range(B)])
    anomaly = torch.zeros(B, 1, H, W)
    anomaly[0, 0, 5:11, 9:19] = 1.0  # sample 0 has a synthetic anomaly straddling patch borders
    frame = 2 * torch.rand(B, 3, H, W, generator=gen) - 1
    target = torch.cat([frame, 2 * anomaly - 1], dim=1)
    gradient = torch.empty(B, 3, H, W)
    gradient[0] = torch.randint(0, 101, (3, H, W), generator=gen)  # max < 128: the floor M_b = 128 applies
    gradient[1] = torch.randint(0, 256, (3, H, W), generator=gen)
    label = torch.tensor([1.0, 0.0])
    return {"x": x, "ids_keep": ids_keep, "target": target, "gradient": gradient,
            "anomaly_map": anomaly, "label": label}


def f32(t):
    return t.detach().to(torch.float32) if t.is_floating_point() else t.detach()


def tiny_fixture(preset, out_path):
    gen = torch.Generator().manual_seed(SEED)
    torch.manual_seed(SEED)
    model = AedMae(preset)  # float32: the stored parameters
    randomise(model, gen)
    inp = make_inputs(preset, gen)
    t = {}
    for name, v in model.state_dict().items():
        t[name] = v.clone()
    for name, v in inp.items():
        t["input." + name] = v
    inp64 = {k: (v.double() if v.is_floating_point() else v) for k, v in inp.items()}
    p = preset.patch

    # eval mode (running stats as stored)
    m = copy.deepcopy(model).double().eval()
    with torch.no_grad():
        teacher, student, logit, mask = m.forward_logits(inp64["x"], ids_keep=inp64["ids_keep"])
    t.update({"eval.teacher": teacher, "eval.student": student, "eval.cls": torch.sigmoid(logit),
              "eval.cls_logit": logit, "eval.mask": mask})

    # train mode: one forward, L1 and its gradients, BN running stats, L2 and the student gradients
    m = copy.deepcopy(model).double().train()
    teacher, student, logit, mask = m.forward_logits(inp64["x"], ids_keep=inp64["ids_keep"])
    w = losses.motion_weights(inp64["gradient"], inp64["anomaly_map"], p)
    l1, rec, cls = losses.teacher_loss(teacher, logit, inp64["target"], w, inp64["label"], p)
    l2 = losses.student_loss(student, teacher, w)
    named = list(m.named_parameters())
    grads = torch.autograd.grad(l1, [q for _, q in named], allow_unused=True, retain_graph=True)
    student_named = m.student_parameters()
    sgrads = torch.autograd.grad(l2, [q for _, q in student_named])
    t.update({"train.teacher": teacher, "train.student": student, "train.cls": torch.sigmoid(logit),
              "train.cls_logit": logit, "train.mask": mask, "train.weights": w,
              "train.loss_rec": rec.reshape(1), "train.loss_cls": cls.reshape(1),
              "train.loss_teacher": l1.reshape(1), "train.loss_student": l2.reshape(1)})
    no_grad_from_l1 = []
    for (name, q), g in zip(named, grads):
        if g is None:
            no_grad_from_l1.append(name)
            g = torch.zeros_like(q)
        t["grad." + name] = g
    for (name, _), g in zip(student_named, sgrads):
        t["grad_student." + name] = g
    for name, b in m.named_buffers():
        t["train_bn." + name] = b.clone()

    # AdamW: 3 steps on L1, same batch, train mode, from the stored state
    m = copy.deepcopy(model).double().train()
    opt = optim.make_adamw(m.named_parameters(), lr=ADAMW_LR, weight_decay=ADAMW_WD)
    step_losses = []
    for _ in range(ADAMW_STEPS):
        opt.zero_grad(set_to_none=True)
        teacher, student, logit, mask = m.forward_logits(inp64["x"], ids_keep=inp64["ids_keep"])
        w = losses.motion_weights(inp64["gradient"], inp64["anomaly_map"], p)
        l1, _, _ = losses.teacher_loss(teacher, logit, inp64["target"], w, inp64["label"], p)
        step_losses.append(l1.detach())
        l1.backward()
        opt.step()
    t["adamw.loss"] = torch.stack(step_losses)
    for name, q in m.named_parameters():
        t["adamw.param." + name] = q
    for name, b in m.named_buffers():
        t["adamw.buffer." + name] = b.clone()

    all_named = list(model.named_parameters())
    meta = {
        "format": "aedmae cross-implementation fixture, v1",
        "preset": preset.to_json(),
        "batch": str(BATCH),
        "seed": str(SEED),
        "computed": "float64 from the stored float32 parameters and inputs; stored as float32 (I64 for ids and counters)",
        "conventions": CONVENTIONS,
        "no_decay": json.dumps(optim.no_decay_names(all_named)),
        "decay": json.dumps([n for n, q in all_named if q.ndim > 1]),
        "no_grad_from_l1": json.dumps(no_grad_from_l1),
        "student_parameters": json.dumps([n for n, _ in model.student_parameters()]),
        "adamw": json.dumps({"lr": ADAMW_LR, "weight_decay": ADAMW_WD, "betas": list(optim.BETAS),
                             "eps": optim.EPS, "steps": ADAMW_STEPS}),
        "torch_version": torch.__version__,
        "generator": "tools/make_fixtures.py",
    }
    save_file({k: f32(v) for k, v in t.items()}, out_path, meta)
    return t, meta


# ---------------------------------------------------------------------------------------------
# single ops

class OpWriter:
    def __init__(self, gen):
        self.gen = gen
        self.tensors = {}
        self.meta = {}

    def randn(self, *shape, scale=1.0, shift=0.0):
        return shift + scale * torch.randn(*shape, generator=self.gen)

    def case(self, name, fn, inputs, grad_of=(), config=None):
        """inputs: float32 (or int) tensors. fn(**inputs64) -> tensor y or {out: tensor} with "y" projected.
        Stores op.<name>.<input>, op.<name>.<output>, op.<name>.dy and op.<name>.d<input> for grad_of."""
        x64 = {}
        for k, v in inputs.items():
            v64 = v.double() if v.is_floating_point() else v.clone()
            x64[k] = v64.requires_grad_(k in grad_of)
            self.tensors[f"op.{name}.{k}"] = v.clone()
        out = fn(**x64)
        outs = out if isinstance(out, dict) else {"y": out}
        for k, v in outs.items():
            self.tensors[f"op.{name}.{k}"] = f32(v)
        if grad_of:
            y = outs["y"]
            dy = self.randn(*y.shape) if y.ndim else self.randn(1).reshape(())
            grads = torch.autograd.grad((y * dy.double()).sum(), [x64[k] for k in grad_of])
            self.tensors[f"op.{name}.dy"] = dy.reshape(y.shape) if y.ndim else dy.reshape(1)
            for k, g in zip(grad_of, grads):
                self.tensors[f"op.{name}.d{k}"] = f32(g)
        self.meta[f"op.{name}"] = json.dumps(config or {})


def ops_fixture(out_path):
    gen = torch.Generator().manual_seed(SEED + 1)
    w = OpWriter(gen)
    r = w.randn

    gx = torch.cat([torch.linspace(-6, 6, 121), r(39, scale=2.0)])
    w.case("gelu", lambda x: F.gelu(x), {"x": gx}, ("x",), {"form": "exact erf: x/2*(1+erf(x/sqrt 2))"})
    w.case("layernorm", lambda x, weight, bias: F.layer_norm(x, (8,), weight, bias, eps=1e-6),
           {"x": r(2, 5, 8, scale=2.0, shift=3.0), "weight": r(8, scale=0.3, shift=1.0), "bias": r(8, scale=0.2)},
           ("x", "weight", "bias"), {"normalized_shape": [8], "eps": 1e-6})

    bn_in = {"x": r(3, 4, 5, 6, scale=1.5, shift=0.5), "weight": r(4, scale=0.3, shift=1.0),
             "bias": r(4, scale=0.2), "running_mean": r(4, scale=0.1), "running_var": 0.5 + torch.rand(4, generator=gen)}

    def bn_train(x, weight, bias, running_mean, running_var):
        rm, rv = running_mean.clone(), running_var.clone()
        y = F.batch_norm(x, rm, rv, weight, bias, training=True, momentum=0.1, eps=1e-5)
        return {"y": y, "running_mean_out": rm, "running_var_out": rv}

    w.case("batchnorm2d_train", bn_train, bn_in, ("x", "weight", "bias"),
           {"eps": 1e-5, "momentum": 0.1, "running_var update": "unbiased (n/(n-1)) batch variance, n = B*H*W"})
    w.case("batchnorm2d_eval",
           lambda x, weight, bias, running_mean, running_var:
           F.batch_norm(x, running_mean, running_var, weight, bias, training=False, eps=1e-5),
           bn_in, ("x", "weight", "bias"), {"eps": 1e-5})

    w.case("dwconv3x3", lambda x, weight: F.conv2d(x, weight, None, stride=1, padding=1, groups=4),
           {"x": r(2, 4, 5, 6), "weight": r(4, 1, 3, 3, scale=0.4)}, ("x", "weight"),
           {"stride": 1, "padding": 1, "groups": 4, "bias": False})
    w.case("conv2d_s2p1g2", lambda x, weight, bias: F.conv2d(x, weight, bias, stride=2, padding=1, groups=2),
           {"x": r(2, 6, 9, 11), "weight": r(4, 3, 3, 3, scale=0.3), "bias": r(4, scale=0.1)},
           ("x", "weight", "bias"), {"stride": 2, "padding": 1, "groups": 2})
    w.case("conv2d_patch", lambda x, weight, bias: F.conv2d(x, weight, bias, stride=4),
           {"x": r(2, 9, 8, 12), "weight": r(5, 9, 4, 4, scale=0.1), "bias": r(5, scale=0.1)},
           ("x", "weight", "bias"), {"stride": 4, "padding": 0, "groups": 1})
    w.case("conv2d_1x1", lambda x, weight, bias: F.conv2d(x, weight, bias),
           {"x": r(2, 6, 3, 4), "weight": r(5, 6, 1, 1, scale=0.4), "bias": r(5, scale=0.1)},
           ("x", "weight", "bias"), {"stride": 1, "padding": 0, "groups": 1})
    w.case("linear", lambda x, weight, bias: F.linear(x, weight, bias),
           {"x": r(3, 4, 6), "weight": r(5, 6, scale=0.4), "bias": r(5, scale=0.1)},
           ("x", "weight", "bias"), {"y": "x @ weight^T + bias"})
    w.case("softmax", lambda x: torch.softmax(x, dim=-1), {"x": r(2, 3, 7, scale=3.0)}, ("x",), {"dim": -1})

    logits = torch.tensor([-30.0, -5.0, -0.5, 0.0, 0.3, 2.0, 8.0, 40.0])
    labels = torch.tensor([0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0])
    w.case("bce_with_logits",
           lambda logit, label: F.binary_cross_entropy_with_logits(logit, label).reshape(1),
           {"logit": logits, "label": labels}, ("logit",), {"reduction": "mean", "y shape": [1]})

    pool_x = r(2, 3, 8, 12)
    w.case("maxpool4", lambda x: F.max_pool2d(x, 4, 4), {"x": pool_x}, ("x",), {"kernel": 4, "stride": 4})
    w.case("avgpool4", lambda x: F.avg_pool2d(x, 4, 4), {"x": pool_x}, ("x",), {"kernel": 4, "stride": 4})
    w.case("patchify", lambda x: losses.patchify(x, 4), {"x": r(2, 4, 8, 12)}, ("x",), {"p": 4})

    grad = torch.randint(0, 100, (3, 3, 8, 12), generator=gen).float()
    grad[1] = torch.randint(0, 256, (3, 8, 12), generator=gen).float()
    grad[2] = 0.0
    amap = torch.zeros(3, 1, 8, 12)
    amap[0, 0, 2:6, 3:9] = 1.0
    w.case("motion_weights", lambda gradient, anomaly_map: losses.motion_weights(gradient, anomaly_map, 4),
           {"gradient": grad, "anomaly_map": amap}, (),
           {"p": 4, "note": "sample 0: anomaly, gradient max < 128; sample 1: no anomaly; sample 2: all zero -> uniform"})

    teacher = r(2, 6, 64)
    target = r(2, 4, 8, 12)
    weights = torch.softmax(r(2, 6), dim=-1)
    w.case("loss_rec", lambda teacher, target, weights: losses.reconstruction_loss(teacher, target, weights, 4).reshape(1),
           {"teacher": teacher, "target": target, "weights": weights}, ("teacher",),
           {"p": 4, "y": "sum_b sum_i weights * mean_P (teacher - patchify(target))^2"})

    # AdamW on a small decayed matrix and a non-decayed vector, 4 steps with given gradients
    steps, lr, wd = 4, 1e-2, 0.05
    p0, b0 = r(4, 5), r(5)
    gp = torch.stack([r(4, 5, scale=10.0 ** (-i)) for i in range(steps)])
    gb = torch.stack([r(5) for _ in range(steps)])
    pw, pb = p0.double().clone().requires_grad_(True), b0.double().clone().requires_grad_(True)
    opt = torch.optim.AdamW([{"params": [pw], "weight_decay": wd}, {"params": [pb], "weight_decay": 0.0}],
                            lr=lr, betas=optim.BETAS, eps=optim.EPS)
    pw_steps, pb_steps = [], []
    for i in range(steps):
        pw.grad, pb.grad = gp[i].double(), gb[i].double()
        opt.step()
        pw_steps.append(pw.detach().clone())
        pb_steps.append(pb.detach().clone())
    w.tensors.update({"op.adamw.weight0": p0, "op.adamw.bias0": b0, "op.adamw.weight_grads": gp,
                      "op.adamw.bias_grads": gb, "op.adamw.weight_steps": f32(torch.stack(pw_steps)),
                      "op.adamw.bias_steps": f32(torch.stack(pb_steps))})
    w.meta["op.adamw"] = json.dumps({"lr": lr, "betas": list(optim.BETAS), "eps": optim.EPS, "steps": steps,
                                     "weight_decay": {"weight": wd, "bias": 0.0},
                                     "note": "*_steps[t] = value after step t+1; grads[t] used at step t+1"})
    w.meta.update({"format": "aedmae single-op fixture, v1", "seed": str(SEED + 1),
                   "computed": "float64 from the stored float32 inputs; stored as float32",
                   "gradients": "op.<name>.d<input> = d sum(y * dy) / d<input>",
                   "torch_version": torch.__version__, "generator": "tools/make_fixtures.py"})
    save_file(w.tensors, out_path, w.meta)
    return w.tensors


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out-dir", default=os.path.join(REPO_ROOT, "app", "src", "test", "resources", "fixtures"))
    ap.add_argument("--presets", default=None, help="presets.json (default: the Java module's resource)")
    args = ap.parse_args(argv)
    torch.set_num_threads(1)  # deterministic reductions
    os.makedirs(args.out_dir, exist_ok=True)
    preset = get_preset("tiny", args.presets)
    tiny_path = os.path.join(args.out_dir, "tiny.safetensors")
    t, meta = tiny_fixture(preset, tiny_path)
    print(f"{tiny_path}: {len(t)} tensors, {os.path.getsize(tiny_path):,} bytes; "
          f"L1 = {float(t['train.loss_teacher']):.6f}, L2 = {float(t['train.loss_student']):.6f}, "
          f"adamw.loss = {[round(float(v), 6) for v in t['adamw.loss']]}")
    ops_path = os.path.join(args.out_dir, "ops.safetensors")
    o = ops_fixture(ops_path)
    print(f"{ops_path}: {len(o)} tensors, {os.path.getsize(ops_path):,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
