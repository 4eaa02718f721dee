"""AdamW as torch.optim.AdamW (decoupled decay), betas (0.9, 0.95), eps 1e-8.
No weight decay for parameters with ndim <= 1 (biases, LayerNorm and BatchNorm weights);
decay for all others (conv/linear weights, cls_token, mask_token)."""
import torch

BETAS = (0.9, 0.95)
EPS = 1e-8


def param_groups(named_params, weight_decay):
    decay, no_decay = [], []
    for _, q in named_params:
        if not q.requires_grad:
            continue
        (no_decay if q.ndim <= 1 else decay).append(q)
    return [{"params": decay, "weight_decay": weight_decay},
            {"params": no_decay, "weight_decay": 0.0}]


def no_decay_names(named_params):
    return [n for n, q in named_params if q.ndim <= 1]


def make_adamw(named_params, lr, weight_decay=0.05):
    named_params = list(named_params)
    return torch.optim.AdamW(param_groups(named_params, weight_decay), lr=lr, betas=BETAS, eps=EPS)
