"""AED-MAE (Ristea et al., CVPR 2024) as specified in docs/model-spec.md.

Dimension letters: B batch, L tokens (Hp*Wp), K kept tokens, D encoder dim, Dd decoder dim,
P = p*p*4 predicted values per token, Hp/Wp the token grid.
Module names reproduce the reference state-dict names (patch_embed.proj.weight, blocks.0.attn.
conv_proj_q.conv.weight, decoder_student_pred.bias, cls_head.weight, ...).
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from .presets import IN_CHANNELS, OUT_CHANNELS

LN_EPS = 1e-6


def _sdpa_with_scale_available():
    """F.scaled_dot_product_attention takes a `scale` argument from torch 2.1 on."""
    try:
        major, minor = (int(v) for v in torch.__version__.split(".")[:2])
    except ValueError:
        return False
    return hasattr(F, "scaled_dot_product_attention") and (major, minor) >= (2, 1)


SDPA_AVAILABLE = _sdpa_with_scale_available()


def tokens_to_grid(t, h, w):
    """[B, h*w, D] -> [B, D, h, w] ('b (h w) c -> b c h w')."""
    b, n, d = t.shape
    assert n == h * w, f"{n} tokens do not fill a {h}x{w} grid"
    return t.transpose(1, 2).reshape(b, d, h, w)


def grid_to_tokens(g):
    """[B, D, h, w] -> [B, h*w, D] ('b c h w -> b (h w) c')."""
    return g.flatten(2).transpose(1, 2)


class PatchEmbed(nn.Module):
    """Conv2d(9 -> D, kernel p, stride p) then LayerNorm over channels. [B, 9, H, W] -> [B, L, D]."""

    def __init__(self, patch, dim):
        super().__init__()
        self.proj = nn.Conv2d(IN_CHANNELS, dim, kernel_size=patch, stride=patch)
        self.norm = nn.LayerNorm(dim, eps=LN_EPS)

    def forward(self, x):
        return self.norm(grid_to_tokens(self.proj(x)))


class ConvProjection(nn.Module):
    """Depthwise Conv2d 3x3 (padding 1, no bias) then BatchNorm2d, on a [B, D, h, w] grid."""

    def __init__(self, dim):
        super().__init__()
        self.conv = nn.Conv2d(dim, dim, kernel_size=3, padding=1, stride=1, groups=dim, bias=False)
        self.bn = nn.BatchNorm2d(dim, eps=1e-5, momentum=0.1)

    def forward(self, g):
        return self.bn(self.conv(g))


class ConvAttention(nn.Module):
    """Multi-head attention whose q, k, v first pass through a depthwise conv projection of the grid
    tokens; [CLS] bypasses the conv. Scores are scaled by D^-0.5 with the FULL dim (reference quirk)."""

    def __init__(self, dim, heads):
        super().__init__()
        assert dim % heads == 0, f"dim {dim} not divisible by {heads} heads"
        self.heads = heads
        self.scale = dim ** -0.5  # full dim, not head dim: the reference's quirk
        self.conv_proj_q = ConvProjection(dim)
        self.conv_proj_k = ConvProjection(dim)
        self.conv_proj_v = ConvProjection(dim)
        self.proj_q = nn.Linear(dim, dim)
        self.proj_k = nn.Linear(dim, dim)
        self.proj_v = nn.Linear(dim, dim)
        self.proj = nn.Linear(dim, dim)
        # attention and projection dropout are 0 in the reference configuration: omitted
        self.use_sdpa = False  # explicit softmax(q k^T * scale) v unless set_attention_impl(model, "sdpa")

    def _split_heads(self, t):
        b, n, d = t.shape  # 'b t (h d) -> b h t d'
        return t.reshape(b, n, self.heads, d // self.heads).transpose(1, 2)

    def forward(self, x, h, w):
        """x: [B, 1 + h*w, D] ([CLS] first) -> [B, 1 + h*w, D]."""
        cls, rest = x[:, :1], x[:, 1:]
        grid = tokens_to_grid(rest, h, w)
        q = torch.cat([cls, grid_to_tokens(self.conv_proj_q(grid))], dim=1)
        k = torch.cat([cls, grid_to_tokens(self.conv_proj_k(grid))], dim=1)
        v = torch.cat([cls, grid_to_tokens(self.conv_proj_v(grid))], dim=1)
        q = self._split_heads(self.proj_q(q))
        k = self._split_heads(self.proj_k(k))
        v = self._split_heads(self.proj_v(v))
        if self.use_sdpa:
            out = F.scaled_dot_product_attention(q, k, v, scale=self.scale)
        else:
            attn = torch.softmax((q * self.scale) @ k.transpose(-2, -1), dim=-1)  # [B, heads, T, T]
            out = attn @ v
        out = out.transpose(1, 2).flatten(2)  # merge heads: 'b h t d -> b t (h d)'
        return self.proj(out)


def set_attention_impl(model, impl):
    """impl: "math" (explicit softmax, the default) or "sdpa" (F.scaled_dot_product_attention, torch >= 2.1;
    same result up to rounding, faster on CUDA). Returns the implementation in use."""
    if impl == "sdpa" and not SDPA_AVAILABLE:
        raise ValueError(f"scaled_dot_product_attention with scale needs torch >= 2.1 (have {torch.__version__})")
    for mod in model.modules():
        if isinstance(mod, ConvAttention):
            mod.use_sdpa = impl == "sdpa"
    return impl


class ConvMlp(nn.Module):
    """Pointwise-conv MLP on the grid tokens; [CLS] passes through unchanged (identity)."""

    def __init__(self, dim, ratio, dropout):
        super().__init__()
        hidden = dim * ratio
        self.net = nn.Sequential(nn.Conv2d(dim, hidden, 1), nn.GELU(), nn.Dropout(dropout),
                                 nn.Conv2d(hidden, dim, 1))

    def forward(self, x, h, w):
        cls, rest = x[:, :1], x[:, 1:]
        return torch.cat([cls, grid_to_tokens(self.net(tokens_to_grid(rest, h, w)))], dim=1)


class Block(nn.Module):
    """Pre-norm transformer block: x += Attn(LN1(x)); x += Mlp(LN2(x))."""

    def __init__(self, dim, heads, mlp_ratio, dropout):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim, eps=LN_EPS)
        self.attn = ConvAttention(dim, heads)
        self.norm2 = nn.LayerNorm(dim, eps=LN_EPS)
        self.mlp = ConvMlp(dim, mlp_ratio, dropout)

    def forward(self, x, h, w):
        x = x + self.attn(self.norm1(x), h, w)
        return x + self.mlp(self.norm2(x), h, w)


class AedMae(nn.Module):
    """Shared encoder, teacher decoder, student decoder branching after teacher block 0,
    and (optionally) the paper's classification head on [CLS]."""

    def __init__(self, preset, with_head=True):
        super().__init__()
        p = preset
        self.preset = p
        self.patch = p.patch
        self.grid_h, self.grid_w = p.grid_h, p.grid_w
        self.num_tokens, self.num_kept = p.num_tokens, p.num_kept
        # Encoder grid for the kept tokens (reference quirk): Hp rows x Wp*(1-r) columns.
        if self.num_kept % self.grid_h:
            raise ValueError(f"preset '{p.name}': {self.num_kept} kept tokens do not fill {self.grid_h} rows")
        self.enc_grid_w = self.num_kept // self.grid_h
        D, Dd = p.encDim, p.decDim
        self.patch_embed = PatchEmbed(p.patch, D)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, D))
        self.blocks = nn.ModuleList([Block(D, p.encHeads, p.mlpRatio, p.dropout) for _ in range(p.encDepth)])
        self.norm = nn.LayerNorm(D, eps=LN_EPS)
        self.decoder_embed = nn.Linear(D, Dd)
        self.mask_token = nn.Parameter(torch.zeros(1, 1, Dd))
        self.decoder_blocks = nn.ModuleList(
            [Block(Dd, p.decHeads, p.mlpRatio, p.dropout) for _ in range(p.decDepth)])
        self.decoder_norm = nn.LayerNorm(Dd, eps=LN_EPS)
        self.decoder_pred = nn.Linear(Dd, p.patch_values)
        self.decoder_student_block = Block(Dd, p.decHeads, p.mlpRatio, p.dropout)
        self.decoder_student_norm = nn.LayerNorm(Dd, eps=LN_EPS)
        self.decoder_student_pred = nn.Linear(Dd, p.patch_values)
        self.cls_head = nn.Linear(D, 1) if with_head else None

    # ---- parameter groups -------------------------------------------------------------------
    STUDENT_PREFIXES = ("decoder_student_block.", "decoder_student_norm.", "decoder_student_pred.")

    def student_parameters(self):
        """The parameters trained in stage 2 (student block, its norm, its Linear)."""
        return [(n, q) for n, q in self.named_parameters() if n.startswith(self.STUDENT_PREFIXES)]

    def count_parameters(self, include_head=False):
        return sum(q.numel() for n, q in self.named_parameters()
                   if include_head or not n.startswith("cls_head."))

    # ---- masking ----------------------------------------------------------------------------
    def random_masking(self, x, noise=None):
        """Per-sample random masking. x: [B, L, D]. noise: [B, L] uniform (drawn when None).
        Returns x_kept [B, K, D], mask [B, L] (0 keep, 1 remove; original order), ids_restore [B, L]."""
        B, L, _ = x.shape
        if noise is None:
            noise = torch.rand(B, L, device=x.device)
        ids_shuffle = torch.argsort(noise, dim=1)  # ascend: small is keep, large is remove
        return self._mask_with_shuffle(x, ids_shuffle)

    def masking_from_ids_keep(self, x, ids_keep):
        """Deterministic masking. ids_keep: [B, K] int64, the kept tokens in encoder order.
        The removed ids follow in ascending order (mask tokens are identical, so their order is moot)."""
        B, L, _ = x.shape
        K = ids_keep.shape[1]
        if ids_keep.shape != (B, self.num_kept):
            raise ValueError(f"ids_keep has shape {tuple(ids_keep.shape)}, expected {(B, self.num_kept)}")
        removed = torch.ones(B, L, dtype=torch.bool, device=x.device)
        removed.scatter_(1, ids_keep, False)
        if int(removed.sum()) != B * (L - K):
            raise ValueError("ids_keep has repeated token ids within a sample")
        rest = torch.arange(L, device=x.device).expand(B, L)[removed].reshape(B, L - K)
        return self._mask_with_shuffle(x, torch.cat([ids_keep, rest], dim=1))

    def _mask_with_shuffle(self, x, ids_shuffle):
        B, L, D = x.shape
        K = self.num_kept
        ids_restore = torch.argsort(ids_shuffle, dim=1)
        ids_keep = ids_shuffle[:, :K]
        x_kept = torch.gather(x, 1, ids_keep.unsqueeze(-1).expand(B, K, D))
        mask = torch.ones(B, L, dtype=x.dtype, device=x.device)
        mask[:, :K] = 0
        mask = torch.gather(mask, 1, ids_restore)  # back to the original token order
        return x_kept, mask, ids_restore

    # ---- forward ----------------------------------------------------------------------------
    def forward_encoder(self, x, ids_keep=None, noise=None):
        """x: [B, 9, H, W] -> latent [B, 1+K, D] (after the encoder norm), mask [B, L], ids_restore [B, L]."""
        t = self.patch_embed(x)
        if ids_keep is not None:
            t, mask, ids_restore = self.masking_from_ids_keep(t, ids_keep)
        else:
            t, mask, ids_restore = self.random_masking(t, noise)
        t = torch.cat([self.cls_token.expand(t.shape[0], -1, -1), t], dim=1)
        for blk in self.blocks:
            t = blk(t, self.grid_h, self.enc_grid_w)
        return self.norm(t), mask, ids_restore

    def forward_decoder(self, latent, ids_restore):
        """latent: [B, 1+K, D] -> teacher [B, L, P], student [B, L, P]."""
        x = self.decoder_embed(latent)  # [B, 1+K, Dd]
        B, n, Dd = x.shape
        mask_tokens = self.mask_token.expand(B, self.num_tokens + 1 - n, Dd)
        x_ = torch.cat([x[:, 1:], mask_tokens], dim=1)
        x_ = torch.gather(x_, 1, ids_restore.unsqueeze(-1).expand(B, self.num_tokens, Dd))  # unshuffle
        x = torch.cat([x[:, :1], x_], dim=1)
        student_in = None
        for i, blk in enumerate(self.decoder_blocks):
            x = blk(x, self.grid_h, self.grid_w)
            if i == 0:
                student_in = x  # the student branches after teacher decoder block 0
        teacher = self.decoder_pred(self.decoder_norm(x))[:, 1:]
        s = self.decoder_student_block(student_in, self.grid_h, self.grid_w)
        student = self.decoder_student_pred(self.decoder_student_norm(s))[:, 1:]
        return teacher, student

    def forward_logits(self, x, ids_keep=None, noise=None):
        """Returns teacher [B, L, P], student [B, L, P], cls logit [B, 1] (None without head), mask [B, L]."""
        latent, mask, ids_restore = self.forward_encoder(x, ids_keep, noise)
        teacher, student = self.forward_decoder(latent, ids_restore)
        logit = self.cls_head(latent[:, 0]) if self.cls_head is not None else None
        return teacher, student, logit, mask

    def forward(self, x, ids_keep=None, noise=None):
        """Returns teacher [B, L, P], student [B, L, P], cls probability [B, 1], mask [B, L]."""
        teacher, student, logit, mask = self.forward_logits(x, ids_keep, noise)
        return teacher, student, (torch.sigmoid(logit) if logit is not None else None), mask
