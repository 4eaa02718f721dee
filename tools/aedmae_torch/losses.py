"""Training losses (paper Eq. 1-5), defined exactly as the Java side implements them.

  patchify:  [B, C, H, W] -> [B, L, p*p*C], token order (h, w), values (p_row, p_col, channel)
  weights:   g' = gradient + anomaly_map * max(128, max gradient[b]); m = mean over channels of the
             p x p max-pool per channel (Eq. 1); w = m / sum_j m_j (Eq. 2; uniform 1/L if the sum is 0)
  L_rec:     sum_b sum_i w[b,i] * mean_P (teacher - target)^2   (Eq. 3, summed over the batch)
  L_cls:     mean_b BCE(sigmoid(logit_b), label_b), from the logit (Eq. 5)
  L1 = L_rec + 1.0 * L_cls (stage 1);  L2 = sum_b sum_i w[b,i] * mean_P (student - teacher.detach())^2 (Eq. 4)
"""
import torch
import torch.nn.functional as F

ANOMALY_FLOOR = 128.0  # anomaly pixels weigh at least as much as a gradient of 128


def patchify(imgs, p):
    """[N, C, H, W] -> [N, L, p*p*C], index order (h, w, p_row, p_col, channel), channel fastest."""
    n, c, h, w = imgs.shape
    hp, wp = h // p, w // p
    x = imgs.reshape(n, c, hp, p, wp, p)
    x = x.permute(0, 2, 4, 3, 5, 1)  # n, hp, wp, p_row, p_col, c
    return x.reshape(n, hp * wp, p * p * c)


def unpatchify(x, p, h, w, c):
    """Inverse of patchify: [N, L, p*p*C] -> [N, C, H, W]."""
    n = x.shape[0]
    hp, wp = h // p, w // p
    return x.reshape(n, hp, wp, p, p, c).permute(0, 5, 1, 3, 2, 4).reshape(n, c, h, w)


def motion_weights(gradient, anomaly_map, p):
    """Token weights (Eq. 1-2 with anomaly maps). gradient [B, 3, H, W] (0..255), anomaly_map
    [B, 1, H, W] in {0, 1} (or None) -> w [B, L], each row summing to 1. Not differentiated."""
    with torch.no_grad():
        g = gradient
        if anomaly_map is not None:
            peak = gradient.flatten(1).max(dim=1).values.clamp(min=ANOMALY_FLOOR)  # M_b
            g = gradient + anomaly_map * peak.view(-1, 1, 1, 1)
        m = F.max_pool2d(g, kernel_size=p, stride=p).mean(dim=1).flatten(1)  # Eq. 1: [B, L]
        total = m.sum(dim=1, keepdim=True)
        safe_total = torch.where(total > 0, total, torch.ones_like(total))
        uniform = torch.full_like(m, 1.0 / m.shape[1])
        return torch.where(total > 0, m / safe_total, uniform)  # Eq. 2


def per_token_error(pred, target_tokens):
    """mean over P of (pred - target)^2: [B, L, P] x [B, L, P] -> [B, L]."""
    return ((pred - target_tokens) ** 2).mean(dim=-1)


def reconstruction_loss(teacher, target, weights, p):
    """Eq. 3 summed over the batch. teacher [B, L, P], target [B, 4, H, W], weights [B, L] -> scalar."""
    return (weights * per_token_error(teacher, patchify(target, p))).sum()


def classification_loss(logit, label):
    """Eq. 5: mean over the batch of BCE(sigmoid(logit), label). logit [B, 1] or [B], label [B]."""
    return F.binary_cross_entropy_with_logits(logit.reshape(-1), label.to(logit.dtype).reshape(-1))


def teacher_loss(teacher, logit, target, weights, label, p, cls_weight=1.0):
    """Stage 1: returns (L1, L_rec, L_cls)."""
    rec = reconstruction_loss(teacher, target, weights, p)
    cls = classification_loss(logit, label)
    return rec + cls_weight * cls, rec, cls


def student_loss(student, teacher, weights):
    """Stage 2 (paper variant, Eq. 4): motion-weighted distillation, summed over the batch."""
    return (weights * per_token_error(student, teacher.detach())).sum()
